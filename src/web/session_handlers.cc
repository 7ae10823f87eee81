// Sessions: signing in and out.

#include <random>

#include "text/utf8.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/staff_pages.h"

namespace torikumi::web::session {
namespace {

constexpr std::string_view kLoginCookie = "torikumi_login";

// A fresh random value for the login form's double-submit cookie. std::random_device
// reads the kernel's random source on Linux.
std::string LoginNonce() {
  std::random_device device;
  std::string nonce;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int k = 0; k < 32; ++k) nonce += kHex[device() & 15];
  return nonce;
}

std::string LoginCookie(std::string_view nonce, bool secure) {
  return std::string(kLoginCookie) + "=" + std::string(nonce) +
         "; Path=/login; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

// The login form again, with a fresh nonce, the login typed and what went wrong.
Response LoginFormAgain(const Call& call, int status, std::string_view login,
                        std::string_view error) {
  const std::string nonce = LoginNonce();
  return WithCookie(Response::Html(status, RenderLoginPage(nonce, login, error)),
                    LoginCookie(nonce, call.request.secure));
}

// The form for the second factor's code, with a fresh nonce and what went wrong.
Response CodeFormAgain(const Call& call, int status, std::string_view error) {
  const std::string nonce = LoginNonce();
  return WithCookie(Response::Html(status, RenderLoginCodePage(nonce, error)),
                    LoginCookie(nonce, call.request.secure));
}

bool NonceMatches(const Call& call) {
  const std::string expected = call.Cookie(kLoginCookie);
  return !expected.empty() && expected == call.Form("csrf");
}

}  // namespace

Result<Response> LoginForm(Call& call) {
  if (call.SignedIn()) return Response::Redirect("/staff/");
  return LoginFormAgain(call, 200, "", "");
}

Result<Response> Login(Call& call) {
  const std::string login(text::Trim(call.Form("login")));
  if (!NonceMatches(call)) {
    return LoginFormAgain(call, 403, login,
                          "フォームの有効期限が切れました。もう一度ログインしてください");
  }
  auto session = call.services.accounts.Login(login, call.Form("password"), call.request.peer);
  if (!session) {
    return LoginFormAgain(call, HttpStatusOf(session.error()), login, session.error().message());
  }
  // A new token at every login: a session fixed before it is worthless after it.
  return WithCookie(Response::SeeOther(session->second_factor_pending ? "/login/code" : "/staff/"),
                    SessionCookie(session->token, call.request.secure));
}

Result<Response> CodeForm(Call& call) {
  if (call.SignedIn()) return Response::Redirect("/staff/");
  if (call.Cookie(kSessionCookie).empty()) return Response::Redirect("/login");
  return CodeFormAgain(call, 200, "");
}

Result<Response> Code(Call& call) {
  if (!NonceMatches(call)) {
    return CodeFormAgain(call, 403, "フォームの有効期限が切れました。もう一度入力してください");
  }
  auto session = call.services.accounts.CompleteLogin(call.Cookie(kSessionCookie),
                                                      call.Form("code"), call.request.peer);
  if (!session) {
    if (session.error().code() == Error::Code::kNotFound) {
      return WithCookie(LoginFormAgain(call, 401, "", session.error().message()),
                        ExpiredSessionCookie(call.request.secure));
    }
    return CodeFormAgain(call, HttpStatusOf(session.error()), session.error().message());
  }
  return WithCookie(Response::SeeOther("/staff/"),
                    SessionCookie(session->token, call.request.secure));
}

Result<Response> Logout(Call& call) {
  if (call.SignedIn()) {
    if (!service::AccountService::CsrfMatches(*call.session, call.Form("csrf"))) {
      return Error::Forbidden("フォームの確認に失敗しました。ページを開き直してください");
    }
    (void)call.services.accounts.Logout(call.Actor(), call.session_token);
  }
  return WithCookie(Response::SeeOther("/"), ExpiredSessionCookie(call.request.secure));
}

}  // namespace torikumi::web::session
