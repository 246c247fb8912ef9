// Ranking search candidates and cutting marked text into parts.
#include "store/sql/search_results.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

namespace tribune::sql {

long score_band(double score) { return score > 0 ? std::lround(std::log(score) * 5) : 0; }

std::pair<std::size_t, std::size_t> rank_candidates(std::vector<SearchCandidate>& candidates,
                                                    const SearchRequest& request) {
  std::sort(candidates.begin(), candidates.end(),
            [](const SearchCandidate& a, const SearchCandidate& b) {
              return std::tie(b.title_words, b.band, b.id) < std::tie(a.title_words, a.band, a.id);
            });
  const std::size_t first =
      std::min(candidates.size(), static_cast<std::size_t>(std::max(0, request.offset)));
  const std::size_t last =
      std::min(candidates.size(), first + static_cast<std::size_t>(std::max(0, request.limit)));
  return {first, last};
}

std::vector<SnippetPart> split_marked(std::string_view marked) {
  std::vector<SnippetPart> parts;
  bool matched = false;
  std::size_t from = 0;
  for (std::size_t at = 0; at <= marked.size(); ++at) {
    if (at < marked.size() && marked[at] != kMatchStart && marked[at] != kMatchEnd) continue;
    if (at > from) parts.push_back({std::string(marked.substr(from, at - from)), matched});
    if (at < marked.size()) matched = marked[at] == kMatchStart;
    from = at + 1;
  }
  return parts;
}

}  // namespace tribune::sql
