// tribune subscribers list|counts|export|import|unsubscribe: the subscriber list from the
// command line. CSV is read and written with libcsv (RFC 4180).
#include <csv.h>

#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "content/email_address.h"
#include "content/subscription.h"
#include "core/fs.h"
#include "site/site_settings.h"

namespace tribune::cli {
namespace {

constexpr const char* kCsvColumns[] = {"email",    "status",     "frequency",   "lang",
                                       "sections", "created_at", "confirmed_at"};

// One CSV field, quoted as RFC 4180 says.
std::string csv_field(std::string_view value) {
  std::string out(value.size() * 2 + 2, '\0');
  out.resize(csv_write(out.data(), out.size(), value.data(), value.size()));
  return out;
}

// The rows of a CSV text, each with its fields; an Error naming `source` when malformed.
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text,
                                                        const std::string& source) {
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
  if (!parsed) return with_source(make_error(Errc::invalid_input, "malformed CSV: " + why), source);
  if (rows.rows.back().empty()) rows.rows.pop_back();
  return rows.rows;
}

// Subscribers from CSV rows whose first row names the columns (email required).
Result<std::vector<Subscriber>> subscribers_from_csv(
    const std::vector<std::vector<std::string>>& rows, const std::vector<Section>& sections,
    const std::string& default_lang, const std::string& source, UnixSeconds now) {
  if (rows.empty())
    return with_source(make_error(Errc::invalid_input, "the file is empty"), source);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  if (!column.contains("email")) {
    return with_source(make_error(Errc::invalid_input,
                                  "the first row must name the columns, "
                                  "one of them 'email'",
                                  "email"),
                       source);
  }
  std::vector<Subscriber> subscribers;
  for (std::size_t line = 1; line < rows.size(); ++line) {
    const std::vector<std::string>& row = rows[line];
    auto get = [&](const char* name) {
      auto found = column.find(name);
      return found != column.end() && found->second < row.size() ? row[found->second]
                                                                 : std::string();
    };
    auto invalid = [&](std::string message, const char* field) {
      return with_source(make_error(Errc::invalid_input, std::move(message), field),
                         source + ":" + std::to_string(line + 1));
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
      std::string text = get(name);
      if (text.empty()) {
        *out = name == std::string_view("created_at") ? now : 0;
        continue;
      }
      auto when = parse_iso8601(text);
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

std::string section_paths(const Subscriber& subscriber, const std::vector<Section>& sections) {
  std::string paths;
  for (Id id : subscriber.section_ids) {
    for (const Section& section : sections) {
      if (section.id == id) paths += (paths.empty() ? "" : " ") + section.path;
    }
  }
  return paths;
}

}  // namespace

void add_subscribers_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string status_name;
    std::string search;
    std::string file;
    std::string email;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("subscribers", "Email subscribers");
  command->require_subcommand(1);
  auto data_option = [&](CLI::App* sub) {
    sub->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  };

  // Runs `action` with the folder, its subscribers (filtered by --status and --search) and
  // its sections.
  auto with_subscribers = [options, &status](
                              const std::function<void(DataFolder&, const std::vector<Subscriber>&,
                                                       const std::vector<Section>&)>& action) {
    SubscriberQuery query;
    query.search = options->search;
    if (!options->status_name.empty()) {
      query.status = parse_subscriber_status(options->status_name);
      if (!query.status) {
        status =
            report(make_error(Errc::invalid_input,
                              "expected pending, confirmed, unsubscribed or bounced", "--status"));
        return;
      }
    }
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto subscribers = folder.store->subscribers(query);
      auto sections = folder.store->sections();
      if (!subscribers || !sections) {
        status = report(!subscribers ? subscribers.error() : sections.error());
        return;
      }
      action(folder, *subscribers, *sections);
    });
  };

  CLI::App* list = command->add_subcommand("list", "List subscribers");
  data_option(list);
  list->add_option("--status", options->status_name, "pending, confirmed, unsubscribed, bounced");
  list->add_option("--search", options->search, "part of the address");
  list->callback([with_subscribers] {
    with_subscribers([](DataFolder&, const std::vector<Subscriber>& subscribers,
                        const std::vector<Section>& sections) {
      for (const Subscriber& subscriber : subscribers) {
        std::string paths = section_paths(subscriber, sections);
        std::cout << subscriber.id << "\t" << subscriber.email << "\t"
                  << subscriber_status_name(subscriber.status) << "\t"
                  << frequency_name(subscriber.frequency) << "\t" << subscriber.lang << "\t"
                  << (paths.empty() ? "all sections" : paths) << "\t"
                  << format_iso8601(subscriber.created_at)
                  << (subscriber.last_error.empty() ? "" : "\t" + subscriber.last_error) << "\n";
      }
    });
  });

