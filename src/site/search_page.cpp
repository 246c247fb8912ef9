// The search page: the reader's query made safe (search/search_query.h), the store's
// results (SearchStore), each shown as a list item with its matches marked.
#include <fmt/format.h>

#include "core/url.h"
#include "render/html.h"
#include "search/search_query.h"
#include "site/page_builder.h"

namespace tribune {
namespace {

// Far enough for any reader; a crawler paging deeper only costs the store's ranking.
constexpr int kMaxSearchPage = 100;

// The parts as HTML: every part escaped, the matched ones in <mark>.
std::string marked_html(const std::vector<SnippetPart>& parts) {
  std::string html;
  for (const SnippetPart& part : parts) {
    if (part.matched) html += "<mark>";
    html += escape_html(part.text);
    if (part.matched) html += "</mark>";
  }
  return html;
}

}  // namespace

Page PageBuilder::search_page(std::string_view typed, int page) {
  if (page < 1 || page > kMaxSearchPage) return not_found();
  const SearchQuery query = parse_search_query(typed);
  const std::string title = query.text.empty()
                                ? msg("search.title")
                                : msg("search.results_title", {{"query", query.text}});
  json view = layout(title, msg("search.description"), "", nullptr);
  view["noindex"] = true;
  view["search_query"] = query.text;
  json search = {{"heading", title},
                 {"label", msg("search.label")},
                 {"button", msg("search.button")},
                 {"query", query.text},
                 {"articles", json::array()}};
  if (query.words.empty()) {
    search["message"] = msg(query.text.empty() ? "search.empty" : "search.none");
    view["search"] = std::move(search);
    return html(200, "search", view);
  }

  SearchRequest request;
  request.words = query.words;
  request.languages = s_.archive->languages();
  request.now = now_;
  request.offset = (page - 1) * s_.settings.per_page;
  request.limit = s_.settings.per_page;
  auto results = store_.search(request);
  if (!results) return failure(results.error());
  if (page > 1 && results->hits.empty()) return not_found();

  for (const SearchHit& hit : results->hits) {
    std::optional<Article> article = s_.archive->article(hit.article_id);
    if (!article) {
      // Published since the archive was read (the reload is on its way): the store has it.
      auto stored = store_.article_by_id(hit.article_id);
      if (!stored) continue;  // or left since: the next reload drops it
      article = std::move(*stored);
    }
    json item = list_item(*article);
    item["title_html"] = marked_html(hit.title);
    item["excerpt_html"] = marked_html(hit.excerpt);
    search["articles"].push_back(std::move(item));
  }
  search["count"] = msg("search.count", {{"count", results->total}});
  if (results->total == 0) search["message"] = msg("search.none");
  const std::string base = local("/search") + "?q=" + url_encode(query.text);
  // Pages reach the ranked results: past them, a common word's thousands of matches are
  // counted, not listed.
  search["pagination"] = pagination(page, results->ranked, [&](int other) {
    return other == 1 ? base : fmt::format("{}&page={}", base, other);
  });
  view["search"] = std::move(search);
  return html(200, "search", view);
}

}  // namespace tribune
