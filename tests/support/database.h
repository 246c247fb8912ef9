// Reaching into a test site's SQLite database directly, for what no command does (making a
// crowd of articles at once, say). Only before the site's server starts, or while it runs
// when the test means to change the data under it.
#pragma once

#include <filesystem>
#include <string>

namespace tribune::testing {

// Runs `sql` on the database of the site in `data`; SQLite's error message, or "".
std::string run_sql(const std::filesystem::path& data, const std::string& sql);

// The rows `sql` reads from the site's database, one per line, columns joined by "|" (NULL
// as ""); "error: MESSAGE" when it fails.
std::string query_sql(const std::filesystem::path& data, const std::string& sql);

}  // namespace tribune::testing
