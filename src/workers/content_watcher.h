// Notices that content changed, in this process or in another one sharing the database (an
// import, `tribune config set`, an editor), and that a scheduled article's time came; then has
// the site re-read, through a callback that also drops the pages the change touches.
#pragma once

#include <functional>
#include <optional>

#include "store/store.h"

namespace tribune {

class ContentWatcher {
 public:
  // `changed` is called (on the watcher's thread) when something changed.
  ContentWatcher(Store& store, std::function<UnixSeconds()> clock, std::function<void()> changed);

  // Reads the starting state; an Error when the store cannot be read.
  Status start();

  // Looks once: calls `changed` when the content version moved or a scheduled article is due.
  void check();

 private:
  Store& store_;
  std::function<UnixSeconds()> clock_;
  std::function<void()> changed_;
  std::int64_t seen_version_ = 0;
  std::optional<UnixSeconds> next_publication_;
};

}  // namespace tribune
