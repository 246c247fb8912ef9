// Tribune's one error convention: expected failures (bad input, not found, a conflict, an
// unreadable file) are values of type Error carried by Result<T>; exceptions mean a bug.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tribune {

enum class Errc {
  invalid_input,  // the caller's data is malformed or out of range
  not_found,      // the thing asked for does not exist
  conflict,       // it would clash with existing data (a duplicate slug, say)
  io,             // the operating system refused (a file, a socket)
  storage,        // the database failed
};

struct Error {
  Errc code = Errc::invalid_input;
  std::string message;  // one sentence for an operator or a log, in English
  std::string field;    // the input field at fault, when there is one ("title", "smtp.port")
  std::string source;   // the file or request at fault, when there is one

  // "SOURCE: FIELD: MESSAGE", leaving out what is empty: the one-line form for stderr.
  std::string to_string() const;
};

// Builds an Error; `field` and `source` may be filled later with with_field/with_source.
inline Error make_error(Errc code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field), {}};
}

// `error` with the file or request at fault recorded.
inline Error with_source(Error error, std::string source) {
  error.source = std::move(source);
  return error;
}

// A T, or the Error that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error& error() {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Success without a value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace tribune

// Returns the error of `expr` (a Result) from the enclosing function when there is one.
#define TRIBUNE_TRY(expr)                                         \
  do {                                                            \
    auto tribune_try_result_ = (expr);                            \
    if (!tribune_try_result_) return tribune_try_result_.error(); \
  } while (false)
