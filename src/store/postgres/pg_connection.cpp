// libpq connections, the store's SQL translated for PostgreSQL, and SQLSTATEs as errors.
#include "store/postgres/pg_connection.h"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <vector>

namespace tribune::postgres {
namespace {

// libpq's type ids (catalog/pg_type.h is not part of libpq-dev's public headers).
constexpr Oid kInt8Oid = 20;

// The kind of Error a SQLSTATE is: a constraint is a conflict; a lost connection, a server
// shutting down or a full disk is io (the same write may succeed once the operator acts, so
// the server answers 503); anything else is storage.
Errc error_kind(const char* sqlstate) {
  if (sqlstate == nullptr) return Errc::io;  // no answer from the server at all
  const std::string_view state(sqlstate);
  if (state.starts_with("23")) return Errc::conflict;
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P")) {
    return Errc::io;
  }
  return Errc::storage;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `sql` has the keyword `word` (any case, whole word) at `at`.
bool keyword_at(std::string_view sql, std::size_t at, std::string_view word) {
  if (at + word.size() > sql.size()) return false;
  if (at > 0 && is_word_char(sql[at - 1])) return false;
  if (at + word.size() < sql.size() && is_word_char(sql[at + word.size()])) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(sql[at + i])) != word[i]) return false;
  }
  return true;
}

}  // namespace

std::string translate(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 32);
  int highest_parameter = 0;
  bool ignore_conflicts = false;
  for (std::size_t at = 0; at < sql.size();) {
    const char c = sql[at];
    if (c == '\'' || c == '"') {  // quoted text or name, doubled quotes included
      std::size_t end = at + 1;
      while (end < sql.size()) {
        if (sql[end] == c) {
          if (end + 1 < sql.size() && sql[end + 1] == c) {
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      out.append(sql.substr(at, end + 1 - at));
      at = end + 1;
      continue;
    }
    if (c == '?') {
      std::size_t end = at + 1;
      while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
      const int number = end > at + 1
                             ? std::atoi(std::string(sql.substr(at + 1, end - at - 1)).c_str())
                             : highest_parameter + 1;
      highest_parameter = std::max(highest_parameter, number);
      out += '$';
      out += std::to_string(number);
      at = end;
      continue;
    }
    if (keyword_at(sql, at, "OR") && out.size() >= 7 && keyword_at(out, out.size() - 7, "INSERT") &&
        keyword_at(sql, at + 3, "IGNORE")) {
      at += 10;  // "OR IGNORE "
      while (at < sql.size() && sql[at] == ' ') ++at;
      ignore_conflicts = true;
      continue;
    }
    // SQLite's unary + on a column (+a.draft) only steers its planner; PostgreSQL has no + for
    // text.
    if (c == '+' && at > 0 && sql[at - 1] == ' ' && at + 1 < sql.size() &&
        std::isalpha(static_cast<unsigned char>(sql[at + 1]))) {
      ++at;
      continue;
    }
    // SQLite's CROSS JOIN … ON (an inner join in the order written) is PostgreSQL's JOIN.
    if (keyword_at(sql, at, "CROSS") && keyword_at(sql, at + 6, "JOIN")) {
      at += 6;
      continue;
    }
    if (keyword_at(sql, at, "LIKE")) {
      out += "ILIKE";
      at += 4;
      continue;
    }
    if (keyword_at(sql, at, "INSTR") && at + 5 < sql.size() && sql[at + 5] == '(') {
      out += "strpos";
      at += 5;
      continue;
    }
    out += c;
    ++at;
  }
  if (ignore_conflicts) {
    while (!out.empty() &&
           (out.back() == ';' || std::isspace(static_cast<unsigned char>(out.back())))) {
      out.pop_back();
    }
    // Before a RETURNING clause, if there is one.
    std::size_t returning = std::string::npos;
    for (std::size_t at = 0; at < out.size(); ++at) {
      if (keyword_at(out, at, "RETURNING")) returning = at;
    }
    if (returning == std::string::npos) {
      out += " ON CONFLICT DO NOTHING";
    } else {
      out.insert(returning, "ON CONFLICT DO NOTHING ");
    }
  }
  return out;
}

class PgConnection::PgQuery final : public sql::Query {
 public:
  PgQuery(PgConnection& connection, const std::string& sql) : connection_(connection), sql_(sql) {}
  ~PgQuery() override { PQclear(result_); }

  void bind_text(int index, std::string_view text) override {
    slot(index) = Parameter{std::string(text), 0};
  }
  void bind_integer(int index, std::int64_t number) override {
    slot(index) = Parameter{std::to_string(number), kInt8Oid};
  }
  void bind_null(int index) override { slot(index) = Parameter{std::nullopt, 0}; }

  int step() override {
    if (result_ == nullptr) {
      if (!run()) return -1;
      if (PQresultStatus(result_) != PGRES_TUPLES_OK) return 0;
    }
    ++row_;
    return row_ < PQntuples(result_) ? 1 : 0;
  }
  std::int64_t integer(int column) const override {
    if (is_null(column)) return 0;
    const char* value = PQgetvalue(result_, row_, column);
    // Booleans (a comparison among the columns) read as SQLite gives them: 1 and 0.
    if (value[0] == 't' && value[1] == '\0') return 1;
    if (value[0] == 'f' && value[1] == '\0') return 0;
    return std::strtoll(value, nullptr, 10);
  }
  double real(int column) const override {
    return is_null(column) ? 0.0 : std::strtod(PQgetvalue(result_, row_, column), nullptr);
  }
  std::string text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  bool is_null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  int column_count() const override { return result_ != nullptr ? PQnfields(result_) : 0; }
  std::string column_name(int column) const override { return PQfname(result_, column); }

 private:
  // A parameter the query does not bind (one its SQL leaves out for this use) is sent as a
  // typed NULL: PostgreSQL refuses a parameter whose type it can neither read nor infer.
  struct Parameter {
    std::optional<std::string> value;
    Oid type = kInt8Oid;
  };

  Parameter& slot(int index) {
    if (static_cast<std::size_t>(index) > parameters_.size()) {
      parameters_.resize(static_cast<std::size_t>(index));
    }
    return parameters_[static_cast<std::size_t>(index - 1)];
  }

  bool run() {
    if (!connection_.ensure_open()) return false;
    std::vector<const char*> values;
    std::vector<Oid> types;
    for (const Parameter& parameter : parameters_) {
      values.push_back(parameter.value ? parameter.value->c_str() : nullptr);
      types.push_back(parameter.type);
    }
    result_ = PQexecParams(connection_.handle(), sql_.c_str(), static_cast<int>(values.size()),
                           types.data(), values.data(), nullptr, nullptr, 0);
    return connection_.record(result_);
  }

  PgConnection& connection_;
  const std::string& sql_;
  std::vector<Parameter> parameters_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string reason = PQerrorMessage(connection);
    while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) {
      reason.pop_back();
    }
    PQfinish(connection);
    return make_error(Errc::io, "cannot connect to PostgreSQL: " + reason, "database.url");
  }
  // Notices (an extension already there, say) are for a console, not the server's log.
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(connection));
}

