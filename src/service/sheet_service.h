#ifndef TORIKUMI_SERVICE_SHEET_SERVICE_H_
#define TORIKUMI_SERVICE_SHEET_SERVICE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "sheet/output.h"
#include "store/store.h"
#include "text/encoding.h"

namespace torikumi::service {

// The formats of a sheet file. PDF is written, never read. kIndicators: the indicators
// table (…-indicators.csv, sheet/indicators_table.h), which travels beside the 14-column
// TSV and CSV.
enum class SheetFormat { kTsv, kCsv, kJson, kXlsx, kPdf, kIndicators };

struct ImportReport {
  int fiscal_year = 0;
  std::string encoding;  // "UTF-8", "CP932", "JSON" or "XLSX"
  store::ImportOutcome outcome;
  std::vector<std::string> added_ratings;  // symbols the year's rating scale did not have
};

// One column of an initiative that an import changes, as the sheet writes it.
struct FieldChange {
  std::string field;  // the sheet's column: 取組名, 進捗状況及び課題, …
  std::string before;
  std::string after;         // with ReportsOnImport::kKeep, what the file has for a kept report
  bool report_kept = false;  // a report entered in the workspace: the file's text is not written
};

struct InitiativeChanges {
  int no = 0;
  bool added = false;
  std::vector<FieldChange> fields;
};

// What an import would do, before it is done.
struct ImportPreview {
  int fiscal_year = 0;
  bool reports_under_way = false;              // the year has reports entered in the workspace
  std::vector<InitiativeChanges> initiatives;  // those the file adds or changes, by No.
  int reports_kept = 0;
  int reports_replaced = 0;
};

struct ImportOptions {
  std::optional<SheetFormat> format;     // from the file name, else sniffed
  std::optional<int> fiscal_year;        // overrides the sheet's title row
  std::optional<std::int64_t> user_id;   // who imports, for the audit log; empty: the CLI
  std::optional<std::string> worksheet;  // XLSX: the worksheet to read; the first if empty
  store::ReportsOnImport reports = store::ReportsOnImport::kKeep;
  model::ProgressReport progress;  // of reading, comparing and writing
  // Told, as the file is read, how many of its first bytes will not be read again: the
  // command line lets go of those pages of the mapped file. JSON only.
  std::function<void(std::size_t bytes)> done_with;
  // Told what the import will change, field by field, before anything is written, where the
  // year's reports are under way: the command line prints it.
  std::function<void(const ImportPreview&)> before_writing;
};

struct ExportOptions {
  SheetFormat format = SheetFormat::kJson;
  text::Encoding encoding = text::Encoding::kUtf8;  // TSV and CSV only
  std::optional<int> initiative;   // PDF only: this initiative's page instead of the sheet
  model::ProgressReport progress;  // of reading and writing out
};

struct ExportedSheet {
  std::string bytes;
  text::Cp932Substitutions substitutions;
};

// The use cases of a year's working sheet as a file: import and export.
class SheetService {
 public:
  explicit SheetService(store::Store& store) : store_(store) {}

  // The command line and WorkspaceService (which checks the actor). Imports a sheet file
  // (TSV, CSV, XLSX or canonical JSON) in one transaction. Initiatives are added or updated
  // by (year, No.), the workspace's reports kept or replaced as `options.reports` says;
  // ratings outside the year's scale are appended to it and reported. A bad file fails with
  // InvalidInput, naming `file_name` and the line, and writes nothing.
  Result<ImportReport> Import(std::string_view file_name, std::string_view bytes,
                              const ImportOptions& options);

  // As Import: what it would change, field by field, writing nothing.
  Result<ImportPreview> Preview(std::string_view file_name, std::string_view bytes,
                                const ImportOptions& options);

  // The command line: writes the year's working sheet, dated today in PDF and XLSX, to
  // `output` a piece at a time (JSON, TSV and CSV a row at a time, so that a long sheet is
  // not held twice), giving what CP932 substituted; or whole. NotFound, InvalidInput (one
  // initiative asked of a format other than PDF), and what `output` fails with.
  Result<text::Cp932Substitutions> Export(int year, const ExportOptions& options,
                                          const sheet::Output& output);
  Result<ExportedSheet> Export(int year, const ExportOptions& options);

 private:
  // Reads a sheet file into `report` (year, encoding, ratings added to the scale) and gives
  // the sheet to import.
  Result<model::Sheet> Read(std::string_view file_name, std::string_view bytes,
                            const ImportOptions& options, ImportReport& report);
  // What importing `sheet` would change.
  Result<ImportPreview> PreviewOf(const model::Sheet& sheet, const ImportOptions& options);

  store::Store& store_;
};

// The format a file name's extension names: .tsv/.txt, .csv (-indicators.csv: the indicators
// table), .json, .xlsx, .pdf.
std::optional<SheetFormat> FormatOfFileName(std::string_view file_name);

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_SHEET_SERVICE_H_
