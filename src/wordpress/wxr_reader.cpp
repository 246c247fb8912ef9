// The WXR reader over libxml2's pull parser (xmlTextReader): one function per part of the
// format, each consuming its element up to its end tag, so that only the current item is built.
#include "wordpress/wxr_reader.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <optional>
#include <string_view>

namespace tribune {
namespace {

// Below this length, libxml2 hands a run of text to its tree builder in one piece
// (XML_PARSER_BIG_BUFFER_SIZE, 300).
constexpr std::size_t kShortText = 300;

constexpr std::string_view kContentNamespace = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

// The namespaces WXR uses, told apart by URI: the prefixes are the file's choice.
enum class Ns { none, wp, excerpt, content, dc, other };

// "http://wordpress.org/export/1.N/" followed by `rest` ("" for wp:, "excerpt/" for excerpt:).
// Any 1.N is recognised here; read_wxr turns down the versions it does not know afterwards.
bool is_wordpress_namespace(std::string_view uri, std::string_view rest) {
  constexpr std::string_view kStart = "http://wordpress.org/export/1.";
  if (!uri.starts_with(kStart)) return false;
  uri.remove_prefix(kStart.size());
  std::size_t digits = 0;
  while (digits < uri.size() && uri[digits] >= '0' && uri[digits] <= '9') ++digits;
  if (digits == 0 || digits == uri.size() || uri[digits] != '/') return false;
  return uri.substr(digits + 1) == rest;
}

Ns namespace_of(std::string_view uri) {
  if (uri.empty()) return Ns::none;
  if (is_wordpress_namespace(uri, "")) return Ns::wp;
  if (is_wordpress_namespace(uri, "excerpt/")) return Ns::excerpt;
  if (uri == kContentNamespace) return Ns::content;
  if (uri == kDublinCoreNamespace) return Ns::dc;
  return Ns::other;
}

std::string_view view(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (!is_space(c)) return false;
  }
  return true;
}

std::string not_wxr(std::string_view why) {
  std::string message = "not a WordPress export (WXR) file: ";
  message.append(why);
  return message;
}

// The first error libxml2 reports while parsing, which is what xmlTextReaderRead's -1 means.
struct ParseError {
  bool seen = false;
  bool fatal = false;
  int code = 0;  // an xmlParserErrors value
  int line = 0;
  std::string message;
};

#if LIBXML_VERSION >= 21200
void record_parse_error(void* data, const xmlError* error) {
#else
void record_parse_error(void* data, xmlErrorPtr error) {
#endif
  auto& parse_error = *static_cast<ParseError*>(data);
  if (error == nullptr || error->level < XML_ERR_ERROR) return;  // warnings do not stop it
  bool fatal = error->level == XML_ERR_FATAL;
  // Keep the first error, unless a fatal one follows recoverable ones: that one stopped it.
  if (parse_error.seen && (parse_error.fatal || !fatal)) return;
  parse_error.seen = true;
  parse_error.fatal = fatal;
  parse_error.code = error->code;
  parse_error.line = error->line;
  parse_error.message = trimmed(error->message == nullptr ? "" : error->message);
}

// Finds a DOCTYPE declaration in the prolog (what comes before the root element), fed the file
// piece by piece. WordPress never writes one, and it is where entities are declared: libxml2
// does not expand them here (no XML_PARSE_NOENT), but it still checks an entity used in an
// attribute by expanding it in full, without its guard against exponential expansion ("billion
// laughs") under XML_PARSE_HUGE. So a file with a DOCTYPE never reaches libxml2 at all.
class PrologScanner {
 public:
  // Scans the next bytes; true when they hold "<!DOCTYPE" before the root element.
  bool finds_doctype(std::string_view bytes) {
    for (char c : bytes) {
      if (state_ == State::done) return false;
      if (c == '\0') continue;  // UTF-16: the ASCII of the markup is what counts
      if (c == '\n') ++line_;
      switch (state_) {
        case State::between:
          if (c == '<') state_ = State::open;
          break;
        case State::open:
          state_ = c == '?' ? State::instruction : c == '!' ? State::bang : State::done;
          bang_.clear();
          break;
        case State::instruction:  // <?xml …?> and other processing instructions
          if (c == '>' && previous_ == '?') state_ = State::between;
          break;
        case State::bang:
          bang_ += c;
          if (bang_ == "--") {
            state_ = State::comment;
            dashes_ = 0;
          } else if (bang_ == "DOCTYPE") {
            return true;
          } else if (bang_ != "-" && !std::string_view("DOCTYPE").starts_with(bang_)) {
            state_ = State::done;  // not XML: libxml2 says so
          }
          break;
        case State::comment:
          if (c == '>' && dashes_ >= 2) state_ = State::between;
          dashes_ = c == '-' ? dashes_ + 1 : 0;
          break;
        case State::done:
          break;
      }
      previous_ = c;
    }
    return false;
  }
  int line() const { return line_; }

 private:
  enum class State { between, open, instruction, bang, comment, done };
  State state_ = State::between;
  std::string bang_;  // what follows "<!" so far
  int dashes_ = 0;
  char previous_ = 0;
  int line_ = 1;
};

// The file's bytes through zlib, which reads a gzip-compressed file and passes any other
// through: its read error is kept, since libxml2 only learns that reading failed.
struct Input {
  gzFile file = nullptr;
  std::string error;
  PrologScanner prolog;
  int doctype_line = 0;  // where a DOCTYPE was refused, or 0

  static int read(void* context, char* buffer, int length) {
    auto& input = *static_cast<Input*>(context);
    int count = gzread(input.file, buffer, static_cast<unsigned>(length));
    if (count < 0) {
      int code = 0;
      const char* message = gzerror(input.file, &code);
      input.error = code == Z_ERRNO ? std::strerror(errno) : message == nullptr ? "" : message;
    } else if (input.prolog.finds_doctype(std::string_view(buffer, count))) {
      input.doctype_line = input.prolog.line();
      input.error = "a DOCTYPE declaration";
      return -1;
    }
    return count;
  }
  static int close(void* context) {
    auto& input = *static_cast<Input*>(context);
    if (input.file != nullptr) gzclose(input.file);
    input.file = nullptr;
    return 0;
  }
};

// One pass over one file. Each read_* function starts on the start tag of its element and
// returns once its end tag was consumed (at once for an empty element).
class WxrParser {
 public:
  // The document libxml2 built, if this parser took it from the reader to look at its root:
  // to be freed with xmlFreeDoc after the reader.
  xmlDocPtr taken_document() const { return document_; }

  WxrParser(xmlTextReaderPtr reader, const Input& input, std::string source, WxrVisitor& visitor)
      : reader_(reader), input_(input), source_(std::move(source)), visitor_(visitor) {
    xmlTextReaderSetStructuredErrorHandler(reader_, record_parse_error, &parse_error_);
  }

  Status run() {
    // The root: anything that is not XML, or not an <rss> declaring WordPress's namespace,
    // is some other file given by mistake, which is worth saying as such.
    while (true) {
      Result<bool> more = advance();
      if (!more) {
        if (input_.doctype_line > 0) return more.error();
        return error_before_root(std::move(more.error()));
      }
      if (!*more) return fail(not_wxr("it has no root element"));
      if (type() == XML_READER_TYPE_ELEMENT) break;
    }
    if (std::optional<std::string> fault = root_fault(xmlTextReaderCurrentNode(reader_))) {
      return fail(not_wxr(*fault));
    }
    root_seen_ = true;
    TRIBUNE_TRY(children([&]() -> Status {
      if (ns() == Ns::none && local_name() == "channel") return read_channel();
      return skip();
    }));
    TRIBUNE_TRY(send_site());
    root_closed_ = true;
    // Comments or junk after </rss>: the parser still checks the end of the file.
    while (true) {
      Result<bool> more = advance();
      if (!more) return more.error();
      if (!*more) return Ok{};
    }
  }

 private:
  // --- The current node.

  int type() const { return xmlTextReaderNodeType(reader_); }
  int depth() const { return xmlTextReaderDepth(reader_); }
  std::string_view local_name() const { return view(xmlTextReaderConstLocalName(reader_)); }
  std::string_view qualified_name() const { return view(xmlTextReaderConstName(reader_)); }
  Ns ns() const { return namespace_of(view(xmlTextReaderConstNamespaceUri(reader_))); }
  bool is(Ns space, std::string_view local) const { return ns() == space && local_name() == local; }

  // The line of the current node's start; nodes without one (entity references) take their
  // element's. libxml2 records element lines only up to 65534. Past that, an element's line is
  // where the text before it ends, which XML_PARSE_BIG_LINES keeps (WXR indents every element);
  // failing that, the line libxml2's parser has reached, a few lines further at most.
  int line() const {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader_);
    while (node != nullptr && node->line == 0) node = node->parent;
    if (node != nullptr && node->line < USHRT_MAX) return node->line;
    if (node != nullptr && node == line_hint_node_ && line_hint_ > 0) return line_hint_;
    return xmlTextReaderGetParserLineNumber(reader_);
  }

  // Keeps where the text before an element ends, for line().
  void note_line_hint() {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader_);
    int node_type = type();
    if (node_type == XML_READER_TYPE_TEXT || node_type == XML_READER_TYPE_WHITESPACE ||
        node_type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      // libxml2 gives a text node the line its parser was on when the node was created: where
      // the text ends if it came in one piece, which only short texts (indentation) surely do.
      bool short_text = view(xmlTextReaderConstValue(reader_)).size() < kShortText;
      text_end_line_ = node != nullptr && short_text ? static_cast<int>(xmlGetLineNo(node)) : 0;
      return;
    }
    line_hint_node_ = node_type == XML_READER_TYPE_ELEMENT ? node : nullptr;
    line_hint_ = text_end_line_;
    text_end_line_ = 0;
  }

