// Allowlist sanitizing on gumbo's HTML5 tree. The tree is walked with an explicit stack (a post
// may nest thousands of elements), and each element kept is checked against the elements the
// output already has open, so that parsing the output again builds the same tree: the
// sanitizer's output is a fixed point of the sanitizer.
#include "render/html_sanitizer.h"

#include <gumbo.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <unordered_set>
#include <vector>

namespace tribune {
namespace {

// Deeper than this many kept elements, only text is kept.
constexpr std::size_t kMaxDepth = 200;

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements that go with everything inside them: active content, other documents, forms,
// and what a browser does not show.
bool is_dropped(std::string_view name) {
  return is_one_of(name, {"script",   "style",    "iframe",   "object",   "embed",  "applet",
                          "form",     "input",    "button",   "select",   "option", "optgroup",
                          "textarea", "noscript", "template", "svg",      "math",   "link",
                          "meta",     "base",     "frame",    "frameset", "title",  "head",
                          "noembed",  "noframes", "param",    "datalist", "keygen"});
}

bool is_inline(std::string_view name) {
  return is_one_of(name, {"strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "small",
                          "mark", "abbr", "cite", "q", "code", "kbd", "a"});
}

bool is_heading(std::string_view name) { return is_one_of(name, {"h2", "h3", "h4", "h5", "h6"}); }

bool is_void(std::string_view name) { return is_one_of(name, {"br", "hr", "img"}); }

// The allowed elements, under their output name (h1 is written h2).
bool is_kept(std::string_view name) {
  return is_inline(name) || is_heading(name) || is_void(name) ||
         is_one_of(name,
                   {"p", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure",
                    "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"});
}

// Elements unwrapped whose direct text is a paragraph of its own.
bool is_block_container(std::string_view name) {
  return is_one_of(name,
                   {"div",    "section", "article", "aside",   "header",  "footer",    "main",
                    "nav",    "center",  "address", "details", "summary", "fieldset",  "legend",
                    "hgroup", "dir",     "menu",    "listing", "xmp",     "plaintext", "dialog"});
}

// What the output shows as a block of its own.
bool is_block(std::string_view name) {
  return (is_kept(name) && !is_inline(name) && name != "br" && name != "img") || name == "h1" ||
         is_block_container(name);
}

// Where text cannot stand: the parser would move it out of the table.
bool is_table_context(std::string_view name) {
  return is_one_of(name, {"table", "thead", "tbody", "tfoot", "tr"});
}

// Where a paragraph may open.
bool is_flow_container(std::string_view name) {
  return is_one_of(name,
                   {"blockquote", "li", "dd", "dt", "figure", "figcaption", "td", "th", "caption"});
}

using OpenElements = std::vector<std::string_view>;

// True when the parser, reading `name`'s start tag with `open` open, would not simply nest it
// in the innermost one (it would close some, or move it): such an element is unwrapped. These
// are the HTML5 tree-construction rules for the elements the output can hold; the input's
// tree holds such nestings only through elements that were unwrapped (`<li><section><li>`).
bool would_move(std::string_view name, const OpenElements& open) {
  std::string_view top = open.empty() ? std::string_view() : open.back();
  // The table's parts only stand in their own parent; nothing else stands in a table's parts.
  if (is_one_of(name, {"caption", "thead", "tbody", "tfoot"})) return top != "table";
  if (name == "tr") return !is_one_of(top, {"thead", "tbody", "tfoot"});
  if (name == "td" || name == "th") return top != "tr";
  if (is_table_context(top)) return true;
  // A block start tag closes an open <p> (in button scope).
  if (is_block(name)) {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (*it == "p") return true;
      if (is_one_of(*it, {"caption", "table", "td", "th"})) break;
    }
  }
  if (is_heading(name) && is_heading(top)) return true;
  // <li> closes an open <li>, <dd>/<dt> an open <dd> or <dt>, up to a "special" element.
  if (name == "li" || name == "dd" || name == "dt") {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (name == "li" ? *it == "li" : (*it == "dd" || *it == "dt")) return true;
      if (!is_inline(*it) && *it != "p") break;
    }
  }
  // <a> closes an open <a> (up to a cell or caption, which mark the formatting list).
  if (name == "a") {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (*it == "a") return true;
      if (is_one_of(*it, {"td", "th", "caption"})) break;
    }
  }
  return false;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool is_control_or_space(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view text, bool (*strip)(char)) {
  while (!text.empty() && strip(text.front())) text.remove_prefix(1);
  while (!text.empty() && strip(text.back())) text.remove_suffix(1);
  return text;
}

