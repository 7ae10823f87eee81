#include "service/portal_service.h"

#include "sheet/indicators_table.h"
#include "sheet/json.h"
#include "sheet/pdf.h"
#include "sheet/process_sheet.h"
#include "sheet/xlsx.h"
#include "text/era.h"

namespace torikumi::service {
namespace {

store::SheetKey KeyOf(const store::PublicationRecord& publication) {
  return store::SheetKey::Published(publication.year, publication.id);
}

Error NotPublished(int year) {
  return Error::NotFound(text::FiscalYearName(year) + "のシートはまだ公開されていません");
}

}  // namespace

std::vector<store::PublicationRecord> Published::Of(int year) const {
  std::vector<store::PublicationRecord> of;
  for (const auto& p : publications) {
    if (p.year == year) of.push_back(p);
  }
  return of;
}

Result<store::PublicationRecord> Published::Find(int year, std::optional<std::int64_t> id) const {
  for (const auto& p : publications) {
    if (p.year == year && (id ? p.id == *id : !p.Withdrawn())) return p;
  }
  if (id) return Error::NotFound("この公開版はありません");
  return NotPublished(year);
}

Result<std::shared_ptr<const Published>> PortalService::Current() {
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t stamp, store_.PublicationStamp());
  {
    std::lock_guard lock(published_mutex_);
    if (published_ && published_->stamp == stamp) return published_;
  }
  // Read after the stamp: if something is published in between, what is read is newer than
  // the stamp says, and the next look reads it again.
  auto published = std::make_shared<Published>();
  published->stamp = stamp;
  TORIKUMI_ASSIGN_OR_RETURN(const store::Municipality municipality, store_.ThisMunicipality());
  published->municipality = {municipality.code, municipality.name};
  TORIKUMI_ASSIGN_OR_RETURN(published->publications, store_.AllPublications());
  for (const auto& p : published->publications) {
    if (p.Withdrawn()) continue;
    if (published->years.empty() || published->years.back() != p.year)
      published->years.push_back(p.year);
  }
  std::lock_guard lock(published_mutex_);
  published_ = published;
  return std::shared_ptr<const Published>(std::move(published));
}

Result<std::vector<int>> PortalService::Years() {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  return published->years;
}

Result<std::vector<store::PublicationRecord>> PortalService::Publications(int year) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  return published->Of(year);
}

Result<store::PublicationRecord> PortalService::Publication(int year,
                                                            std::optional<std::int64_t> id) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  return published->Find(year, id);
}

Result<InitiativeList> PortalService::List(const store::PublicationRecord& publication,
                                           const store::InitiativeFilter& filter) {
  InitiativeList list;
  TORIKUMI_ASSIGN_OR_RETURN(list.rating_scale, RatingScale(publication));
  TORIKUMI_ASSIGN_OR_RETURN(list.facets, store_.ListFacets(KeyOf(publication)));
  TORIKUMI_ASSIGN_OR_RETURN(list.rows, store_.ListInitiatives(KeyOf(publication), filter));
  return list;
}

Result<model::Initiative> PortalService::Initiative(const store::PublicationRecord& publication,
                                                    int no) {
  TORIKUMI_ASSIGN_OR_RETURN(auto initiative, store_.LoadInitiative(KeyOf(publication), no));
  if (!initiative) {
    return Error::NotFound(text::FiscalYearName(publication.year) + "の No." + std::to_string(no) +
                           " の取組はありません");
  }
  return std::move(*initiative);
}

Result<model::RatingScale> PortalService::RatingScale(const store::PublicationRecord& publication) {
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, store_.LoadRatingScale(KeyOf(publication)));
  if (!scale) return NotPublished(publication.year);
  return std::move(*scale);
}

Result<model::Sheet> PortalService::Sheet(const store::PublicationRecord& publication) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, store_.LoadSheet(KeyOf(publication)));
  if (!sheet) return NotPublished(publication.year);
  sheet->municipality = published->municipality;
  return std::move(*sheet);
}

const std::vector<DownloadFormat>& DownloadFormats() {
  static const std::vector<DownloadFormat> formats{
      {".pdf", "application/pdf", "PDF（A3 横、印刷用）"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "Excel ブック（XLSX）"},
      {".csv", "text/csv; charset=utf-8", "CSV（UTF-8、Excel で開けます）"},
      {"-cp932.csv", "text/csv; charset=shift_jis", "CSV（Shift_JIS／CP932、古い Excel 向け）"},
      {".tsv", "text/tab-separated-values; charset=utf-8", "TSV（UTF-8、公開シートと同じ形）"},
      {".json", "application/json; charset=utf-8", "JSON（機械処理向け）"},
      {"-indicators.csv", "text/csv; charset=utf-8",
       "指標の表 CSV（UTF-8、指標と月ごとの目標・実績）"},
      {"-indicators-cp932.csv", "text/csv; charset=shift_jis",
       "指標の表 CSV（Shift_JIS／CP932、古い Excel 向け）"},
  };
  return formats;
}

