// Reading multipart/form-data bodies.
#include "http/multipart.h"

#include <algorithm>
#include <cctype>

namespace tribune::http {
namespace {

constexpr std::string_view kLineEnd = "\r\n";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Error malformed(std::string message) {
  return make_error(Errc::invalid_input, "malformed multipart body: " + std::move(message), "body");
}

// The value of parameter `name` in a header's "; name=value" list (quoted-string unescaped),
// or nullopt. `parameters` starts after the header's first value.
std::optional<std::string> parameter(std::string_view parameters, std::string_view name) {
  while (!parameters.empty()) {
    std::size_t semicolon = parameters.find(';');
    if (semicolon == std::string_view::npos) return std::nullopt;
    parameters.remove_prefix(semicolon + 1);
    parameters = trim(parameters);
    std::size_t equals = parameters.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const bool wanted = equals_ignoring_case(trim(parameters.substr(0, equals)), name);
    parameters.remove_prefix(equals + 1);
    parameters = trim(parameters);
    std::string value;
    if (!parameters.empty() && parameters.front() == '"') {
      std::size_t at = 1;
      bool closed = false;
      for (; at < parameters.size(); ++at) {
        char c = parameters[at];
        if (c == '\\' && at + 1 < parameters.size()) {
          value += parameters[++at];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return std::nullopt;
      parameters.remove_prefix(at + 1);
    } else {
      std::size_t end = parameters.find(';');
      value = std::string(trim(parameters.substr(0, end)));
      parameters.remove_prefix(end == std::string_view::npos ? parameters.size() : end);
    }
    if (wanted) return value;
  }
  return std::nullopt;
}

// Fills `part` from its header block (lines ended by CRLF, without the blank line).
Status read_part_headers(std::string_view headers, FormPart& part) {
  bool disposition = false;
  while (!headers.empty()) {
    std::size_t end = headers.find(kLineEnd);
    std::string_view line = headers.substr(0, end);
    headers.remove_prefix(end == std::string_view::npos ? headers.size() : end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return malformed("a part's header has no colon");
    std::string_view header = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (equals_ignoring_case(header, "Content-Disposition")) {
      std::string_view type = trim(value.substr(0, value.find(';')));
      if (!equals_ignoring_case(type, "form-data")) return malformed("a part is not form-data");
      std::string_view parameters = value.substr(type.size());
      auto name = parameter(parameters, "name");
      if (!name || name->empty()) return malformed("a part names no field");
      part.name = std::move(*name);
      part.filename = parameter(parameters, "filename");
      disposition = true;
    } else if (equals_ignoring_case(header, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!disposition) return malformed("a part has no Content-Disposition");
  return Ok{};
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (!equals_ignoring_case(type, "multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type.substr(type.size()), "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  // RFC 2046's bchars: no control characters, no boundary ending in a space.
  for (char c : *boundary) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      return std::nullopt;
    }
  }
  if (boundary->back() == ' ') return std::nullopt;
  return boundary;
}

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary) {
  if (boundary.empty()) return malformed("no boundary");
  const std::string delimiter = "--" + std::string(boundary);
  // The first delimiter opens the body or follows a preamble's line end.
  std::size_t at = 0;
  if (!body.starts_with(delimiter)) {
    at = body.find("\r\n" + delimiter);
    if (at == std::string_view::npos) return malformed("no opening delimiter");
    at += 2;
  }
  const std::string next_delimiter = "\r\n" + delimiter;
  std::vector<FormPart> parts;
  at += delimiter.size();
  while (true) {
    std::string_view rest = body.substr(at);
    if (rest.starts_with("--")) return parts;  // the closing delimiter; the epilogue ignored
    // Transport padding (spaces, tabs) may follow a delimiter before its line end.
    std::size_t padding = 0;
    while (padding < rest.size() && (rest[padding] == ' ' || rest[padding] == '\t')) ++padding;
    if (rest.substr(padding, 2) != kLineEnd) return malformed("a delimiter ends badly");
    at += padding + 2;
    if (parts.size() == kMaxFormParts) return malformed("too many parts");
    rest = body.substr(at);
    std::size_t headers_end;
    if (rest.starts_with(kLineEnd)) {
      headers_end = 0;  // a part without headers (then refused: it names no field)
    } else {
      headers_end = rest.find("\r\n\r\n");
      if (headers_end == std::string_view::npos) return malformed("a part's headers never end");
      headers_end += 2;
    }
    if (headers_end > kMaxPartHeaderBytes) return malformed("a part's headers are too long");
    FormPart part;
    TRIBUNE_TRY(read_part_headers(rest.substr(0, headers_end == 0 ? 0 : headers_end - 2), part));
    at += headers_end + 2;
    std::size_t end = body.find(next_delimiter, at);
    if (end == std::string_view::npos) return malformed("no closing delimiter");
    part.body = std::string(body.substr(at, end - at));
    parts.push_back(std::move(part));
    at = end + next_delimiter.size();
  }
}

}  // namespace tribune::http
