// The staff workspace: one's own account, its password and its second factor.

#include "web/errors.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

Result<Response> AccountPage(const Call& call, std::string_view error, int status) {
  auto& accounts = call.services.accounts;
  const service::Actor actor = call.Actor();
  AccountSecurity security;
  const model::Role role = call.session->user.role;
  if (role == model::Role::kAdministrator || role == model::Role::kCoordinator) {
    TORIKUMI_ASSIGN_OR_RETURN(security.required, accounts.SecondFactorRequired());
  }
  if (call.session->user.second_factor) {
    TORIKUMI_ASSIGN_OR_RETURN(security.unused_recovery_codes, accounts.UnusedRecoveryCodes(actor));
  }
  security.notifications = &call.services.notifications.settings();
  return Response::Html(status, RenderAccount(*call.staff, security, error));
}

// A refusal the form can show: a wrong password or code. Others stay errors.
bool ShownOnForm(const Error& error) {
  return error.code() == Error::Code::kInvalidInput || error.code() == Error::Code::kForbidden;
}

}  // namespace

Result<Response> Account(Call& call) { return AccountPage(call, "", 200); }

Result<Response> SaveMailPreferences(Call& call) {
  model::MailPreferences preferences;
  preferences.address = call.Form("mail");
  preferences.kinds = {};  // the boxes ticked, none when none is
  for (const std::string& name : call.FormAll("kind")) {
    if (auto kind = model::ParseNoticeKind(name)) preferences.kinds.Add(*kind);
  }
  preferences.digest = call.Form("digest") == "1";
  auto saved = call.services.notifications.SaveMailPreferences(call.Actor(), preferences);
  if (!saved) {
    if (!ShownOnForm(saved.error())) return saved.error();
    return AccountPage(call, saved.error().message(), HttpStatusOf(saved.error()));
  }
  return Response::SeeOther("/staff/account?saved=1");
}

Result<Response> Notifications(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto list, call.services.notifications.List(call.Actor()));
  return Page(RenderNotifications(*call.staff, list));
}

Result<Response> OpenNotification(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto notification,
                            call.services.notifications.Open(call.Actor(), call.id));
  // Links are the workspace's own pages, written by torikumi; anything else goes to the list.
  const bool own = notification.link.starts_with("/staff/") && !notification.link.starts_with("//");
  return Response::SeeOther(own ? notification.link : "/staff/notifications");
}

Result<Response> ReadAllNotifications(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.notifications.ReadAll(call.Actor()));
  return Response::SeeOther("/staff/notifications");
}

Result<Response> ChangePassword(Call& call) {
  const service::Actor actor = call.Actor();
  auto done = call.services.accounts.SetPassword(actor, actor.user().login, call.Form("password"),
                                                 call.Form("current_password"));
  if (!done) {
    if (!ShownOnForm(done.error())) return done.error();
    return AccountPage(call, done.error().message(), HttpStatusOf(done.error()));
  }
  // The password change ended every session, this one too: sign in again.
  return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
}

Result<Response> LogoutEverywhere(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.accounts.LogoutEverywhere(call.Actor()));
  return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
}

Result<Response> BeginSecondFactor(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.accounts.BeginSecondFactor(call.Actor()));
  return Response::SeeOther("/staff/account/second-factor");
}

Result<Response> SecondFactorEnrolment(Call& call) {
  auto enrolment = call.services.accounts.PendingSecondFactor(call.Actor());
  if (!enrolment && enrolment.error().code() == Error::Code::kNotFound) {
    return Response::Redirect("/staff/account");
  }
  TORIKUMI_RETURN_IF_ERROR(enrolment);
  return Page(RenderSecondFactorEnrolment(*call.staff, *enrolment, ""));
}

Result<Response> ConfirmSecondFactor(Call& call) {
  auto& accounts = call.services.accounts;
  auto codes = accounts.ConfirmSecondFactor(call.Actor(), call.Form("code"));
  if (!codes) {
    if (!ShownOnForm(codes.error())) return codes.error();
    TORIKUMI_ASSIGN_OR_RETURN(auto enrolment, accounts.PendingSecondFactor(call.Actor()));
    return Response::Html(
        HttpStatusOf(codes.error()),
        RenderSecondFactorEnrolment(*call.staff, enrolment, codes.error().message()));
  }
  // The page frame was made before the confirmation: it shows the user as they are now.
  call.staff->user.second_factor = true;
  return Page(RenderRecoveryCodes(*call.staff, *codes));
}

Result<Response> NewRecoveryCodes(Call& call) {
  auto codes = call.services.accounts.NewRecoveryCodes(call.Actor(), call.Form("current_password"));
  if (!codes) {
    if (!ShownOnForm(codes.error())) return codes.error();
    return AccountPage(call, codes.error().message(), HttpStatusOf(codes.error()));
  }
  return Page(RenderRecoveryCodes(*call.staff, *codes));
}

Result<Response> RemoveSecondFactor(Call& call) {
  auto done =
      call.services.accounts.RemoveSecondFactor(call.Actor(), call.Form("current_password"));
  if (!done) {
    if (!ShownOnForm(done.error())) return done.error();
    return AccountPage(call, done.error().message(), HttpStatusOf(done.error()));
  }
  return Response::SeeOther("/staff/account");
}

}  // namespace torikumi::web::staff
