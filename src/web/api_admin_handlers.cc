// The API: users and the audit log, for administrators, and the municipality's name.

#include "web/api_json.h"
#include "web/handlers.h"

namespace torikumi::web::api {

Result<Response> Notifications(Call& call) {
  auto& notifications = call.services.notifications;
  TORIKUMI_ASSIGN_OR_RETURN(auto list, notifications.List(call.Actor()));
  TORIKUMI_ASSIGN_OR_RETURN(const int unread, notifications.Unread(call.Actor()));
  json::array items;
  for (const store::NotificationRecord& n : list) {
    items.push_back(json::object{{"id", n.id},
                                 {"kind", model::NoticeKindName(n.kind)},
                                 {"created_at", service::UtcTime(n.created_at)},
                                 {"title", n.title},
                                 {"body", n.body},
                                 {"link", n.link},
                                 {"read", n.read}});
  }
  return JsonOk(json::object{{"unread", unread}, {"notifications", std::move(items)}});
}

Result<Response> ReadNotifications(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.notifications.ReadAll(call.Actor()));
  return Done();
}

Result<Response> SetMailPreferences(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  model::MailPreferences preferences;
  preferences.address = StringField(body, "address");
  if (const auto* kinds = body.if_contains("kinds")) {
    if (!kinds->is_array()) return Error::InvalidInput("kinds は種類の名前の配列です");
    preferences.kinds = {};
    for (const json::value& k : kinds->as_array()) {
      const auto kind =
          k.is_string() ? model::ParseNoticeKind(std::string_view(k.as_string())) : std::nullopt;
      if (!kind)
        return Error::InvalidInput("kinds に知らない種類があります: " + json::serialize(k));
      preferences.kinds.Add(*kind);
    }
  }
  if (const auto* digest = body.if_contains("digest")) {
    if (!digest->is_bool()) return Error::InvalidInput("digest は true か false です");
    preferences.digest = digest->as_bool();
  }
  TORIKUMI_RETURN_IF_ERROR(
      call.services.notifications.SaveMailPreferences(call.Actor(), preferences));
  return Done();
}

Result<Response> Mail(Call& call) {
  auto& notifications = call.services.notifications;
  TORIKUMI_ASSIGN_OR_RETURN(auto mails, notifications.Outbox(call.Actor()));
  TORIKUMI_ASSIGN_OR_RETURN(auto backlog, notifications.Backlog(call.Actor()));
  json::array items;
  for (const store::MailRecord& m : mails) {
    items.push_back(json::object{{"id", m.id},
                                 {"to", m.to},
                                 {"subject", m.subject},
                                 {"state", store::MailStateName(m.state)},
                                 {"attempts", m.attempts},
                                 {"created_at", service::UtcTime(m.created_at)},
                                 {"last_error", m.last_error}});
  }
  return JsonOk(json::object{{"pending", backlog.pending},
                             {"held", backlog.held},
                             {"failed", backlog.failed},
                             {"mails", std::move(items)}});
}

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
