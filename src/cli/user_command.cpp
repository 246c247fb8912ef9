// tribune user add|list: the authors who sign articles.
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"

namespace tribune::cli {

void add_user_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string name;
    std::string bio;
  };
  auto options = std::make_shared<Options>();
  CLI::App* user = app.add_subcommand("user", "Manage authors");
  user->require_subcommand(1);

  CLI::App* add = user->add_subcommand("add", "Add an author");
  add->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  add->add_option("--name", options->name, "full name, as bylines show it")->required();
  add->add_option("--bio", options->bio, "one sentence about the author");
  add->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto author = folder.store->add_author(options->name, options->bio);
      if (!author) {
        status = report(author.error());
        return;
      }
      std::cout << "Added " << author->name << " (/author/" << author->slug << "/)\n";
    });
  });

  CLI::App* list = user->add_subcommand("list", "List authors");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto authors = folder.store->authors();
      if (!authors) {
        status = report(authors.error());
        return;
      }
      for (const Author& author : *authors) std::cout << author.slug << "\t" << author.name << "\n";
    });
  });
}

}  // namespace tribune::cli
