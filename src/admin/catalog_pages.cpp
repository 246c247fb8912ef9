// The catalog's screens: sections as a tree (create, rename, move, merge), tags (rename,
// merge) and authors' profiles (name, bio) with the accounts that sign as them.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "admin/services.h"

namespace tribune::admin {
namespace {

// At most this many tags are listed at once; a search narrows a long list down.
constexpr std::size_t kTagsShown = 200;

// How many articles each entry of `kind` files, by id.
Result<std::map<Id, int>> counts_of(Store& store, CatalogKind kind) {
  auto counts = store.article_counts_by(kind);
  if (!counts) return counts.error();
  return std::map<Id, int>(counts->begin(), counts->end());
}

// The sections outside `section`'s branch (itself and its subsections): where it may go.
std::vector<Section> outside_branch(const std::vector<Section>& sections, const Section& section) {
  std::vector<Section> outside;
  for (const Section& candidate : sections) {
    if (candidate.path != section.path && !candidate.path.starts_with(section.path + "/")) {
      outside.push_back(candidate);
    }
  }
  return outside;
}

class CatalogPages {
 public:
  CatalogPages(Services& services, Visit& visit) : s_(services), v_(visit) {}

  Page sections(int status = 200, std::string error = {});
  Page section(Id id, int status = 200, std::string error = {});
  Page add_section();
  Page change_section(Id id);

  Page tags();
  Page tag(Id id, int status = 200, std::string error = {});
  Page change_tag(Id id);

  Page authors(int status = 200, std::string error = {});
  Page author(Id id, int status = 200, std::string error = {});
  Page add_author();
  Page change_author(Id id);

 private:
  // A refused change shown on the form it came from: 422 for an invalid field, 409 for a
  // taken one, naming the field in the admin's language; other errors as AdminPages::error.
  template <typename Show>
  Page refused(const Error& error, Show show) {
    if (error.code != Errc::invalid_input && error.code != Errc::conflict) {
      return s_.pages.error(v_, error);
    }
    const bool taken = error.code == Errc::conflict;
    std::string key = fmt::format("admin.catalog.{}.{}", taken ? "taken" : "invalid",
                                  error.field.empty() ? "form" : error.field);
    return show(taken ? 409 : 422, v_.text(key));
  }
  // Records `action` on `subject` in the audit log and sends the browser to `location`.
  Page done(std::string_view action, std::string subject, std::string location) {
    s_.content_changed();
    (void)s_.store.add_audit_entry(
        {0, v_.now, v_.user().id, v_.user().name, std::string(action), 0, std::move(subject)});
    return s_.pages.redirect(v_, std::move(location));
  }
  // The notice a list shows after a change (?done=renamed…), or "".
  std::string notice() const {
    std::string done = v_.parameter("done");
    if (done != "added" && done != "saved" && done != "merged") return {};
    return v_.text("admin.catalog.done." + done);
  }

