#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "service/sheet_service.h"
#include "sheet/json.h"
#include "store/sqlite.h"
#include "test_store.h"
#include "testing.h"

namespace torikumi::store {
namespace {

using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

const SheetKey kWorking = SheetKey::Working(2025);

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    location_ = testing::NewTestDatabase(dir_, "torikumi.db");
    auto opened = OpenStore(location_);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    service::SheetService sheets(*store_);
    auto imported = sheets.Import(
        "seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {});
    ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  }

  // The segments of SQLite's search index (each merged again later) → -1 when unread.
  static std::int64_t IndexSegments(sqlite::Connection& db) {
    auto count = db.Prepare("SELECT count(DISTINCT segid) FROM initiative_search_idx");
    if (!count.ok() || !count->Step().ok()) return -1;
    return count->Int(0);
  }

  // Whether SQLite's search index holds exactly the words of the entries it keeps (FTS5's
  // integrity-check).
  static bool IndexIsWhole(sqlite::Connection& db) {
    return db
        .Execute("INSERT INTO initiative_search (initiative_search) VALUES ('integrity-check')")
        .ok();
  }

  std::vector<int> Numbers(const InitiativeFilter& filter) {
    auto rows = store_->ListInitiatives(kWorking, filter);
    EXPECT_TRUE(rows.ok());
    std::vector<int> numbers;
    if (rows.ok()) {
      for (const auto& row : *rows) numbers.push_back(row.no);
    }
    return numbers;
  }

