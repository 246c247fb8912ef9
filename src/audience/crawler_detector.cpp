// Crawler detection with RE2: linear-time matching whatever the patterns, so that a hostile
// User-Agent cannot make a request slow.
#include "audience/crawler_detector.h"

#include <re2/re2.h>

#include <unordered_map>

#include "embedded/embedded.h"

namespace tribune {
namespace {

// The combined automaton of ~1,500 patterns outgrows RE2's default 8 MiB budget.
constexpr int64_t kRegexMemoryBytes = 64 << 20;
// Distinct User-Agents remembered per thread before the memo starts over.
constexpr std::size_t kMemoEntries = 4096;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

}  // namespace

CrawlerDetector::~CrawlerDetector() = default;

Result<std::unique_ptr<CrawlerDetector>> CrawlerDetector::builtin() {
  auto text = embedded::find("data/bot_patterns.txt");
  if (!text) return make_error(Errc::not_found, "data/bot_patterns.txt is not built in");
  return from_text(*text);
}

Result<std::unique_ptr<CrawlerDetector>> CrawlerDetector::from_text(std::string_view text) {
  std::unique_ptr<CrawlerDetector> detector(new CrawlerDetector());
  std::string alternation;
  std::size_t line_number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (detector->origin_.empty()) detector->origin_ = std::string(line.substr(1));
      continue;
    }
    re2::RE2 single{re2::StringPiece(line.data(), line.size()), re2::RE2::Quiet};
    if (!single.ok()) {
      return make_error(Errc::invalid_input,
                        "line " + std::to_string(line_number) + ": " + single.error(),
                        "bot patterns");
    }
    alternation += (alternation.empty() ? "(?:" : "|(?:") + std::string(line) + ")";
    ++detector->pattern_count_;
  }
  re2::RE2::Options options(re2::RE2::Quiet);
  options.set_max_mem(kRegexMemoryBytes);
  detector->combined_ = std::make_unique<re2::RE2>(alternation, options);
  if (!detector->combined_->ok()) {
    return make_error(Errc::invalid_input, detector->combined_->error(), "bot patterns");
  }
  return detector;
}

bool CrawlerDetector::is_crawler(std::string_view user_agent) const {
  if (user_agent.empty()) return true;
  thread_local std::unordered_map<std::string, bool, StringHash, std::equal_to<>> memo;
  thread_local const CrawlerDetector* memo_owner = nullptr;
  if (memo_owner != this) {
    memo.clear();
    memo_owner = this;
  }
  if (auto found = memo.find(user_agent); found != memo.end()) return found->second;
  bool crawler =
      re2::RE2::PartialMatch(re2::StringPiece(user_agent.data(), user_agent.size()), *combined_);
  if (memo.size() >= kMemoEntries) memo.clear();
  memo.emplace(std::string(user_agent), crawler);
  return crawler;
}

}  // namespace tribune
