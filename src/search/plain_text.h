// The text of an article's HTML body as search indexes it and shows it in snippets: tags
// gone, entities decoded, blocks kept apart by line breaks.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// The text of HTML fragment `html` (an article's body). Scripts, styles and comments are not
// text. Malformed HTML gives what a browser would show, never an error.
std::string html_to_plain_text(std::string_view html);

}  // namespace tribune
