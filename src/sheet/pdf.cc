#include "sheet/pdf.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <optional>
#include <span>
#include <string_view>

#include "sheet/figures.h"
#include "sheet/pdf_document.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/number.h"

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

// The number after `key` on a line of a /proc or /sys file ("VmSize:   225332 kB").
std::optional<std::uint64_t> NumberAfter(const char* path, std::string_view key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with(key)) continue;
    const std::size_t start = line.find_first_of("0123456789", key.size());
    if (start == std::string::npos) return std::nullopt;
    std::uint64_t value = 0;
    std::from_chars(line.data() + start, line.data() + line.size(), value);
    return value;
  }
  return std::nullopt;
}

// The memory this process may still take: the least of what its address-space limit
// (ulimit -v) leaves, what its cgroup's memory.max leaves, and the system's MemAvailable.
// nullopt when none can be read.
std::optional<std::uint64_t> AvailableMemory() {
  std::optional<std::uint64_t> room;
  auto least = [&](std::uint64_t bytes) { room = std::min(room.value_or(bytes), bytes); };
  auto left = [](std::uint64_t limit, std::uint64_t used) {
    return limit > used ? limit - used : 0;
  };
  if (rlimit limit{}; getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    if (auto mapped = NumberAfter("/proc/self/status", "VmSize:")) {
      least(left(limit.rlim_cur, *mapped * 1024));
    }
  }
  if (auto available = NumberAfter("/proc/meminfo", "MemAvailable:")) least(*available * 1024);
  // cgroup v2: "0::/system.slice/torikumi.service" names the group.
  std::ifstream cgroups("/proc/self/cgroup");
  for (std::string line; std::getline(cgroups, line);) {
    if (!line.starts_with("0::")) continue;
    const std::string dir = "/sys/fs/cgroup" + line.substr(3);
    auto max = NumberAfter((dir + "/memory.max").c_str(), "");
    auto current = NumberAfter((dir + "/memory.current").c_str(), "");
    if (max && current) least(left(*max, *current));
  }
  return room;
}

// Whether the process has made a PDF, and so loaded the fonts (fontconfig's configuration,
// the two font files mapped), which it keeps.
std::atomic<bool> fonts_loaded = false;

// fontconfig, which finds the fonts, dereferences a failed allocation. So a PDF that
// memory cannot hold is refused before it is begun. Its laid-out cells take a few bytes
// for each byte of text, up to what the document keeps of them (pdf_document.cc), its
// pagination a few hundred bytes a row, the shapes its two typesetters keep up to 10 MB,
// and the fonts' subsets a few MB at the end; the first PDF maps the font files (40 MB)
// and loads fontconfig's cache.
constexpr std::uint64_t kPerTextByte = 8;
constexpr std::uint64_t kMostTextHeld = std::uint64_t(1) << 20;
constexpr std::uint64_t kPerRow = 512;

Result<void> CheckRoomToTypeset(std::uint64_t text_bytes, std::uint64_t rows) {
  const std::uint64_t base = (fonts_loaded ? 24ull : 88ull) << 20;
  const std::uint64_t need =
      base + kPerTextByte * std::min(text_bytes, kMostTextHeld) + kPerRow * rows;
  if (auto room = AvailableMemory(); room && *room < need) {
    return Error::Unavailable("メモリが足りないため、PDF を作れませんでした (あと " +
                              std::to_string((need - *room) >> 20) + " MiB 要ります)。");
  }
  return {};
}

// Renders `document` to `output`, noting that the fonts are loaded.
Result<void> Render(Document& document, const Output& output) {
  auto rendered = document.Render(output);
  fonts_loaded = true;
  return rendered;
}

