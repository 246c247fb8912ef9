// The storage interface: everything Tribune keeps, one aggregate per header (articles, the
// catalog, comments, views, subscribers, the outbox, settings, editing, accounts, audit,
// search, static pages, old addresses, WordPress imports, the media library), gathered into
// Store.
//
// Page code never sees SQL: open_store() picks the backend the configuration names (SQLite in
// store/sqlite/, PostgreSQL in store/postgres/, both over the SQL of store/sql/), and no caller
// changes with it. Code that needs one aggregate only may take that interface (an
// OutboxStore&, say) instead.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "content/article.h"
#include "core/config.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/article_store.h"
#include "store/audit_store.h"
#include "store/catalog_store.h"
#include "store/comment_store.h"
#include "store/editorial_store.h"
#include "store/media_store.h"
#include "store/old_address_store.h"
#include "store/outbox_store.h"
#include "store/page_store.h"
#include "store/rate_store.h"
#include "store/search_store.h"
#include "store/setting_store.h"
#include "store/subscriber_store.h"
#include "store/view_store.h"
#include "store/wordpress_store.h"

namespace tribune {

// One page of a list of articles, as the site's archive serves it (site/archive.h). No store
// call returns it any more; it stays here for the site's code until the site owns it.
struct ArticleList {
  std::vector<Article> articles;  // without body_markdown and body_html
  int total = 0;                  // matching articles across all pages
};

// Every aggregate of one database; a backend implements them all. Thread-safe: the server
// calls it from many threads at once.
class Store : public ArticleStore,
              public CatalogStore,
              public CommentStore,
              public ViewStore,
              public SubscriberStore,
              public OutboxStore,
              public SettingStore,
              public EditorialStore,
              public AccountStore,
              public AuditStore,
              public SearchStore,
              public PageStore,
              public RateStore,
              public OldAddressStore,
              public WordpressStore,
              public MediaStore {
 public:
  ~Store() override = default;

  // Writes a consistent copy of the whole database to `file`, a new file made readable by
  // its owner only, while other threads and processes go on reading and writing (the copy is
  // the database as of one moment; writes after it are not in it). In the backend's own
  // format: for SQLite a database file that open_store() opens as it is. conflict when
  // `file` exists; io or storage (its source the file) when it cannot be written.
  virtual Status backup_to(const std::filesystem::path& file) = 0;

  // Copies everything this database holds into `target`, a new database of any backend
  // (SQLite to PostgreSQL, or back), in one transaction on the target, then compares each
  // table's rows: the counts copied, per table, in copy order. conflict when `target` holds
  // articles, settings or subscribers already; storage when a count differs (nothing kept).
  // Meant for a site whose servers are stopped: writes made meanwhile may be missed.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> copy_into(Store& target) = 0;
};

// Opens (creating and migrating as needed) the database that `config` names.
Result<std::unique_ptr<Store>> open_store(const Config& config);

}  // namespace tribune