  TempDir dir_;
  std::string location_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, UsesWalAndForeignKeysInOneFile) {
  if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's files";
  EXPECT_TRUE(std::filesystem::exists(dir_.File("torikumi.db")));
  EXPECT_TRUE(std::filesystem::exists(dir_.File("torikumi.db-wal")));
}

// The write-ahead log is copied into the database as it grows (by a connection other than
// the writer, after the writer's batch), so its file stays near SQLite's 1000 pages however
// much is written.
TEST_F(StoreTest, TheWriteAheadLogIsCopiedBackAsItGrows) {
  if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's files";
  std::string long_text;
  for (int k = 0; k < 2000; ++k) long_text += "市民の声を聞く。";
  std::uintmax_t largest = 0;
  for (int round = 0; round < 300; ++round) {
    auto stored = store_->LoadStoredInitiative(2025, 1);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    model::Initiative edited = (*stored)->initiative;
    edited.overview = std::to_string(round) + long_text;
    ASSERT_TRUE(store_
                    ->UpdateInitiative(2025, (*stored)->initiative, edited, (*stored)->version, {},
                                       {std::nullopt, "edit", "x", "", ""})
                    .ok());
    largest = std::max(largest, std::filesystem::file_size(dir_.File("torikumi.db-wal")));
  }
  // About 40 MB were written through the log (300 overviews of 48 KB, each twice more in
  // the audit's before and after); without checkpoints the log would hold all of it.
  EXPECT_LT(largest, std::uintmax_t(12) << 20);
}

TEST_F(StoreTest, ReopeningAppliesNoMigrationTwiceAndKeepsData) {
  store_.reset();
  auto reopened = OpenStore(testing::TestingOnPostgres() ? location_ : "sqlite:" + location_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  EXPECT_EQ(*(*reopened)->FiscalYears(), std::vector<int>{2025});
}

// More rows than one statement takes parameters: the rows go in several statements, the
// last shorter, and every row and every returned row arrives once.
TEST(SqlRows, RowsBeyondOneStatementsParametersAllArrive) {
  TempDir dir;
  const std::string location = testing::NewTestDatabase(dir, "rows.db");
  std::unique_ptr<sql::Connection> connection;
  if (testing::TestingOnPostgres()) {
    auto opened = postgres::Connection::Open(location);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    connection = std::move(*opened);
  } else {
    auto opened = sqlite::Connection::Open(location);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    connection = std::move(*opened);
  }
  sql::Connection& db = *connection;
  ASSERT_TRUE(db.Execute("CREATE TABLE pair (n BIGINT PRIMARY KEY, word TEXT NOT NULL)").ok());
  // Two parameters a row: on PostgreSQL three statements, the last of five rows.
  const std::size_t rows = sql::kMaxParameters + 5;
  std::int64_t returned = 0;
  ASSERT_TRUE(db.Execute("BEGIN").ok());
  auto inserted = sql::RunForRows(
      db, "INSERT INTO pair (n, word) VALUES ", " RETURNING n", 2, rows,
      [](sql::Statement& s, int at, std::size_t k) {
        s.Bind(at, std::int64_t(k)).Bind(at + 1, "語" + std::to_string(k));
      },
      [&](sql::Statement& s) { returned += s.Int(0); });
  ASSERT_TRUE(inserted.ok()) << inserted.error().ToString();
  ASSERT_TRUE(db.Execute("COMMIT").ok());
  const std::int64_t n = std::int64_t(rows);
  EXPECT_EQ(returned, n * (n - 1) / 2);
  auto count = db.Prepare("SELECT COUNT(*), SUM(n) FROM pair WHERE word = '語' || n");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->Int(0), n);
  EXPECT_EQ(count->Int(1), n * (n - 1) / 2);
}

// The audit log is a hash chain that the application's own SQL cannot change; someone who
// drops the triggers can, and the chain names the first entry changed, removed or inserted.
TEST_F(StoreTest, TheAuditChainShowsEveryChangedRemovedOrInsertedEntry) {
  for (int k = 0; k < 5; ++k) {
    ASSERT_TRUE(
        store_->RequireSecondFactor(k % 2 == 0, {std::nullopt, "test.entry", "x", "", "v"}).ok());
  }
  auto intact = store_->VerifyAuditChain();
  ASSERT_TRUE(intact.ok()) << intact.error().ToString();
  EXPECT_EQ(intact->broken_id, 0) << intact->problem;
  EXPECT_GE(intact->chained, 5);
  EXPECT_EQ(intact->unchained, 0);
  EXPECT_EQ(intact->last_hash.size(), 64u);

  std::unique_ptr<sql::Connection> raw;
  if (testing::TestingOnPostgres()) {
    raw = std::move(postgres::Connection::Open(location_).value());
  } else {
    raw = std::move(sqlite::Connection::Open(location_).value());
  }
  EXPECT_FALSE(raw->Execute("UPDATE audit_log SET after = 'forged'").ok());
  EXPECT_FALSE(raw->Execute("DELETE FROM audit_log").ok());
  if (testing::TestingOnPostgres()) {
    ASSERT_TRUE(raw->Execute("DROP TRIGGER audit_log_never_changed ON audit_log").ok());
  } else {
    ASSERT_TRUE(raw->Execute("DROP TRIGGER audit_log_never_changed").ok());
    ASSERT_TRUE(raw->Execute("DROP TRIGGER audit_log_never_deleted").ok());
  }
  std::vector<std::int64_t> ids;
  {
    auto select = raw->Prepare("SELECT id FROM audit_log WHERE action = 'test.entry' ORDER BY id");
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(sql::ForEachRow(*select, [&] { ids.push_back(select->Int(0)); }).ok());
  }
  ASSERT_EQ(ids.size(), 5u);
  auto broken = [&] {
    auto check = store_->VerifyAuditChain();
    EXPECT_TRUE(check.ok());
    return check.ok() ? std::make_pair(check->broken_id, check->problem)
                      : std::make_pair(std::int64_t(-1), std::string());
  };
  const std::string id1 = std::to_string(ids[1]);
  ASSERT_TRUE(raw->Execute("UPDATE audit_log SET after = 'forged' WHERE id = " + id1).ok());
  EXPECT_EQ(broken().first, ids[1]);
  EXPECT_NE(broken().second.find("書き換え"), std::string::npos);
  ASSERT_TRUE(raw->Execute("UPDATE audit_log SET after = 'v' WHERE id = " + id1).ok());
  EXPECT_EQ(broken().first, 0);
  ASSERT_TRUE(raw->Execute("DELETE FROM audit_log WHERE id = " + std::to_string(ids[2])).ok());
  EXPECT_EQ(broken().first, ids[3]);
  EXPECT_NE(broken().second.find("削除"), std::string::npos);
  ASSERT_TRUE(raw->Execute("DELETE FROM audit_log WHERE id > " + std::to_string(ids[1])).ok());
  ASSERT_TRUE(raw->Execute("INSERT INTO audit_log (municipality_id, action, object, before, "
                           "after) VALUES (1, 'forged', 'x', '', '')")
                  .ok());
  const auto inserted = broken();
  EXPECT_GT(inserted.first, ids[1]);
  EXPECT_NE(inserted.second.find("挿入"), std::string::npos);
}

TEST_F(StoreTest, SearchFindsTwoCharacterJapaneseWords) {
  InitiativeFilter filter;
  filter.query = "生成";
  EXPECT_EQ(Numbers(filter), std::vector<int>{4});
  filter.query = "委員会";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{2, 3}));
  filter.query = "ガバメント";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{3}));
  filter.query = "ＤＸ";  // full-width letters find DX
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1}));
  filter.query = "審議会 オンライン";
  EXPECT_EQ(Numbers(filter), std::vector<int>{1});
  filter.query = "防災";
  EXPECT_TRUE(Numbers(filter).empty());
}

