// The WXR reader against hand-written WordPress exports (tests/data/wordpress): every field of
// a newsroom's export, WXR 1.1, gzip, and the files it must turn down without reading further.
#include "wordpress/wxr_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <sstream>

#include "support/temp_dir.h"

namespace tribune {
namespace {

using testing::read_text;

std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(TRIBUNE_FIXTURES) / "wordpress" / name;
}

// Everything the reader hands over, kept; `stop_at_item` makes item() fail at that item.
struct Recorder : WxrVisitor {
  int site_calls = 0;
  WxrSite site_seen;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> terms;
  std::vector<WxrItem> items;
  std::vector<std::string> order;  // "site", "author", "term", "item"
  std::size_t stop_at_item = SIZE_MAX;

  Status site(const WxrSite& site) override {
    ++site_calls;
    site_seen = site;
    order.push_back("site");
    return Ok{};
  }
  Status author(const WxrAuthor& author) override {
    authors.push_back(author);
    order.push_back("author");
    return Ok{};
  }
  Status term(const WxrTerm& term) override {
    terms.push_back(term);
    order.push_back("term");
    return Ok{};
  }
  Status item(WxrItem&& item) override {
    if (items.size() == stop_at_item) {
      return make_error(Errc::conflict, "the slug " + item.post_name + " is taken");
    }
    items.push_back(std::move(item));
    order.push_back("item");
    return Ok{};
  }