  // The document libxml2's parser built so far, when the reading stopped before the reader
  // reached the root element; the caller frees it (see taken_document).
  xmlNodePtr parsed_root() {
    if (document_ == nullptr) document_ = xmlTextReaderCurrentDoc(reader_);
    return document_ == nullptr ? nullptr : xmlDocGetRootElement(document_);
  }

  // Why `root` is not the root of a WordPress export: an element other than <rss>, or an <rss>
  // that does not declare WordPress's export namespace.
  static std::optional<std::string> root_fault(xmlNodePtr root) {
    if (root == nullptr) return "it has no root element";
    std::string_view name = view(root->name);
    if (name != "rss" || root->ns != nullptr) {
      std::string shown(name);
      if (root->ns != nullptr && root->ns->prefix != nullptr) {
        shown = std::string(view(root->ns->prefix)) + ":" + shown;
      }
      return "its root element is <" + shown + ">, not <rss>";
    }
    for (xmlNsPtr space = root->nsDef; space != nullptr; space = space->next) {
      if (is_wordpress_namespace(view(space->href), "")) return std::nullopt;
    }
    return "its <rss> does not declare WordPress's export namespace "
           "(http://wordpress.org/export/1.2/)";
  }

  // An XML error before the reader was handed the root element. libxml2's parser runs ahead of
  // the reader, so in a small file an error anywhere gets here: what the parser saw of the root
  // tells a file that is not XML or not an export from an export with a mistake in it.
  Error error_before_root(Error error) {
    xmlNodePtr root = parsed_root();
    if (root == nullptr) {
      error.message = not_wxr("it is not XML (" + error.message + ")");
      return error;
    }
    if (std::optional<std::string> fault = root_fault(root)) return fail(not_wxr(*fault));
    return error;
  }