// An update writes again only the parts that changed: what it left alone reads back as it
// was, what it changed reads back changed, and search follows the changed text only.
TEST_F(StoreTest, AnUpdateWritesTheChangedPartsAndKeepsTheRest) {
  auto stored = store_->LoadStoredInitiative(2025, 4);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  const model::Initiative before = (*stored)->initiative;
  ASSERT_FALSE(before.period_goals.empty());
  model::Initiative edited = before;
  edited.progress.push_back({model::MonthSet::Of({11}), "気象庁の防災訓練に参加した。"});
  edited.achievements.push_back({11, 60});
  auto version = store_->UpdateInitiative(2025, before, edited, (*stored)->version, {},
                                          {std::nullopt, "edit", "x", "", ""});
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  auto after = store_->LoadInitiative(kWorking, 4);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ(**after, edited);
  InitiativeFilter filter;
  filter.query = "防災";
  EXPECT_EQ(Numbers(filter), std::vector<int>{4});

  // Goals changed alone: the progress written before stays, and is still found.
  model::Initiative regoaled = edited;
  regoaled.period_goals.front().text = "目標を書き直した。";
  ASSERT_TRUE(store_
                  ->UpdateInitiative(2025, edited, regoaled, *version, {},
                                     {std::nullopt, "edit", "x", "", ""})
                  .ok());
  after = store_->LoadInitiative(kWorking, 4);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ(**after, regoaled);
  EXPECT_EQ(Numbers(filter), std::vector<int>{4});
  filter.query = "書き直した";
  EXPECT_EQ(Numbers(filter), std::vector<int>{4});
}

// An initiative's words are found together wherever they are: in what stays through the
// year, in an entry of its progress, in a co-owner's note (on SQLite each an entry of the
// index of its own); a report's words go when the report is written over.
TEST_F(StoreTest, SearchFindsAnInitiativesWordsInDifferentPartsTogether) {
  auto stored = store_->LoadStoredInitiative(2025, 3);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  const model::Initiative before = (*stored)->initiative;
  model::Initiative edited = before;
  edited.progress.push_back({model::MonthSet::Of({11}), "防災訓練に参加した。"});
  ASSERT_FALSE(before.co_owners.empty());
  edited.notes.push_back({before.co_owners[0], 11, "避難所の運営を確認した。"});
  auto version = store_->UpdateInitiative(2025, before, edited, (*stored)->version, {},
                                          {std::nullopt, "edit", "x", "", ""});
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  InitiativeFilter filter;
  for (const char* query : {"ガバメント 防災", "防災 ガバメント", "防災 避難所 ガバメント"}) {
    filter.query = query;
    EXPECT_EQ(Numbers(filter), std::vector<int>{3}) << query;
  }
  filter.query = "防災 生成";  // in two initiatives, never one
  EXPECT_TRUE(Numbers(filter).empty());

  // The report written over: its words are gone, the note's and the rest stay.
  model::Initiative rewritten = edited;
  rewritten.progress.back().text = "訓練は延期した。";
  ASSERT_TRUE(store_
                  ->UpdateInitiative(2025, edited, rewritten, *version, {},
                                     {std::nullopt, "edit", "x", "", ""})
                  .ok());
  filter.query = "防災";
  EXPECT_TRUE(Numbers(filter).empty());
  filter.query = "延期 避難所 ガバメント";
  EXPECT_EQ(Numbers(filter), std::vector<int>{3});

  // Across municipalities, an initiative whose parts match comes once, and the limit
  // counts initiatives.
  ASSERT_TRUE(store_->Publish(2025, "2026-03-31", {std::nullopt, "publish", "2025", "", ""}).ok());
  auto hits = store_->SearchPublished("延期 避難所", 50);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).no, 3);
  hits = store_->SearchPublished("委員会", 50);  // in many parts of initiatives 2 and 3
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_NE(hits->at(0).no, hits->at(1).no);
  EXPECT_EQ(store_->SearchPublished("委員会", 1)->size(), 1u);
}

// A write that sets some parts of an initiative's index entries and clears others adds one
// segment to SQLite's index: each segment costs a merge later, in some save's commit. The
// index stays whole, and has the words written last.
TEST_F(StoreTest, AWriteOfSeveralPartsAddsOneSegmentToTheIndex) {
  if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's index";
  auto raw = sqlite::Connection::Open(location_);
  ASSERT_TRUE(raw.ok()) << raw.error().ToString();
  auto segments = [&] { return IndexSegments(**raw); };
  auto stored = store_->LoadStoredInitiative(2025, 3);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  model::Initiative before = (*stored)->initiative;
  before.progress = {{model::MonthSet::Of({4}), "説明会を開いた。"},
                     {model::MonthSet::Of({5}), "要望を集めた。"}};
  ASSERT_FALSE(before.co_owners.empty());
  before.notes = {{before.co_owners[0], 5, "会場を貸した。"}};
  auto version = store_->UpdateInitiative(2025, (*stored)->initiative, before, (*stored)->version,
                                          {}, {std::nullopt, "edit", "x", "", ""});
  ASSERT_TRUE(version.ok()) << version.error().ToString();

  // April's report written over, May's taken away, the co-owner's note written over: an
  // entry set, one cleared, and one set above it.
  model::Initiative after = before;
  after.progress = {{model::MonthSet::Of({4}), "説明会を延期した。"}};
  after.notes[0].text = "広報誌に載せた。";
  const std::int64_t segments_before = segments();
  ASSERT_TRUE(
      store_
          ->UpdateInitiative(2025, before, after, *version, {}, {std::nullopt, "edit", "x", "", ""})
          .ok());
  EXPECT_EQ(segments(), segments_before + 1);

  ASSERT_TRUE(IndexIsWhole(**raw));
  InitiativeFilter filter;
  for (const char* gone : {"要望", "会場", "説明会 開い"}) {
    filter.query = gone;
    EXPECT_TRUE(Numbers(filter).empty()) << gone;
  }
  filter.query = "延期 広報誌";
  EXPECT_EQ(Numbers(filter), std::vector<int>{3});
}

