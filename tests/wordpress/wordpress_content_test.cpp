#include "wordpress/wordpress_content.h"

#include "render/html_sanitizer.h"
#include "render/video_html.h"

#include <gtest/gtest.h>

#include <map>

namespace tribune {
namespace {

// Attachments 12 and 13 exist; any other id is unknown.
WordpressContext media_context() {
  static const std::map<std::int64_t, WordpressAttachment> attachments = {
      {12,
       {.url = "https://ex.example/wp-content/uploads/a.jpg",
        .alt = "Fleuve",
        .caption = "Le Niger"}},
      {13, {.url = "https://ex.example/wp-content/uploads/b.jpg", .alt = "Marché", .caption = ""}},
  };
  return WordpressContext{
      .attachment = [](std::int64_t id) -> std::optional<WordpressAttachment> {
        auto found = attachments.find(id);
        if (found == attachments.end()) return std::nullopt;
        return found->second;
      },
      .post_attachments = {{.url = "/wp-content/uploads/c.jpg", .alt = "C", .caption = "Légende"}},
  };
}

TEST(WordpressAutop, BlankLinesMakeParagraphsSingleNewlinesBreaks) {
  EXPECT_EQ(wordpress_autop("Un\r\ndeux\r\n\r\nTrois\n\n\n\nQuatre  \ncinq\n"),
            "<p>Un<br />\ndeux</p>\n<p>Trois</p>\n<p>Quatre<br />\ncinq</p>\n");
  EXPECT_EQ(wordpress_autop(""), "");
  EXPECT_EQ(wordpress_autop("\n\n  \n"), "\n") << "no empty paragraph";
}

TEST(WordpressAutop, BlocksAreNotWrapped) {
  EXPECT_EQ(wordpress_autop("Avant :\n<ul>\n<li>un</li>\n<li>deux\ntrois</li>\n</ul>\nAprès"),
            "<p>Avant :</p>\n<ul>\n<li>un</li>\n<li>deux<br />\ntrois</li>\n</ul>\n<p>Après</p>\n");
  EXPECT_EQ(wordpress_autop("<h2>Titre</h2>\nTexte\n<hr />\nFin"),
            "<h2>Titre</h2>\n<p>Texte</p>\n<hr />\n<p>Fin</p>\n");
  EXPECT_EQ(wordpress_autop("<blockquote>Citation\n\nSuite</blockquote>"),
            "<blockquote><p>Citation</p>\n<p>Suite</p>\n</blockquote>");
  EXPECT_EQ(wordpress_autop("<p>Déjà\nun paragraphe</p>"), "<p>Déjà<br />\nun paragraphe</p>");
  EXPECT_EQ(wordpress_autop("Un<br>\ndeux<BR />\ntrois<brisant>\nquatre"),
            "<p>Un<br>\ndeux<BR />\ntrois<brisant><br />\nquatre</p>\n");
}

TEST(WordpressAutop, PreformattedTextIsUntouched) {
  EXPECT_EQ(wordpress_autop("Code :\n\n<pre>int a;\n\nint b;\n</pre>\n\nFin"),
            "<p>Code :</p>\n<pre>int a;\n\nint b;\n</pre>\n<p>Fin</p>\n");
}

TEST(WordpressAutop, LineBreaksInsideTagsAreNotBreaks) {
  EXPECT_EQ(wordpress_autop("Voir <a\nhref=\"/x\">ici</a>\nsuite"),
            "<p>Voir <a href=\"/x\">ici</a><br />\nsuite</p>\n");
}

TEST(WordpressAutop, ACommentAloneOnItsLinePartsParagraphs) {
  EXPECT_EQ(wordpress_autop("Intro\n<!--more-->\nSuite <!-- note --> fin"),
            "<p>Intro</p>\n<!--more-->\n<p>Suite <!-- note --> fin</p>\n");
}

TEST(WordpressShortcodes, CaptionWithTextAfterTheImage) {
  EXPECT_EQ(
      expand_shortcodes("[caption id=\"attachment_12\" align=\"alignright\" width=\"300\"]"
                        "<img src=\"/a.jpg\" alt=\"Fleuve\" width=\"300\" /> Le Niger à Bamako"
                        "[/caption]",
                        {}),
      "<figure class=\"alignright\"><img src=\"/a.jpg\" alt=\"Fleuve\" width=\"300\" />"
      "<figcaption>Le Niger à Bamako</figcaption></figure>");
}

TEST(WordpressShortcodes, CaptionWithALinkedImage) {
  EXPECT_EQ(expand_shortcodes("[caption align='aligncenter']<a href=\"/a-big.jpg\"><img "
                              "src=\"/a.jpg\" alt=\"\" /></a>\nLe fleuve[/caption]",
                              {}),
            "<figure class=\"aligncenter\"><a href=\"/a-big.jpg\"><img src=\"/a.jpg\" alt=\"\" "
            "/></a><figcaption>Le fleuve</figcaption></figure>");
}

TEST(WordpressShortcodes, CaptionInTheOlderAttributeForm) {
  EXPECT_EQ(expand_shortcodes("[caption id=\"\" align=alignleft width=\"200\" caption=\"Tom & "
                              "<Jerry>\"]<img src=\"/t.jpg\" />[/caption]",
                              {}),
            "<figure class=\"alignleft\"><img src=\"/t.jpg\" /><figcaption>Tom &amp; "
            "&lt;Jerry&gt;</figcaption></figure>");
}

TEST(WordpressShortcodes, GalleryByIds) {
  EXPECT_EQ(expand_shortcodes("[gallery ids=\"12, 99,13\" columns=\"3\"]", media_context()),
            "<ul class=\"gallery\"><li class=\"gallery-item\"><figure><img "
            "src=\"https://ex.example/wp-content/uploads/a.jpg\" alt=\"Fleuve\"><figcaption>Le "
            "Niger</figcaption></figure></li><li class=\"gallery-item\"><figure><img "
            "src=\"https://ex.example/wp-content/uploads/b.jpg\" "
            "alt=\"Marché\"></figure></li></ul>");
  EXPECT_EQ(expand_shortcodes("Avant [gallery ids=\"98,99\"] après", media_context()),
            "Avant  après")
      << "nothing found: removed";
}

TEST(WordpressShortcodes, GalleryWithoutIdsShowsThePostsAttachments) {
  EXPECT_EQ(expand_shortcodes("[gallery]", media_context()),
            "<ul class=\"gallery\"><li class=\"gallery-item\"><figure><img "
            "src=\"/wp-content/uploads/c.jpg\" "
            "alt=\"C\"><figcaption>Légende</figcaption></figure></li></ul>");
  EXPECT_EQ(expand_shortcodes("[gallery columns=2 /]", {}), "");
}

TEST(WordpressShortcodes, EmbedsAndLoneAddressesBecomeLinks) {
  EXPECT_EQ(
      expand_shortcodes("[embed width=\"500\"]https://www.youtube.com/watch?v=x&t=1[/embed]", {}),
      "<p><a href=\"https://www.youtube.com/watch?v=x&amp;t=1\">"
      "https://www.youtube.com/watch?v=x&amp;t=1</a></p>");
  EXPECT_EQ(expand_shortcodes("Regardez :\n  https://vimeo.com/123  \nFin, https://a.example/ "
                              "reste du texte.",
                              {}),
            "Regardez :\n<p><a href=\"https://vimeo.com/123\">https://vimeo.com/123</a></p>\n"
            "Fin, https://a.example/ reste du texte.");
  EXPECT_EQ(expand_shortcodes("<pre>\nhttps://a.example/\n</pre>", {}),
            "<pre>\nhttps://a.example/\n</pre>");
}

TEST(WordpressShortcodes, VideoAndAudioLinkToTheFile) {
  EXPECT_EQ(expand_shortcodes("[video width=\"640\" mp4=\"/v.mp4\"][/video]", {}),
            "<p><a href=\"/v.mp4\">/v.mp4</a></p>");
  EXPECT_EQ(expand_shortcodes("[audio src='/a.mp3?x=\"1\"']", {}),
            "<p><a href=\"/a.mp3?x=&quot;1&quot;\">/a.mp3?x=&quot;1&quot;</a></p>");
  EXPECT_EQ(expand_shortcodes("[audio]", {}), "");
}

TEST(WordpressShortcodes, OthersStayText) {
  EXPECT_EQ(expand_shortcodes("[contact-form-7 id=\"5\"] [1] [ caption] [[caption]] a[b", {}),
            "[contact-form-7 id=\"5\"] [1] [ caption] [caption] a[b");
}

TEST(WordpressContent, ClassicTextBecomesParagraphs) {
  EXPECT_EQ(wordpress_to_html("Bonjour,\nle fleuve monte.\n\nSuite.", {}),
            "<p>Bonjour,<br>\nle fleuve monte.</p>\n<p>Suite.</p>\n");
  EXPECT_EQ(wordpress_to_html("Liste :\n<ol>\n<li>un</li>\n</ol>\n<pre>a\n\nb</pre>", {}),
            "<p>Liste :</p>\n<ol>\n<li>un</li>\n</ol>\n<pre>a\n\nb</pre>");
}

TEST(WordpressContent, GutenbergBlocksAreHtmlAlready) {
  const char* post =
      "<!-- wp:paragraph -->\n<p>Un paragraphe\navec un saut.</p>\n<!-- /wp:paragraph -->\n\n"
      "<!-- wp:image {\"id\":12} -->\n<figure class=\"wp-block-image size-large\"><img "
      "src=\"/a.jpg\" alt=\"\" class=\"wp-image-12\"/></figure>\n<!-- /wp:image -->";
  EXPECT_EQ(wordpress_to_html(post, {}),
            "\n<p>Un paragraphe\navec un saut.</p>\n\n\n\n<figure><img src=\"/a.jpg\" alt=\"\" "
            "loading=\"lazy\" decoding=\"async\"></figure>\n");
}

TEST(WordpressContent, GutenbergEmbedsBecomeLinks) {
  const char* post =
      "<!-- wp:embed {\"url\":\"https://youtu.be/x\"} -->\n<figure class=\"wp-block-embed "
      "is-type-video\"><div class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/x\n</div>"
      "</figure>\n<!-- /wp:embed -->";
  EXPECT_EQ(wordpress_to_html(post, {}),
            "\n<figure>\n<p><a href=\"https://youtu.be/x\" rel=\"nofollow "
            "noopener\">https://youtu.be/x</a></p>\n</figure>\n");
}

// What the import keeps of an embedded video, a link alone in its paragraph, is what article
// pages show as the video's facade.
TEST(WordpressContent, EmbeddedVideosShowAsFacades) {
  for (const char* post :
       {"Le reportage :\n\n[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\nFin.",
        "Le reportage :\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nFin.",
        "<!-- wp:embed {\"url\":\"https://youtu.be/dQw4w9WgXcQ\"} -->\n<figure "
        "class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\n"
        "https://youtu.be/dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->"}) {
    VideoFacades facades = embed_videos(wordpress_to_html(post, {}), nullptr);
    EXPECT_EQ(facades.count, 1) << post;
    EXPECT_NE(facades.html.find("<a class=\"video-facade\" "
                                "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""),
              std::string::npos)
        << facades.html;
  }
}

TEST(WordpressContent, CaptionAndGalleryInAClassicPost) {
  EXPECT_EQ(wordpress_to_html("Intro\n\n[caption align=\"alignright\"]<img src=\"/a.jpg\" "
                              "alt=\"A\" /> Légende[/caption]\n\n[gallery ids=\"13\"]",
                              media_context()),
            "<p>Intro</p>\n<figure class=\"alignright\"><img src=\"/a.jpg\" alt=\"A\" "
            "loading=\"lazy\" decoding=\"async\"><figcaption>Légende</figcaption></figure>\n<ul "
            "class=\"gallery\"><li class=\"gallery-item\"><figure><img "
            "src=\"https://ex.example/wp-content/uploads/b.jpg\" alt=\"Marché\" loading=\"lazy\" "
            "decoding=\"async\"></figure></li></ul>");
}

TEST(WordpressContent, AccentsAndNonBreakingSpacesSurvive) {
  EXPECT_EQ(wordpress_to_html("«\u00a0Ça ira\u00a0», dit-il&nbsp;: été, où, Noël.", {}),
            "<p>«\u00a0Ça ira\u00a0», dit-il\u00a0: été, où, Noël.</p>\n");
  EXPECT_EQ(wordpress_to_html("<p>&nbsp;</p>", {}), "<p>\u00a0</p>");
}

TEST(WordpressContent, HostileMarkupComesOutClean) {
  EXPECT_EQ(wordpress_to_html("Texte<script>alert(1)</script>\n\n<img src=x "
                              "onerror=\"alert(2)\">\n\n<a href=\"javascript:alert(3)\">lien</a>",
                              {}),
            "<p>Texte</p>\n\n<p><img src=\"x\" loading=\"lazy\" decoding=\"async\"></p>\n"
            "<p>lien</p>\n");
}

TEST(WordpressContent, OutputIsStableUnderSanitizing) {
  std::string html = wordpress_to_html(
      "<div class=\"x\">Un\n\nDeux</div>\n[caption]<a href=\"/a\"><img src=\"/a.jpg\" "
      "/></a> L\u00e9gende[/caption]\n<ul>\n<li>a\n\nb</li>\n</ul>\nhttps://a.example/\n",
      media_context());
  EXPECT_EQ(sanitize_html(html), html);
}

}  // namespace
}  // namespace tribune
