// The Markdown import pipeline.
#include "site/importer.h"

#include <algorithm>
#include <future>
#include <thread>

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

namespace {

// Files read, parsed and rendered per batch: enough to keep the threads busy, few enough that
// memory does not grow with the size of the import.
constexpr std::size_t kBatchFiles = 256;

// Reads, parses and renders files [begin, end) on every core; each slot holds its article or
// the file's error.
std::vector<Result<NewArticle>> prepare_batch(const std::vector<std::filesystem::path>& files,
                                              std::size_t begin, std::size_t end,
                                              const ImportOptions& options) {
  std::vector<Result<NewArticle>> prepared(end - begin, Result<NewArticle>(Error{}));
  auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < end - begin; i += step) {
      const std::filesystem::path& file = files[begin + i];
      auto text = fs::read_file(file);
      if (!text) {
        prepared[i] = text.error();
        continue;
      }
      auto draft = parse_article_file(*text, file.string());
      if (!draft) {
        prepared[i] = draft.error();
        continue;
      }
      NewArticle article = prepare_article(std::move(*draft), options.default_lang);
      article.announce = options.announce && !article.draft.draft;
      prepared[i] = std::move(article);
    }
  };
  const std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& helper : helpers) helper.join();
  return prepared;
}

}  // namespace

Result<std::vector<Id>> import_markdown_files(Store& store,
                                              const std::vector<std::filesystem::path>& files,
                                              const ImportOptions& options) {
  auto import = store.begin_import(options.authors, options.now);
  if (!import) return import.error();
  std::vector<Id> ids;
  ids.reserve(files.size());
  // The next batch is prepared while the current one is written.
  auto prepare = [&](std::size_t begin) {
    return std::async(std::launch::async, [&, begin] {
      return prepare_batch(files, begin, std::min(files.size(), begin + kBatchFiles), options);
    });
  };
  std::future<std::vector<Result<NewArticle>>> next =
      files.empty() ? std::future<std::vector<Result<NewArticle>>>() : prepare(0);
  for (std::size_t begin = 0; begin < files.size(); begin += kBatchFiles) {
    std::vector<Result<NewArticle>> batch = next.get();
    if (begin + kBatchFiles < files.size()) next = prepare(begin + kBatchFiles);
    std::vector<NewArticle> articles;
    articles.reserve(batch.size());
    for (Result<NewArticle>& article : batch) {
      if (!article) {
        if (next.valid()) next.wait();  // its threads use `files` and `options`
        return article.error();
      }
      articles.push_back(std::move(*article));
    }
    auto saved = (*import)->add(articles);
    if (!saved) {
      if (next.valid()) next.wait();
      return saved.error();
    }
    ids.insert(ids.end(), saved->begin(), saved->end());
  }
  TRIBUNE_TRY((*import)->commit());
  return ids;
}

}  // namespace tribune
