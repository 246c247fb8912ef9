// Writes an XML document (feeds, sitemaps, exports) into a string, or streaming into an open
// file, through libxml2's text writer: escaping and well-formedness are the library's.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tribune {

// One UTF-8 document, written front to back. Text is given as UTF-8; characters XML 1.0 does
// not allow (control characters other than tab and line breaks) are dropped, so that no
// article's stray byte can make a feed unreadable. Elements left open are closed by finish()
// or close().
class XmlWriter {
 public:
  // Into memory: finish() returns the document. Fails (throws) only when memory runs out.
  XmlWriter();
  // Streaming into `file` (left open: the caller owns it), indented, so that a whole site's
  // export never sits in memory. A failed write (a full disk) is no exception: the writer
  // stops writing and close() returns the io Error with libxml2's reason, which libxml2 does
  // not print (its error handlers on this thread are the writer's until close()).
  explicit XmlWriter(std::FILE* file);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // Opens element `name` ("rss", "news:title"); attributes follow before any content.
  void start(std::string_view name);
  void attribute(std::string_view name, std::string_view value);
  // Escaped character data inside the open element.
  void text(std::string_view text);
  // Character data as CDATA sections, as WordPress writes post content: readable in the file,
  // and read back the same by any XML parser. "]]>" in `text` is split across two sections.
  void cdata(std::string_view text);
  // <name>text</name>.
  void element(std::string_view name, std::string_view text);
  // Closes the innermost open element.
  void end();
  // The whole document, with its declaration; the writer is spent afterwards.
  std::string finish();
  // Ends the document written into a file and flushes it; an io Error when any write failed.
  Status close();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// `text` without the characters XML 1.0 does not allow.
std::string xml_safe_text(std::string_view text);

}  // namespace tribune
