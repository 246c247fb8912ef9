// The handler as a plain function: requests in, bytes out, no sockets.
#include "http/handler.h"

#include <gtest/gtest.h>

#include "audience/crawler_detector.h"
#include "audience/view_counter.h"
#include "http/seeded_site.h"
#include "support/http_client.h"

namespace tribune::http {
namespace {

using testing::body_of;
using testing::bytes_of;

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

class HandlerTest : public testing::SeededSiteTest {
 protected:
  void SetUp() override {
    SeededSiteTest::SetUp();
    handler_ = std::make_unique<Handler>(*site_, [] { return UnixSeconds{1800000000}; });
  }
  std::unique_ptr<Handler> handler_;
};

TEST_F(HandlerTest, ServesPagesWithEtagAndConditionalRequests) {
  Response first = handler_->handle({"GET", kSeedPath, "", ""});
  ASSERT_EQ(first.status(), 200);
  std::string bytes = bytes_of(first);
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 10:00:00 GMT\r\n"));
  std::string etag = first.prepared->variant(Encoding::identity).etag;
  EXPECT_NE(bytes.find("ETag: " + etag + "\r\n"), std::string::npos);

  Response again = handler_->handle({"GET", kSeedPath, "", etag});
  EXPECT_EQ(again.status(), 304);
  EXPECT_TRUE(bytes_of(again).ends_with("\r\n\r\n"));
  EXPECT_EQ(again.body_bytes(), 0u);
  EXPECT_EQ(first.prepared, again.prepared) << "the second request came from the cache";
}

TEST_F(HandlerTest, CompressedVariantsDecompressToTheSameHtml) {
  std::string identity = body_of(handler_->handle({"GET", kSeedPath, "", ""}));
  Response gzip = handler_->handle({"GET", kSeedPath, "gzip, deflate", ""});
  Response br = handler_->handle({"GET", kSeedPath, "gzip, deflate, br", ""});
  EXPECT_NE(bytes_of(gzip).find("Content-Encoding: gzip\r\n"), std::string::npos);
  EXPECT_NE(bytes_of(br).find("Content-Encoding: br\r\n"), std::string::npos);
  EXPECT_EQ(testing::gunzip(body_of(gzip)), identity);
  EXPECT_EQ(testing::unbrotli(body_of(br)), identity);
  // Pages are compressed at every render, with brotli's fast settings: still well under
  // half, and smaller than gzip.
  EXPECT_LT(body_of(br).size(), identity.size() * 2 / 5);
  EXPECT_LT(body_of(br).size(), body_of(gzip).size());
}

TEST_F(HandlerTest, CompressesEachEncodingWhenFirstAskedForAndOffTheEventLoops) {
  // A crawler asking for gzip only: its page costs no brotli compression.
  Response gzip = handler_->handle({"GET", kSeedPath, "gzip", ""});
  ASSERT_EQ(gzip.status(), 200);
  ASSERT_NE(gzip.prepared->ready_variant(Encoding::gzip), nullptr);
  EXPECT_EQ(gzip.prepared->ready_variant(Encoding::brotli), nullptr);
  const std::size_t cached_bytes = handler_->cache().bytes();

  // The event loop does not compress: a reader asking for br is handed to a render thread…
  EXPECT_FALSE(handler_->answer_from_memory({"GET", kSeedPath, "br", ""}).has_value());
  EXPECT_TRUE(handler_->answer_from_memory({"GET", kSeedPath, "gzip", ""}).has_value());
  // …which compresses the cached page (no new render) and counts its bytes in the cache.
  Response br = handler_->handle({"GET", kSeedPath, "br", ""});
  EXPECT_EQ(br.prepared, gzip.prepared);
  EXPECT_NE(bytes_of(br).find("Content-Encoding: br\r\n"), std::string::npos);
  EXPECT_EQ(testing::unbrotli(body_of(br)), testing::gunzip(body_of(gzip)));
  const auto& made = br.prepared->variant(Encoding::brotli);
  EXPECT_EQ(handler_->cache().bytes(), cached_bytes + made.head.capacity() + made.body.capacity() +
                                           made.etag.capacity() +
                                           made.not_modified_head.capacity());
  EXPECT_TRUE(handler_->answer_from_memory({"GET", kSeedPath, "br", ""}).has_value());

  // Nor is identity kept for a page first asked for compressed: made again from gzip when a
  // client wants it.
  EXPECT_FALSE(handler_->answer_from_memory({"GET", kSeedPath, "", ""}).has_value());
  Response identity = handler_->handle({"GET", kSeedPath, "", ""});
  EXPECT_EQ(identity.prepared, gzip.prepared);
  EXPECT_EQ(body_of(identity), testing::gunzip(body_of(gzip)));
  EXPECT_EQ(bytes_of(identity).find("Content-Encoding"), std::string::npos);
}

TEST_F(HandlerTest, ACrawlersPagesAreCompressedTheCheapWayUntilAReaderWantsBrotli) {
  auto crawlers = CrawlerDetector::builtin();
  ASSERT_TRUE(crawlers.ok());
  ViewCounter views(**crawlers, [] { return UnixSeconds{1800000000}; });
  Handler handler(
      *site_, [] { return UnixSeconds{1800000000}; }, &views);
  constexpr std::string_view kGooglebot =
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  constexpr std::string_view kPhone =
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 "
      "Mobile Safari/537.36";
  Request crawler{"GET", kSeedPath, "gzip, deflate, br", ""};
  crawler.user_agent = kGooglebot;
  Response crawled = handler.handle(crawler);
  EXPECT_NE(bytes_of(crawled).find("Content-Encoding: gzip\r\n"), std::string::npos);
  // …compressed the quick way.
  const std::string html = testing::gunzip(body_of(crawled));
  EXPECT_EQ(body_of(crawled).size(), gzip_compress(html, CompressionEffort::quick)->size());
  EXPECT_NE(body_of(crawled).size(), gzip_compress(html, CompressionEffort::fast)->size());
  EXPECT_EQ(crawled.prepared->ready_variant(Encoding::brotli), nullptr);

  Request reader{"GET", kSeedPath, "gzip, deflate, br", ""};
  reader.user_agent = kPhone;
  Response read = handler.handle(reader);
  EXPECT_EQ(read.prepared, crawled.prepared);
  EXPECT_NE(bytes_of(read).find("Content-Encoding: br\r\n"), std::string::npos);
  // Once made, brotli is what the crawler gets too.
  auto again = handler.answer_from_memory(crawler);
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(bytes_of(*again).find("Content-Encoding: br\r\n"), std::string::npos);
}

TEST_F(HandlerTest, HeadSendsHeadersOnly) {
  Response head = handler_->handle({"HEAD", kSeedPath, "", ""});
  EXPECT_EQ(head.status(), 200);
  EXPECT_TRUE(body_of(head).empty());
  EXPECT_NE(bytes_of(head).find("Content-Length: "), std::string::npos);
}

TEST_F(HandlerTest, ErrorsAndQueries) {
  EXPECT_EQ(handler_->handle({"GET", "/nope/", "", ""}).status(), 404);
  EXPECT_EQ(handler_->handle({"POST", "/", "", ""}).status(), 405);
  EXPECT_EQ(handler_->handle({"GET", "nope", "", ""}).status(), 400);
  EXPECT_EQ(handler_->handle({"GET", "/healthz", "", ""}).status(), 200);
  Response shared_link = handler_->handle({"GET", std::string(kSeedPath) + "?fbclid=abc", "", ""});
  EXPECT_EQ(shared_link.status(), 200) << "tracking parameters don't break shared links";
}

TEST_F(HandlerTest, ReloadAfterASettingChangeDropsCachedPages) {
  Response before = handler_->handle({"GET", "/", "", ""});
  ASSERT_TRUE(store_->set_setting("site.name", "Nouveau nom").ok());
  EXPECT_EQ(handler_->handle({"GET", "/", "", ""}).prepared, before.prepared);
  handler_->reload();
  Response after = handler_->handle({"GET", "/", "", ""});
  EXPECT_NE(body_of(after).find("Nouveau nom"), std::string::npos);
}

}  // namespace
}  // namespace tribune::http
