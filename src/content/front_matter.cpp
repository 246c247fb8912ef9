// Front matter through yaml-cpp; every failure becomes one Error naming the field.
#include "content/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "content/media.h"
#include "content/slug.h"
#include "content/utf8.h"

namespace tribune {
namespace {

constexpr std::array kPageFields = {"title", "path",     "lang",  "description",
                                    "draft", "position", "format"};

constexpr std::array kKnownFields = {
    "title",      "author",         "category", "date",        "lang",     "tags",
    "views",      "slug",           "draft",    "description", "site",     "comments",
    "correction", "translation_of", "format",   "image",       "image_alt"};

Error field_error(const std::string& source, std::string field, std::string message) {
  Error error = make_error(Errc::invalid_input, std::move(message), std::move(field));
  error.source = source;
  return error;
}

// Splits "---\nYAML\n---\nBODY" into its two parts; false when there is no such block.
bool split_front_matter(std::string_view text, std::string_view& yaml, std::string_view& body) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte-order mark
  if (!text.starts_with("---\n") && !text.starts_with("---\r\n")) return false;
  std::size_t start = text.find('\n') + 1;
  std::size_t search = start;
  while (true) {
    std::size_t end = text.find("\n---", search - 1);
    if (end == std::string_view::npos) return false;
    std::size_t after = end + 4;
    if (after == text.size() || text[after] == '\n' || text[after] == '\r') {
      yaml = text.substr(start, end + 1 - start);
      std::size_t body_start = text.find('\n', after);
      body =
          body_start == std::string_view::npos ? std::string_view() : text.substr(body_start + 1);
      return true;
    }
    search = after;
  }
}

// The field name of a top-level "name: value" line ("title"), or "" when `line` is not one.
std::string_view field_name(std::string_view line) {
  std::size_t end = 0;
  while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                               line[end] == '_' || line[end] == '-')) {
    ++end;
  }
  if (end == 0 || end >= line.size() || line[end] != ':') return {};
  if (end + 1 < line.size() && line[end + 1] != ' ' && line[end + 1] != '\t' &&
      line[end + 1] != '\r') {
    return {};
  }
  return line.substr(0, end);
}

// Where the quoted scalar starting at `text[start]` (a ' or ") ends: the index just past its
// closing quote, or npos when `text` ends first. Escapes: \x in "…", '' in '…'.
std::size_t quote_end(std::string_view text, std::size_t start) {
  const char quote = text[start];
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// A value whose opening quote is never closed before the next field's line. YAML lets a
// quoted value run over several lines, so a forgotten closing quote swallows the next
// fields (up to the next quote), and YAML then blames a field further down ("author:
// missing"); this names the field and the line where the quote opened instead.
std::optional<Error> find_unclosed_quote(std::string_view yaml, const std::string& source) {
  constexpr int kFirstLine = 2;  // the YAML starts after the opening '---' line
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < yaml.size();) {
    std::size_t end = yaml.find('\n', start);
    if (end == std::string_view::npos) end = yaml.size();
    lines.push_back(yaml.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view field = field_name(lines[i]);
    if (field.empty()) continue;
    std::size_t value = lines[i].find_first_not_of(" \t", field.size() + 1);
    if (value == std::string_view::npos || (lines[i][value] != '"' && lines[i][value] != '\''))
      continue;
    // The quoted value from its opening quote to the end of the block, line by line.
    std::string_view rest = yaml.substr(lines[i].data() - yaml.data() + value);
    std::size_t end = quote_end(rest, 0);
    std::size_t first_line_end = lines[i].size() - value;
    if (end != std::string_view::npos && end <= first_line_end) continue;
    // Not closed on its line: fine when it closes on an indented continuation line, before
    // any line that starts another field.
    std::size_t j = i + 1;
    std::size_t offset = first_line_end + 1;
    while (j < lines.size() && (end == std::string_view::npos || offset < end) &&
           field_name(lines[j]).empty()) {
      offset += lines[j].size() + 1;
      ++j;
    }
    if (end != std::string_view::npos && offset >= end) {
      i = j - 1;
      continue;
    }
    std::string quote(1, lines[i][value]);
    std::string message = "line " + std::to_string(i + kFirstLine) + ": the " + quote +
                          " opening the value is never closed: add the closing " + quote +
                          " at the end of the line";
    if (j < lines.size()) {
      message += " (otherwise '" + std::string(field_name(lines[j])) + "' on line " +
                 std::to_string(j + kFirstLine) + " is read as part of this value)";
    }
    return field_error(source, std::string(field), message);
  }
  return std::nullopt;
}

// The front matter of `text` (the file `source`) as a YAML map whose every field is one of
// `known`, and the body after it in `body`; an Error naming the field at fault otherwise.
template <std::size_t N>
Result<YAML::Node> load_front_matter(std::string_view text, const std::string& source,
                                     const std::array<const char*, N>& known,
                                     std::string_view& body) {
  if (auto bad = find_invalid_utf8(text)) {
    return field_error(source, "", "byte " + std::to_string(*bad) + " is not valid UTF-8");
  }
  std::string_view yaml_text;
  if (!split_front_matter(text, yaml_text, body)) {
    return field_error(source, "front matter",
                       "missing: the file must start with a '---' line, the YAML fields, and "
                       "another '---' line");
  }
  if (auto unclosed = find_unclosed_quote(yaml_text, source)) return *unclosed;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& parse_error) {
    return field_error(
        source, "front matter",
        "line " + std::to_string(parse_error.mark.line + 2) + ": " + parse_error.msg);
  }
  if (!root.IsMap()) return field_error(source, "front matter", "expected 'field: value' lines");
  for (const auto& entry : root) {
    std::string key = entry.first.as<std::string>("");
    bool found = false;
    for (std::string_view field : known) found = found || key == field;
    if (!found) return field_error(source, key, "unknown field");
  }
  return root;
}

