#include "http/compression.h"

#include <gtest/gtest.h>

#include "support/http_client.h"

namespace tribune::http {
namespace {

TEST(Compression, ChoosesTheBestAcceptedEncoding) {
  EXPECT_EQ(choose_encoding(""), Encoding::identity);
  EXPECT_EQ(choose_encoding("gzip, deflate, br"), Encoding::brotli);
  EXPECT_EQ(choose_encoding("gzip"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("br;q=0, gzip"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("gzip;q=0"), Encoding::identity);
  EXPECT_EQ(choose_encoding("*"), Encoding::brotli);
  EXPECT_EQ(choose_encoding("GZIP"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("identity"), Encoding::identity);
  EXPECT_EQ(choose_encoding("x-gzip"), Encoding::gzip);
  // The cheapest to make: gzip when it is accepted, else whatever is.
  EXPECT_EQ(choose_encoding("gzip, deflate, br", EncodingPreference::cheapest), Encoding::gzip);
  EXPECT_EQ(choose_encoding("br", EncodingPreference::cheapest), Encoding::brotli);
  EXPECT_EQ(choose_encoding("br, gzip;q=0", EncodingPreference::cheapest), Encoding::brotli);
}

TEST(Compression, RoundTrips) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Le chef de l’État du Mali a accordé une interview. ";
  auto gz = gzip_compress(text);
  auto br = brotli_compress(text);
  ASSERT_TRUE(gz && br);
  EXPECT_LT(gz->size(), text.size() / 5);
  EXPECT_EQ(testing::gunzip(*gz), text);
  EXPECT_EQ(testing::unbrotli(*br), text);
  for (auto effort :
       {CompressionEffort::quick, CompressionEffort::fast, CompressionEffort::thorough}) {
    EXPECT_EQ(testing::gunzip(*gzip_compress(text, effort)), text);
    EXPECT_EQ(testing::unbrotli(*brotli_compress(text, effort)), text);
    // What the cache makes identity from again.
    EXPECT_EQ(decompress(Encoding::gzip, *gzip_compress(text, effort), text.size()), text);
    EXPECT_EQ(decompress(Encoding::brotli, *brotli_compress(text, effort), text.size()), text);
  }
  EXPECT_FALSE(decompress(Encoding::gzip, *gz, text.size() - 1).has_value());
  EXPECT_FALSE(decompress(Encoding::gzip, "not gzip", text.size()).has_value());
}

}  // namespace
}  // namespace tribune::http
