// UTF-8 validation through ICU's conversion, which applies the standard's strict rules; the
// control characters a reader's field may not hold.
#include "content/utf8.h"

#include <fmt/format.h>
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

namespace {

bool is_forbidden(UChar32 c, TextLayout layout) {
  if (c == '\t' || c == '\n' || c == '\r') return layout == TextLayout::one_line;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;  // C0, DEL, C1
  if (c == 0x2028 || c == 0x2029) return true;            // line and paragraph separators
  if (c >= 0x202A && c <= 0x202E) return true;            // LRE RLE PDF LRO RLO
  if (c >= 0x2066 && c <= 0x2069) return true;            // LRI RLI FSI PDI
  if (c == 0x200E || c == 0x200F || c == 0x061C) return layout == TextLayout::one_line;  // marks
  return false;
}

}  // namespace

std::optional<char32_t> find_control_character(std::string_view text, TextLayout layout) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t offset = 0;
  while (offset < length) {
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    if (code_point >= 0 && is_forbidden(code_point, layout)) {
      return static_cast<char32_t>(code_point);
    }
  }
  return std::nullopt;
}

std::string code_point_name(char32_t code_point) {
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(code_point));
}

}  // namespace tribune
