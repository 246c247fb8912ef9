// A fresh PostgreSQL database for one test, on the cluster the suite starts
// (scripts/test-postgres.sh, through the ctest fixture "postgres"), dropped after the test.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tribune::testing {

class PostgresDatabase {
 public:
  // Creates an empty database on the test cluster; url() empty (and reason() says why) when
  // no cluster runs.
  PostgresDatabase();
  ~PostgresDatabase();  // drops it, closing whatever connections are left
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& reason() const { return reason_; }

  // Another empty database on the same cluster, dropped with this one (a copy restored
  // there, say).
  std::string another_database();

 private:
  std::string admin_url_;
  std::string url_;
  std::string reason_;
  std::vector<std::string> names_;
};

// The test cluster's address (its "postgres" database), or "" when none runs.
std::string postgres_admin_url();

}  // namespace tribune::testing
