// `tribune export wxr` and `tribune export markdown` on a site written in Markdown: a WXR file
// WordPress can read (valid XML, every article, its HTML as the post content), and failures
// that are one line on stderr with a non-zero exit, leaving no half file.
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

class ExportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        run_tribune({"init", "--data", data_.path().string(), "--url", "https://sahel.example"})
            .exit_code,
        0);
    write_text(files_ / "a.md",
               "---\ntitle: \"Crues : comment le fleuve a débordé\"\nauthor: \"Awa Diallo\"\n"
               "category: [\"Actualités\", \"Sahel\"]\ntags: [\"climat\", \"Niger\"]\n"
               "date: 2026-03-01T08:00:00Z\nviews: 42\n---\n\nLe fleuve **Niger** a "
               "débordé\nà Mopti & Ségou.\n\n- un\n- deux\n");
    write_text(files_ / "b.md",
               "---\ntitle: \"Brouillon\"\nauthor: \"Sidi Coulibaly\"\ncategory: [\"Économie\"]\n"
               "date: 2026-03-02T08:00:00Z\ndraft: true\ncomments: closed\n---\n\nPas encore "
               "<prêt> ]]> fin.\n");
    CommandResult imported = run_tribune({"import", "markdown", "--data", data_.path().string(),
                                          (files_ / "a.md").string(), (files_ / "b.md").string(),
                                          seed_article().string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  TempDir data_;
  TempDir files_;
  TempDir out_;
};

TEST_F(ExportCommand, WxrOfAMarkdownSiteIsValidAndHoldsEveryArticleAsHtml) {
  const auto file = out_ / "site.xml";
  CommandResult result =
      run_tribune({"export", "wxr", "--data", data_.path().string(), "--output", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("3 articles"), std::string::npos) << result.out;
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));

  CommandResult lint = run_program({"/usr/bin/xmllint", "--noout", file.string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  const std::string xml = read_text(file);
  EXPECT_EQ(count_of(xml, "<wp:post_type>post</wp:post_type>"), 3u) << xml;
  EXPECT_NE(xml.find("<wp:wxr_version>1.2</wp:wxr_version>"), std::string::npos);
  EXPECT_NE(xml.find("<wp:base_site_url>https://sahel.example</wp:base_site_url>"),
            std::string::npos);
  EXPECT_NE(xml.find("<wp:post_name>crues-comment-le-fleuve-a-deborde</wp:post_name>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<link>https://sahel.example/2026/03/01/crues-comment-le-fleuve-a-deborde/"
                     "</link>"),
            std::string::npos);
  // The rendered HTML, in one Custom HTML block, not the Markdown.
  EXPECT_NE(xml.find("<!-- wp:html --><p>Le fleuve <strong>Niger</strong>"), std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("**Niger**"), std::string::npos);
  EXPECT_NE(xml.find("<li>deux</li>"), std::string::npos);
  EXPECT_NE(xml.find("<wp:status>draft</wp:status>"), std::string::npos);
  EXPECT_NE(xml.find("<category domain=\"category\" nicename=\"sahel\"><![CDATA[Sahel]]>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<wp:category_parent>actualites</wp:category_parent>"), std::string::npos);
  EXPECT_NE(xml.find("<wp:meta_value><![CDATA[42]]></wp:meta_value>"), std::string::npos);
  EXPECT_NE(xml.find("<wp:author_login>awa-diallo</wp:author_login>"), std::string::npos);

  // Standard output gets the same document, and nothing else.
  CommandResult stdout_export = run_tribune({"export", "wxr", "--data", data_.path().string()});
  ASSERT_EQ(stdout_export.exit_code, 0) << stdout_export.err;
  EXPECT_TRUE(stdout_export.out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  EXPECT_EQ(count_of(stdout_export.out, "<wp:post_type>post</wp:post_type>"), 3u);
  write_text(out_ / "stdout.xml", stdout_export.out);
  lint = run_program({"/usr/bin/xmllint", "--noout", (out_ / "stdout.xml").string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;

  // Tribune reads it back: the same three articles in a new site.
  TempDir second;
  ASSERT_EQ(run_tribune({"init", "--data", second.path().string()}).exit_code, 0);
  CommandResult reimported =
      run_tribune({"import", "wxr", "--data", second.path().string(), file.string()});
  ASSERT_EQ(reimported.exit_code, 0) << reimported.err;
  EXPECT_NE(reimported.out.find("articles: 3 created"), std::string::npos) << reimported.out;
}

TEST_F(ExportCommand, MarkdownIntoAFolderWithFilesFailsInOneLine) {
  write_text(out_ / "old.md", "an earlier export");
  CommandResult result =
      run_tribune({"export", "markdown", "--data", data_.path().string(), out_.path().string()});
  expect_one_line_error(result, {"not empty"});
  EXPECT_NE(result.err.find(out_.path().string()), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(out_ / "crues-comment-le-fleuve-a-deborde.md"));
}

TEST_F(ExportCommand, MarkdownWritesFilesTheImportReadsBack) {
  const auto dir = out_ / "export";
  CommandResult result =
      run_tribune({"export", "markdown", "--data", data_.path().string(), dir.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Exported 3 articles"), std::string::npos) << result.out;
  const std::string draft = read_text(dir / "articles" / "brouillon.md");
  EXPECT_NE(draft.find("draft: true"), std::string::npos) << draft;
  EXPECT_NE(draft.find("comments: closed"), std::string::npos) << draft;

  TempDir second;
  ASSERT_EQ(run_tribune({"init", "--data", second.path().string()}).exit_code, 0);
  CommandResult imported = run_tribune(
      {"import", "markdown", "--data", second.path().string(), (dir / "articles").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Imported 3 articles"), std::string::npos) << imported.out;
  CommandResult shown = run_tribune(
      {"article", "show", "--data", second.path().string(), "crues-comment-le-fleuve-a-deborde"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
}

TEST_F(ExportCommand, AnUnwritableOutputFailsCleanly) {
  const auto file = out_ / "missing-folder" / "site.xml";
  CommandResult result =
      run_tribune({"export", "wxr", "--data", data_.path().string(), "--output", file.string()});
  expect_one_line_error(result, {"missing-folder"});
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_FALSE(std::filesystem::exists(out_ / "missing-folder"));

  // An existing export is left as it was when the new one cannot be written.
  const auto kept = out_ / "kept.xml";
  write_text(kept, "the previous export");
  std::filesystem::create_directory(kept.string() + ".tmp");  // the temporary name is taken
  result =
      run_tribune({"export", "wxr", "--data", data_.path().string(), "--output", kept.string()});
  expect_one_line_error(result, {"kept.xml.tmp"});
  EXPECT_EQ(read_text(kept), "the previous export");
}

TEST_F(ExportCommand, TrashIsLeftOutAndUnpublishedIsPrivateOrADraft) {
  const std::string data = data_.path().string();
  ASSERT_EQ(run_tribune({"article", "delete", "--data", data, "brouillon"}).exit_code, 0);
  ASSERT_EQ(
      run_tribune({"article", "unpublish", "--data", data, "crues-comment-le-fleuve-a-deborde"})
          .exit_code,
      0);
  const auto file = out_ / "site.xml";
  CommandResult result = run_tribune({"export", "wxr", "--data", data, "-o", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Left out 1 article in the trash"), std::string::npos) << result.out;
  const std::string xml = read_text(file);
  EXPECT_EQ(count_of(xml, "<wp:post_type>post</wp:post_type>"), 2u);
  EXPECT_EQ(xml.find("<wp:post_name>brouillon</wp:post_name>"), std::string::npos);
  EXPECT_NE(xml.find("<wp:status>private</wp:status>"), std::string::npos);

  const auto dir = out_ / "markdown";
  result = run_tribune({"export", "markdown", "--data", data, dir.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "articles" / "brouillon.md"));
  EXPECT_NE(
      read_text(dir / "articles" / "crues-comment-le-fleuve-a-deborde.md").find("draft: true"),
      std::string::npos);
}

}  // namespace
}  // namespace tribune::testing
