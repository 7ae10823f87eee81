// One's own account: password, second factor, sessions.

#include "service/account_service.h"
#include "web/qr_code.h"
#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
namespace {

void PasswordField(Html& h, std::string_view name, std::string_view id, std::string_view label,
                   std::string_view autocomplete) {
  h.Open("div", {{"class", "field"}}).Open("label", {{"for", id}}).Text(label).Close("label");
  h.Void("input", {{"id", id},
                   {"name", name},
                   {"type", "password"},
                   {"autocomplete", autocomplete},
                   {"required", "required"}});
  h.Close("div");
}

void CodeField(Html& h) {
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "code"}})
      .Text("認証アプリの 6 桁の確認コード")
      .Close("label");
  h.Void("input", {{"id", "code"},
                   {"name", "code"},
                   {"type", "text"},
                   {"inputmode", "numeric"},
                   {"autocomplete", "one-time-code"},
                   {"maxlength", "20"},
                   {"required", "required"}});
  h.Close("div");
}

// The mail address and the kinds of notification mailed.
void MailSection(Html& h, const StaffContext& c, const service::NotificationSettings& settings) {
  const model::MailPreferences& mail = c.user.mail;
  h.Element("h2", "メールでのお知らせ");
  h.Element("p",
            settings.mail
                ? "お知らせはワークスペースの「お知らせ」に届きます。メールアドレスを登録すると、"
                  "選んだ種類のお知らせがメールでも届きます。"
                : "お知らせはワークスペースの「お知らせ」に届きます。この環境ではメールの送信が設定"
                  "されていないため、メールは送られません。",
            {{"class", "hint"}});
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/mail"}});
  CsrfField(h, c.who.csrf_token);
  std::string domains;
  for (const auto& d : settings.allowed_domains) domains += (domains.empty() ? "" : "、") + d;
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "mail"}})
      .Text(domains.empty()
                ? "メールアドレス（空にするとメールは届きません）"
                : "メールアドレス（" + domains + " のアドレス。空にするとメールは届きません）")
      .Close("label");
  h.Void("input", {{"id", "mail"},
                   {"name", "mail"},
                   {"type", "email"},
                   {"autocomplete", "email"},
                   {"value", mail.address}});
  h.Close("div");
  h.Open("fieldset").Element("legend", "メールで受け取るお知らせ");
  for (model::NoticeKind kind : model::NoticeKinds()) {
    const std::string id = "kind-" + std::string(model::NoticeKindName(kind));
    h.Open("div", {{"class", "check"}});
    if (mail.kinds.Has(kind)) {
      h.Void("input", {{"type", "checkbox"},
                       {"id", id},
                       {"name", "kind"},
                       {"value", model::NoticeKindName(kind)},
                       {"checked", "checked"}});
    } else {
      h.Void("input", {{"type", "checkbox"},
                       {"id", id},
                       {"name", "kind"},
                       {"value", model::NoticeKindName(kind)}});
    }
    h.Open("label", {{"for", id}}).Text(model::NoticeKindLabel(kind)).Close("label").Close("div");
  }
  h.Close("fieldset");
  h.Open("div", {{"class", "check"}});
  if (mail.digest) {
    h.Void("input", {{"type", "checkbox"},
                     {"id", "digest"},
                     {"name", "digest"},
                     {"value", "1"},
                     {"checked", "checked"}});
  } else {
    h.Void("input", {{"type", "checkbox"}, {"id", "digest"}, {"name", "digest"}, {"value", "1"}});
  }
  h.Open("label", {{"for", "digest"}})
      .Text("1日1回（" + std::to_string(settings.digest_hour) + "時）まとめて受け取る")
      .Close("label")
      .Close("div");
  h.Open("button", {{"type", "submit"}}).Text("メールの設定を保存").Close("button").Close("form");
}

