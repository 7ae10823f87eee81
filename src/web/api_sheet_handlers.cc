// The API: years, sheets and initiatives. Where a route is for anyone, a signed-in caller
// reads the working sheet and the public the latest publication.

#include "sheet/json.h"
#include "text/number.h"
#include "web/api_json.h"
#include "web/handlers.h"

namespace torikumi::web::api {
namespace {

Result<store::PublicationRecord> LatestPublication(const Call& call) {
  return call.services.portal.Publication(call.year, std::nullopt);
}

Response InitiativeListJson(const service::InitiativeList& list, json::object around) {
  json::array rows;
  for (const auto& row : list.rows) rows.push_back(SummaryJson(row));
  around["initiatives"] = std::move(rows);
  return JsonOk(around);
}

// An initiative as staff see it: its version, what the caller may do, and the initiative.
Response StoredJson(const Call& call, const store::StoredInitiative& s, int status) {
  const auto may = call.services.workspace.PermissionsFor(call.Actor(), call.year, s.initiative);
  const json::object permissions{{"edit", may.edit},
                                 {"add_progress", may.add_progress},
                                 {"submit", may.submit},
                                 {"review", may.review},
                                 {"note_section", may.note_section}};
  return Response::Json(status,
                        "{\"version\": " + std::to_string(s.version) +
                            ", \"updated_at\": " + json::serialize(json::value(s.updated_at)) +
                            ", \"permissions\": " + json::serialize(permissions) +
                            ", \"initiative\": " + sheet::WriteInitiativeJson(s.initiative) + "}");
}

}  // namespace

Result<Response> Years(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto years, call.SignedIn()
                                            ? call.services.workspace.Years(call.Actor())
                                            : call.services.portal.Years());
  return JsonOk(json::object{{"years", json::array(years.begin(), years.end())}});
}

Result<Response> Sheet(Call& call) {
  if (!call.SignedIn()) return PublicSheet(call);
  // The caller must be able to read the year before the year is exported.
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.List(call.Actor(), call.year, {}));
  TORIKUMI_ASSIGN_OR_RETURN(
      auto exported,
      call.services.sheets.Export(call.year, {service::SheetFormat::kJson, text::Encoding::kUtf8}));
  return Response::Json(200, std::move(exported.bytes));
}

Result<Response> PublicSheet(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto publication, LatestPublication(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, call.services.portal.Sheet(publication));
  return Response::Json(200, sheet::WriteSheetJson(sheet));
}

Result<Response> Initiatives(Call& call) {
  if (!call.SignedIn()) return PublicInitiatives(call);
  TORIKUMI_ASSIGN_OR_RETURN(auto list,
                            call.services.workspace.List(call.Actor(), call.year, call.Filter()));
  return InitiativeListJson(list, {});
}

Result<Response> PublicInitiatives(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto publication, LatestPublication(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto list, call.services.portal.List(publication, call.Filter()));
  return InitiativeListJson(list, {{"publication", PublicationJson(publication)}});
}

Result<Response> Initiative(Call& call) {
  if (!call.SignedIn()) return PublicInitiative(call);
  TORIKUMI_ASSIGN_OR_RETURN(auto stored,
                            call.services.workspace.Initiative(call.Actor(), call.year, call.no));
  return StoredJson(call, stored, 200);
}

Result<Response> PublicInitiative(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto publication, LatestPublication(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto initiative, call.services.portal.Initiative(publication, call.no));
  return Response::Json(200, "{\"publication\": " + json::serialize(PublicationJson(publication)) +
                                 ", \"initiative\": " + sheet::WriteInitiativeJson(initiative) +
                                 "}");
}

