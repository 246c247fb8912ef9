#include "content/slug.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(Slug, SeedTitleBecomesAsciiWithoutAccents) {
  EXPECT_EQ(
      slugify("Lutte contre le terrorisme\u00a0: Donald Trump propose son appui à Assimi Goïta"),
      "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita");
}

TEST(Slug, SectionsAndNames) {
  EXPECT_EQ(slugify("Sécurité"), "securite");
  EXPECT_EQ(slugify("Économie"), "economie");
  EXPECT_EQ(slugify("Vie quotidienne"), "vie-quotidienne");
  EXPECT_EQ(slugify("Ibrahim Maïga"), "ibrahim-maiga");
  EXPECT_EQ(slugify("l’État et l'Œuvre"), "letat-et-loeuvre");
  EXPECT_EQ(slugify("  --Hello,   World!-- "), "hello-world");
  EXPECT_EQ(slugify("Москва"), "moskva");
  EXPECT_EQ(slugify("!!!"), "");
}

TEST(Slug, LongTitlesAreCutAtAHyphen) {
  std::string title;
  for (int i = 0; i < 40; ++i) title += "mot" + std::to_string(i) + " ";
  std::string slug = slugify(title);
  EXPECT_LE(slug.size(), kMaxSlugLength);
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
}

TEST(Slug, Validation) {
  EXPECT_TRUE(is_valid_slug("a-b-1"));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("-a"));
  EXPECT_FALSE(is_valid_slug("a--b"));
  EXPECT_FALSE(is_valid_slug("Abc"));
  EXPECT_FALSE(is_valid_slug("a/b"));
}

}  // namespace
}  // namespace tribune
