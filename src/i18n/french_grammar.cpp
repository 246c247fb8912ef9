// French contraction and elision, on the first letters of a name.
#include "i18n/french_grammar.h"

#include <array>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace tribune {
namespace {

// The letter a code point is written with, lowercased and without its accents: 'É' → 'e'.
char32_t base_letter(char32_t code_point) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status) && nfd->getDecomposition(static_cast<UChar32>(code_point), decomposed)) {
    code_point = static_cast<char32_t>(decomposed.char32At(0));
  }
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(code_point)));
}

// The base letters of the first two code points of `text` (0 past its end or on a byte that
// is not UTF-8).
std::array<char32_t, 2> first_letters(std::string_view text) {
  std::array<char32_t, 2> letters{0, 0};
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t at = 0;
  for (char32_t& letter : letters) {
    if (at >= length) break;
    UChar32 code_point = 0;
    U8_NEXT(bytes, at, length, code_point);
    if (code_point < 0) break;
    letter = base_letter(static_cast<char32_t>(code_point));
  }
  return letters;
}

bool is_vowel(char32_t letter) {
  return letter == U'a' || letter == U'e' || letter == U'i' || letter == U'o' || letter == U'u';
}

// Whether "de" elides before `name`. An h counts as mute, as it is before most names (Hélène,
// Hamidou, Haïti); a y only when a consonant follows it (Yves, not Yaoundé).
bool elides(std::string_view name) {
  auto [first, second] = first_letters(name);
  if (is_vowel(first) || first == U'h') return true;
  return first == U'y' && second != 0 && !is_vowel(second);
}

// `text` without `prefix` when it starts with it, in either case of its first letter.
bool strip_article(std::string_view& text, std::string_view prefix) {
  if (text.size() <= prefix.size()) return false;
  std::string_view head = text.substr(0, prefix.size());
  if (head.substr(1) != prefix.substr(1)) return false;
  if (head[0] != prefix[0] && head[0] != prefix[0] - 'a' + 'A') return false;
  text.remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::string with_french_preposition(FrenchPreposition preposition, std::string_view name) {
  const bool de = preposition == FrenchPreposition::de;
  std::string_view rest = name;
  std::string phrase;
  if (strip_article(rest, "le ")) {
    phrase = de ? "du " : "au ";
  } else if (strip_article(rest, "les ")) {
    phrase = de ? "des " : "aux ";
  } else if (strip_article(rest, "la ")) {
    phrase = de ? "de la " : "à la ";
  } else if (strip_article(rest, "l’") || strip_article(rest, "l'")) {
    phrase = de ? "de l’" : "à l’";
  } else if (de && elides(name)) {
    phrase = "d’";
  } else {
    phrase = de ? "de " : "à ";
  }
  phrase += rest;
  return phrase;
}

}  // namespace tribune