  const WxrItem& item_with_id(std::int64_t id) const {
    for (const WxrItem& item : items) {
      if (item.post_id == id) return item;
    }
    throw std::runtime_error("no item " + std::to_string(id));
  }
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

class NewsroomExport : public ::testing::Test {
 protected:
  void SetUp() override {
    Status status = read_wxr(fixture("newsroom.wxr"), recorder_);
    ASSERT_TRUE(status.ok()) << status.error().to_string();
  }
  Recorder recorder_;
};

TEST_F(NewsroomExport, ReadsTheSiteOnceBeforeEverythingElse) {
  EXPECT_EQ(recorder_.site_calls, 1);
  ASSERT_FALSE(recorder_.order.empty());
  EXPECT_EQ(recorder_.order.front(), "site");
  const WxrSite& site = recorder_.site_seen;
  EXPECT_EQ(site.title, "Le Fleuve Tribune");
  EXPECT_EQ(site.link, "https://fleuve.example");
  EXPECT_EQ(site.description, "L'actualité du Niger et du Sahel, au fil du fleuve");
  EXPECT_EQ(site.language, "fr-FR");
  EXPECT_EQ(site.base_site_url, "https://fleuve.example");
  EXPECT_EQ(site.base_blog_url, "https://fleuve.example");
  EXPECT_EQ(site.wxr_version, "1.2");
}

TEST_F(NewsroomExport, ReadsTheAuthors) {
  ASSERT_EQ(recorder_.authors.size(), 2u);
  const WxrAuthor& aicha = recorder_.authors[0];
  EXPECT_EQ(aicha.id, 1);
  EXPECT_EQ(aicha.login, "aicha");
  EXPECT_EQ(aicha.email, "aicha.diallo@fleuve.example");
  EXPECT_EQ(aicha.display_name, "Aïcha Diallo");
  EXPECT_EQ(aicha.first_name, "Aïcha");
  EXPECT_EQ(aicha.last_name, "Diallo");
  const WxrAuthor& moussa = recorder_.authors[1];
  EXPECT_EQ(moussa.id, 2);
  EXPECT_EQ(moussa.login, "moussa.traore");
  EXPECT_EQ(moussa.display_name, "Moussa Traoré");
}

TEST_F(NewsroomExport, ReadsCategoriesWithTheirParentsTagsAndOtherTerms) {
  const auto& terms = recorder_.terms;
  ASSERT_EQ(terms.size(), 8u);
  auto expect_term = [&](std::size_t index, WxrTermKind kind, std::int64_t id,
                         const std::string& taxonomy, const std::string& slug,
                         const std::string& parent, const std::string& name) {
    SCOPED_TRACE("term " + std::to_string(index));
    EXPECT_EQ(terms[index].kind, kind);
    EXPECT_EQ(terms[index].id, id);
    EXPECT_EQ(terms[index].taxonomy, taxonomy);
    EXPECT_EQ(terms[index].slug, slug);
    EXPECT_EQ(terms[index].parent_slug, parent);
    EXPECT_EQ(terms[index].name, name);
  };
  // Actualités › Sahel › Niger, then Économie at the top.
  expect_term(0, WxrTermKind::category, 3, "category", "actualites", "", "Actualités");
  expect_term(1, WxrTermKind::category, 4, "category", "sahel", "actualites", "Sahel");
  expect_term(2, WxrTermKind::category, 5, "category", "niger", "sahel", "Niger");
  expect_term(3, WxrTermKind::category, 6, "category", "economie", "", "Économie");
  EXPECT_EQ(terms[3].description, "Marchés, agriculture et finances publiques.");
  expect_term(4, WxrTermKind::tag, 7, "post_tag", "securite", "", "sécurité");
  expect_term(5, WxrTermKind::tag, 8, "post_tag", "elections", "", "élections");
  expect_term(6, WxrTermKind::tag, 9, "post_tag", "climat", "", "climat");
  expect_term(7, WxrTermKind::other, 10, "nav_menu", "menu-principal", "", "Menu principal");
}

TEST_F(NewsroomExport, ReadsTheItemsInFileOrderWithTheirLines) {
  std::vector<std::int64_t> ids;
  std::vector<std::string> types, statuses;
  for (const WxrItem& item : recorder_.items) {
    ids.push_back(item.post_id);
    types.push_back(item.post_type);
    statuses.push_back(item.status);
  }
  EXPECT_EQ(ids, (std::vector<std::int64_t>{101, 102, 103, 104, 105, 106, 107, 108, 109, 201, 202,
                                            203, 301}));
  EXPECT_EQ(types, (std::vector<std::string>{"post", "post", "post", "post", "post", "post", "post",
                                             "page", "page", "attachment", "attachment",
                                             "attachment", "nav_menu_item"}));
  EXPECT_EQ(statuses, (std::vector<std::string>{"publish", "publish", "publish", "private",
                                                "future", "draft", "pending", "publish", "publish",
                                                "inherit", "inherit", "inherit", "publish"}));
  // Each item's line is the one of its <item> tag in the file.
  std::vector<int> item_lines;
  std::istringstream file(read_text(fixture("newsroom.wxr")));
  std::string text;
  for (int number = 1; std::getline(file, text); ++number) {
    if (text.find("<item>") != std::string::npos) item_lines.push_back(number);
  }
  std::vector<int> lines;
  for (const WxrItem& item : recorder_.items) lines.push_back(item.line);
  EXPECT_EQ(lines, item_lines);
  // Authors and terms all come before the first item, as in the file.
  auto first_item = std::find(recorder_.order.begin(), recorder_.order.end(), "item");
  EXPECT_EQ(std::count(first_item, recorder_.order.end(), "item"), 13);
}

TEST_F(NewsroomExport, ReadsAClassicPostWithItsTermsMetaAndDates) {
  const WxrItem& post = recorder_.item_with_id(101);
  EXPECT_EQ(post.title, "Inondations à Niamey : des milliers de sinistrés le long du fleuve");
  EXPECT_EQ(post.link, "https://fleuve.example/2024/03/05/inondations-a-niamey/");
  EXPECT_EQ(post.creator, "aicha");
  EXPECT_EQ(post.guid, "https://fleuve.example/?p=101");
  EXPECT_TRUE(post.content.starts_with("La crue du fleuve Niger a submergé dans la nuit"))
      << post.content;
  EXPECT_NE(post.content.find("rive droite de Niamey.\n\nSelon la Direction"), std::string::npos)
      << "blank-line paragraphs are kept as written";
  EXPECT_NE(post.content.find("<strong>Les écoles fermées jusqu'à nouvel ordre</strong>"),
            std::string::npos);
  EXPECT_TRUE(post.content.ends_with("à Kirkissoye et à Lamordé.")) << post.content;
  EXPECT_EQ(post.excerpt,
            "Plus de 4 000 familles ont quitté leur maison après la crue du fleuve Niger.");
  EXPECT_EQ(post.date_local, "2024-03-05 09:30:00");
  EXPECT_EQ(post.date_gmt, 1709627400);      // 2024-03-05T08:30:00Z
  EXPECT_EQ(post.modified_gmt, 1709720142);  // 2024-03-06T10:15:42Z
  EXPECT_EQ(post.post_name, "inondations-a-niamey");
  EXPECT_EQ(post.comment_status, "open");
  EXPECT_EQ(post.ping_status, "open");
  EXPECT_EQ(post.post_parent, 0);
  EXPECT_EQ(post.menu_order, 0);
  EXPECT_EQ(post.password, "");
  EXPECT_TRUE(post.sticky);
  EXPECT_EQ(post.attachment_url, "");
  ASSERT_EQ(post.terms.size(), 4u);
  EXPECT_EQ(post.terms[0].domain, "category");
  EXPECT_EQ(post.terms[0].slug, "niger");
  EXPECT_EQ(post.terms[0].name, "Niger");
  EXPECT_EQ(post.terms[1].slug, "economie");
  EXPECT_EQ(post.terms[1].name, "Économie");
  EXPECT_EQ(post.terms[2].domain, "post_tag");
  EXPECT_EQ(post.terms[2].slug, "climat");
  EXPECT_EQ(post.terms[3].domain, "post_tag");
  EXPECT_EQ(post.terms[3].slug, "securite");
  EXPECT_EQ(post.terms[3].name, "sécurité");
  EXPECT_EQ(post.meta, (Pairs{{"_edit_last", "1"}, {"_thumbnail_id", "201"}, {"views", "1234"}}));
}

TEST_F(NewsroomExport, ReadsThreadedCommentsWithTheirApproval) {
  const std::vector<WxrComment>& comments = recorder_.item_with_id(101).comments;
  ASSERT_EQ(comments.size(), 5u);
  std::vector<std::int64_t> ids, parents;
  std::vector<std::string> approved;
  for (const WxrComment& comment : comments) {
    ids.push_back(comment.id);
    parents.push_back(comment.parent_id);
    approved.push_back(comment.approved);
  }
  EXPECT_EQ(ids, (std::vector<std::int64_t>{501, 502, 503, 504, 505}));
  EXPECT_EQ(parents, (std::vector<std::int64_t>{0, 501, 502, 0, 0}));  // three levels deep
  EXPECT_EQ(approved, (std::vector<std::string>{"1", "1", "1", "0", "spam"}));

  const WxrComment& first = comments[0];
  EXPECT_EQ(first.author, "Ibrahim Issoufou");
  EXPECT_EQ(first.author_email, "ibrahim.issoufou@courriel.example");
  EXPECT_EQ(first.author_url, "https://ibrahim-issoufou.example/");
  EXPECT_EQ(first.author_ip, "196.28.14.7");
  EXPECT_EQ(first.date_local, "2024-03-05 10:02:11");
  EXPECT_EQ(first.date_gmt, 1709629331);  // 2024-03-05T09:02:11Z
  EXPECT_EQ(first.content,
            "Courage aux familles de Lamordé.\nLes autorités avaient pourtant été prévenues "
            "l'an dernier.");
  EXPECT_EQ(first.type, "comment");
  EXPECT_EQ(first.user_id, 0);
  EXPECT_EQ(first.meta, (Pairs{{"akismet_result", "false"}}));

  const WxrComment& reply = comments[1];
  EXPECT_EQ(reply.author, "Aïcha Diallo");
  EXPECT_EQ(reply.user_id, 1);
  EXPECT_EQ(reply.author_url, "");
  EXPECT_EQ(comments[4].author, "Prêt rapide");
}

TEST_F(NewsroomExport, ReadsAGutenbergPostAsWritten) {
  const WxrItem& post = recorder_.item_with_id(102);
  EXPECT_EQ(post.creator, "moussa.traore");
  EXPECT_TRUE(post.content.starts_with("<!-- wp:paragraph -->\n<p>Après deux saisons difficiles"))
      << post.content;
  EXPECT_NE(post.content.find("[caption id=\"attachment_202\" align=\"aligncenter\" width=\"800\"]"
                              "<img class=\"size-large wp-image-202\""),
            std::string::npos);
  EXPECT_NE(post.content.find("[gallery ids=\"202,203\"]"), std::string::npos);
  EXPECT_TRUE(post.content.ends_with("<!-- /wp:shortcode -->")) << post.content;
  EXPECT_EQ(post.excerpt, "");
  EXPECT_FALSE(post.sticky);
  EXPECT_EQ(post.meta, (Pairs{{"post_views_count", "87"}}));
  ASSERT_EQ(post.terms.size(), 2u);
  EXPECT_EQ(post.terms[1].name, "élections");
}

TEST_F(NewsroomExport, HandsOverHostileMarkupUntouched) {
  // Cleaning is the importer's job: the reader must not hide what the file holds.
  const WxrItem& post = recorder_.item_with_id(103);
  EXPECT_NE(post.content.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(post.content.find("<img src=\"x\" onerror=\"alert(1)\">"), std::string::npos);
  EXPECT_EQ(post.comment_status, "closed");
}

TEST_F(NewsroomExport, ReadsUnpublishedPostsAndTheirDates) {
  EXPECT_EQ(recorder_.item_with_id(104).status, "private");
  const WxrItem& scheduled = recorder_.item_with_id(105);
  EXPECT_EQ(scheduled.status, "future");
  EXPECT_EQ(scheduled.date_gmt, 1894690800);  // 2030-01-15T07:00:00Z
  const WxrItem& draft = recorder_.item_with_id(106);
  EXPECT_EQ(draft.status, "draft");
  EXPECT_EQ(draft.date_gmt, 0);  // "0000-00-00 00:00:00": never published
  EXPECT_EQ(draft.date_local, "2024-03-20 17:45:12");
  EXPECT_EQ(draft.post_name, "");
  EXPECT_EQ(recorder_.item_with_id(107).status, "pending");
}

TEST_F(NewsroomExport, ReadsPagesAttachmentsAndMenuItems) {
  const WxrItem& about = recorder_.item_with_id(108);
  EXPECT_EQ(about.title, "À propos");
  EXPECT_EQ(about.link, "https://fleuve.example/a-propos/");
  EXPECT_EQ(about.post_type, "page");
  const WxrItem& team = recorder_.item_with_id(109);
  EXPECT_EQ(team.post_parent, 108);
  EXPECT_EQ(team.menu_order, 1);
  EXPECT_EQ(team.title, "L'équipe");

  const WxrItem& flood = recorder_.item_with_id(201);
  EXPECT_EQ(flood.attachment_url, "https://fleuve.example/wp-content/uploads/2024/03/crue.jpg");
  EXPECT_EQ(flood.post_parent, 101);
  EXPECT_EQ(flood.excerpt, "Le quartier de Lamordé sous les eaux, mardi matin.");
  EXPECT_EQ(flood.meta[0],
            (std::pair<std::string, std::string>{"_wp_attached_file", "2024/03/crue.jpg"}));
  EXPECT_EQ(recorder_.item_with_id(202).post_parent, 102);
  EXPECT_EQ(recorder_.item_with_id(203).post_parent, 102);

  const WxrItem& menu_item = recorder_.item_with_id(301);
  EXPECT_EQ(menu_item.post_type, "nav_menu_item");
  ASSERT_EQ(menu_item.terms.size(), 1u);
  EXPECT_EQ(menu_item.terms[0].domain, "nav_menu");
  EXPECT_EQ(menu_item.content, " ");  // content is never trimmed
}

// A minimal export around `channel_body`, of WXR `version`.
std::string export_with(const std::string& channel_body, const std::string& version = "1.2") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
         "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
         " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
         " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
         " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n"
         "<channel>\n"
         "<title>Le Fleuve</title>\n"
         "<wp:wxr_version>" +
         version + "</wp:wxr_version>\n" + channel_body + "</channel>\n</rss>\n";
}

TEST(WxrReader, ReadsWxr11) {
  Recorder recorder;
  Status status = read_wxr(fixture("wxr-1.1.xml"), recorder);
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_EQ(recorder.site_seen.wxr_version, "1.1");
  EXPECT_EQ(recorder.site_seen.base_site_url, "http://fleuve.example");
  ASSERT_EQ(recorder.authors.size(), 1u);
  EXPECT_EQ(recorder.authors[0].login, "admin");
  EXPECT_EQ(recorder.authors[0].display_name, "La rédaction");
  ASSERT_EQ(recorder.terms.size(), 1u);
  EXPECT_EQ(recorder.terms[0].name, "Non classé");
  ASSERT_EQ(recorder.items.size(), 1u);
  const WxrItem& post = recorder.items[0];
  EXPECT_EQ(post.post_id, 5);
  EXPECT_EQ(post.title, "Bienvenue sur le nouveau site");
  EXPECT_EQ(post.excerpt, "Notre premier article.");  // the 1.1 excerpt namespace
  EXPECT_EQ(post.date_gmt, 1350284400);               // 2012-10-15T07:00:00Z
  ASSERT_EQ(post.comments.size(), 1u);
  EXPECT_EQ(post.comments[0].author, "Hadiza");
  EXPECT_EQ(post.comments[0].type, "");
  EXPECT_EQ(post.comments[0].approved, "1");
}

TEST(WxrReader, ReadsWxr10Categories) {
  // WXR 1.0 lists an item's categories twice, the RSS way (no attributes) and WordPress's,
  // and calls tags "tag"; it has no authors and no term ids.
  std::string xml = export_with(
      "<wp:category><wp:category_nicename>sahel</wp:category_nicename>"
      "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Sahel]]></wp:cat_name>"
      "</wp:category>\n"
      "<item><title>Un</title><wp:post_id>3</wp:post_id>\n"
      "<category><![CDATA[Sahel]]></category>\n"
      "<category domain=\"category\" nicename=\"sahel\"><![CDATA[Sahel]]></category>\n"
      "<category domain=\"tag\"><![CDATA[Niger]]></category>\n"
      "<category domain=\"tag\" nicename=\"niger\"><![CDATA[Niger]]></category>\n"
      "</item>\n",
      "1.0");
  for (std::size_t at = xml.find("export/1.2/"); at != std::string::npos;
       at = xml.find("export/1.2/")) {
    xml.replace(at, 11, "export/1.0/");  // the wp: and excerpt: namespaces of WXR 1.0
  }
  testing::TempDir folder;
  testing::write_text(folder / "wxr-1.0.xml", xml);
  Recorder recorder;
  Status status = read_wxr(folder / "wxr-1.0.xml", recorder);
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_EQ(recorder.site_seen.wxr_version, "1.0");
  ASSERT_EQ(recorder.terms.size(), 1u);
  EXPECT_EQ(recorder.terms[0].id, 0);
  EXPECT_EQ(recorder.terms[0].slug, "sahel");
  ASSERT_EQ(recorder.items.size(), 1u);
  const std::vector<WxrItemTerm>& terms = recorder.items[0].terms;
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].domain, "category");
  EXPECT_EQ(terms[0].slug, "sahel");
  EXPECT_EQ(terms[1].domain, "post_tag");
  EXPECT_EQ(terms[1].slug, "niger");
  EXPECT_EQ(terms[1].name, "Niger");
}

