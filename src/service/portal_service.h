#ifndef TORIKUMI_SERVICE_PORTAL_SERVICE_H_
#define TORIKUMI_SERVICE_PORTAL_SERVICE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "service/initiative_list.h"
#include "store/store.h"

namespace torikumi::service {

// A file of the open-data download menu.
struct Download {
  std::string file_name;     // torikumi-R7-2026-03-31.csv
  std::string content_type;  // text/csv; charset=utf-8
  std::string label;         // CSV (UTF-8, Excel 用)
  std::string bytes;
};

// The formats a publication is offered in, by the file name's ending.
struct DownloadFormat {
  std::string suffix;  // ".pdf", ".xlsx", ".csv", "-cp932.csv", ".tsv", ".json"
  std::string content_type;
  std::string label;
};
const std::vector<DownloadFormat>& DownloadFormats();

// The licence the data is published under, as the portal states it.
struct Licence {
  std::string name = "クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)";
  std::string url = "https://creativecommons.org/licenses/by/4.0/deed.ja";
};

// What is published, as of one look at the store.
struct Published {
  std::int64_t stamp = 0;            // store::Store::PublicationStamp when it was read
  model::Municipality municipality;  // whose: every page and document names it
  std::vector<int> years;            // with a publication not withdrawn, newest first
  // Newest year first, then newest first; withdrawn ones too, which answer 410.
  std::vector<store::PublicationRecord> publications;

  // The year's publications, newest first.
  std::vector<store::PublicationRecord> Of(int year) const;
  // The year's latest publication not withdrawn, or the one numbered `id` if it is of that
  // year (withdrawn or not). NotFound otherwise.
  Result<store::PublicationRecord> Find(int year, std::optional<std::int64_t> id) const;
};

// What the public reads: publications only, never the working sheet staff edit.
class PortalService {
 public:
  explicit PortalService(store::Store& store) : store_(store) {}

  // What is published now. Kept while nothing new is published, which costs a page one small
  // query rather than one for each thing it asks about the publications.
  Result<std::shared_ptr<const Published>> Current();
  // Everyone (the public reads publications only). Current()'s, each for itself: the
  // published years, newest first; a year's publications, newest first; the publication
  // `id` of `year`, or its latest (NotFound when none).
  Result<std::vector<int>> Years();
  Result<std::vector<store::PublicationRecord>> Publications(int year);
  Result<store::PublicationRecord> Publication(int year, std::optional<std::int64_t> id);

  // Everyone. A publication's list, one initiative, its scale, the whole sheet; NotFound.
  Result<InitiativeList> List(const store::PublicationRecord& publication,
                              const store::InitiativeFilter& filter);
  Result<model::Initiative> Initiative(const store::PublicationRecord& publication, int no);
  Result<model::RatingScale> RatingScale(const store::PublicationRecord& publication);
  Result<model::Sheet> Sheet(const store::PublicationRecord& publication);

  // The publication as the file named `file_name` ("torikumi-R7-2026-03-31.csv"), or
  // NotFound. A publication never changes, so each file is built once and kept.
  Result<Download> File(const store::PublicationRecord& publication, std::string_view file_name);
  // One initiative of the publication as an A4 PDF, named torikumi-R7-2026-03-31-No12.pdf,
  // built once and kept as the files are.
  Result<Download> InitiativePdf(const store::PublicationRecord& publication, int no);
  // The same when already built, without building: nullopt when it must be built, which is
  // work for the server's document workers; NotFound for a file that is none.
  Result<std::optional<Download>> KeptFile(const store::PublicationRecord& publication,
                                           std::string_view file_name);
  Result<std::optional<Download>> KeptInitiativePdf(const store::PublicationRecord& publication,
                                                    int no);
  // The base of a publication's file names: torikumi-R7-2026-03-31.
  static std::string FileStem(const store::PublicationRecord& publication);

 private:
  // Kept documents, all of the municipality's publications together: a PDF of a
  // 300-initiative sheet is a few MB, an initiative's PDF some tens of KB.
  static constexpr std::size_t kCachedBytes = 64u << 20;

  // The format named by `file_name` and the key it is kept under, or NotFound.
  Result<std::pair<const DownloadFormat*, std::string>> FileKey(
      const store::PublicationRecord& publication, std::string_view file_name);
  Result<std::string> InitiativePdfKey(int no);
  std::optional<Download> Cached(std::int64_t publication, const std::string& key);
  void Keep(std::int64_t publication, const std::string& key, const Download& download);

  store::Store& store_;
  std::mutex published_mutex_;
  std::shared_ptr<const Published> published_;  // guarded by published_mutex_
  std::mutex cache_mutex_;
  std::map<std::pair<std::int64_t, std::string>, Download> cache_;  // guarded by cache_mutex_
  std::size_t cached_bytes_ = 0;                                    // guarded by cache_mutex_
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_PORTAL_SERVICE_H_
