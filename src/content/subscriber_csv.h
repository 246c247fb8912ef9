// Subscribers as CSV (RFC 4180), the one format the command line and the admin export and
// import: the columns, writing a list and reading one back with the reason a row is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "content/subscription.h"
#include "core/result.h"

namespace tribune {

// The columns an export writes, in order; an import needs "email" and reads the others when
// present, in any order.
inline constexpr const char* kSubscriberCsvColumns[] = {
    "email", "status", "frequency", "lang", "sections", "created_at", "confirmed_at"};

// The paths of the sections `subscriber` follows ("blog/securite sport"), separated by spaces;
// "" when they follow every section.
std::string subscriber_section_paths(const Subscriber& subscriber,
                                     const std::vector<Section>& sections);

// `subscribers` as a CSV text: a header row naming kSubscriberCsvColumns, then one row each,
// lines ended by CRLF. Sections are written as their paths ("blog/securite"), separated by
// spaces (empty: every section); dates in ISO 8601, confirmed_at empty while pending.
std::string write_subscribers_csv(const std::vector<Subscriber>& subscribers,
                                  const std::vector<Section>& sections);

// The subscribers a CSV text describes, whose first row names the columns ("email" required);
// a leading UTF-8 byte order mark (spreadsheets write one) is skipped.
// Missing values: status confirmed, frequency each, lang `default_lang`, every section,
// created_at `now`, confirmed_at created_at for a confirmed address. Nothing is partly read:
// the first fault gives an invalid_input Error whose `field` names the column at fault
// ("email", "status", "frequency", "sections", "created_at", "confirmed_at"; "csv" when the
// text is not CSV, "" when it has no row) and whose `source` is the line's number, counting
// the header as 1 ("" when no one row is at fault; the missing email column names no line).
Result<std::vector<Subscriber>> read_subscribers_csv(std::string_view text,
                                                     const std::vector<Section>& sections,
                                                     const std::string& default_lang,
                                                     UnixSeconds now);

}  // namespace tribune
