#ifndef TORIKUMI_STORE_SQL_STORE_H_
#define TORIKUMI_STORE_SQL_STORE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/sql.h"
#include "store/store.h"

namespace torikumi::store {

// A database the SQL store runs on: how to connect, its schema, how it copies itself.
class SqlBackend {
 public:
  virtual ~SqlBackend() = default;
  virtual Result<std::unique_ptr<sql::Connection>> Connect() = 0;
  // Refuses a database that is damaged or another program's, before anything is written
  // to it.
  virtual Result<void> Inspect() = 0;
  // The schema's versioned changes, applied in order on open. Never edit one that has
  // shipped: add the next.
  virtual std::span<const std::string_view> Migrations() const = 0;
  // Writes a consistent copy of the database `db` reaches to the new file `destination`
  // while other connections go on working.
  virtual Result<void> Backup(sql::Connection& db, const std::string& destination,
                              const model::ProgressReport& progress) = 0;
  // Fills the empty database `db` reaches from the backup file `source`, which is refused
  // before anything is copied when it is damaged, no torikumi backup, or of a schema newer
  // than `known_version`.
  virtual Result<void> Restore(sql::Connection& db, const std::string& source,
                               std::size_t known_version) = 0;
};

// The Store on a backend, its schema brought up to date.
Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<SqlBackend> backend);

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_SQL_STORE_H_