enum class UrlKind { refused, relative, absolute_web, mail };

// What `url` (an attribute's decoded value) points to. Browsers ignore whitespace and control
// characters in a scheme ("java\tscript:"), so they are taken out before looking; anything
// with a scheme other than http, https or mailto is refused, even where a browser would read
// a relative path.
UrlKind classify_url(std::string_view url) {
  std::string compact;
  for (char c : url) {
    if (!is_control_or_space(c)) compact += ascii_lower(c);
  }
  std::size_t colon = compact.find(':');
  std::size_t path = compact.find_first_of("/?#");
  if (colon == std::string::npos || (path != std::string::npos && path < colon)) {
    if (compact.starts_with("//")) return UrlKind::absolute_web;  // protocol-relative
    return UrlKind::relative;
  }
  std::string_view scheme = std::string_view(compact).substr(0, colon);
  if (scheme == "http" || scheme == "https") return UrlKind::absolute_web;
  if (scheme == "mailto") return UrlKind::mail;
  return UrlKind::refused;
}

// Up to 9 ASCII digits, nothing else (surrounding spaces aside).
std::optional<std::string_view> digits(std::string_view value) {
  value = trim(value, is_ascii_space);
  if (value.empty() || value.size() > 9) return std::nullopt;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return value;
}

// The class names an article's layout uses (WordPress's alignment and gallery classes).
std::string filter_classes(std::string_view value) {
  std::string kept;
  std::size_t position = 0;
  while (position < value.size()) {
    while (position < value.size() && is_ascii_space(value[position])) ++position;
    std::size_t end = position;
    while (end < value.size() && !is_ascii_space(value[end])) ++end;
    std::string_view token = value.substr(position, end - position);
    if (is_one_of(token, {"gallery", "gallery-item", "alignleft", "alignright", "aligncenter",
                          "alignnone"})) {
      if (!kept.empty()) kept += ' ';
      kept += token;
    }
    position = end;
  }
  return kept;
}

// The code points an HTML parser replaces with U+FFFD when it reads them raw: controls other
// than whitespace, C1 controls and noncharacters. A character reference ("&#x1;") gives them
// to the parser's output all the same, so they are written as the U+FFFD a reader gets anyway,
// and the output reads back as written.
bool is_replaced_when_parsed(char32_t c) {
  return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) ||
         (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

// `text` (as the parser gives it: UTF-8 but for rare bytes) escaped for an element's content or,
// with `attribute`, a double-quoted attribute value.
void append_escaped(std::string& out, std::string_view text, bool attribute) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    const auto lead = static_cast<unsigned char>(c);
    if (lead >= 0x80) {
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
      auto next = static_cast<std::int32_t>(at);
      UChar32 code_point = 0;
      U8_NEXT(bytes, next, static_cast<std::int32_t>(text.size()), code_point);
      // Negative for bytes that are not UTF-8: gumbo passes some through (from a numeric
      // reference far past U+10FFFF), and a parser reads those as U+FFFD as well.
      if (code_point < 0 || is_replaced_when_parsed(static_cast<char32_t>(code_point))) {
        out += kReplacement;
      } else {
        out += text.substr(at, static_cast<std::size_t>(next) - at);
      }
      at = static_cast<std::size_t>(next);
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += attribute ? ">" : "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\r':  // a parser reads a raw CR as LF: only the reference stays a CR
        out += "&#13;";
        break;
      case '\0':
        out += kReplacement;
        break;
      default:
        if (is_replaced_when_parsed(static_cast<char32_t>(lead))) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
    ++at;
  }
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(out, value, true);
  out += '"';
}

