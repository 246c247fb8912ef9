// `tribune media video`: a video's title and poster kept in the media library, given or asked
// of the provider's oEmbed endpoint (a real HTTP server standing in for it), and the article
// page's facade: the poster and title, the player's script, and frames allowed from the
// players' origins on that page only.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "support/file_server.h"
#include "support/http_client.h"
#include "support/pictures.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kArticle =
    "---\ntitle: \"Le marché en vidéo\"\nauthor: \"Awa Diallo\"\ncategory: [\"Culture\"]\n"
    "date: 2026-03-01T08:00:00Z\n---\n\nLe reportage :\n\n"
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nEt sur Dailymotion :\n\n"
    "https://dai.ly/x8abcd1\n";
constexpr const char* kArticlePath = "/2026/03/01/le-marche-en-video/";
constexpr const char* kYoutube = "https://youtu.be/dQw4w9WgXcQ";

class MediaVideo : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tribune({"init", "--data", data_.path().string(), "--locale", "fr"}).exit_code,
              0);
    write_text(files_ / "video.md", kArticle);
    CommandResult imported = run_tribune(
        {"import", "markdown", "--data", data_.path().string(), (files_ / "video.md").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  CommandResult video(std::vector<std::string> args) {
    args.insert(args.begin(), {"media", "video", "--data", data_.path().string()});
    return run_tribune(args);
  }
  TempDir data_;
  TempDir files_;
};

TEST_F(MediaVideo, AGivenPosterAndTitleMakeTheFacade) {
  write_text(files_ / "poster.png", gradient_png(1280, 720));
  CommandResult added = video(
      {kYoutube, "--title", "Le marché de Ségou", "--poster", (files_ / "poster.png").string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("video-youtube-6451773477395767586351"), std::string::npos) << added.out;

  ServerProcess server(data_.path());
  HttpResponse page = http_get(server.url(kArticlePath));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<figure class=\"video\"><a class=\"video-facade\" "
                           "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" "
                           "data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?"
                           "autoplay=1\"><picture>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<span class=\"video-title\">Le marché de Ségou</span>"),
            std::string::npos);
  // The Dailymotion video has no poster: its facade says its address.
  EXPECT_NE(
      page.body.find("<span class=\"video-blank\"></span><span class=\"video-caption\"><span "
                     "class=\"video-title\">https://www.dailymotion.com/video/x8abcd1</span>"),
      std::string::npos);
  EXPECT_NE(page.body.find("<script src=\"/assets/video."), std::string::npos);
  const std::string policy = page.header("content-security-policy");
  EXPECT_NE(policy.find("; frame-src https://www.youtube-nocookie.com https://geo.dailymotion.com "
                        "https://www.facebook.com"),
            std::string::npos)
      << policy;

  // The facades' styles come with the page, allowed by their own hash beside the theme's.
  EXPECT_NE(page.body.find("<style>/* Video facades"), std::string::npos);
  const std::size_t styles = policy.find("style-src 'self' 'sha256-");
  ASSERT_NE(styles, std::string::npos) << policy;
  EXPECT_NE(policy.find(" 'sha256-", styles + 20), std::string::npos) << policy;

  // A page without a video neither carries them nor loads the script nor allows any frame.
  HttpResponse home = http_get(server.url("/"));
  EXPECT_EQ(home.body.find("Video facades"), std::string::npos);
  EXPECT_EQ(home.body.find("/assets/video."), std::string::npos);
  EXPECT_EQ(home.header("content-security-policy").find("frame-src"), std::string::npos);
}

TEST_F(MediaVideo, TheTitleAndPosterAreAskedOfTheProvider) {
  TempDir provider;
  write_text(provider / "thumbnail.png", gradient_png(480, 360));
  FileServer endpoint(provider.path());
  write_text(provider / "oembed",
             "{\"type\":\"video\",\"title\":\"Crue du fleuve : les images\","
             "\"thumbnail_url\":\"" +
                 endpoint.url("/thumbnail.png") + "\"}");
  setenv("TRIBUNE_OEMBED_ENDPOINT", endpoint.url("/oembed").c_str(), 1);
  CommandResult added = video({kYoutube});
  unsetenv("TRIBUNE_OEMBED_ENDPOINT");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Crue du fleuve : les images"), std::string::npos) << added.out;

  CommandResult listed = run_tribune({"media", "list", "--data", data_.path().string()});
  EXPECT_NE(
      listed.out.find("video-youtube-6451773477395767586351\t480x360\tCrue du fleuve : les images"),
      std::string::npos)
      << listed.out;
  ServerProcess server(data_.path());
  HttpResponse page = http_get(server.url(kArticlePath));
  EXPECT_NE(page.body.find("<span class=\"video-title\">Crue du fleuve : les images</span>"),
            std::string::npos);
}

TEST_F(MediaVideo, WhatCannotBeDoneIsSaidInOneLine) {
  // Not a video.
  expect_one_line_error(video({"https://sahel-tribune.example/video/"}), {"url:", "YouTube"});
  // Facebook answers only applications with a key: the title and poster must be given.
  expect_one_line_error(video({"https://www.facebook.com/watch/?v=42"}), {"url:", "--title"});
  // A provider that cannot be reached.
  setenv("TRIBUNE_OEMBED_ENDPOINT",
         ("http://127.0.0.1:" + std::to_string(free_port()) + "/oembed").c_str(), 1);
  CommandResult unreachable = video({kYoutube});
  unsetenv("TRIBUNE_OEMBED_ENDPOINT");
  expect_one_line_error(unreachable, {kYoutube, "127.0.0.1"});
  // A poster that is no picture.
  write_text(files_ / "poster.jpg", "<?php system($_GET['c']); ?>");
  expect_one_line_error(
      video({kYoutube, "--title", "T", "--poster", (files_ / "poster.jpg").string()}),
      {"poster.jpg"});
  CommandResult listed = run_tribune({"media", "list", "--data", data_.path().string()});
  EXPECT_EQ(listed.out, "") << "nothing was added";
}

}  // namespace
}  // namespace tribune::testing
