// Reader comments: what a reader posted under an article, and where moderation put it.
// Plain data; validation of what readers post happens where the form enters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/article.h"

namespace tribune {

enum class CommentStatus { pending, approved, spam, trash };

// "pending", "approved", "spam", "trash": the stored and command-line names.
std::string_view comment_status_name(CommentStatus status);
std::optional<CommentStatus> parse_comment_status(std::string_view name);

struct Comment {
  Id id = 0;
  Id article_id = 0;
  std::optional<Id> parent_id;  // replies thread one level deep: the parent is top-level
  std::string author_name;
  std::string author_email;  // never shown
  std::string author_url;    // optional website
  std::string body;          // plain text, escaped on output
  CommentStatus status = CommentStatus::pending;
  UnixSeconds created_at = 0;
  // Written by the newsroom at the admin ("reply as the newsroom"), not by a reader: the
  // public page labels it so.
  bool from_newsroom = false;
};

}  // namespace tribune
