// Searching the published articles: their title, lede, body, author, section and tags, each
// article's words stemmed by its own language (search/). Part of Store (store/store.h).
#pragma once

#include <string>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

struct SearchRequest {
  // The reader's words (SearchQuery::words): an article must hold every one, in any field.
  std::vector<std::string> words;
  // The languages articles are written in: each word is looked up as each of them stems it.
  std::vector<std::string> languages;
  UnixSeconds now = 0;  // articles published later (scheduled) are not found yet
  int offset = 0;
  int limit = 10;
};

// A piece of a snippet, matched (a reader's word) or not.
struct SnippetPart {
  std::string text;
  bool matched = false;
};

struct SearchHit {
  Id article_id = 0;
  std::vector<SnippetPart> title;    // the whole title, its matches marked
  std::vector<SnippetPart> excerpt;  // a few lines of the body around its best matches
};

struct SearchResults {
  int total = 0;  // every article found
  // How many of them are ranked and can be paged through (at most kRankedSearchResults of
  // each kind, see SearchStore::search); hits past it are never returned.
  int ranked = 0;
  std::vector<SearchHit> hits;  // [offset, offset + limit) of the ranked, most relevant first
};

// A search ranks the most recently added articles holding the words, and as many again of
// those whose title holds them: ranking every match costs about a microsecond each, and a
// common word is in most of a 100,000-article archive.
inline constexpr int kRankedSearchResults = 1000;

class SearchStore {
 public:
  virtual ~SearchStore() = default;

  // The articles live at `request.now` (published, not drafts, trash or unpublished) that
  // hold all the words (`total`), most relevant first: those whose title holds more of the
  // words first, then a word in the title weighs most, then the lede or tags, the author, the
  // section, the body; among near-equals, the most recently added first. The ranking covers the
  // kRankedSearchResults most recently added matches and as many of the most recently added
  // whose title holds every word (`ranked`). No words: none.
  // The index follows every save, publication, removal and catalog rename in the same
  // transaction, so a search never finds what readers cannot read.
  virtual Result<SearchResults> search(const SearchRequest& request) = 0;

  // Indexes every article again (after an upgrade of the stemmers, say): one transaction.
  virtual Status rebuild_search_index() = 0;
};

}  // namespace tribune
