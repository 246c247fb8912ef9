// The render cache: a segmented LRU (probation and protected lists) per shard.
#include "http/page_cache.h"

namespace tribune::http {
namespace {

// What an entry costs beyond its response's bytes: list node, index slot, the shared
// control block. An estimate, so that many tiny entries (redirects) still count.
constexpr std::size_t kEntryOverhead = 256;
// The protected list's share of a shard: the rest is room for pages on probation.
constexpr std::size_t kProtectedPercent = 80;

}  // namespace

PageCache::PageCache(std::size_t max_bytes)
    : max_bytes_(max_bytes), shard_bytes_(max_bytes / kShards) {}

PageCache::Shard& PageCache::shard_for(std::string_view path) {
  return shards_[std::hash<std::string_view>{}(path) % kShards];
}

PageCache::Lookup PageCache::find(std::string_view path) {
  Shard& shard = shard_for(path);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(path);
  if (found == shard.index.end()) return {};
  List::iterator entry = found->second;
  Lookup lookup{entry->response, entry->stale, entry->stale_since};
  if (entry->is_protected) {
    shard.protected_entries.splice(shard.protected_entries.begin(), shard.protected_entries, entry);
    return lookup;
  }
  // Asked for a second time: protected. The protected list's oldest go back on probation
  // when it outgrows its share.
  shard.probation_bytes -= entry->bytes;
  shard.protected_bytes += entry->bytes;
  entry->is_protected = true;
  shard.protected_entries.splice(shard.protected_entries.begin(), shard.probation, entry);
  const std::size_t protected_limit = shard_bytes_ / 100 * kProtectedPercent;
  while (shard.protected_bytes > protected_limit && shard.protected_entries.size() > 1) {
    List::iterator oldest = std::prev(shard.protected_entries.end());
    oldest->is_protected = false;
    shard.protected_bytes -= oldest->bytes;
    shard.probation_bytes += oldest->bytes;
    shard.probation.splice(shard.probation.begin(), shard.protected_entries, oldest);
  }
  return lookup;
}

bool PageCache::claim_refresh(std::string_view path, bool expired) {
  Shard& shard = shard_for(path);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(path);
  if (found == shard.index.end() || !(found->second->stale || expired) ||
      found->second->refreshing) {
    return false;
  }
  found->second->refreshing = true;
  return true;
}

void PageCache::erase(std::string_view path) {
  Shard& shard = shard_for(path);
  std::lock_guard lock(shard.mutex);
  if (auto found = shard.index.find(path); found != shard.index.end()) remove(shard, found->second);
}

void PageCache::remove(Shard& shard, List::iterator entry) {
  shard.index.erase(std::string_view(entry->path));
  if (entry->is_protected) {
    shard.protected_bytes -= entry->bytes;
    shard.protected_entries.erase(entry);
  } else {
    shard.probation_bytes -= entry->bytes;
    shard.probation.erase(entry);
  }
}

void PageCache::evict(Shard& shard) {
  while (shard.probation_bytes + shard.protected_bytes > shard_bytes_) {
    List& victims = shard.probation.empty() ? shard.protected_entries : shard.probation;
    if (victims.empty()) return;
    remove(shard, std::prev(victims.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
}

void PageCache::insert(std::string_view path, std::shared_ptr<const PreparedResponse> response) {
  const std::size_t bytes = response->memory_bytes() + path.size() + kEntryOverhead;
  Shard& shard = shard_for(path);
  std::lock_guard lock(shard.mutex);
  bool was_protected = false;
  if (auto found = shard.index.find(path); found != shard.index.end()) {
    was_protected = found->second->is_protected;  // a re-rendered page keeps its standing
    remove(shard, found->second);
  }
  if (bytes > shard_bytes_) return;
  List& list = was_protected ? shard.protected_entries : shard.probation;
  list.push_front(Entry{std::string(path), std::move(response), bytes, was_protected});
  (was_protected ? shard.protected_bytes : shard.probation_bytes) += bytes;
  shard.index.emplace(std::string_view(list.front().path), list.begin());
  evict(shard);
}

void PageCache::recount(std::string_view path, const PreparedResponse& response) {
  Shard& shard = shard_for(path);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(path);
  if (found == shard.index.end() || found->second->response.get() != &response) return;
  Entry& entry = *found->second;
  const std::size_t bytes = response.memory_bytes() + entry.path.size() + kEntryOverhead;
  std::size_t& list_bytes = entry.is_protected ? shard.protected_bytes : shard.probation_bytes;
  list_bytes = list_bytes - entry.bytes + bytes;
  entry.bytes = bytes;
  evict(shard);
}

void PageCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.index.clear();
    shard.probation.clear();
    shard.protected_entries.clear();
    shard.probation_bytes = shard.protected_bytes = 0;
  }
}

std::size_t PageCache::erase_if(const std::function<bool(const PreparedResponse&)>& stale) {
  std::size_t erased = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (List* list : {&shard.probation, &shard.protected_entries}) {
      for (auto entry = list->begin(); entry != list->end();) {
        auto next = std::next(entry);
        if (stale(*entry->response)) {
          remove(shard, entry);
          ++erased;
        }
        entry = next;
      }
    }
  }
  return erased;
}

std::size_t PageCache::mark_stale_if(const std::function<bool(const PreparedResponse&)>& stale) {
  std::size_t marked = 0;
  const auto now = std::chrono::steady_clock::now();
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (List* list : {&shard.probation, &shard.protected_entries}) {
      for (Entry& entry : *list) {
        if (entry.stale || !stale(*entry.response)) continue;
        entry.stale = true;
        entry.stale_since = now;
        ++marked;
      }
    }
  }
  return marked;
}

std::size_t PageCache::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.index.size();
  }
  return total;
}

std::size_t PageCache::bytes() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.probation_bytes + shard.protected_bytes;
  }
  return total;
}

}  // namespace tribune::http
