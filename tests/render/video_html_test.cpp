// Video facades in an article's HTML: which links become one, and what a facade holds.
#include "render/video_html.h"

#include <gtest/gtest.h>

#include "render/markdown.h"

namespace tribune {
namespace {

Media poster(std::string caption, std::string alt = "Un marché") {
  Media media;
  media.name = "video-youtube-6451773477395767586351";
  media.hash = "0123456789abcdef";
  media.width = 1280;
  media.height = 720;
  media.alt = std::move(alt);
  media.caption = std::move(caption);
  return media;
}

TEST(VideoHtmlTest, ALoneVideoLinkInMarkdownBecomesAFacadeWithoutItsPoster) {
  const std::string html =
      render_markdown("Avant.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nAprès.\n").html;
  VideoFacades facades = embed_videos(html, nullptr);
  EXPECT_EQ(facades.count, 1);
  EXPECT_EQ(facades.html,
            "<p>Avant.</p>\n<figure class=\"video\"><a class=\"video-facade\" "
            "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" "
            "data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\">"
            "<span class=\"video-blank\"></span><span class=\"video-caption\"><span "
            "class=\"video-title\">https://www.youtube.com/watch?v=dQw4w9WgXcQ</span> <span "
            "class=\"video-provider\">YouTube</span></span></a></figure>\n<p>Après.</p>\n");
}

TEST(VideoHtmlTest, LinksInTextAndOtherAddressesStayLinks) {
  for (std::string_view markdown :
       {"Regardez [la vidéo](https://youtu.be/dQw4w9WgXcQ).\n",
        "Regardez https://youtu.be/dQw4w9WgXcQ ici.\n",
        "[Le reportage](https://youtu.be/dQw4w9WgXcQ)\n",  // its text is not its address
        "https://sahel-tribune.example/2026/\n"}) {
    const std::string html = render_markdown(markdown).html;
    VideoFacades facades = embed_videos(html, nullptr);
    EXPECT_EQ(facades.count, 0) << markdown;
    EXPECT_EQ(facades.html, html) << markdown;
  }
}

TEST(VideoHtmlTest, APosterInTheLibraryGivesThePictureAndTheTitleEscaped) {
  const Media known = poster("Ségou <en direct> & en images");
  const std::string html =
      "<p><a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5\" "
      "rel=\"nofollow noopener\">https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5</a></p>"
      "<p><a href=\"https://dai.ly/x8abcd1\">https://dai.ly/x8abcd1</a></p>";
  std::string asked;
  VideoFacades facades = embed_videos(html, [&](std::string_view name) -> const Media* {
    asked += std::string(name) + " ";
    return name == known.name ? &known : nullptr;
  });
  EXPECT_EQ(facades.count, 2);
  EXPECT_EQ(asked, "video-youtube-6451773477395767586351 video-dailymotion-78386162636431 ");
  EXPECT_NE(facades.html.find(
                "<picture><source type=\"image/webp\" srcset=\"/media/0123456789abcdef-320.webp"),
            std::string::npos);
  // The title beside the poster says what it shows: no alt text repeats it.
  EXPECT_NE(facades.html.find("alt=\"\" loading=\"lazy\""), std::string::npos);
  EXPECT_NE(facades.html.find(
                "<span class=\"video-title\">Ségou &lt;en direct&gt; &amp; en images</span>"),
            std::string::npos);
  EXPECT_NE(facades.html.find("<span class=\"video-provider\">Dailymotion</span>"),
            std::string::npos);
  EXPECT_EQ(facades.html.find("rel=\"nofollow"), std::string::npos);
}

TEST(VideoHtmlTest, APosterWithoutCaptionTitlesTheVideoWithItsAltText) {
  const Media known = poster("", "Le marché de Ségou");
  VideoFacades facades = embed_videos(
      "<p><a href=\"https://youtu.be/dQw4w9WgXcQ\">https://youtu.be/dQw4w9WgXcQ</a></p>",
      [&](std::string_view) { return &known; });
  EXPECT_NE(facades.html.find("<span class=\"video-title\">Le marché de Ségou</span>"),
            std::string::npos);
}

}  // namespace
}  // namespace tribune
