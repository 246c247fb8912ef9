// Percent-encoding for the addresses Tribune writes: query values and path segments.
// Decoding a request's form is the HTTP layer's (http/router.h parse_form).
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// `text` percent-encoded for a query string or a path segment (RFC 3986 unreserved kept).
std::string url_encode(std::string_view text);

}  // namespace tribune
