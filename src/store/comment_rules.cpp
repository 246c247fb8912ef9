// The rules of storing a reader's comment (see store/comment_rules.h).
#include "store/comment_rules.h"

namespace tribune {

Status check_parent(const Comment& comment, const std::optional<ParentComment>& parent) {
  if (!comment.parent_id) return Ok{};
  if (!parent || parent->article_id != comment.article_id || parent->is_reply) {
    return make_error(Errc::invalid_input, "replies answer a top-level comment of the same article",
                      "parent");
  }
  return Ok{};
}

bool notifies_moderator(const Comment& comment, std::string_view moderator_email) {
  return comment.status == CommentStatus::pending && !moderator_email.empty();
}

bool changes_pages(const Comment& comment) { return comment.status == CommentStatus::approved; }

}  // namespace tribune
