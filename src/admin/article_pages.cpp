// The articles' screens: lists by state, section and author with bulk actions; the editor
// (write, preview, save, publish or schedule, unpublish, trash, restore); revisions.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <variant>

#include "admin/services.h"
#include "render/diff_html.h"
#include "render/markdown.h"
#include "site/importer.h"
#include "site/permalink.h"
#include "store/editorial_rules.h"

namespace tribune::admin {
namespace {

// The store's refusal of the "translation of" field (an unknown slug, the same language):
// the reader of the form can fix it.
bool is_bad_translation(const Error& error) {
  return error.code == Errc::invalid_input && error.field == "translation_of";
}

constexpr int kArticlesPerPage = 50;

// "scheduled" for a published article dated after `now`, else its state's name.
std::string_view shown_state(ArticleState state, UnixSeconds published_at, UnixSeconds now) {
  if (state == ArticleState::published && published_at > now) return "scheduled";
  return state_name(state);
}

std::vector<std::string> split_tags(std::string_view text) {
  // Separated by commas: the Latin one, or the Arabic comma that Arabic keyboards type.
  static constexpr std::string_view kArabicComma = "\u060C";
  std::vector<std::string> tags;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::size_t width = 1;
    if (std::size_t arabic = text.find(kArabicComma); arabic < comma) {
      comma = arabic;
      width = kArabicComma.size();
    }
    std::string_view tag = text.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.emplace_back(tag);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + width);
  }
  return tags;
}

// The options of an author menu, `selected` chosen.
nlohmann::json author_choices(const std::vector<Author>& authors, Id selected) {
  nlohmann::json options = nlohmann::json::array();
  for (const Author& author : authors) {
    options.push_back(
        {{"id", author.id}, {"name", author.name}, {"selected", author.id == selected}});
  }
  return options;
}

std::string href_of(Id id, std::string_view rest = {}) {
  return fmt::format("/admin/articles/{}/{}", id, rest);
}

// The editor's form as posted, or an article as stored, in the shape both are shown in.
struct EditorForm {
  Id id = 0;  // 0: a new article
  ArticleState state = ArticleState::draft;
  Id author_id = 0;
  Id section_id = 0;
  int revision = 0;  // the revision the form was loaded from
  ArticleDraft draft;
  std::string published_local;  // datetime-local value, empty: now
  std::string public_path;      // the stored article's address on the site (permalink)
};

// The path readers reach `article` at, by the site's permalink pattern ("" when invalid).
std::string public_path_of(const Article& article, const SiteSettings& settings) {
  auto permalink = Permalink::parse(settings.permalink);
  return permalink ? permalink->path_of(article) : std::string();
}

class ArticlePages {
 public:
  ArticlePages(Services& services, Visit& visit) : s_(services), v_(visit) {}

  Page list();
  Page bulk();
  Page editor_for(Id id);
  Page new_editor();
  Page save(Id id);  // id 0: create
  Page revisions(Id id);
  Page compare(Id id);
  Page restore_revision(Id id, Id revision_id);

 private:
  // Article `id` when the account may edit it; otherwise the page saying why (404, 403).
  std::variant<Article, Page> editable_article(Id id);
  Page render_editor(const EditorForm& form, int status, std::string_view error_key,
                     std::string preview_html);
  Result<EditorForm> form_from_post(Id id, const Article* stored);
  Result<Page> apply_action(const Article& article, std::string_view action);
  nlohmann::json state_links(const StateCounts& counts, std::string_view current) const;
  // The media library, for the pictures a body names (`![alt](name)`). A library that cannot
  // be read leaves them ordinary images; the save that follows meets the same store error.
  MediaByName media() const {
    auto library = media_by_name(s_.store);
    return library ? std::move(*library) : MediaByName();
  }

  Services& s_;
  Visit& v_;
};

std::variant<Article, Page> ArticlePages::editable_article(Id id) {
  auto article = s_.store.article_for_editing(id);
  if (!article) return s_.pages.error(v_, article.error());
  if (!may_edit_article(v_.user(), article->author.id)) {
    return s_.pages.refusal(v_, 403, "admin.error.forbidden");
  }
  return std::move(*article);
}

