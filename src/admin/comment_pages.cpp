// The comments' screens: the moderation queue by state and article with bulk actions, and one
// comment with its context (its article, the comment it answers), its actions and the reply
// the newsroom publishes under it. Authors see and moderate the comments under their own
// articles only (content/account.h); every action is checked here, on the server.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

#include "admin/services.h"
#include "content/utf8.h"

namespace tribune::admin {
namespace {

constexpr int kCommentsPerPage = 50;
// How much of a comment the queue shows before its own screen.
constexpr std::size_t kExcerptCharacters = 160;
// A newsroom reply's longest text, in characters: a reader's comment has the same limit.
constexpr std::size_t kLongestReply = 5000;

// The moderation actions and the state each one moves a comment to.
struct ModerationAction {
  std::string_view name;  // the form's value, the notice's and the audit log's key
  CommentStatus to;
};
constexpr ModerationAction kActions[] = {{"approve", CommentStatus::approved},
                                         {"hold", CommentStatus::pending},
                                         {"spam", CommentStatus::spam},
                                         {"trash", CommentStatus::trash}};

const ModerationAction* find_action(std::string_view name) {
  for (const ModerationAction& action : kActions) {
    if (action.name == name) return &action;
  }
  return nullptr;
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// The first `limit` characters of UTF-8 `text`, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (characters++ == limit) return std::string(text.substr(0, i)) + "…";
  }
  return std::string(text);
}

std::string comment_href(Id id) { return fmt::format("/admin/comments/{}/", id); }

class CommentPages {
 public:
  CommentPages(Services& services, Visit& visit) : s_(services), v_(visit) {}

  Page list();
  Page bulk();
  Page show(Id id, int status = 200, std::string_view error_key = {});
  Page act(Id id);

 private:
  // The byline the queue is limited to: 0 (every article) for editors and above, the
  // account's own for authors.
  Id scope() const { return v_.user().role >= Role::editor ? 0 : v_.user().author_id; }
  // The article `comment` is under, when the account may moderate it; otherwise the page
  // saying why (404, 403).
  std::variant<Article, Page> moderated_article(const Comment& comment);
  // The queue's address for `state` and `article` (0: every article), and a notice.
  static std::string list_href(std::string_view state, Id article, std::string_view done = {});
  // One audit entry for `action` on `comment` under `article`.
  void audit(std::string_view action, const Comment& comment, const Article& article);
  // Moves `comments` (each under the article of the same index) to `action`'s state and
  // writes an audit entry for each. The caller then makes readers' pages show the change
  // (show_changes, once per request).
  Status moderate(const std::vector<Comment>& comments, const std::vector<Article>& articles,
                  const ModerationAction& action);
  Page reply(const Comment& comment, const Article& article);
  // Makes readers' pages show a moderation under `articles`: their cached pages are dropped
  // (an article's page counts its comments live), or, when the admin has no narrower way,
  // the whole site reloads.
  void show_changes(const std::vector<Article>& articles);