  Error fail(std::string message, std::string field = {}) const {
    return with_source(make_error(Errc::invalid_input, std::move(message), std::move(field)),
                       source_);
  }

  std::string at_line(int number) const { return "line " + std::to_string(number) + ": "; }

  // --- Moving on.

  // The next node: true, or false at the end of the file; an error when the file is not
  // well-formed (a truncated file included), naming where the reading was.
  Result<bool> advance() {
    int status = xmlTextReaderRead(reader_);
    if (status == 1) {
      note_line_hint();
      if (type() == XML_READER_TYPE_ENTITY_REFERENCE) {
        // Only entities the file declares in a DOCTYPE remain as references: WordPress
        // declares none, and expanding them is how files read other files (XXE) or blow up.
        // PrologScanner keeps DOCTYPEs out; this holds should one get past it.
        return fail(at_line(line()) + "the file declares its own entity (&" +
                    std::string(qualified_name()) +
                    ";), which WordPress exports never do; it is not expanded");
      }
      return true;
    }
    if (status == 0 && !parse_error_.seen) return false;
    if (input_.doctype_line > 0) {
      return fail(at_line(input_.doctype_line) +
                  "the file has a DOCTYPE declaration, which WordPress exports never have; it is "
                  "not read, since the entities it declares could read other files or grow "
                  "without end");
    }
    if (!parse_error_.seen || !input_.error.empty()) {
      // A read error (a gzip stream cut short or damaged) stops libxml2 without a parse error,
      // or with a misleading one about the document's end.
      std::string why = input_.error.empty() ? "the XML parser stopped" : input_.error;
      return fail(at_line(xmlTextReaderGetParserLineNumber(reader_)) +
                  "the file cannot be read past this line: " + why + where());
    }
    std::string message = parse_error_.message;
    // libxml2's incremental parser calls a file that stops short "Extra content at the end of
    // the document", and an empty one too: the opposite of what happened.
    if (parse_error_.code == XML_ERR_DOCUMENT_END && !root_closed_) {
      message = root_seen_ || parsed_root() != nullptr
                    ? "the file ends before its last element is closed: it was cut short"
                    : "the file has no XML element";
    }
    if (!root_seen_) return fail(at_line(parse_error_.line) + message);
    return fail(at_line(parse_error_.line) + message + where());
  }

