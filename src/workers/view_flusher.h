// Counted views reach the store once a second (and once more at shutdown) in one
// transaction, then the "most read" lists are computed again; callbacks tell the render cache
// which pages now show old counts or an old ranking.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

#include "audience/view_counter.h"
#include "site/site.h"
#include "store/store.h"

namespace tribune {

class ViewFlusher {
 public:
  struct Callbacks {
    // After views were saved: the articles whose counts moved, and whether the ranking that
    // pages show changed.
    std::function<void(const std::vector<ViewIncrement>&, bool ranking_changed)> flushed;
    // How long saving took (for /metrics).
    std::function<void(std::chrono::steady_clock::duration)> timed;
  };

  ViewFlusher(Store& store, Site& site, ViewCounter& views, std::function<UnixSeconds()> clock,
              Callbacks callbacks);

  // Saves the views counted since the last flush; on failure they are kept for the next one
  // and the error is logged. Thread-safe (flushes one at a time).
  void flush();

 private:
  Store& store_;
  Site& site_;
  ViewCounter& views_;
  std::function<UnixSeconds()> clock_;
  Callbacks callbacks_;
  std::mutex mutex_;
};

}  // namespace tribune