nlohmann::json ArticlePages::state_links(const StateCounts& counts,
                                         std::string_view current) const {
  nlohmann::json links = nlohmann::json::array();
  const std::pair<std::string_view, int> states[] = {
      {"", counts.draft + counts.scheduled + counts.published + counts.unpublished},
      {"draft", counts.draft},
      {"scheduled", counts.scheduled},
      {"published", counts.published},
      {"unpublished", counts.unpublished},
      {"trash", counts.trash}};
  for (const auto& [name, count] : states) {
    links.push_back({{"href", name.empty() ? std::string("/admin/articles/")
                                           : fmt::format("/admin/articles/?state={}", name)},
                     {"label", v_.text(name.empty() ? std::string("admin.state.all")
                                                    : "admin.state." + std::string(name))},
                     {"count", count},
                     {"current", name == current}});
  }
  return links;
}

Page ArticlePages::list() {
  ArticleFilter filter;
  filter.now = v_.now;
  const std::string state = v_.parameter("state");
  if (state == "scheduled") {
    filter.state = ArticleState::published;
    filter.scheduled_only = true;
  } else if (state == "draft") {
    filter.state = ArticleState::draft;
  } else if (state == "published") {
    filter.state = ArticleState::published;
  } else if (state == "unpublished") {
    filter.state = ArticleState::unpublished;
  } else if (state == "trash") {
    filter.state = ArticleState::trash;
  } else if (!state.empty()) {
    return s_.pages.refusal(v_, 404, "admin.error.not_found");
  }
  filter.section_id = parse_id(v_.parameter("section")).value_or(0);
  filter.author_id = parse_id(v_.parameter("author")).value_or(0);
  // Contributors and authors see their own articles only.
  if (v_.user().role < Role::editor) filter.author_id = v_.user().author_id;
  filter.title_contains = v_.parameter("q");
  const int page_number = static_cast<int>(parse_id(v_.parameter("page")).value_or(1));
  filter.limit = kArticlesPerPage;
  filter.offset = (page_number - 1) * kArticlesPerPage;

  auto found = s_.store.find_articles(filter);
  if (!found) return s_.pages.error(v_, found.error());
  auto counts = s_.store.article_counts(v_.now);
  if (!counts) return s_.pages.error(v_, counts.error());
  auto sections = s_.store.sections();
  if (!sections) return s_.pages.error(v_, sections.error());
  auto authors = s_.store.authors();
  if (!authors) return s_.pages.error(v_, authors.error());

  nlohmann::json rows = nlohmann::json::array();
  for (const DeskEntry& entry : found->articles) {
    std::string_view shown = shown_state(entry.state, entry.published_at, v_.now);
    rows.push_back(
        {{"id", entry.id},
         {"title", entry.title.empty() ? v_.text("admin.article.untitled") : entry.title},
         {"href", href_of(entry.id)},
         {"state", shown},
         {"state_label", v_.text("admin.state." + std::string(shown))},
         {"author", entry.author_name},
         {"section", entry.section_name},
         {"date", v_.time_text(entry.state == ArticleState::draft ? entry.updated_at
                                                                  : entry.published_at)}});
  }
  nlohmann::json section_options = section_choices(*sections, filter.section_id);
  nlohmann::json author_options = author_choices(*authors, filter.author_id);
  const int pages = std::max(1, (found->total + kArticlesPerPage - 1) / kArticlesPerPage);
  auto page_href = [&](int number) {
    return fmt::format("/admin/articles/?state={}&section={}&author={}&q={}&page={}", state,
                       filter.section_id, filter.author_id, url_encode(filter.title_contains),
                       number);
  };
  nlohmann::json view = {
      {"page_title", v_.text("admin.articles.title")},
      {"states", state_links(*counts, state)},
      {"state", state},
      {"in_trash", state == "trash"},
      {"q", filter.title_contains},
      {"sections", section_options},
      {"authors", author_options},
      {"show_author_filter", v_.user().role >= Role::editor},
      {"rows", rows},
      {"empty", rows.empty()},
      {"total", v_.text("admin.articles.total", {{"count", std::int64_t{found->total}}})},
      {"page_label", v_.text("admin.articles.page", {{"page", std::int64_t{page_number}},
                                                     {"pages", std::int64_t{pages}}})},
      {"newer_href", page_number > 1 ? page_href(page_number - 1) : ""},
      {"older_href", page_number < pages ? page_href(page_number + 1) : ""},
      {"notice",
       v_.parameter("done").empty() ? "" : v_.text("admin.notice." + v_.parameter("done"))},
  };
  return s_.pages.render(v_, "articles", std::move(view));
}

