// What both engines' searches share once their index has answered: the ranking of the
// candidates (SearchStore::search's order) and the marked text of titles and snippets, the
// reader's words marked with two control characters no article holds.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "store/search_store.h"

namespace tribune::sql {

// Put around each match by the engines' highlighting (the template shows them as <mark>).
inline constexpr char kMatchStart = '\x02';
inline constexpr char kMatchEnd = '\x03';

// A match as the ranking weighs it.
struct SearchCandidate {
  Id id = 0;
  std::int64_t title_words = 0;  // how many of the reader's words its title holds
  long band = 0;                 // score_band of its field score: higher is better
};

// The band of a weighted field score: scores within about a fifth of each other are one
// band, near-equals that the newest among them leads.
long score_band(double score);

// Sorts `candidates` most relevant first (title words, band, then the most recently added)
// and returns the range [first, last) of the page `request` asks for.
std::pair<std::size_t, std::size_t> rank_candidates(std::vector<SearchCandidate>& candidates,
                                                    const SearchRequest& request);

// `marked` cut at its marks: matched and unmatched parts in order, the marks left out.
std::vector<SnippetPart> split_marked(std::string_view marked);

}  // namespace tribune::sql
