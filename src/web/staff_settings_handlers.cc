// The staff workspace: the year's settings, and sheet uploads.

#include "text/utf8.h"
#include "web/errors.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

Result<Response> SettingsPage(const Call& call, std::string_view error, int status) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, workspace.RatingScale(actor, call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto list, workspace.List(actor, call.year, {}));
  return Response::Html(status, RenderSettings(*call.staff, scale, list.facets, error));
}

// After a change of the settings: on to `next`, or the settings page again with what was
// wrong in the input.
Result<Response> AfterChange(const Call& call, const Result<void>& done, const std::string& next) {
  if (done) return Response::SeeOther(next);
  const Error::Code code = done.error().code();
  if (code == Error::Code::kInvalidInput || code == Error::Code::kConflict) {
    return SettingsPage(call, done.error().message(), HttpStatusOf(done.error()));
  }
  return done.error();
}

std::string SettingsPath(const Call& call) { return StaffYearBase(call.year) + "settings"; }

}  // namespace

Result<Response> Settings(Call& call) { return SettingsPage(call, "", 200); }

Result<Response> SaveRatingScale(Call& call) {
  const auto was = call.FormAll("was");
  const auto symbols = call.FormAll("symbol");
  const auto labels = call.FormAll("label");
  const auto meanings = call.FormAll("meaning");
  if (symbols.size() != labels.size() || symbols.size() != was.size() ||
      symbols.size() != meanings.size()) {
    return Error::InvalidInput("評価区分の欄がそろっていません");
  }
  std::vector<model::RatingLevel> levels;
  service::WorkspaceService::RatingRenames renamed;
  for (std::size_t k = 0; k < symbols.size(); ++k) {
    const std::string symbol(text::Trim(symbols[k]));
    if (symbol.empty()) continue;
    const std::string label(text::Trim(labels[k]));
    const auto meaning = model::ParseRatingMeaning(meanings[k]);
    if (!meaning) return Error::InvalidInput("進み具合を選んでください");
    levels.push_back({symbol, label.empty() ? symbol : label, *meaning});
    if (!was[k].empty() && was[k] != symbol) renamed.emplace_back(was[k], symbol);
  }
  return AfterChange(call,
                     call.services.workspace.SaveRatingScale(
                         call.Actor(), call.year, model::RatingScale(std::move(levels)), renamed),
                     SettingsPath(call));
}

Result<Response> RenameSection(Call& call) {
  return AfterChange(
      call,
      call.services.workspace.RenameSection(call.Actor(), call.year, call.Form("from"),
                                            std::string(text::Trim(call.Form("to")))),
      SettingsPath(call));
}

Result<Response> RenamePlanElement(Call& call) {
  // The select's value is "LEVEL:LABEL".
  const std::string from = call.Form("from");
  const std::size_t colon = from.find(':');
  const std::string level_name = from.substr(0, colon);
  using Level = store::Store::PlanLevel;
  const std::optional<Level> level = level_name == "goal"      ? std::optional(Level::kGoal)
                                     : level_name == "policy"  ? std::optional(Level::kPolicy)
                                     : level_name == "project" ? std::optional(Level::kProject)
                                     : level_name == "subproject"
                                         ? std::optional(Level::kSubproject)
                                         : std::nullopt;
  if (!level || colon == std::string::npos) {
    return SettingsPage(call, "変更する要素を選んでください", 400);
  }
  return AfterChange(call,
                     call.services.workspace.RenamePlanElement(
                         call.Actor(), call.year, *level, from.substr(colon + 1),
                         std::string(text::Trim(call.Form("to")))),
                     SettingsPath(call));
}

Result<Response> CarryOver(Call& call) {
  auto carried = call.services.workspace.CarryOver(call.Actor(), call.year, call.year + 1);
  return AfterChange(call, carried ? Result<void>() : Result<void>(carried.error()),
                     StaffYearBase(call.year + 1));
}

Result<Response> DeleteYear(Call& call) {
  if (text::Trim(call.Form("confirm")) != std::to_string(call.year)) {
    return SettingsPage(call, "削除するには、確認のため西暦の年度を入力してください", 400);
  }
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.DeleteYear(call.Actor(), call.year));
  return Response::SeeOther("/staff/");
}

Result<Response> Import(Call& call) {
  auto file = call.files.find("file");
  if (file == call.files.end() || file->second.second.empty()) {
    return Error::InvalidInput("取り込むファイルを選んでください");
  }
  const auto& [file_name, bytes] = file->second;
  service::ImportOptions options;
  if (const std::string text(text::Trim(call.Form("year"))); !text.empty()) {
    options.fiscal_year = ParseNumber(text, 1900, 2999);
    if (!options.fiscal_year) return Error::InvalidInput("年度は西暦 4 桁で入力してください");
  }
  if (const std::string worksheet(text::Trim(call.Form("sheet"))); !worksheet.empty()) {
    options.worksheet = worksheet;
  }
  if (call.Form("reports") == "replace") options.reports = store::ReportsOnImport::kReplace;
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  StaffContext& context = *call.staff;
  if (call.Form("action") == "preview") {
    TORIKUMI_ASSIGN_OR_RETURN(auto preview,
                              workspace.PreviewImport(actor, file_name, bytes, options));
    return Page(RenderImportPreview(context, preview, file_name));
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto report, workspace.ImportSheet(actor, file_name, bytes, options));
  context.year = report.fiscal_year;
  if (auto years = workspace.Years(actor)) context.years = *years;
  return Page(RenderImportReport(context, report, file_name));
}

}  // namespace torikumi::web::staff