Page ArticlePages::bulk() {
  const std::string action = v_.field("action");
  std::optional<ArticleState> target;
  if (action == "publish") target = ArticleState::published;
  if (action == "unpublish") target = ArticleState::unpublished;
  if (action == "trash") target = ArticleState::trash;
  // Leaving the trash gives an article back the state it had before, whatever is asked.
  if (action == "restore") target = ArticleState::unpublished;
  if (!target) return s_.pages.refusal(v_, 422, "admin.error.invalid");
  std::vector<Article> chosen;
  auto [first, last] = v_.form.equal_range("ids");
  for (auto it = first; it != last; ++it) {
    auto id = parse_id(it->second);
    if (!id) return s_.pages.refusal(v_, 422, "admin.error.invalid");
    auto article = s_.store.article_for_editing(*id);
    if (!article) return s_.pages.error(v_, article.error());
    chosen.push_back(std::move(*article));
  }
  if (chosen.empty()) return s_.pages.redirect(v_, "/admin/articles/?done=none");
  // All or none: one article the account may not act on, or that cannot make the change (a
  // draft cannot be unpublished), refuses the whole action before anything changes.
  for (const Article& article : chosen) {
    const bool allowed = action == "publish" || action == "unpublish"
                             ? may_publish_article(v_.user(), article.author.id)
                             : may_delete_article(v_.user(), article.author.id, article.state);
    if (!allowed) return s_.pages.refusal(v_, 403, "admin.error.forbidden");
    if (action != "restore" && !plan_state_change(article.state, std::nullopt, *target)) {
      return s_.pages.refusal(v_, 409, "admin.error.state");
    }
  }
  for (const Article& article : chosen) {
    if (action == "restore" && article.state != ArticleState::trash) continue;
    Status moved = s_.store.set_article_state(article.id, *target, actor_of(v_), v_.now);
    if (!moved) return s_.pages.error(v_, moved.error());
  }
  s_.content_changed();
  return s_.pages.redirect(v_, "/admin/articles/?done=" + action);
}

Page ArticlePages::new_editor() {
  EditorForm form;
  form.author_id = v_.user().author_id;
  form.draft.lang = v_.settings.locale;
  return render_editor(form, 200, {}, {});
}

Page ArticlePages::editor_for(Id id) {
  auto editable = editable_article(id);
  if (auto* refused = std::get_if<Page>(&editable)) return std::move(*refused);
  Article* article = &std::get<Article>(editable);
  auto history = s_.store.revisions(id);
  if (!history) return s_.pages.error(v_, history.error());
  EditorForm form;
  form.id = id;
  form.state = article->state;
  form.author_id = article->author.id;
  form.section_id = article->sections.empty() ? 0 : article->sections.back().id;
  form.revision = history->empty() ? 0 : history->front().number;
  form.draft.title = article->title;
  form.draft.slug = article->slug;
  form.draft.author_name = article->author.name;
  for (const Section& section : article->sections) form.draft.section_path.push_back(section.name);
  for (const Tag& tag : article->tags) form.draft.tags.push_back(tag.name);
  form.draft.lang = article->lang;
  form.draft.description = article->description;
  form.draft.body_markdown = article->body_markdown;
  form.draft.body_format = article->body_format;
  form.draft.comments_closed = article->comments_closed;
  form.draft.correction = article->correction;
  form.draft.translation_of = article->translation_of;
  form.draft.image = article->image;
  form.draft.image_alt = article->image_alt;
  form.draft.published_at = article->published_at;
  if (article->state != ArticleState::draft) {
    form.published_local = local_datetime(article->published_at, v_.settings.timezone);
  }
  form.public_path = public_path_of(*article, v_.settings);
  const std::string saved = v_.parameter("done");
  return render_editor(form, 200, saved.empty() ? "" : "admin.notice." + std::string(saved), {});
}

