// The view flusher.
#include "workers/view_flusher.h"

#include <fmt/format.h>

namespace tribune {

ViewFlusher::ViewFlusher(Store& store, Site& site, ViewCounter& views,
                         std::function<UnixSeconds()> clock, Callbacks callbacks)
    : store_(store),
      site_(site),
      views_(views),
      clock_(std::move(clock)),
      callbacks_(std::move(callbacks)) {}

void ViewFlusher::flush() {
  std::lock_guard lock(mutex_);
  auto started = std::chrono::steady_clock::now();
  std::vector<ReaderView> views = views_.take_views();
  if (views.empty()) return;
  const UnixSeconds now = clock_();
  auto saved = store_.add_reader_views(views, now);
  if (!saved) {
    views_.give_back(views);
    fmt::print(stderr, "tribune: saving views failed, will retry: {}\n", saved.error().to_string());
    return;
  }
  const std::vector<ViewIncrement>& increments = *saved;
  if (callbacks_.timed) callbacks_.timed(std::chrono::steady_clock::now() - started);
  auto ranking_changed = site_.refresh_most_read(now);
  if (!ranking_changed) {
    fmt::print(stderr, "tribune: computing the most read lists failed: {}\n",
               ranking_changed.error().to_string());
  }
  if (callbacks_.flushed) callbacks_.flushed(increments, ranking_changed && *ranking_changed);
}

}  // namespace tribune
