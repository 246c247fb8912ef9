// The pages of the public site: home, article, lists, errors, assets, and the route table
// that picks one for a path. Comment pages are in comment_pages.cpp.
#include "site/page_builder.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "content/reading_time.h"
#include "content/typography.h"
#include "content/video_link.h"
#include "core/fs.h"
#include "core/url.h"
#include "render/html.h"
#include "render/picture_html.h"
#include "render/video_html.h"

namespace tribune {
namespace {

// Pages of a list beyond this are refused with a 404 rather than queried: no reader pages
// that far, and a crawler asking for page 10^9 should cost nothing.
constexpr int kMaxListPage = 1000;
// Articles per section block on the home page.
constexpr int kHomeSectionArticles = 4;
// "More in this section" links under an article.
constexpr int kMoreArticles = 3;

// Splits "/category/blog/page/2/" into ("/category/blog/", 2). Page 1 has no suffix.
std::pair<std::string_view, int> split_page_suffix(std::string_view path) {
  if (!path.ends_with('/')) return {path, 1};
  std::string_view trimmed = path.substr(0, path.size() - 1);
  std::size_t slash = trimmed.rfind('/');
  if (slash == std::string_view::npos) return {path, 1};
  std::string_view number = trimmed.substr(slash + 1);
  std::string_view before = trimmed.substr(0, slash);
  if (!before.ends_with("/page")) return {path, 1};
  int page = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), page);
  if (error != std::errc() || end != number.data() + number.size() || page < 2) return {path, 0};
  return {path.substr(0, before.size() - 4), page};
}

// What a path's feed suffix asks for: "/category/blog/feed/" the RSS feed of
// "/category/blog/", ".../feed/atom/" its Atom feed, ".../feed/rss2/" (WordPress's other name
// for the RSS feed) a redirect to ".../feed/".
enum class FeedSuffix { none, rss, atom, rss2 };

// True for the paths of the lists that have feeds (and their pages): home, sections, authors
// and tags.
bool is_list_path(std::string_view path) {
  return path == "/" || path.starts_with("/category/") || path.starts_with("/author/") ||
         path.starts_with("/tag/");
}

// Splits a feed's path into its list's path and the suffix; "/feed/" is the home list's. Other
// paths keep their "feed/": "/tag/feed/" is the page of the tag "feed", "/2025/07/11/feed/"
// an article's.
std::pair<std::string_view, FeedSuffix> split_feed_suffix(std::string_view path) {
  static constexpr std::array kSuffixes = {
      std::pair{std::string_view("feed/"), FeedSuffix::rss},
      std::pair{std::string_view("feed/atom/"), FeedSuffix::atom},
      std::pair{std::string_view("feed/rss2/"), FeedSuffix::rss2}};
  for (const auto& [suffix, kind] : kSuffixes) {
    if (!path.ends_with(suffix)) continue;
    std::string_view base = path.substr(0, path.size() - suffix.size());
    if (!is_list_path(base) || base == "/category/" || base == "/author/" || base == "/tag/") {
      continue;
    }
    return {base, kind};
  }
  return {path, FeedSuffix::none};
}

// A schema.org ImageObject for a file of the media library.
json image_object(std::string url, int width, int height) {
  return {{"@type", "ImageObject"}, {"url", std::move(url)}, {"width", width}, {"height", height}};
}

}  // namespace

std::string section_href(const Section& section) { return "/category/" + section.path + "/"; }

std::string page_path(std::string_view base, int page) {
  return page == 1 ? std::string(base) : std::string(base) + "page/" + std::to_string(page) + "/";
}

std::string PageBuilder::direction_of(std::string_view language) const {
  const Catalog* catalog = s_.catalogs->find(language);
  return catalog != nullptr ? catalog->direction() : "auto";
}

void PageBuilder::use_language(std::string_view language) {
  const Catalog* catalog = s_.catalogs->find(language);
  if (catalog == nullptr) return;
  t_ = catalog;
  lang_ = std::string(language);
  prefix_ = s_.archive->prefix_of(language);
}

