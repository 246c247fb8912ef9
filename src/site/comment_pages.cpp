// Comment pages: the comments under an article, the form (on the article, or alone for
// replies and errors), the "awaiting moderation" notice, and a posted comment's handling.
#include <charconv>

#include "content/email_address.h"
#include "content/utf8.h"
#include "render/comment_text.h"
#include "site/page_builder.h"  // the class these pages belong to

namespace tribune {
namespace {

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

}  // namespace

std::string PageBuilder::comment_page_path(const Article& article, int page, int pages) const {
  std::string path = s_.permalink.path_of(article);
  if (page >= pages) return path;
  // WordPress's form, which readers' old links and crawlers know.
  return path + "comment-page-" + std::to_string(page) + "/";
}

Result<json> PageBuilder::comments_view(const Article& article, int page) {
  if (article.comment_count == 0 && page == 0) return json(nullptr);
  const int per_page = s_.settings.comments_per_page;
  // The newest page is the last one: count first, then read only its conversations.
  int pages = 1;
  if (page == 0) {
    auto counted = store_.comment_threads(article.id, 0, 0);
    if (!counted) return counted.error();
    pages = std::max(1, (counted->total_threads + per_page - 1) / per_page);
    page = pages;
  }
  auto threads = store_.comment_threads(article.id, (page - 1) * per_page, per_page);
  if (!threads) return threads.error();
  pages = std::max(1, (threads->total_threads + per_page - 1) / per_page);
  if (page > pages) return make_error(Errc::not_found, "no such page of comments", "page");

  auto view_of = [&](const Comment& comment) {
    json item = {{"anchor", "comment-" + std::to_string(comment.id)},
                 {"author", comment.author_name},
                 {"date", t_->long_date(comment.created_at, s_.settings.timezone)},
                 {"date_iso", format_iso8601(comment.created_at)},
                 {"body_html", comment_text_html(comment.body)},
                 {"replies", json::array()}};
    if (is_web_address(comment.author_url)) item["author_url"] = comment.author_url;
    if (comment.from_newsroom) item["newsroom"] = msg("comments.from_newsroom");
    if (!comment.parent_id && comments_open(article)) {
      item["reply_href"] =
          "/comments/reply/" + article.slug + "/" + std::to_string(comment.id) + "/";
      item["reply"] = msg("comments.reply");
    }
    return item;
  };
  json items = json::array();
  std::map<Id, std::size_t> index_of_top;
  for (const Comment& comment : threads->top_level) {
    index_of_top[comment.id] = items.size();
    items.push_back(view_of(comment));
  }
  for (const Comment& reply : threads->replies) {
    auto parent = index_of_top.find(*reply.parent_id);
    if (parent != index_of_top.end()) items[parent->second]["replies"].push_back(view_of(reply));
  }
  json view = {{"heading", msg("meta.comments", {{"count", article.comment_count}})},
               {"items", items}};
  if (pages > 1) {
    json navigation = {{"label", msg("comments.pages")},
                       {"position", msg("list.page", {{"page", page}, {"pages", pages}})}};
    if (page > 1) {
      navigation["older"] = {{"href", comment_page_path(article, page - 1, pages)},
                             {"text", msg("comments.older")}};
    }
    if (page < pages) {
      navigation["newer"] = {{"href", comment_page_path(article, page + 1, pages)},
                             {"text", msg("comments.newer")}};
    }
    view["pages"] = navigation;
  }
  return view;
}

std::optional<Page> PageBuilder::try_comment_page(std::string_view path) {
  static constexpr std::string_view kMarker = "comment-page-";
  if (!path.ends_with('/')) return std::nullopt;
  std::size_t marker = path.rfind(kMarker);
  if (marker == std::string_view::npos || marker == 0 || path[marker - 1] != '/') {
    return std::nullopt;
  }
  std::string_view number = path.substr(marker + kMarker.size());
  number.remove_suffix(1);
  int page = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), page);
  if (error != std::errc() || end != number.data() + number.size() || page < 1) {
    return not_found();
  }
  std::optional<std::string> slug = s_.permalink.slug_in(path.substr(0, marker));
  if (!slug) return not_found();
  auto article = published_article(*slug);
  if (!article) {
    if (article.error().code != Errc::not_found) return failure(article.error());
    // A moved article's older comment pages move with it; a removed one's are gone too.
    std::optional<Page> departed = departed_article(*slug, path.substr(marker));
    return departed ? std::move(*departed) : not_found();
  }
  use_language(article->lang);
  auto comments = comments_view(*article, page);
  if (!comments) {
    return comments.error().code == Errc::not_found ? not_found() : failure(comments.error());
  }
  shown_.push_back(article->id);
  std::string canonical = s_.permalink.path_of(*article);
  // The newest page is the article itself; an old date in the path moves to the current one.
  if (!(*comments).contains("pages") || !(*comments)["pages"].contains("newer")) {
    return redirect(canonical);
  }
  std::string own = canonical + std::string(path.substr(marker));
  if (own != path) return redirect(own);
  std::string title = msg("comments.page_title", {{"title", article->title}, {"page", page}});
  json view = layout(title, article->description, own, nullptr);
  view["form_page"] = {
      {"title", title}, {"article_href", canonical}, {"back", msg("comments.back")}};
  view["discussion"] = *comments;
  if (comments_open(*article))
    view["comment_form"] = comment_form_view(*article, nullptr, nullptr, {});
  Page page_out = html(200, "comment_form", view);
  page_out.max_age = kFormPageMaxAge;
  return page_out;
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
  shown_.push_back(article.id);
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
  auto article = published_article(slug);
  auto parent = store_.comment(id);
  if (!article || !parent || parent->article_id != article->id ||
      parent->status != CommentStatus::approved || parent->parent_id || !comments_open(*article)) {
    return not_found();
  }
  use_language(article->lang);
  return comment_form_page(200, *article, &*parent, nullptr, {});
}

