// The WXR import: a first reading surveys the attachments and pages (which posts refer to
// before or after they appear), the second saves everything through one WordpressImport.
#include "wordpress/wxr_import.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>
#include <set>
#include <unordered_map>

#include "content/slug.h"
#include "core/hash.h"
#include "core/time.h"
#include "core/url.h"
#include "search/plain_text.h"
#include "site/importer.h"
#include "wordpress/wordpress_content.h"
#include "wordpress/wxr_reader.h"

namespace tribune {
namespace {

// The post meta keys view counters write (WP-PostViews, Post Views Counter, and themes' own).
constexpr std::string_view kViewKeys[] = {"views", "post_views_count", "_post_views",
                                          "wpb_post_views_count"};

std::string_view meta_value(const std::vector<std::pair<std::string, std::string>>& meta,
                            std::string_view key) {
  for (const auto& [name, value] : meta) {
    if (name == key) return value;
  }
  return {};
}

std::int64_t to_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

// The path and query of `url` ("https://site.example/2024/a/?x" → "/2024/a/?x"); empty for
// anything that is not an absolute http(s) URL.
std::string path_of_url(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::string_view rest = url.substr(scheme + 3);
  const std::size_t slash = rest.find_first_of("/?");
  if (slash == std::string_view::npos) return "/";
  std::string path(rest.substr(slash));
  if (path.front() == '?') path.insert(0, "/");
  if (const std::size_t hash = path.find('#'); hash != std::string::npos) path.resize(hash);
  return path;
}

// "%c3%a9t%c3%a9" → "été": WordPress keeps non-ASCII slugs percent-encoded.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      const auto [end, error] =
          std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error == std::errc() && end == text.data() + i + 3) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// A Tribune slug for WordPress's `post_name` (or the title when a draft has none).
std::string slug_for(const WxrItem& item) {
  std::string slug = slugify(percent_decoded(item.post_name));
  if (slug.empty()) slug = slugify(item.title);
  return slug.empty() ? "article-" + std::to_string(item.post_id) : slug;
}

// When an item was published: WordPress's GMT date, else its local one read as UTC (drafts
// never published have no GMT date), else `now`.
UnixSeconds date_of(UnixSeconds gmt, std::string_view local, UnixSeconds now) {
  if (gmt != 0) return gmt;
  if (local.size() >= 19 && !local.starts_with("0000")) {
    std::string iso(local.substr(0, 19));
    iso[10] = 'T';
    if (auto parsed = parse_iso8601(iso + "Z")) return *parsed;
  }
  return now;
}

std::string fingerprint(std::initializer_list<std::string_view> fields) {
  std::string joined;
  for (std::string_view field : fields) {
    joined.append(field);
    joined.push_back('\x1f');
  }
  return content_hash_hex(joined);
}

// What the first reading learns: the attachments, and each page's path.
struct Survey : WxrVisitor {
  WxrSite about;  // the channel's fields
  std::unordered_map<Id, WordpressMedia> attachments;
  std::unordered_map<Id, std::string> attachment_pages;      // wp id → old page path
  std::unordered_map<Id, std::vector<Id>> attached_to;       // post → its attachments, in order
  std::unordered_map<Id, std::pair<Id, std::string>> pages;  // page → parent, post_name

  Status site(const WxrSite& found) override {
    about = found;
    return Ok{};
  }
  Status author(const WxrAuthor&) override { return Ok{}; }
  Status term(const WxrTerm&) override { return Ok{}; }
  Status item(WxrItem&& item) override {
    if (item.post_type == "attachment") {
      WordpressMedia media;
      media.wp_id = item.post_id;
      media.parent_wp_id = item.post_parent;
      media.url = item.attachment_url.empty() ? item.guid : item.attachment_url;
      media.title = item.title;
      media.alt = std::string(meta_value(item.meta, "_wp_attachment_image_alt"));
      media.caption = html_to_plain_text(item.excerpt);
      media.uploaded_at = item.date_gmt;
      attachments[item.post_id] = std::move(media);
      attachment_pages[item.post_id] = path_of_url(item.link);
      attached_to[item.post_parent].push_back(item.post_id);
    } else if (item.post_type == "page") {
      pages[item.post_id] = {item.post_parent, slugify(percent_decoded(item.post_name))};
    }
    return Ok{};
  }