// A sheet imported again has each initiative's entries cleared whole and entered again:
// one segment more in the index, not one for each initiative, and the index whole.
TEST_F(StoreTest, ASheetImportedAgainAddsOneSegmentToTheIndex) {
  if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's index";
  auto raw = sqlite::Connection::Open(location_);
  ASSERT_TRUE(raw.ok()) << raw.error().ToString();
  const std::int64_t segments_before = IndexSegments(**raw);
  // Every initiative's words changed.
  std::string sheet = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  const std::string mark = "改訂。";
  for (auto at = sheet.find("。"); at != std::string::npos;
       at = sheet.find("。", at + mark.size())) {
    sheet.replace(at, std::string_view("。").size(), mark);
  }
  service::SheetService sheets(*store_);
  auto imported = sheets.Import("seed.tsv", sheet, {});
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  EXPECT_EQ(IndexSegments(**raw), segments_before + 1);
  ASSERT_TRUE(IndexIsWhole(**raw));
  InitiativeFilter filter;
  filter.query = "審議会 オンライン";
  EXPECT_EQ(Numbers(filter), std::vector<int>{1});
  filter.query = "改訂";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 2, 3, 4}));
}

// Notes written in another order than the store reads them back (a file lists them as it
// likes) are indexed as read: the next write of one note changes its words, not another's.
TEST_F(StoreTest, ANoteWrittenAgainChangesItsOwnWordsWhateverOrderNotesCameIn) {
  auto stored = store_->LoadStoredInitiative(2025, 2);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  model::Initiative edited = (*stored)->initiative;
  edited.co_owners = {"甲課", "乙課"};
  edited.notes = {{"乙課", 5, "鯨の観察会を開いた。"}, {"甲課", 5, "桜並木を手入れした。"}};
  auto version = store_->UpdateInitiative(2025, (*stored)->initiative, edited, (*stored)->version,
                                          {}, {std::nullopt, "edit", "x", "", ""});
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  stored = store_->LoadStoredInitiative(2025, 2);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  model::Initiative rewritten = (*stored)->initiative;
  ASSERT_EQ(rewritten.notes.size(), 2u);
  for (model::Note& note : rewritten.notes) {
    if (note.section == "乙課") note.text = "灯台守に話を聞いた。";
  }
  ASSERT_TRUE(store_
                  ->UpdateInitiative(2025, (*stored)->initiative, rewritten, (*stored)->version, {},
                                     {std::nullopt, "edit", "x", "", ""})
                  .ok());
  InitiativeFilter filter;
  filter.query = "観察会";
  EXPECT_TRUE(Numbers(filter).empty());
  filter.query = "桜並木";
  EXPECT_EQ(Numbers(filter), std::vector<int>{2});
  filter.query = "灯台守";
  EXPECT_EQ(Numbers(filter), std::vector<int>{2});
}

// A database whose index was written before it was kept in parts (schema 16) has it made
// again as it is opened, and is searched as before.
TEST_F(StoreTest, AnIndexOfWholeInitiativesIsMadeAgainInParts) {
  if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's index";
  store_.reset();
  const std::string path = dir_.File("torikumi.db");
  const std::string to_schema_16 =
      "sqlite3 " + path +
      " \"DELETE FROM schema_migration WHERE version = 17; DROP TABLE search_reindex; "
      "DROP TABLE initiative_search; CREATE VIRTUAL TABLE initiative_search USING fts5 (tokens, "
      "tokenize = 'unicode61 remove_diacritics 0'); INSERT INTO initiative_search (rowid, tokens) "
      "SELECT id, '古い 文書' FROM initiative;\"";
  ASSERT_EQ(std::system(to_schema_16.c_str()), 0);
  auto opened = OpenStore(location_);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store_ = std::move(*opened);
  // The sheet in one transaction, each initiative cleared whole and entered in parts, and
  // one segment.
  auto raw = sqlite::Connection::Open(location_);
  ASSERT_TRUE(raw.ok()) << raw.error().ToString();
  EXPECT_EQ(IndexSegments(**raw), 1);
  ASSERT_TRUE(IndexIsWhole(**raw));
  InitiativeFilter filter;
  filter.query = "生成";
  EXPECT_EQ(Numbers(filter), std::vector<int>{4});
  filter.query = "審議会 オンライン";
  EXPECT_EQ(Numbers(filter), std::vector<int>{1});
  filter.query = "古い";
  EXPECT_TRUE(Numbers(filter).empty());
}

