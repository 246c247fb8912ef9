// Feeds: the newest articles of the home list and of each section, author and tag list, as
// RSS 2.0 and Atom (RFC 4287) documents written through XmlWriter.
#include <algorithm>
#include <array>

#include "render/xml_writer.h"
#include "site/page_builder.h"

namespace tribune {
namespace {

constexpr std::string_view kRssContentType = "application/rss+xml; charset=utf-8";
constexpr std::string_view kAtomContentType = "application/atom+xml; charset=utf-8";
constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";

// One article as both formats write it.
struct FeedEntry {
  Article article;  // with its sections and tags; no body
  std::string url;  // the absolute permalink
  // Stable whatever the article's slug or date becomes (RSS guid, Atom id): the site's host
  // and the article's id.
  std::string id;
  std::vector<std::string> categories;  // its sections from the top down, then its tags
  std::string content_html;             // the body with absolute links; empty: excerpt only
};

// What the channel (RSS) or feed (Atom) element says about the list.
struct FeedChannel {
  std::string title;
  std::string description;
  std::string language;
  std::string page_url;  // the list's HTML page
  std::string self_url;  // the feed itself
  UnixSeconds updated = 0;
};

// `html` with its site-relative links and sources ("/2025/…", "/media/…") made absolute under
// `site_url`: a feed reader shows the body away from the site, where they would lead nowhere.
// Protocol-relative URLs ("//host/…") already name their host and are kept.
std::string absolute_links(std::string_view html, std::string_view site_url) {
  static constexpr std::array<std::string_view, 2> kAttributes = {"href=\"/", "src=\"/"};
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t next = std::string_view::npos;
    std::size_t length = 0;
    for (std::string_view attribute : kAttributes) {
      std::size_t found = html.find(attribute, pos);
      if (found < next) {
        next = found;
        length = attribute.size();
      }
    }
    if (next == std::string_view::npos) {
      out.append(html.substr(pos));
      break;
    }
    const std::size_t slash = next + length - 1;
    out.append(html.substr(pos, slash - pos));
    if (slash + 1 >= html.size() || html[slash + 1] != '/') out.append(site_url);
    out.push_back('/');
    pos = slash + 1;
  }
  return out;
}

// The host of `site_url` ("https://example.org:8443/x" → "example.org"), for tag: URIs.
std::string host_of(std::string_view site_url) {
  std::size_t scheme = site_url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? site_url : site_url.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find_first_of(":/")));
}

// The article's tag: URI (RFC 4151), "tag:example.org,2025:article-42": the year is the
// article's publication's, a time the site held its host.
std::string entry_id(std::string_view host, const Article& article) {
  return "tag:" + std::string(host) + "," + format_iso8601(article.published_at).substr(0, 4) +
         ":article-" + std::to_string(article.id);
}

std::string rss_document(const FeedChannel& channel, const std::vector<FeedEntry>& entries) {
  XmlWriter xml;
  xml.start("rss");
  xml.attribute("version", "2.0");
  xml.attribute("xmlns:atom", kAtomNamespace);
  xml.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
  xml.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
  xml.start("channel");
  xml.element("title", channel.title);
  xml.start("atom:link");
  xml.attribute("href", channel.self_url);
  xml.attribute("rel", "self");
  xml.attribute("type", "application/rss+xml");
  xml.end();
  xml.element("link", channel.page_url);
  xml.element("description", channel.description);
  xml.element("language", channel.language);
  if (channel.updated != 0) xml.element("lastBuildDate", format_http_date(channel.updated));
  xml.element("generator", "Tribune");
  for (const FeedEntry& entry : entries) {
    xml.start("item");
    xml.element("title", entry.article.title);
    xml.element("link", entry.url);
    xml.element("dc:creator", entry.article.author.name);
    xml.element("pubDate", format_http_date(entry.article.published_at));
    for (const std::string& category : entry.categories) xml.element("category", category);
    xml.start("guid");
    xml.attribute("isPermaLink", "false");
    xml.text(entry.id);
    xml.end();
    xml.element("description", entry.article.description);
    if (!entry.content_html.empty()) xml.element("content:encoded", entry.content_html);
    xml.end();
  }
  return xml.finish();
}

void atom_link(XmlWriter& xml, std::string_view rel, std::string_view type, std::string_view href) {
  xml.start("link");
  xml.attribute("rel", rel);
  xml.attribute("type", type);
  xml.attribute("href", href);
  xml.end();
}

