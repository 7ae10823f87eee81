#include "service/sheet_service.h"

#include <map>
#include <tuple>

#include "model/review.h"
#include "sheet/indicators_table.h"
#include "sheet/json.h"
#include "sheet/pdf.h"
#include "sheet/process_sheet.h"
#include "sheet/xlsx.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"

namespace torikumi::service {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

// An owner section belongs to one department; a sheet that says otherwise is inconsistent.
Result<void> CheckSectionsHaveOneDepartment(const model::Sheet& sheet) {
  std::map<std::string, const model::Initiative*> first_of_section;
  for (const model::Initiative& i : sheet.initiatives) {
    auto [it, inserted] = first_of_section.emplace(i.section, &i);
    if (!inserted && it->second->department != i.department) {
      return Error::InvalidInput("No. " + std::to_string(i.no) + " の所管課「" + i.section +
                                 "」の部が「" + i.department + "」ですが、No. " +
                                 std::to_string(it->second->no) + " では「" +
                                 it->second->department + "」です");
    }
  }
  return {};
}

// Whether any of the year's reports has been entered in the workspace.
Result<bool> ReportsUnderWay(store::Store& store, int year) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto records, store.ReportRecords(year, std::nullopt));
  return std::any_of(records.begin(), records.end(), [](const model::ReportRecord& r) {
    return r.state != model::ReportState::kNotStarted;
  });
}

}  // namespace

std::optional<SheetFormat> FormatOfFileName(std::string_view file_name) {
  const std::string name = LowerAscii(file_name);
  if (name.ends_with(".tsv") || name.ends_with(".txt")) return SheetFormat::kTsv;
  if (sheet::IsIndicatorsTableName(name)) return SheetFormat::kIndicators;
  if (name.ends_with(".csv")) return SheetFormat::kCsv;
  if (name.ends_with(".json")) return SheetFormat::kJson;
  if (name.ends_with(".xlsx")) return SheetFormat::kXlsx;
  if (name.ends_with(".pdf")) return SheetFormat::kPdf;
  return std::nullopt;
}

Result<ImportReport> SheetService::Import(std::string_view file_name, std::string_view bytes,
                                          const ImportOptions& options) {
  ImportReport report;
  model::Report(options.progress, {"読み込み", 0, 0, ""});
  TORIKUMI_ASSIGN_OR_RETURN(model::Sheet sheet, Read(file_name, bytes, options, report));
  if (options.before_writing) {
    // Read once: the changes come from the sheet about to be written.
    TORIKUMI_ASSIGN_OR_RETURN(const bool under_way, ReportsUnderWay(store_, sheet.fiscal_year));
    if (under_way) {
      TORIKUMI_ASSIGN_OR_RETURN(const ImportPreview preview, PreviewOf(sheet, options));
      options.before_writing(preview);
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(report.outcome, store_.ImportSheet(std::move(sheet), options.user_id,
                                                               sheet::WriteInitiativeJson,
                                                               options.reports, options.progress));
  return report;
}

Result<ImportPreview> SheetService::Preview(std::string_view file_name, std::string_view bytes,
                                            const ImportOptions& options) {
  ImportReport report;
  TORIKUMI_ASSIGN_OR_RETURN(const model::Sheet sheet, Read(file_name, bytes, options, report));
  return PreviewOf(sheet, options);
}

Result<ImportPreview> SheetService::PreviewOf(const model::Sheet& sheet,
                                              const ImportOptions& options) {
  ImportPreview preview;
  preview.fiscal_year = sheet.fiscal_year;
  TORIKUMI_ASSIGN_OR_RETURN(auto current,
                            store_.LoadSheet(store::SheetKey::Working(sheet.fiscal_year)));
  TORIKUMI_ASSIGN_OR_RETURN(auto records, store_.ReportRecords(sheet.fiscal_year, std::nullopt));
  std::map<int, std::vector<model::ReportRecord>> records_of;
  for (auto& r : records) {
    if (r.state != model::ReportState::kNotStarted) preview.reports_under_way = true;
    records_of[r.no].push_back(std::move(r));
  }
  std::map<int, const model::Initiative*> current_of;
  if (current) {
    for (const model::Initiative& i : current->initiatives) current_of[i.no] = &i;
  }
  for (const model::Initiative& read : sheet.initiatives) {
    auto it = current_of.find(read.no);
    if (it == current_of.end()) {
      preview.initiatives.push_back({read.no, true, {}});
      continue;
    }
    const model::Initiative& before = *it->second;
    const model::Initiative imported =
        sheet.carries_figures ? read : model::KeepingFigures(read, before);
    const model::Initiative kept = model::KeepingReports(imported, before, records_of[imported.no]);
    model::Initiative after = options.reports == store::ReportsOnImport::kKeep ? kept : imported;
    if (!after.ending) after.ending = before.ending;  // as Store::ImportSheet keeps it
    InitiativeChanges changes{imported.no, false, {}};
    for (const auto& [field, was, becomes, file] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"所管部課", before.department + " " + before.section,
              after.department + " " + after.section, ""},
             {"分野別目標", text::FormatNumberedTitle(before.goal),
              text::FormatNumberedTitle(after.goal), ""},
             {"施策", text::FormatNumberedTitle(before.policy),
              text::FormatNumberedTitle(after.policy), ""},
             {"事業名", before.project, after.project, ""},
             {"細事業名", before.subproject, after.subproject, ""},
             {"取組名", before.title, after.title, ""},
             {"取組の概要", before.overview, after.overview, ""},
             {"年度目標", text::JoinLines(text::FormatPeriodGoals(before.period_goals)),
              text::JoinLines(text::FormatPeriodGoals(after.period_goals)), ""},
             {"年度計画", text::JoinLines(text::FormatEntries(before.plan)),
              text::JoinLines(text::FormatEntries(after.plan)), ""},
             {"進捗度", before.rating, after.rating, imported.rating},
             {"終了・廃止", before.ending ? text::FormatEnding(*before.ending) : "",
              after.ending ? text::FormatEnding(*after.ending) : "", ""},
             {"進捗状況及び課題",
              text::JoinLines(text::FormatProgressCell(before.progress, before.notes)),
              text::JoinLines(text::FormatProgressCell(after.progress, after.notes)),
              text::JoinLines(text::FormatProgressCell(imported.progress, imported.notes))},
             {"共同所管", text::JoinLines(before.co_owners), text::JoinLines(after.co_owners),
              ""}}) {
      if (was != becomes) changes.fields.push_back({field, was, becomes, false});
      if (!file.empty() && file != becomes && options.reports == store::ReportsOnImport::kKeep) {
        changes.fields.push_back({field, becomes, file, true});
      }
    }
    for (const model::ReportRecord& r : records_of[imported.no]) {
      if (r.state == model::ReportState::kNotStarted ||
          model::ApprovedContentOf(imported, r.month, r.section).content ==
              model::ApprovedContentOf(before, r.month, r.section).content) {
        continue;
      }
      ++(options.reports == store::ReportsOnImport::kKeep ? preview.reports_kept
                                                          : preview.reports_replaced);
    }
    if (!changes.fields.empty()) preview.initiatives.push_back(std::move(changes));
  }
  return preview;
}

