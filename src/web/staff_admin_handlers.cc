// The staff workspace: users, the audit log, the security events, and the municipality.

#include <algorithm>
#include <charconv>

#include "text/entries.h"
#include "text/utf8.h"
#include "web/errors.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

// The users page, with what was wrong in the add form.
Result<Response> UsersPage(const Call& call, std::string_view error, int status) {
  TORIKUMI_ASSIGN_OR_RETURN(auto users, call.services.accounts.Users(call.Actor()));
  return Response::Html(status, RenderUsers(*call.staff, users, error));
}

// One user's page, with a password or token shown once, or what was wrong.
Result<Response> UserPage(const Call& call, std::string_view shown_once, std::string_view error,
                          int status) {
  auto& accounts = call.services.accounts;
  TORIKUMI_ASSIGN_OR_RETURN(auto users, accounts.Users(call.Actor()));
  auto user = std::find_if(users.begin(), users.end(),
                           [&](const model::User& u) { return u.login == call.login; });
  if (user == users.end()) return Error::NotFound("利用者「" + call.login + "」はいません");
  TORIKUMI_ASSIGN_OR_RETURN(auto tokens, accounts.ApiTokens(call.Actor(), call.login));
  return Response::Html(status, RenderUser(*call.staff, *user, tokens, shown_once, error));
}

std::vector<std::string> SectionsOf(const Call& call) {
  return text::SplitCoOwners({call.Form("sections")});
}

// What the security events page or its CSV is asked for: ?kind=&from=&to=&before=.
struct AskedEvents {
  SecurityEventsView view;
  service::SecurityEventQuery query;
};

Result<AskedEvents> AskedSecurityEvents(const Call& call) {
  AskedEvents asked;
  SecurityEventsView& view = asked.view;
  view.kind = call.Query("kind");
  view.from_date = std::string(text::Trim(call.Query("from")));
  view.to_date = std::string(text::Trim(call.Query("to")));
  if (!view.kind.empty()) {
    asked.query.kind = model::ParseSecurityEventKind(view.kind);
    if (!asked.query.kind) return Error::InvalidInput("種類「" + view.kind + "」はありません");
  }
  asked.query.from_date = view.from_date;
  asked.query.to_date = view.to_date;
  if (const std::string before = call.Query("before"); !before.empty()) {
    const auto [end, ec] =
        std::from_chars(before.data(), before.data() + before.size(), view.before_id);
    if (ec != std::errc() || end != before.data() + before.size() || view.before_id < 1) {
      return Error::InvalidInput("ページの指定 (before) が正しくありません");
    }
  }
  asked.query.before_id = view.before_id;
  return asked;
}

}  // namespace

Result<Response> Users(Call& call) { return UsersPage(call, "", 200); }

Result<Response> AddUser(Call& call) {
  const auto role = model::ParseRole(call.Form("role"));
  if (!role) return UsersPage(call, "役割を選んでください", 400);
  auto added = call.services.accounts.AddUser(
      call.Actor(), {std::string(text::Trim(call.Form("login"))),
                     std::string(text::Trim(call.Form("display_name"))), *role, SectionsOf(call),
                     call.Form("password")});
  if (added) return Response::SeeOther("/staff/users");
  if (added.error().code() == Error::Code::kForbidden) return added.error();
  return UsersPage(call, added.error().message(), HttpStatusOf(added.error()));
}

Result<Response> User(Call& call) { return UserPage(call, "", "", 200); }

