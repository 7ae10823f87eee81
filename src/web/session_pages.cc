// The login page.

#include "web/staff_pages.h"

namespace torikumi::web {
std::string RenderLoginPage(std::string_view csrf, std::string_view login, std::string_view error) {
  Html h;
  BeginPage(
      h, {"ログイン | 取組実施プロセスシート", {{"公開ページ", "/", false}}, std::nullopt, true});
  h.Element("h1", "職員ログイン");
  if (!error.empty()) Notice(h, error, true);
  h.Open("form", {{"method", "post"}, {"action", "/login"}, {"class", "login"}});
  CsrfField(h, csrf);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "login"}}).Text("ログイン名").Close("label");
  h.Void("input", {{"id", "login"},
                   {"name", "login"},
                   {"type", "text"},
                   {"value", login},
                   {"autocomplete", "username"},
                   {"required", "required"}});
  h.Close("div").Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "password"}}).Text("パスワード").Close("label");
  h.Void("input", {{"id", "password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "current-password"},
                   {"required", "required"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("ログイン").Close("button");
  h.Close("form");
  return EndPage(h);
}

std::string RenderLoginCodePage(std::string_view csrf, std::string_view error) {
  Html h;
  BeginPage(
      h, {"確認コード | 取組実施プロセスシート", {{"公開ページ", "/", false}}, std::nullopt, true});
  h.Element("h1", "確認コードの入力");
  if (!error.empty()) Notice(h, error, true);
  h.Open("form", {{"method", "post"}, {"action", "/login/code"}, {"class", "login"}});
  CsrfField(h, csrf);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "code"}}).Text("確認コード").Close("label");
  h.Void("input", {{"id", "code"},
                   {"name", "code"},
                   {"type", "text"},
                   {"autocomplete", "one-time-code"},
                   {"aria-describedby", "code-hint"},
                   {"maxlength", "20"},
                   {"required", "required"}});
  h.Element("p",
            "認証アプリに表示されている 6 桁を入力してください。スマートフォンが手元にないとき"
            "は、回復コード (例: k7wp-3mhx-q9td) を 1 つ入力できます。",
            {{"id", "code-hint"}, {"class", "hint"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("ログイン").Close("button");
  h.Close("form");
  return EndPage(h);
}

}  // namespace torikumi::web