Page ArticlePages::render_editor(const EditorForm& form, int status, std::string_view message_key,
                                 std::string preview_html) {
  auto sections = s_.store.sections();
  if (!sections) return s_.pages.error(v_, sections.error());
  auto authors = s_.store.authors();
  if (!authors) return s_.pages.error(v_, authors.error());
  nlohmann::json section_options = section_choices(*sections, form.section_id);
  nlohmann::json author_options = author_choices(*authors, form.author_id);
  nlohmann::json languages = nlohmann::json::array();
  for (const std::string& locale : v_.catalogs->locales()) {
    languages.push_back({{"code", locale},
                         {"name", v_.catalogs->find(locale)->name()},
                         {"selected", locale == form.draft.lang}});
  }
  const std::string_view shown =
      form.id == 0 ? "new" : shown_state(form.state, form.draft.published_at, v_.now);
  const bool may_publish = may_publish_article(v_.user(), form.author_id) || form.id == 0
                               ? v_.user().role >= Role::author
                               : false;
  nlohmann::json view = {
      {"page_title", form.id == 0
                         ? v_.text("admin.editor.new_title")
                         : v_.text("admin.editor.edit_title", {{"title", form.draft.title}})},
      {"action", form.id == 0 ? std::string("/admin/articles/new/") : href_of(form.id)},
      {"is_new", form.id == 0},
      {"autosave", form.id != 0 && form.state == ArticleState::draft},
      {"id", form.id},
      {"state", shown},
      {"state_label", v_.text("admin.state." + std::string(shown))},
      {"revision", form.revision},
      {"title", form.draft.title},
      {"slug", form.draft.slug},
      {"tags", join(form.draft.tags, ", ")},
      {"description", form.draft.description},
      {"body", form.draft.body_markdown},
      {"body_format", std::string(body_format_name(form.draft.body_format))},
      {"correction", form.draft.correction},
      {"translation_of", form.draft.translation_of},
      {"image", form.draft.image},
      {"image_alt", form.draft.image_alt},
      {"published_local", form.published_local},
      {"comments_closed", form.draft.comments_closed},
      {"sections", section_options},
      {"authors", author_options},
      {"may_change_byline", may_change_byline(v_.user())},
      {"languages", languages},
      {"timezone", v_.settings.timezone},
      {"may_publish", may_publish},
      {"is_published", form.state == ArticleState::published && form.id != 0},
      {"is_trash", form.state == ArticleState::trash},
      {"may_delete", form.id != 0 && may_delete_article(v_.user(), form.author_id, form.state) &&
                         form.state != ArticleState::trash},
      {"revisions_href", form.id == 0 ? "" : href_of(form.id, "revisions/")},
      {"public_href",
       shown == "published" && !form.public_path.empty() ? s_.site.url() + form.public_path : ""},
      {"preview", preview_html},
  };
  if (!message_key.empty()) {
    view[status >= 400 ? "error" : "notice"] = v_.text(message_key);
  }
  return s_.pages.render(v_, "editor", std::move(view), status);
}

Result<EditorForm> ArticlePages::form_from_post(Id id, const Article* stored) {
  EditorForm form;
  form.id = id;
  if (stored != nullptr) {
    form.state = stored->state;
    form.author_id = stored->author.id;
    form.public_path = public_path_of(*stored, v_.settings);
  } else {
    form.author_id = v_.user().author_id;
  }
  form.revision = static_cast<int>(parse_id(v_.field("revision")).value_or(0));
  ArticleDraft& draft = form.draft;
  draft.source = "admin";
  draft.title = v_.field("title");
  draft.slug = v_.field("slug");
  draft.tags = split_tags(v_.field("tags"));
  draft.description = v_.field("description");
  draft.body_markdown = v_.field("body");
  // An imported WordPress body stays HTML (sanitized again when saved): the form carries it.
  draft.body_format = parse_body_format(v_.field("body_format")).value_or(BodyFormat::markdown);
  draft.correction = v_.field("correction");
  draft.translation_of = v_.field("translation_of");
  draft.image = v_.field("image");
  draft.image_alt = draft.image.empty() ? std::string() : v_.field("image_alt");
  if (!draft.image.empty()) {
    auto picture = s_.store.media_named(draft.image);
    if (!picture) return picture.error();
    if (!*picture) {
      return make_error(Errc::invalid_input, "no picture named '" + draft.image + "'", "image");
    }
  }
  draft.comments_closed = !v_.field("comments_closed").empty();
  draft.lang = v_.field("lang");
  if (v_.catalogs->find(draft.lang) == nullptr) draft.lang = v_.settings.locale;
  // The body's line breaks come as CRLF from browsers; Markdown is kept with LF.
  std::erase(draft.body_markdown, '\r');

  auto sections = s_.store.sections();
  if (!sections) return sections.error();
  form.section_id = parse_id(v_.field("section")).value_or(0);
  draft.section_path = section_names(*sections, form.section_id);
  if (draft.section_path.empty() && !sections->empty()) {
    form.section_id = sections->front().id;
    draft.section_path = section_names(*sections, form.section_id);
  }
  if (draft.section_path.empty()) draft.section_path = {v_.text("admin.editor.default_section")};

  if (may_change_byline(v_.user())) {
    if (auto chosen = parse_id(v_.field("author"))) form.author_id = *chosen;
  }
  auto authors = s_.store.authors();
  if (!authors) return authors.error();
  for (const Author& author : *authors) {
    if (author.id == form.author_id) draft.author_name = author.name;
  }
  if (draft.author_name.empty()) {
    return make_error(Errc::invalid_input, "the account signs with no author", "author");
  }
  form.published_local = v_.field("published_at");
  if (!form.published_local.empty()) {
    auto when = parse_local_datetime(form.published_local, v_.settings.timezone);
    if (!when) {
      Error error = when.error();
      error.field = "published_at";
      return error;
    }
    draft.published_at = *when;
  } else if (stored != nullptr && stored->state != ArticleState::draft) {
    draft.published_at = stored->published_at;
  } else {
    draft.published_at = v_.now;
  }
  if (draft.title.empty()) return make_error(Errc::invalid_input, "a title is needed", "title");
  return form;
}

