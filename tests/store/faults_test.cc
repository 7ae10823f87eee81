// Faults of the machine under a real SQLite file: I/O errors injected at every point of an
// import and an edit sequence, and a disk that fills. What holds: no acknowledged write is
// lost, each write is whole or absent, the file passes integrity_check, a fault is told as
// a passing one (kUnavailable), and writes succeed again once the fault is gone.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "service/account_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/fault_vfs.h"
#include "store/postgres.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "test_store.h"
#include "testing.h"

namespace torikumi::testing {
namespace {

using service::Actor;

constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15 in Japan
constexpr const char* kPassword = "correct horse battery";

std::string IntegrityOf(const std::string& path) {
  auto db = store::sqlite::Connection::Open(path);
  if (!db.ok()) return db.error().ToString();
  auto check = (*db)->Prepare("PRAGMA integrity_check");
  if (!check.ok()) return check.error().ToString();
  auto row = check->Step();
  if (!row.ok()) return row.error().ToString();
  return *row ? check->Text(0) : "no answer";
}

// The people and services of one store.
struct Office {
  explicit Office(store::Store& store)
      : sheets(store),
        workspace(store, [] { return kNow; }),
        accounts(store, [] { return kNow; }) {}

  Actor Add(const std::string& login, model::Role role, std::vector<std::string> sections) {
    auto user = accounts.AddUser(Actor::CommandLine(),
                                 {login, login + "さん", role, std::move(sections), kPassword});
    EXPECT_TRUE(user.ok()) << user.error().ToString();
    return Actor::Staff(user.ok() ? *user : model::User{});
  }

  service::SheetService sheets;
  service::WorkspaceService workspace;
  service::AccountService accounts;
};

// What the sequence asked for and which steps were acknowledged.
struct Outcome {
  bool imported = false;
  bool first_edited = false;
  bool reported = false;
  bool published = false;
  bool second_edited = false;
  std::vector<Error> faults;
};

const std::string& SeedSheet() {
  static const std::string bytes = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  return bytes;
}

// Import, an edit, a monthly report, a publication, another edit: each a transaction, each
// acknowledged or failed.
Outcome RunSequence(Office& office, const Actor& coordinator, const Actor& kikaku) {
  Outcome outcome;
  auto note = [&](const auto& result) {
    if (!result.ok()) outcome.faults.push_back(result.error());
    return result.ok();
  };
  outcome.imported = note(office.sheets.Import("seed.tsv", SeedSheet(), {}));
  auto retitle = [&](int no, const std::string& title) {
    auto stored = office.workspace.Initiative(coordinator, 2025, no);
    if (!note(stored)) return false;
    model::Initiative edited = stored->initiative;
    edited.title = title;
    return note(office.workspace.Update(coordinator, 2025, edited, stored->version));
  };
  outcome.first_edited = retitle(1, "第一の取組 (改)");
  if (auto stored = office.workspace.Initiative(kikaku, 2025, 1); note(stored)) {
    outcome.reported = note(office.workspace.WriteMonthProgress(
        kikaku, 2025, 1, 4, "4月の進捗を報告する。", std::nullopt, stored->version));
  }
  outcome.published = note(office.workspace.Publish(coordinator, 2025, "2027-01-15"));
  outcome.second_edited = retitle(2, "第二の取組 (改)");
  return outcome;
}

// After the faults: the file is sound, and holds every acknowledged step whole.
void ExpectHeld(const std::string& path, const Outcome& outcome, const std::string& run) {
  SCOPED_TRACE(run);
  ASSERT_EQ(IntegrityOf(path), "ok");
  // A fault is told as a passing one; what follows a failed import finds no sheet.
  for (const Error& fault : outcome.faults) {
    const bool consequence = !outcome.imported && fault.code() == Error::Code::kNotFound &&
                             &fault != &outcome.faults.front();
    EXPECT_TRUE(fault.code() == Error::Code::kUnavailable || consequence) << fault.ToString();
  }
  auto opened = store::OpenStore(path);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store::Store& store = **opened;
  auto years = store.FiscalYears();
  ASSERT_TRUE(years.ok()) << years.error().ToString();
  if (years->empty()) {
    EXPECT_FALSE(outcome.imported);
    return;
  }
  // An import is whole: the sheet's last initiative is there with its first.
  auto one = store.LoadInitiative(store::SheetKey::Working(2025), 1);
  ASSERT_TRUE(one.ok() && one->has_value());
  auto two = store.LoadInitiative(store::SheetKey::Working(2025), 2);
  ASSERT_TRUE(two.ok() && two->has_value());
  auto last = store.LoadInitiative(store::SheetKey::Working(2025), 4);
  ASSERT_TRUE(last.ok() && last->has_value());
  if (outcome.first_edited) {
    EXPECT_EQ((*one)->title, "第一の取組 (改)");
  }
  if (outcome.second_edited) {
    EXPECT_EQ((*two)->title, "第二の取組 (改)");
  }
  const auto april = model::ReportedIn((*one)->progress, 4);
  if (outcome.reported) {
    ASSERT_EQ(april.size(), 1u);
    EXPECT_EQ(april.front().text, "4月の進捗を報告する。");
  }
  auto publications = store.Publications(2025);
  ASSERT_TRUE(publications.ok());
  if (outcome.published) {
    EXPECT_EQ(publications->size(), 1u);
  }
  EXPECT_LE(publications->size(), 1u);
}

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestingOnPostgres()) GTEST_SKIP() << "SQLite's VFS: the SQLite run covers it";
  }
};

