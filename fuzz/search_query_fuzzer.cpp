// Fuzzes a reader's search as typed (search/search_query.h): the bytes of `?q=` after
// percent-decoding, whatever they are, must give a bounded, valid query.
#include "content/utf8.h"
#include "fuzz/fuzz_check.h"
#include "search/search_query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  SearchQuery query = parse_search_query(fuzz::as_text(data, size));
  fuzz::check(query.text.size() <= kMaxQueryBytes, "the query text is cut at kMaxQueryBytes");
  fuzz::check(!find_invalid_utf8(query.text), "the query text is valid UTF-8");
  fuzz::check(query.words.size() <= kMaxQueryWords, "at most kMaxQueryWords words");
  for (const std::string& word : query.words) {
    fuzz::check(!word.empty() && !find_invalid_utf8(word), "each word is valid, non-empty UTF-8");
  }
  return 0;
}
