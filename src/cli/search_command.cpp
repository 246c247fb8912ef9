// tribune search rebuild: indexes every article again, for an operator after an upgrade that
// changes how words are stemmed, or to time the index on a large archive.
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"

namespace tribune::cli {

void add_search_command(CLI::App& app, int& status) {
  auto data = std::make_shared<std::string>(default_data_dir().string());
  CLI::App* search = app.add_subcommand("search", "Look after the search index");
  search->require_subcommand(1);
  CLI::App* rebuild =
      search->add_subcommand("rebuild", "Index every article again (one transaction)");
  rebuild->add_option("--data", *data, "data folder (default: $TRIBUNE_DATA or .)");
  rebuild->callback([data, &status] {
    with_data_folder(*data, status, [&](DataFolder& folder) {
      const auto start = std::chrono::steady_clock::now();
      Status rebuilt = folder.store->rebuild_search_index();
      if (!rebuilt) {
        status = report(rebuilt.error());
        return;
      }
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      std::cout << "Search index rebuilt in " << took.count() << " s\n";
    });
  });
}

}  // namespace tribune::cli
