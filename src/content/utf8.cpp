// UTF-8 validation through ICU's conversion, which applies the standard's strict rules.
#include "content/utf8.h"

#include <unicode/utf8.h>

namespace tribune {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t offset = 0;
  while (offset < length) {
    int32_t start = offset;
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    if (code_point < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

}  // namespace tribune
