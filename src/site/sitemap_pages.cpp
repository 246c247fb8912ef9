// Sitemaps (sitemaps.org protocol): the index at /sitemap.xml, the parts it names (articles by
// month, site pages, sections, authors, tags) and the Google News sitemap of the last two days.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "render/xml_writer.h"
#include "site/page_builder.h"

namespace tribune {
namespace {

constexpr std::string_view kSitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr std::string_view kXhtmlNamespace = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kNewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";
// The protocol's limit of URLs per sitemap: longer lists are split into parts.
constexpr std::size_t kUrlsPerSitemap = 50000;
// Google News takes the articles of the last two days, a thousand at most.
constexpr UnixSeconds kNewsWindow = 2 * 24 * 3600;
constexpr std::size_t kNewsArticles = 1000;
// Articles read from the archive at a time while looking for the news window's end.
constexpr int kNewsBatch = 100;

// One address of a sitemap, and when what it shows last changed (0: unknown, not given).
struct SitemapUrl {
  std::string path;
  UnixSeconds lastmod = 0;
  // The same page in other languages (an article's translations): hreflang → absolute URL,
  // itself and x-default included, as the page's own head lists them.
  std::vector<std::pair<std::string, std::string>> alternates;
};

// The sitemaps of the site's pages by kind, in the index's order (articles by month follow).
constexpr std::array<std::string_view, 4> kCatalogKinds = {"pages", "sections", "authors", "tags"};

// The part of a sitemap's name after its stem: "" for part 1, "-2" for part 2 (and so on);
// nullopt for anything else ("-1" and "-02" included: a part has one name).
std::optional<std::size_t> part_number(std::string_view suffix) {
  if (suffix.empty()) return 1;
  if (!suffix.starts_with('-') || suffix.size() < 2 || suffix[1] == '0') return std::nullopt;
  std::size_t part = 0;
  auto [end, error] = std::from_chars(suffix.data() + 1, suffix.data() + suffix.size(), part);
  if (error != std::errc() || end != suffix.data() + suffix.size() || part < 2) {
    return std::nullopt;
  }
  return part;
}

// The path of part `part` of sitemap `stem` ("/sitemap-tags" → "/sitemap-tags-2.xml").
std::string part_path(std::string_view stem, std::size_t part) {
  return std::string(stem) + (part == 1 ? std::string() : "-" + std::to_string(part)) + ".xml";
}

// How many sitemaps `urls` addresses fill.
std::size_t parts_for(std::size_t urls) { return (urls + kUrlsPerSitemap - 1) / kUrlsPerSitemap; }

// The language of a news sitemap entry: an ISO 639 code ("fr" for "fr-FR"), as Google's schema
// wants it, but for the two Chinese scripts it names.
std::string news_language(std::string_view lang) {
  std::string code;
  for (char c : lang) {
    code.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (code == "zh-cn" || code == "zh-tw") return code;
  return code.substr(0, code.find('-'));
}

// The articles of the news sitemap at `now`: those published in the last two days, newest
// first, a thousand at most; read from the home list until the window's start.
std::vector<Article> news_articles(const Archive& archive, UnixSeconds now) {
  std::vector<Article> recent;
  const UnixSeconds since = now - kNewsWindow;
  bool done = false;
  for (int offset = 0; !done; offset += kNewsBatch) {
    ArticleList batch = archive.page(Archive::home_list(), now, offset, kNewsBatch);
    done = batch.articles.size() < static_cast<std::size_t>(kNewsBatch);
    for (Article& article : batch.articles) {
      if (article.published_at < since || recent.size() == kNewsArticles) {
        done = true;
        break;
      }
      recent.push_back(std::move(article));
    }
  }
  return recent;
}

// How long a page made from the news articles `recent` stays right: until the oldest of them
// leaves the window (a new article changes the home list, which the page records).
UnixSeconds news_max_age(const std::vector<Article>& recent, UnixSeconds now) {
  if (recent.empty()) return 0;
  return std::max<UnixSeconds>(1, recent.back().published_at + kNewsWindow - now);
}

// The addresses of the sitemap of `kind` ("pages", "sections", "authors", "tags") that have
// articles published at `now`, with their newest change; the home page always.
std::vector<SitemapUrl> catalog_urls(const Site::Snapshot& site, std::string_view kind,
                                     UnixSeconds now) {
  std::vector<SitemapUrl> urls;
  const Archive& archive = *site.archive;
  // Each list in each of the site's languages that has articles in it ("/en/category/x/").
  auto add = [&](const std::string& path, const std::string& list) {
    for (const std::string& language : archive.page_languages()) {
      ListSummary summary = archive.list_summary(archive.in_language(list, language), now);
      if (summary.count > 0) {
        urls.push_back({archive.prefix_of(language) + path, summary.newest_update, {}});
      }
    }
  };
  if (kind == "pages") {
    // The site's home page always (even empty), and each other language's.
    for (const std::string& language : archive.page_languages()) {
      ListSummary summary =
          archive.list_summary(archive.in_language(Archive::home_list(), language), now);
      urls.push_back({archive.prefix_of(language) + "/", summary.newest_update, {}});
    }
    // Static pages (about, legal notice...) join here once Tribune has them.
  } else if (kind == "sections") {
    for (const Section& section : site.sections) {
      add(section_href(section), Archive::section_list(section.id));
    }
  } else if (kind == "authors") {
    for (const Author& author : archive.authors()) {
      add("/author/" + author.slug + "/", Archive::author_list(author.id));
    }
  } else if (kind == "tags") {
    for (const Tag& tag : archive.tags()) add("/tag/" + tag.slug + "/", Archive::tag_list(tag.id));
  }
  return urls;
}

void write_lastmod(XmlWriter& doc, UnixSeconds lastmod) {
  if (lastmod > 0) doc.element("lastmod", format_iso8601(lastmod));
}

}  // namespace

Page PageBuilder::sitemap(std::string_view path) {
  std::string_view name = path.substr(8, path.size() - 8 - 4);  // "/sitemap" NAME ".xml"
  if (name.empty()) {
    // The index: every part, with the newest change of what each lists.
    lists_.push_back(Archive::changes_key());
    lists_.push_back(Archive::home_list());
    XmlWriter doc;
    doc.start("sitemapindex");
    doc.attribute("xmlns", kSitemapNamespace);
    auto add = [&](const std::string& part, UnixSeconds lastmod) {
      doc.start("sitemap");
      doc.element("loc", absolute(part));
      write_lastmod(doc, lastmod);
      doc.end();
    };
    // The news sitemap while it has articles (an empty one is no valid sitemap).
    const std::vector<Article> news = news_articles(*s_.archive, now_);
    if (!news.empty()) {
      UnixSeconds newest = 0;
      for (const Article& article : news) newest = std::max(newest, last_change(article));
      add("/sitemap-news.xml", newest);
    }
    for (std::string_view kind : kCatalogKinds) {
      std::vector<SitemapUrl> urls = catalog_urls(s_, kind, now_);
      const std::string stem = "/sitemap-" + std::string(kind);
      for (std::size_t part = 1; part <= parts_for(urls.size()); ++part) {
        UnixSeconds newest = 0;
        for (std::size_t i = (part - 1) * kUrlsPerSitemap;
             i < std::min(urls.size(), part * kUrlsPerSitemap); ++i) {
          newest = std::max(newest, urls[i].lastmod);
        }
        add(part_path(stem, part), newest);
      }
    }
    for (int month : s_.archive->months()) {
      ListSummary summary = s_.archive->list_summary(Archive::month_list(month), now_);
      char stem[40];
      std::snprintf(stem, sizeof stem, "/sitemap-posts-%04d-%02d", month / 100, month % 100);
      // Each part of a month split in several is given the month's newest change: a crawler
      // may read one part too many, never one too few.
      for (std::size_t part = 1; part <= parts_for(static_cast<std::size_t>(summary.count));
           ++part) {
        add(part_path(stem, part), summary.newest_update);
      }
    }
    Page page = xml_page(doc.finish());
    page.max_age = news_max_age(news, now_);
    return page;
  }

  if (name == "-news") {
    lists_.push_back(Archive::home_list());
    const std::vector<Article> recent = news_articles(*s_.archive, now_);
    XmlWriter doc;
    doc.start("urlset");
    doc.attribute("xmlns", kSitemapNamespace);
    doc.attribute("xmlns:news", kNewsNamespace);
    for (const Article& article : recent) {
      shown_.push_back(article.id);
      doc.start("url");
      doc.element("loc", absolute(s_.permalink.path_of(article)));
      doc.start("news:news");
      doc.start("news:publication");
      doc.element("news:name", s_.settings.name);
      doc.element("news:language",
                  news_language(article.lang.empty() ? s_.settings.locale : article.lang));
      doc.end();
      doc.element("news:publication_date", format_iso8601(article.published_at));
      doc.element("news:title", article.title);
      doc.end();
      doc.end();
    }
    Page page = xml_page(doc.finish());
    page.max_age = news_max_age(recent, now_);
    return page;
  }

  std::vector<SitemapUrl> urls;
  if (name.starts_with("-posts-")) {
    // "-posts-2025-07", then the part's suffix.
    std::string_view month_name = name.substr(7);
    int year = 0, month = 0;
    if (month_name.size() < 7 || month_name[4] != '-') return not_found();
    auto [year_end, year_error] = std::from_chars(month_name.data(), month_name.data() + 4, year);
    auto [month_end, month_error] =
        std::from_chars(month_name.data() + 5, month_name.data() + 7, month);
    std::optional<std::size_t> part = part_number(month_name.substr(7));
    if (year_error != std::errc() || year_end != month_name.data() + 4 ||
        month_error != std::errc() || month_end != month_name.data() + 7 || !part || year < 1 ||
        month < 1 || month > 12) {
      return not_found();
    }
    const int yyyymm = year * 100 + month;
    lists_.push_back(Archive::month_list(yyyymm));
    lists_.push_back(Archive::changes_key(yyyymm));
    // Parts are cut from the month's oldest article: a new one changes the last part only.
    const auto total =
        static_cast<std::size_t>(s_.archive->list_summary(Archive::month_list(yyyymm), now_).count);
    if (*part > parts_for(total)) return not_found();
    const std::size_t end = total - (*part - 1) * kUrlsPerSitemap;
    const std::size_t begin = end > kUrlsPerSitemap ? end - kUrlsPerSitemap : 0;
    ArticleList list = s_.archive->page(Archive::month_list(yyyymm), now_, static_cast<int>(begin),
                                        static_cast<int>(end - begin));
    for (const Article& article : list.articles) {
      // As the article's head says it.
      urls.push_back({s_.permalink.path_of(article), last_change(article),
                      alternates_of(article, s_.archive->translations(article.id, now_))});
    }
  } else {
    // "-sections", "-authors-2"...
    auto kind = std::find_if(kCatalogKinds.begin(), kCatalogKinds.end(), [&](std::string_view k) {
      return name.starts_with('-') && name.substr(1).starts_with(k);
    });
    if (kind == kCatalogKinds.end()) return not_found();
    std::optional<std::size_t> part = part_number(name.substr(1 + kind->size()));
    if (!part) return not_found();
    lists_.push_back(Archive::changes_key());
    urls = catalog_urls(s_, *kind, now_);
    if (*part > parts_for(urls.size())) return not_found();
    urls.erase(urls.begin(),
               urls.begin() + static_cast<std::ptrdiff_t>((*part - 1) * kUrlsPerSitemap));
    if (urls.size() > kUrlsPerSitemap) urls.resize(kUrlsPerSitemap);
  }

  XmlWriter doc;
  doc.start("urlset");
  doc.attribute("xmlns", kSitemapNamespace);
  const bool alternates = std::any_of(
      urls.begin(), urls.end(), [](const SitemapUrl& url) { return !url.alternates.empty(); });
  if (alternates) doc.attribute("xmlns:xhtml", kXhtmlNamespace);
  for (const SitemapUrl& url : urls) {
    doc.start("url");
    doc.element("loc", absolute(url.path));
    write_lastmod(doc, url.lastmod);
    for (const auto& [hreflang, href] : url.alternates) {
      doc.start("xhtml:link");
      doc.attribute("rel", "alternate");
      doc.attribute("hreflang", hreflang);
      doc.attribute("href", href);
      doc.end();
    }
    doc.end();
  }
  return xml_page(doc.finish());
}

}  // namespace tribune
