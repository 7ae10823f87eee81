// Data-driven import tests: every tests/data/sheets/NAME.{tsv,csv,json} beside a
// NAME.expected.json is imported into a real SQLite file and exported as canonical JSON,
// which must equal the expected file byte for byte. A new real-world sheet is a new pair of
// files, not new code.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "service/sheet_service.h"
#include "sheet/json.h"
#include "sheet/process_sheet.h"
#include "store/store.h"
#include "testing.h"

namespace torikumi {
namespace {

using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

struct Imported {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<service::SheetService> sheets;
};

Imported OpenDatabase(const std::string& path) {
  auto store = store::OpenStore(path);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().ToString());
  Imported db{std::move(*store), nullptr};
  db.sheets = std::make_unique<service::SheetService>(*db.store);
  return db;
}

int YearOf(const std::string& expected_json) {
  auto sheet = sheet::ReadSheetJson(expected_json);
  EXPECT_TRUE(sheet.ok());
  return sheet.ok() ? sheet->fiscal_year : 0;
}

std::string ImportAndExport(const std::filesystem::path& file, int year, TempDir& dir,
                            const std::string& database_name) {
  Imported db = OpenDatabase(dir.File(database_name));
  auto report = db.sheets->Import(file.filename().string(), ReadFile(file), {});
  EXPECT_TRUE(report.ok()) << file << ": " << (report.ok() ? "" : report.error().ToString());
  auto exported = db.sheets->Export(year, {service::SheetFormat::kJson});
  EXPECT_TRUE(exported.ok());
  return exported.ok() ? exported->bytes : "";
}

std::vector<std::filesystem::path> SheetFiles() {
  std::vector<std::filesystem::path> files{SourceDir() / "data/kawanishi-r7-process-sheet.tsv"};
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() / "tests/data/sheets")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".expected.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path ExpectedOf(const std::filesystem::path& sheet) {
  return sheet.parent_path() / (sheet.stem().string() + ".expected.json");
}

TEST(Sheets, EachSheetImportsToItsExpectedJson) {
  const auto files = SheetFiles();
  ASSERT_GE(files.size(), 4u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    TempDir dir;
    const std::string expected = ReadFile(ExpectedOf(file));
    EXPECT_EQ(ImportAndExport(file, YearOf(expected), dir, "t.db"), expected);
  }
}

// The 14-column layout has no place for figures (achievements, indicators), which travel
// in a table of their own: the sheet comes back without them.
std::string WithoutFigures(const std::string& json) {
  auto sheet = sheet::ReadSheetJson(json);
  EXPECT_TRUE(sheet.ok());
  for (model::Initiative& i : sheet->initiatives) {
    i.achievements.clear();
    i.indicators.clear();
  }
  return sheet::WriteSheetJson(*sheet);
}

TEST(Sheets, TsvAndCsvExportsInBothEncodingsReimportToTheSameJson) {
  for (const auto& file : SheetFiles()) {
    const std::string expected = WithoutFigures(ReadFile(ExpectedOf(file)));
    const int year = YearOf(expected);
    for (auto format : {service::SheetFormat::kTsv, service::SheetFormat::kCsv}) {
      for (auto encoding : {text::Encoding::kUtf8, text::Encoding::kCp932}) {
        SCOPED_TRACE(file.string() + (format == service::SheetFormat::kCsv ? " csv" : " tsv") +
                     (encoding == text::Encoding::kCp932 ? " cp932" : " utf-8"));
        TempDir dir;
        Imported source = OpenDatabase(dir.File("source.db"));
        ASSERT_TRUE(source.sheets->Import(file.filename().string(), ReadFile(file), {}).ok());
        auto exported = source.sheets->Export(year, {format, encoding});
        ASSERT_TRUE(exported.ok());
        const std::string name = format == service::SheetFormat::kCsv ? "sheet.csv" : "sheet.tsv";
        std::ofstream(dir.File(name), std::ios::binary) << exported->bytes;
        const std::string json = ImportAndExport(dir.File(name), year, dir, "copy.db");
        if (exported->substitutions.total == 0) {
          EXPECT_EQ(json, expected);
        } else {
          // CP932 lacks some characters (↗, 〜 …): what came back is what the substitution
          // report says, i.e. the expected JSON passed through the same substitution.
          EXPECT_EQ(json, text::DecodeText(text::EncodeCp932(expected).bytes)->utf8());
        }
      }
    }
  }
}

