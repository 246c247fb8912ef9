// Telling crawlers from readers by their User-Agent, with the public pattern list of the
// crawler-user-agents project (search engines, link-preview fetchers, monitors), so that
// view counts count people.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace re2 {
class RE2;
}

namespace tribune {

class CrawlerDetector {
 public:
  // The list built into tribune (data/bot_patterns.txt, made at build time).
  static Result<std::unique_ptr<CrawlerDetector>> builtin();
  // A list in the same format: '#' comment lines, then one regular expression per line.
  static Result<std::unique_ptr<CrawlerDetector>> from_text(std::string_view text);
  ~CrawlerDetector();

  // True for a crawler, and for an empty User-Agent (no browser sends none). Thread-safe;
  // remembers recent answers per thread, since readers send the same few strings.
  bool is_crawler(std::string_view user_agent) const;

  std::size_t pattern_count() const { return pattern_count_; }
  // The list's first comment line: where it comes from and which version.
  const std::string& origin() const { return origin_; }

 private:
  CrawlerDetector() = default;
  std::unique_ptr<re2::RE2> combined_;  // every pattern as one alternation
  std::size_t pattern_count_ = 0;
  std::string origin_;
};

}  // namespace tribune
