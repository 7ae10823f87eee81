// The staff pages of users, the audit log and one's own account.

#include "service/account_service.h"
#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
namespace {

std::string JoinSections(const std::vector<std::string>& sections) {
  std::string joined;
  for (const auto& s : sections) joined += (joined.empty() ? "" : "、") + s;
  return joined;
}

void RoleSelect(Html& h, std::string_view id, model::Role selected) {
  h.Open("select", {{"id", id}, {"name", "role"}});
  for (auto role : {model::Role::kEditor, model::Role::kViewer, model::Role::kCoordinator,
                    model::Role::kAdministrator}) {
    if (role == selected) {
      h.Open("option", {{"value", model::RoleName(role)}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", model::RoleName(role)}});
    }
    h.Text(model::RoleLabel(role)).Close("option");
  }
  h.Close("select");
}

// The filter's query string (kind=…&from=…&to=…), which the older page and the CSV carry on.
// Values are as the service checked them, a kind's name and dates: anything else is left out.
std::string FilterQuery(const SecurityEventsView& v) {
  std::string query;
  auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty() ||
        value.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789-") != std::string::npos) {
      return;
    }
    query += (query.empty() ? "" : "&") + std::string(name) + "=" + value;
  };
  add("kind", v.kind);
  add("from", v.from_date);
  add("to", v.to_date);
  return query;
}

void DateField(Html& h, Literal name, std::string_view id, std::string_view label,
               std::string_view value) {
  h.Open("div", {{"class", "field"}}).Open("label", {{"for", id}}).Text(label).Close("label");
  h.Void("input", {{"id", id}, {"name", name.value()}, {"type", "date"}, {"value", value}});
  h.Close("div");
}

void SecurityEventFilterForm(Html& h, const SecurityEventsView& view) {
  h.Open("form", {{"class", "filters"},
                  {"method", "get"},
                  {"action", "/staff/security-events"},
                  {"role", "search"}});
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "event-kind"}})
      .Text("種類")
      .Close("label");
  h.Open("select", {{"id", "event-kind"}, {"name", "kind"}});
  h.Open("option", {{"value", ""}}).Text("すべて").Close("option");
  for (const model::SecurityEventKind kind : model::SecurityEventKinds()) {
    const std::string_view name = model::SecurityEventName(kind);
    if (name == view.kind) {
      h.Open("option", {{"value", name}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", name}});
    }
    h.Text(model::SecurityEventLabel(kind)).Close("option");
  }
  h.Close("select").Close("div");
  DateField(h, "from", "event-from", "期間（初日）", view.from_date);
  DateField(h, "to", "event-to", "期間（末日）", view.to_date);
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}}).Text("絞り込む").Close("button");
  h.Open("a", {{"href", "/staff/security-events"}}).Text("条件をクリア").Close("a");
  h.Close("div").Close("form");
}

}  // namespace

