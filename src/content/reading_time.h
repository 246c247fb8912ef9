// Reading time as PRODUCT.md defines it: the words of the rendered body, found by Unicode
// word segmentation, divided by the site's words per minute, rounded up, at least 1.
#pragma once

#include <string_view>

namespace tribune {

// The number of words in `plain_text` (no markup), by ICU's word break rules for `locale`:
// segments that contain letters, digits or ideographs count; spaces and punctuation don't.
int count_words(std::string_view plain_text, std::string_view locale);

// ceil(words / words_per_minute), and at least 1; words_per_minute must be positive.
int reading_minutes(int words, int words_per_minute);

}  // namespace tribune
