// Search results' marked text: the engines mark a reader's words in a title or a snippet
// with two control characters no article holds, and the store cuts it into SnippetParts.
#pragma once

#include <string_view>
#include <vector>

#include "store/search_store.h"

namespace tribune::sql {

// Put around each match by the engines' highlighting (the template shows them as <mark>).
inline constexpr char kMatchStart = '\x02';
inline constexpr char kMatchEnd = '\x03';

// `marked` cut at its marks: matched and unmatched parts in order, the marks left out.
std::vector<SnippetPart> split_marked(std::string_view marked);

}  // namespace tribune::sql
