// tribune import markdown: imports articles from Markdown files with front matter.
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "site/importer.h"
#include "site/site_settings.h"

namespace tribune::cli {

void add_import_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::vector<std::string> files;
    bool existing_authors_only = false;
    bool publish = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* import = app.add_subcommand("import", "Import articles");
  import->require_subcommand(1);
  CLI::App* markdown = import->add_subcommand(
      "markdown", "Import Markdown files with YAML front matter, all or none (one transaction)");
  markdown->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  markdown->add_flag("--existing-authors-only", options->existing_authors_only,
                     "refuse articles whose author was not added with 'tribune user add'");
  markdown->add_flag("--publish", options->publish,
                     "publish: mail the subscribers each article as it goes live (a plain "
                     "import mails no one)");
  markdown->add_option("files", options->files, "Markdown files")->required();
  markdown->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto locale = read_site_setting(*folder.store, "site.locale");
      if (!locale) {
        status = report(locale.error());
        return;
      }
      ImportOptions import_options;
      import_options.default_lang = *locale;
      import_options.authors = options->existing_authors_only ? AuthorPolicy::existing_only
                                                              : AuthorPolicy::create_missing;
      import_options.announce = options->publish;
      import_options.now = now_seconds();
      std::vector<std::filesystem::path> paths(options->files.begin(), options->files.end());
      auto ids = import_markdown_files(*folder.store, paths, import_options);
      if (!ids) {
        status = report(ids.error());
        return;
      }
      std::cout << "Imported " << ids->size() << (ids->size() == 1 ? " article" : " articles")
                << (options->publish ? "; subscribers will be mailed as each goes live" : "")
                << ".\n";
    });
  });
}

}  // namespace tribune::cli
