// WordPress content to Tribune HTML. The paragraph rule is written from what wpautop does to
// a post, not from its code: text is cut at block-level tags, and each piece between two of
// them is made paragraphs, or left inline, after what encloses it.
#include "wordpress/wordpress_content.h"

#include "render/comment_text.h"
#include "render/html.h"
#include "render/html_sanitizer.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace tribune {
namespace {

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Where `needle` (lowercase) is in `text` from `from` on, ignoring ASCII case.
std::size_t find_ignoring_case(std::string_view text, std::string_view needle,
                               std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && ascii_lower(text[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         find_ignoring_case(text.substr(0, prefix.size()), prefix) == 0;
}

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

// ---- The paragraph rule ----

struct Tag {
  std::size_t end = 0;  // one past its '>'
  std::string name;     // lowercase; "!--" for a comment
  bool closing = false;
};

// The tag or comment starting at text[position] ('<'); nullopt when that '<' is text.
std::optional<Tag> read_tag(std::string_view text, std::size_t position) {
  if (text.substr(position).starts_with("<!--")) {
    std::size_t end = text.find("-->", position + 4);
    return Tag{.end = end == std::string_view::npos ? text.size() : end + 3, .name = "!--"};
  }
  Tag tag;
  std::size_t i = position + 1;
  if (i < text.size() && text[i] == '/') {
    tag.closing = true;
    ++i;
  }
  if (i >= text.size() ||
      !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
    return std::nullopt;
  }
  while (i < text.size() && is_name_char(text[i])) tag.name += ascii_lower(text[i++]);
  char quote = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    // Another '<' before the '>': this one was text (and a long text full of them is read
    // in linear time).
    if (c == '<') return std::nullopt;
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') && text[i - 1] == '=') {
      quote = c;
    } else if (c == '>') {
      tag.end = i + 1;
      return tag;
    }
  }
  return std::nullopt;
}

bool is_block_tag(std::string_view name) {
  return is_one_of(
      name,
      {"p",       "div",      "h1",      "h2",         "h3",     "h4",     "h5",         "h6",
       "ul",      "ol",       "li",      "dl",         "dt",     "dd",     "blockquote", "pre",
       "table",   "thead",    "tbody",   "tfoot",      "tr",     "td",     "th",         "caption",
       "col",     "colgroup", "figure",  "figcaption", "hr",     "form",   "fieldset",   "legend",
       "address", "section",  "article", "aside",      "header", "footer", "nav",        "main",
       "hgroup",  "details",  "summary", "menu",       "center", "map",    "area",       "math",
       "script",  "style"});
}

bool is_void_block(std::string_view name) { return is_one_of(name, {"hr", "col", "area"}); }

// Blocks that hold only inline content: their text is never made paragraphs.
bool holds_only_inline(std::string_view name) {
  return is_one_of(name, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "figcaption",
                          "summary", "legend", "address"});
}

// `text` with the line breaks inside its tags made spaces, so that only the text's own
// break lines.
std::string flatten_tags(std::string_view text) {
  std::string out(text);
  for (std::size_t position = 0; (position = text.find('<', position)) != std::string::npos;) {
    auto tag = read_tag(text, position);
    if (!tag) {
      ++position;
      continue;
    }
    for (std::size_t i = position; i < tag->end; ++i) {
      if (out[i] == '\n') out[i] = ' ';
    }
    position = tag->end;
  }
  return out;
}

// Line breaks inside a paragraph: each run of white space holding one becomes a <br />.
std::string break_lines(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_space(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_space(text[end])) ++end;
    std::string_view run = text.substr(i, end - i);
    if (run.find('\n') == std::string_view::npos) {
      out += run;
    } else {
      // A line already ending with <br> gets no second one.
      std::size_t bracket = out.rfind('<');
      bool after_break = bracket != std::string::npos && out.back() == '>' &&
                         starts_with_ignoring_case(std::string_view(out).substr(bracket), "<br") &&
                         std::string_view(out).substr(bracket, 4).find_first_of(" />", 3) == 3;
      out += after_break ? "\n" : "<br />\n";
    }
    i = end;
  }
  return out;
}