  // A page's path: its ancestors' slugs and its own ("a-propos/equipe").
  std::string page_path(Id id) const {
    std::string path;
    std::set<Id> seen;
    for (Id at = id; at != 0 && seen.insert(at).second;) {
      auto found = pages.find(at);
      if (found == pages.end()) break;
      const std::string& slug =
          found->second.second.empty() ? std::to_string(at) : found->second.second;
      path = path.empty() ? slug : slug + "/" + path;
      at = found->second.first;
    }
    return path;
  }
};

class Importer : public WxrVisitor {
 public:
  Importer(WordpressImport& import, const Survey& survey, const WxrImportOptions& options,
           WxrImportReport& report)
      : import_(import), survey_(survey), options_(options), report_(report) {
    const std::string& language = survey.about.language;
    lang_ = language.size() >= 2 ? slugify(language.substr(0, language.find('-')))
                                 : options.default_lang;
    if (lang_.empty()) lang_ = options.default_lang;
  }

  Status site(const WxrSite&) override { return Ok{}; }

  Status author(const WxrAuthor& author) override {
    const std::string name = !author.display_name.empty() ? author.display_name : author.login;
    ImportOutcome outcome{};
    auto id = import_.author(WordpressKey{author.login, fingerprint({author.email})}, name,
                             author.email, outcome);
    if (!id) return id.error();
    count("authors", outcome);
    authors_[author.login] = name;
    if (author.id != 0) {
      TRIBUNE_TRY(address("/?author=" + std::to_string(author.id), OldAddressKind::author, *id));
    }
    return Ok{};
  }

  Status term(const WxrTerm& term) override {
    if (term.kind == WxrTermKind::other) {
      ++report_.skipped["terms of other taxonomies (" + term.taxonomy + ")"];
      return Ok{};
    }
    terms_.push_back(term);
    return Ok{};
  }

  Status item(WxrItem&& item) override {
    TRIBUNE_TRY(settle_terms());
    Status saved = save_item(item);
    if (!saved) {
      Error error = saved.error();
      error.message = "line " + std::to_string(item.line) + ": " + item.post_type + " " +
                      std::to_string(item.post_id) + ": " + error.message;
      return error;
    }
    return Ok{};
  }

