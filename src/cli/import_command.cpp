// tribune import markdown: imports articles from Markdown files with front matter (or every
// .md file of a folder), and says what the import created; tribune import wxr: a WordPress
// export.
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "cli/summary.h"
#include "i18n/catalog.h"
#include "site/importer.h"
#include "site/site_settings.h"
#include "wordpress/wxr_import.h"

namespace tribune::cli {
namespace {

// The section of articles without a category: import.default_section, or the catalog's
// "Non classé" / "Uncategorized" in the site's language (a name readers see on pages).
Result<std::vector<std::string>> default_section(DataFolder& folder, const std::string& locale) {
  auto setting = read_site_setting(*folder.store, "import.default_section");
  if (!setting) return setting.error();
  if (!setting->empty()) return std::vector<std::string>{*setting};
  auto catalogs = Catalogs::load(folder.config.data_dir() / "locales");
  if (!catalogs) return catalogs.error();
  const Catalog* catalog = catalogs->find(locale);
  if (catalog == nullptr) {
    return make_error(Errc::invalid_input, "no message catalog for '" + locale + "'",
                      "site.locale");
  }
  return std::vector<std::string>{catalog->format("section.uncategorized")};
}

// What an import files articles under when they say nothing: the site's language, and the
// section of articles without a category.
struct ImportDefaults {
  std::string locale;
  std::vector<std::string> section;
};

Result<ImportDefaults> import_defaults(DataFolder& folder) {
  auto locale = read_site_setting(*folder.store, "site.locale");
  if (!locale) return locale.error();
  auto section = default_section(folder, *locale);
  if (!section) return section.error();
  return ImportDefaults{*locale, *section};
}

// Prints what the import did: the articles (with --update, how many were created and how
// many replaced existing ones), and what it created for them.
void print_report(const ImportReport& report, bool publish, bool update,
                  const std::vector<std::string>& default_path) {
  const auto updated = static_cast<std::size_t>(report.updated);
  std::cout << "Imported " << count_of(report.ids.size(), "article");
  if (update)
    std::cout << ": " << report.ids.size() - updated << " created, " << updated << " updated";
  std::cout << (publish ? "; subscribers will be mailed as each goes live" : "") << ".\n";
  auto created = [](const std::vector<std::string>& names, const std::string& noun) {
    if (names.empty()) return;
    std::cout << "Created " << count_of(names.size(), noun) << ": ";
    for (std::size_t i = 0; i < names.size(); ++i) std::cout << (i ? ", " : "") << names[i];
    std::cout << "\n";
  };
  created(report.authors, "author");
  created(report.sections, "section");
  created(report.tags, "tag");
  if (report.defaulted > 0) {
    std::cout << count_of(static_cast<std::size_t>(report.defaulted), "article")
              << " without a category filed under \"" << default_path.front() << "\"\n";
  }
  if (!report.authors.empty()) {
    std::cout << "A misspelt author's name creates a new author: if one above is not new, "
                 "import with --existing-authors-only, which refuses authors not added with "
                 "'tribune user add'.\n";
  }
}

// Prints what a WordPress import did, kind by kind, and what it left behind.
void print_wxr_report(const WxrImportReport& report) {
  for (const char* kind :
       {"authors", "sections", "tags", "articles", "pages", "comments", "attachments"}) {
    auto found = report.counts.find(kind);
    if (found == report.counts.end()) continue;
    const WxrImportReport::Counts& counts = found->second;
    std::cout << kind << ": " << counts.created << " created, " << counts.updated << " updated, "
              << counts.unchanged << " unchanged";
    if (counts.skipped > 0) std::cout << ", " << counts.skipped << " skipped";
    std::cout << "\n";
  }
  for (const auto& [reason, count] : report.skipped) {
    std::cout << "skipped: " << count << " " << reason << "\n";
  }
  std::cout << "old addresses leading to their new place: " << report.old_addresses << "\n";
  if (!report.images_left.empty()) {
    std::cout << report.images_left.size()
              << " images are still served by the old site's uploads folder (keep it online):\n";
    for (const std::string& url : report.images_left) std::cout << "  " << url << "\n";
  }
}

}  // namespace

void add_import_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::vector<std::string> files;
    bool existing_authors_only = false;
    bool publish = false;
    bool update = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* import = app.add_subcommand("import", "Import articles and static pages");
  import->require_subcommand(1);
  CLI::App* markdown = import->add_subcommand(
      "markdown", "Import Markdown files with YAML front matter, all or none (one transaction)");
  markdown->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  markdown->add_flag("--existing-authors-only", options->existing_authors_only,
                     "refuse articles whose author was not added with 'tribune user add'");
  markdown->add_flag("--publish", options->publish,
                     "publish: mail the subscribers each article as it goes live (a plain "
                     "import mails no one)");
  markdown->add_flag("--update", options->update,
                     "a file whose slug an article already has replaces that article's content "
                     "(keeping a revision and its state) instead of failing the import");
  markdown
      ->add_option("files", options->files,
                   "Markdown files, or folders whose .md files (sub-folders included) are "
                   "imported in the order of their paths")
      ->required();
  auto wxr_file = std::make_shared<std::string>();
  CLI::App* wxr = import->add_subcommand(
      "wxr",
      "Import a WordPress export (Tools > Export, WXR; .xml or .xml.gz): authors, categories, "
      "tags, posts, pages, comments, view counts; all or nothing, and again without change");
  wxr->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  wxr->add_option("file", *wxr_file, "the WXR file")->required();
  wxr->callback([options, wxr_file, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto defaults = import_defaults(folder);
      if (!defaults) {
        status = report(defaults.error());
        return;
      }
      WxrImportOptions import_options;
      import_options.default_lang = defaults->locale;
      import_options.default_section = defaults->section;
      import_options.now = now_seconds();
      auto imported = import_wxr(*folder.store, *wxr_file, import_options);
      if (!imported) {
        status = report(imported.error());
        return;
      }
      print_wxr_report(*imported);
    });
  });

  CLI::App* pages = import->add_subcommand(
      "pages",
      "Save static pages (À propos, Mentions légales…) written as Markdown files with front "
      "matter (title, path, lang, description, draft, position); each replaces the page at its "
      "path");
  pages->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  pages
      ->add_option("files", options->files,
                   "Markdown files, or folders whose .md files (sub-folders included) are saved")
      ->required();
  pages->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto defaults = import_defaults(folder);
      if (!defaults) {
        status = report(defaults.error());
        return;
      }
      std::vector<std::filesystem::path> paths(options->files.begin(), options->files.end());
      auto files = markdown_files(paths);
      if (!files) {
        status = report(files.error());
        return;
      }
      auto saved = import_page_files(*folder.store, *files, defaults->locale, now_seconds());
      if (!saved) {
        status = report(saved.error());
        return;
      }
      std::cout << "Saved " << *saved << (*saved == 1 ? " page" : " pages") << "\n";
    });
  });

  markdown->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto defaults = import_defaults(folder);
      if (!defaults) {
        status = report(defaults.error());
        return;
      }
      ImportOptions import_options;
      import_options.default_lang = defaults->locale;
      import_options.default_section = defaults->section;
      import_options.authors = options->existing_authors_only ? AuthorPolicy::existing_only
                                                              : AuthorPolicy::create_missing;
      import_options.announce = options->publish;
      import_options.now = now_seconds();
      import_options.taken = options->update ? TakenSlugPolicy::update : TakenSlugPolicy::refuse;
      import_options.who = Actor{0, "command line"};
      std::vector<std::filesystem::path> paths(options->files.begin(), options->files.end());
      auto files = markdown_files(paths);
      if (!files) {
        status = report(files.error());
        return;
      }
      auto imported = import_markdown_files(*folder.store, *files, import_options);
      if (!imported) {
        status = report(imported.error());
        return;
      }
      print_report(*imported, options->publish, options->update, defaults->section);
    });
  });
}

}  // namespace tribune::cli
