#ifndef TORIKUMI_MODEL_ERROR_H_
#define TORIKUMI_MODEL_ERROR_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace torikumi {

// Where in an input a problem was found. Line and column count from 1; 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

// The one error type for expected failures. Each layer returns it as a value; the CLI and
// the web layer map its code to an exit status or an HTTP status in one place each.
class Error {
 public:
  // kUnavailable: the fault is the machine's and passes (a full disk, an I/O error, a lost
  // database connection, memory running out): nothing was written, and the same request
  // may succeed later. kIo: anything else that failed outside the input.
  enum class Code { kInvalidInput, kNotFound, kConflict, kForbidden, kUnavailable, kIo };

  static Error InvalidInput(std::string message, Location where = {}) {
    return Error(Code::kInvalidInput, std::move(message), std::move(where));
  }
  static Error NotFound(std::string message) { return Error(Code::kNotFound, std::move(message)); }
  static Error Conflict(std::string message) { return Error(Code::kConflict, std::move(message)); }
  static Error Forbidden(std::string message) {
    return Error(Code::kForbidden, std::move(message));
  }
  static Error Unavailable(std::string message) {
    return Error(Code::kUnavailable, std::move(message));
  }
  static Error Io(std::string message) { return Error(Code::kIo, std::move(message)); }

  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }

  // Returns a copy that also names `file`, for errors raised before the file name was known.
  Error InFile(std::string file) const;

  // "FILE:LINE:COLUMN: message", leaving out the parts of the location that are unknown.
  std::string ToString() const;

 private:
  Error(Code code, std::string message, Location where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  Code code_;
  std::string message_;
  Location where_;
};

// A value or an Error. A small stand-in for std::expected, which C++20 lacks.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
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

  // REQUIRES: !ok()
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace torikumi

// Returns the error of `expr`, a Result, from the enclosing function.
#define TORIKUMI_RETURN_IF_ERROR(expr)                 \
  do {                                                 \
    if (const auto& result_ = (expr); !result_.ok()) { \
      return result_.error();                          \
    }                                                  \
  } while (0)

#define TORIKUMI_CONCAT_INNER_(a, b) a##b
#define TORIKUMI_CONCAT_(a, b) TORIKUMI_CONCAT_INNER_(a, b)

// Evaluates `expr`, a Result<T>; returns its error, or moves its value into `lhs`, which
// may be a declaration ("auto x").
// NOLINTBEGIN(bugprone-macro-parentheses): `result` is a name and `lhs` may be a
// declaration, neither of which parentheses can hold.
#define TORIKUMI_ASSIGN_OR_RETURN(lhs, expr) \
  TORIKUMI_ASSIGN_OR_RETURN_IMPL_(TORIKUMI_CONCAT_(result_, __LINE__), lhs, expr)
#define TORIKUMI_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                    \
  if (!result.ok()) return result.error();                 \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // TORIKUMI_MODEL_ERROR_H_
