// Content changes announced between the servers sharing one PostgreSQL database: a NOTIFY in
// the writer's transaction (delivered when it commits), heard on a LISTEN connection of its own.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <mutex>
#include <string>

#include "store/sql/connection.h"

namespace tribune::postgres {

// Inside a transaction on `db`: every listener hears of a content change when it commits
// (never if it rolls back).
Status announce_content_change(sql::Connection* db);

// Hears the announcements on a connection made for it, on first use and again after it is
// lost. One waiter at a time (others take their turn).
class ContentListener {
 public:
  explicit ContentListener(std::string url) : url_(std::move(url)) {}
  ~ContentListener();
  ContentListener(const ContentListener&) = delete;
  ContentListener& operator=(const ContentListener&) = delete;

  // Waits up to `timeout` for announcements: true when at least one came (all that came are
  // taken at once), or when the connection was just made or lost (changes may have been
  // missed meanwhile; while the database is out of reach, after sleeping `timeout`); false
  // when the time ran out.
  bool wait(std::chrono::milliseconds timeout);

 private:
  // Connects and listens; false when the database cannot be reached.
  bool listen();
  void disconnect();

  std::string url_;
  std::mutex mutex_;
  PGconn* connection_ = nullptr;
};

}  // namespace tribune::postgres