Page ArticlePages::save(Id id) {
  std::optional<Article> stored;
  if (id != 0) {
    auto editable = editable_article(id);
    if (auto* refused = std::get_if<Page>(&editable)) return std::move(*refused);
    Article* article = &std::get<Article>(editable);
    // Saving a published article changes what readers see: only those who may publish it.
    if (article->state == ArticleState::published && v_.field("action") != "preview" &&
        !may_publish_article(v_.user(), article->author.id)) {
      return s_.pages.refusal(v_, 403, "admin.error.forbidden");
    }
    stored = std::move(*article);
  }
  const std::string action = v_.field("action");
  // Actions on the article as it is, without its form's content.
  if (stored &&
      (action == "unpublish" || action == "trash" || action == "restore" || action == "to_draft")) {
    auto done = apply_action(*stored, action);
    if (!done) return s_.pages.error(v_, done.error());
    return std::move(*done);
  }
  auto form = form_from_post(id, stored ? &*stored : nullptr);
  if (!form) {
    if (form.error().code != Errc::invalid_input) return s_.pages.error(v_, form.error());
    EditorForm shown;
    shown.id = id;
    shown.draft.title = v_.field("title");
    shown.draft.body_markdown = v_.field("body");
    shown.draft.slug = v_.field("slug");
    shown.draft.description = v_.field("description");
    shown.draft.tags = split_tags(v_.field("tags"));
    shown.draft.correction = v_.field("correction");
    shown.draft.translation_of = v_.field("translation_of");
    shown.published_local = v_.field("published_at");
    if (stored) shown.state = stored->state;
    const std::string& field = form.error().field;
    return render_editor(shown, 422,
                         "admin.editor.invalid." +
                             (v_.catalog->has("admin.editor.invalid." + field) ? field : "form"),
                         {});
  }
  if (action == "preview") {
    NewArticle rendered = prepare_article(form->draft, v_.settings.locale, media());
    return render_editor(*form, 200, {}, rendered.body_html);
  }
  const bool publish = action == "publish";
  if (publish && !may_publish_article(v_.user(), form->author_id)) {
    return s_.pages.refusal(v_, 403, "admin.error.forbidden");
  }
  if (!publish && action != "save") return s_.pages.refusal(v_, 422, "admin.error.invalid");

  form->draft.draft = !(stored && stored->state == ArticleState::published) && !publish;
  NewArticle article = prepare_article(form->draft, v_.settings.locale, media());
  if (!stored) {
    // Published at once, it is mailed to subscribers as one published after a save would be.
    article.announce = publish;
    auto created = s_.store.create_article(article, actor_of(v_), v_.now);
    if (!created) {
      if (created.error().code == Errc::conflict) {
        return render_editor(*form, 409, "admin.editor.invalid.slug", {});
      }
      if (is_bad_translation(created.error())) {
        return render_editor(*form, 422, "admin.editor.invalid.translation_of", {});
      }
      return s_.pages.error(v_, created.error());
    }
    if (publish) s_.content_changed();
    return s_.pages.redirect(v_, href_of(*created) + (publish ? "?done=published" : "?done=saved"));
  }
  auto revision = s_.store.update_article(id, article, actor_of(v_), "", form->revision, v_.now);
  if (!revision) {
    if (revision.error().code == Errc::conflict) {
      return render_editor(*form, 409,
                           revision.error().field == "revision" ? "admin.editor.invalid.revision"
                                                                : "admin.editor.invalid.slug",
                           {});
    }
    if (is_bad_translation(revision.error())) {
      return render_editor(*form, 422, "admin.editor.invalid.translation_of", {});
    }
    return s_.pages.error(v_, revision.error());
  }
  if (publish && stored->state != ArticleState::published) {
    Status moved = s_.store.set_article_state(id, ArticleState::published, actor_of(v_), v_.now);
    if (!moved) return s_.pages.error(v_, moved.error());
  }
  if (publish || stored->state == ArticleState::published) s_.content_changed();
  return s_.pages.redirect(v_, href_of(id) + (publish ? "?done=published" : "?done=saved"));
}

