// The words of a text as search sees them: runs of letters and digits (ICU's character
// properties), folded (lower case, no accents, a French elision such as "l'" or "qu'"
// dropped) so that "L'Armée", "armee" and "ARMÉE" are one word.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace tribune {

// One word of a text: where it is (UTF-8 byte offsets, end exclusive) and its folded form.
struct SearchWord {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string folded;
};

// Calls `visit` for each word (letters or digits; punctuation and spaces are not words) of
// `text`, in order. Invalid UTF-8 is skipped, never read past. Thread-safe.
void for_each_search_word(std::string_view text,
                          const std::function<void(const SearchWord&)>& visit);

// `word` (one word, UTF-8) folded: case-folded, accents and other combining marks removed,
// œ and æ spelt out, a leading French elision ("l'", "d'", "qu'", "jusqu'"… with ' or ’)
// dropped, and the remaining apostrophes too ("aujourd'hui" → "aujourdhui").
std::string fold_search_word(std::string_view word);

}  // namespace tribune
