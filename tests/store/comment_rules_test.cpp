// The rules of storing a comment, without a database (store/comment_rules.h).
#include "store/comment_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

Comment reply_to(Id parent, Id article) {
  Comment comment;
  comment.article_id = article;
  comment.parent_id = parent;
  return comment;
}

TEST(CommentRules, ATopLevelCommentNeedsNoParent) {
  Comment comment;
  comment.article_id = 1;
  EXPECT_TRUE(check_parent(comment, std::nullopt).ok());
}

TEST(CommentRules, AReplyAnswersATopLevelCommentOfTheSameArticle) {
  EXPECT_TRUE(check_parent(reply_to(5, 1), ParentComment{1, false}).ok());
  for (const auto& parent : {std::optional<ParentComment>(),              // no such comment
                             std::optional<ParentComment>({2, false}),    // another article's
                             std::optional<ParentComment>({1, true})}) {  // a reply itself
    Status refused = check_parent(reply_to(5, 1), parent);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::invalid_input);
    EXPECT_EQ(refused.error().field, "parent");
  }
}

TEST(CommentRules, OnlyAPendingCommentTellsTheModeratorAndOnlyAnApprovedOneChangesPages) {
  Comment comment;
  EXPECT_TRUE(notifies_moderator(comment, "mod@example.org"));
  EXPECT_FALSE(notifies_moderator(comment, ""));
  EXPECT_FALSE(changes_pages(comment));
  comment.status = CommentStatus::approved;
  EXPECT_FALSE(notifies_moderator(comment, "mod@example.org"));
  EXPECT_TRUE(changes_pages(comment));
}

}  // namespace
}  // namespace tribune
