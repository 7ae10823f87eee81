#include "store/sqlite.h"

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <thread>
#include <vector>

namespace torikumi::store::sqlite {
namespace {

class Dialect final : public sql::Dialect {
 public:
  std::string_view BeginRead() const override { return "BEGIN"; }
  // Takes the write lock at once, so that two writers never both read and then collide.
  std::string_view BeginWrite() const override { return "BEGIN IMMEDIATE"; }

  // An initiative's parts are entries of their own, and the phrases may be in different
  // ones: each phrase is a query of its own, and the initiative must have an entry that
  // matches each.
  std::vector<std::string> SearchParameters(
      const std::vector<text::SearchPhrase>& phrases) const override {
    std::vector<std::string> parameters;
    for (const text::SearchPhrase& phrase : phrases) {
      std::string fts = "\"";  // the phrase quoted: "防災 災計 計画", or "福"*
      for (std::size_t k = 0; k < phrase.tokens.size(); ++k) {
        if (k > 0) fts += ' ';
        for (char c : phrase.tokens[k]) fts += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      fts += '"';
      if (phrase.prefix) fts += '*';
      parameters.push_back(std::move(fts));
    }
    return parameters;
  }
  std::string SearchCondition(int first, std::size_t parameters) const override {
    std::string condition;
    for (std::size_t k = 0; k < parameters; ++k) {
      if (k > 0) condition += " AND ";
      condition += "i.id IN (" + Initiatives(first + int(k)) + ")";
    }
    return condition;
  }
  std::string MatchingFrom() const override {
    return "initiative_search JOIN initiative i ON i.id = initiative_search.rowid >> " +
           std::to_string(sql::kSearchPartBits);
  }
  // The first phrase's entries drive, in the index's order; the others are conditions.
  std::string MatchingWhere(int first, std::size_t parameters) const override {
    std::string where = "initiative_search MATCH ?" + std::to_string(first);
    if (parameters > 1) where += " AND " + SearchCondition(first + 1, parameters - 1);
    return where;
  }
  // FTS5 yields its rows in rowid order either way, so a LIMIT stops it early.
  std::string_view MatchingNewestFirst() const override { return "initiative_search.rowid DESC"; }
  std::string SearchDocument(std::string_view tokens) const override { return std::string(tokens); }
  bool ManyRowStatements() const override { return false; }
  std::string_view SkipLocked() const override { return ""; }
  bool OneWriterAtATime() const override { return true; }
  // FTS5's table beside the initiatives.
  const SearchStorage& Search() const override {
    static constexpr SearchStorage kStorage{
        "",  "INSERT OR REPLACE INTO initiative_search (rowid, tokens) VALUES ",
        "",  "DELETE FROM initiative_search WHERE rowid IN (",
        ")", "SELECT rowid FROM initiative_search WHERE rowid BETWEEN ?1 AND ?2"};
    return kStorage;
  }

 private:
  // The initiatives with an entry matching the search parameter numbered `parameter`.
  static std::string Initiatives(int parameter) {
    return "SELECT rowid >> " + std::to_string(sql::kSearchPartBits) +
           " FROM initiative_search WHERE initiative_search MATCH ?" + std::to_string(parameter);
  }
};

// An SQLite failure as an Error. The machine's passing faults (a full disk, an I/O error,
// memory, a lock held past the busy timeout) are kUnavailable, told in words for the person
// who must wait: SQLite has rolled the transaction back and the file is as it was.
Error ErrorOf(sqlite3* db, int code, std::string_view context) {
  // SQLite says SQLITE_FULL for ENOSPC alone; a quota or the file-size limit fills the disk
  // as surely.
  const int system = db ? sqlite3_system_errno(db) : 0;
  if ((code & 0xff) == SQLITE_IOERR && (system == EDQUOT || system == EFBIG)) code = SQLITE_FULL;
  // A file it cannot map or a buffer it cannot allocate (an address-space limit) makes the
  // VFS say IOERR, but it is memory that ran out, not the disk.
  if ((code & 0xff) == SQLITE_IOERR && (code == SQLITE_IOERR_NOMEM || system == ENOMEM)) {
    code = SQLITE_NOMEM;
  }
  switch (code & 0xff) {
    case SQLITE_FULL:
      return Error::Unavailable(
          "ディスクの空きが足りないため、書き込めませんでした。空きができれば、また書き込めます。");
    case SQLITE_IOERR:
      return Error::Unavailable("ディスクの読み書きに失敗しました。");
    case SQLITE_NOMEM:
      return Error::Unavailable("メモリが足りないため、データベースを読み書きできませんでした。");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Unavailable("データベースが混み合っています。");
    case SQLITE_READONLY:
      return Error::Unavailable("データベースに書き込めません (読み取り専用です)。");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error::Io(std::string(context) +
                       ": データベースのファイルが壊れているか、データベースではありません");
    default:
      return Error::Io(std::string(context) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
  }
}

}  // namespace

// Statements done with, by their SQL.
struct Connection::Kept {
  static constexpr std::size_t kMax = 128;
  ~Kept() {
    for (auto& [sql, statements] : idle) {
      for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
    }
  }
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> idle;
  std::size_t count = 0;
};

namespace {

class Cursor final : public sql::Cursor {
 public:
  // With `kept`, the statement goes back to it when done with, under `sql`.
  Cursor(sqlite3_stmt* stmt, sqlite3* db, std::shared_ptr<Connection::Kept> kept, std::string sql)
      : stmt_(stmt), db_(db), kept_(std::move(kept)), sql_(std::move(sql)) {}
  ~Cursor() override {
    if (kept_ && kept_->count < Connection::Kept::kMax) {
      Reset();
      kept_->idle[sql_].push_back(stmt_);
      ++kept_->count;
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void BindInt(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindDouble(int index, double value) override { sqlite3_bind_double(stmt_, index, value); }
  void BindText(int index, std::string_view value) override {
    sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int index) override { sqlite3_bind_null(stmt_, index); }

  Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return ErrorOf(db_, rc, "SQLite");
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, std::size_t(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  std::shared_ptr<Connection::Kept> kept_;
  std::string sql_;
};

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Access access) {
  sqlite3* db = nullptr;
  const int flags = access == Access::kReadOnly ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) return connection->LastError("データベース " + path + " を開けません");
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  // FULL makes each commit durable before it is acknowledged, power loss included. Turning a
  // new file to WAL takes a lock that SQLite does not wait for: a server opening the file
  // while another does the same tries again.
  const std::string_view setup =
      access == Access::kReadOnly
          ? "PRAGMA query_only = ON; PRAGMA schema_version;"
          : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
  for (int attempt = 0;; ++attempt) {
    auto set = connection->Execute(setup);
    if (set) break;
    const int code = sqlite3_errcode(db) & 0xff;
    // The first read of the file is where SQLite finds it is no database.
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return Error::InvalidInput(path +
                                 " は SQLite のデータベースではないか、壊れています。"
                                 "このファイルには何も書き込みません");
    }
    if (code != SQLITE_BUSY || attempt == 500) return set.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // In place of SQLite's automatic checkpoint, which the committing writer would run before
  // its COMMIT returns: Upkeep runs it once the next writes may go on.
  if (access == Access::kReadWrite) {
    sqlite3_wal_hook(
        db,
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<Connection*>(self)->wal_pages_ = pages;
          return SQLITE_OK;
        },
        connection.get());
  }
  return connection;
}

bool Connection::UpkeepDue() {
  if (wal_pages_ < 1000) return false;
  wal_pages_ = 0;
  return true;
}

void Connection::Upkeep() {
  // A checkpoint that cannot finish (a reader still needs the log) is taken up after a later
  // commit; nothing is lost by one that fails.
  (void)sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

Connection::Connection(sqlite3* db) : db_(db), kept_(std::make_shared<Kept>()) {}

Connection::~Connection() {
  kept_.reset();
  if (db_) sqlite3_close_v2(db_);
}

Error Connection::LastError(std::string_view context) const {
  return ErrorOf(db_, db_ ? sqlite3_extended_errcode(db_) : SQLITE_NOMEM, context);
}

Result<void> Connection::Execute(std::string_view sql) {
  if (sql.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  // One statement (BEGIN, COMMIT …) is kept prepared like any other; a script is run whole.
  if (sql.find(';') == std::string_view::npos) {
    TORIKUMI_ASSIGN_OR_RETURN(sql::Statement statement, Prepare(sql, Reuse::kKeep));
    while (true) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, statement.Step());
      if (!row) return {};
    }
  }
  const std::string text(sql);
  if (const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    return ErrorOf(db_, rc, "SQLite");
  }
  return {};
}

Result<sql::Statement> Connection::Prepare(std::string_view sql) {
  return Prepare(sql, Reuse::kKeep);
}

Result<sql::Statement> Connection::PrepareOnce(std::string_view sql) {
  return Prepare(sql, Reuse::kFinalize);
}

Result<sql::Statement> Connection::Prepare(std::string_view sql, Reuse reuse) {
  const bool keep = reuse == Reuse::kKeep;
  if (keep) {
    if (auto it = kept_->idle.find(sql); it != kept_->idle.end() && !it->second.empty()) {
      sqlite3_stmt* stmt = it->second.back();
      it->second.pop_back();
      --kept_->count;
      return sql::Statement(std::make_unique<Cursor>(stmt, db_, kept_, std::string(sql)));
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), keep ? SQLITE_PREPARE_PERSISTENT : 0,
                         &stmt, nullptr) != SQLITE_OK) {
    return LastError("SQL を準備できません");
  }
  if (!stmt) return Error::Io("SQL を準備できません: 文がありません");
  return sql::Statement(std::make_unique<Cursor>(stmt, db_, keep ? kept_ : nullptr,
                                                 keep ? std::string(sql) : std::string()));
}

int Connection::Changes() const { return sqlite3_changes(db_); }

const sql::Dialect& Connection::dialect() const {
  static const Dialect dialect;
  return dialect;
}

Result<void> Connection::CopyTo(Connection& destination, const model::ProgressReport& progress) {
  sqlite3_backup* backup = sqlite3_backup_init(destination.db_, "main", db_, "main");
  if (!backup) return destination.LastError("バックアップを始められません");
  int rc;
  do {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    const auto pages = std::uint64_t(sqlite3_backup_pagecount(backup));
    model::Report(progress, {"コピー", pages - std::uint64_t(sqlite3_backup_remaining(backup)),
                             pages, "ページ"});
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return ErrorOf(destination.db_, rc, "バックアップに失敗しました");
  return {};
}

}  // namespace torikumi::store::sqlite
