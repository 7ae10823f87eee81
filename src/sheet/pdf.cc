#include "sheet/pdf.h"

#include <array>
#include <span>

#include "sheet/pdf_document.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"

namespace torikumi::sheet {
namespace {

using pdf::Document;
using pdf::HeaderCell;
using pdf::Table;
using Paragraphs = std::vector<std::string>;

// Each column's share of the page's width, in points of the A3 body (1,134 pt): narrow
// for short values, wide for the long text of 概要, 目標, 計画 and 進捗.
constexpr std::array<double, kColumns> kSheetColumnShares{22, 50,  60,  70,  70, 60,  60,
                                                          90, 140, 130, 130, 34, 160, 58};

std::vector<double> Widths(std::span<const double> shares, double body_width) {
  double total = 0;
  for (double share : shares) total += share;
  std::vector<double> widths;
  for (double share : shares) widths.push_back(share / total * body_width);
  return widths;
}

std::vector<HeaderCell> SheetHeader() {
  std::vector<HeaderCell> header;
  for (std::size_t c = 0; c < kColumns; ++c) {
    const std::string name(kHeaderRow1[c]);
    if (c == kDepartment) {
      header.push_back({name, 0, int(c), 2, 2});
    } else if (c == kGoal) {
      header.push_back({name, 0, int(c), 1, 2});
      header.push_back({std::string(kHeaderRow2[kGoal]), 1, int(kGoal), 1, 1});
      header.push_back({std::string(kHeaderRow2[kPolicy]), 1, int(kPolicy), 1, 1});
    } else if (!name.empty()) {
      header.push_back({name, 0, int(c), 2, 1});
    }
  }
  return header;
}

Paragraphs MonthCell(const std::vector<model::Entry>& entries, int month) {
  Paragraphs cell;
  for (const text::MonthMention& mention : text::MentionsInMonth(entries, month)) {
    if (mention.continued) {
      cell.push_back(text::ContinuedNote(*mention.entry));
      continue;
    }
    Paragraphs lines = text::SplitLines(mention.entry->text);
    if (!mention.months.empty()) {
      if (lines.empty()) lines.emplace_back();
      lines.front() = "【" + mention.months + "】" + lines.front();
    }
    cell.insert(cell.end(), lines.begin(), lines.end());
  }
  return cell;
}

// The owner's progress of the month, then each co-owning section's note under its name.
Paragraphs ProgressCell(const model::Initiative& i, int month) {
  Paragraphs cell = MonthCell(i.progress, month);
  for (const model::Note& note : i.notes) {
    if (note.month != month) continue;
    cell.push_back("【共同所管「" + note.section + "」の追記】");
    for (std::string& line : text::SplitLines(note.text)) cell.push_back(std::move(line));
  }
  return cell;
}

Paragraphs UndatedCell(const std::vector<model::Entry>& entries) {
  Paragraphs cell;
  for (const model::Entry& entry : entries) {
    if (!entry.months.empty()) continue;
    Paragraphs lines = text::SplitLines(entry.text);
    cell.insert(cell.end(), lines.begin(), lines.end());
  }
  return cell;
}

}  // namespace

Result<std::string> WriteSheetPdf(const model::Sheet& sheet, const SheetEdition& edition) {
  Document document(pdf::kA3Landscape, SheetTitle(sheet.fiscal_year, sheet.municipality.name),
                    EditionNote(edition));
  Table table;
  table.widths = Widths(kSheetColumnShares, document.BodyWidth());
  table.header_rows = 2;
  table.header = SheetHeader();
  table.identity_columns = {kNo, kDepartment, kSection, kTitle};
  table.centered_columns = {kNo, kRating};
  table.rows.reserve(sheet.initiatives.size());
  for (const model::Initiative& i : sheet.initiatives) {
    const RowParagraphs paragraphs = ParagraphsOf(i);
    table.rows.emplace_back(paragraphs.begin(), paragraphs.end());
  }
  document.AddTable(table);
  return document.Render();
}

Result<std::string> WriteInitiativePdf(int fiscal_year, std::string_view municipality_name,
                                       const model::RatingScale& scale, const model::Initiative& i,
                                       const SheetEdition& edition) {
  Document document(pdf::kA4Portrait, SheetTitle(fiscal_year, municipality_name),
                    EditionNote(edition));
  const RowParagraphs cells = ParagraphsOf(i);
  document.AddHeading("No." + std::to_string(i.no) + "　" + i.title);

  Table facts;
  constexpr double kFactShares[] = {22, 78};
  facts.widths = Widths(kFactShares, document.BodyWidth());
  facts.shaded_columns = {0};
  std::string rating = i.rating;
  if (const std::string_view label = scale.LabelOf(i.rating); !label.empty() && label != i.rating) {
    rating += "（" + std::string(label) + "）";
  }
  std::vector<std::pair<const char*, Paragraphs>> fact_rows{{
      {"所管部課", {i.department + "　" + i.section}},
      {"分野別目標", cells[kGoal]},
      {"施策", cells[kPolicy]},
      {"事業名", cells[kProject]},
      {"細事業名", cells[kSubproject]},
      {"取組の概要", cells[kOverview]},
      {"進捗度", text::SplitLines(rating)},
      {"共同所管", cells[kCoOwners]},
  }};
  if (i.ending)
    fact_rows.push_back({"終了・廃止", text::SplitLines(text::FormatEnding(*i.ending))});
  for (const auto& [label, value] : fact_rows) facts.rows.push_back({{label}, value});
  document.AddTable(facts);

  document.AddHeading("年度目標");
  Table goals;
  constexpr double kGoalShares[] = {20, 14, 66};
  goals.widths = Widths(kGoalShares, document.BodyWidth());
  goals.header_rows = 1;
  goals.header = {{"期間", 0, 0}, {"全体達成率", 0, 1}, {"目標", 0, 2}};
  goals.centered_columns = {1};
  for (const model::PeriodGoal& goal : i.period_goals) {
    goals.rows.push_back({{goal.months.empty() ? "―" : goal.months.ToJapanese()},
                          {goal.target_rate ? text::FormatRate(*goal.target_rate) + "%" : "―"},
                          text::SplitLines(goal.text)});
  }
  if (goals.rows.empty()) goals.rows.push_back({{"―"}, {"―"}, {"（記載なし）"}});
  document.AddTable(goals);

  document.AddHeading("月別の計画と進捗");
  Table months;
  constexpr double kMonthShares[] = {10, 45, 45};
  months.widths = Widths(kMonthShares, document.BodyWidth());
  months.header_rows = 1;
  months.header = {{"月", 0, 0}, {"年度計画", 0, 1}, {"進捗状況及び課題", 0, 2}};
  months.centered_columns = {0};
  months.identity_columns = {0};
  for (int index = 0; index < 12; ++index) {
    const int month = model::MonthSet::MonthAt(index);
    months.rows.push_back(
        {{std::to_string(month) + "月"}, MonthCell(i.plan, month), ProgressCell(i, month)});
  }
  Paragraphs undated_plan = UndatedCell(i.plan);
  Paragraphs undated_progress = UndatedCell(i.progress);
  if (!undated_plan.empty() || !undated_progress.empty()) {
    months.rows.push_back({{"時期の記載なし"}, undated_plan, undated_progress});
  }
  document.AddTable(months);
  return document.Render();
}

}  // namespace torikumi::sheet