Result<Page> ArticlePages::apply_action(const Article& article, std::string_view action) {
  ArticleState to = ArticleState::draft;
  bool allowed = may_publish_article(v_.user(), article.author.id);
  if (action == "unpublish") {
    to = ArticleState::unpublished;
  } else if (action == "trash" || action == "restore") {
    to = action == "trash" ? ArticleState::trash : ArticleState::unpublished;
    allowed = may_delete_article(v_.user(), article.author.id, article.state);
    if (action == "restore" && article.state != ArticleState::trash) {
      return s_.pages.refusal(v_, 409, "admin.error.conflict");
    }
  }
  if (!allowed) return s_.pages.refusal(v_, 403, "admin.error.forbidden");
  TRIBUNE_TRY(s_.store.set_article_state(article.id, to, actor_of(v_), v_.now));
  s_.content_changed();
  std::string done = action == "to_draft" ? "saved" : std::string(action) + "ed";
  if (action == "trash") done = "trashed";
  if (action == "restore") done = "restored";
  if (action == "unpublish") done = "unpublished";
  return s_.pages.redirect(v_, href_of(article.id) + "?done=" + done);
}

Page ArticlePages::revisions(Id id) {
  auto editable = editable_article(id);
  if (auto* refused = std::get_if<Page>(&editable)) return std::move(*refused);
  Article* article = &std::get<Article>(editable);
  auto history = s_.store.revisions(id);
  if (!history) return s_.pages.error(v_, history.error());
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < history->size(); ++i) {
    const Revision& revision = (*history)[i];
    rows.push_back(
        {{"id", revision.id},
         {"number", revision.number},
         {"when", v_.time_text(revision.saved_at)},
         {"who", revision.user_name},
         {"note", revision.note},
         {"is_from", i == 1},
         {"is_to", i == 0},
         {"restore_action", href_of(id, fmt::format("revisions/{}/restore/", revision.id))},
         {"latest", i == 0}});
  }
  nlohmann::json view = {
      {"page_title", v_.text("admin.revisions.title", {{"title", article->title}})},
      {"editor_href", href_of(id)},
      {"compare_action", href_of(id, "revisions/compare/")},
      {"rows", rows},
      {"comparable", history->size() > 1}};
  return s_.pages.render(v_, "revisions", std::move(view));
}