// SQLite's own I/O-error loop (test/ioerr.test): the N-th read, write or sync fails, once or
// from then on, for N = 1, 2, 3 … until the sequence runs through without meeting it.
// TORIKUMI_FAULT_STRIDE (default 7 here, 1 under `make soak`) steps N.
TEST_F(FaultsTest, EveryIoErrorOfAnImportAndEditsLosesNothingAcknowledged) {
  const char* stride_env = std::getenv("TORIKUMI_FAULT_STRIDE");
  const std::int64_t stride = stride_env ? std::max(1, std::atoi(stride_env)) : 7;
  const auto started = std::chrono::steady_clock::now();
  int runs = 0;
  std::int64_t faults = 0;
  for (auto persistence : {FaultVfs::Persistence::kOnce, FaultVfs::Persistence::kFromThenOn}) {
    for (std::int64_t n = 1;; n += stride) {
      TempDir dir;
      const std::string path = dir.File("torikumi.db");
      FaultVfs vfs;
      Outcome outcome;
      {
        auto opened = store::OpenStore(path);
        ASSERT_TRUE(opened.ok()) << opened.error().ToString();
        Office office(**opened);
        const Actor coordinator = office.Add("coordinator", model::Role::kCoordinator, {});
        const Actor kikaku = office.Add("kikaku", model::Role::kEditor, {"企画政策課"});
        vfs.FailNth(FaultVfs::kRead | FaultVfs::kWrite | FaultVfs::kSync, n, persistence);
        outcome = RunSequence(office, coordinator, kikaku);
        vfs.Clear();
      }
      ++runs;
      faults += vfs.injected();
      ExpectHeld(path, outcome,
                 "N = " + std::to_string(n) +
                     (persistence == FaultVfs::Persistence::kOnce ? " once" : " on"));
      if (HasFatalFailure() || HasNonfatalFailure()) return;
      if (vfs.injected() == 0) {
        EXPECT_TRUE(outcome.faults.empty());
        EXPECT_TRUE(outcome.imported && outcome.first_edited && outcome.reported &&
                    outcome.published && outcome.second_edited);
        break;
      }
    }
  }
  std::cout << "[ faults   ] " << runs << " runs, " << faults << " injected I/O errors, "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " ms\n";
}