// Writes from many threads at once (on SQLite, written in batches of one transaction each):
// every acknowledged write is there and in the audit chain, and a write that fails after it
// has written rows (a report's state that is not what it expects) leaves nothing, seen by
// no reader, while the writes beside it stand.
TEST_F(StoreTest, ConcurrentWritesEachStandOrFailAlone) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 12;
  auto chain_before = store_->VerifyAuditChain();
  ASSERT_TRUE(chain_before.ok());
  std::atomic<int> written = 0;
  std::atomic<bool> done = false;
  std::atomic<int> failures_seen = 0;
  std::thread reader([&] {
    InitiativeFilter failed;
    failed.query = "失敗";
    while (!done) {
      for (int no = 1; no <= 4; ++no) {
        auto i = store_->LoadInitiative(kWorking, no);
        if (i.ok() && i->has_value() && (*i)->overview.starts_with("失敗")) ++failures_seen;
      }
      auto found = store_->ListInitiatives(kWorking, failed);
      if (found.ok() && !found->empty()) ++failures_seen;
    }
  });
  std::vector<std::thread> writers;
  writers.reserve(kThreads);
  std::vector<std::string> problems(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      const int no = t % 4 + 1;
      for (int round = 0; round < kRounds; ++round) {
        const std::string mark = std::to_string(t) + "-" + std::to_string(round);
        // A write whose transition does not hold, after its rows are written.
        auto stored = store_->LoadStoredInitiative(2025, no);
        if (!stored.ok() || !stored->has_value()) return void(problems[t] = "no initiative");
        model::Initiative failing = (*stored)->initiative;
        failing.overview = "失敗 " + mark;
        ReportTransition wrong{
            no, 4, "", model::ReportState::kApproved, model::ReportState::kDraft, "", std::nullopt};
        auto refused =
            store_->UpdateInitiative(2025, (*stored)->initiative, failing, (*stored)->version,
                                     {wrong}, {std::nullopt, "edit", mark, "", ""});
        if (refused.ok() || refused.error().code() != Error::Code::kConflict) {
          return void(problems[t] = "the failing write was not refused: " + mark);
        }
        // A write that holds, tried again while another thread's write of the same
        // initiative came first.
        for (;;) {
          stored = store_->LoadStoredInitiative(2025, no);
          if (!stored.ok() || !stored->has_value()) return void(problems[t] = "lost " + mark);
          model::Initiative edited = (*stored)->initiative;
          edited.overview = "改版 " + mark;
          auto version =
              store_->UpdateInitiative(2025, (*stored)->initiative, edited, (*stored)->version, {},
                                       {std::nullopt, "edit", mark, "", ""});
          if (version.ok()) break;
          if (version.error().code() != Error::Code::kConflict) {
            return void(problems[t] = version.error().ToString());
          }
        }
        ++written;
      }
    });
  }
  for (std::thread& w : writers) w.join();
  done = true;
  reader.join();
  for (const std::string& problem : problems) EXPECT_EQ(problem, "");
  EXPECT_EQ(written, kThreads * kRounds);
  EXPECT_EQ(failures_seen, 0);
  auto chain = store_->VerifyAuditChain();
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->broken_id, 0) << chain->problem;
  EXPECT_EQ(chain->chained, chain_before->chained + kThreads * kRounds);
  for (int no = 1; no <= 4; ++no) {
    auto i = store_->LoadInitiative(kWorking, no);
    ASSERT_TRUE(i.ok() && i->has_value());
    EXPECT_TRUE((*i)->overview.starts_with("改版 ")) << (*i)->overview;
  }
  InitiativeFilter filter;
  filter.query = "失敗";
  EXPECT_TRUE(Numbers(filter).empty());
  filter.query = "改版";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 2, 3, 4}));
}

