// Fuzzes the Markdown import (content/front_matter.h, render/markdown.h): a file's front matter
// is parsed and validated, and its body rendered as the importer renders it.
#include "content/front_matter.h"
#include "fuzz/fuzz_check.h"
#include "render/html_body.h"
#include "render/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  std::string_view text = fuzz::as_text(data, size);
  auto draft = parse_article_file(text, "fuzz.md");
  if (draft) {
    // As the importer does (site/importer.cpp): French spacing for a French article.
    RenderedMarkdown rendered =
        draft->body_format == BodyFormat::html
            ? render_html_body(draft->body_markdown)
            : render_markdown(draft->body_markdown,
                              MarkdownOptions{.french_typography = draft->lang == "fr"});
    fuzz::check(rendered.lede.size() <= rendered.html.size(), "the lede is a part of the body");
  } else {
    fuzz::check(draft.error().code == Errc::invalid_input, "a refused file is invalid input");
  }
  // A file refused for its front matter still has a body worth rendering: the renderer sees
  // every input, in both typographies.
  (void)render_markdown(text, MarkdownOptions{.french_typography = size % 2 == 1});
  return 0;
}