// The 年度目標 cell with each goal's achievement beneath it, where the section states any.
Paragraphs GoalsWithAchievement(const model::Initiative& i) {
  Paragraphs cell;
  for (std::size_t k = 0; k < i.period_goals.size(); ++k) {
    for (std::string& p : text::FormatPeriodGoals({i.period_goals[k]}))
      cell.push_back(std::move(p));
    const std::vector<std::string> lines = GoalAchievementLines(i, k);
    if (lines == std::vector<std::string>{"―"}) continue;  // not begun, nothing to say
    std::string achievement;
    for (const std::string& line : lines) {
      achievement += achievement.empty() ? "→ 達成状況 " : "・";
      achievement += line;
    }
    cell.push_back(std::move(achievement));
  }
  return cell;
}

// Initiative `i` as a row of the sheet.
pdf::Row SheetRow(const model::Initiative& i) {
  RowParagraphs paragraphs = ParagraphsOf(i);
  if (!i.achievements.empty()) paragraphs[kPeriodGoals] = GoalsWithAchievement(i);
  return pdf::Row(std::make_move_iterator(paragraphs.begin()),
                  std::make_move_iterator(paragraphs.end()));
}

// An indicator as the initiative's PDF shows it: its facts, its chart and its values.
void AddIndicator(Document& document, const model::Initiative& i, const model::Indicator& x) {
  document.AddHeading("指標: " + x.name + (x.unit.empty() ? "" : "（" + x.unit + "）"));
  Table facts;
  constexpr double kFactShares[] = {22, 78};
  facts.widths = Widths(kFactShares, document.BodyWidth());
  facts.shaded_columns = {0};
  for (IndicatorFact& fact : IndicatorFactsOf(i, x)) {
    facts.rows.push_back({{std::move(fact.term)}, {std::move(fact.value)}});
  }
  document.AddTable(std::move(facts));

  const IndicatorChart data = IndicatorChartOf(x);
  pdf::LineChart chart;
  for (int index = 0; index < 12; ++index) {
    chart.slots.push_back(std::to_string(model::MonthSet::MonthAt(index)) + "月");
  }
  chart.low = data.low;
  chart.high = data.high;
  for (double v : {data.low, (data.low + data.high) / 2, data.high}) {
    chart.gridlines.emplace_back(v, ShownNumber(v));
  }
  chart.series.push_back({data.path, kPathLabel, false, false});
  chart.series.push_back({data.values, data.values_label, true, true});
  document.AddChart(chart);

  const bool monthly = x.kind == model::IndicatorKind::kMonthly;
  Table values;
  values.header_rows = 1;
  if (monthly) {
    constexpr double kShares[] = {10, 16, 16, 16, 42};
    values.widths = Widths(kShares, document.BodyWidth());
    values.header = {
        {"月", 0, 0}, {"実績", 0, 1}, {"年度の合計", 0, 2}, {kPathLabel, 0, 3}, {"備考", 0, 4}};
    values.centered_columns = {0, 1, 2, 3};
  } else {
    constexpr double kShares[] = {10, 18, 18, 54};
    values.widths = Widths(kShares, document.BodyWidth());
    values.header = {{"月", 0, 0}, {"実績", 0, 1}, {kPathLabel, 0, 2}, {"備考", 0, 3}};
    values.centered_columns = {0, 1, 2};
  }
  for (IndicatorMonthRow& row : IndicatorMonthRowsOf(x)) {
    std::vector<Paragraphs> cells{{std::to_string(row.month) + "月"}, {std::move(row.actual)}};
    if (monthly) cells.push_back({std::move(row.total)});
    cells.push_back({std::move(row.path)});
    cells.push_back(text::SplitLines(row.note));
    values.rows.push_back(std::move(cells));
  }
  document.AddTable(std::move(values));
}

std::uint64_t TextBytes(std::span<const Paragraphs> row) {
  std::uint64_t bytes = 0;
  for (const Paragraphs& cell : row) {
    for (const std::string& paragraph : cell) bytes += paragraph.size();
  }
  return bytes;
}

}  // namespace

