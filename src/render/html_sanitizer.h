// HTML from elsewhere (imported WordPress posts) made safe to show: parsed as a browser would
// (gumbo, HTML5), and written back with only the elements and attributes an article may hold.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// `html`, a body fragment, keeping only an allowlist of elements and attributes:
// - scripts, styles, frames, forms, embedded objects, SVG/MathML and comments (Gutenberg's
//   block comments included) go with their content;
// - other elements outside the allowlist (div, span, font, unknown tags…) are unwrapped:
//   their content stays, and text a block-level one (div, section…) held directly becomes a
//   paragraph, so that two blocks' words do not run together;
// - h1 becomes h2 (the page's title is its only h1);
// - links and images keep http(s) and relative addresses only (links also mailto:); a link
//   to an absolute address gets rel="nofollow noopener", an image loading="lazy" and
//   decoding="async"; an image without an acceptable src is dropped.
// The result is well-formed HTML5 that sanitizes to itself. Never fails: broken markup gives
// what a browser would show; past 200 nested elements only text is kept (and start tags
// nested past a few hundred levels are not even parsed: the parser is quadratic in depth).
std::string sanitize_html(std::string_view html);

}  // namespace tribune
