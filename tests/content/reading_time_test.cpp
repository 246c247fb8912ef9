#include "content/reading_time.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace tribune {
namespace {

TEST(ReadingTime, CountsWordsNotPunctuation) {
  EXPECT_EQ(count_words("Le chef de l’État du Mali.", "fr"), 6);
  // Unicode segmentation splits hyphenated "a-t-il" into three words, as UAX #29 says.
  EXPECT_EQ(count_words("« Il ne s’agit pas seulement de nouvelles armes », a-t-il dit !", "fr"),
            12);
  EXPECT_EQ(count_words("The 2025 budget: 1,500,000 CFA.", "en"), 5);
  EXPECT_EQ(count_words("", "fr"), 0);
  EXPECT_EQ(count_words(" \n— · ", "fr"), 0);
}

TEST(ReadingTime, RoundsUpWithAMinimumOfOne) {
  EXPECT_EQ(reading_minutes(0, 230), 1);
  EXPECT_EQ(reading_minutes(230, 230), 1);
  EXPECT_EQ(reading_minutes(231, 230), 2);
  EXPECT_EQ(reading_minutes(690, 230), 3);
}

// The seed article reads "3 min", as PRODUCT.md says.
TEST(ReadingTime, SeedArticleReadsThreeMinutes) {
  std::ifstream in(testing::seed_article());
  ASSERT_TRUE(in) << testing::seed_article();
  std::ostringstream text;
  std::string line;
  int fences = 0;
  while (std::getline(in, line)) {
    if (line == "---" && fences < 2) {
      ++fences;
      continue;
    }
    if (fences < 2) continue;
    if (line.starts_with("## ")) line = line.substr(3);
    text << line << "\n";
  }
  int words = count_words(text.str(), "fr");
  EXPECT_GT(words, 460);
  EXPECT_LE(words, 690);
  EXPECT_EQ(reading_minutes(words, 230), 3);
}

}  // namespace
}  // namespace tribune
