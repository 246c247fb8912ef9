// The content watcher.
#include "workers/content_watcher.h"

#include <fmt/format.h>

namespace tribune {

ContentWatcher::ContentWatcher(Store& store, std::function<UnixSeconds()> clock,
                               std::function<void()> changed)
    : store_(store), clock_(std::move(clock)), changed_(std::move(changed)) {}

Status ContentWatcher::start() {
  auto version = store_.content_version();
  if (!version) return version.error();
  seen_version_ = *version;
  auto next = store_.next_publication_after(clock_());
  if (!next) return next.error();
  next_publication_ = *next;
  return Ok{};
}

void ContentWatcher::check() {
  auto current = store_.content_version();
  if (!current) {
    fmt::print(stderr, "tribune: reading the content version failed: {}\n",
               current.error().to_string());
    return;
  }
  const UnixSeconds now = clock_();
  bool changed = *current != seen_version_;
  bool scheduled_now = next_publication_ && now >= *next_publication_;
  if (!changed && !scheduled_now) return;
  seen_version_ = *current;
  changed_();
  auto next = store_.next_publication_after(now);
  next_publication_ = next ? *next : std::nullopt;
}

}  // namespace tribune
