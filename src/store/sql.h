#ifndef TORIKUMI_STORE_SQL_H_
#define TORIKUMI_STORE_SQL_H_

#include <algorithm>
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
// ?1, ?2, … (or leave them bare, ?, numbered in order) and use what SQLite and PostgreSQL share
// (RETURNING, ON CONFLICT DO NOTHING, IS NOT DISTINCT FROM); what differs — transactions, full-text
// search, backups — is asked of the connection. Private to the store.

// What a backend does its own way.
class Dialect {
 public:
  virtual ~Dialect() = default;
  // Begins a transaction that reads one consistent snapshot.
  virtual std::string_view BeginRead() const = 0;
  // Begins a transaction that writes; concurrent writers are serialised or refused with a
  // retryable error.
  virtual std::string_view BeginWrite() const = 0;
  // The parameters of a search for `phrases`, all of which must match, and a condition on
  // the initiative aliased `i` that holds when it matches them, bound from the parameter
  // numbered `first` on.
  virtual std::vector<std::string> SearchParameters(
      const std::vector<text::SearchPhrase>& phrases) const = 0;
  virtual std::string SearchCondition(int first, std::size_t parameters) const = 0;
  // The initiatives matching the search parameters numbered from `first` on, newest first,
  // as a FROM clause that gives the initiative as `i` and a WHERE condition, for queries
  // over many sheets that stop early: the backend's index drives, and yields rows in order.
  // An initiative may come more than once (once for each of its entries that matches) where
  // the index is beside the rows.
  virtual std::string MatchingFrom() const = 0;
  virtual std::string MatchingWhere(int first, std::size_t parameters) const = 0;
  virtual std::string_view MatchingNewestFirst() const = 0;
  // Whether the backend is faster given many rows in one statement (a server, to which
  // each statement is a round trip) than one row per run of a prepared statement (SQLite,
  // which parses a statement of many rows more slowly than it runs one row many times).
  virtual bool ManyRowStatements() const = 0;
  // What follows a SELECT of rows a writer claims so that concurrent writers pass over
  // them (FOR UPDATE SKIP LOCKED), or "" where writers are serialised anyway.
  virtual std::string_view SkipLocked() const = 0;
  // Whether the database lets one writer in at a time (SQLite's file lock). A process's
  // writes then queue, and are written in batches of one transaction each: the backend's
  // own busy wait sleeps in growing steps and wakes long after the lock is free, and each
  // commit waits for the disk.
  virtual bool OneWriterAtATime() const = 0;
  // The index entry of an initiative as the backend keeps it.
  virtual std::string SearchDocument(std::string_view tokens) const = 0;
  // Where initiatives' SearchDocuments are kept.
  struct SearchStorage {
    // The column of an initiative's row that holds its document, written with the row; or
    // empty, and the documents are in an index beside the rows, an entry for each part of
    // an initiative (SearchEntry), that these statements write: around rows (?entry,
    // ?document), one that sets those entries, whatever they held (RunForRows); around
    // rows (?entry), one that clears them; and one that gives the entries ?1 to ?2 that
    // the index has, an initiative's all.
    std::string_view column;
    std::string_view index_head, index_tail, clear_head, clear_tail, entries_between;
  };
  virtual const SearchStorage& Search() const = 0;
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

// Steps `statement` through its rows, calling `row()` at each, which reads the statement's
// columns. Fails as Step fails.
template <typename Row>
Result<void> ForEachRow(Statement& statement, Row&& row) {
  for (;;) {
    TORIKUMI_ASSIGN_OR_RETURN(bool more, statement.Step());
    if (!more) return {};
    row();
  }
}

// Where the index is beside the rows, an initiative's search text is indexed in parts, each
// an entry of its own (rows::SearchPartsOf): a month's report is a part, and its save
// indexes that part again rather than the whole initiative. Entry `part` of initiative
// `initiative`:
inline constexpr int kSearchPartBits = 16;
inline constexpr std::uint32_t kMostSearchParts = 1u << kSearchPartBits;
inline std::int64_t SearchEntry(std::int64_t initiative, std::uint32_t part) {
  return initiative << kSearchPartBits | std::int64_t(part);
}

// A change of the search index beside the rows (Dialect::Search).
struct IndexChange {
  std::int64_t initiative;
  std::optional<std::uint32_t> part;    // nullopt: all its parts, which can only be cleared
  std::optional<std::string> document;  // nullopt: the entry is cleared
};

// Changes of the search index put off to the end of a transaction of many writes
// (rows::WriteIndex): SQLite's FTS5 writes what it holds as a new segment at every
// savepoint, a statement's own included, so each write's documents would otherwise make a
// segment of their own, and merging those costs more than the writes.
struct PutOffIndex {
  std::vector<IndexChange> changes;
  std::size_t written = 0;  // the first `written` changes are in the index already
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs statements that return no rows.
  virtual Result<void> Execute(std::string_view sql) = 0;
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // A statement to be run once, which the backend need not keep prepared: the statements
  // of many rows whose SQL differs with the number of rows.
  virtual Result<Statement> PrepareOnce(std::string_view sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int Changes() const = 0;
  virtual const Dialect& dialect() const = 0;
  // Whether the connection may serve the next transaction: false once the server has
  // closed it or it was left inside a transaction. The pool drops one that is not.
  virtual bool Usable() const = 0;
  // The upkeep a backend does after commits (SQLite copies its write-ahead log into the
  // database): whether this connection's commits have made it due, told once, and the
  // upkeep, which any connection of the database does once the next writes may go on, so
  // that none waits for it.
  virtual bool UpkeepDue() { return false; }
  virtual void Upkeep() {}

  // Changes of the search index put off while a batch of writes is open (PutOffIndex);
  // empty, they are written at once.
  std::optional<PutOffIndex> put_off_index;
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

// The most parameters one statement may take on both backends (SQLite's default limit).
inline constexpr int kMaxParameters = 32766;

// The SQL of `rows` parenthesised rows of `width` parameters, "(?, ?), (?, ?)", numbered
// 1, 2, 3, 4 by both backends.
std::string ParameterRows(int width, std::size_t rows);

// Runs `head` ROWS `tail` for `rows` rows of `width` values each, where ROWS is
// ParameterRows of as many rows as the backend takes in one statement (Dialect::
// ManyRowStatements): on PostgreSQL one round trip for a whole sheet's rows of a kind, not
// one per row. `bind(statement, first parameter, row)` binds a row's values;
// `read(statement)` takes each row the statement returns.
template <typename Bind, typename Read>
Result<void> RunForRows(Connection& db, std::string_view head, std::string_view tail, int width,
                        std::size_t rows, Bind bind, Read read) {
  const std::size_t per_statement =
      db.dialect().ManyRowStatements() ? std::size_t(kMaxParameters / width) : 1;
  std::optional<Statement> statement;
  std::size_t prepared_rows = 0;
  for (std::size_t first = 0; first < rows; first += per_statement) {
    const std::size_t count = std::min(per_statement, rows - first);
    if (count != prepared_rows) {
      // A statement of one row is the same every time: worth keeping prepared.
      const std::string sql = std::string(head) + ParameterRows(width, count) + std::string(tail);
      TORIKUMI_ASSIGN_OR_RETURN(Statement prepared,
                                count == 1 ? db.Prepare(sql) : db.PrepareOnce(sql));
      statement.emplace(std::move(prepared));
      prepared_rows = count;
    }
    for (std::size_t r = 0; r < count; ++r) bind(*statement, int(r) * width + 1, first + r);
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, statement->Step());
      if (!row) break;
      read(*statement);
    }
    statement->Reset();
  }
  return {};
}

template <typename Bind>
Result<void> RunForRows(Connection& db, std::string_view head, std::string_view tail, int width,
                        std::size_t rows, Bind bind) {
  return RunForRows(db, head, tail, width, rows, bind, [](Statement&) {});
}

// Now, as the store records times: ISO 8601 UTC with milliseconds,
// "2026-11-25T08:44:56.123Z".
std::string UtcNow();

}  // namespace torikumi::store::sql

#endif  // TORIKUMI_STORE_SQL_H_
