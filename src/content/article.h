// The newsroom's domain types: articles, the authors who sign them, the sections (nested
// categories such as Blog › Sécurité) and tags that file them. Plain data, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace tribune {

using Id = std::int64_t;

// Where an article is in its life. A published article dated in the future is "scheduled"
// (it goes live by itself at that time); everything but `published` is hidden from readers:
// an unpublished article answers 404, one in the trash 410 Gone (until purged, 30 days on).
enum class ArticleState { draft, published, unpublished, trash };

// What an article's body is written in: Markdown (what editors and `import markdown` write),
// or HTML (what an import from WordPress brings), kept as sanitized HTML and re-sanitized on
// every save.
enum class BodyFormat { markdown, html };

// "markdown", "html": the stored and front matter names.
std::string_view body_format_name(BodyFormat format);
std::optional<BodyFormat> parse_body_format(std::string_view name);

struct Author {
  Id id = 0;
  std::string name;
  std::string slug;
  std::string bio;
  std::string email;  // for the newsroom (exports), never shown; often empty
};

struct Section {
  Id id = 0;
  std::optional<Id> parent_id;
  std::string name;
  std::string slug;  // this level only: "securite"
  std::string path;  // from the top: "blog/securite"
  int position = 0;  // order among its siblings
};

struct Tag {
  Id id = 0;
  std::string name;
  std::string slug;
};

// An article as stored: its Markdown and the HTML rendered from it at save time.
struct Article {
  Id id = 0;
  std::string slug;
  std::string title;
  std::string lang;           // "fr", "en"
  std::string description;    // for meta description and previews; the lede when not given
  std::string body_markdown;  // the body's source, in `body_format`
  BodyFormat body_format = BodyFormat::markdown;
  std::string body_html;  // empty in lists, which don't need it
  int word_count = 0;     // words of the rendered body, for the reading time
  UnixSeconds published_at = 0;
  UnixSeconds updated_at = 0;
  std::int64_t views = 0;
  int comment_count = 0;
  bool draft = false;  // hidden from readers: state is not `published`
  ArticleState state = ArticleState::published;
  bool comments_closed = false;  // closed by an editor; see also comments.close_after_days
  std::string correction;        // a dated correction note shown under the article, or empty
  UnixSeconds corrected_at = 0;  // when `correction` was last changed
  UnixSeconds trashed_at = 0;    // state trash: when it was put there
  std::string translation_of;    // the slug of the original this one translates, or empty
  std::string image;             // its featured picture: a media library name, or empty
  std::string image_alt;         // the picture's alt text here, when not the library's
  Author author;
  std::vector<Section> sections;  // from the top section down to the article's own
  std::vector<Tag> tags;
};

// An article as submitted by an import or an editor, before it has ids.
struct ArticleDraft {
  std::string source;  // where it came from (a file path), for error messages
  std::string title;
  std::string slug;  // empty: derived from the title
  std::string author_name;
  std::vector<std::string> section_path;  // {"Blog", "Sécurité"}
  std::vector<std::string> tags;
  std::string lang;  // empty: the site's locale
  std::string description;
  std::string body_markdown;  // the body's source, in `body_format`
  BodyFormat body_format = BodyFormat::markdown;
  UnixSeconds published_at = 0;
  std::int64_t views = 0;
  bool draft = false;
  bool comments_closed = false;
  std::string correction;  // front matter `correction`, or the editor's field
  // The slug of the article this one is a translation of (front matter `translation_of`, or
  // the editor's field); empty for an original. Translations of a translation join the
  // original's group.
  std::string translation_of;
  // Its featured picture (front matter `image`, a media library name) and, when this article
  // needs other words than the library's, its alt text (`image_alt`).
  std::string image;
  std::string image_alt;
};

// Views counted for one article since the last flush.
struct ViewIncrement {
  Id article_id = 0;
  std::int64_t views = 0;
};

// The same reader reading the same article again within this window counts once, whichever
// server of the site answers.
inline constexpr UnixSeconds kViewRepeatWindow = 30 * 60;

// One reader's counted view of one article: `reader` is a keyed hash of who read it (never
// their address), the same on every server of the site for a day.
struct ReaderView {
  std::uint64_t reader = 0;
  Id article_id = 0;
  UnixSeconds at = 0;
};

// The windows of the "most read" lists.
enum class ReadingPeriod { day, week, all_time };

}  // namespace tribune
