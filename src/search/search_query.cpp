// Reading a reader's query.
#include "search/search_query.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "search/search_words.h"

namespace tribune {
namespace {

// The length of the valid UTF-8 sequence starting at `text[at]`, or 0 when it is not one.
// ICU's rules, as every other check of the program's (content/utf8.h): overlong forms,
// surrogates and code points past U+10FFFF are not UTF-8, though their bytes look the part.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  auto length = static_cast<std::int32_t>(text.size());
  auto offset = static_cast<std::int32_t>(at);
  UChar32 code_point = 0;
  U8_NEXT(bytes, offset, length, code_point);
  return code_point < 0 ? 0 : static_cast<std::size_t>(offset) - at;
}

// Words in nearly every French or English article, folded: looked up, they would cost the most
// and find nothing more. Dropped from a query that has other words ("président de la
// transition"), kept when they are all it has. Words that are also nouns ("or", "est",
// "son") are not here.
bool is_stop_word(std::string_view word) {
  static constexpr std::array<std::string_view, 38> kStopWords = {
      "a",  "au",  "aux",  "ce", "d",   "de",  "des",  "du",  "en",  "et",  "il",  "l",  "la",
      "le", "les", "leur", "ne", "par", "pas", "pour", "que", "qui", "se",  "sur", "un", "une",
      "an", "and", "are",  "as", "in",  "is",  "it",   "of",  "on",  "the", "to",  "was"};
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

}  // namespace

SearchQuery parse_search_query(std::string_view typed) {
  SearchQuery query;
  bool space_pending = false;
  for (std::size_t at = 0; at < typed.size();) {
    std::size_t length = utf8_length(typed, at);
    if (length == 0) {  // not UTF-8: skipped
      ++at;
      continue;
    }
    const auto byte = static_cast<unsigned char>(typed[at]);
    if (length == 1 && (byte <= 0x20 || byte == 0x7F)) {  // spaces and control characters
      space_pending = !query.text.empty();
      ++at;
      continue;
    }
    if (query.text.size() + length + (space_pending ? 1 : 0) > kMaxQueryBytes) break;
    if (space_pending) query.text.push_back(' ');
    space_pending = false;
    query.text.append(typed.substr(at, length));
    at += length;
  }
  for_each_search_word(query.text, [&](const SearchWord& word) {
    if (query.words.size() >= kMaxQueryWords) return;
    if (std::find(query.words.begin(), query.words.end(), word.folded) == query.words.end()) {
      query.words.push_back(word.folded);
    }
  });
  if (!std::all_of(query.words.begin(), query.words.end(), is_stop_word)) {
    std::erase_if(query.words, is_stop_word);
  }
  return query;
}

}  // namespace tribune
