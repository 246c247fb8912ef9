// Articles' Markdown (CommonMark with GitHub's tables, strikethrough and autolinks, through
// cmark-gfm) rendered to HTML once, when an article is saved, never per page view.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tribune {

struct MarkdownOptions {
  // Apply French spacing (content/typography.h) to text, never to code.
  bool french_typography = false;
  // Pictures of the media library: for an image written `![alt](destination)`, the HTML that
  // shows it (render/picture_html.h), or nullopt to keep it as an ordinary image.
  std::function<std::optional<std::string>(std::string_view destination, std::string_view alt)>
      picture;
};

struct RenderedMarkdown {
  std::string html;        // safe HTML: raw HTML in the source is not passed through
  std::string plain_text;  // the text without markup, for word counts and search
  std::string lede;        // the first paragraph as plain text
};

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options = {});

// `text` cut at a word boundary to at most `max_bytes` bytes, with "…" when it was cut.
std::string shorten_text(std::string_view text, std::size_t max_bytes);

}  // namespace tribune
