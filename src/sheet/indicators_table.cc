#include "sheet/indicators_table.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "sheet/delimited.h"
#include "text/cell.h"
#include "text/number.h"

namespace torikumi::sheet {
namespace {

using model::MonthSet;

constexpr std::array<std::string_view, kIndicatorsColumns> kColumns{
    "年度", "No.",        "取組名",       "指標名",       "単位",     "方向",
    "集計", "基準値",     "基準値の年度", "今年度の目標", "最終目標", "最終目標の年度",
    "月",   "月末の目標", "実績値",       "備考"};
enum Column {
  kYear,
  kNo,
  kTitle,
  kName,
  kUnit,
  kDirection,
  kKind,
  kBaseline,
  kBaselineYear,
  kTarget,
  kFinalTarget,
  kFinalYear,
  kMonth,
  kMilestone,
  kActual,
  kNote
};

constexpr std::array<std::string_view, kAchievementsColumns> kAchievementColumns{
    "年度", "No.", "取組名", "月", "全体達成率", "期間目標", "目標の全体達成率", "差"};
enum AchievementColumn {
  kRateYear,
  kRateNo,
  kRateTitle,
  kRateMonth,
  kRate,
  kRateGoal,
  kRateGoalTarget,
  kRateGap
};

std::string Number(const std::optional<double>& value) {
  return value ? text::FormatNumber(*value) : "";
}

std::string Year(int year) { return year ? std::to_string(year) : ""; }

void WriteRow(std::string& out, const IndicatorsRow& cells) {
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (k) out += ',';
    out += QuoteCell(FormulaGuarded(cells[k]), ',');
  }
  out += "\r\n";
}

// A row's cell, with the place it came from for errors: its line and its column's name.
struct Cell {
  const Record& record;
  int column;
  std::string_view name;

  std::string Text() const {
    return column < int(record.cells.size()) ? text::CellText(record.cells[column]) : "";
  }
  Error Wrong(const std::string& what) const {
    return Error::InvalidInput(std::string(name) + "列: " + what, {"", record.line, column + 1});
  }
  Result<std::optional<double>> Number() const {
    auto value = text::NumberField(
        Text(), std::to_string(record.line) + " 行目の「" + std::string(name) + "」");
    if (!value) return Error::InvalidInput(value.error().message(), {"", record.line, column + 1});
    return value;
  }
  Result<int> Whole(int min, int max, const std::string& what) const {
    TORIKUMI_ASSIGN_OR_RETURN(const auto value, Number());
    if (!value) return 0;
    if (*value != std::floor(*value) || *value < min || *value > max) return Wrong(what);
    return int(*value);
  }
};

// Checks that `first`, the table's first record, is the header `names`.
template <std::size_t N>
Result<void> CheckHeader(const Record* first, const std::array<std::string_view, N>& names,
                         std::string_view table) {
  if (!first) return Error::InvalidInput(std::string(table) + "が空です");
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string head = k < first->cells.size() ? text::CellText(first->cells[k]) : "";
    if (head != names[k]) {
      return Error::InvalidInput(std::string(table) + "の見出しの " + std::to_string(k + 1) +
                                     " 列目は「" + std::string(names[k]) + "」でなければなりません",
                                 {"", first->line, int(k) + 1});
    }
  }
  return {};
}

bool IsBlank(const Record& record) {
  return std::all_of(record.cells.begin(), record.cells.end(),
                     [](const std::string& c) { return text::CellText(c).empty(); });
}

// "4月" or "4" as a calendar month.
std::optional<int> MonthNamed(std::string month_text) {
  if (month_text.ends_with("月")) month_text.resize(month_text.size() - std::string("月").size());
  const auto number = text::ReadNumber(month_text);
  if (!number || *number != std::floor(*number) || *number < 1 || *number > 12) return std::nullopt;
  return int(*number);
}

// The year and No. that begin each row of both tables; `year` is the table's so far (0 before
// its first row).
struct RowKey {
  int year;
  int no;
};
Result<RowKey> KeyOf(const Cell& year_cell, const Cell& no_cell, int year_so_far) {
  TORIKUMI_ASSIGN_OR_RETURN(const int year, year_cell.Whole(1900, 2999, "西暦の年にしてください"));
  if (!year) return year_cell.Wrong("年度がありません");
  if (year_so_far && year != year_so_far) {
    return year_cell.Wrong("一つの表には一つの年度だけを書きます");
  }
  TORIKUMI_ASSIGN_OR_RETURN(const int no,
                            no_cell.Whole(1, 1'000'000, "1 以上の整数にしてください"));
  if (!no) return no_cell.Wrong("No. がありません");
  return RowKey{year, no};
}

}  // namespace

