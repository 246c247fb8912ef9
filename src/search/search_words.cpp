// Words and folding, over ICU's character properties and normalizer, reading UTF-8 in place.
#include "search/search_words.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>

namespace tribune {
namespace {

// The elided words of French that end in an apostrophe before a vowel.
constexpr std::array<std::string_view, 13> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};

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

// The slow path: ICU's case folding and compatibility decomposition, marks dropped (accents,
// and Arabic's short vowels and the hamza of أ إ آ, which leave a bare alef). Arabic is also
// written with letters readers use interchangeably: the stretching tatweel is dropped, and
// alef wasla, alef maqsura and ta marbuta are read as alef, ya and ha, as Arabic search
// engines commonly do.
std::string fold_with_icu(std::string_view word) {
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
    if (u_charType(c) == U_NON_SPACING_MARK || c == 0x0640) continue;  // marks, tatweel
    if (c == 0x0671) {
      folded.append(static_cast<UChar32>(0x0627));  // ٱ → ا
    } else if (c == 0x0649) {
      folded.append(static_cast<UChar32>(0x064A));  // ى → ي
    } else if (c == 0x0629) {
      folded.append(static_cast<UChar32>(0x0647));  // ة → ه
    } else if (c == 0x0153) {
      folded.append(u"oe");
    } else if (c == 0x00E6) {
      folded.append(u"ae");
    } else {
      folded.append(c);
    }
  }
  std::string utf8;
  folded.toUTF8String(utf8);
  return utf8;
}

// Latin letters with accents (U+00C0 to U+017F: French, Bambara's and most European
// languages' letters) folded once, by the slow path, so that most words need no ICU call.
constexpr UChar32 kLatinFirst = 0x00C0;
constexpr UChar32 kLatinLast = 0x017F;
const std::array<std::string, kLatinLast - kLatinFirst + 1>& folded_latin() {
  static const auto table = [] {
    std::array<std::string, kLatinLast - kLatinFirst + 1> made;
    for (UChar32 c = kLatinFirst; c <= kLatinLast; ++c) {
      std::string letter;
      icu::UnicodeString(c).toUTF8String(letter);
      made[static_cast<std::size_t>(c - kLatinFirst)] = fold_with_icu(letter);
    }
    return made;
  }();
  return table;
}

}  // namespace

std::string fold_search_word(std::string_view word) {
  std::string folded;
  folded.reserve(word.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  for (int32_t at = 0; at < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c >= 0 && c < 0x80) {
      folded.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (c >= kLatinFirst && c <= kLatinLast && c != 0x00D7 && c != 0x00F7) {
      folded.append(folded_latin()[static_cast<std::size_t>(c - kLatinFirst)]);
    } else if (c == 0x2019) {
      folded.append("\xE2\x80\x99");  // ’, which elisions use
    } else {
      folded = fold_with_icu(word);  // another script, a ligature, a lone mark…
      break;
    }
  }
  return without_apostrophes(std::move(folded));
}

void for_each_search_word(std::string_view text,
                          const std::function<void(const SearchWord&)>& visit) {
  // A word is a run of letters, digits and their combining marks; an apostrophe between two
  // letters stays inside ("l'armée", elided by folding), a point or comma between two digits
  // too ("3,5"). Read code point by code point with ICU's character properties: ICU's word
  // break iterator is four times slower, and an archive is hundreds of megabytes.
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  auto next_at = [&](int32_t at, UChar32& c) {
    U8_NEXT(bytes, at, length, c);  // c < 0 for an invalid sequence, skipped
    return at;
  };
  auto is_word_char = [](UChar32 c) {
    return c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_MC_MASK)) != 0);
  };
  int32_t at = 0;
  while (at < length) {
    UChar32 c = 0;
    const int32_t begin = at;
    at = next_at(at, c);
    if (!is_word_char(c)) continue;
    int32_t end = at;
    UChar32 previous = c;
    while (end < length) {
      UChar32 d = 0;
      const int32_t after = next_at(end, d);
      if (is_word_char(d)) {
        previous = d;
        end = after;
        continue;
      }
      // A joiner counts only between two word characters of the right kind.
      const bool apostrophe = d == '\'' || d == 0x2019;
      const bool separator = d == '.' || d == ',';
      if ((apostrophe && u_isalpha(previous)) || (separator && u_isdigit(previous))) {
        UChar32 e = 0;
        const int32_t beyond = after < length ? next_at(after, e) : after;
        if (after < length && ((apostrophe && u_isalpha(e)) || (separator && u_isdigit(e)))) {
          previous = e;
          end = beyond;
          continue;
        }
      }
      break;
    }
    const auto from = static_cast<std::size_t>(begin);
    const auto to = static_cast<std::size_t>(end);
    SearchWord word{from, to, fold_search_word(text.substr(from, to - from))};
    if (!word.folded.empty()) visit(word);
    at = end;
  }
}

}  // namespace tribune
