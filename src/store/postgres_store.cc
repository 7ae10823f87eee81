// The PostgreSQL backend: any number of torikumi processes on one database. Backups are
// PostgreSQL's own business (pg_dump), which copies a live database consistently.

#include "store/postgres_store.h"

#include "store/postgres.h"
#include "store/postgres_schema.h"
#include "store/sql_store.h"

namespace torikumi::store {
namespace {

class PostgresBackend final : public SqlBackend {
 public:
  explicit PostgresBackend(std::string url) : url_(std::move(url)) {}

  Result<std::unique_ptr<sql::Connection>> Connect() override {
    TORIKUMI_ASSIGN_OR_RETURN(auto db, postgres::Connection::Open(url_));
    return std::unique_ptr<sql::Connection>(std::move(db));
  }

  std::span<const std::string_view> Migrations() const override { return postgres::Migrations(); }

  Result<void> Backup(sql::Connection&, const std::string&) override {
    return Error::InvalidInput(
        "PostgreSQL のデータベースは pg_dump でバックアップしてください "
        "(例: pg_dump --format=custom --file=torikumi.dump "
        "DBNAME)。書き込みを止めずに一貫した複製を作れます");
  }

  Result<void> Restore(sql::Connection&, const std::string&) override {
    return Error::InvalidInput(
        "PostgreSQL のデータベースは pg_restore で復元してください "
        "(例: createdb NEW && pg_restore --dbname=NEW torikumi.dump)");
  }

 private:
  std::string url_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  return OpenSqlStore(std::make_unique<PostgresBackend>(url));
}

}  // namespace torikumi::store
