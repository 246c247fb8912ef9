#include "content/typography.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(Typography, FrenchSpacesBecomeNoBreak) {
  EXPECT_EQ(french_spacing("Mali : la visite"), "Mali\u00a0: la visite");
  EXPECT_EQ(french_spacing("Vraiment ? Oui ! Non ; bon"),
            "Vraiment\u202f? Oui\u202f! Non\u202f; bon");
  EXPECT_EQ(french_spacing("« Bonjour »"), "«\u00a0Bonjour\u00a0»");
}

TEST(Typography, TextAlreadyRightIsKeptByteForByte) {
  std::string seed_title =
      "Lutte contre le terrorisme\u00a0: Donald Trump propose son appui à Assimi Goïta";
  EXPECT_EQ(french_spacing(seed_title), seed_title);
  EXPECT_EQ(french_spacing("http://example.org/a?b=c"), "http://example.org/a?b=c");
  EXPECT_EQ(french_spacing("10:30"), "10:30");
}

}  // namespace
}  // namespace tribune
