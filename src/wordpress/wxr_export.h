// Exporting a whole site as a WordPress export (WXR 1.2, as WordPress's own Tools › Export
// writes it), so that a newsroom can move to WordPress, or back to Tribune, with its content.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/result.h"
#include "render/xml_writer.h"
#include "store/store.h"

namespace tribune {

// The site as the export's channel names it, and how its addresses are made.
struct WxrExportOptions {
  std::string site_url;  // absolute, without a trailing slash: "https://sahel.example"
  std::string title, description;
  std::string language;   // the site's locale, "fr"
  std::string permalink;  // the site's pattern (site/permalink.h), for each article's link
  std::string timezone;   // wp:post_date and wp:comment_date are the site's wall clock
  UnixSeconds now = 0;    // a published article dated after it is "future"
};

// What an export wrote, kind by kind.
struct WxrExportReport {
  int authors = 0, sections = 0, tags = 0, articles = 0, pages = 0, comments = 0, attachments = 0;
  int trashed_skipped = 0;  // articles in the trash, left out
};

// Writes every author, section (as a category: nested, parents first), tag, article (as a
// post, with its comments in every status, its view count and its featured image), static
// page (as a page) and recorded WordPress attachment (as an attachment) into `xml`, streaming:
// the articles are read one at a time, so memory does not grow with the archive. Articles
// keep the WordPress id they were imported from; the others get fresh ids above every
// WordPress id the site knows. Bodies are HTML (a Markdown article's rendering) in one
// Gutenberg "Custom HTML" block, which WordPress shows as it is (no paragraphs added). Articles
// in the trash are left out. Errors are the store's, or an invalid permalink setting's.
Result<WxrExportReport> write_wxr(Store& store, XmlWriter& xml, const WxrExportOptions& options);

// write_wxr into `file`, written as FILE.tmp then renamed over it, so that a failure (a full
// disk, a store error) leaves no half file, and the old one in place; private to its owner
// (0600: it holds commenters' email addresses). An io Error names the file it could not write.
Result<WxrExportReport> export_wxr_file(Store& store, const std::filesystem::path& file,
                                        const WxrExportOptions& options);

}  // namespace tribune
