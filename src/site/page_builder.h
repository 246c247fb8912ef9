// The page builder: everything one render needs (the settings snapshot, the store, the
// theme, the catalog, the time), and a method per kind of page. Internal to src/site.
#pragma once

#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "site/site.h"

namespace tribune {

using json = nlohmann::json;

// A theme asset as served: fingerprinted URL, bytes and type.
struct Asset {
  std::string url;
  std::string body;
  std::string content_type;
};

struct Site::Snapshot {
  SiteSettings settings;
  Permalink permalink;
  const Catalog* catalog = nullptr;
  std::shared_ptr<const Catalogs> catalogs;          // every language
  std::shared_ptr<const Theme> theme;                // the templates and assets pages use
  std::vector<Section> sections;                     // all, by path
  std::vector<StaticPage> static_pages;              // all, drafts too, parents first
  std::shared_ptr<const Archive> archive;            // every article as lists show it
  const MostReadBoard* most_read = nullptr;          // owned by Site
  std::map<std::string, Asset, std::less<>> assets;  // by file name ("style.css")
  std::map<std::string, std::string, std::less<>> asset_names_by_url;
  const FormTokens* tokens = nullptr;                  // owned by Site
  RateLimiter* comment_limiter = nullptr;              // owned by Site
  RateLimiter* subscription_limiter = nullptr;         // owned by Site
  bool mail_enabled = false;                           // subscription forms shown and taken
  std::optional<std::filesystem::path> outbox_folder;  // the outbox viewer's folder
  // The theme's stylesheet, written into every page's head so that the first screen waits
  // for no second request, and its hash for the Content-Security-Policy.
  std::string inline_css;
  std::string inline_css_hash;
  // The video facades' stylesheet (render/video_html.h), written into the pages that show a
  // video only, and its hash.
  std::string video_css;
  std::string video_css_hash;
  MediaByName media;                                  // the media library
  std::optional<std::filesystem::path> media_folder;  // its files, served under /media/
};

// Articles per "most read" list.
inline constexpr int kMostReadCount = 5;
inline constexpr std::array kReadingPeriods = {std::pair{ReadingPeriod::day, "most_read.day"},
                                               std::pair{ReadingPeriod::week, "most_read.week"},
                                               std::pair{ReadingPeriod::all_time, "most_read.all"}};

// The URL of a section's page.
std::string section_href(const Section& section);
// The path of page `page` of the list at `base`: "/category/blog/" for page 1,
// "/category/blog/page/2/" after.
std::string page_path(std::string_view base, int page);

// Everything one render needs, gathered once per request.
class PageBuilder {
 public:
  // `catalog`: the language to write in, when not the site's (a subscriber's mail).
  PageBuilder(const Site::Snapshot& snapshot, Store& store, const Theme& theme, UnixSeconds now,
              const Catalog* catalog = nullptr)
      : s_(snapshot),
        store_(store),
        theme_(theme),
        t_(snapshot.catalog),
        lang_(snapshot.settings.locale),
        now_(now) {
    if (catalog != nullptr) use_language(catalog->locale());
  }

  // Writes the page in `language` (an article's, a reader's choice) when the site has a
  // catalog for it: its messages, dates and numbers, and, when it is one of the archive's
  // page languages other than the site's, its lists and the "/LANG" prefix of their links.
  // Another language leaves the page as it is.
  void use_language(std::string_view language);

  Page render(std::string_view path);
  // Site::search's page (search_page.cpp).
  Page search_page(std::string_view typed, int page);
  Page post_comment(const CommentSubmission& submission);
  // Site::old_address's page (static_pages.cpp): a 301 from `address` (a path, with its query
  // for WordPress's "/?p=123") to where what it showed is now; nullopt when it is no old
  // address or what it led to is not published any more.
  std::optional<Page> old_address(std::string_view address);
  Page post_subscription(std::string_view path, const FormFields& fields, std::string_view client);
  // `subscriber`: the message's, already read (null for messages to a moderator).
  Result<mail::MailMessage> compose_mail(const OutboxMessage& message,
                                         const Subscriber* subscriber);
  Result<mail::MailMessage> compose_test_mail(std::string_view address);
  Page not_found();
  // The localized 410 page: an article that was removed (in the trash, or purged).
  Page gone();
  Page bad_request();
  Page server_error();

