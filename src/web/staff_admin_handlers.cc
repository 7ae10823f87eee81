// The staff workspace: users, the audit log, and one's own account.

#include "text/entries.h"
#include "text/utf8.h"
#include "web/errors.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

// The users page, with a token just issued or what was wrong in the form.
Result<Response> UsersPage(const Call& call, std::string_view token, std::string_view error,
                           int status) {
  TORIKUMI_ASSIGN_OR_RETURN(auto users, call.services.accounts.Users(call.Actor()));
  return Response::Html(status, RenderUsers(*call.staff, users, token, error));
}

}  // namespace

Result<Response> Users(Call& call) { return UsersPage(call, "", "", 200); }

Result<Response> AddUser(Call& call) {
  const auto role = model::ParseRole(call.Form("role"));
  if (!role) return UsersPage(call, "", "役割を選んでください", 400);
  auto added = call.services.accounts.AddUser(
      call.Actor(), {std::string(text::Trim(call.Form("login"))),
                     std::string(text::Trim(call.Form("display_name"))), *role,
                     text::SplitCoOwners({call.Form("sections")}), call.Form("password")});
  if (added) return Response::SeeOther("/staff/users");
  if (added.error().code() == Error::Code::kForbidden) return added.error();
  return UsersPage(call, "", added.error().message(), HttpStatusOf(added.error()));
}

Result<Response> ChangeUser(Call& call) {
  auto& accounts = call.services.accounts;
  const service::Actor actor = call.Actor();
  const std::string action = call.Form("action");
  if (action == "token") {
    const std::string name = call.Form("name").empty() ? "API" : call.Form("name");
    TORIKUMI_ASSIGN_OR_RETURN(auto token, accounts.IssueApiToken(actor, call.login, name));
    return UsersPage(call, token, "", 200);
  }
  if (action != "disable" && action != "enable") {
    return Error::InvalidInput("操作が指定されていません");
  }
  TORIKUMI_RETURN_IF_ERROR(accounts.SetDisabled(actor, call.login, action == "disable"));
  return Response::SeeOther("/staff/users");
}

Result<Response> AuditLog(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto log, call.services.workspace.AuditLog(call.Actor(), 500));
  return Page(RenderAuditLog(*call.staff, log));
}

Result<Response> Account(Call& call) { return Page(RenderAccount(*call.staff, "")); }

Result<Response> ChangePassword(Call& call) {
  const service::Actor actor = call.Actor();
  auto done = call.services.accounts.SetPassword(actor, actor.user().login, call.Form("password"));
  if (!done) {
    return Response::Html(HttpStatusOf(done.error()),
                          RenderAccount(*call.staff, done.error().message()));
  }
  // The password change ended every session, this one too: sign in again.
  return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
}

Result<Response> LogoutEverywhere(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.accounts.LogoutEverywhere(call.Actor()));
  return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
}

}  // namespace torikumi::web::staff
