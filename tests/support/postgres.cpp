// Databases on the test cluster, made and dropped through libpq.
#include "support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

namespace tribune::testing {
namespace {

// Runs `sql` on the cluster's "postgres" database; "" or libpq's reason.
std::string run_admin(const std::string& admin_url, const std::string& sql) {
  PGconn* connection = PQconnectdb(admin_url.c_str());
  std::string reason;
  if (PQstatus(connection) != CONNECTION_OK) {
    reason = PQerrorMessage(connection);
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) reason = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(connection);
  return reason;
}

std::string url_of(const std::string& admin_url, const std::string& name) {
  return admin_url.substr(0, admin_url.rfind('/') + 1) + name;
}

}  // namespace

std::string postgres_admin_url() {
  std::ifstream state(TRIBUNE_TEST_POSTGRES_STATE);
  std::string folder, url;
  std::getline(state, folder);
  std::getline(state, url);
  return url;
}

PostgresDatabase::PostgresDatabase() : admin_url_(postgres_admin_url()) {
  if (admin_url_.empty()) {
    reason_ = "no test PostgreSQL runs (" TRIBUNE_TEST_POSTGRES_STATE
              " is missing: run the tests with ctest, whose fixture starts one)";
    return;
  }
  url_ = another_database();
}

std::string PostgresDatabase::another_database() {
  static std::atomic<int> made = 0;
  const std::string name =
      "test_" + std::to_string(::getpid()) + "_" + std::to_string(made.fetch_add(1));
  if (std::string failed = run_admin(admin_url_, "CREATE DATABASE " + name); !failed.empty()) {
    reason_ = failed;
    return {};
  }
  names_.push_back(name);
  return url_of(admin_url_, name);
}

PostgresDatabase::~PostgresDatabase() {
  for (const std::string& name : names_) {
    (void)run_admin(admin_url_, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}

}  // namespace tribune::testing
