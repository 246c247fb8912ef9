// Article states and revision notes.
#include "store/editorial_rules.h"

#include <algorithm>
#include <vector>

#include "store/naming_rules.h"

namespace tribune {
namespace {

// Tags compare as the set of their slugs: "Python" and "python" are one tag.
std::vector<std::string> tag_slugs(const std::vector<std::string>& names) {
  std::vector<std::string> slugs;
  for (const std::string& name : names) slugs.push_back(tag_slug(name));
  std::sort(slugs.begin(), slugs.end());
  slugs.erase(std::unique(slugs.begin(), slugs.end()), slugs.end());
  return slugs;
}

// A section path compares as its path of slugs ("blog/securite").
std::string section_key(const std::vector<std::string>& names) {
  auto levels = section_levels(names);
  return levels.empty() ? std::string() : levels.back().path;
}

}  // namespace

std::string_view state_name(ArticleState state) {
  switch (state) {
    case ArticleState::draft:
      return "draft";
    case ArticleState::published:
      return "published";
    case ArticleState::unpublished:
      return "unpublished";
    case ArticleState::trash:
      return "trash";
  }
  return "draft";
}

std::optional<ArticleState> state_from_name(std::string_view name) {
  for (ArticleState state : {ArticleState::draft, ArticleState::published,
                             ArticleState::unpublished, ArticleState::trash}) {
    if (state_name(state) == name) return state;
  }
  return std::nullopt;
}

bool hidden_from_readers(ArticleState state) { return state != ArticleState::published; }

Result<StateChange> plan_state_change(ArticleState from, std::optional<ArticleState> before_trash,
                                      ArticleState requested) {
  StateChange change;
  change.to = requested;
  if (from == requested) return change;  // nothing to do, nothing to log
  if (from == ArticleState::trash) {
    // Out of the trash it goes back where it was, never straight to a state it was not in.
    ArticleState before = before_trash.value_or(ArticleState::draft);
    if (before == ArticleState::trash) before = ArticleState::draft;
    change.to = before;
    change.action = "restore";
    // It was live before it went to the trash (or is still to go live, already marked):
    // announcing it now would be news to no one.
    change.announce = false;
    return change;
  }
  switch (requested) {
    case ArticleState::trash:
      change.action = "trash";
      break;
    case ArticleState::published:
      change.action = "publish";
      change.announce = true;
      break;
    case ArticleState::unpublished:
      if (from == ArticleState::draft) {
        return make_error(Errc::invalid_input, "a draft was never published: nothing to unpublish",
                          "state");
      }
      change.action = "unpublish";
      break;
    case ArticleState::draft:
      change.action = "draft";
      break;
  }
  return change;
}

std::string describe_changes(const ArticleDraft& before, const ArticleDraft& after) {
  std::vector<std::string_view> changed;
  if (before.title != after.title) changed.push_back("title");
  if (before.slug != after.slug) changed.push_back("slug");
  if (before.author_name != after.author_name) changed.push_back("author");
  if (section_key(before.section_path) != section_key(after.section_path)) {
    changed.push_back("section");
  }
  if (tag_slugs(before.tags) != tag_slugs(after.tags)) changed.push_back("tags");
  if (before.lang != after.lang) changed.push_back("language");
  if (before.description != after.description) changed.push_back("description");
  if (before.body_markdown != after.body_markdown || before.body_format != after.body_format) {
    changed.push_back("body");
  }
  if (before.published_at != after.published_at) changed.push_back("date");
  if (before.comments_closed != after.comments_closed) changed.push_back("comments");
  if (before.correction != after.correction) changed.push_back("correction");
  if (before.translation_of != after.translation_of) changed.push_back("translation");
  std::string note;
  for (std::string_view field : changed) {
    if (!note.empty()) note += ", ";
    note += field;
  }
  return note;
}

}  // namespace tribune