bool IsIndicatorsTableName(std::string_view file_name) {
  std::string name(file_name);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return name.ends_with("-indicators.csv") || name.ends_with("-indicators-cp932.csv") ||
         name.ends_with("_indicators.csv");
}

bool IsIndicatorsNumberColumn(std::size_t column) {
  switch (column) {
    case kYear:
    case kNo:
    case kBaseline:
    case kBaselineYear:
    case kTarget:
    case kFinalTarget:
    case kFinalYear:
    case kMilestone:
    case kActual:
      return true;
    default:
      return false;
  }
}

IndicatorsRow IndicatorsHeader() {
  IndicatorsRow header;
  std::copy(kColumns.begin(), kColumns.end(), header.begin());
  return header;
}

void AddIndicatorsRows(int fiscal_year, const model::Initiative& i,
                       std::vector<IndicatorsRow>& rows) {
  for (const model::Indicator& x : i.indicators) {
    for (int index = 0; index < 12; ++index) {
      const int month = MonthSet::MonthAt(index);
      std::string milestone;
      for (const model::Milestone& m : x.milestones) {
        if (m.month == month) milestone = text::FormatNumber(m.value);
      }
      const model::Actual* actual = model::ActualOf(x, month);
      rows.push_back({std::to_string(fiscal_year), std::to_string(i.no), i.title, x.name, x.unit,
                      std::string(model::DirectionName(x.direction)),
                      std::string(model::IndicatorKindName(x.kind)), Number(x.baseline),
                      Year(x.baseline_year), Number(x.target), Number(x.final_target),
                      Year(x.final_year), std::to_string(month) + "月", milestone,
                      actual ? text::FormatNumber(actual->value) : "", actual ? actual->note : ""});
    }
  }
}

WriteResult WriteIndicatorsTable(const model::Sheet& sheet, OutputEncoding encoding) {
  std::string out;
  WriteRow(out, IndicatorsHeader());
  std::vector<IndicatorsRow> rows;
  for (const model::Initiative& i : sheet.initiatives) {
    rows.clear();
    AddIndicatorsRows(sheet.fiscal_year, i, rows);
    for (const IndicatorsRow& row : rows) WriteRow(out, row);
  }
  return EncodedText(std::move(out), encoding, true);
}

Result<void> AddIndicatorsRecord(const Record& record, IndicatorsTable& table) {
  if (IsBlank(record)) return {};
  auto cell = [&](Column column) { return Cell{record, column, kColumns[column]}; };
  TORIKUMI_ASSIGN_OR_RETURN(const RowKey key, KeyOf(cell(kYear), cell(kNo), table.fiscal_year));
  table.fiscal_year = key.year;
  const int no = key.no;
  model::Indicator read;
  read.name = cell(kName).Text();
  if (read.name.empty()) return cell(kName).Wrong("指標名がありません");
  read.unit = cell(kUnit).Text();
  const auto direction = model::DirectionNamed(cell(kDirection).Text());
  if (!direction) return cell(kDirection).Wrong("「増加」か「減少」にしてください");
  read.direction = *direction;
  const auto kind = model::IndicatorKindNamed(cell(kKind).Text());
  if (!kind) return cell(kKind).Wrong("「累計」か「単月」にしてください");
  read.kind = *kind;
  TORIKUMI_ASSIGN_OR_RETURN(read.baseline, cell(kBaseline).Number());
  TORIKUMI_ASSIGN_OR_RETURN(read.baseline_year,
                            cell(kBaselineYear).Whole(1900, 2999, "西暦の年にしてください"));
  TORIKUMI_ASSIGN_OR_RETURN(read.target, cell(kTarget).Number());
  TORIKUMI_ASSIGN_OR_RETURN(read.final_target, cell(kFinalTarget).Number());
  TORIKUMI_ASSIGN_OR_RETURN(read.final_year,
                            cell(kFinalYear).Whole(1900, 2999, "西暦の年にしてください"));
  const std::optional<int> named_month = MonthNamed(cell(kMonth).Text());
  if (!named_month) return cell(kMonth).Wrong("「4月」のように 1 から 12 の月を書いてください");
  const int month = *named_month;
  TORIKUMI_ASSIGN_OR_RETURN(const auto milestone, cell(kMilestone).Number());
  TORIKUMI_ASSIGN_OR_RETURN(const auto actual, cell(kActual).Number());
  const std::string note = cell(kNote).Text();
  if (!actual && !note.empty()) return cell(kActual).Wrong("備考のある月には実績値を書きます");

  std::vector<model::Indicator>& indicators = table.by_no[no];
  auto x = std::find_if(indicators.begin(), indicators.end(),
                        [&](const model::Indicator& y) { return y.name == read.name; });
  if (x == indicators.end()) {
    indicators.push_back(read);
    x = indicators.end() - 1;
  } else {
    model::Indicator definition = *x;
    definition.milestones.clear();
    definition.actuals.clear();
    if (definition != read) {
      return cell(kName).Wrong("指標「" + read.name +
                               "」の単位・方向・集計・基準値・目標が、前の行と違います");
    }
  }
  if (milestone) {
    if (std::any_of(x->milestones.begin(), x->milestones.end(),
                    [month](const model::Milestone& m) { return m.month == month; })) {
      return cell(kMonth).Wrong("指標「" + read.name + "」の " + std::to_string(month) +
                                "月が二度あります");
    }
    x->milestones.push_back({month, *milestone});
    std::stable_sort(x->milestones.begin(), x->milestones.end(), [](const auto& a, const auto& b) {
      return MonthSet::FiscalIndex(a.month) < MonthSet::FiscalIndex(b.month);
    });
  }
  if (actual) {
    if (model::ActualOf(*x, month)) {
      return cell(kMonth).Wrong("指標「" + read.name + "」の " + std::to_string(month) +
                                "月が二度あります");
    }
    x->actuals =
        model::WithActual(std::move(x->actuals), month, model::Actual{month, *actual, note});
  }
  return {};
}

