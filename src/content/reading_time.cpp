// Word counting with ICU's BreakIterator.
#include "content/reading_time.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <map>
#include <memory>
#include <string>

namespace tribune {

int count_words(std::string_view plain_text, std::string_view locale) {
  // Making a break iterator loads the locale's rules, which costs more than counting the words
  // of an article: each thread keeps one per locale (an iterator must not be shared).
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> iterators;
  auto found = iterators.find(locale);
  if (found == iterators.end()) {
    UErrorCode made_status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createWordInstance(
        icu::Locale(std::string(locale).c_str()), made_status));
    if (U_FAILURE(made_status)) made.reset();
    found = iterators.emplace(std::string(locale), std::move(made)).first;
  }
  if (!found->second) return 0;
  icu::BreakIterator* words = found->second.get();
  UErrorCode status = U_ZERO_ERROR;
  UText* text =
      utext_openUTF8(nullptr, plain_text.data(), static_cast<int64_t>(plain_text.size()), &status);
  if (U_FAILURE(status)) return 0;
  words->setText(text, status);
  int count = 0;
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; end = words->next()) {
    // Rule status UBRK_WORD_NONE marks spaces and punctuation; anything above is a word.
    if (words->getRuleStatus() != UBRK_WORD_NONE) ++count;
  }
  utext_close(text);
  return count;
}

int reading_minutes(int words, int words_per_minute) {
  if (words_per_minute <= 0) return 1;
  int minutes = (words + words_per_minute - 1) / words_per_minute;
  return minutes < 1 ? 1 : minutes;
}

}  // namespace tribune
