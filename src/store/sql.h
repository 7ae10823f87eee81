#ifndef TORIKUMI_STORE_SQL_H_
#define TORIKUMI_STORE_SQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "text/search.h"

namespace torikumi::store::sql {

// The store's SQL, written once for both backends. Statements number their parameters
// ?1, ?2, … and use what SQLite and PostgreSQL share (RETURNING, ON CONFLICT DO NOTHING,
// IS NOT DISTINCT FROM); what differs — transactions, full-text search, backups — is asked
// of the connection. Private to the store.

// What a backend does its own way.
class Dialect {
 public:
  virtual ~Dialect() = default;
  // Begins a transaction that reads one consistent snapshot.
  virtual std::string_view BeginRead() const = 0;
  // Begins a transaction that writes; concurrent writers are serialised or refused with a
  // retryable error.
  virtual std::string_view BeginWrite() const = 0;
  // A condition on the initiative aliased `i` that holds when it matches the search
  // parameter numbered `parameter`, which is bound to SearchParameter(phrases).
  virtual std::string SearchCondition(int parameter) const = 0;
  virtual std::string SearchParameter(const std::vector<text::SearchPhrase>& phrases) const = 0;
  // The initiatives matching the search parameter numbered `parameter`, newest first, as a
  // FROM clause that gives the initiative as `i` and a WHERE condition, for queries over
  // many sheets that stop at a LIMIT: the backend's index drives, and yields rows in order.
  virtual std::string MatchingFrom() const = 0;
  virtual std::string MatchingWhere(int parameter) const = 0;
  virtual std::string_view MatchingNewestFirst() const = 0;
  // Statements that set (?1 initiative id, ?2 SearchDocument) and clear (?1) an
  // initiative's index entry.
  virtual std::string SearchDocument(std::string_view tokens) const = 0;
  virtual std::string_view IndexSearchSql() const = 0;
  virtual std::string_view ClearSearchSql() const = 0;
};

// One backend's prepared statement.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;
  virtual Result<bool> Step() = 0;
  virtual void Reset() = 0;
  virtual bool IsNull(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual double Double(int column) const = 0;
  virtual std::string Text(int column) const = 0;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<Cursor> cursor) : cursor_(std::move(cursor)) {}

  // Parameters count from 1, as in SQL.
  Statement& Bind(int index, std::int64_t value) {
    cursor_->BindInt(index, value);
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, std::int64_t(value)); }
  Statement& Bind(int index, double value) {
    cursor_->BindDouble(index, value);
    return *this;
  }
  Statement& Bind(int index, std::string_view value) {
    cursor_->BindText(index, value);
    return *this;
  }
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::nullopt_t) {
    cursor_->BindNull(index);
    return *this;
  }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }

  // Advances to the next row: true with a row, false when done.
  Result<bool> Step() { return cursor_->Step(); }
  // Runs a statement that returns no rows, and readies it to run again.
  Result<void> Run();
  // Readies the statement to run again with new parameters.
  void Reset() { cursor_->Reset(); }

  bool IsNull(int column) const { return cursor_->IsNull(column); }
  std::int64_t Int(int column) const { return cursor_->Int(column); }
  double Double(int column) const { return cursor_->Double(column); }
  std::string Text(int column) const { return cursor_->Text(column); }
  std::optional<int> OptionalInt(int column) const;
  std::optional<double> OptionalDouble(int column) const;

 private:
  std::unique_ptr<Cursor> cursor_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs statements that return no rows.
  virtual Result<void> Execute(std::string_view sql) = 0;
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int Changes() const = 0;
  virtual const Dialect& dialect() const = 0;
};

// Runs `body` inside a transaction begun by `begin`, committing when it succeeds and
// rolling back otherwise.
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

// Runs an INSERT … RETURNING id, gives the id and readies the statement to run again.
Result<std::int64_t> InsertedId(Statement& insert);

// Now, as the store records times: ISO 8601 UTC with milliseconds,
// "2026-11-25T08:44:56.123Z".
std::string UtcNow();

}  // namespace torikumi::store::sql

#endif  // TORIKUMI_STORE_SQL_H_