json PageBuilder::layout(std::string title, std::string description,
                         std::string_view canonical_path, json json_ld) const {
  json nav = json::array();
  for (const Section& section : s_.sections) {
    if (!section.parent_id)
      nav.push_back({{"name", section.name}, {"href", local(section_href(section))}});
  }
  // The same page in each of the site's languages: plain links, the reader's choice kept in
  // the address alone.
  json languages = json::array();
  if (s_.archive->multilingual()) {
    for (const std::string& language : s_.archive->page_languages()) {
      const Catalog* catalog = s_.catalogs->find(language);
      languages.push_back({{"lang", language},
                           {"name", catalog != nullptr ? catalog->name() : language},
                           {"href", s_.archive->prefix_of(language) + switch_path_},
                           {"current", language == lang_}});
    }
  }
  // The footer's static pages ("À propos", "Mentions légales"): the top-level ones readers
  // may see, in the page's language when the site has several.
  json pages = json::array();
  for (const StaticPage& page : s_.static_pages) {
    if (page.parent_id || page.draft || page.published_at > now_) continue;
    if (s_.archive->multilingual() && page.lang != lang_) continue;
    pages.push_back({{"name", page.title}, {"href", "/" + page.path + "/"}});
  }
  json home_feed = feed_link("", local("/"));
  const std::string home_feed_href = home_feed["href"];
  json view = {
      {"lang", t_->locale()},
      {"dir", t_->direction()},
      {"home_href", local("/")},
      {"search_href", local("/search")},
      {"languages", languages},
      {"has_languages", !languages.empty()},
      {"site_name", s_.settings.name},
      {"title", title},
      {"page_title", title == s_.settings.name ? title : title + " – " + s_.settings.name},
      {"description", description},
      {"canonical", canonical_path.empty() ? std::string() : absolute(canonical_path)},
      {"css_href", asset_url("style.css")},
      {"inline_css", s_.inline_css},
      {"og_image", share_image_view(nullptr, {})},
      {"logo_html", logo_html()},
      {"favicon_href", asset_url("favicon.svg")},
      {"nav", nav},
      {"pages", pages},
      {"has_pages", !pages.empty()},
      {"home_feed_href", home_feed_href},
      {"json_ld", json_ld.is_null() ? std::string() : json_for_script(json_ld.dump())},
      {"t",
       {{"skip", msg("site.skip_to_content")},
        {"home", msg("nav.home")},
        {"sections", msg("nav.sections")},
        {"breadcrumb", msg("breadcrumb.label")},
        {"powered", msg("footer.powered")},
        {"footer", msg("footer.label")},
        {"pages", msg("footer.pages")},
        {"follow", msg("footer.follow")},
        {"rss", msg("footer.rss")},
        {"atom", msg("footer.atom")},
        {"search_label", msg("search.label")},
        {"search_button", msg("search.button")},
        {"languages", msg("language.switcher")}}},
      {"og_locale", t_->og_locale()},
      {"feeds", json::array({std::move(home_feed)})},
  };
  return view;
}

json PageBuilder::list_item(const Article& article) const {
  shown_.push_back(article.id);
  json item = {
      {"title", article.title},
      {"href", s_.permalink.path_of(article)},
      {"description", article.description},
      {"date", t_->long_date(article.published_at, s_.settings.timezone)},
      {"date_iso", format_iso8601(article.published_at)},
      {"author_name", article.author.name},
      {"author_href", local("/author/" + article.author.slug + "/")},
      {"comments", article.comment_count == 0
                       ? std::string()
                       : msg("meta.comments", {{"count", article.comment_count}})},
      {"lang", article.lang},
      {"lang_differs", article.lang != t_->locale()},
      {"dir", direction_of(article.lang)},
  };
  if (!article.sections.empty()) {
    item["section_name"] = article.sections.back().name;
    item["section_href"] = local(section_href(article.sections.back()));
  }
  if (const Media* image = find_media(article.image)) {
    item["picture_html"] = picture_html(*image, article.image_alt, PictureRole::thumbnail);
  }
  return item;
}

json PageBuilder::list_items(const std::vector<Article>& articles) const {
  json items = json::array();
  for (const Article& article : articles) items.push_back(list_item(article));
  return items;
}

ArticleList PageBuilder::fetch_page(const std::string& key, int page) const {
  std::string cut = s_.archive->in_language(key, lang_);
  lists_.push_back(cut);
  return s_.archive->page(cut, now_, (page - 1) * s_.settings.per_page, s_.settings.per_page);
}

ArticleList PageBuilder::fetch_first(const std::string& key, int limit) const {
  std::string cut = s_.archive->in_language(key, lang_);
  lists_.push_back(cut);
  return s_.archive->page(cut, now_, 0, limit);
}

json PageBuilder::pagination(std::string_view base_path, int page, int total) const {
  return pagination(page, total, [&](int other) { return page_path(base_path, other); });
}

json PageBuilder::pagination(int page, int total,
                             const std::function<std::string(int)>& href_of) const {
  int per_page = s_.settings.per_page;
  int pages = total == 0 ? 1 : (total + per_page - 1) / per_page;
  if (pages <= 1) return nullptr;
  json view = {{"label", msg("list.pagination")},
               {"position", msg("list.page", {{"page", page}, {"pages", pages}})}};
  if (page > 1) view["newer"] = {{"href", href_of(page - 1)}, {"text", msg("list.newer")}};
  if (page < pages) view["older"] = {{"href", href_of(page + 1)}, {"text", msg("list.older")}};
  return view;
}

json PageBuilder::list_view(std::string heading, const ArticleList& list,
                            std::string_view base_path, int page) const {
  json items = list_items(list.articles);
  const bool empty = items.empty();
  return {{"heading", std::move(heading)},
          {"articles", std::move(items)},
          {"empty", empty ? msg("list.empty") : std::string()},
          {"pagination", pagination(base_path, page, list.total)}};
}

json PageBuilder::breadcrumb(const std::vector<Section>& sections, const std::string* last) const {
  json items = json::array();
  items.push_back({{"name", msg("nav.home")}, {"href", local("/")}, {"first", true}});
  for (std::size_t i = 0; i < sections.size(); ++i) {
    bool current = last == nullptr && i + 1 == sections.size();
    json item = {{"name", sections[i].name}, {"first", false}};
    if (!current) item["href"] = local(section_href(sections[i]));
    items.push_back(item);
  }
  if (last != nullptr) items.push_back({{"name", *last}, {"first", false}});
  return items;
}

