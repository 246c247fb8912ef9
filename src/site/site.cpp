// Routing of public paths to pages, and the view each page's template receives.
#include "site/site.h"

#include <array>
#include <charconv>
#include <map>

#include <sodium.h>
#include "content/reading_time.h"
#include "content/utf8.h"

#include "core/hash.h"
#include "render/comment_text.h"
#include "render/html.h"

namespace tribune {

using nlohmann::json;

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
  std::vector<Section> sections;                     // all, by path
  std::map<std::string, Asset, std::less<>> assets;  // by file name ("style.css")
  std::map<std::string, std::string, std::less<>> asset_names_by_url;
  const FormTokens* tokens = nullptr;      // owned by Site
  RateLimiter* comment_limiter = nullptr;  // owned by Site
};

namespace {

// Pages of a list beyond this are refused with a 404 rather than queried: no reader pages
// that far, and a crawler asking for page 10^9 should cost nothing.
constexpr int kMaxListPage = 1000;
// Articles per section block on the home page.
constexpr int kHomeSectionArticles = 4;
// "More in this section" links under an article.
constexpr int kMoreArticles = 3;
// Articles per "most read" list.
constexpr int kMostReadCount = 5;
constexpr std::array kReadingPeriods = {std::pair{ReadingPeriod::day, "most_read.day"},
                                        std::pair{ReadingPeriod::week, "most_read.week"},
                                        std::pair{ReadingPeriod::all_time, "most_read.all"}};

std::string content_type_for(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

// "style.css" -> "/assets/style.1a2b3c4d.css": the URL changes when the bytes do, so the
// file can be cached for a year.
std::string fingerprinted_url(std::string_view name, std::string_view body) {
  std::string hash = content_hash_hex(body, 4);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "/assets/" + std::string(name) + "." + hash;
  return "/assets/" + std::string(name.substr(0, dot)) + "." + hash + std::string(name.substr(dot));
}

// Characters (code points) of UTF-8 `text`: what a reader counts, unlike bytes.
std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// True when a word or address of the comma-separated `blocklist` occurs, case aside, in the
// comment's name, email, website or text.
bool matches_blocklist(std::string_view blocklist, const Comment& comment) {
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string haystack = lower(comment.author_name + "\n" + comment.author_email + "\n" +
                               comment.author_url + "\n" + comment.body);
  while (!blocklist.empty()) {
    std::size_t comma = blocklist.find(',');
    std::string_view entry = blocklist.substr(0, comma);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (!entry.empty() && haystack.find(lower(entry)) != std::string::npos) return true;
    if (comma == std::string_view::npos) break;
    blocklist.remove_prefix(comma + 1);
  }
  return false;
}

std::string section_href(const Section& section) { return "/category/" + section.path + "/"; }

// "/category/blog/" for page 1, "/category/blog/page/2/" after.
std::string page_path(std::string_view base, int page) {
  return page == 1 ? std::string(base) : std::string(base) + "page/" + std::to_string(page) + "/";
}

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

}  // namespace

Site::Site(Store& store, Theme theme, Catalogs catalogs, std::string fallback_url)
    : store_(store),
      theme_(std::move(theme)),
      catalogs_(std::move(catalogs)),
      fallback_url_(std::move(fallback_url)) {}

Result<std::unique_ptr<Site>> Site::open(Store& store, Theme theme, Catalogs catalogs,
                                         std::string fallback_url) {
  std::unique_ptr<Site> site(
      new Site(store, std::move(theme), std::move(catalogs), std::move(fallback_url)));
  // The form key is made once per site and shared through the database by all its servers.
  constexpr std::string_view kFormKeySetting = "secret.form_key";
  auto stored_key = store.setting(kFormKeySetting);
  if (!stored_key) return stored_key.error();
  std::string key;
  if (*stored_key && (*stored_key)->size() == 2 * crypto_auth_KEYBYTES) {
    key.resize(crypto_auth_KEYBYTES);
    sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), (*stored_key)->data(),
                   (*stored_key)->size(), nullptr, nullptr, nullptr);
  } else {
    key = FormTokens::generate_key();
    std::string hex(key.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(key.data()),
                   key.size());
    hex.pop_back();
    TRIBUNE_TRY(store.set_setting(kFormKeySetting, hex));
  }
  site->tokens_ = std::make_unique<FormTokens>(std::move(key));
  // Comments per reader in this many seconds (comments.rate_limit sets how many).
  constexpr UnixSeconds kCommentRateWindow = 600;
  site->comment_limiter_ = std::make_unique<RateLimiter>(5, kCommentRateWindow);
  TRIBUNE_TRY(site->reload());
  return site;
}