  // ", in the <item> at line 480": the entry of the channel (an item, an author, a term) being
  // read, else the element. Not an element inside the entry: libxml2's parser runs a little
  // ahead of the node the reader is on, and its message names the tag at fault.
  std::string where() const {
    if (open_.empty()) return {};
    const Open& entry = open_.size() >= 3 ? open_[2] : open_.back();
    return ", in the <" + entry.name + "> at line " + std::to_string(entry.line);
  }

  // Calls `on_child` on each child element of the current element, which must consume it;
  // text and comments between them are layout.
  template <typename OnChild>
  Status children(OnChild&& on_child) {
    if (xmlTextReaderIsEmptyElement(reader_) == 1) return Ok{};
    int own_depth = depth();
    open_.push_back({std::string(qualified_name()), line()});
    while (true) {
      Result<bool> more = advance();
      if (!more) return more.error();
      if (!*more) return fail(at_line(line()) + "the file ends inside <" + open_.back().name + ">");
      if (type() == XML_READER_TYPE_END_ELEMENT && depth() == own_depth) break;
      if (type() == XML_READER_TYPE_ELEMENT && depth() == own_depth + 1) TRIBUNE_TRY(on_child());
    }
    open_.pop_back();
    return Ok{};
  }

  Status skip() {
    return children([&]() { return skip(); });
  }

  // The text of the current element and its descendants. As written when `as_written`, except
  // that blank text around CDATA sections is dropped: WordPress 5.x exports indent
  // "<content:encoded>\n\t\t<![CDATA[…]]>\n\t\t</content:encoded>", and that is no content.
  // Otherwise trimmed.
  Result<std::string> text(bool as_written = false) {
    if (xmlTextReaderIsEmptyElement(reader_) == 1) return std::string();
    int own_depth = depth();
    open_.push_back({std::string(qualified_name()), line()});
    std::string all, without_blank_text;
    bool has_cdata = false;
    while (true) {
      Result<bool> more = advance();
      if (!more) return more.error();
      if (!*more) return fail(at_line(line()) + "the file ends inside <" + open_.back().name + ">");
      int node_type = type();
      if (node_type == XML_READER_TYPE_END_ELEMENT && depth() == own_depth) break;
      if (node_type == XML_READER_TYPE_CDATA) has_cdata = true;
      if (node_type == XML_READER_TYPE_TEXT || node_type == XML_READER_TYPE_CDATA ||
          node_type == XML_READER_TYPE_WHITESPACE ||
          node_type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
        std::string_view piece = view(xmlTextReaderConstValue(reader_));
        all.append(piece);
        if (node_type == XML_READER_TYPE_CDATA || !is_blank(piece)) {
          without_blank_text.append(piece);
        }
      }
    }
    open_.pop_back();
    if (!as_written) return trimmed(all);
    return has_cdata ? without_blank_text : all;
  }

  Status read_text(std::string& out, bool as_written = false) {
    Result<std::string> value = text(as_written);
    if (!value) return value.error();
    out = std::move(*value);
    return Ok{};
  }

  // wp:is_sticky: "1" or "0".
  Status read_flag(bool& out) {
    Result<std::string> value = text();
    if (!value) return value.error();
    out = *value == "1";
    return Ok{};
  }

