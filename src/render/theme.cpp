// Theme loading and mustache rendering (kainjow's mustache from Debian).
#include "render/theme.h"

#include <kainjow/mustache.hpp>

#include "core/fs.h"
#include "embedded/embedded.h"

namespace tribune {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kTemplateSuffix = ".mustache";

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, member] : value.items()) object.set(key, to_mustache(member));
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) list.push_back(to_mustache(item));
      return list;
    }
    case nlohmann::json::value_t::string:
      // An empty string is false, as in JavaScript mustache: {{#intro}}…{{/intro}} is skipped.
      if (value.get_ref<const std::string&>().empty()) {
        return mustache::data(mustache::data::type::bool_false);
      }
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data(mustache::data::type::bool_true)
                               : mustache::data(mustache::data::type::bool_false);
    case nlohmann::json::value_t::null:
      return mustache::data(mustache::data::type::bool_false);
    default:
      return mustache::data(value.dump());
  }
}

}  // namespace

Result<Theme> Theme::load(const std::optional<std::filesystem::path>& override_dir) {
  Theme theme;
  auto add = [&](std::string_view name, std::string content, const std::string& source) -> Status {
    if (name.ends_with(kTemplateSuffix)) {
      mustache::mustache parsed(content);
      if (!parsed.is_valid()) {
        Error error = make_error(Errc::invalid_input, "template error: " + parsed.error_message());
        error.source = source;
        return error;
      }
      theme.templates_[std::string(name.substr(0, name.size() - kTemplateSuffix.size()))] =
          std::move(content);
    } else {
      theme.assets_[std::string(name)] = std::move(content);
    }
    return Ok{};
  };
  constexpr std::string_view kDefaultTheme = "themes/default/";
  for (std::string_view path : embedded::list(kDefaultTheme)) {
    TRIBUNE_TRY(add(path.substr(kDefaultTheme.size()), std::string(*embedded::find(path)),
                    std::string(path)));
  }
  std::error_code ignored;
  if (override_dir && std::filesystem::is_directory(*override_dir, ignored)) {
    for (const auto& entry : std::filesystem::directory_iterator(*override_dir, ignored)) {
      if (!entry.is_regular_file()) continue;
      auto content = fs::read_file(entry.path());
      if (!content) return content.error();
      TRIBUNE_TRY(
          add(entry.path().filename().string(), std::move(*content), entry.path().string()));
    }
  }
  return theme;
}

namespace {

// `view` as mustache data, with every partial (a template named _NAME) attached.
mustache::data with_partials(const nlohmann::json& view,
                             const std::map<std::string, std::string, std::less<>>& templates) {
  mustache::data data = to_mustache(view);
  for (const auto& [template_name, source] : templates) {
    if (!template_name.starts_with('_')) continue;
    const std::string* text = &source;
    data.set(template_name, mustache::partial([text] { return *text; }));
  }
  return data;
}

}  // namespace

Result<std::string> Theme::render_document(std::string_view name,
                                           const nlohmann::json& view) const {
  auto document = templates_.find(name);
  if (document == templates_.end()) {
    return make_error(Errc::not_found, "the theme has no template '" + std::string(name) + "'");
  }
  mustache::data data = with_partials(view, templates_);
  mustache::mustache document_template(document->second);
  return document_template.render(data);
}

Result<std::string> Theme::render_page(std::string_view name, const nlohmann::json& view) const {
  auto page = templates_.find(name);
  auto layout = templates_.find("layout");
  if (page == templates_.end() || layout == templates_.end()) {
    return make_error(Errc::not_found, "the theme has no template '" + std::string(name) + "'");
  }
  mustache::data data = with_partials(view, templates_);
  mustache::mustache page_template(page->second);
  std::string content = page_template.render(data);
  data.set("content", content);
  mustache::mustache layout_template(layout->second);
  return layout_template.render(data);
}

std::optional<std::string_view> Theme::asset(std::string_view name) const {
  auto found = assets_.find(name);
  if (found == assets_.end()) return std::nullopt;
  return std::string_view(found->second);
}

std::vector<std::string> Theme::asset_names() const {
  std::vector<std::string> names;
  for (const auto& [name, content] : assets_) names.push_back(name);
  return names;
}

}  // namespace tribune
