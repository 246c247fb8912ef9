// Files compiled into the tribune binary: the default theme, the message catalogs and the
// demo content, so that one executable runs a complete site with nothing beside it.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tribune::embedded {

struct File {
  const char* path;  // relative to the repository root, e.g. "themes/default/article.mustache"
  const char* data;
  std::size_t size;
};

// The embedded files from the source tree (themes, locales, demo) and those made at build
// time (data/), in no particular order. Defined in generated sources.
std::span<const File> source_files();
std::span<const File> generated_files();

// The content of the file stored under `path`, or nullopt when there is none.
std::optional<std::string_view> find(std::string_view path);

// The paths of the embedded files whose path starts with `prefix`, sorted.
std::vector<std::string_view> list(std::string_view prefix);

}  // namespace tribune::embedded