// The start tag of kept element `name` with its allowed attributes, or nullopt when the
// element cannot be kept (an image without a source, a link without an address).
std::optional<std::string> start_tag(std::string_view name, const GumboElement& element) {
  std::string tag = "<" + std::string(name);
  bool has_href = false, has_src = false, external = false;
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    std::string_view key = attribute->name;
    std::string_view value = attribute->value;
    if (key == "class") {
      std::string classes = filter_classes(value);
      if (!classes.empty()) append_attribute(tag, key, classes);
    } else if ((name == "a" && key == "href") || (name == "img" && key == "src") ||
               ((name == "q" || name == "blockquote") && key == "cite")) {
      UrlKind kind = classify_url(value);
      if (kind == UrlKind::refused || (kind == UrlKind::mail && key != "href")) continue;
      append_attribute(tag, key, trim(value, is_control_or_space));
      has_href = has_href || key == "href";
      has_src = has_src || key == "src";
      external = external || kind == UrlKind::absolute_web;
    } else if ((key == "title" && is_one_of(name, {"a", "img", "abbr"})) ||
               (key == "alt" && name == "img")) {
      append_attribute(tag, key, value);
    } else if (((key == "width" || key == "height") && name == "img") ||
               ((key == "colspan" || key == "rowspan") && (name == "td" || name == "th")) ||
               (key == "start" && name == "ol")) {
      if (auto number = digits(value)) append_attribute(tag, key, *number);
    }
  }
  if (name == "a") {
    if (!has_href) return std::nullopt;
    if (external) tag += " rel=\"nofollow noopener\"";
  }
  if (name == "img") {
    if (!has_src) return std::nullopt;
    tag += " loading=\"lazy\" decoding=\"async\"";
  }
  tag += '>';
  return tag;
}

// The element's name as the allowlists spell it; empty for elements outside HTML.
std::string_view element_name(const GumboNode& node) {
  const GumboElement& element = node.v.element;
  if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return {};
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  return "unknown";
}

bool is_element(const GumboNode& node) {
  return node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE;
}

bool is_removed(const GumboNode& node) {
  std::string_view name = element_name(node);
  return name.empty() || is_dropped(name);
}

// The elements that are, or hold, a block of the output.
std::unordered_set<const GumboNode*> nodes_holding_blocks(const GumboNode& root) {
  std::unordered_set<const GumboNode*> holding;
  std::vector<const GumboNode*> pending{&root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node != &root && is_block(element_name(*node))) {
      for (const GumboNode* up = node; up != nullptr && up != &root; up = up->parent) {
        if (!holding.insert(up).second) break;
      }
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (is_element(*child) && !is_removed(*child)) pending.push_back(child);
    }
  }
  return holding;
}

// gumbo frees its tree recursively, which a deep enough tree overflows the stack with: every
// block it allocates is linked in a list here (O(1) to add and remove, unlike a hash set,
// which cost half the time of a post of half a million short lines) and freed at the end.
class Allocations {
 public:
  Allocations() = default;
  Allocations(const Allocations&) = delete;
  Allocations& operator=(const Allocations&) = delete;
  ~Allocations() {
    for (Block* block = head_.next; block != &head_;) {
      Block* next = block->next;
      std::free(block);
      block = next;
    }
  }

  static void* allocate(void* self, std::size_t size) {
    Block& head = static_cast<Allocations*>(self)->head_;
    auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
    if (block == nullptr) return nullptr;
    block->prev = &head;
    block->next = head.next;
    head.next->prev = block;
    head.next = block;
    return block + 1;
  }

  static void release(void* /*self*/, void* pointer) {
    if (pointer == nullptr) return;
    Block* block = static_cast<Block*>(pointer) - 1;
    block->prev->next = block->next;
    block->next->prev = block->prev;
    std::free(block);
  }

 private:
  // Ahead of each block; its alignment keeps the block's own as malloc's.
  struct alignas(std::max_align_t) Block {
    Block* prev;
    Block* next;
  };
  Block head_{&head_, &head_};
};

class Writer {
 public:
  explicit Writer(const GumboNode& root) : holding_blocks_(nodes_holding_blocks(root)) {}