// An initiative is found by its section's and plan elements' names: after a rename by the
// new name, no longer by the old one.
TEST_F(StoreTest, SearchFollowsRenamedSectionsAndPlanElements) {
  InitiativeFilter filter;
  filter.query = "危機管理";
  EXPECT_TRUE(Numbers(filter).empty());
  ASSERT_TRUE(store_->RenameSection(2025, "ICT推進課", "危機管理課", {}).ok());
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 3, 4}));  // No.1 as 共同所管
  filter.query = "ICT推進課";
  EXPECT_TRUE(Numbers(filter).empty());
  // A merge into an existing section.
  ASSERT_TRUE(store_->RenameSection(2025, "危機管理課", "企画政策課", {}).ok());
  filter.query = "危機管理";
  EXPECT_TRUE(Numbers(filter).empty());
  filter.query = "企画政策課";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 2, 3, 4}));

  filter.query = "行財政運営";
  EXPECT_TRUE(Numbers(filter).empty());
  ASSERT_TRUE(
      store_->RenamePlanElement(2025, Store::PlanLevel::kPolicy, "12.行政経営", "12.行財政運営", {})
          .ok());
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 2, 3, 4}));
  filter.query = "デジタル推進事業";
  ASSERT_TRUE(store_
                  ->RenamePlanElement(2025, Store::PlanLevel::kProject, "ICT推進事業",
                                      "デジタル推進事業", {})
                  .ok());
  EXPECT_EQ(Numbers(filter), (std::vector<int>{3, 4}));
}

TEST_F(StoreTest, SearchQueryWithFtsSyntaxIsTakenAsText) {
  InitiativeFilter filter;
  filter.query = "\"審議会\" OR NEAR(x) * -";
  EXPECT_TRUE(store_->ListInitiatives(kWorking, filter).ok());
}

TEST_F(StoreTest, FiltersBySectionGoalPolicyAndRating) {
  InitiativeFilter filter;
  filter.section = "ICT推進課";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{3, 4}));
  filter = {};
  filter.goal = "5.変革の歩みを止めない川西の実現";
  filter.policy = "12.行政経営";
  filter.rating = "→";
  EXPECT_EQ(Numbers(filter), (std::vector<int>{1, 2, 3, 4}));
  filter.rating = "↘";
  EXPECT_TRUE(Numbers(filter).empty());
}

