// tribune init: creates a site in a data folder.
#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/config.h"
#include "core/settings_schema.h"
#include "i18n/catalog.h"
#include "site/site_settings.h"

#include <iostream>
#include <tuple>

namespace tribune::cli {

void add_init_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string name = "Tribune";
    std::string locale = "fr";
    std::string url;
    std::string database;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("init", "Create a new site in a data folder");
  command->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  command->add_option("--name", options->name, "the site's name")->capture_default_str();
  command->add_option("--locale", options->locale, "the interface language (fr, en)")
      ->capture_default_str();
  command->add_option("--url", options->url, "public address, e.g. https://example.org");
  command->add_option("--database", options->database,
                      "a PostgreSQL database shared by several servers, "
                      "postgres://USER:PASSWORD@HOST/NAME (default: an SQLite file in the folder)");
  command->callback([options, &status] {
    // Check everything before creating anything: a failed init leaves no half site.
    auto catalogs = Catalogs::load(std::nullopt);
    if (!catalogs) {
      status = report(catalogs.error());
      return;
    }
    // The same checks as `tribune config set`, so that init never saves what would stop the
    // server (a site.url without its scheme made every canonical link wrong).
    for (auto [key, option, value] : {std::tuple<const char*, const char*, const std::string&>{
                                          "site.locale", "--locale", options->locale},
                                      {"site.url", "--url", options->url}}) {
      Status valid = validate_site_setting(*find_setting(key), value, *catalogs);
      if (!valid) {
        Error error = valid.error();
        error.field = option;
        status = report(error);
        return;
      }
    }
    if (options->name.find_first_not_of(" \t") == std::string::npos) {
      status = report(make_error(Errc::invalid_input, "must not be empty", "--name"));
      return;
    }
    auto folder = create_data_folder(options->data, options->database);
    if (!folder) {
      status = report(folder.error());
      return;
    }
    for (auto [key, value] : {std::pair<const char*, std::string>{"site.name", options->name},
                              {"site.locale", options->locale},
                              {"site.url", options->url}}) {
      if (value.empty()) continue;
      Status saved = folder->store->set_setting(key, value);
      if (!saved) {
        status = report(saved.error());
        return;
      }
    }
    std::cout << "Created the site \"" << options->name << "\" in " << options->data
              << ". Start it with: tribune serve --data " << options->data << "\n";
  });
}

}  // namespace tribune::cli