  Services& s_;
  Visit& v_;
};

Page CatalogPages::sections(int status, std::string error) {
  auto all = s_.store.sections();
  if (!all) return s_.pages.error(v_, all.error());
  auto counts = counts_of(s_.store, CatalogKind::section);
  if (!counts) return s_.pages.error(v_, counts.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const Section& section : *all) {
    rows.push_back({{"name", join(section_names(*all, section.id), " › ")},
                    {"href", fmt::format("/admin/sections/{}/", section.id)},
                    {"public_href", "/category/" + section.path + "/"},
                    {"articles", (*counts)[section.id]},
                    {"articles_href", fmt::format("/admin/articles/?section={}", section.id)}});
  }
  nlohmann::json view = {
      {"page_title", v_.text("admin.sections.title")},
      {"rows", rows},
      {"parents", section_choices(*all, parse_id(v_.field("parent")).value_or(0))},
      {"name", v_.field("name")},
      {"slug", v_.field("slug")},
      {"notice", notice()}};
  if (!error.empty()) view["error"] = std::move(error);
  return s_.pages.render(v_, "sections", std::move(view), status);
}

Page CatalogPages::section(Id id, int status, std::string error) {
  auto all = s_.store.sections();
  if (!all) return s_.pages.error(v_, all.error());
  auto found = std::find_if(all->begin(), all->end(),
                            [&](const Section& section) { return section.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  auto counts = counts_of(s_.store, CatalogKind::section);
  if (!counts) return s_.pages.error(v_, counts.error());
  const bool posted = !v_.form.empty();
  std::vector<Section> elsewhere = outside_branch(*all, *found);
  const Id parent =
      posted ? parse_id(v_.field("parent")).value_or(0) : found->parent_id.value_or(0);
  nlohmann::json view = {{"page_title", v_.text("admin.sections.edit", {{"name", found->name}})},
                         {"id", id},
                         {"name", posted ? v_.field("name") : found->name},
                         {"slug", posted ? v_.field("slug") : found->slug},
                         {"full_name", join(section_names(*all, id), " › ")},
                         {"public_href", "/category/" + found->path + "/"},
                         {"articles", (*counts)[id]},
                         {"articles_href", fmt::format("/admin/articles/?section={}", id)},
                         {"parents", section_choices(elsewhere, parent)},
                         {"top", parent == 0},
                         {"targets", section_choices(elsewhere, 0)},
                         {"can_merge", !elsewhere.empty()}};
  if (!error.empty()) view["error"] = std::move(error);
  return s_.pages.render(v_, "section", std::move(view), status);
}

Page CatalogPages::add_section() {
  const std::string name = v_.field("name");
  std::optional<Id> parent = parse_id(v_.field("parent"));
  auto added = s_.store.add_section(name, v_.field("slug"), parent);
  if (!added) {
    return refused(added.error(),
                   [&](int status, std::string text) { return sections(status, std::move(text)); });
  }
  return done("section_add", added->name, "/admin/sections/?done=added");
}

Page CatalogPages::change_section(Id id) {
  auto all = s_.store.sections();
  if (!all) return s_.pages.error(v_, all.error());
  auto found = std::find_if(all->begin(), all->end(),
                            [&](const Section& section) { return section.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  const std::string action = v_.field("action");
  if (action == "merge") {
    auto into = parse_id(v_.field("into"));
    if (!into) return section(id, 422, v_.text("admin.catalog.invalid.into"));
    auto target = std::find_if(all->begin(), all->end(),
                               [&](const Section& section) { return section.id == *into; });
    Status merged = s_.store.merge_section(id, *into);
    if (!merged) {
      return refused(merged.error(), [&](int status, std::string text) {
        return section(id, status, std::move(text));
      });
    }
    return done("section_merge",
                fmt::format("{} → {}", found->name, target != all->end() ? target->name : ""),
                "/admin/sections/?done=merged");
  }
  if (action != "save") return s_.pages.refusal(v_, 422, "admin.error.invalid");
  const std::string name = v_.field("name");
  Status saved = s_.store.update_section(id, name, v_.field("slug"), parse_id(v_.field("parent")));
  if (!saved) {
    return refused(saved.error(), [&](int status, std::string text) {
      return section(id, status, std::move(text));
    });
  }
  return done("section_edit", found->name == name ? name : found->name + " → " + name,
              "/admin/sections/?done=saved");
}

Page CatalogPages::tags() {
  auto all = s_.store.tags();
  if (!all) return s_.pages.error(v_, all.error());
  auto counts = counts_of(s_.store, CatalogKind::tag);
  if (!counts) return s_.pages.error(v_, counts.error());
  const std::string search = v_.parameter("q");
  nlohmann::json rows = nlohmann::json::array();
  std::size_t matching = 0;
  for (const Tag& tag : *all) {
    if (!search.empty() && tag.name.find(search) == std::string::npos &&
        tag.slug.find(search) == std::string::npos) {
      continue;
    }
    if (++matching > kTagsShown) continue;
    rows.push_back({{"name", tag.name},
                    {"href", fmt::format("/admin/tags/{}/", tag.id)},
                    {"public_href", "/tag/" + tag.slug + "/"},
                    {"slug", tag.slug},
                    {"articles", (*counts)[tag.id]}});
  }
  nlohmann::json view = {{"page_title", v_.text("admin.tags.title")},
                         {"rows", rows},
                         {"q", search},
                         {"notice", notice()}};
  if (matching > kTagsShown) {
    view["more"] = v_.text("admin.tags.more", {{"shown", static_cast<std::int64_t>(kTagsShown)},
                                               {"count", static_cast<std::int64_t>(matching)}});
  }
  return s_.pages.render(v_, "tags", std::move(view));
}

Page CatalogPages::tag(Id id, int status, std::string error) {
  auto all = s_.store.tags();
  if (!all) return s_.pages.error(v_, all.error());
  auto found = std::find_if(all->begin(), all->end(), [&](const Tag& tag) { return tag.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  auto counts = counts_of(s_.store, CatalogKind::tag);
  if (!counts) return s_.pages.error(v_, counts.error());
  const bool posted = !v_.form.empty();
  nlohmann::json view = {{"page_title", v_.text("admin.tags.edit", {{"name", found->name}})},
                         {"id", id},
                         {"name", posted ? v_.field("name") : found->name},
                         {"slug", posted ? v_.field("slug") : found->slug},
                         {"into", v_.field("into")},
                         {"public_href", "/tag/" + found->slug + "/"},
                         {"articles", (*counts)[id]}};
  if (!error.empty()) view["error"] = std::move(error);
  return s_.pages.render(v_, "tag", std::move(view), status);
}

Page CatalogPages::change_tag(Id id) {
  auto all = s_.store.tags();
  if (!all) return s_.pages.error(v_, all.error());
  auto found = std::find_if(all->begin(), all->end(), [&](const Tag& tag) { return tag.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  const std::string action = v_.field("action");
  if (action == "merge") {
    // The tag to merge into, by the name (or slug) the editor typed.
    const std::string into = v_.field("into");
    auto target = std::find_if(all->begin(), all->end(), [&](const Tag& tag) {
      return tag.name == into || tag.slug == into;
    });
    if (target == all->end()) return tag(id, 422, v_.text("admin.catalog.invalid.into_tag"));
    Status merged = s_.store.merge_tag(id, target->id);
    if (!merged) {
      return refused(merged.error(), [&](int status, std::string text) {
        return tag(id, status, std::move(text));
      });
    }
    return done("tag_merge", fmt::format("{} → {}", found->name, target->name),
                "/admin/tags/?done=merged");
  }
  if (action != "save") return s_.pages.refusal(v_, 422, "admin.error.invalid");
  const std::string name = v_.field("name");
  Status saved = s_.store.update_tag(id, name, v_.field("slug"));
  if (!saved) {
    return refused(saved.error(),
                   [&](int status, std::string text) { return tag(id, status, std::move(text)); });
  }
  return done("tag_edit", found->name == name ? name : found->name + " → " + name,
              "/admin/tags/?done=saved");
}

Page CatalogPages::authors(int status, std::string error) {
  auto all = s_.store.authors();
  if (!all) return s_.pages.error(v_, all.error());
  auto users = s_.store.users();
  if (!users) return s_.pages.error(v_, users.error());
  auto counts = counts_of(s_.store, CatalogKind::author);
  if (!counts) return s_.pages.error(v_, counts.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const Author& author : *all) {
    nlohmann::json accounts = nlohmann::json::array();
    for (const User& user : *users) {
      if (user.author_id == author.id) accounts.push_back({{"name", user.name}});
    }
    rows.push_back({{"name", author.name},
                    {"href", fmt::format("/admin/authors/{}/", author.id)},
                    {"public_href", "/author/" + author.slug + "/"},
                    {"slug", author.slug},
                    {"articles", (*counts)[author.id]},
                    {"articles_href", fmt::format("/admin/articles/?author={}", author.id)},
                    {"accounts", accounts}});
  }
  nlohmann::json view = {{"page_title", v_.text("admin.authors.title")},
                         {"rows", rows},
                         {"name", v_.field("name")},
                         {"bio", v_.field("bio")},
                         {"notice", notice()}};
  if (!error.empty()) view["error"] = std::move(error);
  return s_.pages.render(v_, "authors", std::move(view), status);
}

Page CatalogPages::author(Id id, int status, std::string error) {
  auto all = s_.store.authors();
  if (!all) return s_.pages.error(v_, all.error());
  auto found =
      std::find_if(all->begin(), all->end(), [&](const Author& author) { return author.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  auto users = s_.store.users();
  if (!users) return s_.pages.error(v_, users.error());
  nlohmann::json accounts = nlohmann::json::array();
  for (const User& user : *users) {
    if (user.author_id != id) continue;
    accounts.push_back({{"name", user.name},
                        {"email", user.email},
                        {"role", v_.text("admin.role." + std::string(role_name(user.role)))}});
  }
  const bool posted = !v_.form.empty();
  nlohmann::json view = {{"page_title", v_.text("admin.authors.edit", {{"name", found->name}})},
                         {"id", id},
                         {"name", posted ? v_.field("name") : found->name},
                         {"slug", posted ? v_.field("slug") : found->slug},
                         {"bio", posted ? v_.field("bio") : found->bio},
                         {"public_href", "/author/" + found->slug + "/"},
                         {"accounts", accounts},
                         {"manages_accounts", may_manage_accounts(v_.user())}};
  if (!error.empty()) view["error"] = std::move(error);
  return s_.pages.render(v_, "author", std::move(view), status);
}

Page CatalogPages::add_author() {
  auto added = s_.store.add_author(v_.field("name"), v_.field("bio"));
  if (!added) {
    return refused(added.error(),
                   [&](int status, std::string text) { return authors(status, std::move(text)); });
  }
  return done("author_add", added->name, "/admin/authors/?done=added");
}

Page CatalogPages::change_author(Id id) {
  auto all = s_.store.authors();
  if (!all) return s_.pages.error(v_, all.error());
  auto found =
      std::find_if(all->begin(), all->end(), [&](const Author& author) { return author.id == id; });
  if (found == all->end()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  const std::string name = v_.field("name");
  Status saved = s_.store.update_author(id, name, v_.field("slug"), v_.field("bio"));
  if (!saved) {
    return refused(saved.error(), [&](int status, std::string text) {
      return author(id, status, std::move(text));
    });
  }
  return done("author_edit", found->name == name ? name : found->name + " → " + name,
              "/admin/authors/?done=saved");
}

// "" for the list, the id for "12/", nullopt for anything else.
std::optional<Id> entry_of(std::string_view rest, bool& is_list) {
  is_list = rest.empty();
  if (is_list) return 0;
  if (!rest.ends_with('/')) return std::nullopt;
  return parse_id(rest.substr(0, rest.size() - 1));
}

}  // namespace

Page catalog_screen(Services& services, Visit& visit, CatalogKind kind, std::string_view rest) {
  if (!may_manage_catalog(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  bool is_list = false;
  std::optional<Id> id = entry_of(rest, is_list);
  if (!id) return services.pages.refusal(visit, 404, "admin.error.not_found");
  CatalogPages pages(services, visit);
  const bool post = visit.request.method == "POST";
  switch (kind) {
    case CatalogKind::section:
      if (is_list) return post ? pages.add_section() : pages.sections();
      return post ? pages.change_section(*id) : pages.section(*id);
    case CatalogKind::author:
      if (is_list) return post ? pages.add_author() : pages.authors();
      return post ? pages.change_author(*id) : pages.author(*id);
    case CatalogKind::tag:
      break;
  }
  if (is_list) {
    if (post) return services.pages.refusal(visit, 404, "admin.error.not_found");
    return pages.tags();
  }
  return post ? pages.change_tag(*id) : pages.tag(*id);
}

}  // namespace tribune::admin
