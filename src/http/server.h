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
  // Connections open at once at most; 0: as many as the file-descriptor limit allows (the soft
  // limit is raised to the hard limit at start). Past the cap, new connections wait in the
  // kernel's backlog.
  std::size_t max_connections = 0;
  // Called once the port is bound, with the port (useful with port 0).
  std::function<void(unsigned short)> on_listening;
};

// Serves until SIGTERM or SIGINT, then stops accepting, lets responses in flight finish
// (for at most a second) and returns; SIGHUP or SIGUSR1 reopen the access log. An Error when
// the address cannot be bound.
Status serve(const ServerOptions& options, Handler& handler, AccessLog& access_log);

}  // namespace tribune::http