 private:
  std::string absolute(std::string_view path) const { return s_.settings.url + std::string(path); }
  // "rtl" or "ltr" for a language the site has a catalog for, "auto" for another.
  std::string direction_of(std::string_view language) const;
  // The address of the list page at `path` ("/category/blog/") in the page's language:
  // "/en/category/blog/" on an English page of a French site.
  std::string local(std::string_view path) const { return prefix_ + std::string(path); }
  std::string asset_url(std::string_view name) const {
    auto found = s_.assets.find(name);
    return found == s_.assets.end() ? std::string() : found->second.url;
  }
  std::string msg(std::string_view key,
                  const std::vector<std::pair<std::string, MessageArg>>& args = {}) const {
    return t_->format(key, args);
  }

  // The view every page shares; an empty `canonical_path` (error pages) names no canonical URL.
  json layout(std::string title, std::string description, std::string_view canonical_path,
              json json_ld) const;
  json list_item(const Article& article) const;
  json list_items(const std::vector<Article>& articles) const;
  // Page `page` (of list.per_page articles) of archive list `key`; records the list.
  ArticleList fetch_page(const std::string& key, int page) const;
  // The first `limit` articles of archive list `key`; records the list.
  ArticleList fetch_first(const std::string& key, int limit) const;
  json pagination(std::string_view base_path, int page, int total) const;
  // The same for pages whose addresses `href_of(page)` makes (a search's query string).
  json pagination(int page, int total, const std::function<std::string(int)>& href_of) const;
  // The "list" view list pages share (section, author, tag, date archive): `heading`, the
  // articles of `list` (page `page`), the notice when it is empty, and the pagination links
  // under `base_path`.
  json list_view(std::string heading, const ArticleList& list, std::string_view base_path,
                 int page) const;
  json breadcrumb(const std::vector<Section>& sections, const std::string* last) const;
  json breadcrumb_ld(const std::vector<Section>& sections, const std::string* last) const;
  Page html(int status, std::string_view template_name, const json& view);
  // Files in `page` what it was made from (shown_ and lists_, sorted and unique).
  void file_sources(Page& page) const;
  Page redirect(std::string location) const {
    Page page;
    page.status = 301;
    page.location = std::move(location);
    page.content_type = "text/plain; charset=utf-8";
    return page;
  }
  Page failure(const Error& error);
  // The localized error page whose messages are MESSAGES.title and MESSAGES.text.
  Page error_page(int status, std::string_view messages);

  // The route table from the first path segment after a language's prefix (see render()):
  // home, lists, feeds, date archives and, without a prefix, articles.
  Page render_list(std::string_view path);
  Page home();
  Page article(const Article& article);
  // The links between `article` and its translations: returns those the article template
  // shows (null without translations), and sets the head's view["alternates"] and the
  // language switcher's links to them.
  json translations_view(const Article& article, json& view) const;
  // The hreflang alternates of `article` whose published translations are `others`, as its
  // head and the sitemaps name them: each version's absolute address by language, then
  // x-default (the version in the site's language, else `article`). Empty without others.
  std::vector<std::pair<std::string, std::string>> alternates_of(
      const Article& article, const std::vector<Article>& others) const;
  Page most_read_json();
  // /media/FILE: a file of the media library, cached for a year (its name is its content's).
  Page media_file(std::string_view file);
  // The library's picture named `name`, or null.
  const Media* find_media(std::string_view name) const;
  // The link preview's picture of a page showing `media` (null: the site's default share
  // image, if any) with alt text `alt`: og:image's fields, or null when there is none.
  json share_image_view(const Media* media, std::string_view alt) const;
  // The publisher's logo (site.logo) for JSON-LD, or null.
  json logo_ld() const;
  // The logo's <picture> for the header, or empty without one.
  std::string logo_html() const;
  // The static page at `path` ("/a-propos/"), when one is published there.
  std::optional<Page> try_static_page(std::string_view path);

