#ifndef TORIKUMI_STORE_SQLITE_H_
#define TORIKUMI_STORE_SQLITE_H_

#include <memory>
#include <string>

#include "model/progress.h"
#include "store/sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace torikumi::store::sqlite {

// The SQLite backend of the store's SQL layer: one file in WAL mode with foreign keys,
// full-text search by FTS5 over the bigram tokens of text/search.h. A statement, once done
// with, is kept for the next Prepare of the same SQL: parsing was half the time of serving
// a kept page.
class Connection final : public sql::Connection {
 public:
  // kReadWrite creates the file when it is missing; kReadOnly opens an existing file, a
  // backup to be restored, and never writes to it.
  enum class Access { kReadWrite, kReadOnly };
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  Access access = Access::kReadWrite);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<void> Execute(std::string_view sql) override;
  Result<sql::Statement> Prepare(std::string_view sql) override;
  Result<sql::Statement> PrepareOnce(std::string_view sql) override;
  int Changes() const override;
  const sql::Dialect& dialect() const override;
  // SQLite rolls back and recovers from every fault on the connection itself.
  bool Usable() const override { return true; }
  // Due once the write-ahead log has grown past SQLite's usual 1000 pages: Upkeep copies it
  // into the database, passively, while readers and writers go on.
  bool UpkeepDue() override;
  void Upkeep() override;

  // Copies this whole database into `destination` with SQLite's online backup, a few pages
  // at a time so that writers on other connections are held up only briefly; `progress`
  // hears of the pages copied.
  Result<void> CopyTo(Connection& destination, const model::ProgressReport& progress);

  // The statements kept for reuse; of sqlite.cc's own.
  struct Kept;

 private:
  explicit Connection(sqlite3* db);
  Error LastError(std::string_view context) const;
  // Whether a statement goes back to kept_ when done with.
  enum class Reuse { kKeep, kFinalize };
  Result<sql::Statement> Prepare(std::string_view sql, Reuse reuse);

  sqlite3* db_;
  int wal_pages_ = 0;  // in the write-ahead log after this connection's last commit
  // Shared with the statements handed out, which may outlive the connection.
  std::shared_ptr<Kept> kept_;
};

}  // namespace torikumi::store::sqlite

#endif  // TORIKUMI_STORE_SQLITE_H_
