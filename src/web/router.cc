#include "web/router.h"

#include <algorithm>
#include <boost/url/params_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>

#include "model/account.h"
#include "text/utf8.h"
#include "web/call.h"
#include "web/errors.h"
#include "web/multipart.h"
#include "web/portal_pages.h"
#include "web/route_table.h"

namespace torikumi::web {

// One municipality's services, over its own store or the installation's.
struct Router::Municipal {
  Municipal(store::Store& s, const service::NotificationSettings& n)
      : portal(s),
        workspace(s, nullptr, n),
        accounts(s),
        sheets(s),
        installation(s),
        security(s),
        notifications(s, n) {}
  Municipal(std::unique_ptr<store::Store> s, const service::NotificationSettings& n)
      : Municipal(*s, n) {
    owned = std::move(s);
  }

  std::unique_ptr<store::Store> owned;
  service::PortalService portal;
  PageCache pages{16u << 20};
  // Staff pages are kept per session, and only while the workspace is unchanged.
  PageCache staff_pages{64u << 20};
  service::WorkspaceService workspace;
  service::AccountService accounts;
  service::SheetService sheets;
  service::InstallationService installation;
  service::SecurityLog security;
  service::NotificationService notifications;
};

namespace {

// Parameter values longer than this are refused rather than used.
constexpr std::size_t kMaxParameter = 64 * 1024;

// A field's name and value must be UTF-8, which is all the pages send: anything else is
// refused, naming the field only when its name is itself readable, so that no invalid byte
// is ever echoed back.
Result<void> CheckField(std::string_view name, std::string_view value) {
  if (text::FindInvalidUtf8(name) != std::string_view::npos) {
    return Error::InvalidInput("パラメータの名前が UTF-8 として読めません");
  }
  if (value.size() > kMaxParameter) {
    return Error::InvalidInput("パラメータ「" + std::string(name) + "」が長すぎます");
  }
  if (text::FindInvalidUtf8(value) != std::string_view::npos) {
    return Error::InvalidInput("パラメータ「" + std::string(name) + "」が UTF-8 として読めません");
  }
  return {};
}

Result<Params> ParamsOf(const boost::urls::params_view& params) {
  Params out;
  for (const auto& param : params) {
    TORIKUMI_RETURN_IF_ERROR(CheckField(param.key, param.value));
    out.emplace(param.key, param.value);
  }
  return out;
}

// The query string and the body's form fields and files.
Result<void> ReadParameters(Call& call, std::string_view query_string) {
  // HTML forms write a space as '+' (application/x-www-form-urlencoded), in GET query strings
  // and POST bodies alike.
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  TORIKUMI_ASSIGN_OR_RETURN(call.query,
                            ParamsOf(boost::urls::params_view(query_string, form_encoding)));
  const Request& request = call.request;
  if (request.method != "POST") return {};
  const std::string_view content_type = request.Header("content-type");
  if (content_type.starts_with("application/x-www-form-urlencoded")) {
    if (!boost::urls::parse_query(request.body)) {
      return Error::InvalidInput("フォームの内容を読めません");
    }
    TORIKUMI_ASSIGN_OR_RETURN(call.form,
                              ParamsOf(boost::urls::params_view(request.body, form_encoding)));
  } else if (content_type.starts_with("multipart/form-data")) {
    TORIKUMI_ASSIGN_OR_RETURN(auto parts, ParseMultipart(content_type, request.body));
    for (auto& part : parts) {
      // A file's bytes are the importer's to decode (CP932 too); its name and the other
      // fields are text.
      TORIKUMI_RETURN_IF_ERROR(
          CheckField(part.name, part.file_name.empty() ? part.content : part.file_name));
      if (part.file_name.empty()) {
        call.form.emplace(part.name, std::move(part.content));
      } else {
        call.files[part.name] = {std::move(part.file_name), std::move(part.content)};
      }
    }
  }
  return {};
}

// A failure to find who calls that is the machine's, not the caller's: answered as such
// rather than as a wrong token or a signed-out visitor.
bool IsFault(const Error& error) {
  return error.code() == Error::Code::kIo || error.code() == Error::Code::kUnavailable;
}

// Finds who calls: an API route takes a bearer token (or the session cookie), a page only
// the session cookie. False for a bearer token that authenticates nobody: it is never taken
// for the public.
Result<bool> Authenticate(Call& call, const Route& route, service::AccountService& accounts) {
  const std::string_view authorization = call.request.Header("authorization");
  if (route.IsApi() && authorization.starts_with("Bearer ")) {
    auto user =
        accounts.AuthenticateBearer(std::string(authorization.substr(7)), call.request.peer);
    if (!user) {
      if (IsFault(user.error())) return user.error();
      return false;
    }
    call.session = service::Session{std::move(*user), ""};
    call.bearer = true;
  } else if (std::string token = call.Cookie(kSessionCookie); !token.empty()) {
    if (auto session = accounts.Authenticate(token)) {
      call.session = std::move(*session);
      call.session_token = std::move(token);
    } else if (IsFault(session.error())) {
      return session.error();
    }
  }
  return true;
}

// The frame of a staff page: who is signed in, the years, and the year of the path, which
// must be one of them.
Result<void> EnterStaffPage(Call& call) {
  const model::User& user = call.session->user;
  StaffContext context{
      {user.display_name, std::string(model::RoleLabel(user.role)), call.session->csrf_token},
      user,
      call.year,
      {},
      ""};
  TORIKUMI_ASSIGN_OR_RETURN(context.years, call.services.workspace.Years(call.Actor()));
  if (call.year &&
      std::find(context.years.begin(), context.years.end(), call.year) == context.years.end()) {
    return Error::NotFound(std::to_string(call.year) + "年度のシートはありません");
  }
  if (call.Query("saved") == "1") context.notice = "保存しました";
  TORIKUMI_ASSIGN_OR_RETURN(context.who.unread, call.services.notifications.Unread(call.Actor()));
  call.staff = std::move(context);
  return {};
}

// Lets the call through to the route's handler when its caller may call the route: a
// session or token where the route is not for anyone, the CSRF token with every change
// made with a session, and the role the route asks for.
Result<Response> Dispatch(const Route& route, Call& call, service::AccountService& accounts,
                          std::string_view query_string) {
  TORIKUMI_RETURN_IF_ERROR(ReadParameters(call, query_string));
  TORIKUMI_ASSIGN_OR_RETURN(const bool known, Authenticate(call, route, accounts));
  if (!known) return InvalidTokenError();
  const bool change = !call.IsGet();
  if (route.IsApi() && change && call.session && !call.bearer &&
      !service::AccountService::CsrfMatches(*call.session, call.request.Header("x-csrf-token"))) {
    return Error::Forbidden("X-CSRF-Token ヘッダーが正しくありません");
  }
  // After an administrator's reset, the user's own password comes before anything else
  // the session would reach beyond the public's, on the pages and the API alike (a token is
  // a system's, not the person's).
  // So does the second factor, when the municipality requires one of the user's role.
  if (call.SignedIn() && !call.bearer &&
      (call.session->user.must_change_password || call.session->must_enrol_second_factor) &&
      (route.IsStaffPage() || route.IsApi()) && !route.pattern.starts_with("/staff/account")) {
    if (route.IsStaffPage() && !change) return Response::Redirect("/staff/account");
    return Error::Forbidden(call.session->user.must_change_password
                                ? "パスワードを変更してから操作してください"
                                : "二段階認証を設定してから操作してください");
  }
  if (route.access == Access::kAnyone) return route.handler(call);
  if (!call.SignedIn()) {
    if (route.IsApi()) return Error::Forbidden("ログインまたはトークンが必要です");
    if (!change) return Response::Redirect("/login");
    return Error::Forbidden("ログインしてください");
  }
  if (route.IsStaffPage() && change &&
      !service::AccountService::CsrfMatches(*call.session, call.Form("csrf"))) {
    return Error::Forbidden(
        "フォームの確認に失敗しました。ページを開き直してから、もう一度お試しください");
  }
  const service::Actor actor = call.Actor();
  if (route.access == Access::kCoordinator && !actor.IsCoordinator()) {
    return Error::Forbidden("この操作は企画担当または管理者だけができます");
  }
  if (route.access == Access::kAdministrator && !actor.IsAdministrator()) {
    return Error::Forbidden("この操作は管理者だけができます");
  }
  if (route.IsStaffPage()) TORIKUMI_RETURN_IF_ERROR(EnterStaffPage(call));
  return route.handler(call);
}

// Records a request answered 403 as a security event: who asked (the session's or the
// token's user), from where, and what: the method and path (never the query string, which
// may carry what its sender meant to keep) and the refusal's reason when the router or the
// service gave one. Every 403 passes here, whichever route or check refused it.
void RecordForbidden(const Call& call, service::SecurityLog& log, std::string_view reason) {
  const std::string_view target = call.request.target;
  std::string detail = call.request.method + " " + std::string(target.substr(0, target.find('?')));
  if (call.bearer) detail += " (API トークン)";
  if (!reason.empty()) detail += ": " + std::string(reason);
  const model::User* user = call.SignedIn() ? &call.session->user : nullptr;
  log.Record(log.Event(model::SecurityEventKind::kForbidden,
                       user ? std::optional<std::int64_t>(user->id) : std::nullopt,
                       user ? std::string_view(user->login) : std::string_view(), call.request.peer,
                       std::move(detail)));
}

// Puts a municipality's path prefix before the site-absolute URLs of a response made as if
// at the root: links, form actions and sources in HTML (a kept page has them already),
// redirects, and cookie paths.
void Prefix(Response& response, const std::string& prefix) {
  if (response.content_type.starts_with("text/html")) PrefixLinks(response.body, prefix);
  for (auto& [name, value] : response.headers) {
    if (name == "Location" && value.starts_with('/')) value.insert(0, prefix);
    if (name == "Set-Cookie" && !value.starts_with("__Host-")) {
      if (const std::size_t path = value.find("; Path=/"); path != std::string::npos) {
        value.insert(path + std::string_view("; Path=").size(), prefix);
      }
    }
  }
}

// Over TLS, gives every cookie the response sets its __Host- name, Path=/ and Secure.
void HostCookies(Response& response, std::string_view prefix) {
  for (auto& [name, value] : response.headers) {
    if (name != "Set-Cookie") continue;
    const std::size_t equals = value.find('=');
    const std::size_t attributes = value.find(';');
    if (equals == std::string::npos || attributes == std::string::npos) continue;
    std::string renamed = HostCookieName(std::string_view(value).substr(0, equals), prefix) +
                          value.substr(equals, attributes - equals);
    std::string_view rest = std::string_view(value).substr(attributes);
    while (!rest.empty()) {
      // Each "; attribute" but the path, which becomes "/".
      std::size_t next = rest.find(';', 1);
      const std::string_view attribute = rest.substr(0, next);
      if (!attribute.starts_with("; Path=")) renamed += attribute;
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
    }
    renamed += "; Path=/";
    if (renamed.find("; Secure") == std::string::npos) renamed += "; Secure";
    value = std::move(renamed);
  }
}

}  // namespace

Router::Router(store::Store& store, service::NotificationSettings notifications)
    : store_(store),
      notifications_(std::move(notifications)),
      own_(std::make_unique<Municipal>(store, notifications_)) {}

Router::~Router() = default;

Router::Municipal* Router::MunicipalityOf(const std::string& code) {
  std::lock_guard lock(mutex_);
  if (auto it = others_.find(code); it != others_.end()) return it->second.get();
  auto opened = store_.OpenMunicipality(code);
  if (!opened) return nullptr;
  return others_.emplace(code, std::make_unique<Municipal>(std::move(*opened), notifications_))
      .first->second.get();
}

Response Router::Handle(const Request& request) {
  auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) return ErrorPage(Error::InvalidInput("URL を読めません"));
  std::vector<std::string> segments;
  for (const auto& segment : (*parsed).segments()) segments.push_back(segment);
  if (segments.size() >= 2 && segments[0] == "m") {
    const std::string code = segments[1];
    // Codes are six digits; anything else is no municipality, and is never looked up.
    Municipal* municipal =
        code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos
            ? MunicipalityOf(code)
            : nullptr;
    if (!municipal) return NotFoundPage();
    const std::string prefix = "/m/" + code;
    if (segments.size() == 2) return Response::Redirect(prefix + "/", 301);
    Response response = HandleIn(*municipal, prefix, request,
                                 {segments.begin() + 2, segments.end()}, (*parsed).encoded_query());
    Prefix(response, prefix);
    return response;
  }
  return HandleIn(*own_, "", request, segments, (*parsed).encoded_query());
}

