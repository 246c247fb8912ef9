// A WordPress post's content (the export's content:encoded) made into Tribune's article HTML:
// WordPress's paragraph rule, its media shortcodes expanded, then sanitized.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune {

// What a [gallery] or a [caption]'s image needs from the export's attachments.
struct WordpressAttachment {
  std::string url;
  std::string alt;
  std::string caption;
};

// Looks up an attachment by its WordPress post ID (nullopt: unknown).
using AttachmentLookup = std::function<std::optional<WordpressAttachment>(std::int64_t id)>;

// The attachments whose parent is the post being converted, in menu order (for a [gallery]
// without ids).
struct WordpressContext {
  AttachmentLookup attachment;
  std::vector<WordpressAttachment> post_attachments;
};

// Turns a post's content:encoded into sanitized HTML (render/html_sanitizer.h): shortcodes
// expanded (expand_shortcodes), then, for classic-editor content, WordPress's paragraph rule
// (wordpress_autop). Content with Gutenberg block markup ("<!-- wp:") is HTML already: its
// block comments go with the sanitizing, and no paragraphs are added. Never fails.
std::string wordpress_to_html(std::string_view content, const WordpressContext& context);

// WordPress's paragraph rule for classic-editor text (\r\n read as \n): text separated by a
// blank line is a <p>, a single line break inside one a <br />. Block-level elements (p, div,
// headings, lists, blockquote, pre, table, figure, hr…) are not wrapped, and the line breaks
// around them make no <br />; text directly inside a block element is wrapped only when it
// has blank lines (always in a blockquote). <pre>, <script> and <style> are left untouched;
// a comment alone on its line (<!--more-->) parts paragraphs; a line ending with <br> gets no
// second one. No empty paragraph is made.
std::string wordpress_autop(std::string_view text);

// Expands the shortcodes WordPress posts carry media with:
// - [caption …]<img …> text[/caption] (the image possibly in a link; older posts give the
//   text as caption="…") → <figure class="ALIGN">image<figcaption>text</figcaption></figure>;
// - [gallery ids="12,13"] → <ul class="gallery"> of <li class="gallery-item"><figure> with
//   each attachment's image and caption (unknown ids skipped; without ids, the post's own
//   attachments; none found: nothing);
// - [embed]URL[/embed], and an http(s) address alone on its line (WordPress's auto-embed),
//   → <p><a href="URL">URL</a></p>; [video]/[audio] with a source → a link to the file.
// Attribute values may be double-, single- or unquoted; whatever is built from them is
// escaped. Unknown shortcodes stay as text, as WordPress shows them; [[caption]] is the
// literal text [caption].
std::string expand_shortcodes(std::string_view text, const WordpressContext& context);

}  // namespace tribune
