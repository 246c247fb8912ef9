// Reading counts: views added in batches by the view counter, and the most read articles of
// the last day, week or all time. Part of Store (store/store.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

class ViewStore {
 public:
  virtual ~ViewStore() = default;

  // Adds counted views to each article's total and to its hourly and daily counts for the
  // hour of `when` (store/view_rules.h), in one transaction. Does not change content_version():
  // views change every second, and the view counter refreshes the pages that show them itself.
  virtual Status add_views(const std::vector<ViewIncrement>& increments, UnixSeconds when) = 0;

  // Counts the views in `views` whose reader no server counted for that article in the
  // kViewRepeatWindow before (so that a reader counts once per window whichever
  // server answered), then adds them as add_views does, in the same transaction. The counted
  // views per article, for the caller's caches.
  virtual Result<std::vector<ViewIncrement>> add_reader_views(const std::vector<ReaderView>& views,
                                                              UnixSeconds when) = 0;

  // The key readers are hashed with on day `day` (days since the epoch), the same for every
  // server of the site: the first to ask stores `candidate`. Keys of days before `day - 1`
  // are deleted, so that past hashes can no longer be traced back to readers.
  virtual Result<std::string> daily_view_key(std::int64_t day, std::string_view candidate) = 0;

  // The most read published articles over `period` (the 24 hours or 7 days before `now`,
  // or all time), most read first, each with `views` set to its views in that period.
  virtual Result<std::vector<Article>> most_read(ReadingPeriod period, UnixSeconds now,
                                                 int limit) = 0;
};

}  // namespace tribune
