// A reader's search as typed, made safe: bounded, without control characters, and cut into
// the folded words the index is searched for. Nothing of it ever reaches a query language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tribune {

// Longer queries are cut (at a character boundary): no reader types more, and a 5,000-character
// query must cost what a short one does.
inline constexpr std::size_t kMaxQueryBytes = 200;
// Words beyond this are ignored.
inline constexpr std::size_t kMaxQueryWords = 12;

struct SearchQuery {
  // What the reader typed, as the page may show it back (escaped by the template): at most
  // kMaxQueryBytes, valid UTF-8, control characters dropped, spaces collapsed and trimmed.
  std::string text;
  // Its words, folded (fold_search_word), each once, in the reader's order, without the
  // commonest French and English function words ("de", "la", "the") unless it has only those.
  // Every one must be found; empty when the query has no word (only punctuation, say).
  std::vector<std::string> words;
};

SearchQuery parse_search_query(std::string_view typed);

}  // namespace tribune
