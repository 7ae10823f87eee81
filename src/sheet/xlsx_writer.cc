// The XLSX writer, on libxlsxwriter. The library writes only to a named file, so the
// workbook goes through a private temporary file that is read back and removed.

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <tuple>

#include "sheet/figures.h"
#include "sheet/indicators_table.h"
#include "sheet/layout.h"
#include "sheet/xlsx.h"
#include "text/cell.h"
#include "text/era.h"
#include "text/utf8.h"
#include "text/width.h"

namespace torikumi::sheet {
namespace {

constexpr std::size_t kMaxCellUnits = 32767;  // what an Excel cell holds, in UTF-16 units
constexpr double kMaxRowHeight = 409;         // points, Excel's limit
constexpr double kFontSize = 9;
// Excel's width unit is a digit of the workbook's default font (Calibri 11, 7 px); a 9 pt
// kanji is 12 px, 1.7 units, in Excel's 游ゴシック, and narrower in the Noto Sans CJK that
// LibreOffice sets it in. Rows sized by Excel's measure print whole in both.
constexpr double kUnitsPerHalfWidth = 0.875;
constexpr double kLineHeight = 12;
constexpr double kRowPadding = 4;

// The first worksheet row of each part (0-based).
constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kHeaderRow = 2;
constexpr lxw_row_t kFirstDataRow = 4;

// Bounds of each column's width, in Excel's units (about one Latin digit; a kanji is two):
// short values are fitted to their longest, long text keeps a readable measure.
struct WidthBounds {
  double min;
  double max;
};
// The bounds add up to what fits an A3 page's width at about three quarters of full size.
constexpr std::array<WidthBounds, kColumns> kWidthBounds{{
    {4, 5},    // No.
    {7, 10},   // 部
    {7, 12},   // 課
    {12, 16},  // 分野別目標
    {12, 16},  // 施策
    {10, 14},  // 事業名
    {10, 14},  // 細事業名
    {14, 20},  // 取組名
    {24, 30},  // 取組の概要
    {24, 28},  // 年度目標
    {24, 28},  // 年度計画
    {5, 7},    // 進捗度
    {28, 34},  // 進捗状況及び課題
    {8, 12},   // 共同所管
}};

// The length Excel counts: UTF-16 units, two for a character beyond the BMP (𠮷).
std::size_t Utf16Units(std::string_view s) {
  std::size_t count = 0;
  for (unsigned char c : s) count += ((c & 0xC0) != 0x80) + (c >= 0xF0);
  return count;
}

// SpreadsheetML reads "_x000D_" as a CR; text that looks like such an escape has its "_"
// escaped ("_x005F_"), so that it reads back as written.
std::string EscapedForSpreadsheetMl(std::string text) {
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  for (std::size_t i = 0; i + 6 < text.size(); ++i) {
    if (text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_' && is_hex(text[i + 2]) &&
        is_hex(text[i + 3]) && is_hex(text[i + 4]) && is_hex(text[i + 5])) {
      text.replace(i, 1, "_x005F_");
      i += 6;
    }
  }
  return text;
}

// Cells are written as people type them in Excel, paragraphs on lines of their own. Only
// text that the cell reader would take for markup ("<p>", "&amp;") is written as the
// sheet's cell HTML, so that it reads back the same.
std::string CellTextOf(const std::vector<std::string>& paragraphs) {
  const std::string joined = text::JoinLines(paragraphs);
  return EscapedForSpreadsheetMl(
      text::CellParagraphs(joined) == paragraphs ? joined : text::ParagraphsToCellHtml(paragraphs));
}

// Lines the text takes wrapped in a column `width` units wide: Japanese wraps between any
// two characters, so a paragraph takes its width over the column's, rounded up.
int WrappedLines(const std::vector<std::string>& paragraphs, double width) {
  const double usable = std::max(1.0, width - 1);
  int lines = 0;
  for (const std::string& p : paragraphs) {
    lines += std::max(1, int(std::ceil(text::DisplayWidth(p) * kUnitsPerHalfWidth / usable)));
  }
  return std::max(lines, 1);
}

time_t MidnightUtc(std::string_view date) {
  std::tm tm{};
  const auto number = [&](std::size_t at, std::size_t size, int& out) {
    const char* first = date.data() + at;
    return std::from_chars(first, first + size, out).ptr == first + size;
  };
  if (date.size() != 10 || !number(0, 4, tm.tm_year) || !number(5, 2, tm.tm_mon) ||
      !number(8, 2, tm.tm_mday)) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

Result<void> CheckCellLengths(const RowParagraphs& row, int no) {
  for (std::size_t c = 0; c < kColumns; ++c) {
    if (Utf16Units(CellTextOf(row[c])) > kMaxCellUnits) {
      const std::string_view heading = kHeaderRow2[c].empty() ? kHeaderRow1[c] : kHeaderRow2[c];
      return Error::InvalidInput("No. " + std::to_string(no) + " の「" + std::string(heading) +
                                 "」が長すぎます。Excel のセルに入る 32,767 文字 (UTF-16) "
                                 "までにしてください");
    }
  }
  return {};
}

// Each column's width, fitted to its widest paragraph over the header and every initiative,
// whose cells are checked on the way: the first of two passes, so that the second writes
// each row as it makes it and keeps none.
Result<std::array<double, kColumns>> ColumnWidths(const model::Sheet& sheet) {
  std::array<int, kColumns> widest{};
  for (std::size_t c = 0; c < kColumns; ++c) widest[c] = text::DisplayWidth(kHeaderRow1[c]);
  for (const model::Initiative& i : sheet.initiatives) {
    const RowParagraphs row = ParagraphsOf(i);
    TORIKUMI_RETURN_IF_ERROR(CheckCellLengths(row, i.no));
    for (std::size_t c = 0; c < kColumns; ++c) {
      for (const std::string& p : row[c]) widest[c] = std::max(widest[c], text::DisplayWidth(p));
    }
  }
  std::array<double, kColumns> widths{};
  for (std::size_t c = 0; c < kColumns; ++c) {
    widths[c] =
        std::clamp(widest[c] * kUnitsPerHalfWidth + 1.5, kWidthBounds[c].min, kWidthBounds[c].max);
  }
  return widths;
}

// A temporary file removed when this goes out of scope.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "torikumi-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) (void)std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Formats {
  lxw_format* title;
  lxw_format* date;
  lxw_format* header;
  lxw_format* text;
  lxw_format* centered;
};

Formats AddFormats(lxw_workbook* workbook) {
  auto base = [&] {
    lxw_format* f = workbook_add_format(workbook);
    format_set_font_name(f, "游ゴシック");
    format_set_font_size(f, kFontSize);
    return f;
  };
  Formats formats{};
  formats.title = base();
  format_set_bold(formats.title);
  format_set_font_size(formats.title, 14);
  formats.date = base();
  format_set_align(formats.date, LXW_ALIGN_RIGHT);
  formats.header = base();
  format_set_bold(formats.header);
  format_set_align(formats.header, LXW_ALIGN_CENTER);
  format_set_align(formats.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(formats.header);
  format_set_border(formats.header, LXW_BORDER_THIN);
  format_set_bg_color(formats.header, 0xDDEBF7);
  formats.text = base();
  format_set_text_wrap(formats.text);
  format_set_align(formats.text, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(formats.text, LXW_BORDER_THIN);
  formats.centered = base();
  format_set_text_wrap(formats.centered);
  format_set_align(formats.centered, LXW_ALIGN_CENTER);
  format_set_align(formats.centered, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(formats.centered, LXW_BORDER_THIN);
  return formats;
}

// Row by row, as a workbook in constant memory is written: libxlsxwriter keeps only the
// current row, so each row's cells are written whole, and a merge is given while its last row
// is the current one (its padding of cells on rows already written is then dropped, and they
// are the cells written here).
void WriteHeader(lxw_worksheet* sheet, const Formats& f) {
  const lxw_row_t top = kHeaderRow;
  const lxw_row_t bottom = kHeaderRow + 1;
  const auto write_row = [&](lxw_row_t row, const auto& names) {
    worksheet_set_row(sheet, row, 20, nullptr);
    for (lxw_col_t c = 0; c < kColumns; ++c) {
      const std::string name(names[c]);
      if (name.empty()) {
        worksheet_write_blank(sheet, row, c, f.header);
      } else {
        worksheet_write_string(sheet, row, c, name.c_str(), f.header);
      }
    }
  };
  write_row(top, kHeaderRow1);
  const std::string goals(kHeaderRow1[kGoal]);
  worksheet_merge_range(sheet, top, kGoal, top, kGoal + 1, goals.c_str(), f.header);
  write_row(bottom, kHeaderRow2);
  for (lxw_col_t c = 0; c < kColumns; ++c) {
    const std::string name(kHeaderRow1[c]);
    if (c == kDepartment) {
      worksheet_merge_range(sheet, top, c, bottom, c + 1, name.c_str(), f.header);
    } else if (!name.empty() && c != kGoal) {
      worksheet_merge_range(sheet, top, c, bottom, c, name.c_str(), f.header);
    }
  }
}

void SetUpPrinting(lxw_worksheet* sheet, const std::string& title, const std::string& note) {
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 8);  // A3
  worksheet_set_margins(sheet, 0.4, 0.4, 0.6, 0.6);
  worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow + 1);
  worksheet_fit_to_pages(sheet, 1, 0);
  const std::string header = "&L" + title + (note.empty() ? "" : "&R" + note);
  worksheet_set_header(sheet, header.c_str());
  worksheet_set_footer(sheet, "&C&P / &N");
}

// A table of figures on a worksheet of its own: a header row, frozen, then the rows of each
// initiative, with the number columns as numbers, so that they can be summed and charted in
// the workbook. Two passes over the initiatives, the first for the columns' widths, so that
// no more than an initiative's rows are held. The number of the last row written (1-based).
template <typename Row>
std::size_t WriteFiguresWorksheet(lxw_workbook* workbook, const char* name,
                                  const model::Sheet& sheet, const Row& header,
                                  void (*add_rows)(int, const model::Initiative&,
                                                   std::vector<Row>&),
                                  bool (*is_number_column)(std::size_t), const Formats& f,
                                  const std::function<void(lxw_error)>& check) {
  lxw_worksheet* ws = workbook_add_worksheet(workbook, name);
  if (!ws) {
    check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    return 0;
  }
  constexpr std::size_t kN = std::tuple_size_v<Row>;
  std::array<int, kN> widest;
  widest.fill(4);
  const auto widen = [&](const Row& row) {
    for (std::size_t c = 0; c < kN; ++c)
      widest[c] = std::max(widest[c], text::DisplayWidth(row[c]));
  };
  widen(header);
  std::vector<Row> rows;
  for (const model::Initiative& i : sheet.initiatives) {
    rows.clear();
    add_rows(sheet.fiscal_year, i, rows);
    for (const Row& row : rows) widen(row);
  }
  for (std::size_t c = 0; c < kN; ++c) {
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c),
                         std::min(30.0, widest[c] * kUnitsPerHalfWidth + 1.5), nullptr);
  }
  lxw_row_t at = 0;
  const auto write = [&](const Row& cells, lxw_format* format, bool numbers) {
    for (std::size_t c = 0; c < kN; ++c) {
      const std::string& value = cells[c];
      const auto column = lxw_col_t(c);
      double number = 0;
      const char* end = value.data() + value.size();
      if (value.empty()) {
        check(worksheet_write_blank(ws, at, column, format));
      } else if (numbers && is_number_column(c) &&
                 std::from_chars(value.data(), end, number).ptr == end) {
        check(worksheet_write_number(ws, at, column, number, format));
      } else {
        check(worksheet_write_string(ws, at, column, value.c_str(), format));
      }
    }
    ++at;
  };
  write(header, f.header, false);
  for (const model::Initiative& i : sheet.initiatives) {
    rows.clear();
    add_rows(sheet.fiscal_year, i, rows);
    for (const Row& row : rows) write(row, f.text, true);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_repeat_rows(ws, 0, 0);
  worksheet_fit_to_pages(ws, 1, 0);
  return at;
}

// A note on each 年度目標 cell saying how far its goals have come, where the section states any.
void CommentAchievement(lxw_worksheet* ws, lxw_row_t row, const model::Initiative& i,
                        const std::function<void(lxw_error)>& check) {
  if (i.achievements.empty()) return;
  std::string comment = "達成状況";
  for (std::size_t k = 0; k < i.period_goals.size(); ++k) {
    const model::PeriodGoal& goal = i.period_goals[k];
    comment += '\n';
    comment += goal.months.empty() ? "期間の記載なし" : goal.months.ToJapanese();
    comment += ": ";
    const std::vector<std::string> lines = GoalAchievementLines(i, k);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      if (n) comment += "・";
      comment += lines[n];
    }
  }
  lxw_comment_options options{};
  options.author = const_cast<char*>("torikumi");
  options.width = 320;
  options.height = uint16_t(std::min<std::size_t>(300, 30 + 16 * i.period_goals.size()));
  check(worksheet_write_comment_opt(ws, row, kPeriodGoals, comment.c_str(), &options));
}

// Read straight into a string of the file's size: a workbook of a large sheet is tens of
// megabytes, and a stream's buffer and its copy would hold it three times.
Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  if (!in || size < 0) return Error::Io("作成した XLSX ファイルを読めません");
  std::string bytes(std::size_t(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return Error::Io("作成した XLSX ファイルを読めません");
  return bytes;
}

}  // namespace

Result<std::string> WriteProcessSheetXlsx(const model::Sheet& sheet, const SheetEdition& edition,
                                          const model::ProgressReport& progress) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto widths, ColumnWidths(sheet));

  TemporaryFile file;
  if (file.path().empty()) return Error::Io("XLSX を作る一時ファイルを作れません");
  // Row by row to temporary files, so that memory stays the same whatever the sheet's length:
  // libxlsxwriter would otherwise hold every cell until the workbook closes.
  lxw_workbook_options workbook_options{};
  workbook_options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &workbook_options);
  if (!workbook) return Error::Io("XLSX を作れません");

  const std::string title = SheetTitle(sheet.fiscal_year, sheet.municipality.name);
  const std::string subject = text::FiscalYearName(sheet.fiscal_year) + " 取組実施プロセスシート";
  const std::string keywords = "取組実施プロセスシート, " +
                               text::FiscalYearShortName(sheet.fiscal_year) + ", " +
                               std::to_string(sheet.fiscal_year);
  lxw_doc_properties properties{};
  properties.title = const_cast<char*>(title.c_str());
  properties.subject = const_cast<char*>(subject.c_str());
  properties.keywords = const_cast<char*>(keywords.c_str());
  properties.comments = const_cast<char*>("torikumi で作成");
  properties.created = MidnightUtc(edition.date);
  workbook_set_properties(workbook, &properties);

  const Formats f = AddFormats(workbook);
  lxw_worksheet* ws = workbook_add_worksheet(workbook, title.c_str());
  if (!ws) {
    workbook_close(workbook);
    return Error::Io("XLSX のワークシートを作れません");
  }
  // The first failure of any write, reported once the workbook is closed.
  lxw_error failure = LXW_NO_ERROR;
  const std::function<void(lxw_error)> check = [&](lxw_error error) {
    if (failure == LXW_NO_ERROR) failure = error;
  };

  for (std::size_t c = 0; c < kColumns; ++c) {
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), widths[c], nullptr);
  }
  check(worksheet_write_string(ws, kTitleRow, 0, title.c_str(), f.title));
  worksheet_set_row(ws, kTitleRow, 22, nullptr);
  const std::string note = EditionNote(edition);
  if (!note.empty()) {
    check(worksheet_merge_range(ws, kTitleRow, kProgress, kTitleRow, kCoOwners, note.c_str(),
                                f.date));
  }
  WriteHeader(ws, f);

  const std::size_t count = sheet.initiatives.size();
  for (std::size_t r = 0; r < count; ++r) {
    const lxw_row_t row = kFirstDataRow + lxw_row_t(r);
    const RowParagraphs cells = ParagraphsOf(sheet.initiatives[r]);
    int lines = 1;
    for (std::size_t c = 0; c < kColumns; ++c) {
      lxw_format* format = c == kNo || c == kRating ? f.centered : f.text;
      const std::string value = CellTextOf(cells[c]);
      check(value.empty() ? worksheet_write_blank(ws, row, lxw_col_t(c), format)
                          : worksheet_write_string(ws, row, lxw_col_t(c), value.c_str(), format));
      lines = std::max(lines, WrappedLines(cells[c], widths[c]));
    }
    worksheet_set_row(ws, row, std::min(kMaxRowHeight, lines * kLineHeight + kRowPadding), nullptr);
    CommentAchievement(ws, row, sheet.initiatives[r], check);
    if ((r + 1) % 64 == 0 || r + 1 == count) {
      model::Report(progress, {"書き出し", r + 1, count, "行"});
    }
  }

  worksheet_freeze_panes(ws, kFirstDataRow, 1);
  SetUpPrinting(ws, title, note);
  // Both or neither: a workbook with figures says all of them, so that importing it back
  // cannot keep stale rates beside the indicators it carries.
  const bool has_figures =
      std::any_of(sheet.initiatives.begin(), sheet.initiatives.end(),
                  [](const auto& i) { return !i.indicators.empty() || !i.achievements.empty(); });
  // The last row each worksheet must read back to.
  std::map<std::string, std::size_t> last_rows{{title, kFirstDataRow + count}};
  if (has_figures) {
    last_rows[kIndicatorsWorksheet] =
        WriteFiguresWorksheet(workbook, kIndicatorsWorksheet, sheet, IndicatorsHeader(),
                              &AddIndicatorsRows, &IsIndicatorsNumberColumn, f, check);
    last_rows[kAchievementsWorksheet] =
        WriteFiguresWorksheet(workbook, kAchievementsWorksheet, sheet, AchievementsHeader(),
                              &AddAchievementsRows, &IsAchievementsNumberColumn, f, check);
  }
  check(workbook_close(workbook));
  if (failure == LXW_ERROR_MEMORY_MALLOC_FAILED) {
    return Error::Unavailable("メモリが足りないため、XLSX を作れませんでした。");
  }
  if (failure != LXW_NO_ERROR)
    return Error::Io(std::string("XLSX を書けません: ") + lxw_strerror(failure));
  TORIKUMI_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(file.path()));
  model::Report(progress, {"確認", 0, 0, ""});
  // libxlsxwriter writes each worksheet to a temporary file without checking the writes: on
  // a full disk, or when memory runs out, it zips a truncated worksheet and reports
  // success. Every worksheet must read back whole, to its last row.
  const auto read_back = LastRowsOfXlsx(bytes);
  if (!read_back || *read_back != last_rows) {
    return Error::Unavailable(
        "XLSX を作れませんでした: 一時ファイルに書き込めませんでした (ディスクの空きかメモリが"
        "足りません)。");
  }
  return bytes;
}

Result<void> CheckFitsSpreadsheetCells(const model::Initiative& initiative) {
  return CheckCellLengths(ParagraphsOf(initiative), initiative.no);
}

}  // namespace torikumi::sheet
