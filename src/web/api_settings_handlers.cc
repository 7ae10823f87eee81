// The API: the year's settings.

#include "web/api_json.h"
#include "web/handlers.h"

namespace torikumi::web::api {
namespace {

using Level = store::Store::PlanLevel;

Result<Response> RenamePlan(Call& call, Level level) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.RenamePlanElement(
      call.Actor(), call.year, level, StringField(body, "from"), StringField(body, "to")));
  return Done();
}

}  // namespace

Result<Response> RatingScale(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto scale,
                            call.services.workspace.RatingScale(call.Actor(), call.year));
  return JsonOk(json::object{{"levels", LevelsJson(scale)}});
}

Result<Response> SaveRatingScale(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  std::vector<model::RatingLevel> levels;
  service::WorkspaceService::RatingRenames renamed;
  if (const json::value* v = body.if_contains("levels"); v && v->is_array()) {
    for (const auto& level : v->as_array()) {
      if (!level.is_object()) {
        return Error::InvalidInput("levels は {symbol, label, meaning} の配列にしてください");
      }
      const json::object& o = level.as_object();
      const std::string meaning = StringField(o, "meaning");
      const auto parsed = model::ParseRatingMeaning(meaning.empty() ? "other" : meaning);
      if (!parsed) {
        return Error::InvalidInput("meaning は ahead, on_track, behind, other のいずれかです");
      }
      levels.push_back({StringField(o, "symbol"), StringField(o, "label"), *parsed});
      if (const std::string was = StringField(o, "was");
          !was.empty() && was != levels.back().symbol) {
        renamed.emplace_back(was, levels.back().symbol);
      }
    }
  }
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.SaveRatingScale(
      call.Actor(), call.year, model::RatingScale(std::move(levels)), renamed));
  return Done();
}

Result<Response> RenameSection(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.RenameSection(
      call.Actor(), call.year, StringField(body, "from"), StringField(body, "to")));
  return Done();
}

Result<Response> RenameGoal(Call& call) { return RenamePlan(call, Level::kGoal); }
Result<Response> RenamePolicy(Call& call) { return RenamePlan(call, Level::kPolicy); }
Result<Response> RenameProject(Call& call) { return RenamePlan(call, Level::kProject); }
Result<Response> RenameSubproject(Call& call) { return RenamePlan(call, Level::kSubproject); }

Result<Response> CarryOver(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(
      auto carried, call.services.workspace.CarryOver(call.Actor(), call.year, call.year + 1));
  return JsonOk(json::object{{"fiscal_year", call.year + 1}, {"initiatives", carried}}, 201);
}

Result<Response> DeleteYear(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.DeleteYear(call.Actor(), call.year));
  return Done();
}

}  // namespace torikumi::web::api
