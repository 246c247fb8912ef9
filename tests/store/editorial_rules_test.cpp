// The editorial rules: state changes and revision notes, without a database.
#include "store/editorial_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(EditorialRules, StateNamesRoundTrip) {
  for (ArticleState state : {ArticleState::draft, ArticleState::published,
                             ArticleState::unpublished, ArticleState::trash}) {
    EXPECT_EQ(state_from_name(state_name(state)), state);
  }
  EXPECT_FALSE(state_from_name("scheduled"));
  EXPECT_FALSE(hidden_from_readers(ArticleState::published));
  EXPECT_TRUE(hidden_from_readers(ArticleState::unpublished));
  EXPECT_TRUE(hidden_from_readers(ArticleState::trash));
}

TEST(EditorialRules, StateChanges) {
  auto publish = plan_state_change(ArticleState::draft, std::nullopt, ArticleState::published);
  ASSERT_TRUE(publish.ok());
  EXPECT_EQ(publish->action, "publish");
  EXPECT_TRUE(publish->announce);
  EXPECT_EQ(
      plan_state_change(ArticleState::published, std::nullopt, ArticleState::unpublished)->action,
      "unpublish");
  EXPECT_EQ(
      plan_state_change(ArticleState::published, std::nullopt, ArticleState::published)->action, "")
      << "nothing to do";
  auto unpublish_draft =
      plan_state_change(ArticleState::draft, std::nullopt, ArticleState::unpublished);
  ASSERT_FALSE(unpublish_draft.ok());
  EXPECT_EQ(unpublish_draft.error().field, "state");
  auto trash = plan_state_change(ArticleState::published, std::nullopt, ArticleState::trash);
  EXPECT_EQ(trash->action, "trash");
  EXPECT_FALSE(trash->announce);
  auto restore =
      plan_state_change(ArticleState::trash, ArticleState::published, ArticleState::draft);
  EXPECT_EQ(restore->action, "restore");
  EXPECT_EQ(restore->to, ArticleState::published);
  EXPECT_FALSE(restore->announce) << "it was live before the trash";
  EXPECT_EQ(plan_state_change(ArticleState::trash, std::nullopt, ArticleState::published)->to,
            ArticleState::draft);
  EXPECT_EQ(plan_state_change(ArticleState::unpublished, std::nullopt, ArticleState::draft)->action,
            "draft");
}

TEST(EditorialRules, DescribeChangesNamesChangedFieldsInOrder) {
  ArticleDraft before;
  before.title = "T";
  before.body_markdown = "b";
  before.tags = {"Sahel", "Mali"};
  before.section_path = {"Blog"};
  ArticleDraft after = before;
  EXPECT_EQ(describe_changes(before, after), "");
  after.tags = {"mali", "SAHEL"};
  after.section_path = {"blog"};
  EXPECT_EQ(describe_changes(before, after), "") << "case and order do not matter";
  after.body_markdown = "c";
  after.title = "U";
  after.tags = {"Sahel"};
  EXPECT_EQ(describe_changes(before, after), "title, tags, body");
  after = before;
  after.slug = "s";
  after.published_at = 5;
  after.correction = "Fixed.";
  after.comments_closed = true;
  EXPECT_EQ(describe_changes(before, after), "slug, date, comments, correction");
}

}  // namespace
}  // namespace tribune
