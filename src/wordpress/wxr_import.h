// Importing a WordPress export (WXR): authors, categories, tags, posts, pages, comments, view
// counts and attachments, in one transaction, keyed by WordPress ids so that a second import
// of the same file changes nothing. The old addresses keep leading to what they showed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace tribune {

struct WxrImportOptions {
  std::string default_lang = "fr";  // for a site whose export names no language
  // The section of posts in no category (WordPress files them under "Uncategorized"; an
  // export of one without may not).
  std::vector<std::string> default_section = {"Non classé"};
  Actor who{0, "WordPress import"};  // signs the revisions an update leaves
  UnixSeconds now = 0;
};

// What an import did, kind by kind ("authors", "sections", "tags", "articles", "pages",
// "comments", "attachments").
struct WxrImportReport {
  struct Counts {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int skipped = 0;
  };
  std::map<std::string, Counts> counts;
  // Why objects were skipped, with how many each time ("menu items (nav_menu_item)": 4).
  std::map<std::string, int> skipped;
  int old_addresses = 0;  // addresses recorded that lead to what they showed
  // The pictures the articles show that are still served by the old site (its uploads
  // folder), by URL: they keep working while it stays up.
  std::vector<std::string> images_left;
};

// Reads the WXR file at `file` (.xml or .xml.gz) twice (the attachments and pages first, then
// everything, streaming: memory does not grow with the file) and saves it in one transaction.
// Errors name the file and line (a truncated file, an id that is not one) or the object at
// fault; after an Error nothing was saved. A file that is not a WordPress export says so.
Result<WxrImportReport> import_wxr(Store& store, const std::filesystem::path& file,
                                   const WxrImportOptions& options);

}  // namespace tribune
