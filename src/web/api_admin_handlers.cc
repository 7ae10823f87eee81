// The API: users and the audit log, for administrators, and the municipality's name.

#include "web/api_json.h"
#include "web/handlers.h"

namespace torikumi::web::api {

Result<Response> Users(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto users, call.services.accounts.Users(call.Actor()));
  json::array list;
  for (const auto& u : users) list.push_back(UserJson(u));
  return JsonOk(json::object{{"users", list}});
}

Result<Response> AddUser(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  const auto role = model::ParseRole(StringField(body, "role"));
  if (!role) {
    return Error::InvalidInput("role は administrator, coordinator, editor, viewer のいずれかです");
  }
  std::vector<std::string> sections;
  if (const json::value* v = body.if_contains("sections"); v && v->is_array()) {
    for (const auto& name : v->as_array()) {
      if (name.is_string()) sections.emplace_back(name.as_string());
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      auto added, call.services.accounts.AddUser(
                      call.Actor(), {StringField(body, "login"), StringField(body, "display_name"),
                                     *role, std::move(sections), StringField(body, "password")}));
  return JsonOk(UserJson(added), 201);
}

Result<Response> ChangeUser(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  const std::string action = StringField(body, "action");
  if (action != "disable" && action != "enable") {
    return Error::InvalidInput("action は disable か enable です");
  }
  TORIKUMI_RETURN_IF_ERROR(
      call.services.accounts.SetDisabled(call.Actor(), call.login, action == "disable"));
  return Done();
}

Result<Response> AuditLog(Call& call) {
  const int limit = ParseNumber(call.Query("limit"), 1, 10000).value_or(200);
  TORIKUMI_ASSIGN_OR_RETURN(auto log, call.services.workspace.AuditLog(call.Actor(), limit));
  return JsonOk(json::object{{"audit", AuditListJson(log)}});
}

namespace {

json::object MunicipalityJson(const store::Municipality& m) {
  return json::object{{"code", m.code}, {"name", m.name}};
}

}  // namespace

Result<Response> Municipality(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto m, call.services.installation.ThisMunicipality());
  return JsonOk(MunicipalityJson(m));
}

Result<Response> NameMunicipality(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(
      auto named, call.services.installation.NameMunicipality(
                      call.Actor(), StringField(body, "code"), StringField(body, "name")));
  return JsonOk(MunicipalityJson(named));
}

}  // namespace torikumi::web::api