Status Site::reload() {
  auto snapshot = std::make_shared<Snapshot>();
  auto settings = SiteSettings::load(store_, fallback_url_);
  if (!settings) return settings.error();
  snapshot->settings = std::move(*settings);
  snapshot->tokens = tokens_.get();
  snapshot->comment_limiter = comment_limiter_.get();
  comment_limiter_->set_limit(snapshot->settings.comments_rate_limit);
  auto permalink = Permalink::parse(snapshot->settings.permalink);
  if (!permalink) return permalink.error();
  snapshot->permalink = std::move(*permalink);
  snapshot->catalog = catalogs_.find(snapshot->settings.locale);
  if (snapshot->catalog == nullptr) {
    return make_error(Errc::invalid_input,
                      "no message catalog for '" + snapshot->settings.locale + "'", "site.locale");
  }
  auto sections = store_.sections();
  if (!sections) return sections.error();
  snapshot->sections = std::move(*sections);
  for (const std::string& name : theme_.asset_names()) {
    Asset asset;
    asset.body = std::string(*theme_.asset(name));
    asset.url = fingerprinted_url(name, asset.body);
    asset.content_type = content_type_for(name);
    snapshot->asset_names_by_url[asset.url] = name;
    snapshot->assets[name] = std::move(asset);
  }
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(snapshot);
  return Ok{};
}

std::shared_ptr<const Site::Snapshot> Site::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

const Catalog& Site::catalog() const { return *snapshot()->catalog; }

namespace {

// Everything one render needs, gathered once per request.
class PageBuilder {
 public:
  PageBuilder(const Site::Snapshot& snapshot, Store& store, const Theme& theme, UnixSeconds now)
      : s_(snapshot), store_(store), theme_(theme), t_(*snapshot.catalog), now_(now) {}

  Page render(std::string_view path);
  Page post_comment(const CommentSubmission& submission);
  Page not_found();
  Page bad_request();

 private:
  std::string absolute(std::string_view path) const { return s_.settings.url + std::string(path); }
  std::string asset_url(std::string_view name) const {
    auto found = s_.assets.find(name);
    return found == s_.assets.end() ? std::string() : found->second.url;
  }
  std::string msg(std::string_view key,
                  const std::vector<std::pair<std::string, MessageArg>>& args = {}) const {
    return t_.format(key, args);
  }

  // The view every page shares; an empty `canonical_path` (error pages) names no canonical URL.
  json layout(std::string title, std::string description, std::string_view canonical_path,
              json json_ld) const;
  json list_item(const Article& article) const;
  json list_items(const std::vector<Article>& articles) const;
  // Page `page` of the published articles matching `query`.
  Result<ArticleList> fetch_page(ArticleQuery query, int page) const;
  json pagination(std::string_view base_path, int page, int total) const;
  json breadcrumb(const std::vector<Section>& sections, const std::string* last) const;
  json breadcrumb_ld(const std::vector<Section>& sections, const std::string* last) const;
  Page html(int status, std::string_view template_name, const json& view);
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

  Page home();
  Page article(const Article& article);
  Page most_read_json();

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
  Result<json> comments_view(const Article& article);
  // The "most read" lists for the views of home and article pages; null when all are empty.
  Result<json> most_read_view();
  Page section_page(const Section& section, int page);
  Page author_page(std::string_view slug, int page);
  Page tag_page(std::string_view slug, int page);
  Page asset(std::string_view url);
  Page robots();
  std::optional<Page> try_article(std::string_view path);

