// Article bodies written in HTML rather than Markdown (an import from WordPress): sanitized
// on every save, and read for their text and lede as Markdown bodies are.
#pragma once

#include <string_view>

#include "render/markdown.h"

namespace tribune {

// `html` through the allowlist sanitizer (render/html_sanitizer.h), with its text (for word
// counts and search) and its first paragraph's text (the lede).
RenderedMarkdown render_html_body(std::string_view html);

}  // namespace tribune
