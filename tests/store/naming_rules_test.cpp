// Slugs, section paths and their conflicts, without a database (store/naming_rules.h).
#include "store/naming_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(NamingRules, AnAuthorsSlugNeedsLetters) {
  EXPECT_EQ(*author_slug("Sidi Modibo Coulibaly"), "sidi-modibo-coulibaly");
  auto none = author_slug("?!");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, Errc::invalid_input);
  EXPECT_EQ(none.error().field, "name");
}

TEST(NamingRules, AMissingAuthorIsCreatedOnlyWhenThePolicySays) {
  EXPECT_EQ(*missing_author_slug("Awa Diallo", AuthorPolicy::create_missing), "awa-diallo");
  auto refused = missing_author_slug("Awa Diallo", AuthorPolicy::existing_only);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_input);
  EXPECT_EQ(refused.error().field, "author");
  EXPECT_EQ(missing_author_slug("…", AuthorPolicy::create_missing).error().field, "author");
}

TEST(NamingRules, TakenNamesAreConflictsNamingTheirField) {
  EXPECT_EQ(author_taken("Awa").code, Errc::conflict);
  EXPECT_EQ(author_taken("Awa").field, "name");
  EXPECT_EQ(article_slug_taken("seed").code, Errc::conflict);
  EXPECT_EQ(article_slug_taken("seed").field, "slug");
}

TEST(NamingRules, SectionLevelsGoFromTheTopDown) {
  auto levels = section_levels({"Blog", "Sécurité"});
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0].name, "Blog");
  EXPECT_EQ(levels[0].slug, "blog");
  EXPECT_EQ(levels[0].path, "blog");
  EXPECT_EQ(levels[1].slug, "securite");
  EXPECT_EQ(levels[1].path, "blog/securite");
  EXPECT_TRUE(section_levels({}).empty());
}

TEST(NamingRules, TagsWithTheSameSlugAreOne) {
  EXPECT_EQ(tag_slug("Défense"), tag_slug("defense"));
}

TEST(NamingRules, AnEditorsSlugIsTheirsWhenValidElseTheNames) {
  EXPECT_EQ(*chosen_slug("Économie", ""), "economie");
  EXPECT_EQ(*chosen_slug("Économie", "eco-2026"), "eco-2026");
  for (std::string_view bad : {"Eco", "eco--nomie", "-eco", "éco", "eco/nomie"}) {
    auto refused = chosen_slug("Économie", bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "slug") << bad;
  }
  EXPECT_EQ(chosen_slug("  ", "eco").error().field, "name");
  EXPECT_EQ(chosen_slug("?!", "").error().field, "name");
}

}  // namespace
}  // namespace tribune