  std::string write(const GumboNode& root) {
    frames_.push_back(Frame{.children = &root.v.element.children, .wraps_text = false});
    while (!frames_.empty()) {
      Frame& frame = frames_.back();
      if (frame.next == frame.children->length) {
        close(frame);
        frames_.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(frame.children->data[frame.next++]);
      visit(*child);
    }
    return std::move(out_);
  }

 private:
  struct Frame {
    const GumboVector* children = nullptr;
    unsigned next = 0;
    std::string_view kept;  // the element written, or empty when unwrapped
    std::size_t tag_start = 0, content_start = 0;
    bool wraps_text = false;  // an unwrapped block: its text becomes paragraphs
    bool paragraph_open = false;
    std::size_t paragraph_start = 0, paragraph_content = 0;
  };

  std::string_view top() const { return open_.empty() ? std::string_view() : open_.back(); }

  bool in_table_context() const { return is_table_context(top()); }

  void visit(const GumboNode& node) {
    Frame& frame = frames_.back();
    if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_WHITESPACE ||
        node.type == GUMBO_NODE_CDATA) {
      std::string_view text = node.v.text.text;
      bool blank = trim(text, is_ascii_space).empty();
      if (in_table_context() && !blank) return;
      if (frame.wraps_text && !blank) open_paragraph(frame);
      // A parser drops a newline right after <pre>: the text's own first one is doubled.
      if (out_.size() == pre_content_ && text.starts_with('\n')) out_ += '\n';
      append_escaped(out_, text, false);
      return;
    }
    if (!is_element(node) || is_removed(node)) return;  // comments, scripts, SVG…
    std::string_view name = element_name(node);
    if (name == "h1") name = "h2";
    if (frame.wraps_text) {
      if (holding_blocks_.contains(&node)) {
        close_paragraph(frame);
      } else {
        open_paragraph(frame);
      }
    }
    std::optional<std::string> tag;
    if (is_kept(name) && open_.size() < kMaxDepth && !would_move(name, open_)) {
      tag = start_tag(name, node.v.element);
      if (!tag && name == "img") return;
    }
    if (!tag) {
      // Unwrapped. Its content cannot stand in a table: it goes too.
      if (in_table_context()) return;
      bool flow = open_.empty() || is_flow_container(top());
      bool wraps = flow && open_.size() < kMaxDepth &&
                   (is_block_container(name) || holding_blocks_.contains(&node));
      frames_.push_back(Frame{.children = &node.v.element.children, .wraps_text = wraps});
      return;
    }
    std::size_t tag_start = out_.size();
    out_ += *tag;
    if (is_void(name)) return;
    const GumboVector& children = node.v.element.children;
    if (name == "pre") pre_content_ = out_.size();
    open_.push_back(name);
    frames_.push_back(Frame{
        .children = &children, .kept = name, .tag_start = tag_start, .content_start = out_.size()});
  }

  void open_paragraph(Frame& frame) {
    if (frame.paragraph_open || would_move("p", open_)) return;
    frame.paragraph_open = true;
    frame.paragraph_start = out_.size();
    out_ += "<p>";
    frame.paragraph_content = out_.size();
    open_.push_back("p");
  }

  void close_paragraph(Frame& frame) {
    if (!frame.paragraph_open) return;
    frame.paragraph_open = false;
    open_.pop_back();
    if (out_.size() == frame.paragraph_content) {
      out_.resize(frame.paragraph_start);
    } else {
      out_ += "</p>";
    }
  }

  void close(Frame& frame) {
    close_paragraph(frame);
    if (frame.kept.empty()) return;
    open_.pop_back();
    // A paragraph, heading, emphasis or link left empty (its content was all removed, or
    // the parser's repair of misnested tags made it empty) goes too.
    bool droppable =
        frame.kept == "p" || frame.kept == "pre" || is_heading(frame.kept) || is_inline(frame.kept);
    if (droppable && out_.size() == frame.content_start) {
      out_.resize(frame.tag_start);
      return;
    }
    out_ += "</";
    out_ += frame.kept;
    out_ += '>';
  }

  std::unordered_set<const GumboNode*> holding_blocks_;
  std::vector<Frame> frames_;
  OpenElements open_;
  std::string out_;
  std::size_t pre_content_ = std::string::npos;  // where the last <pre>'s content begins
};

