// Words and folding, over ICU's word break iterator (reading UTF-8 in place) and normalizer.
#include "search/search_words.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <array>
#include <memory>

namespace tribune {
namespace {

// The elided words of French that end in an apostrophe before a vowel.
constexpr std::array<std::string_view, 13> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The word without a leading elision and without apostrophes; `folded` is lower case.
std::string without_apostrophes(std::string folded) {
  // ’ (U+2019) is three bytes; ' one.
  static constexpr std::string_view kCurly = "\xE2\x80\x99";
  std::size_t first = folded.find('\'');
  std::size_t curly = folded.find(kCurly);
  std::size_t at = std::min(first, curly);
  if (at == std::string::npos) return folded;
  std::size_t width = at == curly ? kCurly.size() : 1;
  std::string_view prefix(folded.data(), at);
  for (std::string_view elision : kElisions) {
    if (prefix == elision && at + width < folded.size()) {
      folded.erase(0, at + width);
      break;
    }
  }
  std::string plain;
  plain.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    if (folded[i] == '\'') {
      ++i;
    } else if (folded.compare(i, kCurly.size(), kCurly) == 0) {
      i += kCurly.size();
    } else {
      plain.push_back(folded[i++]);
    }
  }
  return plain;
}

std::unique_ptr<icu::BreakIterator> make_word_iterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return nullptr;
  return words;
}

}  // namespace

std::string fold_search_word(std::string_view word) {
  if (is_ascii(word)) {
    // Most words of French and English text: no ICU needed.
    std::string lower(word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return without_apostrophes(std::move(lower));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* decompose = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) return std::string(word);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  icu::UnicodeString decomposed = decompose->normalize(text.foldCase(), status);
  if (U_FAILURE(status)) return std::string(word);
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0153) {
      folded.append(u"oe");
    } else if (c == 0x00E6) {
      folded.append(u"ae");
    } else {
      folded.append(c);
    }
  }
  std::string utf8;
  folded.toUTF8String(utf8);
  return without_apostrophes(std::move(utf8));
}

void for_each_search_word(std::string_view text,
                          const std::function<void(const SearchWord&)>& visit) {
  // Making a break iterator costs more than splitting a page of text: one per thread.
  thread_local std::unique_ptr<icu::BreakIterator> words = make_word_iterator();
  if (!words || text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return;
  words->setText(utext, status);
  if (U_SUCCESS(status)) {
    int32_t begin = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         begin = end, end = words->next()) {
      // Rule statuses below UBRK_WORD_NONE_LIMIT are spaces and punctuation.
      if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
      const auto from = static_cast<std::size_t>(begin);
      const auto to = static_cast<std::size_t>(end);
      SearchWord word{from, to, fold_search_word(text.substr(from, to - from))};
      if (!word.folded.empty()) visit(word);
    }
  }
  // The iterator must not keep a pointer to text that is about to go.
  words->setText(icu::UnicodeString());
  utext_close(utext);
}

}  // namespace tribune