json PageBuilder::breadcrumb_ld(const std::vector<Section>& sections,
                                const std::string* last) const {
  json elements = json::array();
  int position = 1;
  elements.push_back({{"@type", "ListItem"},
                      {"position", position++},
                      {"name", msg("nav.home")},
                      {"item", absolute(local("/"))}});
  for (const Section& section : sections) {
    elements.push_back({{"@type", "ListItem"},
                        {"position", position++},
                        {"name", section.name},
                        {"item", absolute(local(section_href(section)))}});
  }
  if (last != nullptr) {
    elements.push_back({{"@type", "ListItem"}, {"position", position++}, {"name", *last}});
  }
  return {{"@type", "BreadcrumbList"}, {"itemListElement", elements}};
}

Page PageBuilder::html(int status, std::string_view template_name, const json& view) {
  auto body = theme_.render_page(template_name, view);
  if (!body) return failure(body.error());
  Page page;
  page.status = status;
  page.body = std::move(*body);
  if (!s_.inline_css_hash.empty()) page.inline_style_hashes.push_back(s_.inline_css_hash);
  file_sources(page);
  return page;
}

Page PageBuilder::xml_page(std::string body) {
  Page page;
  page.content_type = "application/xml; charset=utf-8";
  page.body = std::move(body);
  file_sources(page);
  return page;
}

void PageBuilder::file_sources(Page& page) const {
  std::sort(shown_.begin(), shown_.end());
  shown_.erase(std::unique(shown_.begin(), shown_.end()), shown_.end());
  std::sort(lists_.begin(), lists_.end());
  lists_.erase(std::unique(lists_.begin(), lists_.end()), lists_.end());
  page.shown_articles = shown_;
  page.lists = lists_;
}

// A localized 503 when the operating system refused (Errc::io: the database's disk is full or
// read-only), a 500 for anything else; logged either way.
Page PageBuilder::failure(const Error& error) {
  // The reader gets a localized apology; what went wrong is for the operator's log only.
  if (error.code == Errc::io) {
    // Not a bug but the disk: the operator frees space or makes it writable, the reader tries
    // again later (503), and the pages already stored keep serving meanwhile.
    fmt::print(
        stderr,
        "tribune: the disk refused the database, answering 503 (is it full or read-only?): {}\n",
        error.to_string());
    return error_page(503, "unavailable");
  }
  fmt::print(stderr, "tribune: rendering a page failed: {}\n", error.to_string());
  return server_error();
}

Page PageBuilder::error_page(int status, std::string_view messages) {
  std::string key(messages);
  std::string title = msg(key + ".title");
  json view = layout(title, title, "", nullptr);
  view["error"] = {{"title", title}, {"text", msg(key + ".text")}, {"back", msg("not_found.back")}};
  return html(status, "error", view);
}

Page PageBuilder::not_found() { return error_page(404, "not_found"); }

Page PageBuilder::gone() { return error_page(410, "gone"); }

Page PageBuilder::bad_request() { return error_page(400, "bad_request"); }

Page PageBuilder::server_error() { return error_page(500, "server_error"); }

Page PageBuilder::robots() {
  Page page;
  page.content_type = "text/plain; charset=utf-8";
  // Everything is open but what only people at a keyboard use: the newsroom, the search
  // results (endless combinations), the forms' own pages and a subscriber's links.
  page.body =
      "User-agent: *\n"
      "Disallow: /admin/\n"
      "Disallow: /search\n"
      "Disallow: /comments/\n"
      "Disallow: /subscribe/\n"
      "Disallow: /subscription/\n"
      "Disallow: /outbox/\n"
      "Allow: /\n"
      "\n"
      "Sitemap: " +
      absolute("/sitemap.xml") + "\n";
  return page;
}

Page PageBuilder::asset(std::string_view url) {
  auto name = s_.asset_names_by_url.find(url);
  if (name == s_.asset_names_by_url.end()) return not_found();
  const Asset& found = s_.assets.find(name->second)->second;
  Page page;
  page.content_type = found.content_type;
  page.body = found.body;
  page.immutable = true;
  return page;
}

Page PageBuilder::media_file(std::string_view file) {
  if (!s_.media_folder || !is_media_file_name(file)) return not_found();
  auto bytes = fs::read_file(*s_.media_folder / std::string(file));
  if (!bytes) return not_found();
  Page page;
  page.content_type = file.ends_with(".avif")   ? "image/avif"
                      : file.ends_with(".webp") ? "image/webp"
                                                : "image/jpeg";
  page.body = std::move(*bytes);
  page.immutable = true;
  return page;
}

const Media* PageBuilder::find_media(std::string_view name) const {
  if (name.empty()) return nullptr;
  auto found = s_.media.find(name);
  return found == s_.media.end() ? nullptr : &found->second;
}

json PageBuilder::share_image_view(const Media* media, std::string_view alt) const {
  if (media == nullptr) {
    media = find_media(s_.settings.share_image);
    alt = {};
  }
  if (media == nullptr) return nullptr;
  return {{"url", absolute("/media/" + media_share_file(*media))},
          {"width", kShareWidth},
          {"height", kShareHeight},
          {"alt", alt.empty() ? media->alt : std::string(alt)}};
}

