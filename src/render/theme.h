// Themes: a folder of mustache templates (layout, article, list, home, error) and static
// assets (CSS, favicon, scripts). The default theme is built into tribune; a site overrides
// any of its files by putting a file of the same name in its own theme folder.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tribune {

class Theme {
 public:
  // The default theme with the files of `override_dir` (when it exists) taking precedence.
  // A template that does not parse is an Error naming its file.
  static Result<Theme> load(const std::optional<std::filesystem::path>& override_dir);
  // A theme built into tribune alone, by folder name under themes/ ("admin": the admin's
  // templates, which sites do not restyle).
  static Result<Theme> load_builtin(std::string_view name);

  // Renders the template `name` (e.g. "article") with `view`, then "layout" with the same view
  // plus the result as {{{content}}}. Templates named _NAME are partials ({{> _NAME}}).
  // Empty strings, empty lists and null are false in sections.
  // Mustache escapes {{values}}; only {{{triple}}} values (HTML the program made) are not.
  Result<std::string> render_page(std::string_view name, const nlohmann::json& view) const;

  // Renders the template `name` alone, without the layout: a document of its own (an email).
  Result<std::string> render_document(std::string_view name, const nlohmann::json& view) const;

  // A static asset by file name ("style.css"), or nullopt.
  std::optional<std::string_view> asset(std::string_view name) const;
  std::vector<std::string> asset_names() const;

 private:
  static Result<Theme> load_from(std::string_view builtin,
                                 const std::optional<std::filesystem::path>& override_dir);
  struct Compiled;
  // Makes compiled_ from templates_.
  void compile();

  std::map<std::string, std::string, std::less<>> templates_;  // "article" -> mustache source
  std::map<std::string, std::string, std::less<>> assets_;     // "style.css" -> bytes
  std::shared_ptr<Compiled> compiled_;                         // shared by copies of the theme
};

}  // namespace tribune