Page ArticlePages::compare(Id id) {
  auto editable = editable_article(id);
  if (auto* refused = std::get_if<Page>(&editable)) return std::move(*refused);
  auto from_id = parse_id(v_.parameter("from"));
  auto to_id = parse_id(v_.parameter("to"));
  if (!from_id || !to_id) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  auto from = s_.store.revision(*from_id);
  auto to = s_.store.revision(*to_id);
  if (!from || !to || from->article_id != id || to->article_id != id) {
    return s_.pages.refusal(v_, 404, "admin.error.not_found");
  }
  // Field by field, in the order the editor shows them; unchanged fields are left out.
  const ArticleDraft& a = from->content;
  const ArticleDraft& b = to->content;
  const std::pair<std::string_view, std::pair<std::string, std::string>> fields[] = {
      {"title", {a.title, b.title}},
      {"slug", {a.slug, b.slug}},
      {"author", {a.author_name, b.author_name}},
      {"section", {join(a.section_path, " › "), join(b.section_path, " › ")}},
      {"tags", {join(a.tags, ", "), join(b.tags, ", ")}},
      {"description", {a.description, b.description}},
      {"body", {a.body_markdown, b.body_markdown}},
      {"correction", {a.correction, b.correction}},
      {"translation_of", {a.translation_of, b.translation_of}},
      {"published_at",
       {local_datetime(a.published_at, v_.settings.timezone),
        local_datetime(b.published_at, v_.settings.timezone)}},
  };
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& [name, texts] : fields) {
    if (texts.first == texts.second) continue;
    changes.push_back({{"label", v_.text("admin.editor." + std::string(name))},
                       {"diff", diff_to_html(diff_words(texts.first, texts.second))}});
  }
  nlohmann::json view = {
      {"page_title", v_.text("admin.compare.title", {{"from", std::int64_t{from->number}},
                                                     {"to", std::int64_t{to->number}}})},
      {"revisions_href", href_of(id, "revisions/")},
      {"changes", changes},
      {"same", changes.empty()},
      {"restore_action", href_of(id, fmt::format("revisions/{}/restore/", from->id))},
      {"from_number", from->number},
  };
  return s_.pages.render(v_, "compare", std::move(view));
}

Page ArticlePages::restore_revision(Id id, Id revision_id) {
  auto editable = editable_article(id);
  if (auto* refused = std::get_if<Page>(&editable)) return std::move(*refused);
  Article* article = &std::get<Article>(editable);
  if (article->state == ArticleState::published &&
      !may_publish_article(v_.user(), article->author.id)) {
    return s_.pages.refusal(v_, 403, "admin.error.forbidden");
  }
  auto revision = s_.store.revision(revision_id);
  if (!revision || revision->article_id != id) {
    return s_.pages.refusal(v_, 404, "admin.error.not_found");
  }
  ArticleDraft content = revision->content;
  content.source = "admin";
  // Revisions keep the text; the featured picture stays the one the article has now.
  content.image = article->image;
  content.image_alt = article->image_alt;
  content.draft = article->state != ArticleState::published;
  auto saved = s_.store.update_article(
      id, prepare_article(content, v_.settings.locale, media()), actor_of(v_),
      v_.text("admin.revisions.restored_note", {{"number", std::int64_t{revision->number}}}), 0,
      v_.now);
  if (!saved) return s_.pages.error(v_, saved.error());
  if (article->state == ArticleState::published) s_.content_changed();
  return s_.pages.redirect(v_, href_of(id) + "?done=restored_revision");
}

}  // namespace

Page get_articles(Services& services, Visit& visit, std::string_view rest) {
  ArticlePages pages(services, visit);
  if (rest.empty()) return pages.list();
  if (rest == "new/") return pages.new_editor();
  std::size_t slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return services.pages.refusal(visit, 404, "admin.error.not_found");
  std::string_view tail = rest.substr(slash + 1);
  if (tail.empty()) return pages.editor_for(*id);
  if (tail == "revisions/") return pages.revisions(*id);
  if (tail == "revisions/compare/") return pages.compare(*id);
  return services.pages.refusal(visit, 404, "admin.error.not_found");
}

Page post_articles(Services& services, Visit& visit, std::string_view rest) {
  ArticlePages pages(services, visit);
  if (rest == "bulk/") return pages.bulk();
  if (rest == "new/") return pages.save(0);
  std::size_t slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id || slash == std::string_view::npos) {
    return services.pages.refusal(visit, 404, "admin.error.not_found");
  }
  std::string_view tail = rest.substr(slash + 1);
  if (tail.empty()) return pages.save(*id);
  // revisions/RID/restore/
  if (tail.starts_with("revisions/") && tail.ends_with("/restore/")) {
    std::string_view middle = tail.substr(10, tail.size() - 10 - 9);
    if (auto revision = parse_id(middle)) return pages.restore_revision(*id, *revision);
  }
  return services.pages.refusal(visit, 404, "admin.error.not_found");
}

}  // namespace tribune::admin
