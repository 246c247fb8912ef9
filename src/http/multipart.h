// multipart/form-data (RFC 7578), the body of a form that uploads a file: the boundary named
// by the Content-Type, and the parts (fields and files) of a body, read strictly.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tribune::http {

// A form this large in parts is not one of ours: a bound on the work a body can ask for.
inline constexpr std::size_t kMaxFormParts = 64;
// A part's headers (Content-Disposition, Content-Type) fit in a few hundred bytes.
inline constexpr std::size_t kMaxPartHeaderBytes = 4096;

// One field of a multipart form: a text field, or a file (`filename` set, possibly empty
// when the form was sent without choosing one).
struct FormPart {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;  // the part's Content-Type, "" when it sent none
  std::string body;
};

// The boundary of a "multipart/form-data; boundary=…" Content-Type (quoted or not), or
// nullopt when `content_type` is not multipart/form-data or names no valid boundary (1 to 70
// characters, RFC 2046).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The parts of `body`, in order. invalid_input when the body is not a well-formed
// multipart/form-data body for `boundary`: no opening or closing delimiter, a part without
// a blank line after its headers or without a Content-Disposition naming a form-data field,
// headers over kMaxPartHeaderBytes, or more than kMaxFormParts parts. Bytes before the first
// delimiter and after the last are ignored, as RFC 2046 says.
Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace tribune::http
