#ifndef TORIKUMI_SERVICE_INSTALLATION_SERVICE_H_
#define TORIKUMI_SERVICE_INSTALLATION_SERVICE_H_

#include <string_view>
#include <vector>

#include "model/error.h"
#include "service/actor.h"
#include "store/store.h"

namespace torikumi::service {

// What spans the municipalities of one installation: adding them, naming them, listing them,
// and the public search across their publications. Made over one municipality's store, which
// ThisMunicipality and NameMunicipality concern.
class InstallationService {
 public:
  explicit InstallationService(store::Store& store) : store_(store) {}

  // Adds a municipality by its 全国地方公共団体コード, from the command line only (a hosting
  // operator's act, not any municipality's administrator's).
  Result<store::Municipality> AddMunicipality(const Actor& actor, std::string_view code,
                                              std::string_view name);
  // Everyone. The municipality of the store this service works on.
  Result<store::Municipality> ThisMunicipality();
  // Administrators (of this municipality) and the command line: gives the municipality its
  // 全国地方公共団体コード and name, which every public page title, download, PDF and XLSX
  // says from then on ("川西市 令和7年度 取組実施プロセスシート"). Forbidden, InvalidInput (a
  // code without its check digit, no name), Conflict (another municipality's code).
  Result<store::Municipality> NameMunicipality(const Actor& actor, std::string_view code,
                                               std::string_view name);
  // Everyone. The installation's municipalities.
  Result<std::vector<store::Municipality>> Municipalities();
  // Everyone. Every municipality's latest publications that match `query`; at most `limit`
  // hits.
  Result<std::vector<store::PublishedHit>> SearchPublished(std::string_view query, int limit);

 private:
  store::Store& store_;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_INSTALLATION_SERVICE_H_
