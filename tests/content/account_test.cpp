// Roles and what each may do: the rules every admin action asks.
#include "content/account.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

User account(Role role, Id author_id) {
  User user;
  user.role = role;
  user.author_id = author_id;
  return user;
}

TEST(Roles, NamesGoBothWays) {
  for (Role role : {Role::contributor, Role::author, Role::editor, Role::administrator}) {
    EXPECT_EQ(role_from_name(role_name(role)), role);
  }
  EXPECT_FALSE(role_from_name("Administrator").has_value());
  EXPECT_FALSE(role_from_name("").has_value());
}

TEST(Roles, AContributorWritesOwnDraftsAndPublishesNothing) {
  const User contributor = account(Role::contributor, 7);
  EXPECT_TRUE(may_edit_article(contributor, 7));
  EXPECT_FALSE(may_edit_article(contributor, 8));
  EXPECT_FALSE(may_publish_article(contributor, 7));
  EXPECT_TRUE(may_delete_article(contributor, 7, ArticleState::draft));
  EXPECT_FALSE(may_delete_article(contributor, 7, ArticleState::published));
  EXPECT_FALSE(may_change_byline(contributor));
  EXPECT_FALSE(may_manage_accounts(contributor));
}

TEST(Roles, AnAuthorPublishesOwnArticlesOnly) {
  const User author = account(Role::author, 7);
  EXPECT_TRUE(may_publish_article(author, 7));
  EXPECT_FALSE(may_publish_article(author, 8));
  EXPECT_FALSE(may_edit_article(author, 8));
  EXPECT_TRUE(may_delete_article(author, 7, ArticleState::published));
  // An account that signs nothing owns nothing (author 0 is no one's).
  EXPECT_FALSE(may_publish_article(account(Role::author, 0), 0));
}

TEST(Roles, EditorsActOnEveryArticleAndAdministratorsOnAccountsToo) {
  const User editor = account(Role::editor, 0);
  EXPECT_TRUE(may_edit_article(editor, 8));
  EXPECT_TRUE(may_publish_article(editor, 8));
  EXPECT_TRUE(may_delete_article(editor, 8, ArticleState::published));
  EXPECT_TRUE(may_change_byline(editor));
  EXPECT_FALSE(may_manage_accounts(editor));
  EXPECT_TRUE(may_manage_accounts(account(Role::administrator, 0)));
}

TEST(Roles, EditorsKeepTheCatalogAndAdministratorsTheSettings) {
  EXPECT_FALSE(may_manage_catalog(account(Role::contributor, 7)));
  EXPECT_FALSE(may_manage_catalog(account(Role::author, 7)));
  EXPECT_TRUE(may_manage_catalog(account(Role::editor, 7)));
  EXPECT_TRUE(may_manage_catalog(account(Role::administrator, 7)));
  EXPECT_FALSE(may_change_settings(account(Role::editor, 7)));
  EXPECT_TRUE(may_change_settings(account(Role::administrator, 7)));
}

TEST(Roles, CommentsAreModeratedByEditorsEverywhereAndByAuthorsUnderTheirOwnArticles) {
  const User contributor = account(Role::contributor, 7);
  EXPECT_FALSE(may_moderate_comments(contributor));
  EXPECT_FALSE(may_moderate_comment(contributor, 7)) << "not even under their own article";
  const User author = account(Role::author, 7);
  EXPECT_TRUE(may_moderate_comments(author));
  EXPECT_TRUE(may_moderate_comment(author, 7));
  EXPECT_FALSE(may_moderate_comment(author, 8));
  EXPECT_FALSE(may_moderate_comment(account(Role::author, 0), 0)) << "signs nothing, owns nothing";
  for (Role role : {Role::editor, Role::administrator}) {
    EXPECT_TRUE(may_moderate_comments(account(role, 0)));
    EXPECT_TRUE(may_moderate_comment(account(role, 0), 8));
  }
}

TEST(Roles, EditorsAndAdministratorsAloneManageSubscribers) {
  EXPECT_FALSE(may_manage_subscribers(account(Role::contributor, 7)));
  EXPECT_FALSE(may_manage_subscribers(account(Role::author, 7)));
  EXPECT_TRUE(may_manage_subscribers(account(Role::editor, 7)));
  EXPECT_TRUE(may_manage_subscribers(account(Role::administrator, 0)));
}

}  // namespace
}  // namespace tribune
