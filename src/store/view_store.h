// Reading counts: views added in batches by the view counter, and the most read articles of
// the last day, week or all time. Part of Store (store/store.h).
#pragma once

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

  // The most read published articles over `period` (the 24 hours or 7 days before `now`,
  // or all time), most read first, each with `views` set to its views in that period.
  virtual Result<std::vector<Article>> most_read(ReadingPeriod period, UnixSeconds now,
                                                 int limit) = 0;
};

}  // namespace tribune
