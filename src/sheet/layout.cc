#include "sheet/layout.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

using model::Initiative;

// The first header row's names, in order. Published sheets shift them by merged cells, so
// a header is recognised by holding these in this order, not by their positions.
constexpr std::array<std::string_view, 12> kHeaderNames{
    "No.",        "所管部課", "総合計画", "事業名", "細事業名",         "取組名",
    "取組の概要", "年度目標", "年度計画", "進捗度", "進捗状況及び課題", "共同所管"};

std::string_view Normalized(std::string_view cell) {
  cell = text::Trim(cell);
  if (cell == "No" || cell == "NO." || cell == "Ｎｏ．" || cell == "№") return "No.";
  return cell;
}

bool IsHeaderRow(const Record& record) {
  std::size_t next = 0;
  for (const std::string& cell : record.cells) {
    if (next < kHeaderNames.size() && Normalized(cell) == kHeaderNames[next]) ++next;
  }
  return next == kHeaderNames.size();
}

bool IsBlank(const Record& record) {
  return std::all_of(record.cells.begin(), record.cells.end(),
                     [](const std::string& cell) { return text::Trim(cell).empty(); });
}

Result<int> ReadNo(std::string_view cell, int line) {
  const std::string_view trimmed = text::Trim(cell);
  std::string ascii;
  std::size_t pos = 0;
  while (pos < trimmed.size()) {
    const char32_t c = text::NextCodePoint(trimmed, pos);
    if (c >= 0xff10 && c <= 0xff19) {
      ascii += char('0' + (c - 0xff10));
    } else if (c < 0x80) {
      ascii += char(c);
    } else {
      ascii += '?';
    }
  }
  int no = 0;
  auto [end, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), no);
  if (ascii.empty() || ec != std::errc() || end != ascii.data() + ascii.size() || no <= 0) {
    return Error::InvalidInput("No. が正の整数ではありません: 「" + std::string(trimmed) + "」",
                               {"", line, 1});
  }
  return no;
}

Result<Initiative> ReadInitiative(const Record& record) {
  std::vector<std::string> cells = record.cells;
  // Spreadsheets often carry empty columns past the sheet's last one; they mean nothing.
  while (cells.size() > kColumns && text::Trim(cells.back()).empty()) cells.pop_back();
  if (cells.size() != kColumns) {
    return Error::InvalidInput("列の数が " + std::to_string(cells.size()) + " です (" +
                                   std::to_string(kColumns) + " 列が必要です)",
                               {"", record.line, 0});
  }
  auto no = ReadNo(cells[kNo], record.line);
  if (!no) return no.error();
  Initiative initiative;
  initiative.no = *no;
  initiative.department = text::CellText(cells[kDepartment]);
  initiative.section = text::CellText(cells[kSection]);
  initiative.goal = text::ParseNumberedTitle(text::CellText(cells[kGoal]));
  initiative.policy = text::ParseNumberedTitle(text::CellText(cells[kPolicy]));
  initiative.project = text::CellText(cells[kProject]);
  initiative.subproject = text::CellText(cells[kSubproject]);
  initiative.title = text::CellText(cells[kTitle]);
  initiative.overview = text::CellText(cells[kOverview]);
  initiative.period_goals = text::ParsePeriodGoals(text::CellParagraphs(cells[kPeriodGoals]));
  initiative.plan = text::ParseEntries(text::CellParagraphs(cells[kPlan]));
  text::RatingCell rating = text::ParseRatingCell(text::CellParagraphs(cells[kRating]));
  initiative.rating = std::move(rating.rating);
  initiative.ending = std::move(rating.ending);
  initiative.co_owners = text::SplitCoOwners(text::CellParagraphs(cells[kCoOwners]));
  text::ProgressCell progress =
      text::ParseProgressCell(text::CellParagraphs(cells[kProgress]), initiative.co_owners);
  initiative.progress = std::move(progress.progress);
  initiative.notes = std::move(progress.notes);
  if (initiative.title.empty()) {
    return Error::InvalidInput("No. " + std::to_string(initiative.no) + " の取組名が空です",
                               {"", record.line, int(kTitle) + 1});
  }
  return initiative;
}