// Deeper than this many elements (as limit_nesting estimates it), start tags are dropped
// before parsing: the parser's scope checks walk its stack of open elements, so a deep
// enough tree takes quadratic time (50,000 nested blocks: seconds).
constexpr std::size_t kMaxParseDepth = 256;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// `html` with the start tags that would nest past kMaxParseDepth taken out (with as many end
// tags), by a rough tokenizer: elements a sibling closes (p, li, td…) and void ones do not
// count, comments and raw text (script, style…) are skipped. Only an estimate: whatever it
// keeps is still parsed and sanitized as a browser reads it. Nearly always `html` unchanged.
std::string limit_nesting(std::string_view html) {
  std::string out;
  std::size_t copied = 0, depth = 0, dropped = 0;
  std::size_t position = 0;
  while ((position = html.find('<', position)) != std::string_view::npos) {
    if (html.substr(position).starts_with("<!--")) {
      std::size_t end = html.find("-->", position + 4);
      if (end == std::string_view::npos) break;
      position = end + 3;
      continue;
    }
    bool closing = position + 1 < html.size() && html[position + 1] == '/';
    std::size_t i = position + (closing ? 2 : 1);
    if (i >= html.size() || !is_letter(html[i])) {
      ++position;
      continue;
    }
    std::string name;
    while (i < html.size() && !is_ascii_space(html[i]) && html[i] != '/' && html[i] != '>') {
      name += ascii_lower(html[i++]);
    }
    // The tag's end: '>' outside a quoted attribute value.
    char quote = 0;
    for (; i < html.size(); ++i) {
      if (quote != 0) {
        if (html[i] == quote) quote = 0;
      } else if (html[i] == '"' || html[i] == '\'') {
        quote = html[i];
      } else if (html[i] == '>') {
        break;
      }
    }
    if (i >= html.size()) break;
    std::size_t end = i + 1;
    bool counted =
        !is_one_of(name, {"p",      "li",       "dt",    "dd",     "tr",    "td",       "th",
                          "option", "optgroup", "thead", "tbody",  "tfoot", "colgroup", "caption",
                          "rb",     "rt",       "rp",    "area",   "base",  "br",       "col",
                          "embed",  "hr",       "img",   "input",  "link",  "meta",     "param",
                          "source", "track",    "wbr",   "keygen", "image"});
    bool drop = false;
    if (!closing && is_one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe",
                                     "noembed", "noframes", "noscript"})) {
      // Raw text up to its end tag, which nothing inside can nest past.
      std::size_t close = html.find("</", end);
      while (close != std::string_view::npos) {
        std::size_t j = 0;
        while (j < name.size() && close + 2 + j < html.size() &&
               ascii_lower(html[close + 2 + j]) == name[j]) {
          ++j;
        }
        if (j == name.size()) break;
        close = html.find("</", close + 2);
      }
      if (close == std::string_view::npos) break;
      end = close + 2;
    } else if (name == "plaintext" && !closing) {
      break;  // the rest is text
    } else if (counted && !closing) {
      if (depth < kMaxParseDepth) {
        ++depth;
      } else {
        drop = true;
        ++dropped;
      }
    } else if (counted && closing) {
      if (dropped > 0) {
        drop = true;
        --dropped;
      } else if (depth > 0) {
        --depth;
      }
    }
    if (drop) {
      out += html.substr(copied, position - copied);
      copied = end;
    }
    position = end;
  }
  if (copied == 0) return std::string(html);
  out += html.substr(copied);
  return out;
}

}  // namespace

std::string sanitize_html(std::string_view input) {
  std::string html = limit_nesting(input);
  Allocations allocations;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Allocations::allocate;
  options.deallocator = &Allocations::release;
  options.userdata = &allocations;
  options.max_errors = 0;
  options.fragment_context = GUMBO_TAG_BODY;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  if (output == nullptr || output->root == nullptr) return {};
  // Not gumbo_destroy_output: `allocations` frees the tree.
  return Writer(*output->root).write(*output->root);
}

}  // namespace tribune