TEST_F(StoreTest, ListShowsTheLatestProgress) {
  auto rows = store_->ListInitiatives(kWorking, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_TRUE(rows->at(0).latest_progress.has_value());
  EXPECT_EQ(rows->at(0).latest_progress->months, model::MonthSet::Of({2, 3}));
}

TEST_F(StoreTest, FacetsAreInSheetOrder) {
  auto facets = store_->ListFacets(kWorking);
  ASSERT_TRUE(facets.ok());
  EXPECT_EQ(facets->sections, (std::vector<std::string>{"企画政策課", "ICT推進課"}));
  EXPECT_EQ(facets->departments, std::vector<std::string>{"企画財政部"});
}

TEST_F(StoreTest, MissingYearOrNumberIsEmpty) {
  EXPECT_FALSE((*store_->LoadSheet(SheetKey::Working(2030))).has_value());
  EXPECT_FALSE((*store_->LoadInitiative(kWorking, 99)).has_value());
}

TEST_F(StoreTest, SectionMovedToAnotherDepartmentFollowsTheNewSheet) {
  auto sheet = store_->LoadSheet(kWorking);
  ASSERT_TRUE(sheet.ok() && sheet->has_value());
  model::Sheet edited = **sheet;
  for (auto& i : edited.initiatives) {
    if (i.section == "ICT推進課") i.department = "デジタル推進部";
  }
  ASSERT_TRUE(store_
                  ->ImportSheet(edited, std::nullopt, sheet::WriteInitiativeJson,
                                store::ReportsOnImport::kKeep, {})
                  .ok());
  auto facets = store_->ListFacets(kWorking);
  EXPECT_EQ(facets->departments, (std::vector<std::string>{"企画財政部", "デジタル推進部"}));
  EXPECT_EQ((*store_->LoadInitiative(kWorking, 3))->department, "デジタル推進部");
}

TEST_F(StoreTest, BackupIsConsistentWhileWritesContinue) {
  if (testing::TestingOnPostgres()) {
    // PostgreSQL's backups are pg_dump's; the store says so rather than half-doing one.
    auto refused = store_->Backup(dir_.File("backup.db"), {});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message().find("pg_dump"), std::string::npos);
    return;
  }
  std::atomic<bool> done = false;
  std::atomic<int> writes = 0;
  // A writer keeps importing edited sheets while the backup runs.
  std::thread writer([&] {
    auto sheet = store_->LoadSheet(kWorking);
    model::Sheet edited = **sheet;
    while (!done) {
      edited.initiatives[0].overview = "版 " + std::to_string(writes.load());
      if (store_
              ->ImportSheet(edited, std::nullopt, sheet::WriteInitiativeJson,
                            store::ReportsOnImport::kKeep, {})
              .ok())
        ++writes;
    }
  });
  while (writes < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto backup = dir_.File("backup.db");
  auto backed_up = store_->Backup(backup, {});
  done = true;
  writer.join();
  ASSERT_TRUE(backed_up.ok()) << backed_up.error().ToString();
  EXPECT_FALSE(std::filesystem::exists(backup + ".partial"));

  auto restored = OpenStore(dir_.File("restored.db"));
  ASSERT_TRUE(restored.ok());
  ASSERT_TRUE((*restored)->Restore(backup).ok());
  auto sheet = (*restored)->LoadSheet(kWorking);
  ASSERT_TRUE(sheet.ok() && sheet->has_value());
  EXPECT_EQ((*sheet)->initiatives.size(), 4u);
  EXPECT_TRUE((*sheet)->initiatives[0].overview.starts_with("版 ") ||
              (*sheet)->initiatives[0].overview.starts_with("市民サービス"));
  // A database with data is never overwritten.
  EXPECT_FALSE(store_->Restore(backup).ok());
  EXPECT_FALSE(store_->Backup(backup, {}).ok());
}

TEST_F(StoreTest, MunicipalitiesKeepTheirDataApart) {
  auto added = store_->AddMunicipality("282171", "川西市");
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  EXPECT_EQ(store_->AddMunicipality("282171", "重複").error().code(), Error::Code::kConflict);
  ASSERT_TRUE(store_->AddMunicipality("282189", "三田市").ok());
  auto kawanishi = store_->OpenMunicipality("282171");
  ASSERT_TRUE(kawanishi.ok());
  EXPECT_EQ(store_->OpenMunicipality("999999").error().code(), Error::Code::kNotFound);
  auto municipalities = store_->Municipalities();
  ASSERT_EQ(municipalities->size(), 3u);

  // The new municipality starts empty: the installation's own sheet is not its.
  EXPECT_TRUE((*kawanishi)->FiscalYears()->empty());
  EXPECT_FALSE((*kawanishi)->LoadSheet(kWorking)->has_value());
  service::SheetService sheets(**kawanishi);
  auto seed = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  ASSERT_TRUE(sheets.Import("seed.tsv", seed, {.fiscal_year = 2024}).ok());
  EXPECT_EQ(*(*kawanishi)->FiscalYears(), std::vector<int>{2024});
  EXPECT_EQ(*store_->FiscalYears(), std::vector<int>{2025});

  // Users, sessions, tokens and login failures of one are not found in the other.
  UserRecord user{{0, "kikaku", "企画", model::Role::kEditor, {"企画政策課"}, false}, "hash"};
  auto id = (*kawanishi)->CreateUser(user, {std::nullopt, "user.create", "kikaku", "", ""});
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  ASSERT_TRUE(store_->CreateUser(user, {std::nullopt, "user.create", "kikaku", "", ""}).ok());
  EXPECT_FALSE(store_->FindUser(*id)->has_value());
  ASSERT_TRUE((*kawanishi)->CreateSession("session-hash", {*id, "csrf", 1, 1}).ok());
  EXPECT_TRUE((*kawanishi)->FindSession("session-hash")->has_value());
  EXPECT_FALSE(store_->FindSession("session-hash")->has_value());
  ASSERT_TRUE((*kawanishi)
                  ->CreateApiToken("token-hash", *id, "t", "2099-01-01T00:00:00Z",
                                   {std::nullopt, "token", "kikaku", "", ""})
                  .ok());
  EXPECT_FALSE(store_->FindApiToken("token-hash")->has_value());
  const Store::LoginLimit limits[] = {{"account:kikaku", 5}};
  ASSERT_TRUE(*(*kawanishi)->ClaimLoginAttempt(limits, 0, 10, "attempt-1"));
  EXPECT_EQ(*store_->CountLoginFailures("account:kikaku", 0), 0);
  EXPECT_EQ(*(*kawanishi)->CountLoginFailures("account:kikaku", 0), 1);
  auto audit = (*kawanishi)->ListAudit({"", 100});
  ASSERT_TRUE(audit.ok());
  for (const AuditRecord& r : *audit) {
    EXPECT_TRUE(r.object.starts_with("2024/") || r.object == "kikaku" || r.object == "token")
        << r.object;
  }
}

// A public page asks for the stamp each time: a publication made through this store shows
// at once, one made by another process (another pool of connections) within moments.
TEST_F(StoreTest, PublicationStampChangesWithEveryPublication) {
  auto other = OpenStore(testing::TestingOnPostgres() ? location_ : "sqlite:" + location_);
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  EXPECT_EQ(*store_->PublicationStamp(), 0);
  auto first = store_->Publish(2025, "2026-03-31", {std::nullopt, "publish", "2025", "", ""});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*store_->PublicationStamp(), first->id);
  auto second = (*other)->Publish(2025, "2026-04-30", {std::nullopt, "publish", "2025", "", ""});
  ASSERT_TRUE(second.ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (*store_->PublicationStamp() != second->id && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(*store_->PublicationStamp(), second->id);
  auto all = store_->AllPublications();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).id, second->id);  // the newest first
}