  Services& s_;
  Visit& v_;
};

std::string CommentPages::list_href(std::string_view state, Id article, std::string_view done) {
  std::string href = fmt::format("/admin/comments/?state={}", state);
  if (article != 0) href += fmt::format("&article={}", article);
  if (!done.empty()) href += fmt::format("&done={}", done);
  return href;
}

std::variant<Article, Page> CommentPages::moderated_article(const Comment& comment) {
  auto article = s_.store.article_for_editing(comment.article_id);
  if (!article) return s_.pages.error(v_, article.error());
  if (!may_moderate_comment(v_.user(), article->author.id)) {
    return s_.pages.refusal(v_, 403, "admin.error.forbidden");
  }
  return std::move(*article);
}

void CommentPages::audit(std::string_view action, const Comment& comment, const Article& article) {
  std::string subject =
      v_.text("admin.audit.comment_subject", {{"id", std::to_string(comment.id)},  // not "12 345"
                                              {"author", comment.author_name},
                                              {"title", article.title}});
  // The change is committed already: a log that cannot be written must not undo it.
  (void)s_.store.add_audit_entry({0, v_.now, v_.user().id, v_.user().name,
                                  "comment_" + std::string(action), article.id, subject});
}

Status CommentPages::moderate(const std::vector<Comment>& comments,
                              const std::vector<Article>& articles,
                              const ModerationAction& action) {
  std::vector<Id> ids;
  for (const Comment& comment : comments) ids.push_back(comment.id);
  TRIBUNE_TRY(s_.store.set_comment_status(ids, action.to));
  for (std::size_t i = 0; i < comments.size(); ++i) audit(action.name, comments[i], articles[i]);
  return Ok{};
}

void CommentPages::show_changes(const std::vector<Article>& articles) {
  if (!s_.article_pages_changed) {
    s_.content_changed();
    return;
  }
  std::vector<Id> done;
  for (const Article& article : articles) {
    if (std::find(done.begin(), done.end(), article.id) != done.end()) continue;
    done.push_back(article.id);
    s_.article_pages_changed(article.id);
  }
}

Page CommentPages::list() {
  const std::string state = v_.parameter("state").empty() ? "pending" : v_.parameter("state");
  auto status = parse_comment_status(state);
  if (!status) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  Id article_id = 0;
  if (!v_.parameter("article").empty()) {
    auto parsed = parse_id(v_.parameter("article"));
    if (!parsed) return s_.pages.refusal(v_, 422, "admin.error.invalid");
    article_id = *parsed;
  }
  const int page_number = static_cast<int>(parse_id(v_.parameter("page")).value_or(1));
  if (page_number > 1'000'000) return s_.pages.refusal(v_, 404, "admin.error.not_found");

  CommentFilter filter{.status = *status,
                       .article_id = article_id,
                       .article_author_id = scope(),
                       .offset = (page_number - 1) * kCommentsPerPage,
                       .limit = kCommentsPerPage};
  CommentQueuePage found;
  // An author whose account signs nothing owns no article, hence no comment.
  if (v_.user().role >= Role::editor || v_.user().author_id != 0) {
    auto queue = s_.store.moderation_queue(filter);
    if (!queue) return s_.pages.error(v_, queue.error());
    found = std::move(*queue);
  }
  auto pending = s_.store.count_comments(CommentStatus::pending, scope());
  if (!pending) return s_.pages.error(v_, pending.error());

  // The pending and approved counts of every article on the page (and the filtered one).
  std::vector<Id> article_ids;
  if (article_id != 0) article_ids.push_back(article_id);
  for (const QueuedComment& queued : found.comments) {
    if (std::find(article_ids.begin(), article_ids.end(), queued.comment.article_id) ==
        article_ids.end()) {
      article_ids.push_back(queued.comment.article_id);
    }
  }
  auto counted = s_.store.comment_counts(article_ids);
  if (!counted) return s_.pages.error(v_, counted.error());
  std::map<Id, ArticleCommentCounts> counts;
  for (const ArticleCommentCounts& count : *counted) counts[count.article_id] = count;
  auto counts_text = [&](Id id) {
    return v_.text("admin.comments.counts", {{"pending", std::int64_t{counts[id].pending}},
                                             {"approved", std::int64_t{counts[id].approved}}});
  };

  const bool select_all = v_.parameter("select") == "all";
  nlohmann::json rows = nlohmann::json::array();
  for (const QueuedComment& queued : found.comments) {
    const Comment& comment = queued.comment;
    rows.push_back({{"id", comment.id},
                    {"href", comment_href(comment.id)},
                    {"author", comment.author_name},
                    {"email", comment.author_email},
                    {"newsroom", comment.from_newsroom},
                    {"excerpt", excerpt(comment.body, kExcerptCharacters)},
                    {"article", queued.article_title},
                    {"article_href", list_href(state, comment.article_id)},
                    {"counts", counts_text(comment.article_id)},
                    {"date", v_.time_text(comment.created_at)},
                    {"checked", select_all}});
  }
  nlohmann::json states = nlohmann::json::array();
  for (CommentStatus shown : {CommentStatus::pending, CommentStatus::approved, CommentStatus::spam,
                              CommentStatus::trash}) {
    const std::string name(comment_status_name(shown));
    nlohmann::json tab = {{"href", list_href(name, article_id)},
                          {"label", v_.text("admin.comments.state." + name)},
                          {"current", shown == *status}};
    // Only the pending ones are counted: they are few, the others may be a million.
    if (shown == CommentStatus::pending) tab["count"] = *pending;
    states.push_back(tab);
  }
  nlohmann::json actions = nlohmann::json::array();
  for (const ModerationAction& action : kActions) {
    if (action.to == *status) continue;
    actions.push_back({{"value", action.name},
                       {"label", v_.text("admin.comments.action." + std::string(action.name))}});
  }
  std::string page_suffix = fmt::format("&page={}", page_number);
  nlohmann::json view = {
      {"page_title", v_.text("admin.comments.title")},
      {"states", states},
      {"state", state},
      {"article_id", article_id == 0 ? std::string() : std::to_string(article_id)},
      {"rows", rows},
      {"empty", rows.empty()},
      {"actions", actions},
      {"select_all_href", list_href(state, article_id) + page_suffix + "&select=all"},
      {"select_none_href", list_href(state, article_id) + page_suffix},
      {"page_label", v_.text("admin.comments.page", {{"page", std::int64_t{page_number}}})},
      {"newer_href", page_number > 1
                         ? list_href(state, article_id) + fmt::format("&page={}", page_number - 1)
                         : ""},
      {"older_href",
       found.more ? list_href(state, article_id) + fmt::format("&page={}", page_number + 1) : ""},
  };
  if (article_id != 0) {
    auto article = s_.store.article_for_editing(article_id);
    if (!article) return s_.pages.error(v_, article.error());
    view["article_filter"] = {
        {"text", v_.text("admin.comments.of_article",
                         {{"title", article->title},
                          {"pending", std::int64_t{counts[article_id].pending}},
                          {"approved", std::int64_t{counts[article_id].approved}}})},
        {"all_href", list_href(state, 0)}};
  }
  const std::string done = v_.parameter("done");
  if (find_action(done) != nullptr || done == "none") {
    view["notice"] = v_.text("admin.comments.done." + done);
  }
  return s_.pages.render(v_, "comments", std::move(view));
}

Page CommentPages::bulk() {
  const ModerationAction* action = find_action(v_.field("action"));
  auto back_state = parse_comment_status(v_.field("state"));
  Id back_article = parse_id(v_.field("article")).value_or(0);
  if (action == nullptr || !back_state) return s_.pages.refusal(v_, 422, "admin.error.invalid");
  const std::string state(comment_status_name(*back_state));
  std::vector<Comment> chosen;
  std::vector<Article> articles;
  std::map<Id, Article> seen;  // a page of comments is often under a few articles
  auto [first, last] = v_.form.equal_range("ids");
  for (auto it = first; it != last; ++it) {
    auto id = parse_id(it->second);
    if (!id) return s_.pages.refusal(v_, 422, "admin.error.invalid");
    auto comment = s_.store.comment(*id);
    if (!comment) return s_.pages.error(v_, comment.error());
    auto known = seen.find(comment->article_id);
    if (known == seen.end()) {
      auto article = moderated_article(*comment);
      // All or none: one comment the account may not moderate refuses the whole action.
      if (auto* refused = std::get_if<Page>(&article)) return std::move(*refused);
      known = seen.emplace(comment->article_id, std::move(std::get<Article>(article))).first;
    }
    chosen.push_back(std::move(*comment));
    articles.push_back(known->second);
  }
  if (chosen.empty()) return s_.pages.redirect(v_, list_href(state, back_article, "none"));
  Status moved = moderate(chosen, articles, *action);
  if (!moved) return s_.pages.error(v_, moved.error());
  show_changes(articles);
  return s_.pages.redirect(v_, list_href(state, back_article, action->name));
}

Page CommentPages::show(Id id, int status, std::string_view error_key) {
  auto comment = s_.store.comment(id);
  if (!comment) return s_.pages.error(v_, comment.error());
  auto moderated = moderated_article(*comment);
  if (auto* refused = std::get_if<Page>(&moderated)) return std::move(*refused);
  const Article& article = std::get<Article>(moderated);
  auto counts = s_.store.comment_counts({article.id});
  if (!counts) return s_.pages.error(v_, counts.error());

  nlohmann::json actions = nlohmann::json::array();
  for (const ModerationAction& action : kActions) {
    if (action.to == comment->status) continue;
    actions.push_back({{"value", action.name},
                       {"label", v_.text("admin.comments.action." + std::string(action.name))}});
  }
  const std::string state(comment_status_name(comment->status));
  const bool live = article.state == ArticleState::published && article.published_at <= v_.now;
  nlohmann::json view = {
      {"page_title", v_.text("admin.comment.title", {{"author", comment->author_name}})},
      {"action", comment_href(id)},
      {"author", comment->author_name},
      {"email", comment->author_email},
      {"website", comment->author_url},
      {"body", comment->body},
      {"newsroom", comment->from_newsroom},
      {"date", v_.time_text(comment->created_at)},
      {"state", state},
      {"state_label", v_.text("admin.comments.state." + state)},
      {"article_title", article.title},
      {"article_public_href",
       live ? s_.site.url() + s_.site.path_of(article) + "#comment-" + std::to_string(id) : ""},
      {"article_comments_href", list_href(state, article.id)},
      {"article_counts",
       v_.text("admin.comments.counts", {{"pending", std::int64_t{counts->front().pending}},
                                         {"approved", std::int64_t{counts->front().approved}}})},
      {"actions", actions},
      {"reply_text", v_.field("text")},
      {"sign_site", v_.field("sign") != "me"},
      {"site_name", v_.settings.name},
      {"my_name", v_.user().name},
  };
  if (comment->parent_id) {
    auto parent = s_.store.comment(*comment->parent_id);
    if (!parent) return s_.pages.error(v_, parent.error());
    view["parent"] = {
        {"heading", v_.text("admin.comment.parent", {{"author", parent->author_name}})},
        {"body", parent->body},
        {"href", comment_href(parent->id)},
        {"state_label",
         v_.text("admin.comments.state." + std::string(comment_status_name(parent->status)))}};
  }
  if (!error_key.empty()) {
    view["error"] = v_.text(error_key);
  } else if (find_action(v_.parameter("done")) != nullptr || v_.parameter("done") == "reply") {
    view["notice"] = v_.text("admin.comments.done." + v_.parameter("done"));
  }
  return s_.pages.render(v_, "comment", std::move(view), status);
}

Page CommentPages::act(Id id) {
  auto comment = s_.store.comment(id);
  if (!comment) return s_.pages.error(v_, comment.error());
  auto moderated = moderated_article(*comment);
  if (auto* refused = std::get_if<Page>(&moderated)) return std::move(*refused);
  const Article& article = std::get<Article>(moderated);
  if (v_.field("action") == "reply") return reply(*comment, article);
  const ModerationAction* action = find_action(v_.field("action"));
  if (action == nullptr) return s_.pages.refusal(v_, 422, "admin.error.invalid");
  Status moved = moderate({*comment}, {article}, *action);
  if (!moved) return s_.pages.error(v_, moved.error());
  show_changes({article});
  return s_.pages.redirect(v_, comment_href(id) + "?done=" + std::string(action->name));
}

// The newsroom answers a reader: published at once under the reader's thread (replies thread
// one level deep: under the comment, or under the one it answers), signed with the site's
// name or the account's. A pending comment is approved first: a reply under a comment
// readers cannot see would be shown alone.
Page CommentPages::reply(const Comment& comment, const Article& article) {
  std::string text = v_.field("text");
  std::erase(text, '\r');  // browsers send CRLF; comments keep LF
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const std::string sign = v_.field("sign");
  if (text.empty() || count_characters(text) > kLongestReply || find_invalid_utf8(text) ||
      find_control_character(text, TextLayout::multi_line)) {
    return show(comment.id, 422, "admin.comment.invalid.text");
  }
  if (sign != "site" && sign != "me") return show(comment.id, 422, "admin.comment.invalid.sign");
  Comment answer{.article_id = comment.article_id,
                 .parent_id = comment.parent_id.value_or(comment.id),
                 .author_name = sign == "me" ? v_.user().name : v_.settings.name,
                 .author_email = v_.user().email,
                 .body = text,
                 .status = CommentStatus::approved,
                 .created_at = v_.now,
                 .from_newsroom = true};
  // The comment answered is approved in the same transaction when it was not.
  auto added = s_.store.add_newsroom_reply(comment.id, answer);
  if (!added) {
    if (added.error().code == Errc::invalid_input) {
      return show(comment.id, 422, "admin.comment.invalid.text");
    }
    return s_.pages.error(v_, added.error());
  }
  if (comment.status != CommentStatus::approved) audit("approve", comment, article);
  audit("reply", comment, article);
  show_changes({article});
  return s_.pages.redirect(v_, comment_href(comment.id) + "?done=reply");
}

}  // namespace

Page get_comments(Services& services, Visit& visit, std::string_view rest) {
  if (!may_moderate_comments(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  CommentPages pages(services, visit);
  if (rest.empty()) return pages.list();
  auto id = parse_id(rest.substr(0, rest.size() - (rest.ends_with('/') ? 1 : 0)));
  if (!id || !rest.ends_with('/'))
    return services.pages.refusal(visit, 404, "admin.error.not_found");
  return pages.show(*id);
}

Page post_comments(Services& services, Visit& visit, std::string_view rest) {
  if (!may_moderate_comments(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  CommentPages pages(services, visit);
  if (rest == "bulk/") return pages.bulk();
  auto id = parse_id(rest.substr(0, rest.size() - (rest.ends_with('/') ? 1 : 0)));
  if (!id || !rest.ends_with('/'))
    return services.pages.refusal(visit, 404, "admin.error.not_found");
  return pages.act(*id);
}

}  // namespace tribune::admin
