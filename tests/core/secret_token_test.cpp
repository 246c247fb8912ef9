// Secret tokens: random, URL-safe, and hashed the same way every time.
#include "core/secret_token.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(SecretTokenTest, TokensAreLongHexAndDifferent) {
  std::string a = make_token();
  std::string b = make_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(SecretTokenTest, HashIsSha256Hex) {
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_hash("abc"), token_hash("abc"));
  EXPECT_NE(token_hash("abc"), token_hash("abd"));
}

}  // namespace
}  // namespace tribune
