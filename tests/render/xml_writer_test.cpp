// The XML writer: escaping, stray control characters, nesting; into a file, CDATA sections and
// a failed write reported as an Error.
#include "render/xml_writer.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(XmlWriter, EscapesTextAndAttributes) {
  XmlWriter xml;
  xml.start("item");
  xml.attribute("href", "/a?b=1&c=\"2\"");
  xml.element("title", "Goïta & <les> États-Unis");
  xml.end();
  std::string document = xml.finish();
  EXPECT_NE(document.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), std::string::npos);
  EXPECT_NE(document.find("href=\"/a?b=1&amp;c=&quot;2&quot;\""), std::string::npos) << document;
  EXPECT_NE(document.find("<title>Goïta &amp; &lt;les&gt; États-Unis</title>"), std::string::npos)
      << document;
}

TEST(XmlWriter, DropsCharactersXmlForbids) {
  EXPECT_EQ(xml_safe_text("a\x01"
                          "b\x1f"
                          "c\td\ne\xEF\xBF\xBE"
                          "f"),
            "abc\td\nef");
  EXPECT_EQ(xml_safe_text("l\xE2\x80\xAF"
                          "a"),
            "l\xE2\x80\xAF"
            "a");  // narrow no-break space
}

TEST(XmlWriter, ClosesOpenElementsAtTheEnd) {
  XmlWriter xml;
  xml.start("urlset");
  xml.start("url");
  xml.element("loc", "https://example.org/");
  std::string document = xml.finish();
  EXPECT_NE(document.find("</url></urlset>"), std::string::npos) << document;
}

TEST(XmlWriter, WritesIntoAFileWithCdataSplitAroundItsEndMarker) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    XmlWriter xml(file);
    xml.start("item");
    xml.start("content");
    xml.cdata("<p>a]]>b</p>");
    xml.end();
    xml.element("title", "x & y");
    xml.end();
    ASSERT_TRUE(xml.close().ok());
  }
  std::rewind(file);
  std::string document;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file))
    document.push_back(static_cast<char>(c));
  std::fclose(file);
  EXPECT_NE(document.find("<content><![CDATA[<p>a]]]]><![CDATA[>b</p>]]></content>"),
            std::string::npos)
      << document;
  EXPECT_NE(document.find("<title>x &amp; y</title>"), std::string::npos) << document;
}

TEST(XmlWriter, AFailedWriteIsAnErrorAtClose) {
  std::FILE* full = std::fopen("/dev/full", "w");
  if (full == nullptr) GTEST_SKIP() << "no /dev/full";
  XmlWriter xml(full);
  xml.start("rss");
  for (int i = 0; i < 10000; ++i) xml.element("item", "some text to fill the buffers");
  Status closed = xml.close();
  std::fclose(full);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, Errc::io);
}

}  // namespace
}  // namespace tribune
