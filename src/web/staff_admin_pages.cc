// The staff pages of users, the audit log and one's own account.

#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
std::string RenderAuditLog(const StaffContext& c, const std::vector<store::AuditRecord>& records) {
  Html h;
  Begin(h, c, "監査ログ", "audit");
  h.Element("h1", "監査ログ");
  h.Element("p", "新しい順に " + std::to_string(records.size()) + " 件", {{"class", "hint"}});
  h.Open("div", {{"class", "table-scroll"}}).Open("table", {{"class", "audit"}});
  h.Open("thead").Open("tr");
  for (Literal heading :
       {Literal("日時"), Literal("利用者"), Literal("操作"), Literal("対象"), Literal("変更")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const auto& r : records) {
    h.Open("tr")
        .Element("td", JapanTime(r.at))
        .Element("td", r.user)
        .Element("td", ActionLabel(r.action))
        .Element("td", r.object);
    h.Open("td");
    AuditChange(h, r);
    h.Close("td").Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
  return EndPage(h);
}

std::string RenderUsers(const StaffContext& c, const std::vector<model::User>& users,
                        std::string_view issued_token, std::string_view error) {
  Html h;
  Begin(h, c, "利用者", "users");
  h.Element("h1", "利用者");
  if (!error.empty()) Notice(h, error, true);
  if (!issued_token.empty()) {
    Notice(h,
           "API トークンを発行しました。この画面を離れると二度と表示されません:\n" +
               std::string(issued_token),
           false);
  }
  h.Open("div", {{"class", "table-scroll"}}).Open("table", {{"class", "users"}});
  h.Open("thead").Open("tr");
  for (Literal heading : {Literal("ログイン名"), Literal("表示名"), Literal("役割"),
                          Literal("担当課"), Literal("状態"), Literal("操作")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const auto& u : users) {
    std::string sections;
    for (const auto& s : u.sections) sections += (sections.empty() ? "" : "、") + s;
    // The years whose sections differ, as a reorganisation in a year leaves them.
    for (const auto& [year, of_year] : u.year_sections) {
      std::string names;
      for (const auto& s : of_year) names += (names.empty() ? "" : "、") + s;
      sections += "（" + YearTitle(year) + ": " + names + "）";
    }
    const std::string action = "/staff/users/" + u.login;
    h.Open("tr")
        .Element("th", u.login, {{"scope", "row"}})
        .Element("td", u.display_name)
        .Element("td", model::RoleLabel(u.role))
        .Element("td", sections)
        .Element("td", u.disabled ? "無効" : "有効");
    h.Open("td");
    h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
    CsrfField(h, c.who.csrf_token);
    h.Open("button",
           {{"type", "submit"}, {"name", "action"}, {"value", u.disabled ? "enable" : "disable"}})
        .Text(u.disabled ? "有効にする" : "無効にする")
        .Close("button");
    h.Close("form");
    h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
    CsrfField(h, c.who.csrf_token);
    h.Void("input", {{"type", "hidden"}, {"name", "action"}, {"value", "token"}});
    h.Open("label", {{"for", "token-" + u.login}, {"class", "sr"}})
        .Text(u.login + " のトークンの用途")
        .Close("label");
    h.Void("input", {{"id", "token-" + u.login},
                     {"name", "name"},
                     {"type", "text"},
                     {"placeholder", "用途（例: 庁内連携）"}});
    h.Open("button", {{"type", "submit"}}).Text("API トークン発行").Close("button");
    h.Close("form");
    h.Close("td").Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");

  h.Element("h2", "利用者を追加");
  h.Open("form", {{"method", "post"}, {"action", "/staff/users"}, {"class", "add-user"}});
  CsrfField(h, c.who.csrf_token);
  TextField(h, "login", "user-login", "ログイン名", "", false);
  TextField(h, "display_name", "user-name", "表示名", "", false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-role"}})
      .Text("役割")
      .Close("label");
  h.Open("select", {{"id", "user-role"}, {"name", "role"}});
  for (auto role : {model::Role::kEditor, model::Role::kViewer, model::Role::kCoordinator,
                    model::Role::kAdministrator}) {
    h.Open("option", {{"value", model::RoleName(role)}})
        .Text(model::RoleLabel(role))
        .Close("option");
  }
  h.Close("select").Close("div");
  TextField(h, "sections", "user-sections", "担当課（所管課担当のみ。空白または「、」で区切る）",
            "", false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-password"}})
      .Text("初期パスワード（10 文字以上）")
      .Close("label");
  h.Void("input", {{"id", "user-password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "new-password"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("追加").Close("button").Close("form");
  return EndPage(h);
}

std::string RenderAccount(const StaffContext& c, std::string_view error) {
  Html h;
  Begin(h, c, "アカウント", "");
  h.Element("h1", "アカウント");
  if (!error.empty()) Notice(h, error, true);
  h.Element("p", c.user.display_name + "（" + c.user.login + "、" +
                     std::string(model::RoleLabel(c.user.role)) + "）");
  h.Element("h2", "パスワードの変更");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/password"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "new-password"}})
      .Text("新しいパスワード（10 文字以上）")
      .Close("label");
  h.Void("input", {{"id", "new-password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "new-password"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("変更する").Close("button").Close("form");
  h.Element("p", "変更すると、ほかの端末のログインはすべて終了します。", {{"class", "hint"}});
  h.Element("h2", "すべての端末からログアウト");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/logout-everywhere"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button", {{"type", "submit"}})
      .Text("すべての端末からログアウト")
      .Close("button")
      .Close("form");
  return EndPage(h);
}

}  // namespace torikumi::web
