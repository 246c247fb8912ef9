// Writes an XML document (feeds, sitemaps, exports) into a string through libxml2's text
// writer: escaping and well-formedness are the library's, not hand-written.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tribune {

// One UTF-8 document, written front to back. Text is given as UTF-8; characters XML 1.0 does
// not allow (control characters other than tab and line breaks) are dropped, so that no
// article's stray byte can make a feed unreadable. Elements left open are closed by finish().
class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // Opens element `name` ("rss", "news:title"); attributes follow before any content.
  void start(std::string_view name);
  void attribute(std::string_view name, std::string_view value);
  // Escaped character data inside the open element.
  void text(std::string_view text);
  // <name>text</name>.
  void element(std::string_view name, std::string_view text);
  // Closes the innermost open element.
  void end();
  // The whole document, with its declaration; the writer is spent afterwards.
  std::string finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// `text` without the characters XML 1.0 does not allow.
std::string xml_safe_text(std::string_view text);

}  // namespace tribune
