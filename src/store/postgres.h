#ifndef TORIKUMI_STORE_POSTGRES_H_
#define TORIKUMI_STORE_POSTGRES_H_

#include <map>
#include <memory>
#include <string>

#include "store/sql.h"

struct pg_conn;

namespace torikumi::store::postgres {

// The PostgreSQL backend of the store's SQL layer, on libpq. Statements are prepared once
// per connection and kept, save those made to run once; writers are serialised by a
// transaction-level advisory lock, as SQLite's BEGIN IMMEDIATE serialises them; full-text search is
// a tsvector of the bigram tokens of text/search.h with their positions, under a GIN index.
class Connection final : public sql::Connection {
 public:
  // `url`: postgresql://user@host:port/database, or any libpq connection string.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<void> Execute(std::string_view sql) override;
  Result<sql::Statement> Prepare(std::string_view sql) override;
  Result<sql::Statement> PrepareOnce(std::string_view sql) override;
  int Changes() const override { return changes_; }
  const sql::Dialect& dialect() const override;
  bool Usable() const override;

  // For the statements' cursors: the rows changed by their last run.
  void set_changes(int changes) { changes_ = changes; }

 private:
  explicit Connection(pg_conn* db) : db_(db) {}

  pg_conn* db_;
  std::map<std::string, std::pair<std::string, int>, std::less<>>
      prepared_;  // SQL → (name, parameters)
  int changes_ = 0;
};

}  // namespace torikumi::store::postgres

#endif  // TORIKUMI_STORE_POSTGRES_H_