TEST(WxrReader, ReadsAGzippedExport) {
  testing::TempDir folder;
  std::filesystem::path compressed = folder / "newsroom.wxr.gz";
  std::string xml = read_text(fixture("newsroom.wxr"));
  gzFile out = gzopen(compressed.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, xml.data(), static_cast<unsigned>(xml.size())),
            static_cast<int>(xml.size()));
  ASSERT_EQ(gzclose(out), Z_OK);

  Recorder recorder;
  Status status = read_wxr(compressed, recorder);
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_EQ(recorder.site_seen.title, "Le Fleuve Tribune");
  EXPECT_EQ(recorder.authors.size(), 2u);
  ASSERT_EQ(recorder.items.size(), 13u);
  EXPECT_EQ(recorder.items[0].comments.size(), 5u);
}

TEST(WxrReader, ReportsATruncatedGzipFile) {
  testing::TempDir folder;
  std::filesystem::path compressed = folder / "newsroom.wxr.gz";
  std::string xml = read_text(fixture("newsroom.wxr"));
  gzFile out = gzopen(compressed.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, xml.data(), static_cast<unsigned>(xml.size())),
            static_cast<int>(xml.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  std::string bytes = read_text(compressed);
  testing::write_text(compressed, bytes.substr(0, bytes.size() / 2));

  Recorder recorder;
  Status status = read_wxr(compressed, recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_input);
  EXPECT_TRUE(status.error().message.starts_with("line ")) << status.error().message;
  EXPECT_LT(recorder.items.size(), 13u);
}

TEST(WxrReader, ReportsATruncatedFileAfterTheItemsBeforeTheCut) {
  Recorder recorder;
  Status status = read_wxr(fixture("truncated.wxr"), recorder);
  ASSERT_FALSE(status.ok());
  const Error& error = status.error();
  EXPECT_EQ(error.code, Errc::invalid_input);
  EXPECT_EQ(error.source, fixture("truncated.wxr").string());
  EXPECT_TRUE(error.message.starts_with("line ")) << error.message;
  EXPECT_NE(error.message.find(", in the <item> at line"), std::string::npos) << error.message;
  // The first item was whole and was handed over; the cut one was not.
  ASSERT_EQ(recorder.items.size(), 1u);
  EXPECT_EQ(recorder.items[0].post_id, 101);
  EXPECT_EQ(recorder.items[0].comments.size(), 5u);
}

TEST(WxrReader, TurnsDownAnRssFeedThatIsNotAnExport) {
  Recorder recorder;
  Status status = read_wxr(fixture("not-wxr.xml"), recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_input);
  EXPECT_TRUE(status.error().message.starts_with("not a WordPress export (WXR) file"))
      << status.error().message;
  EXPECT_EQ(recorder.site_calls, 0);
  EXPECT_TRUE(recorder.items.empty());
}

TEST(WxrReader, TurnsDownFilesThatAreNotXmlOrNotRss) {
  testing::TempDir folder;
  testing::write_text(folder / "export.csv", "title,slug\nInondations,inondations\n");
  testing::write_text(folder / "page.xml", "<html><body>Le Fleuve</body></html>\n");
  testing::write_text(folder / "empty.xml", "");
  for (const char* name : {"export.csv", "page.xml", "empty.xml"}) {
    Recorder recorder;
    Status status = read_wxr(folder / name, recorder);
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_EQ(status.error().code, Errc::invalid_input) << name;
    EXPECT_TRUE(status.error().message.starts_with("not a WordPress export (WXR) file: "))
        << status.error().message;
  }
}

TEST(WxrReader, ReportsAMissingFileAsAnIoError) {
  Recorder recorder;
  Status status = read_wxr(fixture("no-such-export.xml"), recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::io);
  EXPECT_EQ(status.error().source, fixture("no-such-export.xml").string());
}

TEST(WxrReader, StopsAtTheVisitorsErrorAndReturnsIt) {
  Recorder recorder;
  recorder.stop_at_item = 2;
  Status status = read_wxr(fixture("newsroom.wxr"), recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::conflict);
  EXPECT_EQ(status.error().message, "the slug rapport-securite-alimentaire is taken");
  EXPECT_EQ(recorder.items.size(), 2u);
}

TEST(WxrReader, NeverExpandsEntitiesTheFileDeclares) {
  testing::TempDir folder;
  std::string xml = export_with("<item><title>&x;</title><wp:post_id>1</wp:post_id></item>\n");
  xml.insert(xml.find("<rss"), "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n");
  testing::write_text(folder / "xxe.xml", xml);
  Recorder recorder;
  Status status = read_wxr(folder / "xxe.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_input);
  EXPECT_EQ(status.error().message.find("line 2: the file has a DOCTYPE declaration"), 0u)
      << status.error().message;
  EXPECT_EQ(status.error().message.find("root:"), std::string::npos);
  for (const WxrItem& item : recorder.items) EXPECT_EQ(item.title.find("root:"), std::string::npos);
}

TEST(WxrReader, NeverExpandsEntitiesInAttributes) {
  // "Billion laughs": each entity ten times the one before, used in an attribute, which libxml2
  // would expand in full to check it. The file is turned down before libxml2 sees the DOCTYPE.
  std::string declarations = "<!ENTITY a0 \"ha\">\n";
  for (int level = 1; level <= 9; ++level) {
    std::string previous = "&a" + std::to_string(level - 1) + ";";
    std::string repeated;
    for (int copy = 0; copy < 10; ++copy) repeated += previous;
    declarations += "<!ENTITY a" + std::to_string(level) + " \"" + repeated + "\">\n";
  }
  std::string xml =
      export_with("<item><category domain=\"&a9;\" nicename=\"x\">x</category></item>\n");
  xml.insert(xml.find("<rss"),
             "<!-- Exporté le 25 mars -->\n<!DOCTYPE rss [\n" + declarations + "]>\n");
  testing::TempDir folder;
  testing::write_text(folder / "laughs.xml", xml);
  Recorder recorder;
  Status status = read_wxr(folder / "laughs.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message.find("line 3: the file has a DOCTYPE declaration"), 0u)
      << status.error().message;
  EXPECT_EQ(recorder.site_calls, 0);
}

TEST(WxrReader, TurnsDownVersionsItDoesNotKnow) {
  testing::TempDir folder;
  testing::write_text(folder / "future.xml", export_with("", "1.3"));
  Recorder recorder;
  Status status = read_wxr(folder / "future.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "line 8: WXR version '1.3' is not supported: Tribune reads WordPress exports of "
            "versions 1.0 to 1.2");
  EXPECT_EQ(status.error().field, "wp:wxr_version");
}

TEST(WxrReader, RequiresTheVersionBeforeTheFirstEntry) {
  testing::TempDir folder;
  std::string xml = export_with("<item><wp:post_id>1</wp:post_id></item>\n");
  xml.erase(xml.find("<wp:wxr_version>"),
            std::string("<wp:wxr_version>1.2</wp:wxr_version>").size());
  testing::write_text(folder / "unversioned.xml", xml);
  Recorder recorder;
  Status status = read_wxr(folder / "unversioned.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(
      status.error().message.starts_with("not a WordPress export (WXR) file: it has no "
                                         "wp:wxr_version"))
      << status.error().message;
}

TEST(WxrReader, NamesTheElementAndLineOfAnIdThatIsNotANumber) {
  testing::TempDir folder;
  testing::write_text(folder / "bad-id.xml",
                      export_with("<item>\n<title>Un</title>\n<wp:post_id> 12a </wp:post_id>\n"
                                  "</item>\n"));
  Recorder recorder;
  Status status = read_wxr(folder / "bad-id.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "wp:post_id");
  EXPECT_EQ(status.error().message, "line 11: <wp:post_id> is '12a', not a whole number");
}

TEST(WxrReader, CountsLinesPastTheLimitOfLibxml2sElements) {
  // libxml2 records an element's line only up to 65534; items further down still get theirs.
  testing::TempDir folder;
  std::string padding;
  for (int line = 0; line < 70000; ++line) padding += "\t<!-- remplissage -->\n";
  testing::write_text(
      folder / "long.xml",
      export_with(padding + "\t<item>\n\t\t<wp:post_id>1</wp:post_id>\n\t</item>\n" +
                  "\t<item>\n\t\t<wp:post_id>x</wp:post_id>\n\t</item>\n"));
  Recorder recorder;
  Status status = read_wxr(folder / "long.xml", recorder);
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(recorder.items.size(), 1u);
  EXPECT_EQ(recorder.items[0].line, 70009);  // 8 lines of head, then the padding
  EXPECT_EQ(status.error().message, "line 70013: <wp:post_id> is 'x', not a whole number");
}

TEST(WxrReader, MatchesNamespacesNotPrefixesAndDropsIndentationAroundCdata) {
  // Another prefix for WordPress's namespace, and the indentation WordPress 5.x wrote around
  // its CDATA sections; spaces around ids are trimmed, inside the content kept.
  testing::TempDir folder;
  testing::write_text(
      folder / "prefixes.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
      "<rss version=\"2.0\" xmlns:c=\"http://purl.org/rss/1.0/modules/content/\"\n"
      " xmlns:x=\"http://wordpress.org/export/1.2/excerpt/\"\n"
      " xmlns:wordpress=\"http://wordpress.org/export/1.2/\"\n"
      " xmlns:wp=\"http://example.org/not-wordpress/\">\n"
      "<channel><wordpress:wxr_version> 1.2 </wordpress:wxr_version>\n"
      "<item><title>\n\t\tUn titre\n\t\t</title>\n"
      "<c:encoded>\n\t\t<![CDATA[  Premier paragraphe.\n\nSecond.  ]]>\n\t\t</c:encoded>\n"
      "<x:encoded>Résumé &amp; suite</x:encoded>\n"
      "<wordpress:post_id>\n 42 \n</wordpress:post_id>\n"
      "<wp:post_id>7</wp:post_id>\n"
      "</item></channel></rss>\n");
  Recorder recorder;
  Status status = read_wxr(folder / "prefixes.xml", recorder);
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  ASSERT_EQ(recorder.items.size(), 1u);
  EXPECT_EQ(recorder.items[0].post_id, 42);
  EXPECT_EQ(recorder.items[0].title, "Un titre");
  EXPECT_EQ(recorder.items[0].content, "  Premier paragraphe.\n\nSecond.  ");
  EXPECT_EQ(recorder.items[0].excerpt, "Résumé & suite");
}

}  // namespace
}  // namespace tribune
