#include "site/permalink.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

Article seed_like() {
  Article article;
  article.slug = "lutte-contre-le-terrorisme";
  article.published_at = 1752224400;  // 2025-07-11T09:00:00Z
  Section blog{1, std::nullopt, "Blog", "blog", "blog", 0};
  Section security{2, 1, "Sécurité", "securite", "blog/securite", 0};
  article.sections = {blog, security};
  return article;
}

TEST(Permalink, DefaultWordPressStyle) {
  auto permalink = Permalink::parse("/%year%/%monthnum%/%day%/%postname%/");
  ASSERT_TRUE(permalink.ok());
  EXPECT_EQ(permalink->path_of(seed_like()), "/2025/07/11/lutte-contre-le-terrorisme/");
  EXPECT_EQ(permalink->slug_in("/2025/07/11/lutte-contre-le-terrorisme/"),
            "lutte-contre-le-terrorisme");
  EXPECT_EQ(permalink->slug_in("/2025/07/11/lutte-contre-le-terrorisme"), std::nullopt);
  EXPECT_EQ(permalink->slug_in("/2025/7/11/x/"), std::nullopt);
  EXPECT_EQ(permalink->slug_in("/category/blog/"), std::nullopt);
}

TEST(Permalink, CategoryTakesTheWholeSectionPath) {
  auto permalink = Permalink::parse("/%category%/%postname%");
  ASSERT_TRUE(permalink.ok());
  EXPECT_EQ(permalink->path_of(seed_like()), "/blog/securite/lutte-contre-le-terrorisme");
  EXPECT_EQ(permalink->slug_in("/blog/securite/lutte-contre-le-terrorisme"),
            "lutte-contre-le-terrorisme");
  EXPECT_EQ(permalink->slug_in("/lutte-contre-le-terrorisme"), std::nullopt);
}

TEST(Permalink, InvalidPatternsAreRefused) {
  for (const char* pattern : {"%postname%", "/%year%/", "/%postname%/%postname%/", "/a-%postname%/",
                              "/%author%/%postname%/"}) {
    auto permalink = Permalink::parse(pattern);
    ASSERT_FALSE(permalink.ok()) << pattern;
    EXPECT_EQ(permalink.error().field, "site.permalink");
  }
}

}  // namespace
}  // namespace tribune
