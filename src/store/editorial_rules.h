// The newsroom's editorial decisions that are not SQL: which state changes an article may make
// and what each one records, what readers see of a state, and how a revision's note is worded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

// "draft", "published", "unpublished", "trash": the names the store and the command line use.
std::string_view state_name(ArticleState state);
// The state so named; nullopt for anything else.
std::optional<ArticleState> state_from_name(std::string_view name);

// Whether readers are kept away from an article in `state` (the store's `draft` flag, which
// every reader's query filters on): everything but `published`.
bool hidden_from_readers(ArticleState state);

// What moving an article to a requested state does.
struct StateChange {
  ArticleState to = ArticleState::draft;  // the state it ends in
  std::string action;                     // the audit log's word; empty: nothing to do
  bool announce = false;  // published by an editor: mail it unless it was marked before
};

// The change when an article in `from` is asked to go to `requested`. `before_trash` is the
// state a trashed article had before (nullopt, or for an article not in the trash: draft).
// Leaving the trash, whatever is asked, restores the state before ("restore", never announced
// anew); asking for the state it is in does nothing (empty action). A draft cannot be unpublished
// (it never was published): invalid_input, field "state".
Result<StateChange> plan_state_change(ArticleState from, std::optional<ArticleState> before_trash,
                                      ArticleState requested);

// The note of a revision saving `after` over `before`: the fields that changed, in a fixed
// order, joined by ", " ("title, body, tags"). Sections and tags compare by slug (their names'
// case does not matter), tags whatever their order. Empty when nothing changed.
std::string describe_changes(const ArticleDraft& before, const ArticleDraft& after);

}  // namespace tribune