  // Comments: whether `article` takes new ones, the form's view (with a reader's values and
  // errors when re-shown), the standalone form page (errors, replies), the "held" notice.
  bool comments_open(const Article& article) const;
  json comment_form_view(const Article& article, const Comment* parent,
                         const CommentSubmission* values,
                         const std::vector<std::string>& errors) const;
  Page comment_form_page(int status, const Article& article, const Comment* parent,
                         const CommentSubmission* values, const std::vector<std::string>& errors);
  Page reply_page(std::string_view slug, std::string_view comment_id);
  Page held_page(std::string_view slug);
  // The approved comments of `article`, replies under their parent; null when none.
  // The discussion's page `page` (1 = the oldest conversations; 0 = the newest page, which
  // the article shows), with links to the other pages; not_found past the last page.
  Result<json> comments_view(const Article& article, int page);
  // The path of the discussion's page `page` (the article's own for the newest).
  std::string comment_page_path(const Article& article, int page, int pages) const;
  // /ARTICLE/comment-page-N/: an older page of the discussion, with the form.
  std::optional<Page> try_comment_page(std::string_view path);
  // Subscriptions (subscription_pages.cpp): the form's view (on home and article pages, and
  // alone with errors), the pages a subscriber's links lead to, and the signed tokens in them.
  json subscribe_form_view(const FormFields* values, const std::vector<std::string>& errors) const;
  Page subscribe_form_page(int status, const FormFields* values,
                           const std::vector<std::string>& errors);
  // The page whose messages are MESSAGES_title and MESSAGES_text; `args` fill the text's
  // placeholders, and "back_href" and "back" among them replace the link home.
  Page notice_page(std::string_view messages,
                   const std::vector<std::pair<std::string, std::string>>& args = {});
  // "/subscription/ACTION/TOKEN/" pages (GET), or nullopt when `path` is not one.
  std::optional<Page> subscription_page(std::string_view path);
  Page manage_page(const Subscriber& subscriber, const std::string& notice);
  Page unsubscribe_page(const Subscriber& subscriber);
  Page confirmed_page(const Subscriber& subscriber);
  // A question with one button that POSTs to `action`, in the subscription template's `block`
  // ("confirm", "unsubscribe"), from messages MESSAGES_title, _text ({email}, {site}), _button.
  Page question_page(std::string_view block, std::string_view messages,
                     const Subscriber& subscriber, std::string action);
  std::string subscriber_token(const Subscriber& subscriber, std::string_view purpose) const;
  // The subscriber a token names, when it is genuine and made for `purpose`.
  Result<Subscriber> subscriber_from_token(std::string_view token, std::string_view purpose);
  std::string subscriber_link(const Subscriber& subscriber, std::string_view action) const;
  // The outbox viewer (outbox_viewer.cpp): the list, one message, one message's HTML part.
  std::optional<Page> outbox_page(std::string_view path);

  // Mail (mail_composer.cpp): the envelope every message shares, and the body views.
  mail::MailMessage mail_envelope(std::string to, std::string subject) const;
  Status render_mail_bodies(mail::MailMessage& message, const json& view) const;
  void add_list_headers(mail::MailMessage& message, const Subscriber& subscriber, json& view) const;

