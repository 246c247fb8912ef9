// HTML to text through libxml2's HTML parser (entities and broken markup are its business).
#include "search/plain_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>

namespace tribune {
namespace {

// Elements after which the text continues on a new line: words either side are not one.
bool is_block(const xmlChar* name) {
  static constexpr const char* kBlocks[] = {
      "p",  "div", "br", "li",  "ul",         "ol",      "h1",         "h2",    "h3",
      "h4", "h5",  "h6", "tr",  "td",         "th",      "blockquote", "pre",   "figure",
      "hr", "dt",  "dd", "img", "figcaption", "section", "article",    "table", "aside"};
  for (const char* block : kBlocks) {
    if (std::strcmp(reinterpret_cast<const char*>(name), block) == 0) return true;
  }
  return false;
}

bool is_hidden(const xmlChar* name) {
  const char* text = reinterpret_cast<const char*>(name);
  return std::strcmp(text, "script") == 0 || std::strcmp(text, "style") == 0 ||
         std::strcmp(text, "template") == 0;
}

void collect_text(const xmlNode* node, std::string& out) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) out.append(reinterpret_cast<const char*>(node->content));
    } else if (node->type == XML_ELEMENT_NODE && !is_hidden(node->name)) {
      collect_text(node->children, out);
      if (is_block(node->name) && !out.empty() && out.back() != '\n') out.push_back('\n');
    }
  }
}

}  // namespace

std::string html_to_plain_text(std::string_view html) {
  if (html.empty()) return {};
  // A fragment: libxml2 wraps it in html/body itself. No network, no error output.
  htmlDocPtr document =
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (document == nullptr) return {};
  std::string text;
  text.reserve(html.size());
  collect_text(xmlDocGetRootElement(document), text);
  xmlFreeDoc(document);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace tribune
