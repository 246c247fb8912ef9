// Subscribers as CSV, read and written with libcsv.
#include "content/subscriber_csv.h"

#include <csv.h>

#include <algorithm>
#include <map>

#include "content/email_address.h"
#include "core/time.h"

namespace tribune {
namespace {

// One CSV field, quoted as RFC 4180 says.
std::string csv_field(std::string_view value) {
  std::string out(value.size() * 2 + 2, '\0');
  out.resize(csv_write(out.data(), out.size(), value.data(), value.size()));
  return out;
}

// The rows of a CSV text, each with its fields; invalid_input (field "csv") when malformed.
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  struct Rows {
    std::vector<std::vector<std::string>> rows{{}};
  } rows;
  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL) != 0) {
    return make_error(Errc::io, "the CSV parser could not start");
  }
  auto on_field = [](void* data, size_t length, void* user) {
    static_cast<Rows*>(user)->rows.back().emplace_back(static_cast<const char*>(data), length);
  };
  auto on_row = [](int, void* user) { static_cast<Rows*>(user)->rows.emplace_back(); };
  bool parsed =
      csv_parse(&parser, text.data(), text.size(), on_field, on_row, &rows) == text.size() &&
      csv_fini(&parser, on_field, on_row, &rows) == 0;
  std::string why = parsed ? "" : csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!parsed) return make_error(Errc::invalid_input, "malformed CSV: " + why, "csv");
  if (rows.rows.back().empty()) rows.rows.pop_back();
  return rows.rows;
}

}  // namespace

std::string subscriber_section_paths(const Subscriber& subscriber,
                                     const std::vector<Section>& sections) {
  std::string paths;
  for (Id id : subscriber.section_ids) {
    for (const Section& section : sections) {
      if (section.id == id) paths += (paths.empty() ? "" : " ") + section.path;
    }
  }
  return paths;
}

std::string write_subscribers_csv(const std::vector<Subscriber>& subscribers,
                                  const std::vector<Section>& sections) {
  std::string csv;
  for (const char* name : kSubscriberCsvColumns) {
    csv += (csv.empty() ? "" : ",") + csv_field(name);
  }
  csv += "\r\n";
  for (const Subscriber& subscriber : subscribers) {
    csv +=
        csv_field(subscriber.email) + "," + csv_field(subscriber_status_name(subscriber.status)) +
        "," + csv_field(frequency_name(subscriber.frequency)) + "," + csv_field(subscriber.lang) +
        "," + csv_field(subscriber_section_paths(subscriber, sections)) + "," +
        csv_field(format_iso8601(subscriber.created_at)) + "," +
        csv_field(subscriber.confirmed_at ? format_iso8601(subscriber.confirmed_at) : "") + "\r\n";
  }
  return csv;
}

Result<std::vector<Subscriber>> read_subscribers_csv(std::string_view text,
                                                     const std::vector<Section>& sections,
                                                     const std::string& default_lang,
                                                     UnixSeconds now) {
  // Spreadsheets save "CSV UTF-8" with a byte order mark, which would hide the email column.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  auto parsed = parse_csv(text);
  if (!parsed) return parsed.error();
  const std::vector<std::vector<std::string>>& rows = *parsed;
  if (rows.empty()) return make_error(Errc::invalid_input, "the file is empty");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  if (!column.contains("email")) {
    return make_error(Errc::invalid_input,
                      "the first row must name the columns, one of them 'email'", "email");
  }
  std::vector<Subscriber> subscribers;
  subscribers.reserve(rows.size() - 1);
  for (std::size_t line = 1; line < rows.size(); ++line) {
    const std::vector<std::string>& row = rows[line];
    auto get = [&](const char* name) {
      auto found = column.find(name);
      return found != column.end() && found->second < row.size() ? row[found->second]
                                                                 : std::string();
    };
    auto invalid = [&](std::string message, const char* field) {
      return with_source(make_error(Errc::invalid_input, std::move(message), field),
                         std::to_string(line + 1));
    };
    Subscriber subscriber;
    subscriber.email = get("email");
    if (!is_email_address(subscriber.email)) return invalid("not an email address", "email");
    std::string status = get("status");
    auto parsed_status = parse_subscriber_status(status.empty() ? "confirmed" : status);
    if (!parsed_status) {
      return invalid("expected pending, confirmed, unsubscribed or bounced", "status");
    }
    subscriber.status = *parsed_status;
    std::string frequency = get("frequency");
    auto parsed_frequency = parse_frequency(frequency.empty() ? "each" : frequency);
    if (!parsed_frequency) return invalid("expected each or daily", "frequency");
    subscriber.frequency = *parsed_frequency;
    subscriber.lang = get("lang").empty() ? default_lang : get("lang");
    std::string paths = get("sections");
    for (std::size_t start = 0; start < paths.size();) {
      std::size_t end = paths.find(' ', start);
      if (end == std::string::npos) end = paths.size();
      std::string path = paths.substr(start, end - start);
      start = end + 1;
      if (path.empty()) continue;
      auto section = std::find_if(sections.begin(), sections.end(),
                                  [&](const Section& known) { return known.path == path; });
      if (section == sections.end()) return invalid("no section '" + path + "'", "sections");
      subscriber.section_ids.push_back(section->id);
    }
    for (auto [name, out] : {std::pair{"created_at", &subscriber.created_at},
                             std::pair{"confirmed_at", &subscriber.confirmed_at}}) {
      std::string value = get(name);
      if (value.empty()) {
        *out = name == std::string_view("created_at") ? now : 0;
        continue;
      }
      auto when = parse_iso8601(value);
      if (!when) return invalid("expected a date such as 2025-07-11T09:00:00Z", name);
      *out = *when;
    }
    if (subscriber.status == SubscriberStatus::confirmed && subscriber.confirmed_at == 0) {
      subscriber.confirmed_at = subscriber.created_at;
    }
    subscribers.push_back(std::move(subscriber));
  }
  return subscribers;
}

}  // namespace tribune
