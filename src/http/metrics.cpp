// Metrics in Prometheus' text format.
#include "http/metrics.h"

#include <fmt/format.h>

#include "audience/view_counter.h"

namespace tribune::http {

Metrics::Slot& Metrics::slot() {
  thread_local Slot* mine = nullptr;
  thread_local const Metrics* owner = nullptr;
  if (owner != this) {
    std::lock_guard lock(slots_mutex_);
    slots_.push_back(std::make_unique<Slot>());
    mine = slots_.back().get();
    owner = this;
  }
  return *mine;
}

void Metrics::record_request(int status, std::chrono::nanoseconds latency) {
  Slot& counters = slot();
  std::size_t index = kStatuses.size() - 1;
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) index = i;
  }
  counters.statuses[index].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(latency).count();
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  counters.latency[bucket].fetch_add(1, std::memory_order_relaxed);
  counters.latency_nanoseconds.fetch_add(static_cast<std::uint64_t>(latency.count()),
                                         std::memory_order_relaxed);
}

void Metrics::record_cache(bool hit) {
  Slot& counters = slot();
  (hit ? counters.cache_hits : counters.cache_misses).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::record_flush(std::chrono::nanoseconds duration) {
  flushes_.fetch_add(1, std::memory_order_relaxed);
  flush_nanoseconds_.fetch_add(static_cast<std::uint64_t>(duration.count()),
                               std::memory_order_relaxed);
}

std::string Metrics::render(const ViewCounter* views) const {
  std::array<std::uint64_t, kStatuses.size()> statuses{};
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> latency{};
  std::uint64_t latency_nanoseconds = 0, hits = 0, misses = 0;
  {
    std::lock_guard lock(slots_mutex_);
    for (const auto& counters : slots_) {
      for (std::size_t i = 0; i < statuses.size(); ++i) statuses[i] += counters->statuses[i];
      for (std::size_t i = 0; i < latency.size(); ++i) latency[i] += counters->latency[i];
      latency_nanoseconds += counters->latency_nanoseconds;
      hits += counters->cache_hits;
      misses += counters->cache_misses;
    }
  }
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# HELP tribune_http_requests_total HTTP requests answered, by status.\n");
  fmt::format_to(it, "# TYPE tribune_http_requests_total counter\n");
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (kStatuses[i] == 0) {
      fmt::format_to(it, "tribune_http_requests_total{{status=\"other\"}} {}\n", statuses[i]);
    } else {
      fmt::format_to(it, "tribune_http_requests_total{{status=\"{}\"}} {}\n", kStatuses[i],
                     statuses[i]);
    }
  }
  fmt::format_to(it,
                 "# HELP tribune_http_request_duration_seconds Time from a parsed request to its "
                 "response written.\n");
  fmt::format_to(it, "# TYPE tribune_http_request_duration_seconds histogram\n");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += latency[i];
    fmt::format_to(it, "tribune_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                   kLatencyBuckets[i], cumulative);
  }
  cumulative += latency.back();
  fmt::format_to(it, "tribune_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
                 cumulative);
  fmt::format_to(it, "tribune_http_request_duration_seconds_sum {:.6f}\n",
                 latency_nanoseconds / 1e9);
  fmt::format_to(it, "tribune_http_request_duration_seconds_count {}\n", cumulative);
  fmt::format_to(it,
                 "# HELP tribune_render_cache_hits_total Pages served from the render cache.\n");
  fmt::format_to(it, "# TYPE tribune_render_cache_hits_total counter\n");
  fmt::format_to(it, "tribune_render_cache_hits_total {}\n", hits);
  fmt::format_to(
      it,
      "# HELP tribune_render_cache_misses_total Pages rendered because the cache lacked them.\n");
  fmt::format_to(it, "# TYPE tribune_render_cache_misses_total counter\n");
  fmt::format_to(it, "tribune_render_cache_misses_total {}\n", misses);
  if (views != nullptr) {
    fmt::format_to(
        it,
        "# HELP tribune_views_counted_total Article views counted (people, once per reading).\n");
    fmt::format_to(it, "# TYPE tribune_views_counted_total counter\n");
    fmt::format_to(it, "tribune_views_counted_total {}\n", views->counted());
    fmt::format_to(
        it,
        "# HELP tribune_views_rejected_total Article requests not counted as views, by reason.\n");
    fmt::format_to(it, "# TYPE tribune_views_rejected_total counter\n");
    fmt::format_to(it, "tribune_views_rejected_total{{reason=\"crawler\"}} {}\n",
                   views->rejected(ViewVerdict::crawler));
    fmt::format_to(it, "tribune_views_rejected_total{{reason=\"prefetch\"}} {}\n",
                   views->rejected(ViewVerdict::prefetch));
    fmt::format_to(it, "tribune_views_rejected_total{{reason=\"repeat\"}} {}\n",
                   views->rejected(ViewVerdict::repeat));
  }
  fmt::format_to(
      it, "# HELP tribune_views_flush_seconds Time spent writing counted views to the database.\n");
  fmt::format_to(it, "# TYPE tribune_views_flush_seconds summary\n");
  fmt::format_to(it, "tribune_views_flush_seconds_sum {:.6f}\n", flush_nanoseconds_.load() / 1e9);
  fmt::format_to(it, "tribune_views_flush_seconds_count {}\n", flushes_.load());
  for (const auto& source : sources_) out += source();
  return out;
}

std::string cache_metrics_text(const PageCache& cache) {
  return fmt::format(
      "# HELP tribune_render_cache_entries Pages held by the render cache.\n"
      "# TYPE tribune_render_cache_entries gauge\n"
      "tribune_render_cache_entries {}\n"
      "# HELP tribune_render_cache_bytes Bytes held by the render cache.\n"
      "# TYPE tribune_render_cache_bytes gauge\n"
      "tribune_render_cache_bytes {}\n"
      "# HELP tribune_render_cache_max_bytes The render cache's bound (server.cache_mb).\n"
      "# TYPE tribune_render_cache_max_bytes gauge\n"
      "tribune_render_cache_max_bytes {}\n"
      "# HELP tribune_render_cache_evictions_total Pages pushed out of the render cache by its "
      "bound.\n"
      "# TYPE tribune_render_cache_evictions_total counter\n"
      "tribune_render_cache_evictions_total {}\n",
      cache.size(), cache.bytes(), cache.max_bytes(), cache.evictions());
}

}  // namespace tribune::http