// The single value of `field` in `root` into `out`; a missing or null field is an Error when
// `required`, else leaves `out` as it is.
Status read_scalar(const YAML::Node& root, const std::string& source, const char* field,
                   bool required, std::string& out) {
  YAML::Node node = root[field];
  if (!node || node.IsNull()) {
    if (required) return field_error(source, field, "missing");
    return Ok{};
  }
  if (!node.IsScalar()) return field_error(source, field, "expected a single value");
  out = node.Scalar();
  if (required && out.find_first_not_of(" \t") == std::string::npos) {
    return field_error(source, field, "is empty");
  }
  return Ok{};
}

// A yes/no field into `out`: true or yes or `yes`, false or no or `no`; absent, `otherwise`.
Status read_flag(const YAML::Node& root, const std::string& source, const char* field,
                 const char* yes, const char* no, bool otherwise, bool& out) {
  std::string value;
  TRIBUNE_TRY(read_scalar(root, source, field, false, value));
  if (value.empty()) {
    out = otherwise;
  } else if (value == "true" || value == "yes" || value == yes) {
    out = true;
  } else if (value == "false" || value == "no" || value == no) {
    out = false;
  } else {
    return field_error(source, field, std::string("expected ") + yes + " or " + no);
  }
  return Ok{};
}

// The body format named by field "format" into `out` (left as it is when absent).
Status read_format(const YAML::Node& root, const std::string& source, BodyFormat& out) {
  std::string format;
  TRIBUNE_TRY(read_scalar(root, source, "format", false, format));
  if (format.empty()) return Ok{};
  auto parsed = parse_body_format(format);
  if (!parsed) return field_error(source, "format", "expected markdown or html");
  out = *parsed;
  return Ok{};
}

// A language code as `lang` fields give it: two to eight lower-case letters.
bool is_language_code(std::string_view lang) {
  bool well_formed = lang.size() >= 2 && lang.size() <= 8;
  for (char c : lang) well_formed = well_formed && c >= 'a' && c <= 'z';
  return well_formed;
}

}  // namespace

