// The WXR export: the channel and its catalog first, then one item per article (read one at a
// time), page and attachment, in the order and shape of WordPress's own exporter.
#include "wordpress/wxr_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "content/slug.h"
#include "core/fs.h"
#include "i18n/catalog.h"
#include "render/html.h"
#include "site/permalink.h"

namespace tribune {
namespace {

constexpr int kBatch = 500;  // article ids read per page of find_articles

// "2025-07-11 09:00:00", as WordPress's database writes dates (in UTC for the *_gmt fields).
std::string wordpress_date_utc(UnixSeconds when) {
  std::string iso = format_iso8601(when);  // 2025-07-11T09:00:00Z
  iso[10] = ' ';
  iso.pop_back();
  return iso;
}

// The same moment as the site's wall clock shows it (WordPress's post_date).
std::string wordpress_date_local(UnixSeconds when, const std::string& timezone) {
  char seconds[4];
  std::snprintf(seconds, sizeof seconds, ":%02d", static_cast<int>(((when % 60) + 60) % 60));
  std::string local = local_datetime(when, timezone) + seconds;
  local[10] = ' ';
  return local;
}

// "+0000" pubDate, RFC 822 as RSS wants it.
std::string rss_date(UnixSeconds when) { return format_http_date(when); }

// A body as WordPress stores post content: the HTML in one Custom HTML block, which WordPress
// prints as it is. Without the block markup, WordPress's paragraph rule (wpautop) would add a
// <br /> at each line break inside a paragraph of the rendered Markdown, and Tribune's own
// import would do the same. No line breaks are added around the HTML (WordPress's editor writes
// some): the body comes back byte for byte.
std::string block_content(const std::string& html) {
  if (html.empty()) return {};
  return "<!-- wp:html -->" + html + "<!-- /wp:html -->";
}

// Plain text (a comment, a description) as WordPress's HTML fields hold it: escaped, so that
// "a < b" stays text there and in Tribune's import (which reads these fields as HTML).
std::string as_html_text(const std::string& text) { return escape_html(text); }

class Exporter {
 public:
  Exporter(Store& store, XmlWriter& xml, const WxrExportOptions& options, Permalink permalink)
      : store_(store), xml_(xml), options_(options), permalink_(std::move(permalink)) {}

  Result<WxrExportReport> run() {
    TRIBUNE_TRY(survey());
    start_channel();
    TRIBUNE_TRY(write_authors());
    TRIBUNE_TRY(write_terms());
    for (const auto& [article_id, origin] : articles_) {
      TRIBUNE_TRY(write_article(article_id, origin));
    }
    TRIBUNE_TRY(write_pages());
    write_attachments();
    xml_.end();  // channel
    xml_.end();  // rss
    return report_;
  }

 private:
  struct ArticleRef {
    Id post_id = 0;              // in the export
    Id featured_attachment = 0;  // WordPress's _thumbnail_id, 0 for none
  };