TEST(Sheets, SeedExportsToTheSheetsOwnLayout) {
  TempDir dir;
  Imported db = OpenDatabase(dir.File("t.db"));
  ASSERT_TRUE(
      db.sheets
          ->Import("seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {})
          .ok());
  auto tsv = db.sheets->Export(2025, {service::SheetFormat::kTsv});
  ASSERT_TRUE(tsv.ok());
  EXPECT_NE(tsv->bytes.find("\nR7取組実施プロセスシート\n"), std::string::npos);
  EXPECT_NE(tsv->bytes.find("No.\t所管部課\t\t総合計画\t\t事業名"), std::string::npos);
  EXPECT_NE(tsv->bytes.find("<p>【4月～10月の目標】(全体達成率:70%) 申請関係"), std::string::npos);
  auto csv = db.sheets->Export(2025, {service::SheetFormat::kCsv});
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(csv->bytes.starts_with("\xEF\xBB\xBF\r\n"));
}

TEST(Sheets, ReimportingTheSameSheetChangesNothing) {
  TempDir dir;
  Imported db = OpenDatabase(dir.File("t.db"));
  const std::string seed = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  auto first = db.sheets->Import("seed.tsv", seed, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->outcome.added.size(), 4u);
  auto second = db.sheets->Import("seed.tsv", seed, {});
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->outcome.added.empty());
  EXPECT_TRUE(second->outcome.changed.empty());
  EXPECT_EQ(second->outcome.unchanged.size(), 4u);
}

TEST(Sheets, EditedSheetUpdatesByNumberAndKeepsTheRest) {
  TempDir dir;
  Imported db = OpenDatabase(dir.File("t.db"));
  std::string seed = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  ASSERT_TRUE(db.sheets->Import("seed.tsv", seed, {}).ok());
  // Change No. 2's rating to one outside the default scale, drop No. 4, add No. 5.
  std::vector<std::string> lines;
  std::istringstream in(seed);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string edited;
  for (const std::string& line : lines) {
    if (line.starts_with("4\t")) continue;
    std::string copy = line;
    if (line.starts_with("2\t"))
      copy.replace(copy.find("\t→\t"), std::string("\t→\t").size(), "\t順調\t");
    edited += copy + "\n";
    if (line.starts_with("3\t")) edited += "5" + copy.substr(1) + "\n";
  }
  auto report = db.sheets->Import("edited.tsv", edited, {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->outcome.added, std::vector<int>{5});
  EXPECT_EQ(report->outcome.changed, std::vector<int>{2});
  EXPECT_EQ(report->outcome.unchanged, (std::vector<int>{1, 3}));
  EXPECT_EQ(report->outcome.kept, std::vector<int>{4});
  EXPECT_EQ(report->added_ratings, std::vector<std::string>{"順調"});
  auto scale = db.store->LoadRatingScale(store::SheetKey::Working(2025));
  ASSERT_TRUE(scale.ok() && scale->has_value());
  EXPECT_TRUE((*scale)->Contains("順調"));
  EXPECT_TRUE((*scale)->Contains("↗"));
}

// Imports `bytes` into a database that already holds the seed; the import must fail at
// `line` and leave the database exactly as it was.
void ExpectRefusedAtLine(const std::string& bytes, int line, const std::string& message_part) {
  TempDir dir;
  Imported db = OpenDatabase(dir.File("t.db"));
  ASSERT_TRUE(
      db.sheets
          ->Import("seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {})
          .ok());
  const std::string before = db.sheets->Export(2025, {service::SheetFormat::kJson})->bytes;
  auto report = db.sheets->Import("bad.tsv", bytes, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().where().file, "bad.tsv");
  EXPECT_EQ(report.error().where().line, line) << report.error().ToString();
  EXPECT_NE(report.error().message().find(message_part), std::string::npos)
      << report.error().ToString();
  EXPECT_EQ(db.sheets->Export(2025, {service::SheetFormat::kJson})->bytes, before);
  EXPECT_EQ(db.store->FiscalYears()->size(), 1u);
}

// The seed's lines (1-based: lines[7] is No. 1), to edit one and join them again.
std::vector<std::string> SeedLines() {
  std::vector<std::string> lines{""};
  std::istringstream in(ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t k = 1; k < lines.size(); ++k) text += lines[k] + "\n";
  return text;
}

TEST(Sheets, RowWithWrongNumberOfCellsIsRefusedNamingItsLine) {
  auto lines = SeedLines();
  // No. 1 would change, but No. 3 (line 9) is cut short: nothing may be written.
  lines[7].replace(lines[7].find("DXに向けた"), std::string("DXに向けた").size(), "変更した");
  lines[9] = lines[9].substr(0, lines[9].find("\t", lines[9].find("\t") + 1));
  ExpectRefusedAtLine(Joined(lines), 9, "列の数");
}

TEST(Sheets, FileThatIsNotASheetIsRefused) {
  ExpectRefusedAtLine("name\tvalue\nfoo\t1\n", 1, "取組実施プロセスシートではありません");
}

TEST(Sheets, UnclosedQuoteIsRefusedNamingTheLineItOpensOn) {
  auto lines = SeedLines();
  lines[8].insert(lines[8].find("公募型補助金の募集及び交付決定"), "\"");
  ExpectRefusedAtLine(Joined(lines), 8, "引用符");
}

TEST(Sheets, TextInNoKnownEncodingIsRefusedNamingTheLine) {
  auto lines = SeedLines();
  lines[10].insert(3, "\xFF\xFE");
  ExpectRefusedAtLine(Joined(lines), 10, "文字コード");
}

TEST(Sheets, BadNumberIsRefusedNamingTheLine) {
  auto lines = SeedLines();
  lines[9].insert(0, "x");
  ExpectRefusedAtLine(Joined(lines), 9, "No.");
}

TEST(Sheets, YearOptionOverridesTheTitle) {
  TempDir dir;
  Imported db = OpenDatabase(dir.File("t.db"));
  auto report =
      db.sheets->Import("seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"),
                        {.fiscal_year = 2026});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->fiscal_year, 2026);
}

