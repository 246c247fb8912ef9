// Comment status names.
#include "content/comment.h"

#include <array>
#include <utility>

namespace tribune {
namespace {

constexpr std::array kNames = {
    std::pair{CommentStatus::pending, "pending"}, std::pair{CommentStatus::approved, "approved"},
    std::pair{CommentStatus::spam, "spam"}, std::pair{CommentStatus::trash, "trash"}};

}  // namespace

std::string_view comment_status_name(CommentStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "pending";
}

std::optional<CommentStatus> parse_comment_status(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (name == known) return value;
  }
  return std::nullopt;
}

}  // namespace tribune
