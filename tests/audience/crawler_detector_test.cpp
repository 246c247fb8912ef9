#include "audience/crawler_detector.h"

#include <gtest/gtest.h>

#include <fstream>

namespace tribune {
namespace {

const CrawlerDetector& detector() {
  static const auto built = CrawlerDetector::builtin();
  return **built;
}

TEST(CrawlerDetector, BuiltInListRecordsItsOrigin) {
  EXPECT_GT(detector().pattern_count(), 1000u);
  EXPECT_NE(detector().origin().find("crawler-user-agents"), std::string::npos);
}

// Every example user agent the list's authors give for its patterns is recognized.
TEST(CrawlerDetector, RecognizesEveryInstanceOfTheList) {
  std::ifstream instances(TRIBUNE_BOT_INSTANCES);
  ASSERT_TRUE(instances) << TRIBUNE_BOT_INSTANCES;
  std::string line;
  int checked = 0;
  while (std::getline(instances, line)) {
    if (line.empty()) continue;
    ++checked;
    EXPECT_TRUE(detector().is_crawler(line)) << line;
  }
  EXPECT_GT(checked, 1000);
}

TEST(CrawlerDetector, LinkPreviewsAndMonitorsAreCrawlers) {
  for (const char* agent : {"WhatsApp/2.23.20.0 A", "facebookexternalhit/1.1", "Twitterbot/1.0",
                            "Slackbot-LinkExpanding 1.0", "TelegramBot (like TwitterBot)",
                            "Mozilla/5.0 (compatible; UptimeRobot/2.0)", ""}) {
    EXPECT_TRUE(detector().is_crawler(agent)) << agent;
  }
}

TEST(CrawlerDetector, BrowsersAreReaders) {
  for (const char* agent :
       {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
        "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "Opera/9.80 (Android; Opera Mini/7.5.54678/191.310; U; fr) Presto/2.12.423 "
        "Version/12.16",
        "Mozilla/5.0 (Linux; U; Android 8.1.0; fr-FR; TECNO KB7j Build/O11019) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 "
        "UCBrowser/13.4.0.1306 Mobile Safari/537.36"}) {
    EXPECT_FALSE(detector().is_crawler(agent)) << agent;
  }
}

TEST(CrawlerDetector, BadPatternNamesItsLine) {
  auto detector = CrawlerDetector::from_text("# test\nok\n(unclosed\n");
  ASSERT_FALSE(detector.ok());
  EXPECT_NE(detector.error().message.find("line 3"), std::string::npos);
}

}  // namespace
}  // namespace tribune