  const Site::Snapshot& s_;
  Store& store_;
  const Theme& theme_;
  const Catalog& t_;
  UnixSeconds now_;
};

json PageBuilder::layout(std::string title, std::string description,
                         std::string_view canonical_path, json json_ld) const {
  json nav = json::array();
  for (const Section& section : s_.sections) {
    if (!section.parent_id)
      nav.push_back({{"name", section.name}, {"href", section_href(section)}});
  }
  json view = {
      {"lang", s_.settings.locale},
      {"site_name", s_.settings.name},
      {"title", title},
      {"page_title", title == s_.settings.name ? title : title + " – " + s_.settings.name},
      {"description", description},
      {"canonical", canonical_path.empty() ? std::string() : absolute(canonical_path)},
      {"css_href", asset_url("style.css")},
      {"favicon_href", asset_url("favicon.svg")},
      {"nav", nav},
      {"json_ld", json_ld.is_null() ? std::string() : json_for_script(json_ld.dump())},
      {"t",
       {{"skip", msg("site.skip_to_content")},
        {"home", msg("nav.home")},
        {"sections", msg("nav.sections")},
        {"breadcrumb", msg("breadcrumb.label")},
        {"powered", msg("footer.powered")}}},
      {"og_locale", s_.settings.locale == "fr" ? "fr_FR" : s_.settings.locale},
  };
  return view;
}

json PageBuilder::list_item(const Article& article) const {
  json item = {
      {"title", article.title},
      {"href", s_.permalink.path_of(article)},
      {"description", article.description},
      {"date", t_.long_date(article.published_at, s_.settings.timezone)},
      {"date_iso", format_iso8601(article.published_at)},
      {"author_name", article.author.name},
      {"author_href", "/author/" + article.author.slug + "/"},
      {"comments", article.comment_count == 0
                       ? std::string()
                       : msg("meta.comments", {{"count", article.comment_count}})},
      {"lang", article.lang},
      {"lang_differs", article.lang != s_.settings.locale},
  };
  if (!article.sections.empty()) {
    item["section_name"] = article.sections.back().name;
    item["section_href"] = section_href(article.sections.back());
  }
  return item;
}

json PageBuilder::list_items(const std::vector<Article>& articles) const {
  json items = json::array();
  for (const Article& article : articles) items.push_back(list_item(article));
  return items;
}

Result<ArticleList> PageBuilder::fetch_page(ArticleQuery query, int page) const {
  query.now = now_;
  query.limit = s_.settings.per_page;
  query.offset = (page - 1) * s_.settings.per_page;
  return store_.list_articles(query);
}

json PageBuilder::pagination(std::string_view base_path, int page, int total) const {
  int per_page = s_.settings.per_page;
  int pages = total == 0 ? 1 : (total + per_page - 1) / per_page;
  if (pages <= 1) return nullptr;
  json view = {{"label", msg("list.pagination")},
               {"position", msg("list.page", {{"page", page}, {"pages", pages}})}};
  if (page > 1)
    view["newer"] = {{"href", page_path(base_path, page - 1)}, {"text", msg("list.newer")}};
  if (page < pages)
    view["older"] = {{"href", page_path(base_path, page + 1)}, {"text", msg("list.older")}};
  return view;
}

json PageBuilder::breadcrumb(const std::vector<Section>& sections, const std::string* last) const {
  json items = json::array();
  items.push_back({{"name", msg("nav.home")}, {"href", "/"}, {"first", true}});
  for (std::size_t i = 0; i < sections.size(); ++i) {
    bool current = last == nullptr && i + 1 == sections.size();
    json item = {{"name", sections[i].name}, {"first", false}};
    if (!current) item["href"] = section_href(sections[i]);
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
                      {"item", absolute("/")}});
  for (const Section& section : sections) {
    elements.push_back({{"@type", "ListItem"},
                        {"position", position++},
                        {"name", section.name},
                        {"item", absolute(section_href(section))}});
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
  return page;
}

Page PageBuilder::failure(const Error& error) {
  Page page;
  page.status = 500;
  page.content_type = "text/plain; charset=utf-8";
  page.body = "500: " + error.to_string() + "\n";
  return page;
}

Page PageBuilder::error_page(int status, std::string_view messages) {
  std::string key(messages);
  std::string title = msg(key + ".title");
  json view = layout(title, title, "", nullptr);
  view["error"] = {{"title", title}, {"text", msg(key + ".text")}, {"back", msg("not_found.back")}};
  return html(status, "error", view);
}

Page PageBuilder::not_found() { return error_page(404, "not_found"); }

Page PageBuilder::bad_request() { return error_page(400, "bad_request"); }

Page PageBuilder::robots() {
  Page page;
  page.content_type = "text/plain; charset=utf-8";
  page.body = "User-agent: *\nAllow: /\n";
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

Result<json> PageBuilder::most_read_view() {
  json lists = json::array();
  bool any = false;
  for (const auto& [period, label] : kReadingPeriods) {
    auto articles = store_.most_read(period, now_, kMostReadCount);
    if (!articles) return articles.error();
    json items = json::array();
    for (const Article& article : *articles) {
      items.push_back({{"title", article.title}, {"href", s_.permalink.path_of(article)}});
    }
    any = any || !items.empty();
    lists.push_back({{"label", msg(label)}, {"articles", items}, {"has_articles", !items.empty()}});
  }
  if (!any) return json(nullptr);
  return json{{"heading", msg("most_read.heading")}, {"lists", lists}};
}

Result<json> PageBuilder::comments_view(const Article& article) {
  if (article.comment_count == 0) return json(nullptr);
  auto approved = store_.comments(article.id, CommentStatus::approved);
  if (!approved) return approved.error();
  auto view_of = [&](const Comment& comment) {
    json item = {{"anchor", "comment-" + std::to_string(comment.id)},
                 {"author", comment.author_name},
                 {"date", t_.long_date(comment.created_at, s_.settings.timezone)},
                 {"date_iso", format_iso8601(comment.created_at)},
                 {"body_html", comment_text_html(comment.body)},
                 {"replies", json::array()}};
    if (is_web_address(comment.author_url)) item["author_url"] = comment.author_url;
    if (!comment.parent_id && comments_open(article)) {
      item["reply_href"] =
          "/comments/reply/" + article.slug + "/" + std::to_string(comment.id) + "/";
      item["reply"] = msg("comments.reply");
    }
    return item;
  };
  json items = json::array();
  std::map<Id, std::size_t> index_of_top;
  for (const Comment& comment : *approved) {
    if (!comment.parent_id) {
      index_of_top[comment.id] = items.size();
      items.push_back(view_of(comment));
    }
  }
  for (const Comment& comment : *approved) {
    // A reply whose parent is not (or no longer) approved is not shown out of context.
    if (!comment.parent_id) continue;
    auto parent = index_of_top.find(*comment.parent_id);
    if (parent != index_of_top.end()) items[parent->second]["replies"].push_back(view_of(comment));
  }
  return json{{"heading", msg("meta.comments", {{"count", article.comment_count}})},
              {"items", items}};
}

bool PageBuilder::comments_open(const Article& article) const {
  if (article.comments_closed) return false;
  int days = s_.settings.comments_close_after_days;
  return days == 0 || now_ - article.published_at < static_cast<UnixSeconds>(days) * 86400;
}

json PageBuilder::comment_form_view(const Article& article, const Comment* parent,
                                    const CommentSubmission* values,
                                    const std::vector<std::string>& errors) const {
  std::string call_to_action = s_.settings.comments_call_to_action.empty()
                                   ? msg("comments.call_to_action")
                                   : s_.settings.comments_call_to_action;
  json view = {
      {"heading", parent != nullptr
                      ? msg("comments.reply_heading", {{"author", parent->author_name}})
                      : msg("comments.form_heading")},
      {"call_to_action", call_to_action},
      {"article", article.slug},
      {"parent", parent != nullptr ? std::to_string(parent->id) : std::string()},
      {"token", s_.tokens->issue(article.id, now_)},
      {"max_length", std::to_string(s_.settings.comments_max_length)},
      {"labels",
       {{"name", msg("comments.name")},
        {"email", msg("comments.email")},
        {"website", msg("comments.website")},
        {"text", msg("comments.text")},
        {"honeypot", msg("comments.honeypot")},
        {"submit", msg("comments.submit")}}},
      {"errors_heading", msg("comments.errors_heading")},
      {"errors", errors},
      {"has_errors", !errors.empty()},
  };
  if (values != nullptr) {
    view["values"] = {{"name", values->name},
                      {"email", values->email},
                      {"website", values->website},
                      {"text", values->text}};
  }
  return view;
}

Page PageBuilder::comment_form_page(int status, const Article& article, const Comment* parent,
                                    const CommentSubmission* values,
                                    const std::vector<std::string>& errors) {
  json view = layout(article.title, article.description, "", nullptr);
  view["form_page"] = {{"title", article.title},
                       {"article_href", s_.permalink.path_of(article)},
                       {"back", msg("comments.back")}};
  view["comment_form"] = comment_form_view(article, parent, values, errors);
  Page page = html(status, "comment_form", view);
  page.max_age = kFormPageMaxAge;
  return page;
}

Page PageBuilder::reply_page(std::string_view slug, std::string_view comment_id) {
  Id id = 0;
  if (std::from_chars(comment_id.data(), comment_id.data() + comment_id.size(), id).ec !=
      std::errc()) {
    return not_found();
  }
  auto article = store_.published_article(slug, now_);
  auto parent = store_.comment(id);
  if (!article || !parent || parent->article_id != article->id ||
      parent->status != CommentStatus::approved || parent->parent_id || !comments_open(*article)) {
    return not_found();
  }
  return comment_form_page(200, *article, &*parent, nullptr, {});
}

Page PageBuilder::held_page(std::string_view slug) {
  auto article = store_.published_article(slug, now_);
  if (!article) return not_found();
  std::string title = msg("comments.held_title");
  json view = layout(title, title, "", nullptr);
  view["error"] = {{"title", title},
                   {"text", msg("comments.held_text")},
                   {"back", msg("comments.back")},
                   {"back_href", s_.permalink.path_of(*article)}};
  return html(200, "error", view);
}

Page PageBuilder::post_comment(const CommentSubmission& submission) {
  auto article = store_.published_article(submission.article, now_);
  if (!article) return not_found();
  const SiteSettings& settings = s_.settings;
  std::optional<Comment> parent;
  if (!submission.parent.empty()) {
    Id parent_id = 0;
    auto [end, error] = std::from_chars(
        submission.parent.data(), submission.parent.data() + submission.parent.size(), parent_id);
    auto found = error == std::errc() ? store_.comment(parent_id) : Result<Comment>(Error{});
    if (!found || found->article_id != article->id || found->parent_id ||
        found->status != CommentStatus::approved) {
      return bad_request();
    }
    parent = *found;
  }
  const Comment* parent_pointer = parent ? &*parent : nullptr;
  auto refuse = [&](int status, std::vector<std::string> errors) {
    return comment_form_page(status, *article, parent_pointer, &submission, errors);
  };

  // Checks that concern the request, before the reader's text is looked at.
  auto issued = s_.tokens->verify(submission.token, article->id, now_);
  if (!issued) return refuse(422, {msg("comments.error_token")});
  if (!submission.honeypot.empty()) return refuse(422, {msg("comments.error_robot")});
  if (!comments_open(*article)) return refuse(422, {msg("comments.error_closed")});
  if (now_ - *issued < settings.comments_min_seconds) {
    return refuse(422, {msg("comments.error_too_fast")});
  }

  // The reader's fields: every problem at once, so that one round trip fixes them all.
  std::vector<std::string> errors;
  auto trimmed = [](const std::string& text) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::string();
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  };
  Comment comment;
  comment.article_id = article->id;
  comment.parent_id = parent ? std::optional<Id>(parent->id) : std::nullopt;
  comment.author_name = trimmed(submission.name);
  comment.author_email = trimmed(submission.email);
  comment.author_url = trimmed(submission.website);
  comment.body = trimmed(submission.text);
  comment.created_at = now_;
  bool all_utf8 = true;
  for (const std::string* field :
       {&comment.author_name, &comment.author_email, &comment.author_url, &comment.body}) {
    all_utf8 = all_utf8 && !find_invalid_utf8(*field);
  }
  if (!all_utf8) return bad_request();
  if (comment.author_name.empty() || comment.author_name.size() > 100 ||
      comment.author_name.find('\n') != std::string::npos) {
    errors.push_back(msg("comments.error_name"));
  }
  std::size_t at = comment.author_email.find('@');
  if (at == std::string::npos || at == 0 || comment.author_email.size() > 254 ||
      comment.author_email.find('.', at) == std::string::npos ||
      comment.author_email.find_first_of(" \t\r\n<>\",") != std::string::npos) {
    errors.push_back(msg("comments.error_email"));
  }
  if (!comment.author_url.empty() &&
      (!is_web_address(comment.author_url) || comment.author_url.size() > 200)) {
    errors.push_back(msg("comments.error_website"));
  }
  if (comment.body.empty()) errors.push_back(msg("comments.error_text"));
  if (count_characters(comment.body) > static_cast<std::size_t>(settings.comments_max_length)) {
    errors.push_back(msg("comments.error_too_long", {{"max", settings.comments_max_length}}));
  }
  int links = 0;
  for (std::size_t at_link = comment.body.find("http"); at_link != std::string::npos;
       at_link = comment.body.find("http", at_link + 4)) {
    std::string_view rest = std::string_view(comment.body).substr(at_link);
    if (rest.starts_with("http://") || rest.starts_with("https://")) ++links;
  }
  if (links > settings.comments_max_links) {
    errors.push_back(msg("comments.error_links", {{"max", settings.comments_max_links}}));
  }
  if (!errors.empty()) return refuse(422, errors);
  if (matches_blocklist(settings.comments_blocklist, comment)) {
    return refuse(422, {msg("comments.error_blocked")});
  }
  // Counted last, so that a reader fixing a typo is not held back by the limit.
  if (!s_.comment_limiter->allow(submission.client, now_)) {
    return refuse(429, {msg("comments.error_rate")});
  }

  bool publish = settings.comments_policy == "publish_all";
  if (settings.comments_policy == "hold_first") {
    auto known = store_.has_approved_comment_from(comment.author_email);
    if (!known) return failure(known.error());
    publish = *known;
  }
  comment.status = publish ? CommentStatus::approved : CommentStatus::pending;
  auto id = store_.add_comment(comment);  // committed before the reader hears anything
  if (!id) {
    if (id.error().code == Errc::invalid_input) return bad_request();
    return failure(id.error());
  }
  Page page;
  page.status = 303;
  page.content_type = "text/plain; charset=utf-8";
  page.content_changed = publish;
  page.location = publish ? s_.permalink.path_of(*article) + "#comment-" + std::to_string(*id)
                          : "/comments/held/" + article->slug + "/";
  return page;
}

Page PageBuilder::most_read_json() {
  json body = json::object();
  static constexpr std::array kNames = {"day", "week", "all_time"};
  for (std::size_t i = 0; i < kReadingPeriods.size(); ++i) {
    auto articles = store_.most_read(kReadingPeriods[i].first, now_, kMostReadCount);
    if (!articles) return failure(articles.error());
    json items = json::array();
    for (const Article& article : *articles) {
      items.push_back({{"id", article.id},
                       {"title", article.title},
                       {"url", absolute(s_.permalink.path_of(article))},
                       {"views", article.views}});
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
  auto latest = store_.list_articles(ArticleQuery{.now = now_, .limit = s_.settings.latest_count});
  if (!latest) return failure(latest.error());
  json items = list_items(latest->articles);

  json blocks = json::array();
  for (const Section& section : s_.sections) {
    if (section.parent_id) continue;
    auto articles = store_.list_articles(
        ArticleQuery{.section_id = section.id, .now = now_, .limit = kHomeSectionArticles});
    if (!articles) return failure(articles.error());
    if (articles->articles.empty()) continue;
    json block_items = list_items(articles->articles);
    blocks.push_back({{"name", section.name},
                      {"href", section_href(section)},
                      {"more", msg("home.more_in_section", {{"section", section.name}})},
                      {"articles", block_items}});
  }
  std::string description =
      s_.settings.description.empty() ? s_.settings.name : s_.settings.description;
  json json_ld = {{"@context", "https://schema.org"},
                  {"@type", "WebSite"},
                  {"name", s_.settings.name},
                  {"url", absolute("/")},
                  {"inLanguage", s_.settings.locale}};
  json view = layout(s_.settings.name, description, "/", json_ld);
  auto most_read = most_read_view();
  if (!most_read) return failure(most_read.error());
  view["most_read"] = *most_read;
  view["home"] = {{"heading", msg("home.latest")},
                  {"articles", items},
                  {"empty", items.empty() ? msg("list.empty") : std::string()},
                  {"sections", blocks}};
  Page page = html(200, "home", view);
  page.shows_ranking = true;
  return page;
}

Page PageBuilder::article(const Article& article) {
  const std::string canonical_path = s_.permalink.path_of(article);
  json tags = json::array();
  for (const Tag& tag : article.tags) {
    tags.push_back({{"name", tag.name}, {"href", "/tag/" + tag.slug + "/"}});
  }
  json more = json::array();
  std::string section_name;
  if (!article.sections.empty()) {
    section_name = article.sections.back().name;
    auto related = store_.list_articles(ArticleQuery{
        .section_id = article.sections.back().id, .now = now_, .limit = kMoreArticles + 1});
    if (!related) return failure(related.error());
    for (const Article& other : related->articles) {
      if (other.id != article.id && more.size() < kMoreArticles) more.push_back(list_item(other));
    }
  }
  int minutes = reading_minutes(article.word_count, s_.settings.words_per_minute);
  std::string canonical = absolute(canonical_path);

  json author_ld = {{"@type", "Person"},
                    {"name", article.author.name},
                    {"url", absolute("/author/" + article.author.slug + "/")}};
  json news_article = {{"@type", "NewsArticle"},
                       {"headline", article.title},
                       {"description", article.description},
                       {"datePublished", format_iso8601(article.published_at)},
                       {"dateModified", format_iso8601(article.updated_at)},
                       {"inLanguage", article.lang},
                       {"author", author_ld},
                       {"mainEntityOfPage", canonical},
                       {"publisher", {{"@type", "Organization"}, {"name", s_.settings.name}}}};
  if (!article.sections.empty()) news_article["articleSection"] = article.sections.back().name;
  json json_ld = {{"@context", "https://schema.org"},
                  {"@graph", {news_article, breadcrumb_ld(article.sections, &article.title)}}};

  json view = layout(article.title, article.description, canonical_path, json_ld);
  view["og_type"] = "article";
  view["article"] = {
      {"title", article.title},
      {"lang", article.lang},
      {"lang_differs", article.lang != s_.settings.locale},
      {"breadcrumb", breadcrumb(article.sections, &article.title)},
      {"comments", msg("meta.comments", {{"count", article.comment_count}})},
      {"views", msg("meta.views", {{"count", article.views}})},
      {"reading_time", msg("meta.reading_time", {{"minutes", minutes}})},
      {"date", t_.long_date(article.published_at, s_.settings.timezone)},
      {"date_iso", format_iso8601(article.published_at)},
      {"byline", msg("article.byline", {{"author", article.author.name}})},
      {"author_href", "/author/" + article.author.slug + "/"},
      {"body_html", article.body_html},
      {"tags_label", msg("article.tags")},
      {"tags", tags},
      {"has_tags", !tags.empty()},
      {"more_heading", msg("article.more_heading", {{"site", s_.settings.name}})},
      {"more_text", msg("article.more_text", {{"section", section_name}})},
      {"more", more},
      {"has_more", !more.empty()},
  };
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
  auto comments = comments_view(article);
  if (!comments) return failure(comments.error());
  view["discussion"] = *comments;
  if (comments_open(article)) {
    view["comment_form"] = comment_form_view(article, nullptr, nullptr, {});
  } else {
    view["comments_closed"] = msg("comments.closed");
  }
  Page page = html(200, "article", view);
  page.max_age = kFormPageMaxAge;
  page.article_id = article.id;
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
  auto list = fetch_page(ArticleQuery{.section_id = section.id}, page);
  if (!list) return failure(list.error());
  if (page > 1 && list->articles.empty()) return not_found();
  json items = list_items(list->articles);
  json children = json::array();
  for (const Section& child : s_.sections) {
    if (child.parent_id == section.id) {
      children.push_back({{"name", child.name}, {"href", section_href(child)}});
    }
  }
  std::string base = section_href(section);
  std::string canonical = page_path(base, page);
  json json_ld = breadcrumb_ld(chain, nullptr);
  json_ld["@context"] = "https://schema.org";
  json view = layout(msg("section.title", {{"section", section.name}}),
                     msg("section.description", {{"section", section.name}}), canonical, json_ld);
  view["list"] = {{"heading", msg("section.title", {{"section", section.name}})},
                  {"breadcrumb", breadcrumb(chain, nullptr)},
                  {"has_breadcrumb", true},
                  {"subsections", children},
                  {"has_subsections", !children.empty()},
                  {"articles", items},
                  {"empty", items.empty() ? msg("list.empty") : std::string()},
                  {"pagination", pagination(base, page, list->total)}};
  return html(200, "list", view);
}

Page PageBuilder::author_page(std::string_view slug, int page) {
  auto author = store_.author_by_slug(slug);
  if (!author)
    return author.error().code == Errc::not_found ? not_found() : failure(author.error());
  auto list = fetch_page(ArticleQuery{.author_id = author->id}, page);
  if (!list) return failure(list.error());
  if (page > 1 && list->articles.empty()) return not_found();
  json items = list_items(list->articles);
  std::string base = "/author/" + author->slug + "/";
  std::string heading = msg("author.title", {{"author", author->name}});
  json json_ld = {{"@context", "https://schema.org"},
                  {"@type", "ProfilePage"},
                  {"mainEntity", {{"@type", "Person"}, {"name", author->name}}}};
  std::string description = author->bio.empty() ? heading : author->bio;
  json view = layout(heading, description, page_path(base, page), json_ld);
  view["list"] = {{"heading", heading},
                  {"intro", author->bio},
                  {"count", msg("author.count", {{"count", list->total}})},
                  {"articles", items},
                  {"empty", items.empty() ? msg("list.empty") : std::string()},
                  {"pagination", pagination(base, page, list->total)}};
  return html(200, "list", view);
}

Page PageBuilder::tag_page(std::string_view slug, int page) {
  auto tag = store_.tag_by_slug(slug);
  if (!tag) return tag.error().code == Errc::not_found ? not_found() : failure(tag.error());
  auto list = fetch_page(ArticleQuery{.tag_id = tag->id}, page);
  if (!list) return failure(list.error());
  if (list->articles.empty()) return not_found();
  json items = list_items(list->articles);
  std::string base = "/tag/" + tag->slug + "/";
  std::string heading = msg("tag.title", {{"tag", tag->name}});
  json view =
      layout(heading, msg("tag.description", {{"tag", tag->name}}), page_path(base, page), nullptr);
  view["list"] = {{"heading", heading},
                  {"articles", items},
                  {"pagination", pagination(base, page, list->total)}};
  return html(200, "list", view);
}

std::optional<Page> PageBuilder::try_article(std::string_view path) {
  std::optional<std::string> slug = s_.permalink.slug_in(path);
  if (!slug) return std::nullopt;
  auto found = store_.published_article(*slug, now_);
  if (!found) {
    if (found.error().code == Errc::not_found) return std::nullopt;
    return failure(found.error());
  }
  std::string canonical = s_.permalink.path_of(*found);
  if (canonical != path) return redirect(canonical);
  return article(*found);
}

Page PageBuilder::render(std::string_view path) {
  if (path == "/") return home();
  if (path == "/robots.txt") return robots();
  if (path == "/most-read.json") return most_read_json();
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

  auto [base, page] = split_page_suffix(path);
  if (page < 1 || page > kMaxListPage) return not_found();
  if (base.starts_with("/category/") || base.starts_with("/author/") || base.starts_with("/tag/")) {
    if (!base.ends_with('/')) return redirect(std::string(path) + "/");
    std::string_view rest = base.substr(base.find('/', 1) + 1);
    rest.remove_suffix(1);
    if (base.starts_with("/category/")) {
      for (const Section& section : s_.sections) {
        if (section.path == rest) return section_page(section, page);
      }
      return not_found();
    }
    if (rest.find('/') != std::string_view::npos || rest.empty()) return not_found();
    if (base.starts_with("/author/")) return author_page(rest, page);
    return tag_page(rest, page);
  }
  if (auto found = try_article(path)) return std::move(*found);
  if (!path.ends_with('/')) {
    std::string with_slash = std::string(path) + "/";
    if (auto found = try_article(with_slash); found && found->status != 404) {
      return redirect(found->status == 301 ? found->location : with_slash);
    }
  }
  return not_found();
}

}  // namespace

Page Site::render(std::string_view path, UnixSeconds now) const {
  auto current = snapshot();
  return PageBuilder(*current, store_, theme_, now).render(path);
}

Result<std::vector<Id>> Site::most_read_ranking(UnixSeconds now) const {
  std::vector<Id> ids;
  for (const auto& [period, label] : kReadingPeriods) {
    auto articles = store_.most_read(period, now, kMostReadCount);
    if (!articles) return articles.error();
    for (const Article& article : *articles) ids.push_back(article.id);
    ids.push_back(0);  // separates the lists
  }
  return ids;
}

Page Site::post_comment(const CommentSubmission& submission, UnixSeconds now) {
  auto current = snapshot();
  return PageBuilder(*current, store_, theme_, now).post_comment(submission);
}

Page Site::not_found() const {
  auto current = snapshot();
  return PageBuilder(*current, store_, theme_, 0).not_found();
}

Page Site::bad_request() const {
  auto current = snapshot();
  return PageBuilder(*current, store_, theme_, 0).bad_request();
}

}  // namespace tribune
