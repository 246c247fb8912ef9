// Points in time as Unix seconds (UTC), and their ISO 8601 text form used in front matter,
// feeds and structured data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tribune {

using UnixSeconds = std::int64_t;

// Parses "2025-07-11", "2025-07-11T09:00", "2025-07-11T09:00:00Z" or with an offset
// ("+01:00"); a date without an offset is taken as UTC. invalid_input when malformed.
Result<UnixSeconds> parse_iso8601(std::string_view text);

// "2025-07-11T09:00:00Z".
std::string format_iso8601(UnixSeconds when);

// "Fri, 11 Jul 2025 09:00:00 GMT": HTTP's IMF-fixdate (RFC 9110), which is also an RFC 822
// date as RSS wants it. English day and month names whatever the process's locale.
std::string format_http_date(UnixSeconds when);

// The current time.
UnixSeconds now_seconds();

}  // namespace tribune
