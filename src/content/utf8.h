// UTF-8 validation: every text Tribune accepts (files, form fields) is checked once where it
// enters, so that the rest of the program can trust its strings.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tribune {

// The byte offset of the first byte that makes `text` invalid UTF-8, or nullopt when it is
// valid (overlong forms and surrogates are invalid).
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace tribune
