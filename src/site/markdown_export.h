// Exporting a site's articles as Markdown files with front matter, the very format
// `import markdown` reads (site/importer.h), and its static pages beside them.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace tribune {

// What an export wrote.
struct MarkdownExportReport {
  int articles = 0;
  int pages = 0;
  int trashed_skipped = 0;  // articles in the trash, left out
};

// One article as a file `import markdown` reads back into the same article: YAML front matter
// (title, author, category as section names from the top, date in ISO 8601 UTC, lang, tags,
// views, slug, draft (true for any state but published), description, comments: closed when
// closed, correction, translation_of, format: html for an HTML body), then the body's source.
std::string article_markdown(const Article& article);

// One static page the same way, without author and category (the Markdown import reads no
// pages back: they are for the newsroom's records, or another system).
std::string page_markdown(const StaticPage& page);

// Writes every article but those in the trash to `dir`/articles/SLUG.md (a folder `import
// markdown` reads back whole), and every static page to `dir`/pages/PATH.md, reading the articles
// one at a time (memory does not grow with the archive). `dir` is created (private to its owner:
// drafts are in it) and must not exist with anything in it: conflict otherwise, so that no earlier
// export is mixed with this one. io Errors name the file that could not be written.
Result<MarkdownExportReport> export_markdown(Store& store, const std::filesystem::path& dir,
                                             UnixSeconds now);

}  // namespace tribune