  // The categories and tags, once all are known: parents before their children.
  Status settle_terms() {
    if (terms_settled_) return Ok{};
    terms_settled_ = true;
    std::unordered_map<std::string, const WxrTerm*> categories;
    for (const WxrTerm& term : terms_) {
      if (term.kind == WxrTermKind::category) categories[term.slug] = &term;
    }
    std::function<Result<Id>(const WxrTerm&, int)> ensure = [&](const WxrTerm& term,
                                                                int depth) -> Result<Id> {
      if (auto done = sections_.find(term.slug); done != sections_.end()) {
        return done->second.id;
      }
      Id parent = 0;
      std::vector<std::string> names;
      auto up = categories.find(term.parent_slug);
      if (!term.parent_slug.empty() && up != categories.end() && depth < 32) {
        auto parent_id = ensure(*up->second, depth + 1);
        if (!parent_id) return parent_id;
        parent = *parent_id;
        names = sections_[term.parent_slug].names;
      }
      names.push_back(term.name);
      const std::string wp_path =
          parent != 0 ? sections_[term.parent_slug].wp_path + "/" + term.slug : term.slug;
      ImportOutcome outcome{};
      auto id = import_.section(WordpressKey{term_key(term), fingerprint({term.name})}, parent,
                                term.name, term_slug(term), outcome);
      if (!id) return id;
      count("sections", outcome);
      sections_[term.slug] = SectionInfo{*id, names, wp_path};
      if (term.id != 0) {
        TRIBUNE_TRY(address("/?cat=" + std::to_string(term.id), OldAddressKind::section, *id));
      }
      // WordPress's category address (with its base, the default's "category"): the
      // section's own when the slugs are the same, an old address where they differ
      // (percent-encoded Arabic, say).
      TRIBUNE_TRY(address("/category/" + wp_path + "/", OldAddressKind::section, *id));
      return *id;
    };
    for (const WxrTerm& term : terms_) {
      if (term.kind == WxrTermKind::category) {
        auto id = ensure(term, 0);
        if (!id) return id.error();
      } else {
        ImportOutcome outcome{};
        auto id = import_.tag(WordpressKey{term_key(term), fingerprint({term.name})}, term.name,
                              term_slug(term), outcome);
        if (!id) return id.error();
        count("tags", outcome);
        tag_names_[term.slug] = term.name;
        TRIBUNE_TRY(address("/?tag=" + term.slug, OldAddressKind::tag, *id));
        TRIBUNE_TRY(address("/tag/" + term.slug + "/", OldAddressKind::tag, *id));
      }
    }
    // WordPress's own feed addresses.
    for (const char* feed : {"/?feed=rss2", "/?feed=rss", "/?feed=atom", "/?feed=rdf",
                             "/?feed=comments-rss2", "/comments/feed/"}) {
      TRIBUNE_TRY(address(feed, OldAddressKind::feed, 0));
    }
    terms_.clear();
    return Ok{};
  }

  // After the last item: the attachments' old pages lead to their post (or the file).
  Status finish() {
    TRIBUNE_TRY(settle_terms());
    for (const auto& [id, media] : survey_.attachments) {
      ImportOutcome outcome{};
      TRIBUNE_TRY(import_.attachment(media, outcome));
      count("attachments", outcome);
      std::optional<Id> parent;
      if (media.parent_wp_id != 0) {
        auto found = import_.local_id(WordpressKind::post, std::to_string(media.parent_wp_id));
        if (!found) return found.error();
        parent = *found;
      }
      const OldAddress target = parent ? OldAddress{{}, OldAddressKind::article, *parent, {}}
                                       : OldAddress{{}, OldAddressKind::file, 0, media.url};
      for (const std::string& path :
           {survey_.attachment_pages.at(id), "/?attachment_id=" + std::to_string(id)}) {
        if (path.empty() || path == "/") continue;
        TRIBUNE_TRY(address(path, target.kind, target.target_id, target.target_url));
      }
    }
    report_.images_left.assign(images_left_.begin(), images_left_.end());
    return Ok{};
  }

 private:
  struct SectionInfo {
    Id id = 0;
    std::vector<std::string> names;  // from the top
    std::string wp_path;             // WordPress's slugs from the top: "actualites/sahel"
  };

  // A Tribune slug for a term: WordPress's, decoded and made Tribune's ("%d8%a7…" →
  // Latin letters), else one made of its id.
  static std::string term_slug(const WxrTerm& term) {
    std::string slug = slugify(percent_decoded(term.slug));
    if (slug.empty()) slug = slugify(term.name);
    return slug.empty() ? "term-" + std::to_string(term.id) : slug;
  }

  static std::string term_key(const WxrTerm& term) {
    return term.id != 0 ? std::to_string(term.id) : "slug:" + term.slug;
  }

  void count(const std::string& kind, ImportOutcome outcome) {
    auto& counts = report_.counts[kind];
    if (outcome == ImportOutcome::created) ++counts.created;
    if (outcome == ImportOutcome::updated) ++counts.updated;
    if (outcome == ImportOutcome::unchanged) ++counts.unchanged;
  }

