// A word-level comparison of two revisions (content/word_diff.h) as HTML: removed words in
// <del>, added words in <ins>, for the editor's revision pages.
#pragma once

#include <string>
#include <vector>

#include "content/word_diff.h"

namespace tribune {

// The segments' text, HTML-escaped, removed ones in <del>…</del> and added ones in
// <ins>…</ins>, the rest as is. Line breaks stay line breaks: the caller shows the result
// where whitespace is kept (white-space: pre-wrap) for the paragraphs to read as such.
std::string diff_to_html(const std::vector<DiffSegment>& segments);

}  // namespace tribune