Result<model::Sheet> SheetService::Read(std::string_view file_name, std::string_view bytes,
                                        const ImportOptions& options, ImportReport& report) {
  std::optional<SheetFormat> format = options.format ? options.format : FormatOfFileName(file_name);
  if (!format && sheet::LooksLikeZip(bytes)) format = SheetFormat::kXlsx;
  model::Sheet sheet;
  if (format == SheetFormat::kPdf) {
    return Error::InvalidInput(
        "PDF は取り込めません: TSV、CSV、XLSX、JSON のいずれかにしてください",
        {std::string(file_name), 0, 0});
  } else if (format == SheetFormat::kXlsx) {
    auto read = sheet::ReadProcessSheetXlsx(bytes, {options.worksheet, options.fiscal_year});
    if (!read) return read.error().InFile(std::string(file_name));
    sheet = std::move(*read);
    report.encoding = "XLSX";
  } else if (format == SheetFormat::kIndicators) {
    // The working sheet as it is, with the indicators of the initiatives the table lists.
    auto decoded = text::DecodeText(bytes);
    if (!decoded) return decoded.error().InFile(std::string(file_name));
    auto table = sheet::ReadIndicatorsTable(decoded->utf8());
    if (!table) return table.error().InFile(std::string(file_name));
    const int year = options.fiscal_year.value_or(table->fiscal_year);
    TORIKUMI_ASSIGN_OR_RETURN(auto working, store_.LoadSheet(store::SheetKey::Working(year)));
    if (!working) {
      return Error::InvalidInput(
          text::FiscalYearName(year) + "のシートがありません。先にシートを取り込んでください",
          {std::string(file_name), 0, 0});
    }
    sheet = std::move(*working);
    for (auto& [no, indicators] : table->by_no) {
      auto i = std::find_if(sheet.initiatives.begin(), sheet.initiatives.end(),
                            [no = no](const model::Initiative& x) { return x.no == no; });
      if (i == sheet.initiatives.end()) {
        return Error::InvalidInput(
            text::FiscalYearName(year) + "に No." + std::to_string(no) + " の取組はありません",
            {std::string(file_name), 0, 0});
      }
      i->indicators = std::move(indicators);
    }
    sheet.carries_figures = true;
    report.encoding = decoded->source == text::Encoding::kCp932 ? "CP932" : "UTF-8";
  } else if (format == SheetFormat::kJson) {
    auto read = sheet::ReadSheetJson(bytes, options.done_with);
    if (!read) return read.error().InFile(std::string(file_name));
    sheet = std::move(*read);
    if (options.fiscal_year) sheet.fiscal_year = *options.fiscal_year;
    report.encoding = "JSON";
  } else {
    sheet::ReadOptions read_options;
    if (format == SheetFormat::kTsv) read_options.delimiter = sheet::Delimiter::kTab;
    if (format == SheetFormat::kCsv) read_options.delimiter = sheet::Delimiter::kComma;
    read_options.fiscal_year = options.fiscal_year;
    auto read = sheet::ReadProcessSheet(bytes, read_options);
    if (!read) return read.error().InFile(std::string(file_name));
    sheet = std::move(read->sheet);
    report.encoding = read->encoding == text::Encoding::kCp932 ? "CP932" : "UTF-8";
  }
  if (auto consistent = CheckSectionsHaveOneDepartment(sheet); !consistent) {
    return consistent.error().InFile(std::string(file_name));
  }
  // What is kept must fit every format it goes out in, the XLSX cell being the smallest.
  for (const model::Initiative& i : sheet.initiatives) {
    if (auto fits = sheet::CheckFitsSpreadsheetCells(i); !fits) {
      return fits.error().InFile(std::string(file_name));
    }
  }

  TORIKUMI_ASSIGN_OR_RETURN(auto scale,
                            store_.LoadRatingScale(store::SheetKey::Working(sheet.fiscal_year)));
  sheet.rating_scale = scale ? std::move(*scale) : model::RatingScale::Default();
  for (const model::Initiative& i : sheet.initiatives) {
    if (!i.rating.empty() && !sheet.rating_scale.Contains(i.rating)) {
      sheet.rating_scale.Append(i.rating);
      report.added_ratings.push_back(i.rating);
    }
  }
  report.fiscal_year = sheet.fiscal_year;
  return sheet;
}

