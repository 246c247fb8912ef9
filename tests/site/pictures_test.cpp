// Pictures on pages, through Site with a real media library: the article's lead picture and
// those in its text, link previews, the front page's lead story, and the files themselves.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "i18n/catalog.h"
#include "media/media_library.h"
#include "render/theme.h"
#include "site/importer.h"
#include "site/site.h"
#include "store/sqlite/sqlite_store.h"
#include "support/in_order.h"
#include "support/pictures.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

using testing::expect_in_order;

class PicturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->set_setting("site.name", "Sahel Tribune").ok());
    media::MediaLibrary library(*store_, dir_ / "media");
    auto market =
        library.add({testing::gradient_png(2000, 1250), "market.png", "marche",
                     "Des sacs de mil sur un étal", "Le marché de Ségou", "Photo : Awa Diallo"});
    ASSERT_TRUE(market.ok()) << market.error().to_string();
    market_ = *market;
    auto stall = library.add({testing::gradient_png(900, 600), "stall.png", "etal", "Un étal"});
    ASSERT_TRUE(stall.ok()) << stall.error().to_string();
    stall_ = *stall;
  }

  void import(const std::string& name, const std::string& front_matter, const std::string& body) {
    testing::write_text(dir_ / (name + ".md"),
                        "---\ntitle: \"" + name +
                            "\"\nauthor: \"Awa\"\ncategory: [\"Économie\"]\n" + front_matter +
                            "---\n\n" + body + "\n");
    auto imported = import_markdown_files(*store_, {dir_ / (name + ".md")}, ImportOptions{});
    ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  }

  std::unique_ptr<Site> open_site() {
    SiteFiles files;
    files.media_dir = dir_ / "media";
    auto site = Site::open(*store_, *Theme::load(std::nullopt), *Catalogs::load(std::nullopt),
                           "http://news.example", files);
    EXPECT_TRUE(site.ok());
    return site.ok() ? std::move(*site) : nullptr;
  }

  // The media file a URL of the site names ("http://news.example/media/F" or "/media/F").
  std::filesystem::path file_of(std::string url) {
    const std::size_t at = url.find("/media/");
    return dir_ / "media" / url.substr(at + 7);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Media market_;
  Media stall_;
  const UnixSeconds now_ = 1800000000;
};

TEST_F(PicturesTest, TheLeadPictureHasItsWidthsSizeAndPriority) {
  import("Prix du mil", "date: 2026-01-05T07:45:00Z\nimage: marche\n", "Le prix baisse.");
  auto site = open_site();
  Page page = site->render("/2026/01/05/prix-du-mil/", now_);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string hash = market_.hash;
  expect_in_order(
      page.body,
      {"<figure class=\"lead-picture\"><picture><source type=\"image/avif\" srcset=\"/media/" +
           hash + "-320.avif 320w, /media/" + hash + "-640.avif 640w, /media/" + hash +
           "-1024.avif 1024w, /media/" + hash + "-1600.avif 1600w\"",
       "<source type=\"image/webp\" srcset=\"/media/" + hash + "-320.webp 320w, /media/" + hash +
           "-640.webp 640w, /media/" + hash + "-1024.webp 1024w, /media/" + hash +
           "-1600.webp 1600w\"",
       "<img src=\"/media/" + hash + "-640.jpg\" srcset=\"/media/" + hash + "-320.jpg 320w, ",
       "/media/" + hash + "-1600.jpg 1600w\"",
       // The widest variant's size keeps the picture's room before it loads.
       "width=\"1600\" height=\"1000\" alt=\"Des sacs de mil sur un étal\" fetchpriority=\"high\">",
       "<figcaption>Le marché de Ségou <span class=\"credit\">Photo : Awa Diallo</span>",
       "Le prix baisse."});
  // The lead picture is not lazy: it is the first screen's largest paint.
  const std::string figure = page.body.substr(page.body.find("<figure"), 1200);
  EXPECT_EQ(figure.substr(0, figure.find("</figure>")).find("loading=\"lazy\""), std::string::npos);
  // Every file the picture names exists, at the width it is announced with.
  const std::regex candidate(R"(/media/([0-9a-f]{16}-(\d+)\.(avif|webp|jpg)) (\d+)w)");
  int candidates = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), candidate);
       it != std::sregex_iterator(); ++it) {
    ++candidates;
    const std::string width = (*it)[4];
    EXPECT_EQ((*it)[2], width);
    const std::string size = testing::image_size(dir_ / "media" / (*it)[1].str());
    EXPECT_EQ(size.substr(0, size.find('x')), width) << (*it)[1];
  }
  EXPECT_EQ(candidates, 12);
}

