// tribune export wxr: the whole site as a WordPress export (WXR 1.2), to a file or standard
// output; tribune export markdown: every article as a Markdown file `import markdown` reads.
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "cli/summary.h"
#include "site/markdown_export.h"
#include "site/site_settings.h"
#include "wordpress/wxr_export.h"

namespace tribune::cli {
namespace {

// The export's view of the site: its settings, with the server's own address standing in for
// an empty site.url (as the pages' links do).
Result<WxrExportOptions> export_options(DataFolder& folder) {
  auto settings = SiteSettings::load(*folder.store, "http://" + folder.config.get("server.listen"));
  if (!settings) return settings.error();
  WxrExportOptions options;
  options.site_url = settings->url;
  options.title = settings->name;
  options.description = settings->description;
  options.language = settings->locale;
  options.permalink = settings->permalink;
  options.timezone = settings->timezone;
  options.now = now_seconds();
  return options;
}

}  // namespace

void add_export_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string output;
    std::string folder;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("export", "Export the site, so that it can move");
  command->require_subcommand(1);

  CLI::App* wxr = command->add_subcommand(
      "wxr",
      "Write the whole site as a WordPress export (WXR 1.2: Tools > Import > WordPress): "
      "authors, sections as categories, tags, articles as posts with their comments and view "
      "counts, static pages, attachments");
  wxr->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  wxr->add_option("--output,-o", options->output,
                  "the file to write (written as FILE.tmp, then renamed: a failure leaves no "
                  "half file); standard output when not given");
  wxr->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto export_settings = export_options(folder);
      if (!export_settings) {
        status = report(export_settings.error());
        return;
      }
      if (options->output.empty()) {
        XmlWriter xml(stdout);
        auto written = write_wxr(*folder.store, xml, *export_settings);
        Status closed = xml.close();
        if (!written) {
          status = report(written.error());
        } else if (!closed) {
          status = report(with_source(closed.error(), "standard output"));
        }
        return;
      }
      auto written = export_wxr_file(*folder.store, options->output, *export_settings);
      if (!written) {
        status = report(written.error());
        return;
      }
      // A summary only when the export went to a file: on standard output it would be part
      // of the XML.
      std::cout << "Exported to " << options->output << ": "
                << count_of(written->articles, "article") << ", "
                << count_of(written->pages, "page") << ", "
                << count_of(written->comments, "comment") << ", "
                << count_of(written->authors, "author") << ", "
                << count_of(written->sections, "section") << ", " << count_of(written->tags, "tag")
                << ", " << count_of(written->attachments, "attachment") << ".\n";
      if (written->trashed_skipped > 0) {
        std::cout << "Left out " << count_of(written->trashed_skipped, "article")
                  << " in the trash.\n";
      }
    });
  });

  CLI::App* markdown = command->add_subcommand(
      "markdown",
      "Write every article as DIR/articles/SLUG.md (front matter that 'import markdown' reads "
      "back) and "
      "every static page as DIR/pages/PATH.md; DIR must be new or empty");
  markdown->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  markdown->add_option("folder", options->folder, "the folder to write into (new or empty)")
      ->required();
  markdown->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto written = export_markdown(*folder.store, options->folder, now_seconds());
      if (!written) {
        status = report(written.error());
        return;
      }
      std::cout << "Exported " << count_of(written->articles, "article") << " to "
                << (std::filesystem::path(options->folder) / "articles").string();
      if (written->pages > 0) {
        std::cout << " and " << count_of(written->pages, "static page") << " to "
                  << (std::filesystem::path(options->folder) / "pages").string();
      }
      std::cout << ". Import the articles back with 'tribune import markdown "
                << (std::filesystem::path(options->folder) / "articles").string()
                << "': the Markdown import reads no static pages.\n";
      if (written->trashed_skipped > 0) {
        std::cout << "Left out " << count_of(written->trashed_skipped, "article")
                  << " in the trash.\n";
      }
    });
  });
}

}  // namespace tribune::cli