// A disk that fills: each kind of write fails as a passing fault, nothing is half-written,
// reads go on, and once there is room the same writes succeed.
TEST_F(FaultsTest, AFullDiskRefusesWritesAndRecovers) {
  TempDir dir;
  const std::string path = dir.File("torikumi.db");
  const std::string backup = dir.File("backup.db");
  FaultVfs vfs;
  auto opened = store::OpenStore(path);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store::Store& store = **opened;
  Office office(store);
  const Actor coordinator = office.Add("coordinator", model::Role::kCoordinator, {});
  const Actor kikaku = office.Add("kikaku", model::Role::kEditor, {"企画政策課"});
  ASSERT_TRUE(office.sheets.Import("seed.tsv", SeedSheet(), {}).ok());
  std::string revised = SeedSheet();
  revised.replace(revised.find("DXに向けた事業再検証"), 0, "改訂: ");

  // Every write below must grow a file: the write-ahead log starts empty, the disk is full.
  {
    auto db = store::sqlite::Connection::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  vfs.SetSpace(0);
  auto edit = [&](const Actor& actor) -> Result<void> {
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, office.workspace.Initiative(actor, 2025, 1));
    model::Initiative edited = stored.initiative;
    edited.title = "第一の取組 (改)";
    TORIKUMI_RETURN_IF_ERROR(office.workspace.Update(actor, 2025, edited, stored.version));
    return {};
  };
  auto report = [&]() -> Result<void> {
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, office.workspace.Initiative(kikaku, 2025, 1));
    TORIKUMI_RETURN_IF_ERROR(office.workspace.WriteMonthProgress(
        kikaku, 2025, 1, 4, "4月の進捗を報告する。", std::nullopt, stored.version));
    return {};
  };
  auto publish = [&]() -> Result<void> {
    TORIKUMI_RETURN_IF_ERROR(office.workspace.Publish(coordinator, 2025, "2027-01-15"));
    return {};
  };
  auto import = [&]() -> Result<void> {
    TORIKUMI_RETURN_IF_ERROR(office.sheets.Import("revised.tsv", revised, {}));
    return {};
  };
  auto refused = [](const Result<void>& result, const char* what) {
    ASSERT_FALSE(result.ok()) << what;
    EXPECT_EQ(result.error().code(), Error::Code::kUnavailable) << result.error().ToString();
    EXPECT_NE(result.error().message().find("ディスクの空きが足りない"), std::string::npos)
        << result.error().message();
  };
  refused(import(), "import");
  refused(edit(coordinator), "edit");
  refused(report(), "report");
  refused(publish(), "publication");
  refused(store.Backup(backup, {}), "backup");
  EXPECT_FALSE(std::filesystem::exists(backup));
  EXPECT_FALSE(std::filesystem::exists(backup + ".partial"));

  // Reads go on, and see the last committed state.
  auto stored = office.workspace.Initiative(coordinator, 2025, 1);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->initiative.title, "DXに向けた事業再検証");
  EXPECT_TRUE(model::ReportedIn(stored->initiative.progress, 4).empty() ||
              model::ReportedIn(stored->initiative.progress, 4).front().text !=
                  "4月の進捗を報告する。");
  auto publications = store.Publications(2025);
  ASSERT_TRUE(publications.ok());
  EXPECT_TRUE(publications->empty());
  EXPECT_EQ(IntegrityOf(path), "ok");

  // Room again: the same writes succeed, on the same store.
  vfs.SetSpace(std::nullopt);
  EXPECT_TRUE(import().ok());
  EXPECT_TRUE(edit(coordinator).ok());
  EXPECT_TRUE(report().ok());
  EXPECT_TRUE(publish().ok());
  EXPECT_TRUE(store.Backup(backup, {}).ok());
  EXPECT_EQ(IntegrityOf(path), "ok");
  EXPECT_EQ(IntegrityOf(backup), "ok");
}