bool has_blank_line(std::string_view text) {
  for (std::size_t newline = text.find('\n'); newline != std::string_view::npos;
       newline = text.find('\n', newline + 1)) {
    std::size_t next = newline + 1;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
    if (next < text.size() && text[next] == '\n') return true;
  }
  return false;
}

// White space kept around text: a line break stays one line break, spaces stay.
void append_gap(std::string& out, std::string_view gap) {
  out += gap.find('\n') == std::string_view::npos ? std::string(gap) : "\n";
}

// The text between two block-level tags, `enclosing` being the innermost block open there.
void append_segment(std::string& out, std::string_view raw, std::string_view enclosing) {
  std::string text = flatten_tags(raw);
  std::string_view core = trim(text);
  if (core.empty()) {
    append_gap(out, text);
    return;
  }
  bool paragraphs = enclosing.empty() || enclosing == "blockquote" ||
                    (has_blank_line(core) && !holds_only_inline(enclosing));
  std::size_t leading = core.data() - text.data();
  if (!paragraphs) {
    append_gap(out, std::string_view(text).substr(0, leading));
    out += break_lines(core);
    append_gap(out, std::string_view(text).substr(leading + core.size()));
    return;
  }
  if (!out.empty() && out.back() != '\n' && leading > 0) out += '\n';
  // Paragraphs end at blank lines.
  std::string paragraph;
  auto finish = [&] {
    std::string_view lines = trim(paragraph);
    if (!lines.empty()) out += "<p>" + break_lines(lines) + "</p>\n";
    paragraph.clear();
  };
  for (std::size_t position = 0; position <= core.size();) {
    std::size_t newline = core.find('\n', position);
    std::size_t end = newline == std::string_view::npos ? core.size() : newline;
    std::string_view line = core.substr(position, end - position);
    if (trim(line).empty()) {
      finish();
    } else {
      paragraph += line;
      paragraph += '\n';
    }
    if (newline == std::string_view::npos) break;
    position = newline + 1;
  }
  finish();
}

// True when text[begin, end) has only white space before and after it on its line(s).
bool alone_on_line(std::string_view text, std::size_t begin, std::size_t end) {
  while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return (begin == 0 || text[begin - 1] == '\n') && (end == text.size() || text[end] == '\n');
}

// ---- Shortcodes ----

struct Shortcode {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string_view content;
  std::size_t end = 0;  // one past the shortcode (its closing tag included)
};

bool is_expanded(std::string_view name) {
  return is_one_of(name, {"caption", "wp_caption", "gallery", "embed", "video", "audio"});
}

// The shortcode WordPress media come in starting at text[position] ('['); nullopt for
// anything else (other shortcodes, brackets in text).
std::optional<Shortcode> read_shortcode(std::string_view text, std::size_t position,
                                        const std::map<std::string, std::size_t>& last_closing) {
  Shortcode code;
  std::size_t i = position + 1;
  while (i < text.size() && is_name_char(text[i])) code.name += text[i++];
  if (!is_expanded(code.name) || i >= text.size()) return std::nullopt;
  if (!is_space(text[i]) && text[i] != ']' && text[i] != '/') return std::nullopt;
  bool self_closing = false;
  while (true) {
    while (i < text.size() && is_space(text[i])) ++i;
    // A '[' outside quotes: this was text (and a long text of them is read in linear time).
    if (i >= text.size() || text[i] == '[') return std::nullopt;
    if (text[i] == ']') break;
    if (text[i] == '/' && i + 1 < text.size() && text[i + 1] == ']') {
      self_closing = true;
      ++i;
      break;
    }
    std::string key;
    while (i < text.size() && is_name_char(text[i])) key += ascii_lower(text[i++]);
    while (i < text.size() && is_space(text[i])) ++i;
    if (key.empty() || i >= text.size() || text[i] != '=') {
      // A value without a name, or a stray character: skipped up to the next space.
      if (key.empty()) {
        char quote = text[i];
        if (quote == '"' || quote == '\'') {
          std::size_t close = text.find(quote, i + 1);
          if (close == std::string_view::npos) return std::nullopt;
          i = close + 1;
        } else {
          while (i < text.size() && !is_space(text[i]) && text[i] != ']' && text[i] != '[') ++i;
        }
      }
      continue;
    }
    ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) return std::nullopt;
    std::string value;
    if (text[i] == '"' || text[i] == '\'') {
      std::size_t close = text.find(text[i], i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      value = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      while (i < text.size() && !is_space(text[i]) && text[i] != ']' && text[i] != '[') {
        value += text[i++];
      }
    }
    code.attributes.emplace(key, value);
  }
  code.end = i + 1;  // past ']'
  if (!self_closing && code.name != "gallery") {
    std::string closing = "[/" + code.name + "]";
    auto last = last_closing.find(code.name);
    std::size_t close = last == last_closing.end() || last->second < code.end
                            ? std::string_view::npos
                            : text.find(closing, code.end);
    if (close != std::string_view::npos) {
      code.content = text.substr(code.end, close - code.end);
      code.end = close + closing.size();
    }
  }
  return code;
}

