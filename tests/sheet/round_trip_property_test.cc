// Every export imports to the same records: a property over generated initiatives (any
// months, entries without months, several-month entries, multi-paragraph text, notes of
// several co-owning sections), checked in TSV, CSV (UTF-8 and CP932), XLSX and JSON.

#include <gtest/gtest.h>

#include <random>

#include "model/review.h"
#include "sheet/json.h"
#include "sheet/process_sheet.h"
#include "sheet/xlsx.h"
#include "text/entries.h"

namespace torikumi::sheet {
namespace {

using model::Entry;
using model::Initiative;
using model::MonthSet;

// Generates initiatives that the workspace accepts (text::ParseProgressCell reads their
// progress cell back as it is: what WorkspaceService refuses otherwise) from words every
// format carries, CP932 included.
class InitiativeGenerator {
 public:
  explicit InitiativeGenerator(unsigned seed) : random_(seed) {}

  model::Sheet Sheet() {
    model::Sheet sheet;
    sheet.fiscal_year = 2025;
    sheet.rating_scale = model::RatingScale::Default();
    const int count = Between(1, 4);
    for (int no = 1; no <= count; ++no) sheet.initiatives.push_back(Make(no));
    return sheet;
  }

 private:
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[std::size_t(Between(0, int(values.size()) - 1))];
  }

  std::string Paragraphs() {
    static const std::vector<std::string> kWords = {"審議会を開催した。",
                                                    "関係課と協議",
                                                    "アンケートを実施（回答期限は月末）",
                                                    "検討を継続",
                                                    "説明会の資料を作成した。",
                                                    "ＤＸ推進",
                                                    "電子申請 27 件の運用を開始",
                                                    "調整中",
                                                    "「市長への提案」"};
    std::string text;
    const int paragraphs = Between(1, 3);
    for (int p = 0; p < paragraphs; ++p) {
      if (p > 0) text += '\n';
      const int words = Between(1, 3);
      for (int w = 0; w < words; ++w) text += Pick(kWords);
    }
    return text;
  }

  MonthSet Months() {
    const int first = Between(0, 11);
    const int length = Chance(70) ? 1 : Between(2, 4);
    MonthSet months;
    for (int k = first; k < std::min(12, first + length); ++k) months.Add(MonthSet::MonthAt(k));
    if (Chance(10)) months.Add(MonthSet::MonthAt(Between(0, 11)));  // 7月、9月
    return months;
  }

  std::vector<Entry> Entries() {
    std::vector<Entry> entries;
    if (Chance(30)) entries.push_back({MonthSet(), Paragraphs()});  // 随時: only first
    const int count = Between(0, 5);
    for (int k = 0; k < count; ++k) entries.push_back({Months(), Paragraphs()});
    return entries;
  }

  Initiative Make(int no) {
    static const std::vector<std::string> kSections = {"企画政策課", "ICT推進課", "秘書課",
                                                       "文化・観光・スポーツ課", "広報課"};
    Initiative i;
    i.no = no;
    i.department = "企画財政部";
    i.section = kSections[0];
    i.goal = {5, "変革の歩みを止めない川西の実現"};
    i.policy = {12, "行政経営"};
    i.project = "行政経営推進事業";
    i.subproject = "行政経営推進事業";
    i.title = "取組 " + std::to_string(no);
    i.overview = Paragraphs();
    i.plan = Entries();
    i.progress = Entries();
    i.rating = Pick(std::vector<std::string>{"", "→", "↑", "↓"});
    const int co_owners = Between(0, 3);
    for (int k = 1; k <= co_owners; ++k) i.co_owners.push_back(kSections[std::size_t(k)]);
    for (int k = 0, notes = co_owners ? Between(0, 4) : 0; k < notes; ++k) {
      i.notes =
          model::WithNote(i, MonthSet::MonthAt(Between(0, 11)), Pick(i.co_owners), Paragraphs());
    }
    if (Chance(20)) {
      i.ending = model::Ending{
          Chance(50) ? model::Ending::Kind::kCompleted : model::Ending::Kind::kAbolished,
          Paragraphs()};
    }
    return i;
  }

  std::mt19937 random_;
};

// Entries that the notation reads as written: what the generator promises.
bool Writable(const Initiative& i) {
  return text::ParseEntries(text::FormatEntries(i.plan)) == i.plan &&
         text::ParseProgressCell(text::FormatProgressCell(i.progress, i.notes), i.co_owners) ==
             text::ProgressCell{i.progress, i.notes};
}

TEST(RoundTrip, EveryFormatImportsToTheSameRecords) {
  constexpr int kSheets = 150;
  for (unsigned seed = 1; seed <= kSheets; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const model::Sheet sheet = InitiativeGenerator(seed).Sheet();
    for (const Initiative& i : sheet.initiatives)
      ASSERT_TRUE(Writable(i)) << WriteInitiativeJson(i);
    std::vector<std::pair<std::string, Result<model::Sheet>>> read;
    read.emplace_back("JSON", ReadSheetJson(WriteSheetJson(sheet)));
    for (auto [name, delimiter, encoding] :
         {std::tuple{"TSV", Delimiter::kTab, OutputEncoding::kUtf8},
          std::tuple{"CSV", Delimiter::kComma, OutputEncoding::kUtf8},
          std::tuple{"CSV (CP932)", Delimiter::kComma, OutputEncoding::kCp932}}) {
      const WriteResult written = WriteProcessSheet(sheet, {delimiter, encoding});
      EXPECT_EQ(written.substitutions.total, 0) << name;
      auto back = ReadProcessSheet(written.bytes, {});
      read.emplace_back(name, back ? Result<model::Sheet>(std::move(back->sheet))
                                   : Result<model::Sheet>(back.error()));
    }
    auto xlsx = WriteProcessSheetXlsx(sheet, {});
    ASSERT_TRUE(xlsx.ok());
    read.emplace_back("XLSX", ReadProcessSheetXlsx(*xlsx, {}));
    for (const auto& [name, back] : read) {
      ASSERT_TRUE(back.ok()) << name << ": " << back.error().ToString();
      ASSERT_EQ(back->initiatives.size(), sheet.initiatives.size()) << name;
      for (std::size_t k = 0; k < sheet.initiatives.size(); ++k) {
        EXPECT_EQ(back->initiatives[k], sheet.initiatives[k])
            << name << "\nwritten: " << WriteInitiativeJson(sheet.initiatives[k])
            << "\nread:    " << WriteInitiativeJson(back->initiatives[k]);
      }
    }
  }
}

}  // namespace
}  // namespace torikumi::sheet
