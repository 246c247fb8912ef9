// The dashboard at /admin/, where signing in lands: what needs the operator (mail failing, the
// disk nearly full), what readers read today and this week, the comments waiting, what is
// scheduled and what went out last. Each block is for the roles it concerns.
#include <fmt/format.h>

#include <system_error>

#include "admin/services.h"
#include "core/fs.h"

namespace tribune::admin {
namespace {

// Entries per block: a glance, the full lists are a click away.
constexpr int kDashboardEntries = 5;

class Dashboard {
 public:
  Dashboard(Services& services, Visit& visit) : s_(services), v_(visit) {}

  Page page();

 private:
  // Why the operator is needed: failed mail (in `counts`), the mail server refusing the site,
  // the disk.
  Result<nlohmann::json> warnings(const OutboxCounts& counts);
  // The day's (period 0) or the week's (1) most read, as the site last ranked them.
  nlohmann::json most_read(std::size_t period) const;
  Result<nlohmann::json> pending_comments();
  Result<nlohmann::json> publications(bool upcoming);
  Result<nlohmann::json> drafts();
  nlohmann::json article_links(const std::vector<DeskEntry>& entries, bool editable) const;

  Services& s_;
  Visit& v_;
};

Result<nlohmann::json> Dashboard::warnings(const OutboxCounts& counts) {
  nlohmann::json list = nlohmann::json::array();
  if (counts.failed > 0) {
    list.push_back(
        v_.text("admin.dashboard.warning.mail_failed", {{"count", std::int64_t{counts.failed}}}));
  }
  auto refusal = s_.store.sender_refusal();
  if (!refusal) return refusal.error();
  if (*refusal && (*refusal)->resolved_at == 0) {
    list.push_back(v_.text(
        "admin.dashboard.warning.sender_refused",
        {{"date", v_.time_text((*refusal)->first_refused_at)}, {"reply", (*refusal)->reply}}));
  }
  if (!s_.data_folder.empty()) {
    std::error_code failed;
    auto space = std::filesystem::space(s_.data_folder, failed);
    if (!failed && fs::nearly_full(space)) {
      list.push_back(v_.text(
          "admin.dashboard.warning.disk",
          {{"free", static_cast<std::int64_t>(space.available >> 20)},
           {"percent", static_cast<std::int64_t>(100 * space.available / space.capacity)}}));
    }
  }
  return list;
}

nlohmann::json Dashboard::most_read(std::size_t period) const {
  nlohmann::json items = nlohmann::json::array();
  auto lists = s_.site.most_read();
  if (!lists) return items;
  for (const auto& [id, views] : lists->lists[period]) {
    if (static_cast<int>(items.size()) == kDashboardEntries) break;
    auto article = s_.site.listed_article(id);
    if (!article) continue;  // left the site since the ranking
    items.push_back({{"title", article->title},
                     {"href", s_.site.url() + s_.site.path_of(*article)},
                     {"views", v_.text("admin.dashboard.views", {{"count", views}})}});
  }
  return items;
}

Result<nlohmann::json> Dashboard::pending_comments() {
  // Authors see the comments under their own articles; an account signing nothing, none.
  const Id scope = v_.user().role >= Role::editor ? 0 : v_.user().author_id;
  const bool sees_some = v_.user().role >= Role::editor || scope != 0;
  auto count = sees_some ? s_.store.count_comments(CommentStatus::pending, scope) : Result<int>(0);
  if (!count) return count.error();
  nlohmann::json newest = nlohmann::json::array();
  if (*count > 0) {
    auto queue =
        s_.store.moderation_queue({.article_author_id = scope, .limit = kDashboardEntries});
    if (!queue) return queue.error();
    for (const QueuedComment& queued : queue->comments) {
      newest.push_back({{"href", fmt::format("/admin/comments/{}/", queued.comment.id)},
                        {"author", queued.comment.author_name},
                        {"article", queued.article_title},
                        {"date", v_.time_text(queued.comment.created_at)}});
    }
  }
  return nlohmann::json{
      {"count", v_.text("admin.dashboard.pending_count", {{"count", std::int64_t{*count}}})},
      {"newest_any", !newest.empty()},
      {"newest", newest}};
}

nlohmann::json Dashboard::article_links(const std::vector<DeskEntry>& entries,
                                        bool editable) const {
  nlohmann::json items = nlohmann::json::array();
  for (const DeskEntry& entry : entries) {
    nlohmann::json item = {
        {"title", entry.title.empty() ? v_.text("admin.article.untitled") : entry.title},
        {"author", entry.author_name},
        {"date",
         v_.time_text(entry.state == ArticleState::draft ? entry.updated_at : entry.published_at)}};
    if (editable || may_edit_article(v_.user(), entry.author_id)) {
      item["href"] = fmt::format("/admin/articles/{}/", entry.id);
    }
    items.push_back(std::move(item));
  }
  return items;
}

Result<nlohmann::json> Dashboard::publications(bool upcoming) {
  auto entries = s_.store.publications_around(v_.now, upcoming, kDashboardEntries);
  if (!entries) return entries.error();
  return article_links(*entries, false);
}

Result<nlohmann::json> Dashboard::drafts() {
  ArticleFilter filter{
      .state = ArticleState::draft, .author_id = v_.user().author_id, .limit = kDashboardEntries};
  if (filter.author_id == 0) return nlohmann::json::array();  // 0 would mean everyone's
  auto found = s_.store.find_articles(filter);
  if (!found) return found.error();
  return article_links(found->articles, true);
}

Page Dashboard::page() {
  const User& user = v_.user();
  nlohmann::json view = {{"page_title", v_.text("admin.dashboard.title")},
                         {"most_read_day", most_read(0)},
                         {"most_read_week", most_read(1)}};
  auto latest = publications(false);
  if (!latest) return s_.pages.error(v_, latest.error());
  view["latest"] = std::move(*latest);
  // Mustache tells an empty list from a full one by these (a list section repeats instead).
  for (const char* list : {"most_read_day", "most_read_week", "latest"}) {
    view[std::string(list) + "_any"] = !view[list].empty();
  }
  // Editors run the newsroom: the operator's warnings, the mail, what is scheduled.
  if (user.role >= Role::editor) {
    auto counts = s_.store.outbox_counts();
    if (!counts) return s_.pages.error(v_, counts.error());
    auto found = warnings(*counts);
    if (!found) return s_.pages.error(v_, found.error());
    view["warnings"] = std::move(*found);
    view["has_warnings"] = !view["warnings"].empty();
    view["outbox"] =
        v_.text("admin.dashboard.outbox_counts", {{"queued", std::int64_t{counts->queued}},
                                                  {"sent", std::int64_t{counts->sent}},
                                                  {"failed", std::int64_t{counts->failed}}});
    auto scheduled = publications(true);
    if (!scheduled) return s_.pages.error(v_, scheduled.error());
    view["scheduled"] = {{"items_any", !scheduled->empty()}, {"items", std::move(*scheduled)}};
  }
  if (may_moderate_comments(user)) {
    auto pending = pending_comments();
    if (!pending) return s_.pages.error(v_, pending.error());
    view["pending"] = std::move(*pending);
  }
  // Those who write rather than edit: their drafts.
  if (user.role < Role::editor) {
    auto own = drafts();
    if (!own) return s_.pages.error(v_, own.error());
    view["drafts"] = {{"items_any", !own->empty()}, {"items", std::move(*own)}};
  }
  return s_.pages.render(v_, "dashboard", std::move(view));
}

}  // namespace

Page get_dashboard(Services& services, Visit& visit) { return Dashboard(services, visit).page(); }

}  // namespace tribune::admin