  void skip(const std::string& kind, const std::string& reason) {
    ++report_.counts[kind].skipped;
    ++report_.skipped[reason];
  }

  Status address(const std::string& path, OldAddressKind kind, Id target, std::string url = {}) {
    if (path.empty()) return Ok{};
    TRIBUNE_TRY(import_.old_address(
        OldAddress{lowercase_percent_escapes(path), kind, target, std::move(url)}));
    ++report_.old_addresses;
    return Ok{};
  }

  // The context [gallery] and [caption] read attachments from.
  WordpressContext context_for(const WxrItem& item) const {
    WordpressContext context;
    context.attachment = [this](std::int64_t id) -> std::optional<WordpressAttachment> {
      auto found = survey_.attachments.find(id);
      if (found == survey_.attachments.end()) return std::nullopt;
      return WordpressAttachment{found->second.url, found->second.alt, found->second.caption};
    };
    if (auto attached = survey_.attached_to.find(item.post_id);
        attached != survey_.attached_to.end()) {
      for (Id id : attached->second) {
        const WordpressMedia& media = survey_.attachments.at(id);
        context.post_attachments.push_back({media.url, media.alt, media.caption});
      }
    }
    return context;
  }

  // Remembers the pictures the body still loads from the old site's uploads.
  void note_old_images(std::string_view html) {
    for (std::size_t at = html.find("<img"); at != std::string_view::npos;
         at = html.find("<img", at + 4)) {
      const std::size_t src = html.find("src=\"", at);
      const std::size_t close = html.find('>', at);
      if (src == std::string_view::npos || src > close) continue;
      const std::size_t end = html.find('"', src + 5);
      if (end == std::string_view::npos) break;
      const std::string_view url = html.substr(src + 5, end - src - 5);
      if (url.find("/wp-content/uploads/") != std::string_view::npos) {
        images_left_.insert(std::string(url));
      }
    }
  }

  Status save_item(const WxrItem& item) {
    if (item.post_type == "post") return save_post(item);
    if (item.post_type == "page") return save_page(item);
    if (item.post_type == "attachment") return Ok{};  // finish() records them
    skip("other items", "items of type " + item.post_type);
    return Ok{};
  }

  // The state a post's WordPress status gives, or nullopt for one not imported.
  static std::optional<ArticleState> state_of(const WxrItem& item) {
    if (item.status == "publish" || item.status == "future") {
      // Tribune has no password-protected articles: hidden rather than shown to all.
      return item.password.empty() ? ArticleState::published : ArticleState::unpublished;
    }
    if (item.status == "private") return ArticleState::unpublished;
    if (item.status == "draft" || item.status == "pending") return ArticleState::draft;
    return std::nullopt;  // trash, auto-draft, inherit
  }