Page PageBuilder::held_page(std::string_view slug) {
  auto article = published_article(slug);
  if (!article) return not_found();
  use_language(article->lang);
  std::string title = msg("comments.held_title");
  json view = layout(title, title, "", nullptr);
  view["error"] = {{"title", title},
                   {"text", msg("comments.held_text")},
                   {"back", msg("comments.back")},
                   {"back_href", s_.permalink.path_of(*article)}};
  return html(200, "error", view);
}

Page PageBuilder::post_comment(const CommentSubmission& submission) {
  auto article = published_article(submission.article);
  if (!article) return not_found();
  use_language(article->lang);  // its form's messages and pages are in the article's language
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
  // Control characters, separators and bidirectional controls (see find_control_character):
  // a NUL or CR in a name would reach the moderator's notice, an override would show a
  // moderator another name, address or link than the one stored. Named in the error, so that
  // the reader can find an invisible character in the text the form gives back.
  auto control_error = [&](const std::string& text, TextLayout layout, const char* key) {
    if (auto found = find_control_character(text, layout)) {
      errors.push_back(msg(key, {{"character", code_point_name(*found)}}));
      return true;
    }
    return false;
  };
  if (!control_error(comment.author_name, TextLayout::one_line, "comments.error_name_characters") &&
      (comment.author_name.empty() || count_characters(comment.author_name) > 100)) {
    errors.push_back(msg("comments.error_name"));
  }
  // The one rule for addresses refuses every control and non-ASCII character.
  if (!is_email_address(comment.author_email)) errors.push_back(msg("comments.error_email"));
  // Each refusal says its own reason: "must start with http://" for an address with a quote
  // in it would send the reader looking for a mistake they did not make.
  constexpr std::size_t kMaxWebsiteBytes = 200;
  if (!control_error(comment.author_url, TextLayout::one_line,
                     "comments.error_website_characters") &&
      !comment.author_url.empty()) {
    auto fault = web_address_fault(comment.author_url);
    if (fault && fault->kind == WebAddressFault::Kind::scheme) {
      errors.push_back(msg("comments.error_website"));
    } else if (fault && fault->kind == WebAddressFault::Kind::host) {
      errors.push_back(msg("comments.error_website_host"));
    } else if (fault && fault->kind == WebAddressFault::Kind::space) {
      errors.push_back(msg("comments.error_website_space"));
    } else if (fault) {
      errors.push_back(msg("comments.error_website_character",
                           {{"character", std::string(1, fault->character)}}));
    } else if (comment.author_url.size() > kMaxWebsiteBytes) {
      errors.push_back(msg("comments.error_website_long",
                           {{"max", static_cast<std::int64_t>(kMaxWebsiteBytes)}}));
    }
  }
  control_error(comment.body, TextLayout::multi_line, "comments.error_text_characters");
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
  // Committed (with the moderator's notice, when mail goes out) before the reader hears anything.
  auto id = store_.add_comment(comment, s_.mail_enabled ? settings.moderator_email : "");
  if (!id) {
    if (id.error().code == Errc::invalid_input) return bad_request();
    return failure(id.error());
  }
  Page page;
  page.status = 303;
  page.content_type = "text/plain; charset=utf-8";
  page.content_changed = publish;
  page.location = "/comments/held/" + article->slug + "/";
  if (publish) {
    // To the page of the discussion that shows it: the article's own for a new conversation,
    // an older page for a reply to an old one.
    auto position = store_.thread_position(*id);
    auto counted = store_.comment_threads(article->id, 0, 0);
    if (!position || !counted) return failure(position ? counted.error() : position.error());
    const int per_page = settings.comments_per_page;
    int pages = std::max(1, (counted->total_threads + per_page - 1) / per_page);
    page.location = comment_page_path(*article, *position / per_page + 1, pages) + "#comment-" +
                    std::to_string(*id);
  }
  return page;
}

}  // namespace tribune