  // An integer element (ids, menu order): empty is 0, anything else not a number an error.
  Status read_integer(std::int64_t& out) {
    int start = line();
    std::string name(qualified_name());
    Result<std::string> value = text();
    if (!value) return value.error();
    out = 0;
    if (value->empty()) return Ok{};
    const char* end = value->data() + value->size();
    auto [stop, failure] = std::from_chars(value->data(), end, out);
    if (failure != std::errc() || stop != end) {
      return fail(at_line(start) + "<" + name + "> is '" + *value + "', not a whole number", name);
    }
    return Ok{};
  }

  Status read_int(int& out) {
    std::int64_t wide = 0;
    int start = line();
    std::string name(qualified_name());
    TRIBUNE_TRY(read_integer(wide));
    if (wide < INT_MIN || wide > INT_MAX) {
      return fail(at_line(start) + "<" + name + "> is out of range", name);
    }
    out = static_cast<int>(wide);
    return Ok{};
  }

  // A "YYYY-MM-DD HH:MM:SS" date element: its text in `local` when given, its value as UTC in
  // `gmt` (0 for WordPress's "0000-00-00 00:00:00", which drafts carry, or empty).
  Status read_date(UnixSeconds* gmt, std::string* local) {
    int start = line();
    std::string name(qualified_name());
    Result<std::string> value = text();
    if (!value) return value.error();
    if (local != nullptr) *local = *value;
    if (gmt == nullptr) return Ok{};
    *gmt = 0;
    if (value->empty() || value->starts_with("0000-00-00")) return Ok{};
    Result<UnixSeconds> parsed = parse_iso8601(*value);
    if (!parsed) {
      return fail(at_line(start) + "<" + name + "> is '" + *value +
                      "', not a date like 2024-03-05 08:30:00",
                  name);
    }
    *gmt = *parsed;
    return Ok{};
  }

  // <wp:postmeta>, <wp:commentmeta>, <wp:termmeta>: a key and its value, kept as written.
  Status read_meta(std::vector<std::pair<std::string, std::string>>& meta) {
    std::pair<std::string, std::string> entry;
    TRIBUNE_TRY(children([&]() -> Status {
      if (is(Ns::wp, "meta_key")) return read_text(entry.first);
      if (is(Ns::wp, "meta_value")) return read_text(entry.second, true);
      return skip();
    }));
    meta.push_back(std::move(entry));
    return Ok{};
  }

  // --- The channel and its entries.

  Status read_channel() {
    return children([&]() -> Status {
      if (ns() == Ns::none) {
        std::string_view name = local_name();
        if (name == "item") return read_item();
        // The channel's fields count only before its entries; an <image>'s own title and link
        // are a level deeper, never read here.
        if (!site_sent_) {
          if (name == "title") return read_text(site_.title);
          if (name == "link") return read_text(site_.link);
          if (name == "description") return read_text(site_.description);
          if (name == "language") return read_text(site_.language);
        }
      } else if (ns() == Ns::wp) {
        std::string_view name = local_name();
        if (name == "wxr_version") return read_version();
        if (name == "base_site_url" && !site_sent_) return read_text(site_.base_site_url);
        if (name == "base_blog_url" && !site_sent_) return read_text(site_.base_blog_url);
        if (name == "author") return read_author();
        if (name == "category") return read_term(WxrTermKind::category);
        if (name == "tag") return read_term(WxrTermKind::tag);
        if (name == "term") return read_term(WxrTermKind::other);
      }
      return skip();
    });
  }

  Status read_version() {
    int start = line();
    std::string version;
    TRIBUNE_TRY(read_text(version));
    if (version != "1.0" && version != "1.1" && version != "1.2") {
      return fail(at_line(start) + "WXR version '" + version +
                      "' is not supported: Tribune reads WordPress exports of versions 1.0 to 1.2",
                  "wp:wxr_version");
    }
    if (!site_sent_) site_.wxr_version = std::move(version);
    return Ok{};
  }