std::string attribute(const Shortcode& code, const std::string& key) {
  auto found = code.attributes.find(key);
  return found == code.attributes.end() ? std::string() : found->second;
}

std::string link_paragraph(std::string_view url) {
  std::string escaped = escape_html(url);
  return "<p><a href=\"" + escaped + "\">" + escaped + "</a></p>";
}

// The image a caption is about: an <img>, or a link holding one, at the content's start.
std::size_t image_length(std::string_view content) {
  if (starts_with_ignoring_case(content, "<a ") || starts_with_ignoring_case(content, "<a>")) {
    std::size_t close = find_ignoring_case(content, "</a>");
    if (close != std::string_view::npos &&
        find_ignoring_case(content.substr(0, close), "<img") != std::string_view::npos) {
      return close + 4;
    }
    return 0;
  }
  if (starts_with_ignoring_case(content, "<img")) {
    auto tag = read_tag(content, 0);
    return tag ? tag->end : 0;
  }
  return 0;
}

std::string expand_caption(const Shortcode& code) {
  std::string_view content = trim(code.content);
  std::size_t image = image_length(content);
  std::string caption(trim(content.substr(image)));
  if (caption.empty()) caption = escape_html(trim(attribute(code, "caption")));
  if (image == 0 && caption.empty()) return {};
  std::string align = attribute(code, "align");
  std::string out = align.empty() ? "<figure>" : "<figure class=\"" + escape_html(align) + "\">";
  out += content.substr(0, image);
  if (!caption.empty()) out += "<figcaption>" + caption + "</figcaption>";
  return out + "</figure>";
}

std::string expand_gallery(const Shortcode& code, const WordpressContext& context) {
  std::string ids = attribute(code, "ids");
  if (ids.empty()) ids = attribute(code, "include");
  std::vector<WordpressAttachment> items;
  if (trim(ids).empty()) {
    items = context.post_attachments;
  } else {
    std::string_view rest = ids;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view item = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      std::int64_t id = 0;
      auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
      if (error != std::errc() || end != item.data() + item.size() || !context.attachment) continue;
      if (auto attachment = context.attachment(id)) items.push_back(std::move(*attachment));
    }
  }
  std::string out;
  for (const WordpressAttachment& item : items) {
    if (item.url.empty()) continue;
    out += "<li class=\"gallery-item\"><figure><img src=\"" + escape_html(item.url) + "\" alt=\"" +
           escape_html(item.alt) + "\">";
    if (!item.caption.empty()) out += "<figcaption>" + escape_html(item.caption) + "</figcaption>";
    out += "</figure></li>";
  }
  return out.empty() ? out : "<ul class=\"gallery\">" + out + "</ul>";
}