TEST(Sheets, FormulaLikeCellsAreGuardedAndRoundTrip) {
  model::Sheet sheet;
  sheet.fiscal_year = 2025;
  model::Initiative i;
  i.no = 1;
  i.title = "=HYPERLINK(\"http://example.com\")";
  i.overview = "+1";
  i.department = "@部";
  i.section = "-課";
  i.project = "'=A1 と書いた事業";  // its own ' survives too
  i.subproject = "'普通の文";
  sheet.initiatives.push_back(i);
  auto written = sheet::WriteProcessSheet(sheet, {sheet::Delimiter::kComma});
  EXPECT_NE(written.bytes.find("\"'=HYPERLINK(\"\"http://example.com\"\")\""), std::string::npos);
  EXPECT_NE(written.bytes.find(",'+1,"), std::string::npos);
  auto read = sheet::ReadProcessSheet(written.bytes, {});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->sheet.initiatives.at(0), i);
}

// Which of two "title"s is the title? Readers differ, so a file that says it twice is
// refused where it says it the second time; the same key in two objects is no repetition.
TEST(Sheets, JsonWithAKeyTwiceIsRefused) {
  auto twice = sheet::ReadSheetJson(
      "{\"fiscal_year\": 2025, \"initiatives\": [{\"no\": 1, \"title\": \"a\",\n"
      "  \"title\": \"b\"}]}");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message().find("JSON のキー「title」が二度あります"), std::string::npos);
  EXPECT_EQ(twice.error().where().line, 2);
  EXPECT_TRUE(sheet::ReadSheetJson(R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "a"},
      {"no": 2, "title": "b"}]})")
                  .ok());
}