PgConnection::~PgConnection() { PQfinish(connection_); }

bool PgConnection::ensure_open() {
  if (PQstatus(connection_) == CONNECTION_OK) return true;
  PQreset(connection_);
  if (PQstatus(connection_) == CONNECTION_OK) return true;
  last_error_kind_ = Errc::io;
  last_error_ = PQerrorMessage(connection_);
  return false;
}

bool PgConnection::record(const PGresult* result) {
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
    changes_ = tuples[0] != '\0' ? std::strtoll(tuples, nullptr, 10) : 0;
    return true;
  }
  last_error_kind_ =
      error_kind(result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE));
  last_error_ = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
  while (!last_error_.empty() && std::isspace(static_cast<unsigned char>(last_error_.back()))) {
    last_error_.pop_back();
  }
  return false;
}

sql::Query* PgConnection::prepare(std::string_view sql) {
  auto found = translated_.find(sql);
  if (found == translated_.end())
    found = translated_.emplace(std::string(sql), translate(sql)).first;
  return new PgQuery(*this, found->second);
}

void PgConnection::release(sql::Query* query) { delete query; }

Status PgConnection::execute(std::string_view sql) {
  if (!ensure_open()) return error("connect");
  PGresult* result = PQexec(connection_, translate(sql).c_str());
  const bool done = record(result);
  PQclear(result);
  if (!done) return error("statement");
  return Ok{};
}

std::string_view PgConnection::begin_write_sql() const {
  // One writer at a time across every server, as SQLite's BEGIN IMMEDIATE gives one file:
  // the store's read-then-write steps (a slug's uniqueness, a position at the end of a list)
  // then hold whichever server runs them. The lock ends with the transaction.
  return "BEGIN; SELECT pg_advisory_xact_lock(7395042)";
}

std::int64_t PgConnection::last_insert_id() {
  const std::int64_t changes = changes_;  // the INSERT's, not this query's
  PGresult* result = PQexec(connection_, "SELECT lastval()");
  std::int64_t id = 0;
  if (record(result) && PQntuples(result) == 1) {
    id = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
  }
  PQclear(result);
  changes_ = changes;
  return id;
}

Error PgConnection::error(std::string_view what) {
  return make_error(last_error_kind_, "database " + std::string(what) + " failed: " + last_error_);
}

}  // namespace tribune::postgres