std::string expand_media(const Shortcode& code) {
  std::string source = attribute(code, "src");
  for (const char* format :
       {"mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "m4a", "wav", "wma", "flac"}) {
    if (!source.empty()) break;
    source = attribute(code, format);
  }
  source = std::string(trim(source));
  return source.empty() ? std::string() : link_paragraph(source);
}

std::string expand(const Shortcode& code, const WordpressContext& context) {
  if (code.name == "caption" || code.name == "wp_caption") return expand_caption(code);
  if (code.name == "gallery") return expand_gallery(code, context);
  if (code.name == "embed") {
    std::string_view url = trim(code.content);
    if (url.empty()) return {};
    return is_web_address(url) ? link_paragraph(url) : "<p>" + escape_html(url) + "</p>";
  }
  return expand_media(code);
}

// WordPress's auto-embed: an http(s) address alone on its line (outside <pre>) is a link.
std::string link_lone_addresses(std::string_view text) {
  std::string out;
  bool in_pre = false;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t newline = text.find('\n', position);
    std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    std::string_view line = text.substr(position, end - position);
    std::string_view address = trim(line);
    if (!in_pre && address.find_first_of("<>\"' \t") == std::string_view::npos &&
        (address.starts_with("http://") || address.starts_with("https://")) &&
        is_web_address(address)) {
      out += link_paragraph(address);
      if (newline != std::string_view::npos) out += '\n';
    } else {
      out += line;
    }
    // Whether a <pre> is open at the line's end: its last opening or closing tag says.
    std::size_t opening = line.rfind("<pre"), closing = line.rfind("</pre");
    if (opening != std::string_view::npos || closing != std::string_view::npos) {
      in_pre = closing == std::string_view::npos ||
               (opening != std::string_view::npos && opening > closing);
    }
    position = end;
  }
  return out;
}

}  // namespace

std::string wordpress_autop(std::string_view input) {
  std::string text = normalize_newlines(input);
  std::string_view view = text;
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  std::vector<std::string> open;  // the block elements open, innermost last
  std::size_t segment = 0, position = 0;
  auto flush = [&](std::size_t end) {
    append_segment(out, view.substr(segment, end - segment),
                   open.empty() ? std::string_view() : std::string_view(open.back()));
  };
  while ((position = view.find('<', position)) != std::string_view::npos) {
    auto tag = read_tag(view, position);
    if (!tag) {
      ++position;
      continue;
    }
    // Inline tags are part of the text, and so are comments, unless alone on their line
    // (<!--more-->): those part paragraphs as a block would.
    bool lone_comment = tag->name == "!--" && alone_on_line(view, position, tag->end);
    if (!is_block_tag(tag->name) && !lone_comment) {
      position = tag->end;
      continue;
    }
    flush(position);
    std::size_t end = tag->end;
    if (!tag->closing && is_one_of(tag->name, {"pre", "script", "style"})) {
      // Untouched up to its closing tag.
      std::size_t close = find_ignoring_case(view, "</" + tag->name, end);
      std::size_t close_end = close == std::string_view::npos ? close : view.find('>', close);
      end = close_end == std::string_view::npos ? view.size() : close_end + 1;
    } else if (!tag->closing && !is_void_block(tag->name) && !lone_comment) {
      open.push_back(tag->name);
    } else if (tag->closing) {
      auto found = std::find(open.rbegin(), open.rend(), tag->name);
      if (found != open.rend()) open.erase(std::prev(found.base()), open.end());
    }
    out += view.substr(position, end - position);
    position = segment = end;
  }
  flush(view.size());
  return out;
}

std::string expand_shortcodes(std::string_view text, const WordpressContext& context) {
  std::string out;
  out.reserve(text.size());
  // Where each closing tag last is: a shortcode opened after it has no content, found
  // without searching the rest of the text again.
  std::map<std::string, std::size_t> last_closing;
  for (std::string name : {"caption", "wp_caption", "embed", "video", "audio"}) {
    std::size_t last = text.rfind("[/" + name + "]");
    if (last != std::string_view::npos) last_closing.emplace(name, last);
  }
  std::size_t position = 0;
  for (std::size_t open; (open = text.find('[', position)) != std::string_view::npos;) {
    out += text.substr(position, open - position);
    bool escaped = open + 1 < text.size() && text[open + 1] == '[';
    auto code = read_shortcode(text, escaped ? open + 1 : open, last_closing);
    if (code && escaped && code->end < text.size() && text[code->end] == ']') {
      out += text.substr(open + 1, code->end - open - 1);  // [[caption]] is text: [caption]
      position = code->end + 1;
    } else if (code && !escaped) {
      out += expand(*code, context);
      position = code->end;
    } else {
      out += '[';
      position = open + 1;
    }
  }
  out += text.substr(position);
  return link_lone_addresses(out);
}

std::string wordpress_to_html(std::string_view content, const WordpressContext& context) {
  std::string text = normalize_newlines(content);
  bool blocks = text.find("<!-- wp:") != std::string::npos;
  std::string expanded = expand_shortcodes(text, context);
  return sanitize_html(blocks ? expanded : wordpress_autop(expanded));
}

}  // namespace tribune
