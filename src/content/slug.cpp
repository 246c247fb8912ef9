// Slugs through ICU's transliterator.
#include "content/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

namespace tribune {
namespace {

// ICU transliterators are not thread-safe; one shared instance behind a lock is enough for
// the rate at which slugs are made (imports and edits, never page views).
std::string transliterate_to_ascii(std::string_view text) {
  static std::mutex mutex;
  static std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower()", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(created) : nullptr;
  }();
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (transliterator) {
    std::lock_guard lock(mutex);
    transliterator->transliterate(unicode);
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string slugify(std::string_view text) {
  std::string ascii = transliterate_to_ascii(text);
  std::string slug;
  bool pending_hyphen = false;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_slug_char(c)) {
      if (pending_hyphen && !slug.empty()) slug += '-';
      pending_hyphen = false;
      slug += c;
    } else if (c != '\'') {  // "l'Etat" reads better as "letat" than "l-etat"
      pending_hyphen = true;
    }
  }
  if (slug.size() > kMaxSlugLength) {
    std::size_t cut = slug.rfind('-', kMaxSlugLength);
    slug.resize(cut == std::string::npos || cut == 0 ? kMaxSlugLength : cut);
  }
  return slug;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char c : slug) {
    if (!is_slug_char(c) && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

}  // namespace tribune