Result<ArticleDraft> parse_article_file(std::string_view text, const std::string& source) {
  std::string_view body;
  auto loaded = load_front_matter(text, source, kKnownFields, body);
  if (!loaded) return loaded.error();
  const YAML::Node& root = *loaded;
  ArticleDraft draft;
  draft.source = source;

  auto scalar = [&](const char* field, bool required, std::string& out) -> Status {
    return read_scalar(root, source, field, required, out);
  };
  auto string_list = [&](const char* field, bool required,
                         std::vector<std::string>& out) -> Status {
    YAML::Node node = root[field];
    if (!node || node.IsNull()) {
      if (required) return field_error(source, field, "missing");
      return Ok{};
    }
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (!item.IsScalar() || item.Scalar().empty()) {
          return field_error(source, field, "expected a list of names");
        }
        out.push_back(item.Scalar());
      }
    } else {
      return field_error(source, field, "expected a name or a list of names");
    }
    if (required && out.empty()) return field_error(source, field, "is empty");
    return Ok{};
  };

  TRIBUNE_TRY(scalar("title", true, draft.title));
  TRIBUNE_TRY(scalar("author", true, draft.author_name));
  // Optional here: the importer files an article without one under the site's default section.
  TRIBUNE_TRY(string_list("category", false, draft.section_path));
  TRIBUNE_TRY(string_list("tags", false, draft.tags));
  TRIBUNE_TRY(scalar("lang", false, draft.lang));
  TRIBUNE_TRY(scalar("slug", false, draft.slug));
  TRIBUNE_TRY(scalar("description", false, draft.description));
  TRIBUNE_TRY(scalar("correction", false, draft.correction));
  TRIBUNE_TRY(scalar("translation_of", false, draft.translation_of));
  TRIBUNE_TRY(scalar("image", false, draft.image));
  TRIBUNE_TRY(scalar("image_alt", false, draft.image_alt));
  if (!draft.image.empty() && !is_valid_media_name(draft.image)) {
    return field_error(source, "image",
                       "'" + draft.image +
                           "' is no media name (lower-case letters, digits and hyphens; see "
                           "`tribune media list`)");
  }
  if (draft.image.empty() && !draft.image_alt.empty()) {
    return field_error(source, "image_alt", "is given without an image");
  }
  // The correction note is shown as one line under the article: a line break, a control or
  // a bidirectional override would break its layout or show readers another text than the
  // editor reviewed, so it is refused, named, the way the reader forms refuse them.
  if (auto found = find_control_character(draft.correction, TextLayout::one_line)) {
    return field_error(source, "correction",
                       "holds the invisible character " + code_point_name(*found) +
                           ": a correction is one line of text");
  }

  std::string date_text;
  TRIBUNE_TRY(scalar("date", true, date_text));
  auto published = parse_iso8601(date_text);
  if (!published) return field_error(source, "date", published.error().message);
  draft.published_at = *published;

  std::string views_text;
  TRIBUNE_TRY(scalar("views", false, views_text));
  if (!views_text.empty()) {
    try {
      std::size_t used = 0;
      long long views = std::stoll(views_text, &used);
      if (used != views_text.size() || views < 0) throw std::invalid_argument("views");
      draft.views = views;
    } catch (const std::exception&) {
      return field_error(source, "views", "expected a whole number of 0 or more");
    }
  }

  auto flag = [&](const char* field, const char* yes, const char* no, bool otherwise,
                  bool& out) -> Status {
    return read_flag(root, source, field, yes, no, otherwise, out);
  };
  TRIBUNE_TRY(flag("draft", "true", "false", false, draft.draft));
  bool comments_open = true;
  TRIBUNE_TRY(flag("comments", "open", "closed", true, comments_open));
  draft.comments_closed = !comments_open;

  if (!draft.lang.empty()) {
    const bool well_formed = is_language_code(draft.lang);
    if (!well_formed) return field_error(source, "lang", "expected a language code like fr or en");
  }
  if (!draft.slug.empty() && !is_valid_slug(draft.slug)) {
    return field_error(source, "slug", "expected lower-case letters, digits and single hyphens");
  }
  if (!draft.translation_of.empty() && !is_valid_slug(draft.translation_of)) {
    return field_error(source, "translation_of",
                       "expected the slug of the original article (lower-case letters, digits "
                       "and single hyphens)");
  }
  for (const std::string& name : draft.section_path) {
    if (slugify(name).empty())
      return field_error(source, "category", "'" + name + "' has no letters");
  }
  TRIBUNE_TRY(read_format(root, source, draft.body_format));
  draft.body_markdown = std::string(body);
  if (draft.body_markdown.find_first_not_of(" \t\r\n") == std::string::npos) {
    return field_error(source, "body", "the article has no text after the front matter");
  }
  return draft;
}

}  // namespace tribune

namespace tribune {

Result<StaticPage> parse_page_file(std::string_view text, const std::string& source) {
  std::string_view body;
  auto loaded = load_front_matter(text, source, kPageFields, body);
  if (!loaded) return loaded.error();
  const YAML::Node& root = *loaded;
  StaticPage page;
  TRIBUNE_TRY(read_scalar(root, source, "title", true, page.title));
  TRIBUNE_TRY(read_scalar(root, source, "path", false, page.path));
  TRIBUNE_TRY(read_scalar(root, source, "lang", false, page.lang));
  TRIBUNE_TRY(read_scalar(root, source, "description", false, page.description));
  TRIBUNE_TRY(read_flag(root, source, "draft", "true", "false", false, page.draft));
  TRIBUNE_TRY(read_format(root, source, page.body_format));
  std::string position;
  TRIBUNE_TRY(read_scalar(root, source, "position", false, position));
  if (!position.empty()) {
    const auto [end, error] =
        std::from_chars(position.data(), position.data() + position.size(), page.position);
    if (error != std::errc() || end != position.data() + position.size()) {
      return field_error(source, "position", "expected a whole number");
    }
  }
  if (page.path.empty()) page.path = slugify(page.title);
  // "a-propos" or "a-propos/equipe": slugs joined by single slashes.
  bool valid_path = !page.path.empty();
  for (std::size_t start = 0; valid_path && start <= page.path.size();) {
    const std::size_t slash = std::min(page.path.find('/', start), page.path.size());
    valid_path = is_valid_slug(std::string_view(page.path).substr(start, slash - start));
    start = slash + 1;
  }
  if (!valid_path) {
    return field_error(source, "path",
                       "'" + page.path +
                           "' is no page address: lower-case letters, digits and hyphens, "
                           "with a / before a page under another (a-propos/equipe)");
  }
  if (!page.lang.empty() && !is_language_code(page.lang)) {
    return field_error(source, "lang", "expected a language code such as fr or en");
  }
  page.body_source = std::string(body);
  if (page.body_source.find_first_not_of(" \t\r\n") == std::string::npos) {
    return field_error(source, "body", "the page has no text after the front matter");
  }
  return page;
}

}  // namespace tribune