std::string JoinedCoOwners(const std::vector<std::string>& co_owners) {
  std::string joined;
  for (const std::string& name : co_owners) {
    if (!joined.empty()) joined += ' ';
    joined += name;
  }
  return joined;
}

}  // namespace

std::string SheetTitle(int fiscal_year, std::string_view municipality_name) {
  if (municipality_name.empty()) {
    return text::FiscalYearShortName(fiscal_year) + "取組実施プロセスシート";
  }
  return std::string(municipality_name) + " " + text::FiscalYearName(fiscal_year) +
         " 取組実施プロセスシート";
}

std::string EditionNote(const SheetEdition& edition) {
  if (edition.date.empty()) return "";
  return edition.date + (edition.published ? " 公開" : " 時点（未公開）");
}

RowParagraphs ParagraphsOf(const Initiative& i) {
  return {
      text::SplitLines(std::to_string(i.no)),
      text::SplitLines(i.department),
      text::SplitLines(i.section),
      text::SplitLines(text::FormatNumberedTitle(i.goal)),
      text::SplitLines(text::FormatNumberedTitle(i.policy)),
      text::SplitLines(i.project),
      text::SplitLines(i.subproject),
      text::SplitLines(i.title),
      text::SplitLines(i.overview),
      text::FormatPeriodGoals(i.period_goals),
      text::FormatEntries(i.plan),
      text::FormatRatingCell(i.rating, i.ending),
      text::FormatProgressCell(i.progress, i.notes),
      text::SplitLines(JoinedCoOwners(i.co_owners)),
  };
}

Result<model::Sheet> ReadSheetRecords(std::vector<Record> records, std::optional<int> fiscal_year) {
  std::size_t header = 0;
  std::optional<int> title_year;
  while (header < records.size() && !IsHeaderRow(records[header])) {
    if (!title_year) {
      for (const std::string& cell : records[header].cells) {
        if (auto year = text::FindFiscalYear(cell)) {
          title_year = year;
          break;
        }
      }
    }
    ++header;
  }
  if (header == records.size()) {
    return Error::InvalidInput(
        "取組実施プロセスシートではありません: 見出し行 (No. 所管部課 総合計画 … 共同所管) "
        "がありません",
        {"", 1, 0});
  }
  const int header_line = records[header].line;
  const std::optional<int> year = fiscal_year ? fiscal_year : title_year;
  if (!year) {
    return Error::InvalidInput(
        "年度が分かりません: 見出しの前にタイトル行 (例: R7取組実施プロセスシート) がないため、"
        "--year で指定してください",
        {"", header_line, 0});
  }

  model::Sheet sheet;
  sheet.fiscal_year = *year;
  std::set<int> seen;
  for (std::size_t i = header + 1; i < records.size(); ++i) {
    const Record& record = records[i];
    if (IsBlank(record)) continue;
    // The second header row: nothing in the No. column, only 分野別目標 and 施策.
    if (i == header + 1 && (record.cells.empty() || text::Trim(record.cells[0]).empty())) {
      continue;
    }
    auto initiative = ReadInitiative(record);
    if (!initiative) return initiative.error();
    if (!seen.insert(initiative->no).second) {
      return Error::InvalidInput("No. " + std::to_string(initiative->no) + " が重複しています",
                                 {"", record.line, 1});
    }
    sheet.initiatives.push_back(std::move(*initiative));
    records[i] = {};
  }
  std::sort(sheet.initiatives.begin(), sheet.initiatives.end(),
            [](const Initiative& a, const Initiative& b) { return a.no < b.no; });
  return sheet;
}

}  // namespace torikumi::sheet