  Status save_post(const WxrItem& item) {
    auto state = state_of(item);
    if (!state) {
      skip("articles", "posts with status " + item.status);
      return Ok{};
    }
    const std::string body = wordpress_to_html(item.content, context_for(item));
    note_old_images(body);

    ArticleDraft draft;
    draft.source = "line " + std::to_string(item.line);
    draft.title = item.title.empty() ? slug_for(item) : item.title;
    draft.slug = slug_for(item);
    auto author = authors_.find(item.creator);
    draft.author_name = author != authors_.end() ? author->second
                        : item.creator.empty()   ? "WordPress"
                                                 : item.creator;
    std::vector<std::string> extra_categories;
    for (const WxrItemTerm& term : item.terms) {
      if (term.domain == "category") {
        auto section = sections_.find(term.slug);
        if (section == sections_.end()) continue;
        // Tribune files an article in one section: WordPress's first category; the others
        // become tags, so that their lists still hold it.
        if (draft.section_path.empty()) {
          draft.section_path = section->second.names;
        } else {
          extra_categories.push_back(term.name);
        }
      } else if (term.domain == "post_tag") {
        auto tag = tag_names_.find(term.slug);
        draft.tags.push_back(tag != tag_names_.end() ? tag->second : term.name);
      }
    }
    for (std::string& name : extra_categories) draft.tags.push_back(std::move(name));
    if (draft.section_path.empty()) draft.section_path = options_.default_section;
    draft.lang = lang_;
    draft.description = html_to_plain_text(item.excerpt);
    while (!draft.description.empty() &&
           std::isspace(static_cast<unsigned char>(draft.description.back()))) {
      draft.description.pop_back();
    }
    draft.body_markdown = body;
    draft.body_format = BodyFormat::html;
    draft.published_at = date_of(item.date_gmt, item.date_local, options_.now);
    for (std::string_view key : kViewKeys) {
      draft.views = std::max(draft.views, to_number(meta_value(item.meta, key)));
    }
    draft.draft = *state == ArticleState::draft;
    draft.comments_closed = item.comment_status == "closed";

    WordpressArticle article;
    article.article = prepare_article(std::move(draft), lang_);
    article.state = *state;
    article.featured_attachment = to_number(meta_value(item.meta, "_thumbnail_id"));
    std::string terms;
    for (const WxrItemTerm& term : item.terms) terms += term.domain + ":" + term.slug + ",";
    article.key =
        WordpressKey{std::to_string(item.post_id),
                     fingerprint({item.title, item.content, item.excerpt, item.status,
                                  item.post_name, item.date_local, std::to_string(item.date_gmt),
                                  item.creator, terms, item.comment_status, item.password,
                                  std::to_string(article.article.draft.views),
                                  std::to_string(article.featured_attachment)})};
    ImportOutcome outcome{};
    auto id = import_.article(article, outcome);
    if (!id) return id.error();
    count("articles", outcome);

    const std::string old_path = path_of_url(item.link);
    if (!old_path.empty() && old_path != "/") {
      TRIBUNE_TRY(address(old_path, OldAddressKind::article, *id));
      if (old_path.find('?') == std::string::npos) {
        TRIBUNE_TRY(address(old_path + (old_path.ends_with('/') ? "" : "/") + "feed/",
                            OldAddressKind::article, *id));
      }
    }
    TRIBUNE_TRY(address("/?p=" + std::to_string(item.post_id), OldAddressKind::article, *id));
    return save_comments(item);
  }

  Status save_comments(const WxrItem& item) {
    // Tribune threads replies one level deep: each reply joins its thread's top comment.
    std::unordered_map<std::int64_t, std::int64_t> parent_of;
    for (const WxrComment& comment : item.comments) parent_of[comment.id] = comment.parent_id;
    auto top_of = [&](std::int64_t id) {
      std::int64_t at = id;
      for (int depth = 0; depth < 64; ++depth) {
        auto parent = parent_of.find(at);
        if (parent == parent_of.end() || parent->second == 0 ||
            !parent_of.contains(parent->second)) {
          break;
        }
        at = parent->second;
      }
      return at;
    };
    // Top-level comments first, so that every reply finds its thread saved.
    std::vector<const WxrComment*> ordered;
    for (const WxrComment& comment : item.comments) {
      if (top_of(comment.id) == comment.id) ordered.push_back(&comment);
    }
    for (const WxrComment& comment : item.comments) {
      if (top_of(comment.id) != comment.id) ordered.push_back(&comment);
    }
    for (const WxrComment* found : ordered) {
      const WxrComment& comment = *found;
      if (comment.type == "pingback" || comment.type == "trackback") {
        skip("comments", "pingbacks and trackbacks");
        continue;
      }
      WordpressComment saved;
      saved.post_wp_id = item.post_id;
      const std::int64_t top = top_of(comment.id);
      saved.thread_wp_id = top == comment.id ? 0 : top;
      saved.parent_wp_id = comment.parent_id;
      saved.comment.author_name = comment.author.empty() ? "Anonyme" : comment.author;
      saved.comment.author_email = comment.author_email;
      saved.comment.author_url = comment.author_url;
      saved.comment.body = html_to_plain_text(comment.content);
      while (!saved.comment.body.empty() && saved.comment.body.back() == '\n') {
        saved.comment.body.pop_back();
      }
      saved.comment.status = comment.approved == "1"      ? CommentStatus::approved
                             : comment.approved == "0"    ? CommentStatus::pending
                             : comment.approved == "spam" ? CommentStatus::spam
                                                          : CommentStatus::trash;
      saved.comment.created_at = date_of(comment.date_gmt, comment.date_local, options_.now);
      saved.key = WordpressKey{
          std::to_string(comment.id),
          fingerprint({comment.author, comment.author_email, comment.author_url, comment.content,
                       comment.approved, std::to_string(saved.comment.created_at)})};
      ImportOutcome outcome{};
      auto id = import_.comment(saved, outcome);
      if (!id) return id.error();
      count("comments", outcome);
    }
    return Ok{};
  }

