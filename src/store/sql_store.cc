// The store on SQL, one implementation for every backend: a small pool of connections so
// that server threads work concurrently, each method one transaction.

#include "store/sql_store.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <span>

#include "model/review.h"
#include "store/sheet_rows.h"
#include "text/entries.h"
#include "text/search.h"

namespace torikumi::store {
namespace {

// The initiative `no` of the sheet, or nullopt when the sheet has none.
Result<std::optional<model::Initiative>> LoadOne(sql::Connection& db, std::int64_t sheet_id,
                                                 int no) {
  TORIKUMI_ASSIGN_OR_RETURN(auto initiatives, rows::LoadInitiatives(db, sheet_id, no));
  if (initiatives.empty()) return std::optional<model::Initiative>();
  return std::optional<model::Initiative>(std::move(initiatives.front()));
}

using model::Initiative;
using sql::Connection;
using sql::InTransaction;
using sql::Statement;

// The process's database work, for DatabaseUseSoFar.
std::atomic<std::uint64_t> transactions_run{0};
std::atomic<std::uint64_t> transaction_nanoseconds{0};

// Counts `transactions` of database work, and the time from its making to its end.
class TimedDatabaseWork {
 public:
  explicit TimedDatabaseWork(std::uint64_t transactions) : transactions_(transactions) {}
  TimedDatabaseWork(const TimedDatabaseWork&) = delete;
  TimedDatabaseWork& operator=(const TimedDatabaseWork&) = delete;
  ~TimedDatabaseWork() {
    transactions_run += transactions_;
    transaction_nanoseconds +=
        std::uint64_t(std::chrono::nanoseconds(std::chrono::steady_clock::now() - start_).count());
  }

 private:
  const std::uint64_t transactions_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The municipality an installation has from the start, which short URLs address.
constexpr std::int64_t kOwnMunicipality = 1;

// A write waiting for the process's writer, and what became of it.
struct QueuedWrite {
  // Runs the work inside the batch's transaction; its error when it failed, and the writer
  // undoes what it wrote.
  std::function<std::optional<Error>(Connection&)> run;
  // Set when the work succeeded but its batch was not committed.
  std::optional<Error> lost;
  std::exception_ptr thrown;
  bool done = false;
};

// Writes in one transaction at most: a batch's writes wait for its one commit.
constexpr std::size_t kMostWritesInBatch = 64;

// The connections of one database, shared by the stores of all its municipalities.
struct Pool {
  explicit Pool(std::unique_ptr<SqlBackend> b) : backend(std::move(b)) {}
  std::unique_ptr<SqlBackend> backend;
  std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> idle;  // guarded by mutex
  // Where the database lets in one writer at a time, the process's writes wait here, and
  // whichever finds no batch being written writes all those waiting in one transaction
  // (group commit): one commit, one sync of the log, for as many writes as came meanwhile.
  std::mutex writes_mutex;
  std::condition_variable written;
  std::vector<QueuedWrite*> queued_writes;  // guarded by writes_mutex
  bool writing = false;                     // guarded by writes_mutex
  // The connection batches are written on, by one thread at a time (`writing`): the one
  // writer's page cache stays valid from one batch to the next, where a pooled connection's
  // is emptied whenever another connection has written.
  std::unique_ptr<Connection> writer;
  // Whether writes are batched, as SQLite's one-writer lock calls for (Dialect::
  // OneWriterAtATime); set once the first connection tells.
  bool batch_writes = false;
  // Changes of what the public sees (publications, withdrawals, a municipality's name) made
  // through this pool, counted once each is committed.
  std::atomic<std::uint64_t> public_changes{0};
};

// How long a store trusts the publication stamp it read, when no publication has been made
// through its pool since: another process's publication is seen within this time.
constexpr auto kStampTrusted = std::chrono::milliseconds(200);

// An import's audit entries are written this many at a time, as its initiatives are
// compared, so that a long sheet's before and after are never all held at once.
constexpr std::size_t kAuditsAtOnce = 256;

// Runs a statement that returns at most one row and gives its first column.
Result<std::optional<std::int64_t>> QueryId(Connection& db, std::string_view sql, auto bind) {
  TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  bind(stmt);
  TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt.Int(0));
}

Result<void> Migrate(Connection& db, std::span<const std::string_view> migrations) {
  // Everything under the write lock, the table of versions too: servers started together
  // on a new database migrate it one after the other.
  auto migrated = InTransaction<bool>(db, db.dialect().BeginWrite(), [&]() -> Result<bool> {
    TORIKUMI_RETURN_IF_ERROR(
        db.Execute("CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, "
                   "applied_at TEXT NOT NULL)"));
    // The statement ends before the migrations run: SQLite drops no table while one reads.
    TORIKUMI_ASSIGN_OR_RETURN(
        auto version,
        QueryId(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migration", [](Statement&) {}));
    const auto applied = std::size_t(version.value_or(0));
    if (applied > migrations.size()) {
      return Error::InvalidInput("データベースのスキーマ (版 " + std::to_string(applied) +
                                 ") がこの torikumi より新しいため開けません。"
                                 "新しい torikumi で開いてください");
    }
    for (std::size_t version = applied + 1; version <= migrations.size(); ++version) {
      TORIKUMI_RETURN_IF_ERROR(db.Execute(migrations[version - 1]));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement record,
          db.Prepare("INSERT INTO schema_migration (version, applied_at) VALUES (?1, ?2)"));
      TORIKUMI_RETURN_IF_ERROR(record.Bind(1, std::int64_t(version)).Bind(2, sql::UtcNow()).Run());
    }
    return true;
  });
  if (!migrated) return migrated.error();
  return {};
}

std::string ObjectOf(int year, int no) {
  return std::to_string(year) + "/No." + std::to_string(no);
}

Result<std::optional<std::int64_t>> FindInitiativeId(Connection& db, std::int64_t sheet_id,
                                                     int no) {
  return QueryId(db, "SELECT id FROM initiative WHERE sheet_id = ?1 AND no = ?2",
                 [&](Statement& s) { s.Bind(1, sheet_id).Bind(2, no); });
}

PublicationRecord PublicationOf(const Statement& row) {
  return {row.Int(0),  int(row.Int(1)), row.Text(2), row.Text(3),
          row.Text(4), row.Text(5),     row.Text(6), row.Text(7)};
}

constexpr std::string_view kSelectPublications =
    "SELECT s.id, y.year, s.published_on, s.published_at, COALESCE(s.published_by, ''), "
    "COALESCE(s.withdrawn_at, ''), COALESCE(s.withdrawn_by, ''), "
    "COALESCE(s.withdrawn_reason, '') "
    "FROM sheet s JOIN fiscal_year y ON y.id = s.fiscal_year_id "
    "WHERE y.municipality_id = ?1 AND s.published_on IS NOT NULL ";

constexpr std::string_view kSelectNotifications =
    "SELECT n.id, n.kind, n.created_at, n.title, n.body, n.link, n.read_at "
    "FROM notification n JOIN app_user u ON u.id = n.user_id "
    "WHERE u.municipality_id = ?1 AND n.user_id = ?2 ";

constexpr std::string_view kMailColumns =
    "id, user_id, to_address, subject, body, link, state, attempts, created_at, "
    "next_attempt_at, sent_at, last_error";

constexpr std::array<std::pair<MailState, std::string_view>, 5> kMailStates{{
    {MailState::kHeld, "held"},
    {MailState::kPending, "pending"},
    {MailState::kSent, "sent"},
    {MailState::kFailed, "failed"},
    {MailState::kBundled, "bundled"},
}};

MailState ParseMailState(std::string_view name) {
  for (const auto& [state, state_name] : kMailStates) {
    if (state_name == name) return state;
  }
  return MailState::kFailed;
}

constexpr std::string_view kSelectUser =
    "SELECT id, login, display_name, role, password_hash, disabled, must_change_password, "
    "totp_secret, totp_pending, totp_last_step, mail, mail_kinds, mail_digest "
    "FROM app_user "
    "WHERE municipality_id = ?1 ";

template <typename T>
void AddOnce(std::vector<T>& values, const T& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

// The store of one municipality: every query is narrowed to it.
class SqlStore final : public Store {
 public:
  SqlStore(std::shared_ptr<Pool> pool, std::int64_t municipality)
      : pool_(std::move(pool)), municipality_(municipality) {}

  // Opens the first connection and brings the schema up to date.
  Result<void> Initialise() {
    TORIKUMI_RETURN_IF_ERROR(pool_->backend->Inspect());
    TORIKUMI_ASSIGN_OR_RETURN(auto db, pool_->backend->Connect());
    TORIKUMI_RETURN_IF_ERROR(Migrate(*db, pool_->backend->Migrations()));
    TORIKUMI_RETURN_IF_ERROR(IndexWhereMigrationsAsked(*db));
    TORIKUMI_RETURN_IF_ERROR(RefoldLoginKeys(*db));
    pool_->batch_writes = db->dialect().OneWriterAtATime();
    pool_->idle.push_back(std::move(db));
    return {};
  }

  // Makes the search documents of the sheets a migration listed in search_reindex again, a
  // sheet a transaction, so that a server stopped midway goes on where it stopped.
  static Result<void> IndexWhereMigrationsAsked(Connection& db) {
    // Looked for first without the write lock, which every start would otherwise take.
    TORIKUMI_ASSIGN_OR_RETURN(
        auto asked, QueryId(db, "SELECT sheet_id FROM search_reindex LIMIT 1", [](Statement&) {}));
    if (!asked) return {};
    for (;;) {
      auto indexed = InTransaction<bool>(db, db.dialect().BeginWrite(), [&]() -> Result<bool> {
        TORIKUMI_ASSIGN_OR_RETURN(
            auto sheet_id,
            QueryId(db, "SELECT sheet_id FROM search_reindex ORDER BY sheet_id LIMIT 1",
                    [](Statement&) {}));
        if (!sheet_id) return false;
        TORIKUMI_RETURN_IF_ERROR(rows::SheetWriter(db, *sheet_id).IndexAgain());
        TORIKUMI_ASSIGN_OR_RETURN(Statement done,
                                  db.Prepare("DELETE FROM search_reindex WHERE sheet_id = ?1"));
        TORIKUMI_RETURN_IF_ERROR(done.Bind(1, *sheet_id).Run());
        return true;
      });
      if (!indexed) return indexed.error();
      if (!*indexed) return {};
    }
  }

  // Brings every login's matching key up to this build's folding: SQL's lower() made the
  // first keys, and a newer ICU may fold some characters differently.
  static Result<void> RefoldLoginKeys(Connection& db) {
    TORIKUMI_ASSIGN_OR_RETURN(Statement select,
                              db.Prepare("SELECT id, login, login_key FROM app_user"));
    std::vector<std::pair<std::int64_t, std::string>> stale;
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(select, [&] {
      std::string key = text::FoldForMatching(select.Text(1));
      if (key != select.Text(2)) stale.emplace_back(select.Int(0), std::move(key));
    }));
    if (stale.empty()) return {};
    TORIKUMI_ASSIGN_OR_RETURN(Statement update,
                              db.Prepare("UPDATE app_user SET login_key = ?2 WHERE id = ?1"));
    for (const auto& [id, key] : stale) {
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, id).Bind(2, key).Run());
    }
    return {};
  }

  // --- Municipalities ---