Result<IndicatorsTable> ReadIndicatorsRecords(const std::vector<Record>& records) {
  TORIKUMI_RETURN_IF_ERROR(
      CheckHeader(records.empty() ? nullptr : &records.front(), kColumns, "指標の表"));
  IndicatorsTable table;
  for (std::size_t r = 1; r < records.size(); ++r) {
    TORIKUMI_RETURN_IF_ERROR(AddIndicatorsRecord(records[r], table));
  }
  if (!table.fiscal_year) return Error::InvalidInput("指標の表に行がありません");
  return table;
}

Result<IndicatorsTable> ReadIndicatorsTable(std::string_view text) {
  TORIKUMI_ASSIGN_OR_RETURN(const std::vector<Record> records, ReadDelimited(text, ','));
  return ReadIndicatorsRecords(records);
}

bool IsIndicatorsHeader(const Record& first) { return CheckHeader(&first, kColumns, "").ok(); }

bool IsAchievementsHeader(const Record& first) {
  return CheckHeader(&first, kAchievementColumns, "").ok();
}

bool IsAchievementsNumberColumn(std::size_t column) {
  return column == kRateYear || column == kRateNo || column == kRate || column == kRateGoalTarget ||
         column == kRateGap;
}

AchievementsRow AchievementsHeader() {
  AchievementsRow header;
  std::copy(kAchievementColumns.begin(), kAchievementColumns.end(), header.begin());
  return header;
}

void AddAchievementsRows(int fiscal_year, const model::Initiative& i,
                         std::vector<AchievementsRow>& rows) {
  for (const model::Achievement& a : i.achievements) {
    AchievementsRow row{std::to_string(fiscal_year), std::to_string(i.no), i.title,
                        std::to_string(a.month) + "月", text::FormatNumber(a.rate)};
    if (const auto goal = model::GoalOfMonth(i, a.month)) {
      const model::PeriodGoal& g = i.period_goals[*goal];
      row[kRateGoal] = g.months.ToJapanese();
      if (g.target_rate) {
        row[kRateGoalTarget] = text::FormatNumber(*g.target_rate);
        row[kRateGap] = text::FormatNumber(std::round((a.rate - *g.target_rate) * 100) / 100);
      }
    }
    rows.push_back(std::move(row));
  }
}

Result<void> AddAchievementsRecord(const Record& record, AchievementsTable& table) {
  if (IsBlank(record)) return {};
  auto cell = [&](AchievementColumn column) {
    return Cell{record, column, kAchievementColumns[column]};
  };
  TORIKUMI_ASSIGN_OR_RETURN(const RowKey key,
                            KeyOf(cell(kRateYear), cell(kRateNo), table.fiscal_year));
  table.fiscal_year = key.year;
  const std::optional<int> month = MonthNamed(cell(kRateMonth).Text());
  if (!month) return cell(kRateMonth).Wrong("「4月」のように 1 から 12 の月を書いてください");
  TORIKUMI_ASSIGN_OR_RETURN(const auto rate, cell(kRate).Number());
  if (!rate || !model::IsValidTargetRate(*rate)) {
    return cell(kRate).Wrong("0 から 100 までの数 (小数は 2 桁まで) を書いてください");
  }
  std::vector<model::Achievement>& achievements = table.by_no[key.no];
  if (model::AchievementOf(achievements, *month)) {
    return cell(kRateMonth).Wrong(std::to_string(*month) + "月が二度あります");
  }
  achievements = model::WithAchievement(std::move(achievements), *month, *rate);
  return {};
}

}  // namespace torikumi::sheet