// Staff pages are kept while the stamp stays: it rises with every change, made by this
// process or another, and not with a session's bookkeeping; each municipality has its own.
TEST_F(StoreTest, WorkspaceStampRisesWithEveryChangeButSessionsAndSignIns) {
  auto other = OpenStore(testing::TestingOnPostgres() ? location_ : "sqlite:" + location_);
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  UserRecord user{{0, "kikaku", "企画", model::Role::kEditor, {"企画政策課"}, false}, "hash"};
  auto id = store_->CreateUser(user, {std::nullopt, "user.create", "kikaku", "", ""});
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  const std::int64_t before = *store_->WorkspaceStamp();
  ASSERT_TRUE(store_->CreateSession("hash", {*id, "csrf", 10, 10, false}).ok());
  ASSERT_TRUE(store_->TouchSession("hash", 100).ok());
  const Store::LoginLimit limits[] = {{"account:x", 5}};
  ASSERT_TRUE(*store_->ClaimLoginAttempt(limits, 0, 10, "attempt"));
  ASSERT_TRUE(store_->ForgetLoginAttempt("attempt").ok());
  ASSERT_TRUE(store_->DeleteSession("hash").ok());
  EXPECT_EQ(*store_->WorkspaceStamp(), before);

  ASSERT_TRUE(store_
                  ->OpenReportingMonth(2025, 6, "2025-07-10",
                                       {std::nullopt, "month.open", "2025/6", "", ""})
                  .ok());
  const std::int64_t opened = *store_->WorkspaceStamp();
  EXPECT_GT(opened, before);
  ASSERT_TRUE((*other)
                  ->SetReportingDeadline(2025, 6, "2025-07-15",
                                         {std::nullopt, "month.deadline", "2025/6", "", ""})
                  .ok());
  EXPECT_GT(*store_->WorkspaceStamp(), opened);  // another server's change, at once

  ASSERT_TRUE(store_->AddMunicipality("282171", "川西市").ok());
  auto kawanishi = store_->OpenMunicipality("282171");
  ASSERT_TRUE(kawanishi.ok());
  const std::int64_t theirs = *(*kawanishi)->WorkspaceStamp();
  ASSERT_TRUE(store_
                  ->SetReportingDeadline(2025, 6, "2025-07-20",
                                         {std::nullopt, "month.deadline", "2025/6", "", ""})
                  .ok());
  EXPECT_EQ(*(*kawanishi)->WorkspaceStamp(), theirs);
}

TEST_F(StoreTest, SearchAcrossMunicipalitiesFindsPublishedSheetsOnly) {
  ASSERT_TRUE(store_->AddMunicipality("282171", "川西市").ok());
  auto kawanishi = store_->OpenMunicipality("282171");
  service::SheetService sheets(**kawanishi);
  ASSERT_TRUE(
      sheets.Import("seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {})
          .ok());
  // Nothing is published yet: the working sheets are not searched.
  EXPECT_TRUE(store_->SearchPublished("生成", 50)->empty());
  ASSERT_TRUE(
      (*kawanishi)->Publish(2025, "2026-03-31", {std::nullopt, "publish", "2025", "", ""}).ok());
  auto hits = store_->SearchPublished("生成", 50);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).municipality_code, "282171");
  EXPECT_EQ(hits->at(0).municipality_name, "川西市");
  EXPECT_EQ(hits->at(0).no, 4);
  // A later publication replaces the earlier one in the results.
  auto april = (*kawanishi)->Publish(2025, "2026-04-30", {std::nullopt, "publish", "2025", "", ""});
  ASSERT_TRUE(april.ok());
  EXPECT_EQ(store_->SearchPublished("生成", 50)->size(), 1u);
  EXPECT_EQ(store_->SearchPublished("生成", 50)->at(0).publication, april->id);
  EXPECT_EQ(store_->SearchPublished("委員会", 50)->size(), 2u);
  EXPECT_EQ(store_->SearchPublished("委員会", 1)->size(), 1u);
  // One made later but dated earlier is not the latest: the results stay with April's.
  ASSERT_TRUE(
      (*kawanishi)->Publish(2025, "2026-01-31", {std::nullopt, "publish", "2025", "", ""}).ok());
  auto hits_after = store_->SearchPublished("生成", 50);
  ASSERT_EQ(hits_after->size(), 1u);
  EXPECT_EQ(hits_after->at(0).publication, april->id);
  // Another dated the same day as April's but made after it is.
  auto again = (*kawanishi)->Publish(2025, "2026-04-30", {std::nullopt, "publish", "2025", "", ""});
  ASSERT_TRUE(again.ok());
  hits_after = store_->SearchPublished("生成", 50);
  ASSERT_EQ(hits_after->size(), 1u);
  EXPECT_EQ(hits_after->at(0).publication, again->id);
}

}  // namespace
}  // namespace torikumi::store
