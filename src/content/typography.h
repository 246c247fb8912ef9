// French typography: the spaces that French puts around « », :, ;, ! and ? must never break
// a line away from their sign. Text already typed with no-break spaces is left intact.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// Replaces an ordinary space before ':' with U+00A0 NO-BREAK SPACE, before ';', '!' and '?'
// with U+202F NARROW NO-BREAK SPACE, and after '«' / before '»' with U+00A0. Nothing else
// changes; text without such spaces comes back byte for byte.
std::string french_spacing(std::string_view text);

}  // namespace tribune
