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

  Result<void> Backup(sql::Connection&, const std::string&, const model::ProgressReport&) override {
    return Error::InvalidInput(
        "PostgreSQL のデータベースは pg_dump でバックアップしてください "
        "(例: pg_dump --format=custom --file=torikumi.dump "
        "DBNAME)。書き込みを止めずに一貫した複製を作れます");
  }

  // Another program's tables in the schema torikumi would write to.
  Result<void> Inspect() override {
    TORIKUMI_ASSIGN_OR_RETURN(auto db, postgres::Connection::Open(url_));
    TORIKUMI_ASSIGN_OR_RETURN(
        sql::Statement tables,
        db->PrepareOnce("SELECT COUNT(*) FILTER (WHERE table_name <> 'schema_migration'), "
                        "COUNT(*) FILTER (WHERE table_name = 'schema_migration') "
                        "FROM information_schema.tables WHERE table_schema = current_schema()"));
    TORIKUMI_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (row && tables.Int(1) == 0 && tables.Int(0) > 0) {
      return Error::InvalidInput(
          "このデータベースは torikumi のものではありません (ほかのプログラムの表があります)。"
          "何も書き込みません");
    }
    return {};
  }

  Result<void> Restore(sql::Connection&, const std::string&, std::size_t) override {
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
