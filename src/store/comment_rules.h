// The rules of storing a reader's comment, without storage: how replies thread, and what a
// new comment sets off. Every backend applies them in its add_comment transaction.
#pragma once

#include <optional>
#include <string_view>

#include "content/comment.h"
#include "core/result.h"

namespace tribune {

// What the store holds of the comment a reply names as its parent.
struct ParentComment {
  Id article_id = 0;
  bool is_reply = false;  // it has a parent itself
};

// Replies thread one level deep: the parent of `comment` must exist (`parent` is what the
// store found under comment.parent_id, nullopt when nothing), belong to the same article and
// be top-level. Ok for a comment without a parent; invalid_input with field "parent" otherwise.
Status check_parent(const Comment& comment, const std::optional<ParentComment>& parent);

// A pending comment queues a message to the moderator, when the site names one.
bool notifies_moderator(const Comment& comment, std::string_view moderator_email);

// Only an approved comment changes what pages show (so only it changes the content version).
bool changes_pages(const Comment& comment);

}  // namespace tribune
