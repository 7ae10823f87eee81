// The SQLite backend: one file in WAL mode with foreign keys; writes serialised by
// BEGIN IMMEDIATE; backups by SQLite's online backup.

#include "store/sqlite_store.h"

#include <filesystem>

#include "store/sql_store.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"

namespace torikumi::store {
namespace {

class SqliteBackend final : public SqlBackend {
 public:
  explicit SqliteBackend(std::string path) : path_(std::move(path)) {}

  Result<std::unique_ptr<sql::Connection>> Connect() override {
    TORIKUMI_ASSIGN_OR_RETURN(auto db, sqlite::Connection::Open(path_));
    return std::unique_ptr<sql::Connection>(std::move(db));
  }

  std::span<const std::string_view> Migrations() const override { return sqlite::Migrations(); }

  Result<void> Backup(sql::Connection& db, const std::string& destination) override {
    if (std::filesystem::exists(destination)) {
      return Error::Conflict(destination + " はすでにあります。上書きはしません");
    }
    // Written beside the destination and renamed: a half-written backup never has its name.
    const std::string partial = destination + ".partial";
    std::filesystem::remove(partial);
    auto copied = [&]() -> Result<void> {
      TORIKUMI_ASSIGN_OR_RETURN(auto target, sqlite::Connection::Open(partial));
      return static_cast<sqlite::Connection&>(db).CopyTo(*target);
    }();
    if (!copied) {
      std::filesystem::remove(partial);
      return copied.error();
    }
    std::error_code ec;
    std::filesystem::rename(partial, destination, ec);
    if (ec) return Error::Io(destination + " を作れません: " + ec.message());
    return {};
  }

  Result<void> Restore(sql::Connection& db, const std::string& source) override {
    if (!std::filesystem::exists(source)) return Error::NotFound(source + " がありません");
    TORIKUMI_ASSIGN_OR_RETURN(auto backup, sqlite::Connection::Open(source));
    TORIKUMI_RETURN_IF_ERROR(backup->Execute("PRAGMA query_only = ON"));
    TORIKUMI_RETURN_IF_ERROR(backup->CopyTo(static_cast<sqlite::Connection&>(db)));
    TORIKUMI_ASSIGN_OR_RETURN(sql::Statement check, db.Prepare("PRAGMA integrity_check"));
    TORIKUMI_ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row || check.Text(0) != "ok")
      return Error::Io("復元したデータベースの整合性検査に失敗しました");
    return {};
  }

 private:
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return OpenSqlStore(std::make_unique<SqliteBackend>(path));
}

}  // namespace torikumi::store