// PostgreSQL going away under the store: a connection killed inside its transaction, every
// pooled connection terminated while idle, the server restarted.
class PostgresGoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestingOnPostgres()) GTEST_SKIP() << "tests/store/with_postgres.sh runs these";
    url_ = NewTestDatabase(dir_, "gone");
    auto opened = store::OpenStore(url_);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    office_ = std::make_unique<Office>(*store_);
    coordinator_ = office_->Add("coordinator", model::Role::kCoordinator, {});
    ASSERT_TRUE(office_->sheets.Import("seed.tsv", SeedSheet(), {}).ok());
  }

  Result<std::int64_t> Retitle(int no, const std::string& title) {
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, office_->workspace.Initiative(coordinator_, 2025, no));
    model::Initiative edited = stored.initiative;
    edited.title = title;
    return office_->workspace.Update(coordinator_, 2025, edited, stored.version);
  }
  std::string TitleOf(int no) {
    auto stored = office_->workspace.Initiative(coordinator_, 2025, no);
    return stored.ok() ? stored->initiative.title : stored.error().ToString();
  }

  // Terminates the backends of this database that `condition` (SQL on pg_stat_activity)
  // picks, waiting until each has gone; how many.
  std::int64_t Terminate(const std::string& condition) {
    auto admin = store::postgres::Connection::Open(url_);
    EXPECT_TRUE(admin.ok());
    if (!admin.ok()) return 0;
    auto stmt = (*admin)->PrepareOnce(
        "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND " +
        condition);
    EXPECT_TRUE(stmt.ok());
    auto row = stmt->Step();
    EXPECT_TRUE(row.ok() && *row) << (row.ok() ? "" : row.error().ToString());
    return row.ok() && *row ? stmt->Int(0) : 0;
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Office> office_;
  Actor coordinator_ = Actor::CommandLine();
};

TEST_F(PostgresGoneTest, AConnectionKilledInItsTransactionWritesNothingAndThePoolReconnects) {
  const std::string before = TitleOf(1);
  // Another session holds the writers' lock, so the edit waits inside its transaction.
  auto holder = store::postgres::Connection::Open(url_);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Execute("BEGIN; SELECT pg_advisory_xact_lock(7301)").ok());
  std::optional<Result<std::int64_t>> edit;
  std::thread editor([&] { edit = Retitle(1, "消える編集"); });
  std::int64_t killed = 0;
  for (int attempt = 0; attempt < 200 && killed == 0; ++attempt) {
    killed = Terminate("wait_event_type = 'Lock'");
    if (killed == 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  editor.join();
  ASSERT_TRUE((*holder)->Execute("ROLLBACK").ok());
  EXPECT_EQ(killed, 1);
  ASSERT_TRUE(edit.has_value());
  ASSERT_FALSE(edit->ok());
  EXPECT_EQ(edit->error().code(), Error::Code::kUnavailable) << edit->error().ToString();
  EXPECT_EQ(edit->error().message(), "データベースとの接続が切れました。");
  EXPECT_EQ(TitleOf(1), before);
  // The next requests succeed on a new connection.
  auto again = Retitle(1, "次の編集");
  EXPECT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(TitleOf(1), "次の編集");
}

TEST_F(PostgresGoneTest, IdleConnectionsTerminatedOrAServerRestartedAreReplacedUnseen) {
  // Fill the pool with a few connections, all idle.
  std::vector<std::thread> readers;
  for (int k = 0; k < 3; ++k) readers.emplace_back([&] { (void)TitleOf(2); });
  for (auto& reader : readers) reader.join();
  EXPECT_GE(Terminate("state = 'idle'"), 1);
  auto edited = Retitle(2, "終了させられた後の編集");
  EXPECT_TRUE(edited.ok()) << edited.error().ToString();
  EXPECT_EQ(TitleOf(2), "終了させられた後の編集");

  const char* restart = std::getenv("TORIKUMI_TEST_POSTGRES_RESTART");
  ASSERT_NE(restart, nullptr);
  ASSERT_EQ(std::system((std::string(restart) + " >/dev/null").c_str()), 0);
  EXPECT_EQ(TitleOf(2), "終了させられた後の編集");
  auto after = Retitle(2, "再起動の後の編集");
  EXPECT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_EQ(TitleOf(2), "再起動の後の編集");
}

}  // namespace
}  // namespace torikumi::testing