std::string PortalService::FileStem(const store::PublicationRecord& publication) {
  return "torikumi-" + text::FiscalYearShortName(publication.year) + "-" + publication.published_on;
}

Result<std::pair<const DownloadFormat*, std::string>> PortalService::FileKey(
    const store::PublicationRecord& publication, std::string_view file_name) {
  const std::string stem = FileStem(publication);
  const DownloadFormat* format = nullptr;
  for (const auto& f : DownloadFormats()) {
    if (file_name == stem + f.suffix) format = &f;
  }
  if (!format) return Error::NotFound("このファイルはありません");
  // A file names the municipality: one renamed is a new file.
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  return std::pair(format, format->suffix + " " + published->municipality.code + " " +
                               published->municipality.name);
}

Result<std::string> PortalService::InitiativePdfKey(int no) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  return "No" + std::to_string(no) + ".pdf " + published->municipality.code + " " +
         published->municipality.name;
}

Result<std::optional<Download>> PortalService::KeptFile(const store::PublicationRecord& publication,
                                                        std::string_view file_name) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto format_key, FileKey(publication, file_name));
  return Cached(publication.id, format_key.second);
}

Result<std::optional<Download>> PortalService::KeptInitiativePdf(
    const store::PublicationRecord& publication, int no) {
  TORIKUMI_ASSIGN_OR_RETURN(const std::string key, InitiativePdfKey(no));
  return Cached(publication.id, key);
}

Result<Download> PortalService::File(const store::PublicationRecord& publication,
                                     std::string_view file_name) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto format_key, FileKey(publication, file_name));
  const auto& [format, key] = format_key;
  if (auto cached = Cached(publication.id, key)) return std::move(*cached);
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, Sheet(publication));
  const sheet::SheetEdition edition{publication.published_on, true};
  Download download{std::string(file_name), format->content_type, format->label, {}};
  if (format->suffix == ".json") {
    download.bytes = sheet::WriteSheetJson(sheet);
  } else if (format->suffix == ".pdf") {
    TORIKUMI_ASSIGN_OR_RETURN(download.bytes, sheet::WriteSheetPdf(sheet, edition));
  } else if (format->suffix == ".xlsx") {
    TORIKUMI_ASSIGN_OR_RETURN(download.bytes, sheet::WriteProcessSheetXlsx(sheet, edition));
  } else if (format->suffix.starts_with("-indicators")) {
    download.bytes = sheet::WriteIndicatorsTable(sheet, format->suffix.ends_with("-cp932.csv")
                                                            ? sheet::OutputEncoding::kCp932
                                                            : sheet::OutputEncoding::kUtf8)
                         .bytes;
  } else {
    sheet::WriteOptions options;
    options.delimiter =
        format->suffix == ".tsv" ? sheet::Delimiter::kTab : sheet::Delimiter::kComma;
    options.encoding = format->suffix == "-cp932.csv" ? sheet::OutputEncoding::kCp932
                                                      : sheet::OutputEncoding::kUtf8;
    download.bytes = sheet::WriteProcessSheet(sheet, options).bytes;
  }
  Keep(publication.id, key, download);
  return download;
}

Result<Download> PortalService::InitiativePdf(const store::PublicationRecord& publication, int no) {
  TORIKUMI_ASSIGN_OR_RETURN(const std::string key, InitiativePdfKey(no));
  if (auto cached = Cached(publication.id, key)) return std::move(*cached);
  TORIKUMI_ASSIGN_OR_RETURN(auto published, Current());
  TORIKUMI_ASSIGN_OR_RETURN(auto initiative, Initiative(publication, no));
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, RatingScale(publication));
  Download download{FileStem(publication) + "-No" + std::to_string(no) + ".pdf",
                    "application/pdf",
                    "PDF（A4 縦）",
                    {}};
  TORIKUMI_ASSIGN_OR_RETURN(
      download.bytes,
      sheet::WriteInitiativePdf(publication.year, published->municipality.name, scale, initiative,
                                {publication.published_on, true}));
  Keep(publication.id, key, download);
  return download;
}

std::optional<Download> PortalService::Cached(std::int64_t publication, const std::string& key) {
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find({publication, key}); it != cache_.end()) return it->second;
  return std::nullopt;
}

void PortalService::Keep(std::int64_t publication, const std::string& key,
                         const Download& download) {
  if (download.bytes.size() > kCachedBytes / 4) return;  // built each time rather than flushing all
  std::lock_guard lock(cache_mutex_);
  // Publications are few and never change; a full cache simply starts over.
  if (cached_bytes_ + download.bytes.size() > kCachedBytes) {
    cache_.clear();
    cached_bytes_ = 0;
  }
  if (cache_.emplace(std::make_pair(publication, key), download).second) {
    cached_bytes_ += download.bytes.size();
  }
}

}  // namespace torikumi::service