void SecondFactorSection(Html& h, const StaffContext& c, const AccountSecurity& security) {
  h.Element("h2", "二段階認証");
  if (!c.user.second_factor) {
    h.Element("p",
              "ログインのとき、パスワードに加えてスマートフォンの認証アプリ (Google "
              "Authenticator、Microsoft Authenticator など) の確認コードを求めます。"
              "パスワードが知られても、アカウントは守られます。");
    h.Open("form", {{"method", "post"}, {"action", "/staff/account/second-factor"}});
    CsrfField(h, c.who.csrf_token);
    h.Open("button", {{"type", "submit"}}).Text("二段階認証を設定する").Close("button");
    h.Close("form");
    return;
  }
  h.Element("p", "設定済みです。未使用の回復コード: " +
                     std::to_string(security.unused_recovery_codes) + " 個");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/second-factor/recovery-codes"}});
  CsrfField(h, c.who.csrf_token);
  PasswordField(h, "current_password", "codes-password", "現在のパスワード", "current-password");
  h.Open("button", {{"type", "submit"}}).Text("回復コードを作り直す").Close("button");
  h.Close("form");
  h.Element("p",
            "スマートフォンを替えるときは、下の「設定する」で新しい端末を登録します。"
            "確認コードが合うまで、今の端末がそのまま使えます。",
            {{"class", "hint"}});
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/second-factor"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button", {{"type", "submit"}}).Text("新しい端末を設定する").Close("button");
  h.Close("form");
  if (security.required) {
    h.Element("p", "この自治体では、管理者と企画担当は二段階認証を外せません。",
              {{"class", "hint"}});
    return;
  }
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/second-factor/remove"}});
  CsrfField(h, c.who.csrf_token);
  PasswordField(h, "current_password", "remove-password", "現在のパスワード", "current-password");
  h.Open("button", {{"type", "submit"}}).Text("二段階認証を外す").Close("button");
  h.Close("form");
}

}  // namespace

std::string RenderNotifications(const StaffContext& c,
                                const std::vector<store::NotificationRecord>& notifications) {
  Html h;
  Begin(h, c, "お知らせ", "");
  h.Element("h1", "お知らせ");
  int unread = 0;
  for (const auto& n : notifications) unread += n.read ? 0 : 1;
  h.Element("p",
            notifications.empty() ? "お知らせはまだありません。"
                                  : "新しい順に " + std::to_string(notifications.size()) +
                                        " 件（未読 " + std::to_string(unread) + " 件）",
            {{"role", "status"}});
  if (unread) {
    h.Open("form", {{"method", "post"}, {"action", "/staff/notifications/read"}});
    CsrfField(h, c.who.csrf_token);
    h.Open("button", {{"type", "submit"}}).Text("すべて既読にする").Close("button").Close("form");
  }
  h.Open("ul", {{"class", "notifications"}});
  for (const store::NotificationRecord& n : notifications) {
    h.Open("li", {{"class", n.read ? "notification" : "notification unread"},
                  {"data-kind", model::NoticeKindName(n.kind)}});
    h.Open("p", {{"class", "meta"}});
    if (!n.read) h.Element("span", "未読", {{"class", "badge"}}).Text(" ");
    h.Text(std::string(model::NoticeKindLabel(n.kind)) + "・" +
           JapanTime(service::UtcTime(n.created_at)))
        .Close("p");
    h.Open("p", {{"class", "title"}})
        .Open("a", {{"href", "/staff/notifications/" + std::to_string(n.id)}})
        .Text(n.title)
        .Close("a")
        .Close("p");
    h.Open("div", {{"class", "body"}});
    std::string_view body = n.body;
    while (!body.empty()) {
      const std::size_t end = body.find('\n');
      const std::string_view line = body.substr(0, end);
      if (!line.empty()) h.Element("p", line);
      body = end == std::string_view::npos ? "" : body.substr(end + 1);
    }
    h.Close("div").Close("li");
  }
  h.Close("ul");
  return EndPage(h);
}

