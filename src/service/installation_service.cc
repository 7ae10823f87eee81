#include "service/installation_service.h"

#include "model/municipality.h"
#include "text/utf8.h"

namespace torikumi::service {

Result<store::Municipality> InstallationService::AddMunicipality(const Actor& actor,
                                                                 std::string_view code,
                                                                 std::string_view name) {
  if (!actor.IsCommandLine()) {
    return Error::Forbidden("自治体を追加できるのは、設置者がコマンドラインから行う場合だけです");
  }
  if (!model::IsMunicipalityCode(code)) {
    return Error::InvalidInput(
        "「" + std::string(code) +
        "」は全国地方公共団体コード (検査数字つきの 6 桁、例: 282171) ではありません");
  }
  const std::string_view trimmed = text::Trim(name);
  if (trimmed.empty()) return Error::InvalidInput("自治体名を指定してください");
  return store_.AddMunicipality(code, trimmed);
}

Result<std::vector<store::Municipality>> InstallationService::Municipalities() {
  return store_.Municipalities();
}

Result<std::vector<store::PublishedHit>> InstallationService::SearchPublished(
    std::string_view query, int limit) {
  if (query.size() > 400) return Error::InvalidInput("検索語が長すぎます");
  return store_.SearchPublished(query, limit);
}

}  // namespace torikumi::service
