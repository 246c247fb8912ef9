// tribune subscribers list|counts|export|import|unsubscribe: the subscriber list from the
// command line. CSV as content/subscriber_csv.h reads and writes it.
#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "content/subscriber_csv.h"
#include "content/subscription.h"
#include "core/fs.h"
#include "site/site_settings.h"

namespace tribune::cli {
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
        std::string paths = subscriber_section_paths(subscriber, sections);
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
      std::string csv = write_subscribers_csv(subscribers, sections);
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

  CLI::App* import_csv = command->add_subcommand(
      "import",
      "Add subscribers from CSV (columns as export writes them; email required), all "
      "or none");
  data_option(import_csv);
  import_csv->add_option("file", options->file, "CSV file")->required();
  import_csv->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto text = fs::read_file(options->file);
      auto sections = folder.store->sections();
      auto locale = read_site_setting(*folder.store, "site.locale");
      if (!text || !sections || !locale) {
        status = report(!text ? text.error() : !sections ? sections.error() : locale.error());
        return;
      }
      auto subscribers = read_subscribers_csv(*text, *sections, *locale, now_seconds());
      if (!subscribers) {
        // The reader names the line; the command names the file too ("list.csv:3").
        const std::string& line = subscribers.error().source;
        status = report(
            with_source(subscribers.error(), options->file + (line.empty() ? "" : ":" + line)));
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
  });

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
