// The render cache.
#include "http/page_cache.h"

#include <mutex>

namespace tribune::http {

std::shared_ptr<const PreparedResponse> PageCache::find(std::string_view path) const {
  std::shared_lock lock(mutex_);
  auto found = entries_.find(path);
  return found == entries_.end() ? nullptr : found->second;
}

std::shared_ptr<const PreparedResponse> PageCache::insert(
    std::string_view path, std::shared_ptr<const PreparedResponse> response) {
  std::unique_lock lock(mutex_);
  if (entries_.size() < kMaxEntries) entries_.insert_or_assign(std::string(path), response);
  return response;
}

void PageCache::clear() {
  std::unique_lock lock(mutex_);
  entries_.clear();
}

void PageCache::erase_if(const std::function<bool(const PreparedResponse&)>& stale) {
  std::unique_lock lock(mutex_);
  std::erase_if(entries_, [&](const auto& entry) { return stale(*entry.second); });
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace tribune::http