Result<Response> ChangeUser(Call& call) {
  auto& accounts = call.services.accounts;
  const service::Actor actor = call.Actor();
  const std::string action = call.Form("action");
  const std::string back = "/staff/users/" + call.login;
  if (action == "token") {
    const std::string name = call.Form("name").empty() ? "API" : call.Form("name");
    const auto days = ParseNumber(call.Form("days"), 1, service::AccountService::kMaxTokenDays);
    if (!days) return UserPage(call, "", "有効期間を選んでください", 400);
    TORIKUMI_ASSIGN_OR_RETURN(auto token, accounts.IssueApiToken(actor, call.login, name, *days));
    return UserPage(call, "API トークン「" + name + "」を発行しました: " + token, "", 200);
  }
  if (action == "reset_password") {
    TORIKUMI_ASSIGN_OR_RETURN(auto password, accounts.ResetPassword(actor, call.login));
    return UserPage(
        call,
        "パスワードを再設定しました。本人に伝えてください (次回ログイン時に変更): " + password, "",
        200);
  }
  if (action == "reset_second_factor") {
    TORIKUMI_RETURN_IF_ERROR(accounts.ResetSecondFactor(actor, call.login));
    return Response::SeeOther(back);
  }
  if (action == "revoke_token") {
    TORIKUMI_RETURN_IF_ERROR(accounts.RevokeApiToken(actor, call.login, call.Form("token")));
    return Response::SeeOther(back);
  }
  if (action == "update") {
    const auto role = model::ParseRole(call.Form("role"));
    if (!role) return UserPage(call, "", "役割を選んでください", 400);
    std::optional<int> year;
    if (const std::string text = call.Form("year"); !text.empty()) {
      year = ParseNumber(text, 1900, 2999);
      if (!year) return UserPage(call, "", "年度を選んでください", 400);
    }
    model::User changed;
    changed.login = call.login;
    changed.display_name = std::string(text::Trim(call.Form("display_name")));
    changed.role = *role;
    changed.sections = SectionsOf(call);
    auto done = accounts.UpdateUser(actor, changed, year);
    if (!done && done.error().code() == Error::Code::kInvalidInput) {
      return UserPage(call, "", done.error().message(), 400);
    }
    TORIKUMI_RETURN_IF_ERROR(done);
    return Response::SeeOther(back + "?saved=1");
  }
  if (action != "disable" && action != "enable") {
    return Error::InvalidInput("操作が指定されていません");
  }
  TORIKUMI_RETURN_IF_ERROR(accounts.SetDisabled(actor, call.login, action == "disable"));
  return Response::SeeOther(back);
}

Result<Response> AuditLog(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto log, call.services.workspace.AuditLog(call.Actor(), 500));
  return Page(RenderAuditLog(*call.staff, log));
}

Result<Response> SecurityEvents(Call& call) {
  auto asked = AskedSecurityEvents(call);
  Result<service::SecurityEventPage> page =
      asked ? call.services.security.Events(call.Actor(), asked->query)
            : Result<service::SecurityEventPage>(asked.error());
  if (page) return Page(RenderSecurityEvents(*call.staff, asked->view, *page, ""));
  if (page.error().code() != Error::Code::kInvalidInput) return page.error();
  // The filter as it was typed, with what is wrong with it.
  SecurityEventsView view{call.Query("kind"), call.Query("from"), call.Query("to"), 0};
  return Response::Html(400, RenderSecurityEvents(*call.staff, view, {}, page.error().message()));
}

Result<Response> SecurityEventsCsv(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(AskedEvents asked, AskedSecurityEvents(call));
  TORIKUMI_ASSIGN_OR_RETURN(service::Download file,
                            call.services.security.Csv(call.Actor(), asked.query));
  Response r;
  r.content_type = file.content_type;
  r.body = std::move(file.bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
  return r;
}

Result<Response> MailOutbox(Call& call) {
  auto& notifications = call.services.notifications;
  TORIKUMI_ASSIGN_OR_RETURN(auto mails, notifications.Outbox(call.Actor()));
  TORIKUMI_ASSIGN_OR_RETURN(auto backlog, notifications.Backlog(call.Actor()));
  return Page(RenderMailOutbox(*call.staff, mails, backlog, notifications.settings().mail));
}

Result<Response> RetryMail(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.notifications.Retry(call.Actor(), call.id));
  return Response::SeeOther("/staff/mail?saved=1");
}

Result<Response> Municipality(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto m, call.services.installation.ThisMunicipality());
  TORIKUMI_ASSIGN_OR_RETURN(const bool required, call.services.accounts.SecondFactorRequired());
  return Page(
      RenderMunicipality(*call.staff, m.code, m.name, required, "", call.Query("saved") == "1"));
}

Result<Response> RequireSecondFactor(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(
      call.services.accounts.RequireSecondFactor(call.Actor(), call.Form("required") == "1"));
  return Response::SeeOther("/staff/municipality?saved=1");
}

Result<Response> NameMunicipality(Call& call) {
  const std::string code(text::Trim(call.Form("code")));
  const std::string name(text::Trim(call.Form("name")));
  auto named = call.services.installation.NameMunicipality(call.Actor(), code, name);
  if (named) return Response::SeeOther("/staff/municipality?saved=1");
  if (named.error().code() == Error::Code::kForbidden) return named.error();
  TORIKUMI_ASSIGN_OR_RETURN(const bool required, call.services.accounts.SecondFactorRequired());
  return Response::Html(
      HttpStatusOf(named.error()),
      RenderMunicipality(*call.staff, code, name, required, named.error().message(), false));
}

}  // namespace torikumi::web::staff
