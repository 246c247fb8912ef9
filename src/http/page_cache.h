// The render cache: prepared responses by path, filled on the first request for a page and
// emptied whole when content changes. Reads take a shared lock and never allocate.
#pragma once

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/prepared_response.h"

namespace tribune::http {

class PageCache {
 public:
  // Bounds memory against crawlers walking endless URLs: past this, pages are rendered but
  // not kept. A newsroom's live pages are a few thousand.
  static constexpr std::size_t kMaxEntries = 20000;

  // The cached response for `path`, or nullptr.
  std::shared_ptr<const PreparedResponse> find(std::string_view path) const;

  // Keeps `response` for `path` (unless full). Returns `response`.
  std::shared_ptr<const PreparedResponse> insert(std::string_view path,
                                                 std::shared_ptr<const PreparedResponse> response);

  // Drops every entry.
  void clear();

  // Drops the entries whose response satisfies `stale`.
  void erase_if(const std::function<bool(const PreparedResponse&)>& stale);

  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const PreparedResponse>, Hash, std::equal_to<>>
      entries_;
};

}  // namespace tribune::http