std::string RenderAccount(const StaffContext& c, const AccountSecurity& security,
                          std::string_view error) {
  Html h;
  Begin(h, c, "アカウント", "");
  h.Element("h1", "アカウント");
  if (!error.empty()) Notice(h, error, true);
  if (c.user.must_change_password) {
    Notice(h,
           "管理者がパスワードを再設定しました。続けるには、新しいパスワードを設定してください。",
           true);
  } else if (security.required && !c.user.second_factor) {
    Notice(h,
           "この自治体では、管理者と企画担当に二段階認証が必要です。続けるには、二段階認証を設定"
           "してください。",
           true);
  }
  h.Element("p", c.user.display_name + "（" + c.user.login + "、" +
                     std::string(model::RoleLabel(c.user.role)) + "）");
  h.Element("h2", "パスワードの変更");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/password"}});
  CsrfField(h, c.who.csrf_token);
  PasswordField(h, "current_password", "current-password", "現在のパスワード", "current-password");
  PasswordField(h, "password", "new-password",
                "新しいパスワード（" + std::to_string(service::AccountService::kMinPasswordLength) +
                    " 文字以上。ログイン名や辞書の単語をもとにしたものは使えません）",
                "new-password");
  h.Open("button", {{"type", "submit"}}).Text("変更する").Close("button").Close("form");
  h.Element("p", "変更すると、ほかの端末のログインはすべて終了します。", {{"class", "hint"}});
  if (security.notifications) MailSection(h, c, *security.notifications);
  SecondFactorSection(h, c, security);
  h.Element("h2", "すべての端末からログアウト");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/logout-everywhere"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button", {{"type", "submit"}})
      .Text("すべての端末からログアウト")
      .Close("button")
      .Close("form");
  return EndPage(h);
}

std::string RenderSecondFactorEnrolment(const StaffContext& c,
                                        const service::SecondFactorEnrolment& enrolment,
                                        std::string_view error) {
  Html h;
  Begin(h, c, "二段階認証の設定", "");
  h.Element("h1", "二段階認証の設定");
  if (!error.empty()) Notice(h, error, true);
  h.Open("ol", {{"class", "steps"}});
  h.Open("li");
  h.Element("p", "スマートフォンの認証アプリで、この QR コードを読み取ります。");
  QrCodeSvg(h, enrolment.uri, "認証アプリに登録する QR コード");
  h.Close("li");
  h.Open("li");
  h.Element("p",
            "読み取れないときは、アプリで「キーを入力」を選び、次のキーを入力します"
            "（種類: 時間ベース）。");
  // Groups of four, as the apps show and accept them.
  std::string grouped;
  for (std::size_t i = 0; i < enrolment.secret.size(); i += 4) {
    if (i > 0) grouped += ' ';
    grouped += enrolment.secret.substr(i, 4);
  }
  h.Element("code", grouped, {{"id", "totp-key"}, {"class", "totp-key"}});
  h.Close("li");
  h.Open("li");
  h.Element("p", "アプリに表示された 6 桁の確認コードを入力して、設定を終えます。");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/second-factor/confirm"}});
  CsrfField(h, c.who.csrf_token);
  CodeField(h);
  h.Open("button", {{"type", "submit"}}).Text("確認して有効にする").Close("button");
  h.Close("form");
  h.Close("li");
  h.Close("ol");
  return EndPage(h);
}

std::string RenderRecoveryCodes(const StaffContext& c, const std::vector<std::string>& codes) {
  Html h;
  Begin(h, c, "回復コード", "");
  h.Element("h1", "回復コード");
  Notice(h,
         "二段階認証が有効です。スマートフォンをなくしたときは、確認コードの代わりに次の回復"
         "コードを 1 つずつ使えます (各 1 回限り)。印刷するか、安全な場所に控えてください。"
         "この画面を離れると二度と表示されません。",
         false);
  h.Open("ol", {{"class", "recovery-codes"}});
  for (const std::string& code : codes) h.Open("li").Element("code", code).Close("li");
  h.Close("ol");
  h.Open("p").Open("a", {{"href", "/staff/"}}).Text("ワークスペースへ").Close("a").Close("p");
  return EndPage(h);
}

}  // namespace torikumi::web