  Status save_page(const WxrItem& item) {
    auto state = state_of(item);
    if (!state) {
      skip("pages", "pages with status " + item.status);
      return Ok{};
    }
    StaticPage page;
    page.path = survey_.page_path(item.post_id);
    if (page.path.empty()) page.path = slug_for(item);
    page.title = item.title;
    page.lang = lang_;
    page.description = html_to_plain_text(item.excerpt);
    page.body_source = wordpress_to_html(item.content, context_for(item));
    page.body_format = BodyFormat::html;
    page.body_html = page.body_source;
    note_old_images(page.body_html);
    page.parent_id = item.post_parent;
    page.position = item.menu_order;
    page.draft = *state != ArticleState::published;
    page.published_at = date_of(item.date_gmt, item.date_local, options_.now);
    ImportOutcome outcome{};
    auto id =
        import_.page(WordpressKey{std::to_string(item.post_id),
                                  fingerprint({item.title, item.content, item.excerpt, item.status,
                                               page.path, std::to_string(item.menu_order),
                                               std::to_string(item.post_parent), item.date_local})},
                     page, outcome);
    if (!id) return id.error();
    count("pages", outcome);
    const std::string old_path = path_of_url(item.link);
    if (!old_path.empty() && old_path != "/" && old_path != "/" + page.path + "/") {
      TRIBUNE_TRY(address(old_path, OldAddressKind::page, *id));
    }
    TRIBUNE_TRY(address("/?page_id=" + std::to_string(item.post_id), OldAddressKind::page, *id));
    TRIBUNE_TRY(address("/?p=" + std::to_string(item.post_id), OldAddressKind::page, *id));
    return Ok{};
  }

  WordpressImport& import_;
  const Survey& survey_;
  const WxrImportOptions& options_;
  WxrImportReport& report_;
  std::string lang_;
  std::unordered_map<std::string, std::string> authors_;  // login → name
  std::vector<WxrTerm> terms_;                            // until settle_terms()
  bool terms_settled_ = false;
  std::unordered_map<std::string, SectionInfo> sections_;   // by WordPress slug
  std::unordered_map<std::string, std::string> tag_names_;  // by WordPress slug
  std::set<std::string> images_left_;
};

}  // namespace

Result<WxrImportReport> import_wxr(Store& store, const std::filesystem::path& file,
                                   const WxrImportOptions& options) {
  Survey survey;
  TRIBUNE_TRY(read_wxr(file, survey));
  auto import = store.begin_wordpress_import(options.who, options.now);
  if (!import) return import.error();
  WxrImportReport report;
  Importer importer(**import, survey, options, report);
  Status read = read_wxr(file, importer);
  if (read) read = importer.finish();
  if (!read) {
    Error error = read.error();
    if (error.source.empty()) error.source = file.string();
    return error;
  }
  TRIBUNE_TRY((*import)->commit());
  return report;
}

}  // namespace tribune
