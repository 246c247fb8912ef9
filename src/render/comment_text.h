// Readers' comments are plain text: this turns one into safe HTML — every character
// escaped, paragraphs and line breaks kept, web addresses made into links that pass no
// ranking and no opener. No HTML a reader typed ever reaches a page.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// `text` as HTML paragraphs (<p>…</p>, <br> for single line breaks), with http(s) addresses
// linked with rel="nofollow ugc noopener".
std::string comment_text_html(std::string_view text);

// True for an absolute http or https address with a host: the only kind of website a
// commenter's name may link to.
bool is_web_address(std::string_view url);

}  // namespace tribune
