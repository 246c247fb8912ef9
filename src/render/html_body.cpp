// HTML bodies: the sanitizer's output, and libxml2's reading of its text.
#include "render/html_body.h"

#include "render/html_sanitizer.h"
#include "search/plain_text.h"

namespace tribune {

RenderedMarkdown render_html_body(std::string_view html) {
  RenderedMarkdown rendered;
  rendered.html = sanitize_html(html);
  rendered.plain_text = html_to_plain_text(rendered.html);
  // The lede: the first line of text (blocks are separated by line breaks).
  std::string_view text = rendered.plain_text;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) {
      rendered.lede = std::string(line);
      break;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return rendered;
}

}  // namespace tribune
