// Percent-encoding for the addresses Tribune writes: query values and path segments.
// Decoding a request's form is the HTTP layer's (http/router.h parse_form).
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// `text` percent-encoded for a query string or a path segment (RFC 3986 unreserved kept).
std::string url_encode(std::string_view text);

// `address` with the hex digits of its percent escapes in lower case ("%C3%A9" → "%c3%a9"),
// as WordPress writes them: one spelling of an address, whichever a browser sent.
std::string lowercase_percent_escapes(std::string_view address);

}  // namespace tribune
