// Markdown files with YAML front matter, the format journalists and scripts import articles
// in (see README: "Importing articles"): parsing and validation into an ArticleDraft.
#pragma once

#include <string>
#include <string_view>

#include "content/article.h"
#include "content/static_page.h"
#include "core/result.h"

namespace tribune {

// Parses `text`, the content of the file `source`. Required fields: title, author, date;
// optional: category (empty section_path when absent), lang, tags, views, slug, draft,
// description, comments (open or closed), correction (one line: no control, separator or
// bidirectional character, see find_control_character), site (informational), image (a
// media library name; the importer checks the library has it) and image_alt.
// An invalid_input Error names `source` and the field at fault: missing or malformed fields,
// unknown fields, bytes that are not UTF-8, a missing front matter block. A quoted value
// whose quote is not closed before the next field's line is blamed on its own field, with the
// line where it opened (YAML would read the next fields into it and blame a later one).
Result<ArticleDraft> parse_article_file(std::string_view text, const std::string& source);

// Parses `text`, the content of the file `source`, as a static page ("À propos", "Mentions
// légales"): required title; optional path ("a-propos", or "a-propos/equipe" for a page under
// another; made from the title when absent), lang (empty: the site's), description, draft,
// position (order among its siblings in the footer), format. The body is left unrendered
// (body_html empty). Errors as parse_article_file's.
Result<StaticPage> parse_page_file(std::string_view text, const std::string& source);

}  // namespace tribune
