// Static pages ("À propos", "Mentions légales"): read whole, since a site has a handful.
// Part of Store (store/store.h); an import from WordPress writes them (store/wordpress_store.h).
#pragma once

#include <vector>

#include "content/static_page.h"
#include "core/result.h"

namespace tribune {

class PageStore {
 public:
  virtual ~PageStore() = default;

  // Every static page, drafts included (readers' code leaves them out), parents before their
  // children, then by position and title; with bodies.
  virtual Result<std::vector<StaticPage>> static_pages() = 0;
};

}  // namespace tribune