json PageBuilder::logo_ld() const {
  const Media* logo = find_media(s_.settings.logo);
  if (logo == nullptr) return nullptr;
  const MediaVariant variant = fallback_variant(*logo);
  return image_object(absolute("/media/" + variant.file), variant.width, variant.height);
}

std::string PageBuilder::logo_html() const {
  const Media* logo = find_media(s_.settings.logo);
  return logo == nullptr ? std::string() : picture_html(*logo, {}, PictureRole::logo);
}

Result<json> PageBuilder::most_read_view() {
  std::shared_ptr<const MostRead> published = s_.most_read->published();
  if (!published) return json(nullptr);
  json lists = json::array();
  bool any = false;
  for (std::size_t i = 0; i < kReadingPeriods.size(); ++i) {
    json items = json::array();
    for (const auto& [id, views] : published->lists[i]) {
      std::optional<Article> article = s_.archive->article(id);
      if (!article || article->published_at > now_) continue;
      shown_.push_back(id);
      items.push_back({{"title", article->title},
                       {"href", s_.permalink.path_of(*article)},
                       {"lang", article->lang},
                       {"lang_differs", article->lang != t_->locale()},
                       {"dir", direction_of(article->lang)}});
    }
    any = any || !items.empty();
    lists.push_back({{"label", msg(kReadingPeriods[i].second)},
                     {"articles", items},
                     {"has_articles", !items.empty()}});
  }
  if (!any) return json(nullptr);
  return json{{"heading", msg("most_read.heading")}, {"lists", lists}};
}

Page PageBuilder::most_read_json() {
  json body = json::object();
  static constexpr std::array kNames = {"day", "week", "all_time"};
  std::shared_ptr<const MostRead> current = s_.most_read->current();
  for (std::size_t i = 0; i < kReadingPeriods.size(); ++i) {
    json items = json::array();
    for (const auto& [id, views] : current->lists[i]) {
      std::optional<Article> article = s_.archive->article(id);
      if (!article || article->published_at > now_) continue;
      items.push_back({{"id", id},
                       {"title", article->title},
                       {"url", absolute(s_.permalink.path_of(*article))},
                       {"views", views}});
    }
    body[kNames[i]] = items;
  }
  Page page;
  page.content_type = "application/json";
  page.body = body.dump();
  page.shows_counts = true;
  return page;
}

Page PageBuilder::home() {
  ArticleList latest = fetch_first(Archive::home_list(), s_.settings.latest_count);
  std::vector<Article>& newest = latest.articles;
  // The lead story: the newest with a picture among the latest, else the newest.
  json lead = nullptr;
  if (!newest.empty()) {
    auto with_picture = std::find_if(newest.begin(), newest.end(), [this](const Article& article) {
      return find_media(article.image) != nullptr;
    });
    auto chosen = with_picture == newest.end() ? newest.begin() : with_picture;
    lead = list_item(*chosen);
    if (const Media* image = find_media(chosen->image)) {
      lead["picture_html"] = picture_html(*image, chosen->image_alt, PictureRole::lead);
    }
    newest.erase(chosen);
  }
  json items = list_items(newest);
  // A story shown once on the page is not shown again in its section's block.
  std::set<Id> shown(shown_.begin(), shown_.end());

  json blocks = json::array();
  for (const Section& section : s_.sections) {
    if (section.parent_id) continue;
    ArticleList articles = fetch_first(Archive::section_list(section.id),
                                       kHomeSectionArticles + static_cast<int>(shown.size()));
    std::erase_if(articles.articles,
                  [&shown](const Article& article) { return shown.contains(article.id); });
    if (articles.articles.size() > static_cast<std::size_t>(kHomeSectionArticles)) {
      articles.articles.resize(static_cast<std::size_t>(kHomeSectionArticles));
    }
    if (articles.articles.empty()) continue;
    for (const Article& article : articles.articles) shown.insert(article.id);
    json block_items = list_items(articles.articles);
    blocks.push_back({{"name", section.name},
                      {"href", local(section_href(section))},
                      {"more", msg("home.more_in_section", {{"section", section.name}})},
                      {"articles", block_items}});
  }
  std::string description =
      s_.settings.description.empty() ? s_.settings.name : s_.settings.description;
  json json_ld = {{"@context", "https://schema.org"},
                  {"@type", "WebSite"},
                  {"name", s_.settings.name},
                  {"url", absolute(local("/"))},
                  {"inLanguage", lang_}};
  json view = layout(s_.settings.name, description, local("/"), json_ld);
  auto most_read = most_read_view();
  if (!most_read) return failure(most_read.error());
  view["most_read"] = *most_read;
  const bool nothing = lead.is_null();
  view["wide"] = true;
  view["home"] = {{"heading", msg("home.latest")},
                  {"lead", lead},
                  {"articles", items},
                  {"empty", nothing ? msg("list.empty") : std::string()},
                  {"sections", blocks},
                  {"has_sections", !blocks.empty()}};
  if (s_.mail_enabled) {
    view["subscribe"] = subscribe_form_view(nullptr, {});
    view["subscribe"]["heading"] = msg("subscribe.heading");
  }
  Page page = html(200, "home", view);
  page.shows_ranking = true;
  return page;
}

