// The Markdown import pipeline.
#include "site/importer.h"

#include "content/front_matter.h"
#include "content/reading_time.h"
#include "content/slug.h"
#include "core/fs.h"
#include "render/markdown.h"

namespace tribune {
namespace {

// Long enough for a search result snippet or a link preview, as search engines show them.
constexpr std::size_t kDescriptionBytes = 240;

}  // namespace

NewArticle prepare_article(ArticleDraft draft, const std::string& default_lang) {
  NewArticle article;
  article.lang = draft.lang.empty() ? default_lang : draft.lang;
  article.slug = draft.slug.empty() ? slugify(draft.title) : draft.slug;
  if (article.slug.empty()) article.slug = "article";
  RenderedMarkdown rendered = render_markdown(
      draft.body_markdown, MarkdownOptions{.french_typography = article.lang == "fr"});
  article.body_html = std::move(rendered.html);
  article.word_count = count_words(rendered.plain_text, article.lang);
  article.description = draft.description.empty() ? shorten_text(rendered.lede, kDescriptionBytes)
                                                  : draft.description;
  article.draft = std::move(draft);
  return article;
}

Result<std::vector<Id>> import_markdown_files(Store& store,
                                              const std::vector<std::filesystem::path>& files,
                                              const ImportOptions& options) {
  std::vector<NewArticle> articles;
  for (const std::filesystem::path& file : files) {
    auto text = fs::read_file(file);
    if (!text) return text.error();
    auto draft = parse_article_file(*text, file.string());
    if (!draft) return draft.error();
    articles.push_back(prepare_article(std::move(*draft), options.default_lang));
    articles.back().announce = options.announce && !articles.back().draft.draft;
  }
  return store.save_articles(articles, options.authors, options.now);
}

}  // namespace tribune
