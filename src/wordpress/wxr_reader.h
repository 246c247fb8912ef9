// Reads a WordPress export (WXR 1.0 to 1.2, Tools › Export in WordPress) front to back and hands
// its site, authors, terms and items to a visitor one at a time, so that memory stays flat.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace tribune {

// The <channel>'s own fields. Empty when the file leaves them out.
struct WxrSite {
  std::string title, link, description, language;
  std::string base_site_url, base_blog_url;  // wp:base_site_url, wp:base_blog_url
  std::string wxr_version;                   // "1.0", "1.1" or "1.2"
};

// A <wp:author> (WXR 1.1 and later): the user whose login items name in dc:creator.
struct WxrAuthor {
  std::int64_t id = 0;  // 0 when the file has no wp:author_id
  std::string login, email, display_name, first_name, last_name;
};

enum class WxrTermKind {
  category,  // <wp:category>, taxonomy "category"
  tag,       // <wp:tag>, taxonomy "post_tag"
  other,     // <wp:term>, of the taxonomy it names (nav_menu, a custom one…)
};

// A term declared in the channel. Parents are named by slug, and come before their children
// in WordPress's exports.
struct WxrTerm {
  WxrTermKind kind = WxrTermKind::category;
  std::int64_t id = 0;  // 0 when the file has no wp:term_id (WXR 1.0)
  std::string taxonomy, slug, parent_slug, name, description;
  std::vector<std::pair<std::string, std::string>> meta;  // wp:termmeta, key and value
};

// A <wp:comment> of an item. Threads are told by parent_id (0 for a top-level comment).
struct WxrComment {
  std::int64_t id = 0, parent_id = 0, user_id = 0;
  std::string author, author_email, author_url, author_ip;
  UnixSeconds date_gmt = 0;  // 0 when "0000-00-00 00:00:00" or absent
  std::string date_local;    // "YYYY-MM-DD HH:MM:SS", the site's time zone
  std::string content;       // as the reader typed it, untrimmed
  std::string approved;      // "1", "0" (pending), "spam" or "trash"
  std::string type;          // "" or "comment", "pingback", "trackback"
  std::vector<std::pair<std::string, std::string>> meta;  // wp:commentmeta, key and value
};

// One <category> of an item: a term it is filed under.
struct WxrItemTerm {
  std::string domain;  // the taxonomy: "category", "post_tag" (WXR 1.0's "tag" is renamed), …
  std::string slug;    // the nicename attribute
  std::string name;
};

// An <item>: a post, page, attachment, menu item or any other post type, with its comments.
struct WxrItem {
  int line = 0;  // the line of its <item> tag, for error messages
  std::string title, link, creator /*the author's login*/, guid;
  std::string content, excerpt;  // content:encoded and excerpt:encoded, untrimmed
  std::int64_t post_id = 0, post_parent = 0;
  int menu_order = 0;
  UnixSeconds date_gmt = 0;      // 0 when "0000-00-00 00:00:00" (drafts never published)
  std::string date_local;        // wp:post_date, "YYYY-MM-DD HH:MM:SS" in the site's time zone
  UnixSeconds modified_gmt = 0;  // wp:post_modified_gmt (WordPress 6.x exports), else 0
  std::string post_name, status, post_type, password, comment_status, ping_status;
  std::string attachment_url;  // wp:attachment_url, attachments only
  bool sticky = false;
  std::vector<WxrItemTerm> terms;
  std::vector<std::pair<std::string, std::string>> meta;  // wp:postmeta, key and value
  std::vector<WxrComment> comments;                       // in file order
};

// Receives what the reader finds, in file order. Returning an Error stops the reading with it.
class WxrVisitor {
 public:
  virtual ~WxrVisitor() = default;
  // Once, before the first author, term or item, with the channel fields that came before it.
  virtual Status site(const WxrSite& site) = 0;
  virtual Status author(const WxrAuthor& author) = 0;
  virtual Status term(const WxrTerm& term) = 0;
  virtual Status item(WxrItem&& item) = 0;
};

// Reads the WXR file at `path` (.xml, or gzip-compressed whatever its name) from start to end,
// calling `visitor`; only the current item is held in memory. Nothing but the file is read: no
// network, no DTD, no entity. Errors carry `path` as their source:
//  - io: the file cannot be opened;
//  - invalid_input, "not a WordPress export (WXR) file: …": not XML, a root other than <rss>
//    declaring WordPress's export namespace, or no wp:wxr_version before the first entry;
//  - invalid_input, "line N: …": a WXR version other than 1.0 to 1.2, an id or date that is not
//    one (`field` names the element), a DOCTYPE (WordPress writes none; refused before parsing,
//    so that no entity is ever expanded), or an XML error such as a truncated file — reported
//    after the items before it were visited, never as success.
// Whitespace around scalar fields (ids, slugs, names, dates, status) is trimmed; content,
// excerpts, descriptions and meta values are kept as written, less the indentation some
// WordPress versions put around their CDATA section.
Status read_wxr(const std::filesystem::path& path, WxrVisitor& visitor);

}  // namespace tribune