  // Hands the channel's fields over before the first entry: the version must be known by then.
  Status send_site() {
    if (site_sent_) return Ok{};
    if (site_.wxr_version.empty()) {
      std::string why = "it has no wp:wxr_version in its <channel>";
      if (type() == XML_READER_TYPE_ELEMENT) {
        why =
            "it has no wp:wxr_version before its first entry (line " + std::to_string(line()) + ")";
      }
      return fail(not_wxr(why));
    }
    site_sent_ = true;
    return visitor_.site(site_);
  }

  Status read_author() {
    TRIBUNE_TRY(send_site());
    WxrAuthor author;
    TRIBUNE_TRY(children([&]() -> Status {
      if (ns() != Ns::wp) return skip();
      std::string_view name = local_name();
      if (name == "author_id") return read_integer(author.id);
      if (name == "author_login") return read_text(author.login);
      if (name == "author_email") return read_text(author.email);
      if (name == "author_display_name") return read_text(author.display_name);
      if (name == "author_first_name") return read_text(author.first_name);
      if (name == "author_last_name") return read_text(author.last_name);
      return skip();
    }));
    return visitor_.author(author);
  }

  Status read_term(WxrTermKind kind) {
    TRIBUNE_TRY(send_site());
    WxrTerm term;
    term.kind = kind;
    if (kind == WxrTermKind::category) term.taxonomy = "category";
    if (kind == WxrTermKind::tag) term.taxonomy = "post_tag";
    TRIBUNE_TRY(children([&]() -> Status {
      if (ns() != Ns::wp) return skip();
      std::string_view name = local_name();
      if (name == "term_id") return read_integer(term.id);
      if (name == "termmeta") return read_meta(term.meta);
      switch (kind) {
        case WxrTermKind::category:
          if (name == "category_nicename") return read_text(term.slug);
          if (name == "category_parent") return read_text(term.parent_slug);
          if (name == "cat_name") return read_text(term.name);
          if (name == "category_description") return read_text(term.description, true);
          break;
        case WxrTermKind::tag:
          if (name == "tag_slug") return read_text(term.slug);
          if (name == "tag_name") return read_text(term.name);
          if (name == "tag_description") return read_text(term.description, true);
          break;
        case WxrTermKind::other:
          if (name == "term_taxonomy") return read_text(term.taxonomy);
          if (name == "term_slug") return read_text(term.slug);
          if (name == "term_parent") return read_text(term.parent_slug);
          if (name == "term_name") return read_text(term.name);
          if (name == "term_description") return read_text(term.description, true);
          break;
      }
      return skip();
    }));
    return visitor_.term(term);
  }

  // <category domain="post_tag" nicename="elections">Élections</category>. WXR 1.0 also lists
  // each category a second time without attributes, as plain RSS does: those are left out, as
  // WordPress's importer does.
  Status read_item_term(std::vector<WxrItemTerm>& terms) {
    auto attribute = [&](const char* name) {
      xmlChar* value = xmlTextReaderGetAttribute(reader_, reinterpret_cast<const xmlChar*>(name));
      if (value == nullptr) return std::optional<std::string>();
      std::optional<std::string> copy = trimmed(view(value));
      xmlFree(value);
      return copy;
    };
    std::optional<std::string> domain = attribute("domain");
    std::optional<std::string> nicename = attribute("nicename");
    std::string name;
    TRIBUNE_TRY(read_text(name));
    if (!nicename) return Ok{};
    WxrItemTerm term{domain.value_or(""), std::move(*nicename), std::move(name)};
    if (term.domain == "tag") term.domain = "post_tag";  // WXR 1.0's name for it
    terms.push_back(std::move(term));
    return Ok{};
  }

  Status read_comment(std::vector<WxrComment>& comments) {
    WxrComment comment;
    TRIBUNE_TRY(children([&]() -> Status {
      if (ns() != Ns::wp) return skip();
      std::string_view name = local_name();
      if (name == "comment_id") return read_integer(comment.id);
      if (name == "comment_parent") return read_integer(comment.parent_id);
      if (name == "comment_user_id") return read_integer(comment.user_id);
      if (name == "comment_author") return read_text(comment.author);
      if (name == "comment_author_email") return read_text(comment.author_email);
      if (name == "comment_author_url") return read_text(comment.author_url);
      if (name == "comment_author_IP") return read_text(comment.author_ip);
      if (name == "comment_date") return read_date(nullptr, &comment.date_local);
      if (name == "comment_date_gmt") return read_date(&comment.date_gmt, nullptr);
      if (name == "comment_content") return read_text(comment.content, true);
      if (name == "comment_approved") return read_text(comment.approved);
      if (name == "comment_type") return read_text(comment.type);
      if (name == "commentmeta") return read_meta(comment.meta);
      return skip();
    }));
    comments.push_back(std::move(comment));
    return Ok{};
  }

