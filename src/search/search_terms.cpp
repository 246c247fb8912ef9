// Terms: folded words through libstemmer.
#include "search/search_terms.h"

#include <libstemmer.h>

#include <unordered_map>

#include "search/search_words.h"

namespace tribune {
namespace {

// The tag: ESC, the language, ESC. No article text holds ESC (XML and HTML forbid it), and
// the tokenizer sees it only at the very start.
constexpr char kTagMark = '\x1B';

bool valid_language(std::string_view language) {
  if (language.empty() || language.size() > 12) return false;
  for (char c : language) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  }
  return true;
}

// Snowball knows languages by ISO 639-1 code too ("fr", "en"), but not by region ("fr-CA").
std::string base_language(std::string_view language) {
  return std::string(language.substr(0, language.find('-')));
}

}  // namespace

std::string language_tagged(std::string_view language, std::string_view text) {
  std::string tagged;
  tagged.reserve(text.size() + language.size() + 2);
  if (valid_language(language)) {
    tagged.push_back(kTagMark);
    tagged.append(language);
    tagged.push_back(kTagMark);
  }
  tagged.append(text);
  return tagged;
}

std::pair<std::string, std::string_view> split_language_tag(std::string_view text) {
  if (text.empty() || text.front() != kTagMark) return {std::string(), text};
  std::size_t close = text.find(kTagMark, 1);
  if (close == std::string_view::npos) return {std::string(), text};
  std::string_view language = text.substr(1, close - 1);
  if (!valid_language(language)) return {std::string(), text.substr(close + 1)};
  return {std::string(language), text.substr(close + 1)};
}

bool has_stemmer(std::string_view language) {
  if (!valid_language(language)) return false;
  sb_stemmer* stemmer = sb_stemmer_new(base_language(language).c_str(), "UTF_8");
  if (stemmer == nullptr) return false;
  sb_stemmer_delete(stemmer);
  return true;
}

struct TermMaker::Stemmer {
  sb_stemmer* snowball = nullptr;  // null: a language Snowball does not know
  // Stems already made: words repeat (Zipf), and stemming is most of a term's cost.
  std::unordered_map<std::string, std::string> stems;
  ~Stemmer() {
    if (snowball != nullptr) sb_stemmer_delete(snowball);
  }
};

TermMaker::TermMaker() = default;
TermMaker::~TermMaker() = default;

TermMaker::Stemmer* TermMaker::stemmer_for(std::string_view language) {
  auto found = stemmers_.find(language);
  if (found != stemmers_.end()) return found->second.get();
  auto stemmer = std::make_unique<Stemmer>();
  if (valid_language(language)) {
    stemmer->snowball = sb_stemmer_new(base_language(language).c_str(), "UTF_8");
  }
  return stemmers_.emplace(std::string(language), std::move(stemmer)).first->second.get();
}

std::string TermMaker::term(std::string_view language, std::string_view folded_word) {
  std::string term(language);
  term.push_back(':');
  Stemmer* stemmer = stemmer_for(language);
  if (stemmer->snowball == nullptr) {
    term.append(folded_word);
    return term;
  }
  // Bounded: an archive's vocabulary is some hundred thousand words; made-up ones beyond.
  constexpr std::size_t kMaxCachedStems = 200'000;
  std::string word(folded_word);
  if (auto known = stemmer->stems.find(word); known != stemmer->stems.end()) {
    term.append(known->second);
    return term;
  }
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer->snowball, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                      static_cast<int>(folded_word.size()));
  if (stem == nullptr) {  // out of memory: the word as it is still finds itself
    term.append(folded_word);
    return term;
  }
  std::string stemmed(reinterpret_cast<const char*>(stem),
                      static_cast<std::size_t>(sb_stemmer_length(stemmer->snowball)));
  term.append(stemmed);
  if (stemmer->stems.size() >= kMaxCachedStems) stemmer->stems.clear();
  stemmer->stems.emplace(std::move(word), std::move(stemmed));
  return term;
}

void TermMaker::terms(
    std::string_view language, std::string_view text,
    const std::function<void(std::string_view term, std::size_t begin, std::size_t end)>& visit) {
  for_each_search_word(text, [&](const SearchWord& word) {
    visit(term(language, word.folded), word.begin, word.end);
  });
}

}  // namespace tribune