std::string RenderMailOutbox(const StaffContext& c, const std::vector<store::MailRecord>& mails,
                             const store::MailBacklog& backlog, bool mail_configured) {
  Html h;
  Begin(h, c, "メールの送信状況", "mail");
  h.Element("h1", "メールの送信状況");
  if (!mail_configured) {
    Notice(h,
           "メールの中継サーバー (torikumi.toml の [mail] relay) が設定されていないため、"
           "メールは送られません。お知らせはワークスペースに届きます。",
           false);
  }
  h.Open("ul", {{"class", "totals"}});
  h.Element("li", "送信待ち " + std::to_string(backlog.pending) + " 件");
  h.Element("li", "まとめて送信待ち " + std::to_string(backlog.held) + " 件");
  h.Element("li", "送信失敗 " + std::to_string(backlog.failed) + " 件",
            {{"class", backlog.failed ? "failed" : ""}});
  h.Close("ul");
  h.Element(
      "p",
      "中継サーバーに届かないメールや一時的に断られたメールは、間隔をあけて自動で再送します。"
      "「送信失敗」は中継サーバーが受け取りを拒んだメールです。宛先を直してから再送してください。",
      {{"class", "hint"}});
  if (mails.empty()) {
    h.Element("p", "メールはまだありません。");
    return EndPage(h);
  }
  h.Open("div", {{"class", "table-scroll"},
                 {"tabindex", "0"},
                 {"role", "region"},
                 {"aria-label", "メールの送信状況"}});
  h.Open("table", {{"class", "mail-outbox"}});
  h.Open("thead").Open("tr");
  for (Literal heading : {Literal("作成"), Literal("宛先"), Literal("件名"), Literal("状態"),
                          Literal("試行"), Literal("最後の応答"), Literal("操作")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const store::MailRecord& m : mails) {
    h.Open("tr", {{"data-state", store::MailStateName(m.state)}});
    h.Element("td", JapanTime(service::UtcTime(m.created_at)));
    h.Element("td", m.to);
    h.Element("td", m.subject);
    h.Element("td", store::MailStateLabel(m.state));
    h.Element("td", std::to_string(m.attempts));
    h.Element("td", m.last_error);
    h.Open("td");
    if (m.state == store::MailState::kFailed) {
      h.Open("form",
             {{"method", "post"}, {"action", "/staff/mail/" + std::to_string(m.id) + "/retry"}});
      CsrfField(h, c.who.csrf_token);
      h.Open("button", {{"type", "submit"}}).Text("再送").Close("button").Close("form");
    }
    h.Close("td").Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
  return EndPage(h);
}

std::string RenderSecurityEvents(const StaffContext& c, const SecurityEventsView& view,
                                 const service::SecurityEventPage& page, std::string_view error) {
  Html h;
  Begin(h, c, "セキュリティの記録", "security");
  h.Element("h1", "セキュリティの記録");
  if (!error.empty()) Notice(h, error, true);
  h.Element("p",
            "ログインとその失敗・制限、ログアウト、パスワード・役割・二段階認証の変更、利用者の"
            "無効化、API トークンの発行・利用・取り消し、アクセスの拒否 (403) の記録です。"
            "だれが、どこ (接続元の IP アドレス) から、いつ、何をしたかを残し、パスワード・"
            "トークン・確認コードは残しません。記録は変更も削除もできません。",
            {{"class", "hint"}});
  SecurityEventFilterForm(h, view);
  const std::string query = FilterQuery(view);
  const std::string base = "/staff/security-events";
  h.Open("p", {{"class", "downloads"}})
      .Element("a", "この条件の記録を CSV でダウンロード（UTF-8、Excel で開けます）",
               {{"href", base + ".csv" + (query.empty() ? "" : "?" + query)},
                {"class", "security-events-csv"},
                {"download", ""},
                {"data-working", "記録を CSV にまとめています。"},
                {"data-working-status", "csv-working"}})
      .Close("p");
  h.Element("p", "", {{"id", "csv-working"}, {"class", "working"}, {"role", "status"}});
  h.Open("p", {{"class", "count"}, {"role", "status"}})
      .Text((view.before_id ? "より古い記録の" : "新しい順に") + std::string(" ") +
            std::to_string(page.events.size()) + " 件")
      .Close("p");
  if (page.events.empty()) {
    h.Element("p", "条件に合う記録はありません。");
  } else {
    h.Open("div", {{"class", "table-scroll"},
                   {"tabindex", "0"},
                   {"role", "region"},
                   {"aria-label", "セキュリティの記録"}});
    h.Open("table", {{"class", "security-events"}});
    h.Open("thead").Open("tr");
    for (Literal heading : {Literal("日時"), Literal("種類"), Literal("利用者"),
                            Literal("ログイン名"), Literal("接続元"), Literal("内容")}) {
      h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
    }
    h.Close("tr").Close("thead").Open("tbody");
    for (const store::SecurityEventRecord& r : page.events) {
      const store::SecurityEvent& e = r.event;
      h.Open("tr", {{"data-kind", model::SecurityEventName(e.kind)}});
      h.Open("td")
          .Open("time", {{"datetime", e.at}})
          .Text(JapanTime(e.at))
          .Close("time")
          .Close("td");
      h.Element("td", model::SecurityEventLabel(e.kind));
      h.Element("td", r.user.empty() ? "—" : r.user);
      h.Element("td", e.login);
      h.Element("td", e.address);
      h.Element("td", e.detail);
      h.Close("tr");
    }
    h.Close("tbody").Close("table").Close("div");
  }
  if (view.before_id || page.next_before_id) {
    h.Open("nav", {{"aria-label", "ページ"}, {"class", "pages"}});
    if (view.before_id) {
      h.Element("a", "最新の記録へ", {{"href", base + (query.empty() ? "" : "?" + query)}});
      h.Text(" ");
    }
    if (page.next_before_id) {
      h.Element("a", "さらに古い記録",
                {{"href", base + "?" + query + (query.empty() ? "" : "&") +
                              "before=" + std::to_string(page.next_before_id)},
                 {"rel", "next"}});
    }
    h.Close("nav");
  }
  return EndPage(h);
}

std::string RenderAuditLog(const StaffContext& c, const std::vector<store::AuditRecord>& records) {
  Html h;
  Begin(h, c, "監査ログ", "audit");
  h.Element("h1", "監査ログ");
  h.Element("p", "新しい順に " + std::to_string(records.size()) + " 件", {{"class", "hint"}});
  h.Open("p", {{"class", "hint"}})
      .Text("ログインとその失敗、アクセスの拒否などは")
      .Element("a", "セキュリティの記録", {{"href", "/staff/security-events"}})
      .Text("にあります。")
      .Close("p");
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
                        std::string_view error) {
  Html h;
  Begin(h, c, "利用者", "users");
  h.Element("h1", "利用者");
  if (!error.empty()) Notice(h, error, true);
  h.Element(
      "p",
      "ログイン名を選ぶと、役割・担当課 (年度ごと)・パスワードの再設定・API トークンを扱えます。");
  h.Open("div", {{"class", "table-scroll"}}).Open("table", {{"class", "users"}});
  h.Open("thead").Open("tr");
  for (Literal heading : {Literal("ログイン名"), Literal("表示名"), Literal("役割"),
                          Literal("担当課"), Literal("状態")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const auto& u : users) {
    std::string sections = JoinSections(u.sections);
    // The years whose sections differ, as a reorganisation or 人事異動 in a year leaves them.
    for (const auto& [year, of_year] : u.year_sections) {
      sections += "（" + YearTitle(year) + ": " + JoinSections(of_year) + "）";
    }
    h.Open("tr")
        .Open("th", {{"scope", "row"}})
        .Element("a", u.login, {{"href", "/staff/users/" + u.login}})
        .Close("th")
        .Element("td", u.display_name)
        .Element("td", model::RoleLabel(u.role))
        .Element("td", sections)
        .Element("td", u.disabled ? "無効" : "有効")
        .Close("tr");
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
  RoleSelect(h, "user-role", model::Role::kEditor);
  h.Close("div");
  TextField(h, "sections", "user-sections", "担当課（所管課担当のみ。空白または「、」で区切る）",
            "", false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-password"}})
      .Text("初期パスワード（" + std::to_string(service::AccountService::kMinPasswordLength) +
            " 文字以上）")
      .Close("label");
  h.Void("input", {{"id", "user-password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "new-password"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("追加").Close("button").Close("form");
  return EndPage(h);
}

std::string RenderUser(const StaffContext& c, const model::User& u,
                       const std::vector<store::ApiTokenRecord>& tokens,
                       std::string_view shown_once, std::string_view error) {
  Html h;
  const std::string title = "利用者 " + u.login;
  Begin(h, c, title, "users");
  h.Open("nav", {{"aria-label", "パンくずリスト"}, {"class", "breadcrumbs"}}).Open("ol");
  h.Open("li").Open("a", {{"href", "/staff/users"}}).Text("利用者").Close("a").Close("li");
  h.Open("li", {{"aria-current", "page"}}).Text(u.login).Close("li");
  h.Close("ol").Close("nav");
  h.Element("h1", title + "（" + u.display_name + "）");
  if (!error.empty()) Notice(h, error, true);
  if (!shown_once.empty()) {
    Notice(h, std::string(shown_once) + "\nこの画面を離れると二度と表示されません。", false);
  }
  const std::string action = "/staff/users/" + u.login;

  h.Element("h2", "役割と担当課");
  h.Open("form", {{"method", "post"}, {"action", action}, {"class", "edit-user"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "action"}, {"value", "update"}});
  TextField(h, "display_name", "user-name", "表示名", u.display_name, false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-role"}})
      .Text("役割")
      .Close("label");
  RoleSelect(h, "user-role", u.role);
  h.Close("div");
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-year"}})
      .Text("担当課を変える年度")
      .Close("label");
  h.Open("select", {{"id", "user-year"}, {"name", "year"}});
  h.Open("option", {{"value", ""}}).Text("すべての年度").Close("option");
  for (int year : c.years) {
    h.Open("option", {{"value", std::to_string(year)}})
        .Text(YearTitle(year) + "だけ（人事異動）")
        .Close("option");
  }
  h.Close("select").Close("div");
  TextField(h, "sections", "user-sections",
            "担当課（所管課担当のみ。空白または「、」で区切る。年度を選ぶとその年度の担当課）",
            JoinSections(u.sections), false);
  if (!u.year_sections.empty()) {
    h.Open("ul", {{"class", "year-sections"}});
    for (const auto& [year, sections] : u.year_sections) {
      h.Element("li", YearTitle(year) + "の担当課: " + JoinSections(sections));
    }
    h.Close("ul");
  }
  h.Open("button", {{"type", "submit"}}).Text("保存").Close("button").Close("form");

  h.Element("h2", "パスワードと利用");
  h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "reset_password"}})
      .Text("パスワードを再設定（次回ログイン時に変更）")
      .Close("button");
  h.Close("form");
  h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button",
         {{"type", "submit"}, {"name", "action"}, {"value", u.disabled ? "enable" : "disable"}})
      .Text(u.disabled ? "有効にする" : "無効にする")
      .Close("button");
  h.Close("form");
  h.Element("p", u.second_factor ? "二段階認証: 設定済み" : "二段階認証: 未設定",
            {{"class", "second-factor-state"}});
  if (u.second_factor) {
    h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
    CsrfField(h, c.who.csrf_token);
    h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "reset_second_factor"}})
        .Text("二段階認証を解除（端末をなくしたとき。本人のログインも終了）")
        .Close("button");
    h.Close("form");
  }

  h.Element("h2", "API トークン", {{"id", "tokens-heading"}});
  if (tokens.empty()) {
    h.Element("p", "発行したトークンはありません。");
  } else {
    h.Open("table", {{"class", "tokens"}, {"aria-labelledby", "tokens-heading"}});
    h.Open("thead").Open("tr");
    for (const char* column : {"用途", "発行", "有効期限", "最終利用", "操作"}) {
      h.Open("th", {{"scope", "col"}}).Text(column).Close("th");
    }
    h.Close("tr").Close("thead").Open("tbody");
    for (const auto& t : tokens) {
      h.Open("tr");
      h.Element("td", t.name).Element("td", JapanTime(t.created_at));
      h.Element("td", JapanTime(t.expires_at));
      h.Element("td", t.last_used_at.empty() ? "未使用" : JapanTime(t.last_used_at));
      h.Open("td");
      h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
      CsrfField(h, c.who.csrf_token);
      h.Void("input", {{"type", "hidden"}, {"name", "token"}, {"value", t.id}});
      h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "revoke_token"}})
          .Text("「" + t.name + "」を取り消す")
          .Close("button");
      h.Close("form").Close("td").Close("tr");
    }
    h.Close("tbody").Close("table");
  }
  h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "action"}, {"value", "token"}});
  h.Open("label", {{"for", "token-name"}}).Text("新しいトークンの用途").Close("label");
  h.Void(
      "input",
      {{"id", "token-name"}, {"name", "name"}, {"type", "text"}, {"placeholder", "例: 庁内連携"}});
  h.Open("label", {{"for", "token-days"}}).Text("有効期間").Close("label");
  h.Open("select", {{"id", "token-days"}, {"name", "days"}});
  for (const int days : {30, 90, 180, 365}) {
    const std::string value = std::to_string(days);
    if (days == service::AccountService::kDefaultTokenDays) {
      h.Open("option", {{"value", value}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", value}});
    }
    h.Text(value + " 日").Close("option");
  }
  h.Close("select");
  h.Open("button", {{"type", "submit"}}).Text("API トークン発行").Close("button");
  h.Close("form");
  return EndPage(h);
}

std::string RenderMunicipality(const StaffContext& c, std::string_view code, std::string_view name,
                               bool second_factor_required, std::string_view error, bool saved) {
  Html h;
  Begin(h, c, "自治体の設定", "municipality");
  h.Element("h1", "自治体の設定");
  if (!error.empty()) Notice(h, error, true);
  if (saved) Notice(h, "保存しました。公開ページとダウンロードに反映されます。", false);
  h.Element("p",
            "自治体名は、公開ページの題名、ダウンロードするファイル (PDF・XLSX・CSV・TSV・JSON) "
            "の表題に入ります (例: 川西市 令和7年度 取組実施プロセスシート)。",
            {{"class", "hint"}});
  h.Open("form", {{"method", "post"}, {"action", "/staff/municipality"}, {"class", "edit"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "municipality-code"}})
      .Text("全国地方公共団体コード（検査数字つきの 6 桁、例: 282171）")
      .Close("label");
  h.Void("input", {{"id", "municipality-code"},
                   {"name", "code"},
                   {"type", "text"},
                   {"inputmode", "numeric"},
                   {"pattern", "[0-9]{6}"},
                   {"value", code},
                   {"required", "required"}});
  h.Close("div");
  TextField(h, "name", "municipality-name", "自治体名（例: 川西市）", name, false);
  h.Open("button", {{"type", "submit"}}).Text("保存").Close("button");
  h.Close("form");

  h.Element("h2", "二段階認証");
  h.Element("p",
            "必須にすると、管理者と企画担当は、二段階認証を設定するまでアカウントの画面のほかは"
            "使えなくなります。ほかの役割の利用者は、各自で設定できます。",
            {{"class", "hint"}});
  h.Open("form", {{"method", "post"}, {"action", "/staff/municipality/second-factor"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("div", {{"class", "field"}});
  std::vector<Attribute> box{
      {"id", "second-factor-required"}, {"name", "required"}, {"type", "checkbox"}, {"value", "1"}};
  if (second_factor_required) box.push_back({"checked", "checked"});
  h.Void("input", box);
  h.Open("label", {{"for", "second-factor-required"}})
      .Text("管理者と企画担当に二段階認証を必須にする")
      .Close("label");
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("保存").Close("button");
  h.Close("form");
  return EndPage(h);
}

}  // namespace torikumi::web