// A long file is read a piece at a time: the reader says as it goes which bytes it is done
// with, in order, up to the end; the sheet read is the sheet written, whatever the order of
// the root's members; a key twice past the first piece is still found, with its line.
TEST(Sheets, LongJsonIsReadAPieceAtATime) {
  model::Sheet sheet;
  sheet.fiscal_year = 2025;
  for (int no = 1; no <= 3000; ++no) {
    model::Initiative i;
    i.no = no;
    i.title = "取組その" + std::to_string(no);
    i.progress.push_back({model::MonthSet::Range(4, 4), std::string(800, 'x')});
    sheet.initiatives.push_back(i);
  }
  const std::string json = sheet::WriteSheetJson(sheet);
  ASSERT_GT(json.size(), std::size_t(3) << 20);
  std::vector<std::size_t> done;
  auto read = sheet::ReadSheetJson(json, [&](std::size_t bytes) { done.push_back(bytes); });
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->initiatives, sheet.initiatives);
  ASSERT_GE(done.size(), 3u);
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
  EXPECT_EQ(done.back(), json.size());

  const std::size_t at = json.rfind("\"title\"");
  std::string twice = json;
  twice.insert(at, "\"title\": \"a\", ");
  auto refused = sheet::ReadSheetJson(twice);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("「title」が二度あります"), std::string::npos);
  EXPECT_EQ(refused.error().where().line,
            1 + std::count(twice.begin(), twice.begin() + std::ptrdiff_t(at), '\n'));

  auto year_last = sheet::ReadSheetJson(
      R"({"initiatives": [{"no": 2, "title": "b"}, {"no": 1, "title": "a"}], "fiscal_year": 2024})");
  ASSERT_TRUE(year_last.ok()) << year_last.error().ToString();
  EXPECT_EQ(year_last->fiscal_year, 2024);
  ASSERT_EQ(year_last->initiatives.size(), 2u);
  EXPECT_EQ(year_last->initiatives[0].title, "a");
  auto not_an_array = sheet::ReadSheetJson(R"({"fiscal_year": 2025, "initiatives": {"no": 1}})");
  ASSERT_FALSE(not_an_array.ok());
  EXPECT_NE(not_an_array.error().message().find("$.initiatives"), std::string::npos);
}

TEST(Sheets, JsonImportNamesTheFieldThatIsWrong) {
  auto sheet = sheet::ReadSheetJson(
      R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "plan": [{"months": [13], "text": ""}]}]})");
  ASSERT_FALSE(sheet.ok());
  EXPECT_NE(sheet.error().message().find("$.initiatives[0].plan[0].months[0]"), std::string::npos);
  // Found by the JSON fuzzer: numbers too large for the model are refused, not overflowed.
  auto huge = sheet::ReadSheetJson(
      R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "goal": {"number": 1e64, "title": "x"}}]})");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message().find("$.initiatives[0].goal.number"), std::string::npos);
  EXPECT_FALSE(
      sheet::ReadSheetJson(R"({"fiscal_year": 2025, "initiatives": [{"no": 1e12, "title": "t"}]})")
          .ok());
  // Found by the JSON fuzzer: a rate no sheet writes (5e35) did not read back to the same
  // number. Rates are percentages with at most two decimals, in every format.
  for (const char* rate : {"5e35", "-1", "100.5", "33.333"}) {
    auto bad_rate = sheet::ReadSheetJson(
        std::string(
            R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "period_goals": [{"months": [4], "target_rate": )") +
        rate + R"(, "text": "x"}]}]})");
    ASSERT_FALSE(bad_rate.ok()) << rate;
    EXPECT_NE(bad_rate.error().message().find("$.initiatives[0].period_goals[0].target_rate"),
              std::string::npos);
  }
  EXPECT_TRUE(
      sheet::ReadSheetJson(
          R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "period_goals": [{"months": [4], "target_rate": 33.33, "text": "x"}]}]})")
          .ok());
  auto ending = sheet::ReadSheetJson(
      R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "ending": {"kind": "中止", "reason": "x"}}]})");
  ASSERT_FALSE(ending.ok());
  EXPECT_NE(ending.error().message().find("$.initiatives[0].ending.kind"), std::string::npos);
  auto ended = sheet::ReadSheetJson(
      R"({"fiscal_year": 2025, "initiatives": [{"no": 1, "title": "t", "ending": {"kind": "終了", "reason": "完了"}}]})");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->initiatives[0].ending, (model::Ending{model::Ending::Kind::kCompleted, "完了"}));
  auto broken = sheet::ReadSheetJson("{\n  \"fiscal_year\": 2025,\n  oops\n}");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().where().line, 3);
}

}  // namespace
}  // namespace torikumi
