// The SQLite backend: one file in WAL mode with foreign keys; writes serialised by
// BEGIN IMMEDIATE; backups by SQLite's online backup.

#include "store/sqlite_store.h"

#include <filesystem>

#include "store/sql_store.h"
#include "store/sqlite.h"
#include "store/sqlite_schema.h"

namespace torikumi::store {
namespace {

// The first value of a one-row query.
Result<std::string> QueryText(sql::Connection& db, std::string_view sql) {
  TORIKUMI_ASSIGN_OR_RETURN(sql::Statement stmt, db.PrepareOnce(sql));
  TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Text(0) : std::string();
}

// Refuses, before anything is written to it, a file whose pages are damaged (truncated, or
// a b-tree page overwritten) and another program's database. A damaged file is for the
// backups, not for repair by guesswork.
Result<void> Inspect(sql::Connection& db, const std::string& path) {
  TORIKUMI_ASSIGN_OR_RETURN(std::string check, QueryText(db, "PRAGMA quick_check(1)"));
  if (check != "ok") {
    return Error::InvalidInput(path + " は壊れています (SQLite の検査: " + check +
                               ")。バックアップから復元してください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      std::string tables,
      QueryText(db,
                "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                "'sqlite_%' AND name <> 'schema_migration'"));
  TORIKUMI_ASSIGN_OR_RETURN(
      std::string ours,
      QueryText(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'schema_migration'"));
  if (ours == "0" && tables != "0") {
    return Error::InvalidInput(path +
                               " は torikumi のデータベースではありません (ほかのプログラムの表が"
                               "あります)。このファイルには何も書き込みません");
  }
  return {};
}

class SqliteBackend final : public SqlBackend {
 public:
  explicit SqliteBackend(std::string path) : path_(std::move(path)) {}

  Result<std::unique_ptr<sql::Connection>> Connect() override {
    TORIKUMI_ASSIGN_OR_RETURN(auto db, sqlite::Connection::Open(path_));
    return std::unique_ptr<sql::Connection>(std::move(db));
  }

  // Read-only, before a connection's setup turns the file to WAL mode, which is a write.
  Result<void> Inspect() override {
    std::error_code ec;
    if (std::filesystem::file_size(path_, ec) == 0 || ec) return {};
    TORIKUMI_ASSIGN_OR_RETURN(
        auto db, sqlite::Connection::Open(path_, sqlite::Connection::Access::kReadOnly));
    return store::Inspect(*db, path_);
  }

  std::span<const std::string_view> Migrations() const override { return sqlite::Migrations(); }

  Result<void> Backup(sql::Connection& db, const std::string& destination,
                      const model::ProgressReport& progress) override {
    if (std::filesystem::exists(destination)) {
      return Error::Conflict(destination + " はすでにあります。上書きはしません");
    }
    // Written beside the destination and renamed: a half-written backup never has its name.
    const std::string partial = destination + ".partial";
    std::filesystem::remove(partial);
    auto copied = [&]() -> Result<void> {
      TORIKUMI_ASSIGN_OR_RETURN(auto target, sqlite::Connection::Open(partial));
      return static_cast<sqlite::Connection&>(db).CopyTo(*target, progress);
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

  Result<void> Restore(sql::Connection& db, const std::string& source,
                       std::size_t known_version) override {
    if (!std::filesystem::exists(source)) return Error::NotFound(source + " がありません");
    TORIKUMI_ASSIGN_OR_RETURN(
        auto backup, sqlite::Connection::Open(source, sqlite::Connection::Access::kReadOnly));
    TORIKUMI_RETURN_IF_ERROR(store::Inspect(*backup, source));
    auto version = QueryText(*backup, "SELECT COALESCE(MAX(version), 0) FROM schema_migration");
    if (!version || *version == "0") {
      return Error::InvalidInput(source + " は torikumi のバックアップではありません");
    }
    if (std::stoul(*version) > known_version) {
      return Error::InvalidInput(source + " はこの torikumi より新しい版 (スキーマ " + *version +
                                 ") のバックアップです。新しい torikumi で復元してください");
    }
    TORIKUMI_RETURN_IF_ERROR(backup->CopyTo(static_cast<sqlite::Connection&>(db), {}));
    TORIKUMI_ASSIGN_OR_RETURN(std::string check, QueryText(db, "PRAGMA integrity_check(1)"));
    if (check != "ok") return Error::Io("復元したデータベースの整合性検査に失敗しました: " + check);
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
