// Readers' comments are plain text: this turns one into safe HTML — every character
// escaped, paragraphs and line breaks kept, web addresses made into links that pass no
// ranking and no opener. No HTML a reader typed ever reaches a page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tribune {

// `text` as HTML paragraphs (<p>…</p>, <br> for single line breaks), with http(s) addresses
// linked with rel="nofollow ugc noopener".
std::string comment_text_html(std::string_view text);

// Why `url` cannot be a commenter's website, so that the reader is told the real reason.
struct WebAddressFault {
  enum class Kind {
    scheme,     // it does not start with http:// or https://
    host,       // nothing (or a path) follows the scheme
    space,      // a space, or another character at or below U+0020
    character,  // `character` (" < > \), which would break out of the link's attribute
  };
  Kind kind = Kind::scheme;
  char character = 0;
};

// What keeps `url` from being an absolute http or https address with a host, the only kind of
// website a commenter's name may link to; nullopt when it is one. The first fault found, in
// the order above.
std::optional<WebAddressFault> web_address_fault(std::string_view url);

// True for an absolute http or https address with a host (no web_address_fault).
bool is_web_address(std::string_view url);

}  // namespace tribune