Result<void> WriteSheetPdf(const model::Sheet& sheet, const SheetEdition& edition,
                           const Output& output, const model::ProgressReport& progress) {
  // The text of the first rows tells how much the layouts kept will take, which is bounded.
  std::uint64_t text_bytes = 0;
  for (const model::Initiative& i : sheet.initiatives) {
    if (text_bytes >= kMostTextHeld) break;
    text_bytes += TextBytes(SheetRow(i));
  }
  // Before the document, whose typesetter loads the fonts.
  TORIKUMI_RETURN_IF_ERROR(CheckRoomToTypeset(text_bytes, sheet.initiatives.size()));
  Document document(pdf::kA3Landscape, SheetTitle(sheet.fiscal_year, sheet.municipality.name),
                    EditionNote(edition));
  document.ReportTo(progress);
  Table table;
  table.widths = Widths(kSheetColumnShares, document.BodyWidth());
  table.header_rows = 2;
  table.header = SheetHeader();
  table.identity_columns = {kNo, kDepartment, kSection, kTitle};
  table.centered_columns = {kNo, kRating};
  table.row_count = sheet.initiatives.size();
  table.make_row = [&sheet](std::size_t r) { return SheetRow(sheet.initiatives[r]); };
  document.AddTable(std::move(table));
  return Render(document, output);
}

Result<std::string> WriteSheetPdf(const model::Sheet& sheet, const SheetEdition& edition) {
  std::string bytes;
  TORIKUMI_RETURN_IF_ERROR(WriteSheetPdf(sheet, edition, IntoString(bytes)));
  return bytes;
}

Result<std::string> WriteInitiativePdf(int fiscal_year, std::string_view municipality_name,
                                       const model::RatingScale& scale, const model::Initiative& i,
                                       const SheetEdition& edition) {
  const RowParagraphs cells = ParagraphsOf(i);
  TORIKUMI_RETURN_IF_ERROR(CheckRoomToTypeset(TextBytes(cells), cells.size()));
  Document document(pdf::kA4Portrait, SheetTitle(fiscal_year, municipality_name),
                    EditionNote(edition));
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
  document.AddTable(std::move(facts));

  document.AddHeading("年度目標");
  Table goals;
  const bool achieved = !i.achievements.empty();
  goals.header_rows = 1;
  if (achieved) {
    constexpr double kGoalShares[] = {18, 12, 20, 50};
    goals.widths = Widths(kGoalShares, document.BodyWidth());
    goals.header = {{"期間", 0, 0}, {"全体達成率", 0, 1}, {"達成状況", 0, 2}, {"目標", 0, 3}};
  } else {
    constexpr double kGoalShares[] = {20, 14, 66};
    goals.widths = Widths(kGoalShares, document.BodyWidth());
    goals.header = {{"期間", 0, 0}, {"全体達成率", 0, 1}, {"目標", 0, 2}};
  }
  goals.centered_columns = {1};
  for (std::size_t k = 0; k < i.period_goals.size(); ++k) {
    const model::PeriodGoal& goal = i.period_goals[k];
    std::vector<Paragraphs> row{
        {goal.months.empty() ? "―" : goal.months.ToJapanese()},
        {goal.target_rate ? text::FormatNumber(*goal.target_rate) + "%" : "―"}};
    if (achieved) row.push_back(GoalAchievementLines(i, k));
    row.push_back(text::SplitLines(goal.text));
    goals.rows.push_back(std::move(row));
  }
  if (goals.rows.empty()) {
    goals.rows.push_back({{"―"}, {"―"}});
    if (achieved) goals.rows.back().push_back({"―"});
    goals.rows.back().push_back({"（記載なし）"});
  }
  document.AddTable(std::move(goals));
  for (const model::Indicator& x : i.indicators) AddIndicator(document, i, x);

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
  document.AddTable(std::move(months));
  std::string bytes;
  TORIKUMI_RETURN_IF_ERROR(Render(document, IntoString(bytes)));
  return bytes;
}

}  // namespace torikumi::sheet
