// The "most read" lists (24 hours, 7 days, all time), computed once per flush of the view
// counts rather than per page: the JSON list follows every flush, the lists on pages follow
// at most once per most_read.refresh_seconds, so that a ranking that moves every second does
// not make every page stale every second.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "content/article.h"

namespace tribune {

struct MostRead {
  // Per ReadingPeriod (day, week, all time): article ids, most read first, with their views
  // in that period.
  std::array<std::vector<std::pair<Id, std::int64_t>>, 3> lists;

  bool same_ranking(const MostRead& other) const {
    for (std::size_t i = 0; i < lists.size(); ++i) {
      if (lists[i].size() != other.lists[i].size()) return false;
      for (std::size_t j = 0; j < lists[i].size(); ++j) {
        if (lists[i][j].first != other.lists[i][j].first) return false;
      }
    }
    return true;
  }
};

// The current and the published lists. Thread-safe.
class MostReadBoard {
 public:
  // The lists as of the last update (for /most-read.json).
  std::shared_ptr<const MostRead> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  // The lists pages show.
  std::shared_ptr<const MostRead> published() const {
    std::lock_guard lock(mutex_);
    return published_;
  }

  // Takes `lists` as current; publishes them when nothing is published yet, or when their
  // ranking differs from the published one and the published one is `refresh_seconds` old.
  // True when the published ranking changed.
  bool update(MostRead lists, UnixSeconds now, UnixSeconds refresh_seconds) {
    auto made = std::make_shared<const MostRead>(std::move(lists));
    std::lock_guard lock(mutex_);
    current_ = made;
    if (published_ && (published_->same_ranking(*made) || now - published_at_ < refresh_seconds)) {
      return false;
    }
    bool changed = !published_ || !published_->same_ranking(*made);
    published_ = made;
    published_at_ = now;
    return changed;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const MostRead> current_ = std::make_shared<const MostRead>();
  std::shared_ptr<const MostRead> published_;
  UnixSeconds published_at_ = 0;
};

}  // namespace tribune
