// Lookup over the generated table of embedded files.
#include "embedded/embedded.h"

#include <algorithm>

namespace tribune::embedded {

std::optional<std::string_view> find(std::string_view path) {
  for (auto table : {source_files(), generated_files()}) {
    for (const File& file : table) {
      if (path == file.path) return std::string_view(file.data, file.size);
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> list(std::string_view prefix) {
  std::vector<std::string_view> paths;
  for (auto table : {source_files(), generated_files()}) {
    for (const File& file : table) {
      std::string_view path(file.path);
      if (path.starts_with(prefix)) paths.push_back(path);
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace tribune::embedded
