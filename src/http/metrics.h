// Prometheus metrics (/metrics, for the machine itself or an admin): requests by status,
// latency, render-cache hits, views counted and refused, view flushes. Each server thread
// counts into its own slot, so counting adds no shared write to a request.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/page_cache.h"

namespace tribune {
class ViewCounter;
}

namespace tribune::http {

class Metrics {
 public:
  // Statuses counted one by one; any other is counted as "other".
  static constexpr std::array<int, 9> kStatuses = {200, 301, 304, 400, 404, 405, 500, 503, 0};
  // Upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 10> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                             0.005,  0.01,    0.05,   0.25,  1.0};

  // Thread-safe; cheap enough for every request.
  void record_request(int status, std::chrono::nanoseconds latency);
  void record_cache(bool hit);
  void record_flush(std::chrono::nanoseconds duration);

  // The text exposition format, with `views` (when counting is on) contributing its totals.
  std::string render(const ViewCounter* views) const;

  // Adds the lines `source` returns (in the same format) to every render: another part of the
  // program (the mail sender) reporting its own numbers. Call before serving.
  void add_source(std::function<std::string()> source) { sources_.push_back(std::move(source)); }

 private:
  std::vector<std::function<std::string()>> sources_;
  struct Slot {
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> statuses{};
    std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> latency{};
    std::atomic<std::uint64_t> latency_nanoseconds{0};
    std::atomic<std::uint64_t> cache_hits{0};
    std::atomic<std::uint64_t> cache_misses{0};
  };
  Slot& slot();

  mutable std::mutex slots_mutex_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::uint64_t> flushes_{0};
  std::atomic<std::uint64_t> flush_nanoseconds_{0};
};

// The render cache's size, bound and evictions, in the Prometheus text format.
std::string cache_metrics_text(const PageCache& cache);

}  // namespace tribune::http
