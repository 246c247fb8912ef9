// LISTEN/NOTIFY on the channel the servers of one database share.
#include "store/postgres/pg_notifications.h"

#include <poll.h>

#include <cerrno>
#include <thread>

namespace tribune::postgres {
namespace {

// The channel's name, in both statements.
constexpr const char* kListen = "LISTEN tribune_content";
constexpr const char* kNotify = "NOTIFY tribune_content";

}  // namespace

Status announce_content_change(sql::Connection* db) { return db->execute(kNotify); }

ContentListener::~ContentListener() { disconnect(); }

void ContentListener::disconnect() {
  if (connection_ != nullptr) PQfinish(connection_);
  connection_ = nullptr;
}

bool ContentListener::listen() {
  connection_ = PQconnectdb(url_.c_str());
  if (PQstatus(connection_) == CONNECTION_OK) {
    PGresult* result = PQexec(connection_, kListen);
    const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (listening) return true;
  }
  disconnect();
  return false;
}

bool ContentListener::wait(std::chrono::milliseconds timeout) {
  std::lock_guard lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (connection_ == nullptr) {
    if (!listen()) std::this_thread::sleep_until(deadline);
    return true;
  }
  for (;;) {
    // Reads what the server sent, then takes every announcement queued: a burst of edits is
    // one reading for the caller.
    if (PQconsumeInput(connection_) == 0) {
      disconnect();
      return true;
    }
    bool heard = false;
    while (PGnotify* notification = PQnotifies(connection_)) {
      heard = true;
      PQfreemem(notification);
    }
    if (heard) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd socket{.fd = PQsocket(connection_), .events = POLLIN, .revents = 0};
    if (::poll(&socket, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      disconnect();
      return true;
    }
  }
}

}  // namespace tribune::postgres
