// The HTTP server: accepts connections, reads requests (Boost.Beast), hands them to the
// Handler and writes the prepared bytes back. Owns everything about sockets: limits,
// timeouts, keep-alive, pipelining, and a clean shutdown on SIGTERM or SIGINT.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/access_log.h"
#include "http/handler.h"
#include "http/metrics.h"

namespace tribune::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;                           // 0: one per core
  std::vector<std::string> trusted_proxies;  // see client_address.h
  Metrics* metrics = nullptr;                // counts requests when given
  // Called about twice a second on a server thread, for background work (noticing that
  // content changed, flushing counters).
  std::function<void()> tick;
};

// Serves until SIGTERM or SIGINT, then stops accepting, lets responses in flight finish
// (for at most a second) and returns. An Error when the address cannot be bound.
Status serve(const ServerOptions& options, Handler& handler, AccessLog& access_log);

}  // namespace tribune::http