  Status read_item() {
    TRIBUNE_TRY(send_site());
    WxrItem item;
    item.line = line();
    TRIBUNE_TRY(children([&]() -> Status {
      std::string_view name = local_name();
      switch (ns()) {
        case Ns::none:
          if (name == "title") return read_text(item.title);
          if (name == "link") return read_text(item.link);
          if (name == "guid") return read_text(item.guid);
          if (name == "category") return read_item_term(item.terms);
          break;
        case Ns::dc:
          if (name == "creator") return read_text(item.creator);
          break;
        case Ns::content:
          if (name == "encoded") return read_text(item.content, true);
          break;
        case Ns::excerpt:
          if (name == "encoded") return read_text(item.excerpt, true);
          break;
        case Ns::wp:
          if (name == "post_id") return read_integer(item.post_id);
          if (name == "post_parent") return read_integer(item.post_parent);
          if (name == "menu_order") return read_int(item.menu_order);
          if (name == "post_date") return read_date(nullptr, &item.date_local);
          if (name == "post_date_gmt") return read_date(&item.date_gmt, nullptr);
          if (name == "post_modified_gmt") return read_date(&item.modified_gmt, nullptr);
          if (name == "post_name") return read_text(item.post_name);
          if (name == "status") return read_text(item.status);
          if (name == "post_type") return read_text(item.post_type);
          if (name == "post_password") return read_text(item.password);
          if (name == "comment_status") return read_text(item.comment_status);
          if (name == "ping_status") return read_text(item.ping_status);
          if (name == "attachment_url") return read_text(item.attachment_url);
          if (name == "is_sticky") return read_flag(item.sticky);
          if (name == "postmeta") return read_meta(item.meta);
          if (name == "comment") return read_comment(item.comments);
          break;
        default:
          break;
      }
      return skip();
    }));
    return visitor_.item(std::move(item));
  }

  struct Open {
    std::string name;
    int line = 0;
  };

  xmlTextReaderPtr reader_;
  const Input& input_;
  std::string source_;
  WxrVisitor& visitor_;
  ParseError parse_error_;
  std::vector<Open> open_;  // the elements being read, outermost first, for error messages
  WxrSite site_;
  bool site_sent_ = false;
  bool root_seen_ = false;    // the <rss> start tag was read
  bool root_closed_ = false;  // and its end tag
  xmlDocPtr document_ = nullptr;
  int text_end_line_ = 0;  // where the text node just read ends, past line 65534
  xmlNodePtr line_hint_node_ = nullptr;
  int line_hint_ = 0;  // and so where line_hint_node_ starts
};

}  // namespace

Status read_wxr(const std::filesystem::path& path, WxrVisitor& visitor) {
  std::string source = path.string();
  auto io_error = [&](std::string message) {
    return with_source(make_error(Errc::io, std::move(message)), source);
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(std::string("cannot open the file: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    return io_error("cannot open the file: it is a folder");
  }
  Input input;
  input.file = gzdopen(fd, "rb");
  if (input.file == nullptr) {
    ::close(fd);
    return io_error("cannot open the file: out of memory");
  }

  xmlInitParser();
  // No XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_XINCLUDE: nothing outside the file is
  // ever loaded. XML_PARSE_HUGE lifts the size limit of one text node (a long article);
  // XML_PARSE_BIG_LINES keeps text lines past 65535 (see WxrParser::line). libxml2 calls
  // Input::close whether or not it makes the reader.
  xmlTextReaderPtr reader =
      xmlReaderForIO(Input::read, Input::close, &input, source.c_str(), nullptr,
                     XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_BIG_LINES);
  if (reader == nullptr) return io_error("cannot read the file: out of memory");
  WxrParser parser(reader, input, source, visitor);
  Status status = parser.run();
  xmlFreeTextReader(reader);
  if (parser.taken_document() != nullptr) xmlFreeDoc(parser.taken_document());
  Input::close(&input);  // already closed by libxml2, unless a version of it does not
  return status;
}

}  // namespace tribune