Response Router::HandleIn(Municipal& municipal, std::string_view prefix, const Request& request,
                          const std::vector<std::string>& segments, std::string_view query_string) {
  Services services{municipal.portal,       municipal.pages,    municipal.staff_pages,
                    municipal.workspace,    municipal.accounts, municipal.sheets,
                    municipal.installation, municipal.security, municipal.notifications};
  Call call{request, services, prefix};
  const bool api = segments.size() >= 2 && segments[0] == "api";
  const RouteMatch match = MatchRoute(request.method, segments, call);
  if (!match.route && !match.allowed.empty()) {
    Response r = api ? JsonError(Error::InvalidInput("このメソッドは使えません"))
                     : Response::Html(405, RenderErrorPage(405, "この操作はできません。"));
    r.status = 405;
    r.headers.emplace_back("Allow", match.allowed);
    return r;
  }
  if (!match.route) {
    return api ? JsonError(Error::NotFound("この API はありません")) : NotFoundPage();
  }
  auto dispatched = Dispatch(*match.route, call, municipal.accounts, query_string);
  Response response = dispatched             ? std::move(*dispatched)
                      : match.route->IsApi() ? JsonError(dispatched.error())
                                             : ErrorPage(dispatched.error());
  if (response.status == 403) {
    RecordForbidden(call, municipal.security, dispatched ? "" : dispatched.error().message());
  }
  response.route = match.route->pattern;
  if (call.SignedIn()) response.user_id = call.session->user.id;
  if (request.secure) HostCookies(response, prefix);
  // What staff see, and every API answer, is kept by no cache: not the browser's, not a
  // proxy's, not after sign-out.
  if (call.SignedIn() || api ||
      (!segments.empty() && (segments.front() == "staff" || segments.front() == "login"))) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
  return response;
}

}  // namespace torikumi::web
