// Static pages ("À propos", "Mentions légales"): read whole, since a site has a handful.
// Part of Store (store/store.h); an import from WordPress writes them (store/wordpress_store.h).
#pragma once

#include <vector>

#include "content/static_page.h"
#include "core/result.h"
#include "core/time.h"

namespace tribune {

class PageStore {
 public:
  virtual ~PageStore() = default;

  // Every static page, drafts included (readers' code leaves them out), parents before their
  // children, then by position and title; with bodies.
  virtual Result<std::vector<StaticPage>> static_pages() = 0;

  // Saves `page` at its path (body_html already rendered): a new page, or the one at that
  // path replaced (its id, and its first publication date, kept). A page under another
  // ("a-propos/equipe") goes under the page at its parent path, which must exist: otherwise
  // invalid_input naming field "path". Returns the page's id; pages showing it are stale after.
  virtual Result<Id> save_static_page(const StaticPage& page, UnixSeconds now) = 0;
};

}  // namespace tribune
