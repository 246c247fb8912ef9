// Notices that content changed, in this process or in another one sharing the database (an
// import, `tribune config set`, an editor), that a scheduled article's time came, or that an
// operator edited a file of the site's theme or catalog folders; then has the site re-read,
// through a callback that also drops the pages the change touches.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tribune {

class ContentWatcher {
 public:
  // `changed` is called (on the watcher's thread) when something changed; `folders` are
  // watched for files added, removed or rewritten (DATA/theme, DATA/locales).
  ContentWatcher(Store& store, std::function<UnixSeconds()> clock, std::function<void()> changed,
                 std::vector<std::filesystem::path> folders = {});

  // Where the site says which content version it has read already: a change the site
  // reloaded for within a request (an editor's save at the admin) is not read a second time.
  // Call before start().
  void set_site_version(std::function<std::int64_t()> site_version) {
    site_version_ = std::move(site_version);
  }

  // Reads the starting state; an Error when the store cannot be read.
  Status start();

  // Looks once: calls `changed` when the content version moved, a scheduled article is due or
  // a watched folder's files changed.
  void check();

 private:
  Store& store_;
  std::function<UnixSeconds()> clock_;
  std::function<void()> changed_;
  std::function<std::int64_t()> site_version_;
  std::vector<std::filesystem::path> folders_;
  std::int64_t seen_version_ = 0;
  std::optional<UnixSeconds> next_publication_;
  std::string seen_files_;  // fs::files_fingerprint(folders_) when last looked at
};

}  // namespace tribune