  // The share links under an article: WhatsApp, Facebook, X, Telegram and email, each a plain
  // link carrying `url` (and `title` where the service takes a text), and the link to copy.
  json share_view(const std::string& url, const std::string& title) const;
  // The "most read" lists for the views of home and article pages; null when all are empty.
  Result<json> most_read_view();
  Page section_page(const Section& section, int page);
  Page author_page(std::string_view slug, int page);
  Page tag_page(std::string_view slug, int page);
  // Feeds (feed_pages.cpp): a list's newest feed.items articles as RSS 2.0 or Atom, each
  // with its full text or only its excerpt (feed.content). What one is made from: the archive
  // list, the channel's title and description, and the path of the list's HTML page.
  enum class FeedFormat { rss, atom };
  struct FeedSource {
    std::string list_key;
    std::string title;
    std::string description;
    std::string page_path;
  };
  Page feed(const FeedSource& source, FeedFormat format);
  Page home_feed(FeedFormat format);
  Page section_feed(const Section& section, FeedFormat format);
  // 404 for an unknown author, or a tag that files no article (as their pages).
  Page author_feed(std::string_view slug, FeedFormat format);
  Page tag_feed(std::string_view slug, FeedFormat format);
  // The list (or its feed) of the section whose path, or the author or tag whose slug, is
  // `key`: page `page` of it; the 404 page when there is none.
  Page catalog_page(CatalogKind kind, std::string_view key, int page, bool is_feed,
                    FeedFormat feed_format);
  // A channel's title: the site's name for the home list's, "LIST – SITE" for the others.
  std::string feed_title(std::string_view list_name) const;
  // The view of a head's <link rel="alternate"> to the RSS feed of the list whose page is
  // `page_path` and whose name is `list_name` (empty: the whole site's).
  json feed_link(std::string_view list_name, std::string_view page_path) const;
  Page asset(std::string_view url);
  Page robots();
  // Sitemaps (sitemap_pages.cpp): /sitemap.xml, the index of all the others, which are
  // /sitemap-news.xml (Google News: the last two days) and the parts of the site by kind
  // (/sitemap-posts-2025-07.xml, /sitemap-tags-2.xml...); the 404 page for any other name.
  Page sitemap(std::string_view path);
  // An XML document as a page, with the articles and lists it was made from.
  Page xml_page(std::string body);
  // Date archives (date_archive_pages.cpp): page `page` of /2025/, /2025/07/ or /2025/07/11/
  // (`base`), the period's articles by their local date, newest first; the 404 page for an
  // impossible or empty period, or a page past the last; nullopt when `base` is not
  // shaped as a date archive.
  std::optional<Page> date_archive(std::string_view base, int page);
  std::optional<Page> try_article(std::string_view path);
  // The answer for an article address whose `slug` no published article has: 410 when the
  // article was removed, 301 to the current article's path followed by `rest` (what came after
  // the article's own path: a comment page's "comment-page-2/") when its slug changed, and
  // nullopt otherwise (unknown, or hidden but not removed: the caller's 404).
  std::optional<Page> departed_article(std::string_view slug, std::string_view rest);
  // The article published at now_ with that slug, with its body and live view count:
  // everything else from the archive, the rest from the store (one row). not_found when there
  // is none, or it left since the archive was read.
  Result<Article> published_article(std::string_view slug) const;

  const Site::Snapshot& s_;
  Store& store_;
  // What the page being made shows (see Page::shown_articles and Page::lists); html() files
  // them in the Page.
  mutable std::vector<Id> shown_;
  mutable std::vector<std::string> lists_;
  const Theme& theme_;
  const Catalog* t_;    // the language the page is written in
  std::string lang_;    // its code, which lists are cut to (Archive::in_language)
  std::string prefix_;  // "" for the site's language, "/en" for English on a French site
  // The list page (without prefix) the language switcher leads to in each language: the same
  // list for list pages, the home page otherwise. An article's switcher leads to its
  // translations.
  std::string switch_path_ = "/";
  UnixSeconds now_;
};

}  // namespace tribune