TEST_F(PicturesTest, APictureInTheTextIsTheLibrarysAndLazy) {
  import("Marché", "date: 2026-01-06T07:45:00Z\n",
         "Avant.\n\n![Un étal de tomates](etal)\n\n![Ailleurs](https://example.org/x.png)\n\n"
         "<script>alert(1)</script>");
  auto site = open_site();
  Page page = site->render("/2026/01/06/marche/", now_);
  ASSERT_EQ(page.status, 200) << page.body;
  expect_in_order(
      page.body,
      {"<p>Avant.</p>",
       "<p><picture><source type=\"image/avif\" srcset=\"/media/" + stall_.hash + "-320.avif 320w",
       "<source type=\"image/webp\" srcset=\"/media/" + stall_.hash + "-320.webp 320w",
       // 900 pixels wide: kept at its own width, never enlarged.
       "/media/" + stall_.hash + "-900.jpg 900w\"", "width=\"900\" height=\"600\"",
       "alt=\"Un étal de tomates\" loading=\"lazy\" decoding=\"async\"></picture></p>",
       // An image that names no picture of the library stays an ordinary one.
       "<img src=\"https://example.org/x.png\" alt=\"Ailleurs\"",
       // Rendering the pictures' HTML lets none of the author's HTML through.
       "<!-- raw HTML omitted -->"});
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
}

TEST_F(PicturesTest, LinkPreviewsNameAnExistingPictureOfTheStatedSize) {
  import("Prix du mil", "date: 2026-01-05T07:45:00Z\nimage: marche\nimage_alt: \"Le mil\"\n",
         "Le prix baisse.");
  auto site = open_site();
  Page page = site->render("/2026/01/05/prix-du-mil/", now_);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string share = "http://news.example/media/" + media_share_file(market_);
  expect_in_order(page.body, {"<meta property=\"og:image\" content=\"" + share + "\">",
                              "<meta property=\"og:image:width\" content=\"1200\">",
                              "<meta property=\"og:image:height\" content=\"630\">",
                              "<meta property=\"og:image:alt\" content=\"Le mil\">",
                              "<meta name=\"twitter:card\" content=\"summary_large_image\">"});
  EXPECT_EQ(testing::image_size(file_of(share)), "1200x630");

  const std::size_t script = page.body.find("<script type=\"application/ld+json\">");
  ASSERT_NE(script, std::string::npos);
  const std::size_t start = page.body.find('>', script) + 1;
  auto ld =
      nlohmann::json::parse(page.body.substr(start, page.body.find("</script>", start) - start));
  const nlohmann::json& article = ld["@graph"][0];
  ASSERT_EQ(article["@type"], "NewsArticle");
  ASSERT_TRUE(article["image"].is_array());
  ASSERT_EQ(article["image"].size(), 2u);
  for (const nlohmann::json& image : article["image"]) {
    const std::string size = std::to_string(image["width"].get<int>()) + "x" +
                             std::to_string(image["height"].get<int>());
    EXPECT_EQ(testing::image_size(file_of(image["url"])), size) << image.dump();
  }
}

