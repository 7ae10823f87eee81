#include "sheet/process_sheet.h"

#include "sheet/delimited.h"
#include "sheet/layout.h"
#include "text/cell.h"

namespace torikumi::sheet {
namespace {

Delimiter SniffDelimiter(std::string_view text) {
  const std::size_t tab = text.find('\t');
  const std::size_t comma = text.find(',');
  return tab != std::string_view::npos && (comma == std::string_view::npos || tab < comma)
             ? Delimiter::kTab
             : Delimiter::kComma;
}

// A cell's text as the published sheet writes it: one paragraph plain, several as <p>s.
std::string CellOf(const std::vector<std::string>& paragraphs) {
  if (paragraphs.size() == 1 && paragraphs[0].find('\n') == std::string::npos &&
      text::CellParagraphs(paragraphs[0]) == paragraphs) {
    return paragraphs[0];
  }
  return text::ParagraphsToCellHtml(paragraphs);
}

std::string Unguarded(std::string cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && NeedsFormulaGuard(std::string_view(cell).substr(1)))
    cell.erase(0, 1);
  return cell;
}

}  // namespace

Result<ReadResult> ReadProcessSheet(std::string_view bytes, const ReadOptions& options) {
  auto decoded = text::DecodeText(bytes);
  if (!decoded) return decoded.error();
  const std::string_view text = decoded->utf8();
  const Delimiter delimiter = options.delimiter.value_or(SniffDelimiter(text));
  auto records = ReadDelimited(text, static_cast<char>(delimiter));
  if (!records) return records.error();
  for (Record& record : *records) {
    for (std::string& cell : record.cells) cell = Unguarded(std::move(cell));
  }
  auto sheet = ReadSheetRecords(std::move(*records), options.fiscal_year);
  if (!sheet) return sheet.error();
  return ReadResult{std::move(*sheet), decoded->source};
}

Result<text::Cp932Substitutions> WriteProcessSheet(const model::Sheet& sheet,
                                                   const WriteOptions& options,
                                                   const Output& output) {
  const char delimiter = static_cast<char>(options.delimiter);
  const bool csv = options.delimiter == Delimiter::kComma;
  const std::string_view newline = csv ? "\r\n" : "\n";
  text::Cp932Substitutions substitutions;
  std::string out = csv && options.encoding == OutputEncoding::kUtf8 ? "\xEF\xBB\xBF" : "";
  // Whole rows at a time, so that no character is cut between two pieces when encoded.
  const auto hand_on = [&](std::size_t at_least) -> Result<void> {
    if (out.size() < at_least) return {};
    if (options.encoding == OutputEncoding::kCp932) {
      text::Cp932Text encoded = text::EncodeCp932(out);
      for (const auto& [character, count] : encoded.substitutions.counts) {
        substitutions.counts[character] += count;
      }
      substitutions.total += encoded.substitutions.total;
      TORIKUMI_RETURN_IF_ERROR(output(encoded.bytes));
    } else {
      TORIKUMI_RETURN_IF_ERROR(output(out));
    }
    out.clear();
    return {};
  };
  auto write_row = [&](const auto& cells) {
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out += delimiter;
      out += QuoteCell(FormulaGuarded(std::string(cell)), delimiter);
      first = false;
    }
    out += newline;
  };
  out += newline;
  out += QuoteCell(SheetTitle(sheet.fiscal_year, sheet.municipality.name), delimiter);
  out += newline;
  out += newline;
  write_row(kHeaderRow1);
  write_row(kHeaderRow2);
  for (const model::Initiative& initiative : sheet.initiatives) {
    const RowParagraphs paragraphs = ParagraphsOf(initiative);
    std::array<std::string, kColumns> cells;
    for (std::size_t c = 0; c < kColumns; ++c) cells[c] = CellOf(paragraphs[c]);
    write_row(cells);
    TORIKUMI_RETURN_IF_ERROR(hand_on(kOutputPiece));
  }
  TORIKUMI_RETURN_IF_ERROR(hand_on(0));
  return substitutions;
}

WriteResult WriteProcessSheet(const model::Sheet& sheet, const WriteOptions& options) {
  WriteResult result;
  // A string takes every piece.
  result.substitutions = *WriteProcessSheet(sheet, options, IntoString(result.bytes));
  return result;
}

WriteResult EncodedText(std::string utf8, OutputEncoding encoding, bool csv) {
  WriteResult result;
  if (encoding == OutputEncoding::kCp932) {
    text::Cp932Text encoded = text::EncodeCp932(utf8);
    result.bytes = std::move(encoded.bytes);
    result.substitutions = std::move(encoded.substitutions);
  } else {
    result.bytes = csv ? "\xEF\xBB\xBF" + utf8 : std::move(utf8);
  }
  return result;
}

}  // namespace torikumi::sheet
