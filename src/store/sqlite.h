#ifndef TORIKUMI_STORE_SQLITE_H_
#define TORIKUMI_STORE_SQLITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace torikumi::store::sqlite {

// A thin RAII layer over the SQLite C API, private to the store. Errors come back as
// torikumi::Error values naming the failing statement.

class Statement;

class Connection {
 public:
  static Result<Connection> Open(const std::string& path);
  Connection(Connection&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Connection& operator=(Connection&&) = delete;
  ~Connection();

  // Runs statements that return no rows.
  Result<void> Execute(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  std::int64_t LastInsertId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;

  Error LastError(std::string_view context) const;

  // Copies this whole database into `destination` with SQLite's online backup, a few pages
  // at a time so that writers on other connections are held up only briefly.
  Result<void> CopyTo(Connection& destination);

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Parameters count from 1, as in SQL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, std::int64_t(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::nullopt_t);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }

  // Advances to the next row: true with a row, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows.
  Result<void> Run();
  void Reset();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::optional<int> OptionalInt(int column) const;
  std::optional<double> OptionalDouble(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_;
  sqlite3* db_;
};

// Runs `body` inside a transaction begun by `begin` ("BEGIN" to read a consistent
// snapshot, "BEGIN IMMEDIATE" to write), committing when it succeeds and rolling back
// otherwise.
template <typename T, typename Body>
Result<T> InTransaction(Connection& db, std::string_view begin, Body body) {
  TORIKUMI_RETURN_IF_ERROR(db.Execute(begin));
  Result<T> result = body();
  if (!result.ok()) {
    (void)db.Execute("ROLLBACK");
    return result;
  }
  if (auto committed = db.Execute("COMMIT"); !committed.ok()) {
    (void)db.Execute("ROLLBACK");
    return committed.error();
  }
  return result;
}

}  // namespace torikumi::store::sqlite

#endif  // TORIKUMI_STORE_SQLITE_H_
