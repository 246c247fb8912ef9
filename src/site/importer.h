// Importing articles written as Markdown files with front matter: parse every file, render
// it, and store them all in one transaction, so that a bad file imports nothing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace tribune {

struct ImportOptions {
  AuthorPolicy authors = AuthorPolicy::create_missing;
  std::string default_lang = "fr";  // for files without a lang field: the site's locale
  // The section (a path of names from the top) of files without a category field; empty: such
  // a file is an Error ("category: missing").
  std::vector<std::string> default_section;
  bool announce = false;  // mail subscribers when each article goes live (--publish)
  UnixSeconds now = 0;    // what "live" means for announce
  // A file whose slug an existing article has: a conflict (refuse), or that article's new
  // content (update: a revision signed by `who`, its state kept).
  TakenSlugPolicy taken = TakenSlugPolicy::refuse;
  Actor who{0, "command line"};
};

// What an import did, for its summary: the articles, and what it had to create for them (a
// typo in an author's name creates a new author: the summary is where it shows).
struct ImportReport {
  std::vector<Id> ids;                // the articles saved (new or updated), in file order
  int updated = 0;                    // how many of them were existing articles, updated
  std::vector<std::string> authors;   // authors created, by name
  std::vector<std::string> sections;  // sections created, as name paths ("Blog / Sécurité")
  std::vector<std::string> tags;      // tags created, by name
  int defaulted = 0;                  // articles without a category, filed under the default
};

// The files `paths` name: a file as it is, and in place of a folder every ".md" file under it
// (sub-folders included), sorted by path. An io Error names a folder that cannot be read or
// holds no ".md" file.
Result<std::vector<std::filesystem::path>> markdown_files(
    const std::vector<std::filesystem::path>& paths);

// Turns a parsed draft into what the store saves: final slug, language, rendered HTML, word
// count and description (the lede when the draft has none).
// Images in the body that name a picture of `media` (`![alt](name)`) become that picture
// (render/picture_html.h); others stay ordinary images.
NewArticle prepare_article(ArticleDraft draft, const std::string& default_lang,
                           const MediaByName& media = {});

// invalid_input naming `draft`'s source and field "image" when its featured picture is not
// in `media`.
Status check_featured_image(const ArticleDraft& draft, const MediaByName& media);

// Reads, parses and renders every file (in batches, on every core), saving them in one
// transaction: memory does not grow with the number of files. The first error (a file
// unreadable, a field missing or malformed, a duplicate slug) is returned, naming the file
// and the field, and nothing is saved. What the import created is found by comparing the
// store's authors, sections and tags before and after it.
Result<ImportReport> import_markdown_files(Store& store,
                                           const std::vector<std::filesystem::path>& files,
                                           const ImportOptions& options);

// Static pages ("À propos", "Mentions légales") written as Markdown files with front matter
// (content/front_matter.h, parse_page_file): every file is read, parsed and checked first (a
// page under another needs that page, saved before or among the files), and only then are
// they rendered and saved, parents first, each in its own transaction, replacing the page at
// its path. Returns the pages saved. An error in a file names it and its field, and nothing is
// saved; a storage failure while saving keeps the pages saved before it (each is whole).
Result<int> import_page_files(Store& store, const std::vector<std::filesystem::path>& files,
                              const std::string& default_lang, UnixSeconds now);

// One page file's content and where it came from (a path, for messages).
struct PageText {
  std::string source;
  std::string text;
};
// The same for files already read (the demo's, built into the binary).
Result<int> save_page_texts(Store& store, const std::vector<PageText>& texts,
                            const std::string& default_lang, UnixSeconds now);

}  // namespace tribune