TEST_F(PicturesTest, PagesWithoutAPictureTakeTheSitesShareImageAndLogo) {
  import("Sans image", "date: 2026-01-05T07:45:00Z\n", "Texte.");
  auto site = open_site();
  Page before = site->render("/2026/01/05/sans-image/", now_);
  EXPECT_EQ(before.body.find("og:image"), std::string::npos);
  EXPECT_NE(before.body.find("<meta name=\"twitter:card\" content=\"summary\">"),
            std::string::npos);

  ASSERT_TRUE(store_->set_settings({{"site.share_image", "marche"}, {"site.logo", "etal"}}).ok());
  ASSERT_TRUE(site->reload(now_).ok());
  Page after = site->render("/2026/01/05/sans-image/", now_);
  expect_in_order(after.body,
                  {"<meta property=\"og:image\" content=\"http://news.example/media/" +
                       media_share_file(market_) + "\">",
                   "<meta property=\"og:image:alt\" content=\"Des sacs de mil sur un étal\">",
                   "\"logo\":{\"@type\":\"ImageObject\"",
                   // The logo beside the name: no alt text repeating it.
                   "<a class=\"brand\" href=\"/\"><picture>",
                   "alt=\"\"></picture><span>Sahel Tribune</span></a>"});
}

TEST_F(PicturesTest, TheFrontPageLeadsWithAPictureAndRepeatsNoStory) {
  import("Premier", "date: 2026-01-01T07:00:00Z\n", "Un.");
  import("Deuxième", "date: 2026-01-02T07:00:00Z\nimage: marche\n", "Deux.");
  import("Troisième", "date: 2026-01-03T07:00:00Z\n", "Trois.");
  auto site = open_site();
  Page home = site->render("/", now_);
  ASSERT_EQ(home.status, 200) << home.body;
  // The newest story with a picture leads, even when a newer one has none.
  expect_in_order(home.body,
                  {"<main id=\"main\" class=\"wide\">", "<article class=\"lead\">",
                   "fetchpriority=\"high\"", "/2026/01/02/deuxieme/", "<section class=\"latest\">",
                   "/2026/01/03/troisieme/", "/2026/01/01/premier/"});
  for (const std::string path :
       {"/2026/01/01/premier/", "/2026/01/02/deuxieme/", "/2026/01/03/troisieme/"}) {
    const std::string link = "<a href=\"" + path + "\">";
    EXPECT_EQ(home.body.find(link), home.body.rfind(link)) << path << " shown twice";
  }
}

TEST_F(PicturesTest, MediaFilesAreServedForAYearAndNothingElseIs) {
  auto site = open_site();
  Page webp = site->render("/media/" + media_variants(market_, MediaFormat::webp)[1].file, now_);
  EXPECT_EQ(webp.status, 200);
  EXPECT_EQ(webp.content_type, "image/webp");
  EXPECT_TRUE(webp.immutable);
  EXPECT_EQ(webp.body.substr(8, 4), "WEBP");
  Page avif = site->render("/media/" + media_variants(market_, MediaFormat::avif)[1].file, now_);
  EXPECT_EQ(avif.status, 200);
  EXPECT_EQ(avif.content_type, "image/avif");
  EXPECT_EQ(avif.body.substr(4, 8), "ftypavif");
  EXPECT_EQ(site->render("/media/" + media_share_file(market_), now_).content_type, "image/jpeg");
  EXPECT_EQ(site->render("/media/../tribune.db", now_).status, 404);
  EXPECT_EQ(site->render("/media/0123456789abcdef-640.jpg", now_).status, 404);
}

TEST_F(PicturesTest, AnArticleNamingAMissingPictureIsRefusedNamingTheField) {
  testing::write_text(dir_ / "a.md",
                      "---\ntitle: \"A\"\nauthor: \"Awa\"\ncategory: [\"X\"]\n"
                      "date: 2026-01-05T07:45:00Z\nimage: inconnue\n---\n\nTexte.\n");
  auto imported = import_markdown_files(*store_, {dir_ / "a.md"}, ImportOptions{});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().field, "image");
  EXPECT_NE(imported.error().message.find("inconnue"), std::string::npos);
}

}  // namespace
}  // namespace tribune
