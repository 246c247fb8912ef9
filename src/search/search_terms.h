// The terms search indexes and looks up: each word folded, then stemmed with the Snowball
// stemmer of its text's language (libstemmer), and tagged with that language ("fr:terror").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace tribune {

// A text handed to the index carries its language in front (language_tagged); the index's
// tokenizer reads it back (split_language_tag) to stem each word as that language does.
std::string language_tagged(std::string_view language, std::string_view text);

// The language a tagged text names ("" when untagged or the tag is malformed) and the text
// after the tag (all of `text` when untagged), a view into `text`.
std::pair<std::string, std::string_view> split_language_tag(std::string_view text);

// True when Snowball has a stemmer for `language` (an ISO 639-1 code: "fr", "en"…).
bool has_stemmer(std::string_view language);

// Makes terms; keeps a stemmer per language met. One per thread (Snowball's stemmers are
// not shared between threads).
class TermMaker {
 public:
  TermMaker();
  ~TermMaker();
  TermMaker(const TermMaker&) = delete;
  TermMaker& operator=(const TermMaker&) = delete;

  // Calls `visit(term, begin, end)` for each word of `text` (UTF-8 byte offsets of the word).
  // The term is "LANGUAGE:STEM", the stem of the folded word by `language`'s stemmer, or the
  // folded word itself for a language Snowball does not know ("" included).
  void terms(
      std::string_view language, std::string_view text,
      const std::function<void(std::string_view term, std::size_t begin, std::size_t end)>& visit);

  // The term of one folded word (fold_search_word's) in `language`.
  std::string term(std::string_view language, std::string_view folded_word);

 private:
  struct Stemmer;
  Stemmer* stemmer_for(std::string_view language);
  std::map<std::string, std::unique_ptr<Stemmer>, std::less<>> stemmers_;
};

}  // namespace tribune