json PageBuilder::share_view(const std::string& url, const std::string& title) const {
  // Plain links to each service's own share page: nothing is loaded from it, and no count is
  // asked for, until the reader follows one.
  const std::string link = url_encode(url);
  const std::string text = url_encode(title);
  struct Service {
    const char* name;
    std::string href;
  };
  const Service services[] = {
      {"WhatsApp", "https://wa.me/?text=" + url_encode(title + " " + url)},
      {"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + link},
      {"X", "https://x.com/intent/post?url=" + link + "&text=" + text},
      {"Telegram", "https://t.me/share/url?url=" + link + "&text=" + text},
  };
  json links = json::array();
  for (const Service& service : services) {
    links.push_back({{"name", service.name},
                     {"href", service.href},
                     {"label", msg("share.on", {{"service", std::string(service.name)}})}});
  }
  return {
      {"heading", msg("share.heading")},
      {"links", std::move(links)},
      {"email", msg("share.email")},
      {"email_href", "mailto:?subject=" + text + "&body=" + link},
      {"copy", msg("share.copy")},
      {"url", url},
  };
}

Page PageBuilder::article(const Article& article) {
  use_language(article.lang);
  shown_.push_back(article.id);
  const std::string canonical_path = s_.permalink.path_of(article);
  json tags = json::array();
  for (const Tag& tag : article.tags) {
    tags.push_back({{"name", tag.name}, {"href", local("/tag/" + tag.slug + "/")}});
  }
  json more = json::array();
  std::string section_name;
  if (!article.sections.empty()) {
    section_name = article.sections.back().name;
    ArticleList related =
        fetch_first(Archive::section_list(article.sections.back().id), kMoreArticles + 1);
    for (const Article& other : related.articles) {
      if (other.id != article.id && more.size() < kMoreArticles) more.push_back(list_item(other));
    }
  }
  int minutes = reading_minutes(article.word_count, s_.settings.words_per_minute);
  std::string canonical = absolute(canonical_path);

  json author_ld = {{"@type", "Person"},
                    {"name", article.author.name},
                    {"url", absolute(local("/author/" + article.author.slug + "/"))}};
  json news_article = {{"@type", "NewsArticle"},
                       {"headline", article.title},
                       {"description", article.description},
                       {"datePublished", format_iso8601(article.published_at)},
                       {"dateModified", format_iso8601(article.updated_at)},
                       {"inLanguage", article.lang},
                       {"author", author_ld},
                       {"mainEntityOfPage", canonical},
                       {"publisher", {{"@type", "Organization"}, {"name", s_.settings.name}}}};
  if (json logo = logo_ld(); !logo.is_null()) news_article["publisher"]["logo"] = logo;
  const Media* image = find_media(article.image);
  json share_image = share_image_view(image, article.image_alt);
  if (!share_image.is_null()) {
    // The preview's crop first, then the picture whole: search engines pick what fits.
    json images = json::array({image_object(share_image["url"], kShareWidth, kShareHeight)});
    if (image != nullptr) {
      const MediaVariant widest = media_variants(*image, MediaFormat::jpeg).back();
      images.push_back(
          image_object(absolute("/media/" + widest.file), widest.width, widest.height));
    }
    news_article["image"] = images;
  }
  if (!article.sections.empty()) news_article["articleSection"] = article.sections.back().name;
  json json_ld = {{"@context", "https://schema.org"},
                  {"@graph", {news_article, breadcrumb_ld(article.sections, &article.title)}}};

  json view = layout(article.title, article.description, canonical_path, json_ld);
  view["og_type"] = "article";
  // Video links become facades here, not when the article is saved: a poster added to the
  // library later shows at once.
  VideoFacades videos =
      embed_videos(article.body_html, [this](std::string_view name) { return find_media(name); });
  if (videos.count > 0) {
    view["video_script"] = asset_url("video.js");
    view["video_css"] = s_.video_css;
  }
  view["og_image"] = share_image;
  json translations = translations_view(article, view);
  view["article"] = {
      {"title", article.title},
      {"lang", article.lang},
      {"lang_differs", article.lang != t_->locale()},
      {"dir", direction_of(article.lang)},
      {"breadcrumb", breadcrumb(article.sections, &article.title)},
      {"comments", msg("meta.comments", {{"count", article.comment_count}})},
      {"views", msg("meta.views", {{"count", article.views}})},
      {"reading_time", msg("meta.reading_time", {{"minutes", minutes}})},
      {"date", t_->long_date(article.published_at, s_.settings.timezone)},
      {"date_iso", format_iso8601(article.published_at)},
      {"byline", msg("article.byline", {{"author", article.author.name}})},
      {"author_href", local("/author/" + article.author.slug + "/")},
      {"body_html", std::move(videos.html)},
      {"tags_label", msg("article.tags")},
      {"tags", tags},
      {"has_tags", !tags.empty()},
      {"more_heading", msg("article.more_heading", {{"site", s_.settings.name}})},
      {"more_text", msg("article.more_text", {{"section", section_name}})},
      {"more", more},
      {"has_more", !more.empty()},
      // The heading stands over the subscription form and the section's latest articles: with
      // neither, it would stand alone.
      {"show_more", s_.mail_enabled || !more.empty()},
      {"translations", std::move(translations)},
      {"share", share_view(canonical, article.title)},
  };
  if (image != nullptr) {
    view["article"]["image"] = {
        {"html", picture_html(*image, article.image_alt, PictureRole::lead)},
        {"caption", image->caption},
        {"credit", image->credit},
        {"has_caption", !image->caption.empty() || !image->credit.empty()}};
  }
  if (!article.correction.empty()) {
    // Under the article, dated: readers who saw the first version learn what changed. The
    // note is plain text, given the French spacing the article's body gets in French. A
    // note without its date (none recorded) takes the article's last change.
    UnixSeconds corrected_at = article.corrected_at ? article.corrected_at : article.updated_at;
    std::string text =
        article.lang == "fr" ? french_spacing(article.correction) : article.correction;
    view["article"]["correction"] = {
        {"note",
         msg("article.correction", {{"date", t_->long_date(corrected_at, s_.settings.timezone)},
                                    {"text", std::move(text)}})},
    };
  }
  if (s_.settings.protection != "off") {
    view["protection"] = {
        {"mode", s_.settings.protection},
        {"script_href", asset_url("protect.js")},
        {"source", msg("protection.source", {{"title", article.title}, {"url", canonical}})},
        {"notice", msg("protection.notice")},
    };
  }
  auto most_read = most_read_view();
  if (!most_read) return failure(most_read.error());
  view["most_read"] = *most_read;
  auto comments = comments_view(article, 0);
  if (!comments) return failure(comments.error());
  view["discussion"] = *comments;
  if (comments_open(article)) {
    view["comment_form"] = comment_form_view(article, nullptr, nullptr, {});
  } else {
    view["comments_closed"] = msg("comments.closed");
  }
  if (s_.mail_enabled) {
    view["subscribe"] = subscribe_form_view(nullptr, {});
    view["subscribe"]["heading"] = "";  // under the "more from the site" heading
  }
  Page page = html(200, "article", view);
  page.max_age = kFormPageMaxAge;
  page.article_id = article.id;
  if (videos.count > 0) {
    page.frame_sources = video_player_origins();
    if (!s_.video_css_hash.empty()) page.inline_style_hashes.push_back(s_.video_css_hash);
  }
  page.shows_ranking = true;
  return page;
}

Page PageBuilder::section_page(const Section& section, int page) {
  std::vector<Section> chain;
  for (std::optional<Id> id = section.id; id;) {
    auto found = std::find_if(s_.sections.begin(), s_.sections.end(),
                              [&](const Section& candidate) { return candidate.id == *id; });
    if (found == s_.sections.end()) break;
    chain.insert(chain.begin(), *found);
    id = found->parent_id;
  }
  ArticleList list = fetch_page(Archive::section_list(section.id), page);
  if (page > 1 && list.articles.empty()) return not_found();
  json children = json::array();
  for (const Section& child : s_.sections) {
    if (child.parent_id == section.id) {
      children.push_back({{"name", child.name}, {"href", local(section_href(child))}});
    }
  }
  switch_path_ = section_href(section);
  std::string base = local(switch_path_);
  std::string canonical = page_path(base, page);
  json json_ld = breadcrumb_ld(chain, nullptr);
  json_ld["@context"] = "https://schema.org";
  json view = layout(msg("section.title", {{"section", section.name}}),
                     msg("section.description", {{"section", section.name}}), canonical, json_ld);
  view["feeds"].push_back(feed_link(section.name, base));
  view["list"] = list_view(msg("section.title", {{"section", section.name}}), list, base, page);
  view["list"]["breadcrumb"] = breadcrumb(chain, nullptr);
  view["list"]["has_breadcrumb"] = true;
  view["list"]["subsections"] = children;
  view["list"]["has_subsections"] = !children.empty();
  return html(200, "list", view);
}

Page PageBuilder::author_page(std::string_view slug, int page) {
  std::optional<Author> author = s_.archive->author_by_slug(slug);
  if (!author) return not_found();
  ArticleList list = fetch_page(Archive::author_list(author->id), page);
  if (page > 1 && list.articles.empty()) return not_found();
  switch_path_ = "/author/" + author->slug + "/";
  std::string base = local(switch_path_);
  std::string heading = msg("author.title", {{"author", author->name}});
  json json_ld = {{"@context", "https://schema.org"},
                  {"@type", "ProfilePage"},
                  {"mainEntity", {{"@type", "Person"}, {"name", author->name}}}};
  std::string description = author->bio.empty() ? heading : author->bio;
  json view = layout(heading, description, page_path(base, page), json_ld);
  view["feeds"].push_back(feed_link(author->name, base));
  view["list"] = list_view(heading, list, base, page);
  view["list"]["intro"] = author->bio;
  view["list"]["count"] = msg("author.count", {{"count", list.total}});
  return html(200, "list", view);
}

Page PageBuilder::tag_page(std::string_view slug, int page) {
  std::optional<Tag> tag = s_.archive->tag_by_slug(slug);
  if (!tag) return not_found();
  ArticleList list = fetch_page(Archive::tag_list(tag->id), page);
  if (list.articles.empty()) return not_found();
  switch_path_ = "/tag/" + tag->slug + "/";
  std::string base = local(switch_path_);
  std::string heading = msg("tag.title", {{"tag", tag->name}});
  json view =
      layout(heading, msg("tag.description", {{"tag", tag->name}}), page_path(base, page), nullptr);
  view["feeds"].push_back(feed_link(tag->name, base));
  view["list"] = list_view(heading, list, base, page);
  return html(200, "list", view);
}

Result<Article> PageBuilder::published_article(std::string_view slug) const {
  // No query for the author, the section chain or the tags: the archive holds them.
  std::optional<Article> found = s_.archive->published_by_slug(slug, now_);
  if (!found) return make_error(Errc::not_found, "no such published article");
  auto text = store_.article_text(found->id);
  if (!text) return text.error();
  found->body_html = std::move(text->body_html);
  found->views = text->views;
  found->correction = std::move(text->correction);
  found->corrected_at = text->corrected_at;
  // Live: a moderation drops the article's cached pages without reloading the archive.
  found->comment_count = text->comment_count;
  return std::move(*found);
}

std::optional<Page> PageBuilder::try_article(std::string_view path) {
  std::optional<std::string> slug = s_.permalink.slug_in(path);
  if (!slug) return std::nullopt;
  auto found = published_article(*slug);
  if (!found) {
    if (found.error().code == Errc::not_found) return departed_article(*slug, "");
    return failure(found.error());
  }
  std::string canonical = s_.permalink.path_of(*found);
  if (canonical != path) {
    Page moved = redirect(canonical);
    moved.shown_articles = {found->id};  // a new slug or date moves it again
    return moved;
  }
  return article(*found);
}

std::optional<Page> PageBuilder::departed_article(std::string_view slug, std::string_view rest) {
  if (s_.archive->gone(slug)) return gone();
  std::optional<std::string> current = s_.archive->moved_to(slug);
  if (!current) return std::nullopt;
  std::optional<Article> moved = s_.archive->published_by_slug(*current, now_);
  if (!moved) return std::nullopt;  // renamed, then unpublished or scheduled: hidden
  Page page = redirect(s_.permalink.path_of(*moved) + std::string(rest));
  page.shown_articles = {moved->id};  // another rename or its removal changes the answer
  return page;
}

std::vector<std::pair<std::string, std::string>> PageBuilder::alternates_of(
    const Article& article, const std::vector<Article>& others) const {
  std::vector<std::pair<std::string, std::string>> alternates;
  if (others.empty()) return alternates;
  // The version in the site's own language stands for the others where none matches the
  // reader's (x-default); failing that, the article itself.
  std::string fallback = absolute(s_.permalink.path_of(article));
  alternates.emplace_back(article.lang, fallback);
  for (const Article& other : others) {
    alternates.emplace_back(other.lang, absolute(s_.permalink.path_of(other)));
    if (other.lang == s_.archive->page_languages().front()) fallback = alternates.back().second;
  }
  alternates.emplace_back("x-default", std::move(fallback));
  return alternates;
}

json PageBuilder::translations_view(const Article& article, json& view) const {
  std::vector<Article> others = s_.archive->translations(article.id, now_);
  if (others.empty()) return nullptr;
  json links = json::array();
  for (const Article& other : others) {
    shown_.push_back(other.id);
    const std::string path = s_.permalink.path_of(other);
    const Catalog* catalog = s_.catalogs->find(other.lang);
    links.push_back({{"name", catalog != nullptr ? catalog->name() : other.lang},
                     {"title", other.title},
                     {"href", path},
                     {"lang", other.lang},
                     {"dir", direction_of(other.lang)}});
    for (json& language : view["languages"]) {
      if (language["lang"] == other.lang) language["href"] = path;
    }
  }
  json alternates = json::array();
  for (const auto& [hreflang, href] : alternates_of(article, others)) {
    alternates.push_back({{"hreflang", hreflang}, {"href", href}});
  }
  view["alternates"] = std::move(alternates);
  return {{"heading", msg("article.translations")}, {"links", std::move(links)}};
}

Page PageBuilder::render(std::string_view path) {
  // "/en/…": the site's lists in another of its languages (not its articles, which have one
  // address each, nor its forms and files).
  if (s_.archive->multilingual() && path.size() > 1) {
    const std::size_t slash = path.find('/', 1);
    const std::string_view code =
        path.substr(1, slash == std::string_view::npos ? std::string_view::npos : slash - 1);
    if (!s_.archive->prefix_of(code).empty()) {
      if (slash == std::string_view::npos) return redirect(std::string(path) + "/");
      use_language(code);
      return render_list(path.substr(slash));
    }
  }
  if (path == "/robots.txt") return robots();
  if (path.starts_with("/sitemap") && path.ends_with(".xml")) return sitemap(path);
  if (path == "/most-read.json") return most_read_json();
  if (path.starts_with("/subscribe/") || path.starts_with("/subscription/")) {
    if (!s_.mail_enabled) return not_found();
    if (auto page = subscription_page(path)) return std::move(*page);
  }
  if (auto page = outbox_page(path)) return std::move(*page);
  if (path.starts_with("/comments/held/") && path.ends_with('/')) {
    std::string_view slug = path.substr(15, path.size() - 16);
    return slug.find('/') == std::string_view::npos ? held_page(slug) : not_found();
  }
  if (path.starts_with("/comments/reply/") && path.ends_with('/')) {
    std::string_view rest = path.substr(16, path.size() - 17);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return not_found();
    return reply_page(rest.substr(0, slash), rest.substr(slash + 1));
  }
  if (path == "/favicon.ico") {
    auto icon = s_.assets.find("favicon.ico");
    if (icon != s_.assets.end()) return asset(icon->second.url);
    return not_found();
  }
  if (path.starts_with("/assets/")) return asset(path);
  if (path.starts_with("/media/")) return media_file(path.substr(7));
  return render_list(path);
}

Page PageBuilder::catalog_page(CatalogKind kind, std::string_view key, int page, bool is_feed,
                               FeedFormat feed_format) {
  if (kind == CatalogKind::section) {
    for (const Section& section : s_.sections) {
      if (section.path != key) continue;
      return is_feed ? section_feed(section, feed_format) : section_page(section, page);
    }
    return not_found();
  }
  if (key.find('/') != std::string_view::npos || key.empty()) return not_found();
  if (kind == CatalogKind::author) {
    return is_feed ? author_feed(key, feed_format) : author_page(key, page);
  }
  return is_feed ? tag_feed(key, feed_format) : tag_page(key, page);
}

Page PageBuilder::render_list(std::string_view path) {
  // Under a language's prefix, only lists: an article's address there is no page.
  const bool articles_here = prefix_.empty();
  if (path == "/") return home();
  const auto [list_path, feed_suffix] = split_feed_suffix(path);
  if (feed_suffix == FeedSuffix::rss2) {
    // Straight to where the RSS feed is (a moved list's old address leads on), if anywhere.
    std::string rss = std::string(list_path) + "feed/";
    Page target = render_list(rss);
    if (target.status == 301) return redirect(target.location);
    return target.status == 200 ? redirect(local(rss)) : not_found();
  }
  const bool is_feed = feed_suffix != FeedSuffix::none;
  const FeedFormat feed_format =
      feed_suffix == FeedSuffix::atom ? FeedFormat::atom : FeedFormat::rss;
  if (is_feed && list_path == "/") return home_feed(feed_format);

  auto [base, page] = split_page_suffix(list_path);
  if (page < 1 || page > kMaxListPage) return not_found();
  if (is_feed && page != 1) return not_found();  // a feed is of a list, not of its pages
  if (base.starts_with("/category/") || base.starts_with("/author/") || base.starts_with("/tag/")) {
    if (!base.ends_with('/')) {
      // Redirect only to a page that exists: an unknown name is a 404 here, not a redirect
      // to one (which caches would keep under every junk path).
      std::string with_slash = std::string(path) + "/";
      Page target = render_list(with_slash);
      return target.status == 200 ? redirect(local(with_slash)) : not_found();
    }
    std::string_view kind_prefix = base.substr(0, base.find('/', 1) + 1);
    std::string_view rest = base.substr(kind_prefix.size());
    if (rest.empty()) return not_found();  // "/tag/" alone names no tag
    rest.remove_suffix(1);
    const CatalogKind kind = kind_prefix == "/category/" ? CatalogKind::section
                             : kind_prefix == "/author/" ? CatalogKind::author
                                                         : CatalogKind::tag;
    // A section, author or tag an editor renamed, moved or merged: its old links still lead.
    if (auto moved = s_.archive->catalog_moved_to(kind, rest)) {
      return redirect(local(page_path(std::string(kind_prefix) + *moved + "/", page)) +
                      std::string(path.substr(list_path.size())));
    }
    Page found = catalog_page(kind, rest, page, is_feed, feed_format);
    // A category or tag address the site had before Tribune (WordPress's own slugs).
    if (found.status == 404 && articles_here) {
      if (auto old = old_address(path)) return std::move(*old);
    }
    return found;
  }
  // An article's address wins over a date archive's (a pattern such as /%year%/%postname%/
  // makes /2025/07/ the address of the article "07").
  if (articles_here) {
    if (auto found = try_article(path)) return std::move(*found);
  }
  if (auto found = date_archive(base, page)) return std::move(*found);
  if (articles_here) {
    if (auto found = try_comment_page(path)) return std::move(*found);
  }
  if (!path.ends_with('/')) {
    std::string with_slash = std::string(path) + "/";
    if (articles_here) {
      if (auto found = try_article(with_slash); found && found->status != 404) {
        return redirect(found->status == 301 ? found->location : with_slash);
      }
    }
    if (auto found = date_archive(with_slash, 1); found && found->status == 200) {
      return redirect(local(with_slash));
    }
  }
  if (articles_here) {
    if (auto found = try_static_page(path)) return std::move(*found);
    // An address the site had before Tribune (a WordPress permalink of another pattern).
    if (auto found = old_address(path)) return std::move(*found);
    if (!path.ends_with('/') && try_static_page(std::string(path) + "/")) {
      return redirect(std::string(path) + "/");
    }
  }
  return not_found();
}

}  // namespace tribune
