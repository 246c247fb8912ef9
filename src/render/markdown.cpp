// cmark-gfm rendering with the GFM extensions a newsroom uses.
#include "render/markdown.h"

#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <vector>

#include "content/typography.h"

namespace tribune {
namespace {

// Default options: no smart punctuation, so that the journalist's own typography (French
// guillemets, no-break spaces, apostrophes) is kept byte for byte; raw HTML is dropped.
constexpr int kCmarkOptions = CMARK_OPT_DEFAULT;
// What raw HTML from the source becomes: what cmark writes in its place without
// CMARK_OPT_UNSAFE.
constexpr const char* kRawHtmlOmitted = "<!-- raw HTML omitted -->";

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};

std::string take_string(char* text) {
  std::string out = text != nullptr ? text : "";
  free(text);  // NOLINT: cmark allocates with malloc
  return out;
}

void apply_french_spacing(cmark_node* root) {
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_TEXT) {
      const char* literal = cmark_node_get_literal(node);
      if (literal != nullptr) {
        std::string spaced = french_spacing(literal);
        cmark_node_set_literal(node, spaced.c_str());
      }
    }
  }
  cmark_iter_free(iter);
}

std::string first_paragraph_text(cmark_node* root) {
  for (cmark_node* node = cmark_node_first_child(root); node != nullptr;
       node = cmark_node_next(node)) {
    if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH) {
      std::string text = take_string(cmark_render_plaintext(node, CMARK_OPT_DEFAULT, 0));
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      return text;
    }
  }
  return {};
}

// The nodes of `root` of type `type`, in document order.
std::vector<cmark_node*> nodes_of_type(cmark_node* root, cmark_node_type type) {
  std::vector<cmark_node*> found;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == type) found.push_back(node);
  }
  cmark_iter_free(iter);
  return found;
}

// The text of `node`'s children: an image's alt text.
std::string text_of(cmark_node* node) {
  std::string text;
  cmark_iter* iter = cmark_iter_new(node);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    cmark_node* child = cmark_iter_get_node(iter);
    if (event != CMARK_EVENT_ENTER) continue;
    const cmark_node_type type = cmark_node_get_type(child);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* literal = cmark_node_get_literal(child)) text += literal;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      text += ' ';
    }
  }
  cmark_iter_free(iter);
  return text;
}

// Replaces the images `picture` knows with its HTML. The source's own raw HTML is first
// replaced by the notice cmark would write, so that rendering with CMARK_OPT_UNSAFE (needed
// for the pictures' HTML) passes through nothing the author wrote. Returns whether any image
// was replaced (the document must then be rendered unsafe).
bool replace_pictures(cmark_node* root, const MarkdownOptions& options) {
  std::vector<std::pair<cmark_node*, std::string>> replacements;
  for (cmark_node* image : nodes_of_type(root, CMARK_NODE_IMAGE)) {
    const char* url = cmark_node_get_url(image);
    if (url == nullptr) continue;
    if (auto html = options.picture(url, text_of(image))) replacements.emplace_back(image, *html);
  }
  if (replacements.empty()) return false;
  for (cmark_node_type type : {CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK}) {
    for (cmark_node* raw : nodes_of_type(root, type)) {
      cmark_node_set_literal(raw, kRawHtmlOmitted);
    }
  }
  for (auto& [image, html] : replacements) {
    cmark_node* inline_html = cmark_node_new(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(inline_html, html.c_str());
    cmark_node_replace(image, inline_html);
    cmark_node_free(image);
  }
  return true;
}

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options) {
  // cmark-gfm registers its extensions in a global list without a lock: once, for all threads.
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kCmarkOptions));
  for (const char* name : {"table", "strikethrough", "autolink"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
  if (options.french_typography) apply_french_spacing(document.get());

  RenderedMarkdown rendered;
  // The text first: pictures count no words.
  rendered.plain_text = take_string(cmark_render_plaintext(document.get(), kCmarkOptions, 0));
  rendered.lede = first_paragraph_text(document.get());
  const bool pictures = options.picture && replace_pictures(document.get(), options);
  rendered.html = take_string(
      cmark_render_html(document.get(), pictures ? kCmarkOptions | CMARK_OPT_UNSAFE : kCmarkOptions,
                        cmark_parser_get_syntax_extensions(parser.get())));
  return rendered;
}

std::string shorten_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut == 0) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string shortened(text.substr(0, cut));
  while (!shortened.empty() && (shortened.back() == ',' || shortened.back() == ' ')) {
    shortened.pop_back();
  }
  return shortened + "…";
}

}  // namespace tribune