std::string atom_document(const FeedChannel& channel, const std::vector<FeedEntry>& entries,
                          std::string_view site_url) {
  XmlWriter xml;
  xml.start("feed");
  xml.attribute("xmlns", kAtomNamespace);
  xml.attribute("xml:lang", channel.language);
  xml.element("id", channel.page_url);
  xml.element("title", channel.title);
  xml.element("subtitle", channel.description);
  xml.element("updated", format_iso8601(channel.updated));
  atom_link(xml, "self", "application/atom+xml", channel.self_url);
  atom_link(xml, "alternate", "text/html", channel.page_url);
  xml.element("generator", "Tribune");
  for (const FeedEntry& entry : entries) {
    const Article& article = entry.article;
    xml.start("entry");
    if (article.lang != channel.language) xml.attribute("xml:lang", article.lang);
    xml.element("id", entry.id);
    xml.element("title", article.title);
    atom_link(xml, "alternate", "text/html", entry.url);
    xml.element("published", format_iso8601(article.published_at));
    xml.element("updated", format_iso8601(std::max(article.published_at, article.updated_at)));
    xml.start("author");
    xml.element("name", article.author.name);
    xml.element("uri", std::string(site_url) + "/author/" + article.author.slug + "/");
    xml.end();
    for (const std::string& category : entry.categories) {
      xml.start("category");
      xml.attribute("term", category);
      xml.end();
    }
    xml.element("summary", article.description);
    if (!entry.content_html.empty()) {
      xml.start("content");
      xml.attribute("type", "html");
      xml.text(entry.content_html);
      xml.end();
    }
    xml.end();
  }
  return xml.finish();
}

}  // namespace

std::string PageBuilder::feed_title(std::string_view list_name) const {
  if (list_name.empty()) return s_.settings.name;
  return msg("feed.title", {{"list", std::string(list_name)}, {"site", s_.settings.name}});
}

json PageBuilder::feed_link(std::string_view list_name, std::string_view page_path) const {
  return {{"title", msg("feed.link", {{"title", feed_title(list_name)}})},
          {"href", absolute(std::string(page_path) + "feed/")}};
}

Page PageBuilder::feed(const FeedSource& source, FeedFormat format) {
  ArticleList list = fetch_first(source.list_key, s_.settings.feed_items);
  const std::string host = host_of(s_.settings.url);
  std::vector<FeedEntry> entries;
  UnixSeconds newest = 0;
  for (const Article& listed : list.articles) {
    FeedEntry entry;
    // The list's copy has no tags; the archive's own has.
    std::optional<Article> tagged = s_.archive->article(listed.id);
    entry.article = tagged ? std::move(*tagged) : listed;
    const Article& article = entry.article;
    if (s_.settings.feed_full_content) {
      auto text = store_.article_text(article.id);
      if (!text && text.error().code == Errc::not_found) continue;  // left since the archive
      if (!text) return failure(text.error());
      entry.content_html = absolute_links(text->body_html, s_.settings.url);
    }
    shown_.push_back(article.id);
    entry.url = absolute(s_.permalink.path_of(article));
    entry.id = entry_id(host, article);
    for (const Section& section : article.sections) entry.categories.push_back(section.name);
    for (const Tag& tag : article.tags) entry.categories.push_back(tag.name);
    newest = std::max({newest, article.published_at, article.updated_at});
    entries.push_back(std::move(entry));
  }
  const bool rss = format == FeedFormat::rss;
  const std::string page_path = local(source.page_path);
  FeedChannel channel{source.title,
                      source.description,
                      lang_,
                      absolute(page_path),
                      absolute(page_path + (rss ? "feed/" : "feed/atom/")),
                      newest};
  Page page;
  if (rss) {
    page.content_type = kRssContentType;
    page.body = rss_document(channel, entries);
  } else {
    // Atom requires an updated date: an empty list's is now's.
    if (channel.updated == 0) channel.updated = now_;
    page.content_type = kAtomContentType;
    page.body = atom_document(channel, entries, s_.settings.url);
  }
  // An article leaving the list (unpublished) changes the feed without a newer date: a reader
  // that sends If-Modified-Since alone keeps its copy until the next entry or edit; the ETag
  // (If-None-Match, which wins when both are sent) follows every change.
  page.last_modified = newest;
  file_sources(page);
  return page;
}

Page PageBuilder::home_feed(FeedFormat format) {
  std::string description =
      s_.settings.description.empty() ? s_.settings.name : s_.settings.description;
  return feed({Archive::home_list(), feed_title(""), std::move(description), "/"}, format);
}

Page PageBuilder::section_feed(const Section& section, FeedFormat format) {
  return feed({Archive::section_list(section.id), feed_title(section.name),
               msg("section.description", {{"section", section.name}}), section_href(section)},
              format);
}

Page PageBuilder::author_feed(std::string_view slug, FeedFormat format) {
  std::optional<Author> author = s_.archive->author_by_slug(slug);
  if (!author) return not_found();
  std::string description =
      author->bio.empty() ? msg("author.title", {{"author", author->name}}) : author->bio;
  return feed({Archive::author_list(author->id), feed_title(author->name), std::move(description),
               "/author/" + author->slug + "/"},
              format);
}

Page PageBuilder::tag_feed(std::string_view slug, FeedFormat format) {
  std::optional<Tag> tag = s_.archive->tag_by_slug(slug);
  if (!tag) return not_found();
  const std::string list_key = Archive::tag_list(tag->id);
  // As the tag's page: a tag that files no live article has none (404, never cached).
  if (s_.archive->page(s_.archive->in_language(list_key, lang_), now_, 0, 1).articles.empty()) {
    return not_found();
  }
  return feed({list_key, feed_title(tag->name), msg("tag.description", {{"tag", tag->name}}),
               "/tag/" + tag->slug + "/"},
              format);
}

}  // namespace tribune
