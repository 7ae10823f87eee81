#include "sheet/process_sheet.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "sheet/delimited.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

using model::Initiative;

constexpr std::size_t kColumns = 14;

enum Column : std::size_t {
  kNo,
  kDepartment,
  kSection,
  kGoal,
  kPolicy,
  kProject,
  kSubproject,
  kTitle,
  kOverview,
  kPeriodGoals,
  kPlan,
  kRating,
  kProgress,
  kCoOwners,
};

// The first header row's names, in order. Published sheets shift them by merged cells, so
// a header is recognised by holding these in this order, not by their positions.
constexpr std::array<std::string_view, 12> kHeaderNames{
    "No.",    "所管部課", "総合計画", "事業名", "細事業名", "取組名",
    "取組の概要", "年度目標", "年度計画", "進捗度", "進捗状況及び課題", "共同所管"};

// The two header rows as torikumi writes them, aligned with the data columns.
constexpr std::array<std::string_view, kColumns> kHeaderRow1{
    "No.",      "所管部課", "",         "総合計画", "",       "事業名", "細事業名",
    "取組名",   "取組の概要", "年度目標", "年度計画", "進捗度", "進捗状況及び課題", "共同所管"};
constexpr std::array<std::string_view, kColumns> kHeaderRow2{
    "", "", "", "分野別目標", "施策", "", "", "", "", "", "", "", "", ""};

// Spreadsheet programs run a cell starting with one of these as a formula.
constexpr std::string_view kFormulaLeads = "=+-@\t\r";

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

// Removes the guard a writer put before a formula-like cell.
std::string_view Unguarded(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && kFormulaLeads.find(cell[1]) != std::string_view::npos) {
    cell.remove_prefix(1);
  }
  return cell;
}

Delimiter SniffDelimiter(std::string_view text) {
  const std::size_t tab = text.find('\t');
  const std::size_t comma = text.find(',');
  return tab != std::string_view::npos && (comma == std::string_view::npos || tab < comma)
             ? Delimiter::kTab
             : Delimiter::kComma;
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
  for (std::string& cell : cells) cell = std::string(Unguarded(cell));
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
  initiative.rating = text::CellText(cells[kRating]);
  initiative.progress = text::ParseEntries(text::CellParagraphs(cells[kProgress]));
  initiative.co_owners = text::SplitCoOwners(text::CellParagraphs(cells[kCoOwners]));
  if (initiative.title.empty()) {
    return Error::InvalidInput("No. " + std::to_string(initiative.no) + " の取組名が空です",
                               {"", record.line, int(kTitle) + 1});
  }
  return initiative;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A cell's text as the published sheet writes it: one paragraph plain, several as <p>s.
std::string CellOf(const std::vector<std::string>& paragraphs) {
  if (paragraphs.size() == 1 && paragraphs[0].find('\n') == std::string::npos &&
      text::CellParagraphs(paragraphs[0]) == paragraphs) {
    return paragraphs[0];
  }
  return text::ParagraphsToCellHtml(paragraphs);
}

std::string CellOf(const std::string& text) { return CellOf(SplitLines(text)); }

std::string Guarded(std::string cell) {
  if (!cell.empty() && kFormulaLeads.find(cell[0]) != std::string_view::npos) cell.insert(0, "'");
  return cell;
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

Result<ReadResult> ReadProcessSheet(std::string_view bytes, const ReadOptions& options) {
  auto decoded = text::DecodeText(bytes);
  if (!decoded) return decoded.error();
  const std::string& text = decoded->utf8;
  const Delimiter delimiter = options.delimiter.value_or(SniffDelimiter(text));
  auto records = ReadDelimited(text, static_cast<char>(delimiter));
  if (!records) return records.error();

  std::size_t header = 0;
  std::optional<int> title_year;
  while (header < records->size() && !IsHeaderRow((*records)[header])) {
    if (!title_year) {
      for (const std::string& cell : (*records)[header].cells) {
        if (auto year = text::FindFiscalYear(cell)) {
          title_year = year;
          break;
        }
      }
    }
    ++header;
  }
  if (header == records->size()) {
    return Error::InvalidInput(
        "取組実施プロセスシートではありません: 見出し行 (No. 所管部課 総合計画 … 共同所管) "
        "がありません",
        {"", 1, 0});
  }
  const int header_line = (*records)[header].line;
  const std::optional<int> year = options.fiscal_year ? options.fiscal_year : title_year;
  if (!year) {
    return Error::InvalidInput(
        "年度が分かりません: 見出しの前にタイトル行 (例: R7取組実施プロセスシート) がないため、"
        "--year で指定してください",
        {"", header_line, 0});
  }

  ReadResult result{{}, decoded->source};
  result.sheet.fiscal_year = *year;
  std::set<int> seen;
  for (std::size_t i = header + 1; i < records->size(); ++i) {
    const Record& record = (*records)[i];
    if (IsBlank(record)) continue;
    // The second header row: nothing in the No. column, only 分野別目標 and 施策.
    if (i == header + 1 && text::Trim(record.cells[0]).empty()) continue;
    auto initiative = ReadInitiative(record);
    if (!initiative) return initiative.error();
    if (!seen.insert(initiative->no).second) {
      return Error::InvalidInput("No. " + std::to_string(initiative->no) + " が重複しています",
                                 {"", record.line, 1});
    }
    result.sheet.initiatives.push_back(std::move(*initiative));
  }
  std::sort(result.sheet.initiatives.begin(), result.sheet.initiatives.end(),
            [](const Initiative& a, const Initiative& b) { return a.no < b.no; });
  return result;
}

WriteResult WriteProcessSheet(const model::Sheet& sheet, const WriteOptions& options) {
  const char delimiter = static_cast<char>(options.delimiter);
  const bool csv = options.delimiter == Delimiter::kComma;
  const std::string_view newline = csv ? "\r\n" : "\n";
  std::string out;
  auto write_row = [&](const auto& cells) {
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out += delimiter;
      out += QuoteCell(Guarded(std::string(cell)), delimiter);
      first = false;
    }
    out += newline;
  };
  out += newline;
  out += QuoteCell(text::FiscalYearShortName(sheet.fiscal_year) + "取組実施プロセスシート", delimiter);
  out += newline;
  out += newline;
  write_row(kHeaderRow1);
  write_row(kHeaderRow2);
  for (const Initiative& i : sheet.initiatives) {
    const std::array<std::string, kColumns> cells{
        std::to_string(i.no),
        CellOf(i.department),
        CellOf(i.section),
        CellOf(text::FormatNumberedTitle(i.goal)),
        CellOf(text::FormatNumberedTitle(i.policy)),
        CellOf(i.project),
        CellOf(i.subproject),
        CellOf(i.title),
        CellOf(i.overview),
        CellOf(text::FormatPeriodGoals(i.period_goals)),
        CellOf(text::FormatEntries(i.plan)),
        CellOf(i.rating),
        CellOf(text::FormatEntries(i.progress)),
        CellOf(JoinedCoOwners(i.co_owners)),
    };
    write_row(cells);
  }

  WriteResult result;
  if (options.encoding == OutputEncoding::kCp932) {
    text::Cp932Text encoded = text::EncodeCp932(out);
    result.bytes = std::move(encoded.bytes);
    result.substitutions = std::move(encoded.substitutions);
  } else {
    result.bytes = csv ? "\xEF\xBB\xBF" + out : std::move(out);
  }
  return result;
}

}  // namespace torikumi::sheet
