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

constexpr std::array<std::string_view, 16> kColumns{
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

std::string Number(const std::optional<double>& value) {
  return value ? text::FormatNumber(*value) : "";
}

std::string Year(int year) { return year ? std::to_string(year) : ""; }

void WriteRow(std::string& out, const std::array<std::string, kColumns.size()>& cells) {
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (k) out += ',';
    out += QuoteCell(FormulaGuarded(cells[k]), ',');
  }
  out += "\r\n";
}

// A row's cell, with the place it came from for errors.
struct Cell {
  const Record& record;
  Column column;

  std::string Text() const {
    return column < int(record.cells.size()) ? text::CellText(record.cells[column]) : "";
  }
  Error Wrong(const std::string& what) const {
    return Error::InvalidInput(std::string(kColumns[column]) + "列: " + what,
                               {"", record.line, int(column) + 1});
  }
  Result<std::optional<double>> Number() const {
    auto value = text::NumberField(
        Text(), std::to_string(record.line) + " 行目の「" + std::string(kColumns[column]) + "」");
    if (!value)
      return Error::InvalidInput(value.error().message(), {"", record.line, int(column) + 1});
    return value;
  }
  Result<int> Whole(int min, int max, const std::string& what) const {
    TORIKUMI_ASSIGN_OR_RETURN(const auto value, Number());
    if (!value) return 0;
    if (*value != std::floor(*value) || *value < min || *value > max) return Wrong(what);
    return int(*value);
  }
};

}  // namespace

bool IsIndicatorsTableName(std::string_view file_name) {
  std::string name(file_name);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return name.ends_with("-indicators.csv") || name.ends_with("-indicators-cp932.csv") ||
         name.ends_with("_indicators.csv");
}

WriteResult WriteIndicatorsTable(const model::Sheet& sheet, OutputEncoding encoding) {
  std::string out;
  std::array<std::string, kColumns.size()> header;
  std::copy(kColumns.begin(), kColumns.end(), header.begin());
  WriteRow(out, header);
  for (const model::Initiative& i : sheet.initiatives) {
    for (const model::Indicator& x : i.indicators) {
      for (int index = 0; index < 12; ++index) {
        const int month = MonthSet::MonthAt(index);
        std::string milestone;
        for (const model::Milestone& m : x.milestones) {
          if (m.month == month) milestone = text::FormatNumber(m.value);
        }
        const model::Actual* actual = model::ActualOf(x, month);
        WriteRow(out,
                 {std::to_string(sheet.fiscal_year), std::to_string(i.no), i.title, x.name, x.unit,
                  std::string(model::DirectionName(x.direction)),
                  std::string(model::IndicatorKindName(x.kind)), Number(x.baseline),
                  Year(x.baseline_year), Number(x.target), Number(x.final_target),
                  Year(x.final_year), std::to_string(month) + "月", milestone,
                  actual ? text::FormatNumber(actual->value) : "", actual ? actual->note : ""});
      }
    }
  }
  return EncodedText(std::move(out), encoding, true);
}

Result<IndicatorsTable> ReadIndicatorsTable(std::string_view text) {
  TORIKUMI_ASSIGN_OR_RETURN(const std::vector<Record> records, ReadDelimited(text, ','));
  if (records.empty()) return Error::InvalidInput("指標の表が空です");
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    const std::string head = k < records[0].cells.size() ? text::CellText(records[0].cells[k]) : "";
    if (head != kColumns[k]) {
      return Error::InvalidInput("指標の表の見出しの " + std::to_string(k + 1) + " 列目は「" +
                                     std::string(kColumns[k]) + "」でなければなりません",
                                 {"", records[0].line, int(k) + 1});
    }
  }
  IndicatorsTable table;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    if (std::all_of(record.cells.begin(), record.cells.end(),
                    [](const std::string& c) { return text::CellText(c).empty(); })) {
      continue;
    }
    auto cell = [&](Column column) { return Cell{record, column}; };
    TORIKUMI_ASSIGN_OR_RETURN(const int year,
                              cell(kYear).Whole(1900, 2999, "西暦の年にしてください"));
    if (!year) return cell(kYear).Wrong("年度がありません");
    if (table.fiscal_year && year != table.fiscal_year) {
      return cell(kYear).Wrong("一つの表には一つの年度だけを書きます");
    }
    table.fiscal_year = year;
    TORIKUMI_ASSIGN_OR_RETURN(const int no,
                              cell(kNo).Whole(1, 1'000'000, "1 以上の整数にしてください"));
    if (!no) return cell(kNo).Wrong("No. がありません");
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
    std::string month_text = cell(kMonth).Text();
    if (month_text.ends_with("月")) month_text.resize(month_text.size() - std::string("月").size());
    const auto month_number = text::ReadNumber(month_text);
    if (!month_number || *month_number != std::floor(*month_number) || *month_number < 1 ||
        *month_number > 12) {
      return cell(kMonth).Wrong("「4月」のように 1 から 12 の月を書いてください");
    }
    const int month = int(*month_number);
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
      std::stable_sort(x->milestones.begin(), x->milestones.end(),
                       [](const auto& a, const auto& b) {
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
  }
  if (!table.fiscal_year) return Error::InvalidInput("指標の表に行がありません");
  return table;
}

}  // namespace torikumi::sheet