Result<text::Cp932Substitutions> SheetService::Export(int year, const ExportOptions& options,
                                                      const sheet::Output& output) {
  model::Report(options.progress, {"読み込み", 0, 0, ""});
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, store_.LoadSheet(store::SheetKey::Working(year)));
  if (!sheet) return Error::NotFound(text::FiscalYearName(year) + "のシートはありません");
  TORIKUMI_ASSIGN_OR_RETURN(const store::Municipality municipality, store_.ThisMunicipality());
  sheet->municipality = {municipality.code, municipality.name};
  if (options.initiative && options.format != SheetFormat::kPdf) {
    return Error::InvalidInput("取組ひとつだけを書き出せるのは PDF だけです");
  }
  const auto whole = [&](const std::string& bytes) -> Result<text::Cp932Substitutions> {
    TORIKUMI_RETURN_IF_ERROR(output(bytes));
    return text::Cp932Substitutions{};
  };
  if (options.format == SheetFormat::kJson) {
    TORIKUMI_RETURN_IF_ERROR(sheet::WriteSheetJson(*sheet, output));
    return text::Cp932Substitutions{};
  }
  if (options.format == SheetFormat::kIndicators) {
    auto table = sheet::WriteIndicatorsTable(*sheet, options.encoding == text::Encoding::kCp932
                                                         ? sheet::OutputEncoding::kCp932
                                                         : sheet::OutputEncoding::kUtf8);
    TORIKUMI_RETURN_IF_ERROR(output(table.bytes));
    return std::move(table.substitutions);
  }
  const sheet::SheetEdition edition{text::TodayInJapan(), false};
  if (options.format == SheetFormat::kPdf && options.initiative) {
    for (const model::Initiative& i : sheet->initiatives) {
      if (i.no != *options.initiative) continue;
      TORIKUMI_ASSIGN_OR_RETURN(
          auto pdf, sheet::WriteInitiativePdf(sheet->fiscal_year, sheet->municipality.name,
                                              sheet->rating_scale, i, edition));
      return whole(pdf);
    }
    return Error::NotFound(text::FiscalYearName(year) + "の No." +
                           std::to_string(*options.initiative) + " の取組はありません");
  }
  if (options.format == SheetFormat::kPdf) {
    TORIKUMI_RETURN_IF_ERROR(sheet::WriteSheetPdf(*sheet, edition, output, options.progress));
    return text::Cp932Substitutions{};
  }
  if (options.format == SheetFormat::kXlsx) {
    TORIKUMI_ASSIGN_OR_RETURN(auto xlsx,
                              sheet::WriteProcessSheetXlsx(*sheet, edition, options.progress));
    return whole(xlsx);
  }
  sheet::WriteOptions write_options;
  write_options.delimiter =
      options.format == SheetFormat::kCsv ? sheet::Delimiter::kComma : sheet::Delimiter::kTab;
  write_options.encoding = options.encoding == text::Encoding::kCp932
                               ? sheet::OutputEncoding::kCp932
                               : sheet::OutputEncoding::kUtf8;
  return sheet::WriteProcessSheet(*sheet, write_options, output);
}

Result<ExportedSheet> SheetService::Export(int year, const ExportOptions& options) {
  ExportedSheet exported;
  TORIKUMI_ASSIGN_OR_RETURN(exported.substitutions,
                            Export(year, options, sheet::IntoString(exported.bytes)));
  return exported;
}

}  // namespace torikumi::service
