// The XML writer: escaping, stray control characters, nesting.
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

}  // namespace
}  // namespace tribune
