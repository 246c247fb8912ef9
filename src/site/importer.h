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
  bool announce = false;            // mail subscribers when each article goes live (--publish)
  UnixSeconds now = 0;              // what "live" means for announce
};

// Turns a parsed draft into what the store saves: final slug, language, rendered HTML, word
// count and description (the lede when the draft has none).
NewArticle prepare_article(ArticleDraft draft, const std::string& default_lang);

// Reads, parses and renders every file (in batches, on every core), saving them in one
// transaction: memory does not grow with the number of files. The first error (a file
// unreadable, a field missing or malformed, a duplicate slug) is returned, naming the file
// and the field, and nothing is saved.
Result<std::vector<Id>> import_markdown_files(Store& store,
                                              const std::vector<std::filesystem::path>& files,
                                              const ImportOptions& options);

}  // namespace tribune
