// cmark-gfm rendering with the GFM extensions a newsroom uses.
#include "render/markdown.h"

#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>

#include "content/typography.h"

namespace tribune {
namespace {

// Default options: no smart punctuation, so that the journalist's own typography (French
// guillemets, no-break spaces, apostrophes) is kept byte for byte; raw HTML is dropped.
constexpr int kCmarkOptions = CMARK_OPT_DEFAULT;

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
  rendered.html = take_string(cmark_render_html(document.get(), kCmarkOptions,
                                                cmark_parser_get_syntax_extensions(parser.get())));
  rendered.plain_text = take_string(cmark_render_plaintext(document.get(), kCmarkOptions, 0));
  rendered.lede = first_paragraph_text(document.get());
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