  CLI::App* counts =
      command->add_subcommand("counts", "Count subscribers by status, and the outbox");
  data_option(counts);
  counts->callback([with_subscribers, &status] {
    with_subscribers([&](DataFolder& folder, const std::vector<Subscriber>& subscribers,
                         const std::vector<Section>&) {
      std::map<SubscriberStatus, int> by_status;
      for (const Subscriber& subscriber : subscribers) ++by_status[subscriber.status];
      for (auto each : {SubscriberStatus::pending, SubscriberStatus::confirmed,
                        SubscriberStatus::unsubscribed, SubscriberStatus::bounced}) {
        std::cout << subscriber_status_name(each) << "\t" << by_status[each] << "\n";
      }
      std::cout << "total\t" << subscribers.size() << "\n";
      auto outbox = folder.store->outbox_counts();
      if (!outbox) {
        status = report(outbox.error());
        return;
      }
      std::cout << "outbox queued\t" << outbox->queued << "\noutbox sent\t" << outbox->sent
                << "\noutbox failed\t" << outbox->failed << "\noutbox cancelled\t"
                << outbox->cancelled << "\n";
      // The server refusing the site itself (its sender, messages or credentials), as the
      // sender recorded it: lasting, or the last one resolved.
      auto refusal = folder.store->sender_refusal();
      if (!refusal) {
        status = report(refusal.error());
        return;
      }
      if (const std::optional<SenderRefusal>& last = *refusal; last && last->resolved_at == 0) {
        std::cout << "sender refused\t" << last->reply << "\t" << last->refusals
                  << (last->refusals == 1 ? " time" : " times") << " since "
                  << format_iso8601(last->first_refused_at) << ", sending paused until "
                  << format_iso8601(last->retry_at) << "\n";
      } else if (last) {
        std::cout << "last sender refusal\t" << last->reply << "\t"
                  << format_iso8601(last->refused_at) << ", resolved "
                  << format_iso8601(last->resolved_at) << "\n";
      }
    });
  });

  CLI::App* export_command = command->add_subcommand("export", "Write subscribers as CSV");
  data_option(export_command);
  export_command->add_option("--status", options->status_name, "only this status");
  export_command->add_option("--output", options->file, "CSV file (default: standard output)");
  export_command->callback([with_subscribers, options, &status] {
    with_subscribers([&](DataFolder&, const std::vector<Subscriber>& subscribers,
                         const std::vector<Section>& sections) {
      std::string csv;
      for (const char* name : kCsvColumns) csv += (csv.empty() ? "" : ",") + csv_field(name);
      csv += "\r\n";
      for (const Subscriber& subscriber : subscribers) {
        csv += csv_field(subscriber.email) + "," +
               csv_field(subscriber_status_name(subscriber.status)) + "," +
               csv_field(frequency_name(subscriber.frequency)) + "," + csv_field(subscriber.lang) +
               "," + csv_field(section_paths(subscriber, sections)) + "," +
               csv_field(format_iso8601(subscriber.created_at)) + "," +
               csv_field(subscriber.confirmed_at ? format_iso8601(subscriber.confirmed_at) : "") +
               "\r\n";
      }
      if (options->file.empty()) {
        std::cout << csv;
        return;
      }
      if (Status written = fs::write_file_atomic(options->file, csv); !written) {
        status = report(written.error());
        return;
      }
      std::cerr << "Exported " << subscribers.size() << " subscribers to " << options->file
                << ".\n";
    });
  });

  CLI::App* import = command->add_subcommand(
      "import",
      "Add subscribers from CSV (columns as export writes them; email required), all "
      "or none");
  data_option(import);
  import->add_option("file", options->file, "CSV file")->required();
  import->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto text = fs::read_file(options->file);
  auto rows = text ? parse_csv(*text, options->file)
                   : Result<std::vector<std::vector<std::string>>>(text.error());
  auto sections = folder.store->sections();
  auto locale = read_site_setting(*folder.store, "site.locale");
  if (!rows || !sections || !locale) {
    status = report(!rows ? rows.error() : !sections ? sections.error() : locale.error());
    return;
  }
  auto subscribers = subscribers_from_csv(*rows, *sections, *locale, options->file, now_seconds());
  if (!subscribers) {
    status = report(subscribers.error());
    return;
  }
  auto added = folder.store->import_subscribers(*subscribers);
  if (!added) {
    status = report(added.error());
    return;
  }
  std::cout << "Imported " << *added << " subscribers (" << subscribers->size() - *added
            << " already known).\n";
});
}  // namespace tribune::cli
);

CLI::App* unsubscribe = command->add_subcommand("unsubscribe", "Unsubscribe an address");
data_option(unsubscribe);
unsubscribe->add_option("email", options->email, "the address")->required();
unsubscribe->callback([options, &status] {
  with_data_folder(options->data, status, [&](DataFolder& folder) {
    auto subscriber = folder.store->subscriber_by_email(options->email);
    Status left =
        subscriber ? folder.store->unsubscribe(subscriber->id) : Status(subscriber.error());
    if (!left) {
      status = report(left.error());
      return;
    }
    std::cout << options->email << " is unsubscribed.\n";
  });
});
}

}  // namespace tribune::cli