  Result<std::vector<Municipality>> Municipalities() override {
    using List = std::vector<Municipality>;
    return Read<List>([&](Connection& db) -> Result<List> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt,
                                db.Prepare("SELECT id, COALESCE(code, ''), name FROM municipality "
                                           "ORDER BY COALESCE(code, ''), id"));
      List list;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        list.push_back({stmt.Int(0), stmt.Text(1), stmt.Text(2)});
      }));
      return list;
    });
  }

  Result<Municipality> AddMunicipality(std::string_view code, std::string_view name) override {
    return Write<Municipality>([&](Connection& db) -> Result<Municipality> {
      TORIKUMI_ASSIGN_OR_RETURN(auto taken,
                                QueryId(db, "SELECT id FROM municipality WHERE code = ?1",
                                        [&](Statement& s) { s.Bind(1, code); }));
      if (taken)
        return Error::Conflict("団体コード " + std::string(code) + " の自治体はすでにあります");
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO municipality (id, code, name) "
                     "SELECT COALESCE(MAX(id), 0) + 1, ?1, ?2 FROM municipality RETURNING id"));
      insert.Bind(1, code).Bind(2, name);
      TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t id, sql::InsertedId(insert));
      return Municipality{id, std::string(code), std::string(name)};
    });
  }

  Result<std::unique_ptr<Store>> OpenMunicipality(std::string_view code) override {
    TORIKUMI_ASSIGN_OR_RETURN(auto id, Read<std::optional<std::int64_t>>([&](Connection& db) {
                                return QueryId(db, "SELECT id FROM municipality WHERE code = ?1",
                                               [&](Statement& s) { s.Bind(1, code); });
                              }));
    if (!id) return Error::NotFound("団体コード " + std::string(code) + " の自治体はありません");
    return std::unique_ptr<Store>(std::make_unique<SqlStore>(pool_, *id));
  }

  Result<Municipality> ThisMunicipality() override {
    return Read<Municipality>([&](Connection& db) -> Result<Municipality> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT COALESCE(code, ''), name FROM municipality WHERE id = ?1"));
      stmt.Bind(1, municipality_);
      Municipality m{municipality_, "", ""};
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        m.code = stmt.Text(0);
        m.name = stmt.Text(1);
      }));
      return m;
    });
  }

  Result<Municipality> NameMunicipality(std::string_view code, std::string_view name,
                                        const AuditEntry& audit) override {
    auto named = Write<Municipality>([&](Connection& db) -> Result<Municipality> {
      TORIKUMI_ASSIGN_OR_RETURN(
          auto taken, QueryId(db, "SELECT id FROM municipality WHERE code = ?1 AND id <> ?2",
                              [&](Statement& s) { s.Bind(1, code).Bind(2, municipality_); }));
      if (taken) {
        return Error::Conflict("団体コード " + std::string(code) +
                               " はこの設置のほかの自治体のものです");
      }
      TORIKUMI_ASSIGN_OR_RETURN(Statement update,
                                db.Prepare("UPDATE municipality SET code = ?1, name = ?2, "
                                           "renamed = renamed + 1 WHERE id = ?3"));
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, code).Bind(2, name).Bind(3, municipality_).Run());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return Municipality{municipality_, std::string(code), std::string(name)};
    });
    if (named) ++pool_->public_changes;
    return named;
  }

  Result<std::vector<PublishedHit>> SearchPublished(std::string_view query, int limit) override {
    using Hits = std::vector<PublishedHit>;
    const std::vector<text::SearchPhrase> phrases = text::SearchPhrases(query);
    if (phrases.empty()) return Hits();
    return Read<Hits>([&](Connection& db) -> Result<Hits> {
      const std::vector<std::string> parameters = db.dialect().SearchParameters(phrases);
      const int limit_parameter = int(parameters.size()) + 1;
      // The latest publication of each municipality's each year, and nothing else. Where an
      // initiative comes once for each of its entries that matches, those come together
      // (the index yields them in order) and the rows are read until `limit` initiatives:
      // the LIMIT cannot count them, and a negative one is none.
      const bool repeats = db.dialect().Search().column.empty();
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT COALESCE(m.code, ''), m.name, y.year, s.id, i.no, i.title, "
                     "sec.name, i.id FROM " +
                     db.dialect().MatchingFrom() +
                     " JOIN sheet s ON s.id = i.sheet_id "
                     "JOIN fiscal_year y ON y.id = s.fiscal_year_id "
                     "JOIN municipality m ON m.id = y.municipality_id "
                     "JOIN section sec ON sec.id = i.section_id "
                     "WHERE " +
                     db.dialect().MatchingWhere(1, parameters.size()) +
                     " AND i.in_latest_publication "
                     "ORDER BY " +
                     std::string(db.dialect().MatchingNewestFirst()) + " LIMIT ?" +
                     std::to_string(limit_parameter)));
      for (std::size_t k = 0; k < parameters.size(); ++k) stmt.Bind(1 + int(k), parameters[k]);
      stmt.Bind(limit_parameter, repeats ? -1 : limit);
      Hits hits;
      std::int64_t last = 0;  // the initiative of the row before
      while (int(hits.size()) < limit) {
        TORIKUMI_ASSIGN_OR_RETURN(const bool row, stmt.Step());
        if (!row) break;
        if (!hits.empty() && stmt.Int(7) == last) continue;
        last = stmt.Int(7);
        hits.push_back({stmt.Text(0), stmt.Text(1), int(stmt.Int(2)), stmt.Int(3), int(stmt.Int(4)),
                        stmt.Text(5), stmt.Text(6)});
      }
      return hits;
    });
  }

  // --- Sheets ---

  Result<std::vector<int>> FiscalYears() override {
    return Years(
        "SELECT y.year FROM fiscal_year y JOIN sheet s ON s.fiscal_year_id = y.id "
        "WHERE y.municipality_id = ?1 AND s.published_on IS NULL ORDER BY y.year DESC");
  }

  Result<void> DeleteYear(int year, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t sheet_id, WorkingSheetOrNotFound(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(
          auto published,
          QueryId(db, "SELECT id FROM sheet WHERE fiscal_year_id = ?1 AND published_on IS NOT NULL",
                  [&](Statement& s) { s.Bind(1, *year_id); }));
      if (published) {
        return Error::Conflict(
            std::to_string(year) +
            "年度は公開されたことがあるため削除できません (公開は取り下げても記録に残ります)");
      }
      TORIKUMI_RETURN_IF_ERROR(rows::DeleteInitiatives(db, sheet_id, std::nullopt));
      TORIKUMI_ASSIGN_OR_RETURN(Statement sheet, db.Prepare("DELETE FROM sheet WHERE id = ?1"));
      TORIKUMI_RETURN_IF_ERROR(sheet.Bind(1, sheet_id).Run());
      for (std::string_view sql : {"DELETE FROM reporting_month WHERE fiscal_year_id = ?1",
                                   "DELETE FROM fiscal_year WHERE id = ?1"}) {
        TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
        TORIKUMI_RETURN_IF_ERROR(stmt.Bind(1, *year_id).Run());
      }
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement assignments,
          db.Prepare("DELETE FROM user_section WHERE year = ?1 AND user_id IN "
                     "(SELECT id FROM app_user WHERE municipality_id = ?2)"));
      TORIKUMI_RETURN_IF_ERROR(assignments.Bind(1, year).Bind(2, municipality_).Run());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<std::optional<model::RatingScale>> LoadRatingScale(const SheetKey& key) override {
    using Scale = std::optional<model::RatingScale>;
    return Read<Scale>([&](Connection& db) -> Result<Scale> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindSheet(db, key));
      if (!sheet_id) return Scale();
      TORIKUMI_ASSIGN_OR_RETURN(auto scale, rows::LoadRatingScale(db, *sheet_id));
      return Scale(std::move(scale));
    });
  }

  Result<std::optional<model::Sheet>> LoadSheet(const SheetKey& key) override {
    using Loaded = std::optional<model::Sheet>;
    return Read<Loaded>([&](Connection& db) -> Result<Loaded> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindSheet(db, key));
      if (!sheet_id) return Loaded();
      model::Sheet sheet;
      sheet.fiscal_year = key.year;
      TORIKUMI_ASSIGN_OR_RETURN(sheet.rating_scale, rows::LoadRatingScale(db, *sheet_id));
      TORIKUMI_ASSIGN_OR_RETURN(sheet.initiatives,
                                rows::LoadInitiatives(db, *sheet_id, std::nullopt));
      return Loaded(std::move(sheet));
    });
  }

  Result<std::optional<Initiative>> LoadInitiative(const SheetKey& key, int no) override {
    using Loaded = std::optional<Initiative>;
    return Read<Loaded>([&](Connection& db) -> Result<Loaded> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindSheet(db, key));
      if (!sheet_id) return Loaded();
      return LoadOne(db, *sheet_id, no);
    });
  }

  Result<std::vector<InitiativeSummary>> ListInitiatives(const SheetKey& key,
                                                         const InitiativeFilter& filter) override {
    using Rows = std::vector<InitiativeSummary>;
    return Read<Rows>([&](Connection& db) -> Result<Rows> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindSheet(db, key));
      if (!sheet_id) return Rows();
      TORIKUMI_ASSIGN_OR_RETURN(Rows rows, rows::LoadSummaries(db, *sheet_id, filter.query));
      std::erase_if(rows, [&](const InitiativeSummary& s) { return !Matches(s, filter); });
      return rows;
    });
  }

  Result<Facets> ListFacets(const SheetKey& key) override {
    return Read<Facets>([&](Connection& db) -> Result<Facets> {
      Facets facets;
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindSheet(db, key));
      if (!sheet_id) return facets;
      TORIKUMI_ASSIGN_OR_RETURN(auto summaries, rows::LoadSummaries(db, *sheet_id, ""));
      for (const InitiativeSummary& s : summaries) {
        AddOnce(facets.departments, s.department);
        AddOnce(facets.sections, s.section);
        AddOnce(facets.goals, s.goal);
        AddOnce(facets.policies, s.policy);
        AddOnce(facets.projects, s.project);
        AddOnce(facets.subprojects, s.subproject);
      }
      return facets;
    });
  }

  Result<ImportOutcome> ImportSheet(model::Sheet sheet, std::optional<std::int64_t> user_id,
                                    const InitiativeDescriber& describe, ReportsOnImport reports,
                                    const model::ProgressReport& progress) override {
    return Write<ImportOutcome>([&](Connection& db) -> Result<ImportOutcome> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindWorkingSheet(db, sheet.fiscal_year));
      if (!sheet_id) {
        TORIKUMI_ASSIGN_OR_RETURN(sheet_id, CreateYear(db, sheet.fiscal_year));
      }
      TORIKUMI_ASSIGN_OR_RETURN(auto existing, rows::LoadInitiatives(db, *sheet_id, std::nullopt));
      TORIKUMI_ASSIGN_OR_RETURN(auto records, LoadReportRecords(db, *sheet_id));
      std::map<int, const Initiative*> existing_by_no;
      for (const Initiative& i : existing) existing_by_no[i.no] = &i;
      rows::SheetWriter writer(db, *sheet_id);
      TORIKUMI_RETURN_IF_ERROR(writer.WriteRatingScale(sheet.rating_scale));
      ImportOutcome outcome;
      std::vector<AuditEntry> audits;
      std::vector<const model::ReportRecord*> replaced;
      const std::uint64_t count = sheet.initiatives.size();
      for (std::uint64_t compared = 0; Initiative & read : sheet.initiatives) {
        if (++compared % 256 == 0 || compared == count) {
          model::Report(progress, {"照合", compared, count, "件"});
        }
        auto it = existing_by_no.find(read.no);
        const Initiative* before = it == existing_by_no.end() ? nullptr : it->second;
        if (before) existing_by_no.erase(it);
        // Each initiative is moved on to the writer, so that the sheet is held once.
        Initiative imported = before && !sheet.carries_figures
                                  ? model::KeepingFigures(read, *before)
                                  : std::move(read);
        if (before) {
          for (const model::ReportRecord& r : records[imported.no]) {
            if (r.state == model::ReportState::kNotStarted ||
                model::ApprovedContentOf(imported, r.month, r.section).content ==
                    model::ApprovedContentOf(*before, r.month, r.section).content) {
              continue;
            }
            if (reports == ReportsOnImport::kKeep) {
              ++outcome.reports_kept;
            } else {
              ++outcome.reports_replaced;
              replaced.push_back(&r);
            }
          }
        }
        Initiative i = before && reports == ReportsOnImport::kKeep
                           ? model::KeepingReports(imported, *before, records[imported.no])
                           : std::move(imported);
        // An ending is the coordinator's act in the workspace: a file that states none (a
        // sheet from before it) does not revive the initiative.
        if (before && !i.ending) i.ending = before->ending;
        if (before && *before == i) {
          outcome.unchanged.push_back(i.no);
          continue;
        }
        std::optional<std::int64_t> id;
        if (before) {
          TORIKUMI_ASSIGN_OR_RETURN(id, FindInitiativeId(db, *sheet_id, i.no));
        }
        (before ? outcome.changed : outcome.added).push_back(i.no);
        audits.push_back({user_id, "initiative.import", ObjectOf(sheet.fiscal_year, i.no),
                          before ? describe(*before) : "", describe(i)});
        writer.Write(std::move(i), id);
        // Written as they come, a few hundred at a time, rather than held to the end.
        if (audits.size() == kAuditsAtOnce) {
          TORIKUMI_RETURN_IF_ERROR(WriteAudits(db, audits));
          audits.clear();
        }
      }
      writer.ReportTo(progress);
      TORIKUMI_RETURN_IF_ERROR(writer.Finish());
      // A replaced report holds the file's content now, which counts as approved: it begins
      // again.
      for (const model::ReportRecord* r : replaced) {
        TORIKUMI_ASSIGN_OR_RETURN(
            Statement forget,
            db.Prepare("DELETE FROM report WHERE month = ?3 AND initiative_id = (SELECT id FROM "
                       "initiative WHERE sheet_id = ?1 AND no = ?2) AND COALESCE(section_id, 0) = "
                       "COALESCE((SELECT id FROM section WHERE sheet_id = ?1 AND name = ?4), 0)"));
        TORIKUMI_RETURN_IF_ERROR(
            forget.Bind(1, *sheet_id).Bind(2, r->no).Bind(3, r->month).Bind(4, r->section).Run());
        audits.push_back({user_id, "report.replace",
                          ReportObject(sheet.fiscal_year, r->no, r->month, r->section),
                          std::string(model::ReportStateLabel(r->state)), "取り込んだ内容で置換"});
      }
      TORIKUMI_RETURN_IF_ERROR(WriteAudits(db, audits));
      for (const auto& [no, initiative] : existing_by_no) outcome.kept.push_back(no);
      model::Report(progress, {"確定", 0, 0, ""});
      return outcome;
    });
  }

  Result<int> CarryOver(int from, int year, const AuditEntry& audit) override {
    return Write<int>([&](Connection& db) -> Result<int> {
      TORIKUMI_ASSIGN_OR_RETURN(auto source, FindWorkingSheet(db, from));
      if (!source) return Error::NotFound(std::to_string(from) + "年度のシートはありません");
      TORIKUMI_ASSIGN_OR_RETURN(auto existing, FindWorkingSheet(db, year));
      if (existing) return Error::Conflict(std::to_string(year) + "年度のシートはすでにあります");
      TORIKUMI_ASSIGN_OR_RETURN(auto scale, rows::LoadRatingScale(db, *source));
      TORIKUMI_ASSIGN_OR_RETURN(auto initiatives, rows::LoadInitiatives(db, *source, std::nullopt));
      TORIKUMI_ASSIGN_OR_RETURN(std::int64_t target, CreateYear(db, year));
      rows::SheetWriter writer(db, target);
      TORIKUMI_RETURN_IF_ERROR(writer.WriteRatingScale(scale));
      // What ended stays with its year; the new year goes on with the rest.
      std::erase_if(initiatives, [](const Initiative& i) { return i.ending.has_value(); });
      for (Initiative& i : initiatives) {
        i.progress.clear();
        i.notes.clear();
        i.rating.clear();
        i.achievements.clear();
        for (model::Indicator& indicator : i.indicators) indicator.actuals.clear();
        writer.Write(i, std::nullopt);
      }
      TORIKUMI_RETURN_IF_ERROR(writer.Finish());
      // Assignments of the year carried from become the new year's, which starts with that
      // organisation.
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement assignments,
          db.Prepare("INSERT INTO user_section (user_id, year, position, section_name) "
                     "SELECT s.user_id, ?2, s.position, s.section_name FROM user_section s "
                     "JOIN app_user u ON u.id = s.user_id WHERE u.municipality_id = ?3 "
                     "AND s.year = ?1 ON CONFLICT DO NOTHING"));
      TORIKUMI_RETURN_IF_ERROR(
          assignments.Bind(1, from).Bind(2, year).Bind(3, municipality_).Run());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return int(initiatives.size());
    });
  }

  Result<void> SaveRatingScale(int year, const model::RatingScale& scale,
                               const std::vector<std::pair<std::string, std::string>>& renamed,
                               const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      rows::SheetWriter writer(db, sheet_id);
      TORIKUMI_RETURN_IF_ERROR(writer.WriteRatingScale(scale));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement rating,
          db.Prepare("UPDATE initiative SET rating = ?2 WHERE sheet_id = ?3 AND rating = ?1"));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement approved,
          db.Prepare("UPDATE report SET approved_rating = ?2 WHERE approved_rating = ?1 AND "
                     "initiative_id IN (SELECT id FROM initiative WHERE sheet_id = ?3)"));
      // Through a temporary symbol first, so that symbols swapped (↗ for →, → for ↗) stay apart.
      auto carry = [&](const std::string& from, const std::string& to) -> Result<void> {
        for (Statement* stmt : {&rating, &approved}) {
          TORIKUMI_RETURN_IF_ERROR(stmt->Bind(1, from).Bind(2, to).Bind(3, sheet_id).Run());
        }
        return {};
      };
      for (std::size_t k = 0; k < renamed.size(); ++k) {
        TORIKUMI_RETURN_IF_ERROR(carry(renamed[k].first, "\x1f" + std::to_string(k)));
      }
      for (std::size_t k = 0; k < renamed.size(); ++k) {
        TORIKUMI_RETURN_IF_ERROR(carry("\x1f" + std::to_string(k), renamed[k].second));
      }
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<void> RenameSection(int year, std::string_view from, std::string_view to,
                             const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      auto find = [&](std::string_view name) {
        return QueryId(db, "SELECT id FROM section WHERE sheet_id = ?1 AND name = ?2",
                       [&](Statement& s) { s.Bind(1, sheet_id).Bind(2, name); });
      };
      TORIKUMI_ASSIGN_OR_RETURN(auto source, find(from));
      if (!source) return Error::NotFound("課「" + std::string(from) + "」はありません");
      TORIKUMI_ASSIGN_OR_RETURN(auto target, find(to));
      if (target) {
        for (std::string_view sql :
             {"UPDATE initiative SET section_id = ?1 WHERE section_id = ?2",
              "UPDATE co_owner SET section_id = ?1 WHERE section_id = ?2",
              // An initiative never co-owns itself, nor one section twice.
              "DELETE FROM co_owner WHERE section_id = ?1 AND (initiative_id IN (SELECT id "
              "FROM initiative WHERE section_id = ?1) OR EXISTS (SELECT 1 FROM co_owner o "
              "WHERE o.initiative_id = co_owner.initiative_id AND o.section_id = ?1 AND "
              "o.position < co_owner.position)) AND CAST(?2 AS BIGINT) IS NOT NULL",
              "UPDATE note SET section_id = ?1 WHERE section_id = ?2",
              // Two notes of one month become one, approved only when both were.
              "UPDATE report SET state = 'draft' WHERE section_id = ?1 AND state <> 'draft' "
              "AND EXISTS (SELECT 1 FROM report o WHERE o.initiative_id = report.initiative_id "
              "AND o.month = report.month AND o.section_id = ?2 AND (o.state <> 'approved' OR "
              "report.state <> 'approved'))",
              // Of two notes' reports on one month, the merged section's stays.
              "DELETE FROM report WHERE section_id = ?2 AND EXISTS (SELECT 1 FROM report o "
              "WHERE o.initiative_id = report.initiative_id AND o.month = report.month AND "
              "o.section_id = ?1)",
              "UPDATE report SET section_id = ?1 WHERE section_id = ?2",
              "DELETE FROM section WHERE id = ?2 AND CAST(?1 AS BIGINT) IS NOT NULL"}) {
          TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
          TORIKUMI_RETURN_IF_ERROR(stmt.Bind(1, *target).Bind(2, *source).Run());
        }
      } else {
        TORIKUMI_ASSIGN_OR_RETURN(Statement rename,
                                  db.Prepare("UPDATE section SET name = ?1 WHERE id = ?2"));
        TORIKUMI_RETURN_IF_ERROR(rename.Bind(1, to).Bind(2, *source).Run());
      }
      // Assignments follow the section in this year only: an editor whose assignments are
      // those of every year gets this year's own first, so that the other years keep the
      // section by its old name. An editor of both keeps one assignment.
      for (std::string_view sql :
           {"INSERT INTO user_section (user_id, year, position, section_name) "
            "SELECT d.user_id, ?3, d.position, d.section_name FROM user_section d "
            "JOIN app_user u ON u.id = d.user_id WHERE u.municipality_id = ?4 AND d.year = 0 "
            "AND d.user_id IN (SELECT user_id FROM user_section WHERE year = 0 AND "
            "section_name = ?2) AND NOT EXISTS (SELECT 1 FROM user_section o WHERE "
            "o.user_id = d.user_id AND o.year = ?3) AND CAST(?1 AS TEXT) IS NOT NULL",
            "INSERT INTO user_section (user_id, year, position, section_name) "
            "SELECT s.user_id, s.year, s.position, ?1 FROM user_section s "
            "JOIN app_user u ON u.id = s.user_id WHERE u.municipality_id = ?4 "
            "AND s.year = ?3 AND s.section_name = ?2 ON CONFLICT DO NOTHING",
            "DELETE FROM user_section WHERE year = ?3 AND section_name = ?2 AND user_id IN "
            "(SELECT id FROM app_user WHERE municipality_id = ?4) AND CAST(?1 AS TEXT) IS NOT "
            "NULL"}) {
        TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
        stmt.Bind(1, to).Bind(2, from).Bind(3, year).Bind(4, municipality_);
        TORIKUMI_RETURN_IF_ERROR(stmt.Run());
      }
      TORIKUMI_RETURN_IF_ERROR(rows::SheetWriter(db, sheet_id).IndexAgain());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<void> RenamePlanElement(int year, PlanLevel level, std::string_view from,
                                 std::string_view to, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      int changed = 0;
      if (level == PlanLevel::kGoal || level == PlanLevel::kPolicy) {
        const bool goal = level == PlanLevel::kGoal;
        const model::NumberedTitle old_title = text::ParseNumberedTitle(from);
        const model::NumberedTitle new_title = text::ParseNumberedTitle(to);
        TORIKUMI_ASSIGN_OR_RETURN(
            Statement rename,
            db.Prepare(goal ? "UPDATE goal SET number = ?1, title = ?2 WHERE sheet_id = ?3 "
                              "AND number IS NOT DISTINCT FROM ?4 AND title = ?5"
                            : "UPDATE policy SET number = ?1, title = ?2 WHERE goal_id IN "
                              "(SELECT id FROM goal WHERE sheet_id = ?3) AND number IS NOT "
                              "DISTINCT FROM ?4 "
                              "AND title = ?5"));
        rename.Bind(1, new_title.number).Bind(2, new_title.title).Bind(3, sheet_id);
        TORIKUMI_RETURN_IF_ERROR(rename.Bind(4, old_title.number).Bind(5, old_title.title).Run());
        changed = db.Changes();
      } else {
        TORIKUMI_ASSIGN_OR_RETURN(
            Statement rename,
            db.Prepare(
                level == PlanLevel::kProject
                    ? "UPDATE project SET name = ?1 WHERE name = ?2 AND policy_id IN (SELECT p.id "
                      "FROM policy p JOIN goal g ON g.id = p.goal_id WHERE g.sheet_id = ?3)"
                    : "UPDATE subproject SET name = ?1 WHERE name = ?2 AND project_id IN (SELECT "
                      "pr.id "
                      "FROM project pr JOIN policy p ON p.id = pr.policy_id JOIN goal g ON g.id = "
                      "p.goal_id "
                      "WHERE g.sheet_id = ?3)"));
        TORIKUMI_RETURN_IF_ERROR(rename.Bind(1, to).Bind(2, from).Bind(3, sheet_id).Run());
        changed = db.Changes();
      }
      if (changed == 0) return Error::NotFound("「" + std::string(from) + "」はありません");
      TORIKUMI_RETURN_IF_ERROR(rows::SheetWriter(db, sheet_id).IndexAgain());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  // --- Editing ---

  Result<std::optional<StoredInitiative>> LoadStoredInitiative(int year, int no) override {
    using Loaded = std::optional<StoredInitiative>;
    return Read<Loaded>([&](Connection& db) -> Result<Loaded> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindWorkingSheet(db, year));
      if (!sheet_id) return Loaded();
      TORIKUMI_ASSIGN_OR_RETURN(auto initiative, LoadOne(db, *sheet_id, no));
      if (!initiative) return Loaded();
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement version,
          db.Prepare("SELECT version, updated_at FROM initiative WHERE sheet_id = ?1 AND no = ?2"));
      version.Bind(1, *sheet_id).Bind(2, no);
      TORIKUMI_RETURN_IF_ERROR(version.Step());
      return Loaded(StoredInitiative{std::move(*initiative), version.Int(0), version.Text(1)});
    });
  }

  Result<void> AddInitiative(int year, const Initiative& initiative,
                             const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(auto taken, FindInitiativeId(db, sheet_id, initiative.no));
      if (taken) {
        return Error::Conflict("No." + std::to_string(initiative.no) + " の取組はすでにあります");
      }
      rows::SheetWriter writer(db, sheet_id);
      writer.Write(initiative, std::nullopt);
      TORIKUMI_RETURN_IF_ERROR(writer.Finish());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<void> DeleteInitiative(int year, int no, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(auto id, FindInitiativeId(db, sheet_id, no));
      if (!id) return Error::NotFound("No." + std::to_string(no) + " の取組はありません");
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(
          auto published,
          QueryId(db,
                  "SELECT i.id FROM initiative i JOIN sheet s ON s.id = i.sheet_id "
                  "WHERE s.fiscal_year_id = ?1 AND s.published_on IS NOT NULL AND i.no = ?2 "
                  "LIMIT 1",
                  [&](Statement& s) { s.Bind(1, *year_id).Bind(2, no); }));
      if (published) {
        return Error::Conflict("No." + std::to_string(no) +
                               " は公開されたことがあるため削除できません");
      }
      TORIKUMI_RETURN_IF_ERROR(rows::DeleteInitiatives(db, sheet_id, no));
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<std::int64_t> UpdateInitiative(int year, const Initiative& before,
                                        const Initiative& initiative, std::int64_t expected_version,
                                        const std::vector<ReportTransition>& transitions,
                                        const AuditEntry& audit) override {
    return Write<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement current,
          db.Prepare("SELECT id, version FROM initiative WHERE sheet_id = ?1 AND no = ?2"));
      current.Bind(1, sheet_id).Bind(2, initiative.no);
      TORIKUMI_ASSIGN_OR_RETURN(bool found, current.Step());
      if (!found)
        return Error::NotFound("No." + std::to_string(initiative.no) + " の取組はありません");
      const std::int64_t id = current.Int(0);
      const std::int64_t version = current.Int(1);
      if (version != expected_version) {
        return Error::Conflict("No." + std::to_string(initiative.no) +
                               " はほかの人が先に更新しました (版 " + std::to_string(version) +
                               ")");
      }
      rows::SheetWriter writer(db, sheet_id);
      writer.Replace(before, initiative, id);
      TORIKUMI_RETURN_IF_ERROR(writer.Finish());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      TORIKUMI_RETURN_IF_ERROR(ApplyTransitionsIn(db, sheet_id, year, transitions, audit.user_id));
      return version + 1;
    });
  }

  // --- The monthly review cycle ---

  Result<std::vector<int>> ReportingMonths(int year) override {
    using Months = std::vector<int>;
    return Read<Months>([&](Connection& db) -> Result<Months> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT r.month FROM reporting_month r JOIN fiscal_year y "
                     "ON y.id = r.fiscal_year_id WHERE y.municipality_id = ?1 AND y.year = ?2 "
                     "ORDER BY (r.month + 8) % 12"));
      stmt.Bind(1, municipality_).Bind(2, year);
      Months months;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] { months.push_back(int(stmt.Int(0))); }));
      return months;
    });
  }

  Result<bool> OpenReportingMonth(int year, int month, std::string_view deadline,
                                  const AuditEntry& audit) override {
    return Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      if (!year_id) return Error::NotFound(std::to_string(year) + "年度のシートはありません");
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO reporting_month (fiscal_year_id, month, opened_at, deadline) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"));
      TORIKUMI_RETURN_IF_ERROR(
          insert.Bind(1, *year_id).Bind(2, month).Bind(3, sql::UtcNow()).Bind(4, deadline).Run());
      if (db.Changes() == 0) return false;  // already open: nothing to record
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    });
  }

  Result<std::map<int, std::string>> ReportingDeadlines(int year) override {
    using Deadlines = std::map<int, std::string>;
    return Read<Deadlines>([&](Connection& db) -> Result<Deadlines> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT r.month, r.deadline FROM reporting_month r JOIN fiscal_year y ON "
                     "y.id = r.fiscal_year_id WHERE y.municipality_id = ?1 AND y.year = ?2"));
      stmt.Bind(1, municipality_).Bind(2, year);
      Deadlines deadlines;
      TORIKUMI_RETURN_IF_ERROR(
          sql::ForEachRow(stmt, [&] { deadlines[int(stmt.Int(0))] = stmt.Text(1); }));
      return deadlines;
    });
  }

  Result<void> SetReportingDeadline(int year, int month, std::string_view deadline,
                                    const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      if (!year_id) return Error::NotFound(std::to_string(year) + "年度のシートはありません");
      TORIKUMI_ASSIGN_OR_RETURN(Statement update,
                                db.Prepare("UPDATE reporting_month SET deadline = ?3 "
                                           "WHERE fiscal_year_id = ?1 AND month = ?2"));
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, *year_id).Bind(2, month).Bind(3, deadline).Run());
      if (db.Changes() == 0) {
        return Error::NotFound(std::to_string(month) + "月は報告の受付を始めていません");
      }
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<std::vector<model::MonthReport>> LoadMonthReports(int year, int month) override {
    using Reports = std::vector<model::MonthReport>;
    return Read<Reports>([&](Connection& db) -> Result<Reports> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindWorkingSheet(db, year));
      if (!sheet_id) return Reports();
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT i.no, '' AS section, r.state, COALESCE(r.comment, ''), "
                     "COALESCE(r.updated_at, ''), COALESCE(u.display_name, ''), "
                     "COALESCE(r.approved_at, ''), COALESCE(a.display_name, '') FROM initiative i "
                     "LEFT JOIN report r ON r.initiative_id = i.id AND r.month = ?2 "
                     "AND r.section_id IS NULL "
                     "LEFT JOIN app_user u ON u.id = r.updated_by "
                     "LEFT JOIN app_user a ON a.id = r.approved_by WHERE i.sheet_id = ?1 "
                     "UNION ALL "
                     "SELECT i.no, s.name, r.state, r.comment, r.updated_at, "
                     "COALESCE(u.display_name, ''), COALESCE(r.approved_at, ''), "
                     "COALESCE(a.display_name, '') FROM report r "
                     "JOIN initiative i ON i.id = r.initiative_id "
                     "JOIN section s ON s.id = r.section_id "
                     "LEFT JOIN app_user u ON u.id = r.updated_by "
                     "LEFT JOIN app_user a ON a.id = r.approved_by "
                     "WHERE i.sheet_id = ?1 AND r.month = ?2 ORDER BY 1, 2"));
      stmt.Bind(1, *sheet_id).Bind(2, month);
      Reports reports;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        model::MonthReport r;
        r.no = int(stmt.Int(0));
        r.month = month;
        r.section = stmt.Text(1);
        r.state = StateOf(stmt, 2);
        r.comment = stmt.Text(3);
        r.updated_at = stmt.Text(4);
        r.updated_by = stmt.Text(5);
        r.approved_at = stmt.Text(6);
        r.approved_by = stmt.Text(7);
        reports.push_back(std::move(r));
      }));
      return reports;
    });
  }

  Result<std::vector<model::ReportRecord>> ReportRecords(int year, std::optional<int> no) override {
    using Records = std::vector<model::ReportRecord>;
    return Read<Records>([&](Connection& db) -> Result<Records> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindWorkingSheet(db, year));
      if (!sheet_id) return Records();
      TORIKUMI_ASSIGN_OR_RETURN(auto by_no, LoadReportRecords(db, *sheet_id, no));
      Records records;
      for (auto& [no, of_no] : by_no) records.insert(records.end(), of_no.begin(), of_no.end());
      return records;
    });
  }

  Result<void> ApplyTransitions(int year, const std::vector<ReportTransition>& transitions,
                                std::optional<std::int64_t> user_id,
                                std::span<const Notice> notices) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, WorkingSheetOrNotFound(db, year));
      TORIKUMI_RETURN_IF_ERROR(ApplyTransitionsIn(db, sheet_id, year, transitions, user_id));
      TORIKUMI_RETURN_IF_ERROR(WriteNotices(db, notices));
      return true;
    }));
  }

  // --- Publication ---

  Result<PublicationRecord> Publish(int year, std::string_view published_on,
                                    const AuditEntry& audit) override {
    auto published = Write<PublicationRecord>([&](Connection& db) -> Result<PublicationRecord> {
      TORIKUMI_ASSIGN_OR_RETURN(auto working, WorkingSheetOrNotFound(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(auto scale, rows::LoadRatingScale(db, working));
      TORIKUMI_ASSIGN_OR_RETURN(auto initiatives, rows::LoadInitiatives(db, working, std::nullopt));
      TORIKUMI_ASSIGN_OR_RETURN(auto records, LoadReportRecords(db, working));
      for (Initiative& i : initiatives) i = model::ApprovedView(i, records[i.no]);
      TORIKUMI_ASSIGN_OR_RETURN(const std::string publisher, ActorNameIn(db, audit));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO sheet (fiscal_year_id, published_on, published_at, published_by) "
                     "VALUES (?1, ?2, ?3, ?4) RETURNING id"));
      insert.Bind(1, *year_id).Bind(2, published_on).Bind(3, sql::UtcNow()).Bind(4, publisher);
      TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t publication, sql::InsertedId(insert));
      // The latest is the one dated last, and of those published on one day the last made.
      TORIKUMI_ASSIGN_OR_RETURN(
          auto later,
          QueryId(db,
                  "SELECT id FROM sheet WHERE fiscal_year_id = ?1 AND published_on > ?2 "
                  "AND withdrawn_at IS NULL LIMIT 1",
                  [&](Statement& s) { s.Bind(1, *year_id).Bind(2, published_on); }));
      const bool latest = !later;
      if (latest) {
        TORIKUMI_ASSIGN_OR_RETURN(
            Statement earlier,
            db.Prepare(
                "UPDATE initiative SET in_latest_publication = FALSE WHERE in_latest_publication "
                "AND sheet_id IN (SELECT id FROM sheet WHERE fiscal_year_id = ?1 "
                "AND published_on IS NOT NULL)"));
        TORIKUMI_RETURN_IF_ERROR(earlier.Bind(1, *year_id).Run());
      }
      rows::SheetWriter writer(db, publication, latest);
      TORIKUMI_RETURN_IF_ERROR(writer.WriteRatingScale(scale));
      for (const Initiative& i : initiatives) writer.Write(i, std::nullopt);
      TORIKUMI_RETURN_IF_ERROR(writer.Finish());
      AuditEntry entry = audit;
      entry.after = std::string(published_on) + " (公開 " + std::to_string(publication) + ")";
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, entry));
      TORIKUMI_ASSIGN_OR_RETURN(Statement read,
                                db.Prepare(std::string(kSelectPublications) + "AND s.id = ?2"));
      read.Bind(1, municipality_).Bind(2, publication);
      TORIKUMI_RETURN_IF_ERROR(read.Step());
      return PublicationOf(read);
    });
    if (published) ++pool_->public_changes;
    return published;
  }

  Result<std::vector<PublicationRecord>> Publications(int year) override {
    return ReadPublications(std::string(kSelectPublications) +
                                "AND y.year = ?2 ORDER BY s.published_on DESC, s.id DESC",
                            year);
  }

  Result<PublicationRecord> WithdrawPublication(int year, std::int64_t id, std::string_view reason,
                                                const AuditEntry& audit) override {
    auto withdrawn = Write<PublicationRecord>([&](Connection& db) -> Result<PublicationRecord> {
      auto read = [&]() -> Result<std::optional<PublicationRecord>> {
        TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(std::string(kSelectPublications) +
                                                             "AND y.year = ?2 AND s.id = ?3"));
        stmt.Bind(1, municipality_).Bind(2, year).Bind(3, id);
        TORIKUMI_ASSIGN_OR_RETURN(const bool found, stmt.Step());
        if (!found) return std::optional<PublicationRecord>();
        return std::optional<PublicationRecord>(PublicationOf(stmt));
      };
      TORIKUMI_ASSIGN_OR_RETURN(auto before, read());
      if (!before) return Error::NotFound("この公開版はありません");
      if (before->Withdrawn()) return Error::Conflict("この公開版はすでに取り下げられています");
      TORIKUMI_ASSIGN_OR_RETURN(const std::string withdrawer, ActorNameIn(db, audit));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement withdraw,
          db.Prepare("UPDATE sheet SET withdrawn_at = ?1, withdrawn_by = ?2, withdrawn_reason = ?3 "
                     "WHERE id = ?4"));
      TORIKUMI_RETURN_IF_ERROR(
          withdraw.Bind(1, sql::UtcNow()).Bind(2, withdrawer).Bind(3, reason).Bind(4, id).Run());
      // The search reads the latest publication standing.
      TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement clear,
          db.Prepare("UPDATE initiative SET in_latest_publication = FALSE WHERE sheet_id = ?1"));
      TORIKUMI_RETURN_IF_ERROR(clear.Bind(1, id).Run());
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement mark,
          db.Prepare("UPDATE initiative SET in_latest_publication = TRUE WHERE sheet_id = ("
                     "SELECT id FROM sheet WHERE fiscal_year_id = ?1 AND published_on IS NOT NULL "
                     "AND withdrawn_at IS NULL ORDER BY published_on DESC, id DESC LIMIT 1)"));
      TORIKUMI_RETURN_IF_ERROR(mark.Bind(1, *year_id).Run());
      AuditEntry entry = audit;
      entry.before = before->published_on + " (公開 " + std::to_string(id) + ")";
      entry.after = "取り下げ: " + std::string(reason);
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, entry));
      TORIKUMI_ASSIGN_OR_RETURN(auto after, read());
      return std::move(*after);
    });
    if (withdrawn) ++pool_->public_changes;
    return withdrawn;
  }

  Result<std::vector<PublicationRecord>> AllPublications() override {
    return ReadPublications(
        std::string(kSelectPublications) + "ORDER BY y.year DESC, s.published_on DESC, s.id DESC",
        std::nullopt);
  }

  Result<std::int64_t> PublicationStamp() override {
    // Counted before the query: a publication committed meanwhile makes the count differ
    // from what is kept with the stamp, and the next call asks again.
    const std::uint64_t made = pool_->public_changes.load();
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(stamp_mutex_);
      if (stamp_ && stamp_made_ == made && now - stamp_read_at_ < kStampTrusted) return *stamp_;
    }
    TORIKUMI_ASSIGN_OR_RETURN(
        const std::int64_t stamp,
        WithConnection<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
          TORIKUMI_ASSIGN_OR_RETURN(
              auto newest, QueryId(db,
                                   // Every publication raises the largest id, every withdrawal the
                                   // count, every renaming of the municipality its own count.
                                   "SELECT COALESCE(MAX(s.id), 0) + COUNT(s.withdrawn_at) + "
                                   "(SELECT renamed FROM municipality WHERE id = ?1) FROM sheet s "
                                   "JOIN fiscal_year y ON y.id = s.fiscal_year_id "
                                   "WHERE y.municipality_id = ?1 AND s.published_on IS NOT NULL",
                                   [&](Statement& s) { s.Bind(1, municipality_); }));
          return newest.value_or(0);
        }));
    std::lock_guard lock(stamp_mutex_);
    if (!stamp_ || now >= stamp_read_at_) {  // a slower, older read keeps out of the way
      stamp_ = stamp;
      stamp_made_ = made;
      stamp_read_at_ = now;
    }
    return stamp;
  }

  Result<std::int64_t> WorkspaceStamp() override {
    return Read<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
      TORIKUMI_ASSIGN_OR_RETURN(auto changes,
                                QueryId(db, "SELECT changes FROM municipality WHERE id = ?1",
                                        [&](Statement& s) { s.Bind(1, municipality_); }));
      return changes.value_or(0);
    });
  }

  // --- Accounts ---

  Result<std::int64_t> CreateUser(const UserRecord& record, const AuditEntry& audit) override {
    return Write<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
      TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t id, CreateUserIn(db, record));
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return id;
    });
  }

  Result<std::optional<std::int64_t>> CreateFirstUser(const UserRecord& record,
                                                      const AuditEntry& audit) override {
    using Created = std::optional<std::int64_t>;
    return Write<Created>([&](Connection& db) -> Result<Created> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement any, db.Prepare("SELECT 1 FROM app_user WHERE municipality_id = ?1 LIMIT 1"));
      any.Bind(1, municipality_);
      TORIKUMI_ASSIGN_OR_RETURN(const bool exists, any.Step());
      if (exists) return Created();
      TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t id, CreateUserIn(db, record));
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return Created(id);
    });
  }

  Result<std::optional<UserRecord>> FindUserByLogin(std::string_view login) override {
    using Found = std::optional<UserRecord>;
    return Read<Found>([&](Connection& db) { return FindUserByLoginIn(db, login); });
  }

  Result<std::optional<UserRecord>> FindUser(std::int64_t id) override {
    using Found = std::optional<UserRecord>;
    return Read<Found>([&](Connection& db) { return FindUserIn(db, id); });
  }

  Result<std::vector<model::User>> ListUsers() override {
    using Users = std::vector<model::User>;
    return Read<Users>([&](Connection& db) -> Result<Users> {
      TORIKUMI_ASSIGN_OR_RETURN(auto records, UsersWhere(db, "ORDER BY login", [](Statement&) {}));
      Users users;
      for (auto& r : records) users.push_back(std::move(r.user));
      return users;
    });
  }

  Result<void> UpdateUser(const UserRecord& record, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_RETURN_IF_ERROR(UpdateUserIn(db, record));
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<void> SaveUsers(const std::vector<UserRecord>& users,
                         const std::vector<AuditEntry>& audits) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      for (const UserRecord& record : users) {
        if (record.user.id == 0) {
          TORIKUMI_RETURN_IF_ERROR(CreateUserIn(db, record));
        } else {
          TORIKUMI_RETURN_IF_ERROR(UpdateUserIn(db, record));
        }
      }
      for (const AuditEntry& audit : audits) TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<void> CreateSession(std::string_view token_hash, const SessionRecord& s) override {
    return Execute(
        "INSERT INTO session (token_hash, user_id, csrf_token, created_at, last_seen_at, "
        "second_factor_pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        [&](Statement& stmt) {
          stmt.Bind(1, token_hash).Bind(2, s.user_id).Bind(3, s.csrf_token);
          stmt.Bind(4, s.created_at).Bind(5, s.last_seen_at).Bind(6, int(s.second_factor_pending));
        },
        true);
  }

  Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) override {
    using Found = std::optional<SessionRecord>;
    return Read<Found>([&](Connection& db) -> Result<Found> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, "
                     "s.second_factor_pending FROM session s "
                     "JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?1 "
                     "AND u.municipality_id = ?2"));
      stmt.Bind(1, token_hash).Bind(2, municipality_);
      TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Found();
      return Found(
          SessionRecord{stmt.Int(0), stmt.Text(1), stmt.Int(2), stmt.Int(3), stmt.Int(4) != 0});
    });
  }

  Result<void> TouchSession(std::string_view token_hash, std::int64_t now) override {
    return Execute(
        "UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1",
        [&](Statement& s) { s.Bind(1, token_hash).Bind(2, now); }, true);
  }

  Result<void> DeleteSession(std::string_view token_hash) override {
    return Execute(
        "DELETE FROM session WHERE token_hash = ?1", [&](Statement& s) { s.Bind(1, token_hash); },
        true);
  }

  Result<void> DeleteSessionsOf(std::int64_t user_id) override {
    return Execute(
        "DELETE FROM session WHERE user_id = ?1", [&](Statement& s) { s.Bind(1, user_id); }, true);
  }

  Result<void> SaveSecondFactor(std::int64_t user_id, const SecondFactorRecord& factor,
                                const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare("UPDATE app_user SET totp_secret = ?1, totp_pending = ?2, "
                     "totp_last_step = ?3 WHERE id = ?4 AND municipality_id = ?5"));
      update.Bind(1, factor.secret).Bind(2, factor.pending).Bind(3, factor.last_step);
      TORIKUMI_RETURN_IF_ERROR(update.Bind(4, user_id).Bind(5, municipality_).Run());
      if (db.Changes() == 0) return Error::NotFound("利用者がいません");
      if (factor.recovery_hashes) {
        TORIKUMI_ASSIGN_OR_RETURN(Statement clear,
                                  db.Prepare("DELETE FROM recovery_code WHERE user_id = ?1"));
        TORIKUMI_RETURN_IF_ERROR(clear.Bind(1, user_id).Run());
        TORIKUMI_ASSIGN_OR_RETURN(
            Statement insert,
            db.Prepare("INSERT INTO recovery_code (user_id, code_hash) VALUES (?1, ?2)"));
        for (const std::string& hash : *factor.recovery_hashes) {
          TORIKUMI_RETURN_IF_ERROR(insert.Bind(1, user_id).Bind(2, hash).Run());
        }
      }
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<bool> UseTotpStep(std::int64_t user_id, std::int64_t step) override {
    return Bookkeep<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update, db.Prepare("UPDATE app_user SET totp_last_step = ?2 WHERE id = ?1 AND "
                                       "municipality_id = ?3 AND totp_last_step < ?2"));
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, user_id).Bind(2, step).Bind(3, municipality_).Run());
      return db.Changes() == 1;
    });
  }

  Result<bool> UseRecoveryCode(std::int64_t user_id, std::string_view code_hash, std::int64_t at,
                               const AuditEntry& audit) override {
    return Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare("UPDATE recovery_code SET used_at = ?3 WHERE user_id = ?1 AND "
                     "code_hash = ?2 AND used_at IS NULL AND user_id IN "
                     "(SELECT id FROM app_user WHERE municipality_id = ?4)"));
      update.Bind(1, user_id).Bind(2, code_hash).Bind(3, at).Bind(4, municipality_);
      TORIKUMI_RETURN_IF_ERROR(update.Run());
      if (db.Changes() != 1) return false;
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    });
  }

  Result<std::vector<std::string>> UnusedRecoveryCodes(std::int64_t user_id) override {
    using Codes = std::vector<std::string>;
    return Read<Codes>([&](Connection& db) -> Result<Codes> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT c.code_hash FROM recovery_code c JOIN app_user u ON u.id = c.user_id "
                     "WHERE c.user_id = ?1 AND u.municipality_id = ?2 AND c.used_at IS NULL"));
      stmt.Bind(1, user_id).Bind(2, municipality_);
      Codes codes;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] { codes.push_back(stmt.Text(0)); }));
      return codes;
    });
  }

  Result<bool> SecondFactorRequired() override {
    return Read<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          auto required,
          QueryId(db, "SELECT second_factor_required FROM municipality WHERE id = ?1",
                  [&](Statement& s) { s.Bind(1, municipality_); }));
      return required.value_or(0) != 0;
    });
  }

  Result<void> RequireSecondFactor(bool required, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare("UPDATE municipality SET second_factor_required = ?1 WHERE id = ?2"));
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, int(required)).Bind(2, municipality_).Run());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<int> CountLoginFailures(std::string_view key, std::int64_t since) override {
    return Read<int>([&](Connection& db) -> Result<int> {
      TORIKUMI_ASSIGN_OR_RETURN(
          auto count, QueryId(db, "SELECT COUNT(*) FROM login_failure WHERE key = ?1 AND at >= ?2",
                              [&](Statement& s) { s.Bind(1, ScopedKey(key)).Bind(2, since); }));
      return int(count.value_or(0));
    });
  }

  Result<bool> ClaimLoginAttempt(std::span<const LoginLimit> limits, std::int64_t since,
                                 std::int64_t at, std::string_view attempt) override {
    return Bookkeep<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement count,
          db.Prepare("SELECT COUNT(*) FROM login_failure WHERE key = ?1 AND at >= ?2"));
      for (const LoginLimit& l : limits) {
        count.Bind(1, ScopedKey(l.key)).Bind(2, since);
        TORIKUMI_ASSIGN_OR_RETURN(const bool row, count.Step());
        const std::int64_t failures = row ? count.Int(0) : 0;
        count.Reset();
        if (failures >= l.limit) return false;
      }
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO login_failure (key, at, attempt) VALUES (?1, ?2, ?3)"));
      for (const LoginLimit& l : limits) {
        TORIKUMI_RETURN_IF_ERROR(
            insert.Bind(1, ScopedKey(l.key)).Bind(2, at).Bind(3, attempt).Run());
      }
      return true;
    });
  }

  Result<void> ForgetLoginAttempt(std::string_view attempt) override {
    return Execute(
        "DELETE FROM login_failure WHERE attempt = ?1", [&](Statement& s) { s.Bind(1, attempt); },
        true);
  }

  Result<void> ClearLoginFailures(std::string_view key) override {
    return Execute(
        "DELETE FROM login_failure WHERE key = ?1",
        [&](Statement& s) { s.Bind(1, ScopedKey(key)); }, true);
  }

  Result<void> CreateApiToken(std::string_view token_hash, std::int64_t user_id,
                              std::string_view name, std::string_view expires_at,
                              const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement insert,
                                db.Prepare("INSERT INTO api_token (token_hash, user_id, name, "
                                           "expires_at) VALUES (?1, ?2, ?3, ?4)"));
      TORIKUMI_RETURN_IF_ERROR(
          insert.Bind(1, token_hash).Bind(2, user_id).Bind(3, name).Bind(4, expires_at).Run());
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<std::optional<ApiTokenUse>> FindApiToken(std::string_view token_hash) override {
    using Found = std::optional<ApiTokenUse>;
    return Read<Found>([&](Connection& db) -> Result<Found> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt,
                                db.Prepare("SELECT t.user_id, COALESCE(t.last_used_at, ''), "
                                           "COALESCE(t.expires_at, ''), t.name FROM api_token t "
                                           "JOIN app_user u ON u.id = t.user_id "
                                           "WHERE t.token_hash = ?1 AND u.municipality_id = ?2"));
      stmt.Bind(1, token_hash).Bind(2, municipality_);
      TORIKUMI_ASSIGN_OR_RETURN(const bool found, stmt.Step());
      if (!found) return Found();
      return Found(ApiTokenUse{stmt.Int(0), stmt.Text(1), stmt.Text(2), stmt.Text(3)});
    });
  }

  Result<void> TouchApiToken(std::string_view token_hash, std::string_view now) override {
    return Execute(
        "UPDATE api_token SET last_used_at = ?2 WHERE token_hash = ?1",
        [&](Statement& s) { s.Bind(1, token_hash).Bind(2, now); }, true);
  }

  Result<std::vector<ApiTokenRecord>> ApiTokens(std::int64_t user_id) override {
    using Tokens = std::vector<ApiTokenRecord>;
    return Read<Tokens>([&](Connection& db) -> Result<Tokens> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT token_hash, name, created_at, COALESCE(last_used_at, ''), "
                     "COALESCE(expires_at, '') "
                     "FROM api_token WHERE user_id = ?1 ORDER BY created_at DESC, name"));
      stmt.Bind(1, user_id);
      Tokens tokens;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        tokens.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4)});
      }));
      return tokens;
    });
  }

  Result<void> RevokeApiToken(std::int64_t user_id, std::string_view id,
                              const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement revoke,
          db.Prepare("DELETE FROM api_token WHERE token_hash = ?1 AND user_id = ?2"));
      TORIKUMI_RETURN_IF_ERROR(revoke.Bind(1, id).Bind(2, user_id).Run());
      if (db.Changes() == 0) return Error::NotFound("この API トークンはありません");
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  // --- Notifications and the mail outbox ---

  Result<std::vector<NotificationRecord>> Notifications(std::int64_t user_id, int limit) override {
    using Records = std::vector<NotificationRecord>;
    return Read<Records>([&](Connection& db) -> Result<Records> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(std::string(kSelectNotifications) +
                                                           "ORDER BY n.id DESC LIMIT ?3"));
      stmt.Bind(1, municipality_).Bind(2, user_id).Bind(3, limit);
      Records records;
      TORIKUMI_RETURN_IF_ERROR(
          sql::ForEachRow(stmt, [&] { records.push_back(NotificationOf(stmt)); }));
      return records;
    });
  }

  Result<int> UnreadNotifications(std::int64_t user_id) override {
    return Read<int>([&](Connection& db) -> Result<int> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT COUNT(*) FROM notification n JOIN app_user u ON u.id = n.user_id "
                     "WHERE u.municipality_id = ?1 AND n.user_id = ?2 AND n.read_at IS NULL"));
      stmt.Bind(1, municipality_).Bind(2, user_id);
      TORIKUMI_RETURN_IF_ERROR(stmt.Step());
      return int(stmt.Int(0));
    });
  }

  Result<std::optional<NotificationRecord>> ReadNotification(std::int64_t user_id,
                                                             std::int64_t id) override {
    using Found = std::optional<NotificationRecord>;
    return Write<Found>([&](Connection& db) -> Result<Found> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt,
                                db.Prepare(std::string(kSelectNotifications) + "AND n.id = ?3"));
      stmt.Bind(1, municipality_).Bind(2, user_id).Bind(3, id);
      TORIKUMI_ASSIGN_OR_RETURN(const bool found, stmt.Step());
      if (!found) return Found();
      NotificationRecord record = NotificationOf(stmt);
      if (!record.read) {
        TORIKUMI_ASSIGN_OR_RETURN(Statement mark,
                                  db.Prepare("UPDATE notification SET read_at = ?2 WHERE id = ?1"));
        TORIKUMI_RETURN_IF_ERROR(mark.Bind(1, id).Bind(2, std::int64_t(std::time(nullptr))).Run());
      }
      return Found(std::move(record));
    });
  }

  Result<void> ReadAllNotifications(std::int64_t user_id) override {
    return Execute(
        "UPDATE notification SET read_at = ?3 WHERE user_id = ?2 AND read_at IS NULL AND "
        "user_id IN (SELECT id FROM app_user WHERE municipality_id = ?1)",
        [&](Statement& s) {
          s.Bind(1, municipality_).Bind(2, user_id).Bind(3, std::int64_t(std::time(nullptr)));
        });
  }

  Result<void> SaveMailPreferences(std::int64_t user_id, const model::MailPreferences& preferences,
                                   const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare("UPDATE app_user SET mail = ?3, mail_kinds = ?4, mail_digest = ?5 "
                     "WHERE id = ?2 AND municipality_id = ?1"));
      update.Bind(1, municipality_).Bind(2, user_id).Bind(3, preferences.address);
      update.Bind(4, std::int64_t(preferences.kinds.bits())).Bind(5, int(preferences.digest));
      TORIKUMI_RETURN_IF_ERROR(update.Run());
      if (db.Changes() == 0) return Error::NotFound("この利用者はいません");
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  Result<bool> NotifyOnce(std::string_view key, std::span<const Notice> notices,
                          std::int64_t at) override {
    return Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO notified_once (municipality_id, notice_key, at) "
                     "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"));
      TORIKUMI_RETURN_IF_ERROR(insert.Bind(1, municipality_).Bind(2, key).Bind(3, at).Run());
      if (db.Changes() == 0) return false;
      TORIKUMI_RETURN_IF_ERROR(WriteNotices(db, notices));
      return true;
    });
  }

  Result<std::vector<MailRecord>> ClaimMail(std::int64_t now, std::int64_t lease, int limit,
                                            std::string_view claim) override {
    using Mails = std::vector<MailRecord>;
    return Bookkeep<Mails>([&](Connection& db) -> Result<Mails> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("UPDATE mail SET claimed_until = ?3, claim = ?4 WHERE id IN ("
                     "SELECT id FROM mail WHERE municipality_id = ?1 AND state = 'pending' "
                     "AND next_attempt_at <= ?2 AND claimed_until <= ?2 ORDER BY id LIMIT ?5" +
                     std::string(db.dialect().SkipLocked()) + ") RETURNING " +
                     std::string(kMailColumns)));
      stmt.Bind(1, municipality_).Bind(2, now).Bind(3, now + lease).Bind(4, claim);
      stmt.Bind(5, limit);
      Mails mails;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] { mails.push_back(MailOf(stmt)); }));
      std::sort(mails.begin(), mails.end(),
                [](const MailRecord& a, const MailRecord& b) { return a.id < b.id; });
      return mails;
    });
  }

  Result<bool> FinishMail(std::int64_t id, std::string_view claim,
                          const MailOutcome& outcome) override {
    return Bookkeep<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare(
              "UPDATE mail SET state = ?4, attempts = attempts + 1, "
              "sent_at = CASE WHEN ?4 = 'sent' THEN ?5 ELSE sent_at END, "
              "next_attempt_at = CASE WHEN ?4 = 'pending' THEN ?5 ELSE next_attempt_at END, "
              "last_error = ?6, claimed_until = 0, claim = '' "
              "WHERE id = ?2 AND municipality_id = ?1 AND claim = ?3 AND state = 'pending'"));
      const MailState state = outcome.kind == MailOutcome::Kind::kSent    ? MailState::kSent
                              : outcome.kind == MailOutcome::Kind::kRetry ? MailState::kPending
                                                                          : MailState::kFailed;
      update.Bind(1, municipality_).Bind(2, id).Bind(3, claim).Bind(4, MailStateName(state));
      update.Bind(5, outcome.at).Bind(6, outcome.error);
      TORIKUMI_RETURN_IF_ERROR(update.Run());
      return db.Changes() > 0;
    });
  }

  Result<std::vector<MailRecord>> HeldMail(std::int64_t before) override {
    return ReadMail("AND state = 'held' AND created_at < ?2 ORDER BY user_id, id",
                    [&](Statement& s) { s.Bind(2, before); });
  }

  Result<bool> BundleMail(std::span<const std::int64_t> ids, const MailRecord& digest) override {
    auto bundled = Bookkeep<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement bundle,
          db.Prepare("UPDATE mail SET state = 'bundled', sent_at = ?3 "
                     "WHERE id = ?2 AND municipality_id = ?1 AND state = 'held'"));
      for (const std::int64_t id : ids) {
        TORIKUMI_RETURN_IF_ERROR(
            bundle.Bind(1, municipality_).Bind(2, id).Bind(3, digest.created_at).Run());
        if (db.Changes() == 0) return Error::Conflict("bundled already");
      }
      TORIKUMI_RETURN_IF_ERROR(InsertMail(db, digest));
      return true;
    });
    if (!bundled && bundled.error().code() == Error::Code::kConflict) return false;
    return bundled;
  }

  Result<std::vector<MailRecord>> Mails(int limit) override {
    return ReadMail("ORDER BY id DESC LIMIT ?2", [&](Statement& s) { s.Bind(2, limit); });
  }

  Result<MailBacklog> CountMail() override {
    return Read<MailBacklog>([&](Connection& db) -> Result<MailBacklog> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt, db.Prepare("SELECT state, COUNT(*) FROM mail WHERE municipality_id = ?1 "
                                     "AND state IN ('held', 'pending', 'failed') GROUP BY state"));
      stmt.Bind(1, municipality_);
      MailBacklog backlog;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        const std::string state = stmt.Text(0);
        const int count = int(stmt.Int(1));
        (state == "held"      ? backlog.held
         : state == "pending" ? backlog.pending
                              : backlog.failed) = count;
      }));
      return backlog;
    });
  }

  Result<void> RetryMail(std::int64_t id, std::int64_t now, const AuditEntry& audit) override {
    return Done(Write<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement update,
          db.Prepare("UPDATE mail SET state = 'pending', next_attempt_at = ?3 "
                     "WHERE id = ?2 AND municipality_id = ?1 AND state = 'failed'"));
      TORIKUMI_RETURN_IF_ERROR(update.Bind(1, municipality_).Bind(2, id).Bind(3, now).Run());
      if (db.Changes() == 0) return Error::NotFound("送信に失敗したこのメールはありません");
      TORIKUMI_RETURN_IF_ERROR(WriteAudit(db, audit));
      return true;
    }));
  }

  // --- Backup ---

  Result<void> Backup(const std::string& destination,
                      const model::ProgressReport& progress) override {
    return Done(WithConnection<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_RETURN_IF_ERROR(pool_->backend->Backup(db, destination, progress));
      return true;
    }));
  }

  Result<void> Restore(const std::string& source) override {
    TORIKUMI_ASSIGN_OR_RETURN(auto years, FiscalYears());
    TORIKUMI_ASSIGN_OR_RETURN(auto users, ListUsers());
    if (!years.empty() || !users.empty()) {
      return Error::Conflict(
          "復元先のデータベースが空ではありません。新しいデータベースに復元してください");
    }
    return Done(WithConnection<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_RETURN_IF_ERROR(
          pool_->backend->Restore(db, source, pool_->backend->Migrations().size()));
      TORIKUMI_RETURN_IF_ERROR(Migrate(db, pool_->backend->Migrations()));
      TORIKUMI_RETURN_IF_ERROR(IndexWhereMigrationsAsked(db));
      return true;
    }));
  }

  // --- Security events ---

  Result<void> RecordSecurityEvent(const SecurityEvent& event) override {
    return Done(Bookkeep<bool>([&](Connection& db) -> Result<bool> {
      TORIKUMI_RETURN_IF_ERROR(WriteSecurityEvent(db, event));
      return true;
    }));
  }

  Result<std::vector<SecurityEventRecord>> ListSecurityEvents(
      const SecurityEventFilter& filter) override {
    using Records = std::vector<SecurityEventRecord>;
    return Read<Records>([&](Connection& db) -> Result<Records> {
      // ISO 8601 UTC times of one form compare as text; the index on (municipality_id, id)
      // gives the newest first and stops at the limit.
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT e.id, e.at, e.kind, e.user_id, COALESCE(u.display_name, ''), "
                     "e.login, e.address, e.detail FROM security_event e "
                     "LEFT JOIN app_user u ON u.id = e.user_id "
                     "WHERE e.municipality_id = ?1 AND (CAST(?2 AS TEXT) = '' OR e.kind = ?2) "
                     "AND (CAST(?3 AS TEXT) = '' OR e.at >= ?3) "
                     "AND (CAST(?4 AS TEXT) = '' OR e.at < ?4) "
                     "AND (CAST(?5 AS BIGINT) = 0 OR e.id < ?5) "
                     "ORDER BY e.id DESC LIMIT ?6"));
      stmt.Bind(1, municipality_)
          .Bind(2, filter.kind ? model::SecurityEventName(*filter.kind) : std::string_view(""))
          .Bind(3, filter.from)
          .Bind(4, filter.until)
          .Bind(5, filter.before_id)
          .Bind(6, filter.limit);
      Records records;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        SecurityEventRecord r;
        r.id = stmt.Int(0);
        r.event.at = stmt.Text(1);
        // A kind this build does not know (written by a newer one) shows as a refusal's
        // neighbour would: its name stays in the detail.
        const std::string kind = stmt.Text(2);
        const auto parsed = model::ParseSecurityEventKind(kind);
        r.event.kind = parsed.value_or(model::SecurityEventKind::kForbidden);
        if (!stmt.IsNull(3)) r.event.user_id = stmt.Int(3);
        r.user = stmt.Text(4);
        r.event.login = stmt.Text(5);
        r.event.address = stmt.Text(6);
        r.event.detail = parsed ? stmt.Text(7) : kind + ": " + stmt.Text(7);
        records.push_back(std::move(r));
      }));
      return records;
    });
  }

  // --- Audit ---

  Result<AuditChainCheck> VerifyAuditChain() override {
    return Read<AuditChainCheck>([&](Connection& db) -> Result<AuditChainCheck> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT id, at, user_id, action, object, before, after, seq, hash "
                     "FROM audit_log WHERE municipality_id = ?1 ORDER BY id"));
      stmt.Bind(1, municipality_);
      AuditChainCheck check;
      std::string previous;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        if (check.broken_id) return;
        const std::int64_t id = stmt.Int(0);
        auto broken = [&](std::string problem) {
          check.broken_id = id;
          check.problem = std::move(problem);
        };
        if (stmt.IsNull(7)) {
          if (check.chained > 0) return broken("連鎖の途中に、連鎖のない記録が挿入されています");
          ++check.unchained;
          return;
        }
        const std::int64_t seq = stmt.Int(7);
        const std::int64_t expected = check.last_seq + 1;
        if (seq > expected) {
          return broken("連鎖番号 " + std::to_string(expected) + "～" + std::to_string(seq - 1) +
                        " の記録が削除されています");
        }
        if (seq < expected) return broken("連鎖番号 " + std::to_string(seq) + " が重複しています");
        const AuditEntry entry{std::nullopt, stmt.Text(3), stmt.Text(4), stmt.Text(5),
                               stmt.Text(6)};
        const std::string user_id = stmt.IsNull(2) ? "" : std::to_string(stmt.Int(2));
        if (AuditHash(previous, seq, stmt.Text(1), user_id, entry) != stmt.Text(8)) {
          return broken("記録の内容が書き換えられたか、記録が差し替えられています");
        }
        previous = stmt.Text(8);
        check.last_seq = seq;
        check.last_hash = previous;
        ++check.chained;
      }));
      return check;
    });
  }

  Result<std::vector<AuditRecord>> ListAudit(const AuditFilter& filter) override {
    using Records = std::vector<AuditRecord>;
    return Read<Records>([&](Connection& db) -> Result<Records> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare(
              "SELECT a.id, a.at, COALESCE(u.display_name, 'コマンドライン'), a.action, "
              "a.object, a.before, a.after FROM audit_log a "
              "LEFT JOIN app_user u ON u.id = a.user_id "
              "WHERE a.municipality_id = ?1 AND (?2 = '' OR a.object = ?2 "
              "OR substr(a.object, 1, length(CAST(?2 AS TEXT)) + 1) = CAST(?2 AS TEXT) || '/') "
              "ORDER BY a.id DESC LIMIT ?3"));
      stmt.Bind(1, municipality_).Bind(2, filter.object_prefix).Bind(3, filter.limit);
      Records records;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
        records.push_back({stmt.Int(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4),
                           stmt.Text(5), stmt.Text(6)});
      }));
      return records;
    });
  }

 private:
  Result<std::optional<std::int64_t>> FindFiscalYear(Connection& db, int year) {
    return QueryId(db, "SELECT id FROM fiscal_year WHERE municipality_id = ?1 AND year = ?2",
                   [&](Statement& s) { s.Bind(1, municipality_).Bind(2, year); });
  }

  Result<std::optional<std::int64_t>> FindWorkingSheet(Connection& db, int year) {
    return QueryId(db,
                   "SELECT s.id FROM sheet s JOIN fiscal_year y ON y.id = s.fiscal_year_id "
                   "WHERE y.municipality_id = ?1 AND y.year = ?2 AND s.published_on IS NULL",
                   [&](Statement& s) { s.Bind(1, municipality_).Bind(2, year); });
  }

  // The sheet a key names: the working sheet, or a publication of that year.
  Result<std::optional<std::int64_t>> FindSheet(Connection& db, const SheetKey& key) {
    if (!key.publication) return FindWorkingSheet(db, key.year);
    return QueryId(db,
                   "SELECT s.id FROM sheet s JOIN fiscal_year y ON y.id = s.fiscal_year_id "
                   "WHERE y.municipality_id = ?1 AND y.year = ?2 AND s.id = ?3 "
                   "AND s.published_on IS NOT NULL",
                   [&](Statement& s) {
                     s.Bind(1, municipality_).Bind(2, key.year).Bind(3, *key.publication);
                   });
  }

  // Creates the fiscal year and its working sheet; returns the sheet.
  Result<std::int64_t> CreateYear(Connection& db, int year) {
    TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
    if (!year_id) {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare(
              "INSERT INTO fiscal_year (municipality_id, year) VALUES (?1, ?2) RETURNING id"));
      insert.Bind(1, municipality_).Bind(2, year);
      TORIKUMI_ASSIGN_OR_RETURN(year_id, sql::InsertedId(insert));
    }
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement sheet, db.Prepare("INSERT INTO sheet (fiscal_year_id) VALUES (?1) RETURNING id"));
    sheet.Bind(1, *year_id);
    return sql::InsertedId(sheet);
  }

  Result<void> WriteAudit(Connection& db, const AuditEntry& entry) {
    return WriteAudits(db, std::span(&entry, 1));
  }

  // Appends to the municipality's audit chain. Writers are serialised (Dialect::BeginWrite),
  // so the chain's last entry stays the last until this transaction ends.
  Result<void> WriteAudits(Connection& db, std::span<const AuditEntry> entries) {
    if (entries.empty()) return {};
    std::int64_t seq = 0;
    std::string previous;
    {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement last, db.Prepare("SELECT seq, hash FROM audit_log WHERE municipality_id = ?1 "
                                     "AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1"));
      last.Bind(1, municipality_);
      TORIKUMI_ASSIGN_OR_RETURN(const bool any, last.Step());
      if (any) {
        seq = last.Int(0);
        previous = last.Text(1);
      }
    }
    const std::string at = sql::UtcNow();
    std::vector<std::string> hashes;
    for (const AuditEntry& e : entries) {
      previous =
          AuditHash(previous, ++seq, at, e.user_id ? std::to_string(*e.user_id) : std::string(), e);
      hashes.push_back(previous);
    }
    for (const AuditEntry& e : entries) {
      if (e.security_event) TORIKUMI_RETURN_IF_ERROR(WriteSecurityEvent(db, *e.security_event));
      TORIKUMI_RETURN_IF_ERROR(WriteNotices(db, e.notices));
    }
    const std::int64_t first = seq - std::int64_t(entries.size()) + 1;
    return sql::RunForRows(
        db,
        "INSERT INTO audit_log (municipality_id, user_id, action, object, before, after, at, "
        "seq, hash) VALUES ",
        "", 9, entries.size(), [&](Statement& s, int at_, std::size_t k) {
          const AuditEntry& e = entries[k];
          s.Bind(at_, municipality_).Bind(at_ + 1, e.user_id).Bind(at_ + 2, e.action);
          s.Bind(at_ + 3, e.object).Bind(at_ + 4, e.before).Bind(at_ + 5, e.after);
          s.Bind(at_ + 6, at).Bind(at_ + 7, first + std::int64_t(k)).Bind(at_ + 8, hashes[k]);
        });
  }

  // Each notice in the user's list, and its mail in the outbox (held for a digest, or due
  // at once).
  Result<void> WriteNotices(Connection& db, std::span<const Notice> notices) {
    if (notices.empty()) return {};
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO notification (user_id, kind, created_at, title, body, link) "
                   "SELECT id, ?3, ?4, ?5, ?6, ?7 FROM app_user "
                   "WHERE id = ?2 AND municipality_id = ?1"));
    for (const Notice& n : notices) {
      insert.Bind(1, municipality_).Bind(2, n.user_id).Bind(3, model::NoticeKindName(n.kind));
      insert.Bind(4, n.at).Bind(5, n.title).Bind(6, n.body).Bind(7, n.link);
      TORIKUMI_RETURN_IF_ERROR(insert.Run());
      if (n.mail_to.empty()) continue;
      MailRecord mail;
      mail.user_id = n.user_id;
      mail.to = n.mail_to;
      mail.subject = n.title;
      mail.body = n.body;
      mail.link = n.link;
      mail.state = n.digest ? MailState::kHeld : MailState::kPending;
      mail.created_at = mail.next_attempt_at = n.at;
      TORIKUMI_RETURN_IF_ERROR(InsertMail(db, mail));
    }
    return {};
  }

  Result<void> InsertMail(Connection& db, const MailRecord& mail) {
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare(
            "INSERT INTO mail (municipality_id, user_id, to_address, subject, body, link, "
            "state, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    insert.Bind(1, municipality_).Bind(2, mail.user_id).Bind(3, mail.to).Bind(4, mail.subject);
    insert.Bind(5, mail.body).Bind(6, mail.link).Bind(7, MailStateName(mail.state));
    insert.Bind(8, mail.created_at).Bind(9, mail.next_attempt_at);
    return insert.Run();
  }

  // The municipality's mails that pass `where` (after its ?1), bound by `bind` from ?2.
  template <typename Bind>
  Result<std::vector<MailRecord>> ReadMail(std::string_view where, Bind bind) {
    using Mails = std::vector<MailRecord>;
    return Read<Mails>([&](Connection& db) -> Result<Mails> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT " + std::string(kMailColumns) +
                     " FROM mail WHERE municipality_id = ?1 " + std::string(where)));
      stmt.Bind(1, municipality_);
      bind(stmt);
      Mails mails;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] { mails.push_back(MailOf(stmt)); }));
      return mails;
    });
  }

  static MailRecord MailOf(const Statement& stmt) {
    MailRecord m;
    m.id = stmt.Int(0);
    m.user_id = stmt.IsNull(1) ? 0 : stmt.Int(1);
    m.to = stmt.Text(2);
    m.subject = stmt.Text(3);
    m.body = stmt.Text(4);
    m.link = stmt.Text(5);
    m.state = ParseMailState(stmt.Text(6));
    m.attempts = int(stmt.Int(7));
    m.created_at = stmt.Int(8);
    m.next_attempt_at = stmt.Int(9);
    m.sent_at = stmt.Int(10);
    m.last_error = stmt.Text(11);
    return m;
  }

  static NotificationRecord NotificationOf(const Statement& stmt) {
    NotificationRecord n;
    n.id = stmt.Int(0);
    n.kind = model::ParseNoticeKind(stmt.Text(1)).value_or(model::NoticeKind::kMonthOpened);
    n.created_at = stmt.Int(2);
    n.title = stmt.Text(3);
    n.body = stmt.Text(4);
    n.link = stmt.Text(5);
    n.read = !stmt.IsNull(6);
    return n;
  }

  Result<void> WriteSecurityEvent(Connection& db, const SecurityEvent& e) {
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO security_event (municipality_id, at, kind, user_id, login, "
                   "address, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    insert.Bind(1, municipality_).Bind(2, e.at).Bind(3, model::SecurityEventName(e.kind));
    insert.Bind(4, e.user_id).Bind(5, e.login).Bind(6, e.address).Bind(7, e.detail);
    return insert.Run();
  }

  // BLAKE2b-256 of the previous entry's hash and this entry's fields, each preceded by its
  // length, so that no two different entries hash the same text.
  std::string AuditHash(std::string_view previous, std::int64_t seq, std::string_view at,
                        std::string_view user_id, const AuditEntry& e) const {
    static const bool sodium_ready = sodium_init() >= 0;
    if (!sodium_ready) std::abort();
    const std::string municipality = std::to_string(municipality_);
    const std::string number = std::to_string(seq);
    const std::string_view fields[] = {previous, municipality, number,   at,     user_id,
                                       e.action, e.object,     e.before, e.after};
    std::string text;
    for (const std::string_view field : fields) {
      text += std::to_string(field.size()) + ":";
      text += field;
    }
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
  }

  // A login-failure key of this municipality's: the same login elsewhere is someone else.
  std::string ScopedKey(std::string_view key) const {
    return std::to_string(municipality_) + ":" + std::string(key);
  }

  static Result<void> Done(const Result<bool>& result) {
    if (!result) return result.error();
    return {};
  }

  static bool Matches(const InitiativeSummary& s, const InitiativeFilter& f) {
    return (f.department.empty() || s.department == f.department) &&
           (f.section.empty() || s.section == f.section) &&
           (f.goal.empty() || text::FormatNumberedTitle(s.goal) == f.goal) &&
           (f.policy.empty() || text::FormatNumberedTitle(s.policy) == f.policy) &&
           (f.rating.empty() || s.rating == f.rating);
  }

  // Moves each report from its `from` state to its `to` state, or fails with Conflict when
  // one is no longer where the caller saw it; audits each.
  Result<void> ApplyTransitionsIn(Connection& db, std::int64_t sheet_id, int year,
                                  const std::vector<ReportTransition>& transitions,
                                  std::optional<std::int64_t> user_id) {
    if (transitions.empty()) return {};
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement find,
        db.Prepare("SELECT i.id, s.id FROM initiative i LEFT JOIN section s ON s.sheet_id = "
                   "i.sheet_id AND s.name = ?3 WHERE i.sheet_id = ?1 AND i.no = ?2"));
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement state,
        db.Prepare("SELECT id, state FROM report WHERE initiative_id = ?1 AND month = ?2 "
                   "AND COALESCE(section_id, 0) = ?3"));
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO report (initiative_id, month, section_id, state, updated_at) "
                   "VALUES (?1, ?2, ?3, 'draft', ?4) RETURNING id"));
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement update,
        db.Prepare("UPDATE report SET state = ?2, updated_by = ?3, updated_at = ?4, "
                   "comment = CASE WHEN ?5 THEN ?6 ELSE comment END, "
                   "approved_at = CASE WHEN ?2 = 'approved' THEN ?4 ELSE approved_at END, "
                   "approved_by = CASE WHEN ?2 = 'approved' THEN ?3 ELSE approved_by END "
                   "WHERE id = ?1"));
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement approved,
        db.Prepare("UPDATE report SET approved_content = ?2, approved_rating = ?3 WHERE id = ?1"));
    for (const ReportTransition& t : transitions) {
      find.Bind(1, sheet_id).Bind(2, t.no).Bind(3, t.section);
      TORIKUMI_ASSIGN_OR_RETURN(bool found, find.Step());
      const bool section_known = found && (t.section.empty() || !find.IsNull(1));
      const std::int64_t initiative_id = found ? find.Int(0) : 0;
      const std::int64_t section_id = t.section.empty() || !found ? 0 : find.Int(1);
      find.Reset();
      if (!found || !section_known) {
        return Error::NotFound("No." + std::to_string(t.no) + " の取組" +
                               (found ? "に課「" + t.section + "」はありません" : "はありません"));
      }
      state.Bind(1, initiative_id).Bind(2, t.month).Bind(3, section_id);
      TORIKUMI_ASSIGN_OR_RETURN(bool exists, state.Step());
      std::optional<std::int64_t> id;
      model::ReportState current = model::ReportState::kNotStarted;
      if (exists) {
        id = state.Int(0);
        current = StateOf(state, 1);
      }
      state.Reset();
      if (current != t.from) {
        return Error::Conflict(
            "No." + std::to_string(t.no) + " の" + std::to_string(t.month) + "月の" +
            (t.section.empty() ? "報告" : "「" + t.section + "」の追記") + "はすでに「" +
            std::string(model::ReportStateLabel(current)) + "」になっています");
      }
      if (!id) {
        insert.Bind(1, initiative_id).Bind(2, t.month).Bind(4, sql::UtcNow());
        if (section_id)
          insert.Bind(3, section_id);
        else
          insert.Bind(3, std::optional<std::int64_t>());
        TORIKUMI_ASSIGN_OR_RETURN(id, sql::InsertedId(insert));
      }
      const bool returned = t.to == model::ReportState::kReturned;
      update.Bind(1, *id).Bind(2, model::ReportStateName(t.to)).Bind(3, user_id);
      update.Bind(4, sql::UtcNow()).Bind(5, returned).Bind(6, t.comment);
      TORIKUMI_RETURN_IF_ERROR(update.Run());
      if (t.approved) {
        approved.Bind(1, *id).Bind(2, t.approved->content).Bind(3, t.approved->rating);
        TORIKUMI_RETURN_IF_ERROR(approved.Run());
      }
      if (t.from == t.to) continue;  // checked only: a draft edited stays a draft
      TORIKUMI_RETURN_IF_ERROR(
          WriteAudit(db, {user_id, "report." + std::string(model::ReportStateName(t.to)),
                          ReportObject(year, t.no, t.month, t.section),
                          std::string(model::ReportStateLabel(current)),
                          std::string(model::ReportStateLabel(t.to)) +
                              (t.comment.empty() ? "" : ": " + t.comment)}));
    }
    return {};
  }

  // Every begun report of the sheet, or of its initiative No. `no`, by No.
  Result<std::map<int, std::vector<model::ReportRecord>>> LoadReportRecords(
      Connection& db, std::int64_t sheet_id, std::optional<int> no = std::nullopt) {
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare(
            std::string("SELECT i.no, r.month, COALESCE(s.name, ''), r.state, "
                        "r.approved_at, r.approved_content, r.approved_rating FROM report r "
                        "JOIN initiative i ON i.id = r.initiative_id "
                        "LEFT JOIN section s ON s.id = r.section_id WHERE i.sheet_id = ?1 ") +
            (no ? "AND i.no = ?2 " : "") +
            "ORDER BY i.no, (r.month + 8) % 12, COALESCE(s.name, '')"));
    stmt.Bind(1, sheet_id);
    if (no) stmt.Bind(2, *no);
    std::map<int, std::vector<model::ReportRecord>> records;
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
      model::ReportRecord r;
      r.no = int(stmt.Int(0));
      r.month = int(stmt.Int(1));
      r.section = stmt.Text(2);
      r.state = StateOf(stmt, 3);
      r.ever_approved = !stmt.IsNull(4);
      if (!stmt.IsNull(5)) r.approved.content = stmt.Text(5);
      if (!stmt.IsNull(6)) r.approved.rating = stmt.Text(6);
      records[r.no].push_back(std::move(r));
    }));
    return records;
  }

  static model::ReportState StateOf(const Statement& row, int column) {
    if (row.IsNull(column)) return model::ReportState::kNotStarted;
    return model::ParseReportState(row.Text(column)).value_or(model::ReportState::kNotStarted);
  }

  static std::string ReportObject(int year, int no, int month, const std::string& section) {
    return ObjectOf(year, no) + "/" + std::to_string(month) + "月" +
           (section.empty() ? "" : "/" + section);
  }

  Result<std::int64_t> WorkingSheetOrNotFound(Connection& db, int year) {
    TORIKUMI_ASSIGN_OR_RETURN(auto sheet_id, FindWorkingSheet(db, year));
    if (!sheet_id) return Error::NotFound(std::to_string(year) + "年度のシートはありません");
    return *sheet_id;
  }

  // The user's assignments: `sections` as year 0, and each year's own.
  static Result<void> WriteSections(Connection& db, std::int64_t user_id, const model::User& u) {
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO user_section (user_id, year, position, section_name) "
                   "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"));
    auto write = [&](int year, const std::vector<std::string>& sections) -> Result<void> {
      for (std::size_t k = 0; k < sections.size(); ++k) {
        insert.Bind(1, user_id).Bind(2, year).Bind(3, std::int64_t(k)).Bind(4, sections[k]);
        TORIKUMI_RETURN_IF_ERROR(insert.Run());
      }
      return {};
    };
    TORIKUMI_RETURN_IF_ERROR(write(0, u.sections));
    for (const auto& [year, sections] : u.year_sections) {
      TORIKUMI_RETURN_IF_ERROR(write(year, sections));
    }
    return {};
  }

  template <typename Bind>
  Result<std::vector<UserRecord>> UsersWhere(Connection& db, std::string_view condition,
                                             Bind bind) {
    TORIKUMI_ASSIGN_OR_RETURN(Statement stmt,
                              db.Prepare(std::string(kSelectUser) + std::string(condition)));
    stmt.Bind(1, municipality_);
    bind(stmt);
    std::vector<UserRecord> users;
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
      UserRecord r;
      r.user.id = stmt.Int(0);
      r.user.login = stmt.Text(1);
      r.user.display_name = stmt.Text(2);
      r.user.role = model::ParseRole(stmt.Text(3)).value_or(model::Role::kViewer);
      r.password_hash = stmt.Text(4);
      r.user.disabled = stmt.Int(5) != 0;
      r.user.must_change_password = stmt.Int(6) != 0;
      r.totp_secret = stmt.Text(7);
      r.totp_pending = stmt.Text(8);
      r.totp_last_step = stmt.Int(9);
      r.user.second_factor = !r.totp_secret.empty();
      r.user.mail.address = stmt.Text(10);
      r.user.mail.kinds = model::NoticeKindSet::FromBits(std::uint32_t(stmt.Int(11)));
      r.user.mail.digest = stmt.Int(12) != 0;
      users.push_back(std::move(r));
    }));
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement sections,
        db.Prepare("SELECT year, section_name FROM user_section WHERE user_id = ?1 "
                   "ORDER BY year, position"));
    for (UserRecord& r : users) {
      sections.Bind(1, r.user.id);
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(sections, [&] {
        const int year = int(sections.Int(0));
        (year == 0 ? r.user.sections : r.user.year_sections[year]).push_back(sections.Text(1));
      }));
      sections.Reset();
    }
    return users;
  }

  static Result<std::optional<UserRecord>> FirstOf(Result<std::vector<UserRecord>> users) {
    if (!users) return users.error();
    if (users->empty()) return std::optional<UserRecord>();
    return std::optional<UserRecord>(std::move(users->front()));
  }

  // The display name of who acts in `audit`; "" for the command line.
  Result<std::string> ActorNameIn(Connection& db, const AuditEntry& audit) {
    if (!audit.user_id) return std::string();
    TORIKUMI_ASSIGN_OR_RETURN(auto user, FindUserIn(db, *audit.user_id));
    return user ? user->user.display_name : std::string();
  }

  Result<void> UpdateUserIn(Connection& db, const UserRecord& record) {
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement update,
        db.Prepare("UPDATE app_user SET display_name = ?1, role = ?2, password_hash = ?3, "
                   "disabled = ?4, must_change_password = ?7 "
                   "WHERE id = ?5 AND municipality_id = ?6"));
    const model::User& u = record.user;
    update.Bind(1, u.display_name).Bind(2, model::RoleName(u.role)).Bind(3, record.password_hash);
    update.Bind(7, int(u.must_change_password));
    TORIKUMI_RETURN_IF_ERROR(
        update.Bind(4, int(u.disabled)).Bind(5, u.id).Bind(6, municipality_).Run());
    if (db.Changes() == 0) return Error::NotFound("利用者「" + u.login + "」はいません");
    TORIKUMI_ASSIGN_OR_RETURN(Statement clear,
                              db.Prepare("DELETE FROM user_section WHERE user_id = ?1"));
    TORIKUMI_RETURN_IF_ERROR(clear.Bind(1, u.id).Run());
    return WriteSections(db, u.id, u);
  }

  Result<std::int64_t> CreateUserIn(Connection& db, const UserRecord& record) {
    TORIKUMI_ASSIGN_OR_RETURN(auto taken, FindUserByLoginIn(db, record.user.login));
    if (taken)
      return Error::Conflict("ログイン名「" + record.user.login + "」はすでに使われています");
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO app_user (municipality_id, login, display_name, role, "
                   "password_hash, disabled, must_change_password, login_key) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"));
    const model::User& u = record.user;
    insert.Bind(8, text::FoldForMatching(u.login));
    insert.Bind(1, municipality_).Bind(2, u.login).Bind(3, u.display_name);
    insert.Bind(4, model::RoleName(u.role)).Bind(5, record.password_hash).Bind(6, int(u.disabled));
    insert.Bind(7, int(u.must_change_password));
    TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t id, sql::InsertedId(insert));
    TORIKUMI_RETURN_IF_ERROR(WriteSections(db, id, u));
    return id;
  }

  Result<std::optional<UserRecord>> FindUserByLoginIn(Connection& db, std::string_view login) {
    return FirstOf(UsersWhere(db, "AND login_key = ?2",
                              [&](Statement& s) { s.Bind(2, text::FoldForMatching(login)); }));
  }

  Result<std::optional<UserRecord>> FindUserIn(Connection& db, std::int64_t id) {
    return FirstOf(UsersWhere(db, "AND id = ?2", [&](Statement& s) { s.Bind(2, id); }));
  }

  Result<std::vector<int>> Years(std::string_view sql) {
    using Ys = std::vector<int>;
    return Read<Ys>([&](Connection& db) -> Result<Ys> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      stmt.Bind(1, municipality_);
      Ys years;
      TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] { years.push_back(int(stmt.Int(0))); }));
      return years;
    });
  }

  // Publications by `sql`, whose ?1 is the municipality and ?2, if any, `parameter`.
  Result<std::vector<PublicationRecord>> ReadPublications(const std::string& sql,
                                                          std::optional<std::int64_t> parameter) {
    using Records = std::vector<PublicationRecord>;
    return Read<Records>([&](Connection& db) -> Result<Records> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      stmt.Bind(1, municipality_);
      if (parameter) stmt.Bind(2, *parameter);
      Records records;
      TORIKUMI_RETURN_IF_ERROR(
          sql::ForEachRow(stmt, [&] { records.push_back(PublicationOf(stmt)); }));
      return records;
    });
  }

  // One statement that returns nothing, in a transaction of its own: a write, or with
  // `bookkeeping` a write no staff page shows (Bookkeep).
  template <typename Bind>
  Result<void> Execute(std::string_view sql, Bind bind, bool bookkeeping = false) {
    auto run = [&](Connection& db) -> Result<bool> {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      bind(stmt);
      TORIKUMI_RETURN_IF_ERROR(stmt.Run());
      return true;
    };
    return Done(bookkeeping ? Bookkeep<bool>(run) : Write<bool>(run));
  }

  // Reads see one consistent snapshot; writes are serialised (or, where the backend
  // refuses a conflicting writer, retried by it).
  template <typename T, typename Work>
  Result<T> Read(Work work) {
    return WithConnection<T>([&](Connection& db) {
      return InTransaction<T>(db, db.dialect().BeginRead(), [&] { return work(db); });
    });
  }
  // A write raises the municipality's count of changes (WorkspaceStamp) last, so that the
  // row is locked only until the commit; bookkeeping that no staff page shows (sessions,
  // sign-in attempts, second-factor steps, tokens' use, mail delivery, security events)
  // leaves it.
  template <typename T, typename Work>
  Result<T> Write(Work work) {
    return Bookkeep<T>([&](Connection& db) -> Result<T> {
      Result<T> result = work(db);
      if (!result) return result;
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("UPDATE municipality SET changes = changes + 1 WHERE id = ?1"));
      stmt.Bind(1, municipality_);
      TORIKUMI_RETURN_IF_ERROR(stmt.Run());
      return result;
    });
  }
  template <typename T, typename Work>
  Result<T> Bookkeep(Work work) {
    if (!pool_->batch_writes) {
      return WithConnection<T>([&](Connection& db) {
        return InTransaction<T>(db, db.dialect().BeginWrite(), [&] { return work(db); });
      });
    }
    std::optional<Result<T>> result;
    QueuedWrite write{[&](Connection& db) -> std::optional<Error> {
      result.emplace(work(db));
      if (result->ok()) return std::nullopt;
      return result->error();
    }};
    WriteInBatch(write);
    if (write.thrown) std::rethrow_exception(write.thrown);
    if (write.lost) return *write.lost;
    return std::move(*result);
  }

  // Queues `write` and waits until it is written: by this thread, with the writes queued
  // meanwhile, when no batch is being written; else by the thread writing one.
  void WriteInBatch(QueuedWrite& write) {
    bool upkeep_due = false;
    std::unique_lock lock(pool_->writes_mutex);
    pool_->queued_writes.push_back(&write);
    while (!write.done) {
      if (pool_->writing) {
        pool_->written.wait(lock);
        continue;
      }
      pool_->writing = true;
      const std::size_t taken = std::min(pool_->queued_writes.size(), kMostWritesInBatch);
      std::vector<QueuedWrite*> batch(pool_->queued_writes.begin(),
                                      pool_->queued_writes.begin() + std::ptrdiff_t(taken));
      pool_->queued_writes.erase(pool_->queued_writes.begin(),
                                 pool_->queued_writes.begin() + std::ptrdiff_t(taken));
      lock.unlock();
      upkeep_due = WriteBatchOnWriter(batch);
      lock.lock();
      for (QueuedWrite* w : batch) w->done = true;
      pool_->writing = false;
      pool_->written.notify_all();
    }
    lock.unlock();
    if (upkeep_due) {
      (void)WithConnection<bool>([](Connection& db) -> Result<bool> {
        db.Upkeep();
        return true;
      });
    }
  }

  // Writes `batch` on the pool's writer, connecting it first if need be, and tells whether
  // upkeep is due. Called by the one thread `writing`.
  bool WriteBatchOnWriter(std::span<QueuedWrite* const> batch) {
    const TimedDatabaseWork timed(batch.size());
    if (!pool_->writer || !pool_->writer->Usable()) {
      auto connected = pool_->backend->Connect();
      if (!connected) {
        pool_->writer.reset();
        for (QueuedWrite* w : batch) w->lost = connected.error();
        return false;
      }
      pool_->writer = std::move(*connected);
    }
    WriteBatch(*pool_->writer, batch);
    return pool_->writer->UpkeepDue();
  }

  // Runs each write in `batch` in its own savepoint of one transaction: a write that fails
  // leaves the others' changes. A failure that ends the transaction itself (SQLite rolls
  // all of it back on a full disk or an I/O error) is the answer of the writes before it
  // too; those after it go on in a new transaction.
  static void WriteBatch(Connection& db, std::span<QueuedWrite* const> batch) {
    if (batch.empty()) return;
    if (auto begun = db.Execute(db.dialect().BeginWrite()); !begun) {
      for (QueuedWrite* w : batch) w->lost = begun.error();
      return;
    }
    db.put_off_index.emplace();
    std::vector<QueuedWrite*> kept;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      QueuedWrite& w = *batch[k];
      const std::size_t changes_before = db.put_off_index->changes.size();
      const std::size_t written_before = db.put_off_index->written;
      Result<void> saved = db.Execute("SAVEPOINT queued_write");
      if (!saved) {
        w.lost = saved.error();
        return Abandon(db, kept, saved.error(), batch.subspan(k + 1));
      }
      std::optional<Error> failed;
      try {
        failed = w.run(db);
      } catch (...) {
        w.thrown = std::current_exception();
        failed = Error::Io("書き込みが途中で中断されました");
      }
      Result<void> ended = failed ? db.Execute("ROLLBACK TO queued_write") : Result<void>();
      if (failed) {
        // The index changes it put off go, and those of the writes before it that it wrote
        // out were undone with it: they are written again.
        sql::PutOffIndex& put_off = *db.put_off_index;
        put_off.changes.resize(changes_before);
        put_off.written = std::min(put_off.written, written_before);
      }
      if (ended) ended = db.Execute("RELEASE queued_write");
      if (!ended) {
        if (!failed) w.lost = ended.error();
        return Abandon(db, kept, failed.value_or(ended.error()), batch.subspan(k + 1));
      }
      if (!failed) kept.push_back(&w);
    }
    Result<void> committed = rows::WritePutOffIndex(db);
    db.put_off_index.reset();
    if (committed) committed = db.Execute("COMMIT");
    if (!committed) Abandon(db, kept, committed.error(), {});
  }

  // Rolls back the batch's transaction, in which `kept` were written, tells them why, and
  // writes the `rest` of the batch in a new one.
  static void Abandon(Connection& db, std::span<QueuedWrite* const> kept, const Error& why,
                      std::span<QueuedWrite* const> rest) {
    db.put_off_index.reset();
    (void)db.Execute("ROLLBACK");
    for (QueuedWrite* w : kept) w->lost = why;
    WriteBatch(db, rest);
  }

  // Runs `work` on a pooled connection; the connection goes back to the pool afterwards,
  // unless the server has closed it (a terminated backend, a restart): then it is dropped,
  // and the next request connects afresh.
  template <typename T, typename Work>
  Result<T> WithConnection(Work work) {
    const TimedDatabaseWork timed(1);
    std::unique_ptr<Connection> db;
    {
      std::lock_guard lock(pool_->mutex);
      while (!db && !pool_->idle.empty()) {
        db = std::move(pool_->idle.back());
        pool_->idle.pop_back();
        if (!db->Usable()) db.reset();
      }
    }
    if (!db) {
      TORIKUMI_ASSIGN_OR_RETURN(db, pool_->backend->Connect());
    }
    Result<T> result = work(*db);
    if (!db->Usable()) return result;
    std::lock_guard lock(pool_->mutex);
    pool_->idle.push_back(std::move(db));
    return result;
  }

  std::shared_ptr<Pool> pool_;
  const std::int64_t municipality_;
  std::mutex stamp_mutex_;
  std::optional<std::int64_t> stamp_;                    // guarded by stamp_mutex_
  std::uint64_t stamp_made_ = 0;                         // guarded by stamp_mutex_
  std::chrono::steady_clock::time_point stamp_read_at_;  // guarded by stamp_mutex_
};

}  // namespace

std::string_view MailStateName(MailState state) {
  for (const auto& [s, name] : kMailStates) {
    if (s == state) return name;
  }
  return "failed";
}

std::string_view MailStateLabel(MailState state) {
  switch (state) {
    case MailState::kHeld:
      return "まとめて送信待ち";
    case MailState::kPending:
      return "送信待ち";
    case MailState::kSent:
      return "送信済み";
    case MailState::kFailed:
      return "送信失敗";
    case MailState::kBundled:
      return "まとめて送信済み";
  }
  return "";
}

DatabaseUse DatabaseUseSoFar() {
  return {transactions_run.load(), double(transaction_nanoseconds.load()) / 1e9};
}

Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<SqlBackend> backend) {
  auto store =
      std::make_unique<SqlStore>(std::make_shared<Pool>(std::move(backend)), kOwnMunicipality);
  TORIKUMI_RETURN_IF_ERROR(store->Initialise());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace torikumi::store
