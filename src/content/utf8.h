// UTF-8 validation: every text Tribune accepts (files, form fields) is checked once where it
// enters, so that the rest of the program can trust its strings; and the invisible characters
// a reader's field may not hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tribune {

// The byte offset of the first byte that makes `text` invalid UTF-8, or nullopt when it is
// valid (overlong forms and surrogates are invalid).
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// How a reader's field is laid out.
enum class TextLayout {
  one_line,    // a name, an email address, a website
  multi_line,  // a comment's text: its line breaks and tabs are part of it
};

// The first code point of `text` (valid UTF-8) that a reader's field laid out so may not
// hold, or nullopt. Refused in both: C0 controls (NUL, ESC…; a multi-line text keeps TAB, LF
// and CR), DEL, C1 controls (U+0080–U+009F, NEL among them), the line and paragraph
// separators U+2028 and U+2029, and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), which make a moderator read text in another order than it
// was written (a name, address or link that is not what it shows). A one-line field also
// refuses the direction marks U+200E, U+200F and U+061C, which nobody types into a name or an
// address; a comment in Arabic or Hebrew may need them, and they reorder nothing beyond
// themselves. Such characters are refused rather than removed: what is stored is what the
// reader sent.
std::optional<char32_t> find_control_character(std::string_view text, TextLayout layout);

// How an error message names a code point: "U+202E", "U+0000".
std::string code_point_name(char32_t code_point);

}  // namespace tribune
