// The Markdown import pipeline.
#include "site/importer.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "content/front_matter.h"
#include "content/reading_time.h"
#include "content/slug.h"
#include "core/fs.h"
#include "render/html_body.h"
#include "render/markdown.h"
#include "render/picture_html.h"

namespace tribune {
namespace {

// Long enough for a search result snippet or a link preview, as search engines show them.
constexpr std::size_t kDescriptionBytes = 240;

}  // namespace

NewArticle prepare_article(ArticleDraft draft, const std::string& default_lang,
                           const MediaByName& media) {
  NewArticle article;
  article.lang = draft.lang.empty() ? default_lang : draft.lang;
  article.slug = draft.slug.empty() ? slugify(draft.title) : draft.slug;
  if (article.slug.empty()) article.slug = "article";
  RenderedMarkdown rendered =
      draft.body_format == BodyFormat::html
          ? render_html_body(draft.body_markdown)
          : render_markdown(
                draft.body_markdown,
                MarkdownOptions{.french_typography = article.lang == "fr",
                                .picture = [&media](std::string_view name, std::string_view alt)
                                    -> std::optional<std::string> {
                                  auto found = media.find(name);
                                  if (found == media.end()) return std::nullopt;
                                  return picture_html(found->second, alt, PictureRole::inline_);
                                }});
  article.body_html = std::move(rendered.html);
  article.word_count = count_words(rendered.plain_text, article.lang);
  article.description = draft.description.empty() ? shorten_text(rendered.lede, kDescriptionBytes)
                                                  : draft.description;
  article.draft = std::move(draft);
  return article;
}

Status check_featured_image(const ArticleDraft& draft, const MediaByName& media) {
  if (draft.image.empty() || media.contains(draft.image)) return Ok{};
  return with_source(make_error(Errc::invalid_input,
                                "the media library has no picture named '" + draft.image +
                                    "' (add it with `tribune media add`)",
                                "image"),
                     draft.source);
}

Result<int> import_page_files(Store& store, const std::vector<std::filesystem::path>& files,
                              const std::string& default_lang, UnixSeconds now) {
  std::vector<PageText> texts;
  for (const std::filesystem::path& file : files) {
    auto text = fs::read_file(file);
    if (!text) return text.error();
    texts.push_back({file.string(), std::move(*text)});
  }
  return save_page_texts(store, texts, default_lang, now);
}

Result<int> save_page_texts(Store& store, const std::vector<PageText>& texts,
                            const std::string& default_lang, UnixSeconds now) {
  auto existing = store.static_pages();
  if (!existing) return existing.error();
  std::set<std::string, std::less<>> paths;
  for (const StaticPage& page : *existing) paths.insert(page.path);
  struct PageFile {
    StaticPage page;
    std::string source;
  };
  std::vector<PageFile> pages;
  for (const PageText& text : texts) {
    auto page = parse_page_file(text.text, text.source);
    if (!page) return page.error();
    if (page->lang.empty()) page->lang = default_lang;
    paths.insert(page->path);
    pages.push_back({std::move(*page), text.source});
  }
  // Parents first: a page's path has one more "/" than its parent's.
  auto depth = [](const PageFile& file) {
    return std::count(file.page.path.begin(), file.page.path.end(), '/');
  };
  std::stable_sort(pages.begin(), pages.end(),
                   [&](const PageFile& a, const PageFile& b) { return depth(a) < depth(b); });
  for (const PageFile& file : pages) {
    const std::size_t slash = file.page.path.rfind('/');
    if (slash == std::string::npos || paths.contains(file.page.path.substr(0, slash))) continue;
    return with_source(
        make_error(Errc::invalid_input,
                   "no page at '" + file.page.path.substr(0, slash) + "' to put this one under",
                   "path"),
        file.source);
  }
  auto media = media_by_name(store);
  if (!media) return media.error();
  for (PageFile& file : pages) {
    // Rendered as an article's body is: French spacing, library pictures, sanitized HTML.
    ArticleDraft body;
    body.title = file.page.title;
    body.lang = file.page.lang;
    body.body_markdown = file.page.body_source;
    body.body_format = file.page.body_format;
    file.page.body_html = prepare_article(std::move(body), default_lang, *media).body_html;
    auto saved = store.save_static_page(file.page, now);
    if (!saved) return with_source(saved.error(), file.source);
  }
  return static_cast<int>(pages.size());
}

namespace {

// Files read, parsed and rendered per batch: enough to keep the threads busy, few enough that
// memory does not grow with the size of the import.
constexpr std::size_t kBatchFiles = 256;

// Reads, parses and renders files [begin, end) on every core; each slot holds its article or
// the file's error. Counts in `defaulted` the files filed under the default section.
std::vector<Result<NewArticle>> prepare_batch(const std::vector<std::filesystem::path>& files,
                                              std::size_t begin, std::size_t end,
                                              const ImportOptions& options,
                                              const MediaByName& media,
                                              std::atomic<int>& defaulted) {
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
      if (draft->section_path.empty()) {
        if (options.default_section.empty()) {
          Error missing = make_error(Errc::invalid_input, "missing", "category");
          prepared[i] = with_source(std::move(missing), file.string());
          continue;
        }
        draft->section_path = options.default_section;
        ++defaulted;
      }
      if (Status featured = check_featured_image(*draft, media); !featured) {
        prepared[i] = featured.error();
        continue;
      }
      NewArticle article = prepare_article(std::move(*draft), options.default_lang, media);
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

Result<std::vector<std::filesystem::path>> markdown_files(
    const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);  // a file, or a missing path that reading will report
      continue;
    }
    std::vector<std::filesystem::path> found;
    auto options = std::filesystem::directory_options::follow_directory_symlink;
    for (std::filesystem::recursive_directory_iterator it(path, options, error), end;
         !error && it != end; it.increment(error)) {
      std::error_code ignored;  // a file gone meanwhile is simply not imported
      if (it->path().extension() == ".md" && it->is_regular_file(ignored))
        found.push_back(it->path());
    }
    if (error) {
      return with_source(make_error(Errc::io, "cannot read the folder: " + error.message()),
                         path.string());
    }
    if (found.empty()) {
      return with_source(make_error(Errc::io, "the folder holds no .md file"), path.string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

namespace {

// The store's authors, sections and tags by id, as names: what an import is compared with.
struct Known {
  std::map<Id, std::string> authors;
  std::map<Id, std::string> sections;  // name paths from the top
  std::map<Id, std::string> tags;
};

Result<Known> read_known(Store& store) {
  Known known;
  auto authors = store.authors();
  if (!authors) return authors.error();
  for (const Author& author : *authors) known.authors[author.id] = author.name;
  auto sections = store.sections();  // parents before their children
  if (!sections) return sections.error();
  for (const Section& section : *sections) {
    auto parent =
        section.parent_id ? known.sections.find(*section.parent_id) : known.sections.end();
    known.sections[section.id] =
        parent == known.sections.end() ? section.name : parent->second + " / " + section.name;
  }
  auto tags = store.tags();
  if (!tags) return tags.error();
  for (const Tag& tag : *tags) known.tags[tag.id] = tag.name;
  return known;
}

// The names in `after` whose ids `before` lacks.
std::vector<std::string> added(const std::map<Id, std::string>& before,
                               const std::map<Id, std::string>& after) {
  std::vector<std::string> names;
  for (const auto& [id, name] : after) {
    if (!before.contains(id)) names.push_back(name);
  }
  return names;
}

}  // namespace

Result<ImportReport> import_markdown_files(Store& store,
                                           const std::vector<std::filesystem::path>& files,
                                           const ImportOptions& options) {
  // Another process creating an author during the import would be counted as the import's;
  // a summary for the operator can live with that.
  auto before = read_known(store);
  if (!before) return before.error();
  auto media = media_by_name(store);
  if (!media) return media.error();
  auto import = store.begin_import(options.authors, options.taken, options.who, options.now);
  if (!import) return import.error();
  ImportReport report;
  std::vector<Id>& ids = report.ids;
  ids.reserve(files.size());
  std::atomic<int> defaulted{0};
  // The next batch is prepared while the current one is written.
  auto prepare = [&](std::size_t begin) {
    return std::async(std::launch::async, [&, begin] {
      return prepare_batch(files, begin, std::min(files.size(), begin + kBatchFiles), options,
                           *media, defaulted);
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
  report.updated = (*import)->updated();
  TRIBUNE_TRY((*import)->commit());
  auto after = read_known(store);
  if (!after) return after.error();
  report.authors = added(before->authors, after->authors);
  report.sections = added(before->sections, after->sections);
  report.tags = added(before->tags, after->tags);
  report.defaulted = defaulted;
  return report;
}

}  // namespace tribune
