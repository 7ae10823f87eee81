#include "service/installation_service.h"

#include "model/municipality.h"
#include "text/utf8.h"

namespace torikumi::service {

namespace {

// A code with its check digit and a name: what a municipality is given. The name, trimmed.
Result<std::string_view> CheckedName(std::string_view code, std::string_view name) {
  if (!model::IsMunicipalityCode(code)) {
    return Error::InvalidInput(
        "「" + std::string(code) +
        "」は全国地方公共団体コード (検査数字つきの 6 桁、例: 282171) ではありません");
  }
  const std::string_view trimmed = text::Trim(name);
  if (trimmed.empty()) return Error::InvalidInput("自治体名を指定してください");
  if (trimmed.size() > 200) return Error::InvalidInput("自治体名が長すぎます");
  return trimmed;
}

}  // namespace

Result<store::Municipality> InstallationService::AddMunicipality(const Actor& actor,
                                                                 std::string_view code,
                                                                 std::string_view name) {
  if (!actor.IsCommandLine()) {
    return Error::Forbidden("自治体を追加できるのは、設置者がコマンドラインから行う場合だけです");
  }
  TORIKUMI_ASSIGN_OR_RETURN(const std::string_view checked, CheckedName(code, name));
  return store_.AddMunicipality(code, checked);
}

Result<store::Municipality> InstallationService::ThisMunicipality() {
  return store_.ThisMunicipality();
}

Result<store::Municipality> InstallationService::NameMunicipality(const Actor& actor,
                                                                  std::string_view code,
                                                                  std::string_view name) {
  if (!actor.IsCommandLine() && !actor.IsAdministrator()) {
    return Error::Forbidden("自治体の名称と団体コードは管理者だけが設定できます");
  }
  TORIKUMI_ASSIGN_OR_RETURN(const std::string_view checked, CheckedName(code, name));
  TORIKUMI_ASSIGN_OR_RETURN(const store::Municipality before, store_.ThisMunicipality());
  const auto written = [](std::string_view c, std::string_view n) {
    return std::string(n) + " (" + std::string(c) + ")";
  };
  return store_.NameMunicipality(
      code, checked,
      {actor.user_id(), "municipality.name", "municipality",
       before.code.empty() && before.name.empty() ? "" : written(before.code, before.name),
       written(code, checked)});
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
