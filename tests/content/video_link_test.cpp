// Which video a link names: the providers' many address forms, and what is not a video.
#include "content/video_link.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

struct Named {
  VideoProvider provider;
  std::string id;
  std::string page_url;
};

void expect_video(std::string_view url, const Named& expected) {
  auto link = parse_video_link(url);
  ASSERT_TRUE(link) << url;
  EXPECT_EQ(link->provider, expected.provider) << url;
  EXPECT_EQ(link->id, expected.id) << url;
  EXPECT_EQ(link->page_url, expected.page_url) << url;
}

TEST(VideoLinkTest, ReadsYouTubesAddressForms) {
  const Named video{VideoProvider::youtube, "dQw4w9WgXcQ",
                    "https://www.youtube.com/watch?v=dQw4w9WgXcQ"};
  for (std::string_view url :
       {"https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ#comments", "https://YouTu.be/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ"}) {
    expect_video(url, video);
  }
}

TEST(VideoLinkTest, ReadsDailymotionAndFacebook) {
  expect_video(
      "https://www.dailymotion.com/video/x8abcd1",
      {VideoProvider::dailymotion, "x8abcd1", "https://www.dailymotion.com/video/x8abcd1"});
  expect_video(
      "https://www.dailymotion.com/video/x2b4c6d_le-marche-de-segou_news",
      {VideoProvider::dailymotion, "x2b4c6d", "https://www.dailymotion.com/video/x2b4c6d"});
  expect_video("https://dai.ly/x8abcd1", {VideoProvider::dailymotion, "x8abcd1",
                                          "https://www.dailymotion.com/video/x8abcd1"});
  expect_video("https://www.facebook.com/SahelTribune/videos/1234567890/",
               {VideoProvider::facebook, "1234567890",
                "https://www.facebook.com/SahelTribune/videos/1234567890/"});
  expect_video("https://m.facebook.com/SahelTribune/videos/le-marche/1234567890",
               {VideoProvider::facebook, "1234567890",
                "https://www.facebook.com/SahelTribune/videos/1234567890/"});
  expect_video(
      "https://www.facebook.com/watch/?v=1234567890",
      {VideoProvider::facebook, "1234567890", "https://www.facebook.com/watch/?v=1234567890"});
  expect_video("https://fb.watch/aBc-12_x/",
               {VideoProvider::facebook, "aBc-12_x", "https://fb.watch/aBc-12_x/"});
}

TEST(VideoLinkTest, RefusesWhatIsNoVideo) {
  for (std::string_view url :
       {"https://www.youtube.com/", "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>", "https://www.youtube.com/@channel",
        "https://youtu.be/", "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "ftp://youtu.be/dQw4w9WgXcQ",
        "javascript:alert(1)", "https://www.dailymotion.com/user/x8abcd1",
        "https://www.facebook.com/SahelTribune/", "https://www.facebook.com/watch/?v=abc",
        "https://sahel-tribune.example/2026/video/", ""}) {
    EXPECT_FALSE(parse_video_link(url)) << url;
  }
}

TEST(VideoLinkTest, PlayersStartAtOnceAndPostersHaveLibraryNames) {
  auto youtube = parse_video_link("https://youtu.be/dQw4w9WgXcQ");
  ASSERT_TRUE(youtube);
  EXPECT_EQ(video_player_url(*youtube),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
  // Identifiers differing only in case are different videos: their posters too.
  EXPECT_EQ(video_poster_name(*youtube), "video-youtube-6451773477395767586351");
  auto facebook = parse_video_link("https://www.facebook.com/watch/?v=42");
  ASSERT_TRUE(facebook);
  EXPECT_EQ(
      video_player_url(*facebook),
      "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%"
      "2F%3Fv%3D42&autoplay=true");
  auto dailymotion = parse_video_link("https://dai.ly/x8abcd1");
  ASSERT_TRUE(dailymotion);
  EXPECT_EQ(video_player_url(*dailymotion),
            "https://geo.dailymotion.com/player.html?video=x8abcd1&autoplay=1");
  for (const auto& link : {*youtube, *facebook, *dailymotion}) {
    const std::string player = video_player_url(link);
    bool allowed = false;
    for (const std::string& origin : video_player_origins()) {
      allowed = allowed || player.starts_with(origin + "/");
    }
    EXPECT_TRUE(allowed) << player << " is not among the origins pages allow frames from";
  }
}

}  // namespace
}  // namespace tribune
