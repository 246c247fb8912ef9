// The Markdown export: front matter written by yaml-cpp's emitter (its quoting, not ours), the
// body's source after it, one file per article read one at a time.
#include "site/markdown_export.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "core/fs.h"

namespace tribune {
namespace {

constexpr int kBatch = 500;  // article ids read per page of find_articles

// Every text value double-quoted: a title such as "null", "yes" or "2025" stays text.
void text_field(YAML::Emitter& yaml, const char* key, const std::string& value) {
  yaml << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}

void list_field(YAML::Emitter& yaml, const char* key, const std::vector<std::string>& values) {
  yaml << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& value : values) yaml << YAML::DoubleQuoted << value;
  yaml << YAML::EndSeq;
}

// "---\nYAML\n---\nBODY": the body starts on the line after the closing "---", as the
// front matter parser reads it, so that it comes back byte for byte.
std::string front_matter_file(const YAML::Emitter& yaml, const std::string& body) {
  return std::string("---\n") + yaml.c_str() + "\n---\n" + body;
}

Status write_text_file(const std::filesystem::path& path, const std::string& content) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return with_source(make_error(Errc::io, "cannot create folder: " + error.message()),
                       path.parent_path().string());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return with_source(make_error(Errc::io, "cannot write the file"), path.string());
  return Ok{};
}

}  // namespace

std::string article_markdown(const Article& article) {
  YAML::Emitter yaml;
  yaml << YAML::BeginMap;
  text_field(yaml, "title", article.title);
  text_field(yaml, "author", article.author.name);
  std::vector<std::string> sections;
  for (const Section& section : article.sections) sections.push_back(section.name);
  if (!sections.empty()) list_field(yaml, "category", sections);
  yaml << YAML::Key << "date" << YAML::Value << format_iso8601(article.published_at);
  text_field(yaml, "lang", article.lang);
  std::vector<std::string> tags;
  for (const Tag& tag : article.tags) tags.push_back(tag.name);
  if (!tags.empty()) list_field(yaml, "tags", tags);
  yaml << YAML::Key << "views" << YAML::Value << article.views;
  text_field(yaml, "slug", article.slug);  // "null" is a slug, and YAML's null unquoted
  // Tribune's import knows drafts and published articles: an unpublished one comes back a
  // draft, hidden from readers as it was.
  yaml << YAML::Key << "draft" << YAML::Value << YAML::TrueFalseBool
       << (article.state != ArticleState::published);
  if (!article.description.empty()) text_field(yaml, "description", article.description);
  if (article.comments_closed) yaml << YAML::Key << "comments" << YAML::Value << "closed";
  if (!article.correction.empty()) text_field(yaml, "correction", article.correction);
  if (!article.image.empty()) text_field(yaml, "image", article.image);
  if (!article.image_alt.empty()) text_field(yaml, "image_alt", article.image_alt);
  if (!article.translation_of.empty()) {
    text_field(yaml, "translation_of", article.translation_of);
  }
  if (article.body_format == BodyFormat::html) {
    yaml << YAML::Key << "format" << YAML::Value << "html";
  }
  yaml << YAML::EndMap;
  return front_matter_file(yaml, article.body_markdown);
}

std::string page_markdown(const StaticPage& page) {
  YAML::Emitter yaml;
  yaml << YAML::BeginMap;
  text_field(yaml, "title", page.title);
  yaml << YAML::Key << "date" << YAML::Value << format_iso8601(page.published_at);
  text_field(yaml, "lang", page.lang);
  text_field(yaml, "slug", page.path.substr(page.path.rfind('/') + 1));
  yaml << YAML::Key << "draft" << YAML::Value << YAML::TrueFalseBool << page.draft;
  if (!page.description.empty()) text_field(yaml, "description", page.description);
  if (page.body_format == BodyFormat::html) {
    yaml << YAML::Key << "format" << YAML::Value << "html";
  }
  yaml << YAML::EndMap;
  return front_matter_file(yaml, page.body_source);
}

Result<MarkdownExportReport> export_markdown(Store& store, const std::filesystem::path& dir,
                                             UnixSeconds now) {
  std::error_code error;
  if (std::filesystem::exists(dir, error)) {
    if (!std::filesystem::is_directory(dir, error)) {
      return with_source(make_error(Errc::conflict, "is a file, not a folder"), dir.string());
    }
    if (!std::filesystem::is_empty(dir, error)) {
      return with_source(
          make_error(Errc::conflict, "is not empty: export into a new or empty folder"),
          dir.string());
    }
  }
  TRIBUNE_TRY(fs::create_private_directory(dir));

  // The ids first (a snapshot: an edit during the export moves nothing between pages), then
  // each article with its body.
  std::vector<Id> ids;
  ArticleFilter filter;
  filter.limit = kBatch;
  for (filter.offset = 0;; filter.offset += kBatch) {
    auto page = store.find_articles(filter);
    if (!page) return page.error();
    for (const DeskEntry& entry : page->articles) ids.push_back(entry.id);
    if (page->articles.size() < static_cast<std::size_t>(kBatch)) break;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  MarkdownExportReport report;
  auto counts = store.article_counts(now);
  if (!counts) return counts.error();
  report.trashed_skipped = counts->trash;
  for (Id id : ids) {
    auto article = store.article_for_editing(id);
    if (!article) {
      if (article.error().code == Errc::not_found) continue;  // deleted meanwhile
      return article.error();
    }
    if (article->state == ArticleState::trash) continue;
    TRIBUNE_TRY(
        write_text_file(dir / "articles" / (article->slug + ".md"), article_markdown(*article)));
    ++report.articles;
  }

  auto pages = store.static_pages();
  if (!pages) return pages.error();
  for (const StaticPage& page : *pages) {
    TRIBUNE_TRY(write_text_file(dir / "pages" / (page.path + ".md"), page_markdown(page)));
    ++report.pages;
  }
  return report;
}

}  // namespace tribune