Result<Response> UpdateInitiative(Call& call) {
  auto& workspace = call.services.workspace;
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto version, IntField(body, "version", 1, INT64_MAX));
  const json::value* initiative = body.if_contains("initiative");
  if (!initiative || !initiative->is_object()) {
    return Error::InvalidInput("「initiative」を指定してください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto edited, sheet::ReadInitiativeJson(json::serialize(*initiative)));
  if (edited.no != call.no) return Error::InvalidInput("URL と本文の No. が違います");
  // A client that knows nothing of endings ("ending" absent) keeps the one there is; ending
  // and resuming have their own route.
  if (!initiative->as_object().contains("ending")) {
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(call.Actor(), call.year, call.no));
    edited.ending = stored.initiative.ending;
  }
  auto saved = workspace.Update(call.Actor(), call.year, edited, version);
  if (saved) return JsonOk(json::object{{"version", *saved}});
  if (saved.error().code() != Error::Code::kConflict) return saved.error();
  // A conflict answers with the current version, so that the client can merge and retry.
  auto current = workspace.Initiative(call.Actor(), call.year, call.no);
  if (!current) return saved.error();
  Response r = StoredJson(call, *current, 409);
  r.body =
      "{\"error\": " +
      json::serialize(json::object{{"code", "conflict"}, {"message", saved.error().message()}}) +
      ", \"current\": " + r.body + "}";
  return r;
}

Result<Response> WriteProgress(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto version, IntField(body, "version", 1, INT64_MAX));
  TORIKUMI_ASSIGN_OR_RETURN(auto month, IntField(body, "month", 1, 12));
  std::optional<std::string> rating;
  if (body.contains("rating")) rating = StringField(body, "rating");
  // Figures as numbers, or as strings typed the way people type them ("1,234").
  auto typed = [](const json::value* v, const std::string& field) -> Result<std::string> {
    if (!v || v->is_null()) return std::string();
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_number()) return text::FormatNumber(v->to_number<double>());
    return Error::InvalidInput(field + " は数か文字列にしてください");
  };
  service::TypedFigures figures;
  if (body.contains("achievement")) {
    TORIKUMI_ASSIGN_OR_RETURN(figures.rate, typed(body.if_contains("achievement"), "achievement"));
  }
  if (const json::value* actuals = body.if_contains("actuals")) {
    if (!actuals->is_array()) return Error::InvalidInput("actuals は配列にしてください");
    for (std::size_t k = 0; k < actuals->get_array().size(); ++k) {
      const json::value& item = actuals->get_array()[k];
      const std::string path = "actuals[" + std::to_string(k) + "]";
      if (!item.is_object()) return Error::InvalidInput(path + " はオブジェクトにしてください");
      service::TypedActual actual{StringField(item.get_object(), "indicator"), "",
                                  StringField(item.get_object(), "note")};
      TORIKUMI_ASSIGN_OR_RETURN(actual.value,
                                typed(item.get_object().if_contains("value"), path + ".value"));
      figures.actuals.push_back(std::move(actual));
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto saved, call.services.workspace.WriteMonthProgress(
                                            call.Actor(), call.year, call.no, int(month),
                                            StringField(body, "text"), rating, version, figures));
  return JsonOk(json::object{{"version", saved}});
}

// PUT ends the initiative with {"kind": "終了" or "廃止", "reason", "version"}; DELETE with
// {"version"} takes a mistaken ending back.
Result<Response> SetEnding(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto version, IntField(body, "version", 1, INT64_MAX));
  std::optional<model::Ending> ending;
  if (call.request.method == "PUT") {
    const auto kind = model::EndingKindNamed(StringField(body, "kind"));
    if (!kind) return Error::InvalidInput("kind は \"終了\" か \"廃止\" にしてください");
    ending = model::Ending{*kind, StringField(body, "reason")};
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto saved, call.services.workspace.SetEnding(
                                            call.Actor(), call.year, call.no, ending, version));
  return JsonOk(json::object{{"version", saved}});
}

Result<Response> History(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto history,
                            call.services.workspace.History(call.Actor(), call.year, call.no));
  return JsonOk(json::object{{"history", AuditListJson(history)}});
}

}  // namespace torikumi::web::api