  // The article ids (a snapshot, as WordPress takes one, so that an edit during the export
  // moves nothing between pages), the WordPress ids they came from, and the attachments.
  Status survey() {
    ArticleFilter filter;
    filter.limit = kBatch;
    std::vector<Id> ids;
    for (filter.offset = 0;; filter.offset += kBatch) {
      auto page = store_.find_articles(filter);
      if (!page) return page.error();
      for (const DeskEntry& entry : page->articles) ids.push_back(entry.id);
      if (page->articles.size() < static_cast<std::size_t>(kBatch)) break;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto counts = store_.article_counts(options_.now);
    if (!counts) return counts.error();
    report_.trashed_skipped = counts->trash;

    Id highest = 0;
    std::vector<std::pair<Id, WordpressOrigin>> origins;
    origins.reserve(ids.size());
    for (Id id : ids) {
      auto origin = store_.wordpress_origin(id);
      if (!origin) return origin.error();
      highest = std::max(highest, origin->wp_id);
      origins.emplace_back(id, *origin);
    }
    auto media = store_.wordpress_media();
    if (!media) return media.error();
    media_ = std::move(*media);
    for (const WordpressMedia& item : media_) {
      highest = std::max({highest, item.wp_id, item.parent_wp_id});
    }
    next_id_ = highest + 1;
    for (const auto& [id, origin] : origins) {
      const Id post_id = origin.wp_id != 0 ? origin.wp_id : next_id_++;
      articles_.emplace_back(id, ArticleRef{post_id, origin.featured_attachment});
      exported_posts_.insert(post_id);
    }
    return Ok{};
  }

  void start_channel() {
    xml_.start("rss");
    xml_.attribute("version", "2.0");
    xml_.attribute("xmlns:excerpt", "http://wordpress.org/export/1.2/excerpt/");
    xml_.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
    xml_.attribute("xmlns:wfw", "http://wellformedweb.org/CommentAPI/");
    xml_.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xml_.attribute("xmlns:wp", "http://wordpress.org/export/1.2/");
    xml_.start("channel");
    xml_.element("title", options_.title);
    xml_.element("link", options_.site_url);
    xml_.element("description", options_.description);
    xml_.element("pubDate", rss_date(options_.now));
    xml_.element("language", options_.language);
    xml_.element("wp:wxr_version", "1.2");
    xml_.element("wp:base_site_url", options_.site_url);
    xml_.element("wp:base_blog_url", options_.site_url);
  }

  void cdata_element(std::string_view name, std::string_view text) {
    xml_.start(name);
    xml_.cdata(text);
    xml_.end();
  }

  Status write_authors() {
    auto authors = store_.authors();
    if (!authors) return authors.error();
    for (const Author& author : *authors) {
      xml_.start("wp:author");
      xml_.element("wp:author_id", std::to_string(author.id));
      xml_.element("wp:author_login", author.slug);  // WordPress logins: the byline's slug
      xml_.element("wp:author_email", author.email);
      cdata_element("wp:author_display_name", author.name);
      cdata_element("wp:author_first_name", "");
      cdata_element("wp:author_last_name", "");
      xml_.end();
      ++report_.authors;
    }
    return Ok{};
  }

  Status write_terms() {
    auto sections = store_.sections();
    if (!sections) return sections.error();
    // WordPress's category slugs are unique across the site, Tribune's only among siblings
    // ("afrique/securite", "sahel/securite"): a slug used twice is written as its path.
    std::map<std::string, int> uses;
    for (const Section& section : *sections) ++uses[section.slug];
    for (const Section& section : *sections) {
      std::string nicename = section.slug;
      if (uses[section.slug] > 1) nicename = slugify(section.path);
      nicenames_[section.id] = nicename;
    }
    Id highest_section = 0;
    for (const Section& section : *sections) {  // parents first: sorted by path
      highest_section = std::max(highest_section, section.id);
      xml_.start("wp:category");
      xml_.element("wp:term_id", std::to_string(section.id));
      xml_.element("wp:category_nicename", nicenames_[section.id]);
      xml_.element("wp:category_parent",
                   section.parent_id ? nicenames_[*section.parent_id] : std::string());
      cdata_element("wp:cat_name", section.name);
      xml_.end();
      ++report_.sections;
    }
    auto tags = store_.tags();
    if (!tags) return tags.error();
    for (const Tag& tag : *tags) {
      xml_.start("wp:tag");
      // WordPress numbers all terms in one sequence: tags after the categories.
      xml_.element("wp:term_id", std::to_string(highest_section + tag.id));
      xml_.element("wp:tag_slug", tag.slug);
      cdata_element("wp:tag_name", tag.name);
      xml_.end();
      ++report_.tags;
    }
    return Ok{};
  }

  void meta(std::string_view key, std::string_view value) {
    xml_.start("wp:postmeta");
    xml_.element("wp:meta_key", key);
    cdata_element("wp:meta_value", value);
    xml_.end();
  }

  // The fields every item starts with, as WordPress orders them.
  struct ItemHead {
    std::string title, link, creator, guid, content, excerpt;
    Id post_id = 0;
    UnixSeconds date = 0;
    std::string comment_status = "closed", post_name, status;
    Id parent = 0;
    int menu_order = 0;
    std::string post_type;
  };

  void write_head(const ItemHead& head) {
    xml_.start("item");
    xml_.element("title", head.title);
    xml_.element("link", head.link);
    xml_.element("pubDate", rss_date(head.date));
    cdata_element("dc:creator", head.creator);
    xml_.start("guid");
    xml_.attribute("isPermaLink", "false");
    xml_.text(head.guid);
    xml_.end();
    xml_.element("description", "");
    cdata_element("content:encoded", head.content);
    cdata_element("excerpt:encoded", head.excerpt);
    xml_.element("wp:post_id", std::to_string(head.post_id));
    xml_.element("wp:post_date", wordpress_date_local(head.date, options_.timezone));
    xml_.element("wp:post_date_gmt", wordpress_date_utc(head.date));
    xml_.element("wp:comment_status", head.comment_status);
    xml_.element("wp:ping_status", "closed");
    xml_.element("wp:post_name", head.post_name);
    xml_.element("wp:status", head.status);
    xml_.element("wp:post_parent", std::to_string(head.parent));
    xml_.element("wp:menu_order", std::to_string(head.menu_order));
    xml_.element("wp:post_type", head.post_type);
    xml_.element("wp:post_password", "");
    xml_.element("wp:is_sticky", "0");
  }

  std::string guid(Id post_id) const {
    return options_.site_url + "/?p=" + std::to_string(post_id);
  }

  std::string status_of(const Article& article) const {
    switch (article.state) {
      case ArticleState::published:
        return article.published_at > options_.now ? "future" : "publish";
      case ArticleState::draft:
        return "draft";
      case ArticleState::unpublished:
        return "private";  // hidden from readers, kept: WordPress's nearest
      case ArticleState::trash:
        return "trash";
    }
    return "draft";
  }

  Status write_article(Id id, const ArticleRef& ref) {
    auto found = store_.article_for_editing(id);
    if (!found) {
      if (found.error().code == Errc::not_found) return Ok{};  // deleted meanwhile
      return found.error();
    }
    const Article& article = *found;
    if (article.state == ArticleState::trash) return Ok{};  // trashed meanwhile
    ItemHead head;
    head.title = article.title;
    head.link = options_.site_url + permalink_.path_of(article);
    head.creator = article.author.slug;
    head.guid = guid(ref.post_id);
    head.content = block_content(article.body_format == BodyFormat::html ? article.body_markdown
                                                                         : article.body_html);
    head.excerpt = as_html_text(article.description);
    head.post_id = ref.post_id;
    head.date = article.published_at;
    head.comment_status = article.comments_closed ? "closed" : "open";
    head.post_name = article.slug;
    head.status = status_of(article);
    head.post_type = "post";
    write_head(head);
    if (!article.sections.empty()) {
      const Section& own = article.sections.back();
      xml_.start("category");
      xml_.attribute("domain", "category");
      xml_.attribute("nicename", nicenames_.count(own.id) ? nicenames_[own.id] : own.slug);
      xml_.cdata(own.name);
      xml_.end();
    }
    for (const Tag& tag : article.tags) {
      xml_.start("category");
      xml_.attribute("domain", "post_tag");
      xml_.attribute("nicename", tag.slug);
      xml_.cdata(tag.name);
      xml_.end();
    }
    meta("views", std::to_string(article.views));
    if (ref.featured_attachment != 0) {
      meta("_thumbnail_id", std::to_string(ref.featured_attachment));
    }
    // What WordPress has no field for, kept for whoever reads the export next.
    meta("_tribune_lang", article.lang);
    if (!article.correction.empty()) meta("_tribune_correction", article.correction);
    if (!article.translation_of.empty()) meta("_tribune_translation_of", article.translation_of);
    TRIBUNE_TRY(write_comments(article.id));
    xml_.end();  // item
    ++report_.articles;
    return Ok{};
  }

  Status write_comments(Id article_id) {
    std::vector<Comment> all;
    for (CommentStatus status : {CommentStatus::pending, CommentStatus::approved,
                                 CommentStatus::spam, CommentStatus::trash}) {
      auto comments = store_.comments(article_id, status);
      if (!comments) return comments.error();
      for (Comment& comment : *comments) all.push_back(std::move(comment));
    }
    // In posting order, so that every reply's parent comes before it (WordPress's importer
    // links a reply only to a parent it has imported already).
    std::sort(all.begin(), all.end(),
              [](const Comment& a, const Comment& b) { return a.id < b.id; });
    for (const Comment& comment : all) {
      xml_.start("wp:comment");
      xml_.element("wp:comment_id", std::to_string(comment.id));
      cdata_element("wp:comment_author", comment.author_name);
      xml_.element("wp:comment_author_email", comment.author_email);
      xml_.element("wp:comment_author_url", comment.author_url);
      xml_.element("wp:comment_author_IP", "");
      xml_.element("wp:comment_date", wordpress_date_local(comment.created_at, options_.timezone));
      xml_.element("wp:comment_date_gmt", wordpress_date_utc(comment.created_at));
      cdata_element("wp:comment_content", as_html_text(comment.body));
      xml_.element("wp:comment_approved", comment.status == CommentStatus::approved  ? "1"
                                          : comment.status == CommentStatus::pending ? "0"
                                          : comment.status == CommentStatus::spam    ? "spam"
                                                                                     : "trash");
      xml_.element("wp:comment_type", "comment");
      xml_.element("wp:comment_parent", std::to_string(comment.parent_id.value_or(0)));
      xml_.element("wp:comment_user_id", "0");
      if (comment.from_newsroom) {
        xml_.start("wp:commentmeta");
        xml_.element("wp:meta_key", "_tribune_from_newsroom");
        cdata_element("wp:meta_value", "1");
        xml_.end();
      }
      xml_.end();
      ++report_.comments;
    }
    return Ok{};
  }

  Status write_pages() {
    auto pages = store_.static_pages();
    if (!pages) return pages.error();
    auto authors = store_.authors();
    if (!authors) return authors.error();
    std::unordered_map<Id, std::string> author_slugs;
    for (const Author& author : *authors) author_slugs[author.id] = author.slug;
    std::unordered_map<Id, Id> post_ids;     // page id → its id in the export
    for (const StaticPage& page : *pages) {  // parents before their children
      const Id post_id = next_id_++;
      post_ids[page.id] = post_id;
      ItemHead head;
      head.title = page.title;
      head.link = options_.site_url + "/" + page.path + "/";
      if (auto author = author_slugs.find(page.author_id); author != author_slugs.end()) {
        head.creator = author->second;
      }
      head.guid = guid(post_id);
      head.content =
          block_content(page.body_format == BodyFormat::html ? page.body_source : page.body_html);
      head.excerpt = as_html_text(page.description);
      head.post_id = post_id;
      head.date = page.published_at;
      head.post_name = page.path.substr(page.path.rfind('/') + 1);
      head.status = page.draft ? "draft" : "publish";
      if (auto parent = post_ids.find(page.parent_id); parent != post_ids.end()) {
        head.parent = parent->second;
      }
      head.menu_order = page.position;
      head.post_type = "page";
      write_head(head);
      meta("_tribune_lang", page.lang);
      xml_.end();
      ++report_.pages;
    }
    return Ok{};
  }

  void write_attachments() {
    for (const WordpressMedia& media : media_) {
      // Tribune's own copy when the file was imported (the old site may be gone), else where
      // WordPress served it.
      std::string url = media.local_url.empty() ? media.url : media.local_url;
      if (url.starts_with("/")) url = options_.site_url + url;
      ItemHead head;
      head.title = media.title;
      // The attachment's page, not the file: an import records this link as an old address.
      head.link = options_.site_url + "/?attachment_id=" + std::to_string(media.wp_id);
      head.guid = url;
      head.excerpt = as_html_text(media.caption);
      head.post_id = media.wp_id;
      head.date = media.uploaded_at;
      head.post_name = slugify(media.title);
      head.status = "inherit";
      // The post it was uploaded to, when that post is in this export.
      head.parent = exported_posts_.count(media.parent_wp_id) ? media.parent_wp_id : 0;
      head.post_type = "attachment";
      write_head(head);
      xml_.element("wp:attachment_url", url);
      if (!media.alt.empty()) meta("_wp_attachment_image_alt", media.alt);
      xml_.end();
      ++report_.attachments;
    }
  }

  Store& store_;
  XmlWriter& xml_;
  const WxrExportOptions& options_;
  Permalink permalink_;
  WxrExportReport report_;
  std::vector<std::pair<Id, ArticleRef>> articles_;  // by Tribune id
  std::set<Id> exported_posts_;                      // the articles' ids in the export
  std::vector<WordpressMedia> media_;
  std::unordered_map<Id, std::string> nicenames_;  // section id → its category's slug
  Id next_id_ = 1;                                 // the next fresh id in the export
};

}  // namespace

Result<WxrExportReport> write_wxr(Store& store, XmlWriter& xml, const WxrExportOptions& options) {
  auto permalink = Permalink::parse(options.permalink);
  if (!permalink) {
    Error error = permalink.error();
    error.field = "site.permalink";
    return error;
  }
  Exporter exporter(store, xml, options, std::move(*permalink));
  return exporter.run();
}

Result<WxrExportReport> export_wxr_file(Store& store, const std::filesystem::path& file,
                                        const WxrExportOptions& options) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  auto io_error = [&](const std::filesystem::path& path, const std::string& what) {
    return with_source(make_error(Errc::io, what + ": " + std::strerror(errno)), path.string());
  };
  // A temporary file left by a crash is replaced; a symbolic link at its name is not followed.
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                        static_cast<mode_t>(fs::kPrivateFile));
  if (fd < 0) return io_error(temporary, "cannot create the file");
  std::FILE* out = ::fdopen(fd, "w");
  if (out == nullptr) {
    ::close(fd);
    std::filesystem::remove(temporary);
    return io_error(temporary, "cannot create the file");
  }
  Result<WxrExportReport> report = [&]() -> Result<WxrExportReport> {
    XmlWriter xml(out);
    auto written = write_wxr(store, xml, options);
    Status closed = xml.close();
    if (!written) return written;
    if (!closed) return with_source(closed.error(), temporary.string());
    return written;
  }();
  bool synced = report.ok() && ::fsync(fd) == 0;
  const int saved_errno = errno;
  const bool was_closed = std::fclose(out) == 0;
  if (report && (!synced || !was_closed)) {
    errno = saved_errno;
    report = io_error(temporary, "cannot write the file");
  }
  std::error_code ignored;
  if (report) {
    std::error_code renamed;
    std::filesystem::rename(temporary, file, renamed);
    if (renamed) {
      std::filesystem::remove(temporary, ignored);
      return with_source(
          make_error(Errc::io, "cannot rename the written file into place: " + renamed.message()),
          file.string());
    }
    return report;
  }
  std::filesystem::remove(temporary, ignored);
  return report;
}

}  // namespace tribune
