#include "web/router.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <iostream>

#include "model/account.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/routing.h"

namespace torikumi::web {
namespace {

// Parameter values longer than this are refused rather than used.
constexpr std::size_t kMaxParameter = 64 * 1024;

Result<Params> ParamsOf(const boost::urls::params_view& params) {
  Params out;
  for (const auto& param : params) {
    if (param.value.size() > kMaxParameter) {
      return Error::InvalidInput("パラメータ「" + std::string(param.key) + "」が長すぎます");
    }
    out.emplace(param.key, param.value);
  }
  return out;
}

}  // namespace

std::string Call::Cookie(std::string_view name) const {
  std::string_view header = request.Header("cookie");
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return "";
}

std::string Call::Query(std::string_view key) const {
  auto it = query.find(std::string(key));
  return it == query.end() ? "" : it->second;
}

std::string Call::Form(std::string_view key) const {
  auto it = form.find(std::string(key));
  return it == form.end() ? "" : it->second;
}

std::vector<std::string> Call::FormAll(std::string_view key) const {
  std::vector<std::string> values;
  auto [begin, end] = form.equal_range(std::string(key));
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

SignedIn Call::Who() const {
  return {session->user.display_name, std::string(model::RoleLabel(session->user.role)),
          session->csrf_token};
}

int HttpStatusOf(const Error& error) {
  switch (error.code()) {
    case Error::Code::kInvalidInput:
      return 400;
    case Error::Code::kNotFound:
      return 404;
    case Error::Code::kConflict:
      return 409;
    case Error::Code::kForbidden:
      return 403;
    case Error::Code::kIo:
      return 500;
  }
  return 500;
}

Response ErrorPage(const Error& error) {
  const int status = HttpStatusOf(error);
  if (status >= 500) std::cerr << "torikumi: " << error.ToString() << '\n';
  std::string message = status >= 500 ? "サーバーで問題が起きました。" : error.message();
  // Where an input is wrong, in the words a person uses: "bad.tsv の 9 行目: …".
  if (const Location& at = error.where(); status < 500 && at.line > 0) {
    message = (at.file.empty() ? "" : at.file + " の ") + std::to_string(at.line) + " 行目" +
              (at.column > 0 ? " " + std::to_string(at.column) + " 文字目" : "") + ": " + message;
  }
  return Response::Html(status, RenderErrorPage(status, message));
}

Response NotFoundPage() { return ErrorPage(Error::NotFound("このページはありません。")); }

// The data in the HTML is escaped, so `href="/` occurs only in markup.
void PrefixLinks(std::string& html, std::string_view prefix) {
  if (prefix.empty()) return;
  std::string prefixed;
  prefixed.reserve(html.size() + html.size() / 16);
  std::size_t copied = 0;
  for (std::size_t at = html.find("=\"/"); at != std::string::npos;
       at = html.find("=\"/", at + 3)) {
    const std::string_view before = std::string_view(html).substr(0, at);
    if (!before.ends_with("href") && !before.ends_with("action") && !before.ends_with("src"))
      continue;
    prefixed.append(html, copied, at + 2 - copied);
    prefixed += prefix;
    copied = at + 2;
  }
  prefixed.append(html, copied, std::string::npos);
  html = std::move(prefixed);
}

std::optional<int> ParseNumber(std::string_view s, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::string SessionCookie(std::string_view token, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

std::string ExpiredSessionCookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" +
         (secure ? "; Secure" : "");
}

// One municipality's services, over its own store or the installation's.
struct Router::Municipal {
  explicit Municipal(store::Store& s) : portal(s), workspace(s), accounts(s), sheets(s) {}
  explicit Municipal(std::unique_ptr<store::Store> s) : Municipal(*s) { owned = std::move(s); }

  std::unique_ptr<store::Store> owned;
  service::PortalService portal;
  PageCache pages;
  service::WorkspaceService workspace;
  service::AccountService accounts;
  service::SheetService sheets;
};

namespace {

// Puts a municipality's path prefix before the site-absolute URLs of a response made as if
// at the root: links, form actions and sources in HTML (a kept page has them already),
// redirects, and cookie paths.
void Prefix(Response& response, const std::string& prefix) {
  if (response.content_type.starts_with("text/html")) PrefixLinks(response.body, prefix);
  for (auto& [name, value] : response.headers) {
    if (name == "Location" && value.starts_with('/')) value.insert(0, prefix);
    if (name == "Set-Cookie") {
      if (const std::size_t path = value.find("; Path=/"); path != std::string::npos) {
        value.insert(path + std::string_view("; Path=").size(), prefix);
      }
    }
  }
}

}  // namespace

Router::Router(store::Store& store)
    : store_(store), installation_(store), own_(std::make_unique<Municipal>(store)) {}

Router::~Router() = default;

Router::Municipal* Router::MunicipalityOf(const std::string& code) {
  std::lock_guard lock(mutex_);
  if (auto it = others_.find(code); it != others_.end()) return it->second.get();
  auto opened = store_.OpenMunicipality(code);
  if (!opened) return nullptr;
  return others_.emplace(code, std::make_unique<Municipal>(std::move(*opened))).first->second.get();
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
  if (segments.size() == 1 && segments[0] == "search" &&
      (request.method == "GET" || request.method == "HEAD")) {
    boost::urls::encoding_opts form_encoding;
    form_encoding.space_as_plus = true;
    const auto params = (*parsed).params(form_encoding);
    auto query = params.find("q");
    const std::string q = query == params.end() ? "" : std::string((*query).value);
    auto hits = q.empty()
                    ? Result<std::vector<store::PublishedHit>>(std::vector<store::PublishedHit>())
                    : installation_.SearchPublished(q, int(kSearchHitsShown));
    if (!hits) return ErrorPage(hits.error());
    auto municipalities = installation_.Municipalities();
    if (!municipalities) return ErrorPage(municipalities.error());
    return Response::Html(200, RenderSearchPage(q, *hits, *municipalities));
  }
  return HandleIn(*own_, "", request, std::move(segments), (*parsed).encoded_query());
}

Response Router::HandleIn(Municipal& municipal, std::string_view prefix, const Request& request,
                          std::vector<std::string> segments, std::string_view query_string) {
  Call call{request, prefix, std::move(segments), {}, {}, {}, std::nullopt, "", false};
  switch (MatchRoute(request.method, call.segments)) {
    case RouteMatch::kFound:
      break;
    case RouteMatch::kWrongMethod: {
      Response r = Response::Html(405, RenderErrorPage(405, "この操作はできません。"));
      r.headers.emplace_back("Allow", AllowedMethods(call.segments));
      return r;
    }
    case RouteMatch::kNotFound:
      return NotFoundPage();
  }
  if (call.segments.size() == 1 && call.segments[0] == "healthz")
    return Response::Text(200, "ok\n");
  if (call.segments.size() == 2 && call.segments[0] == "assets" &&
      call.segments[1] == "style.css") {
    Response r = Response::Text(200, std::string(StyleSheet()));
    r.content_type = "text/css; charset=utf-8";
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  // HTML forms write a space as '+' (application/x-www-form-urlencoded), in GET query strings
  // and POST bodies alike.
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  auto query = ParamsOf(boost::urls::params_view(query_string, form_encoding));
  if (!query) return ErrorPage(query.error());
  call.query = std::move(*query);
  if (request.method == "POST" &&
      request.Header("content-type").starts_with("application/x-www-form-urlencoded")) {
    if (!boost::urls::parse_query(request.body)) {
      return ErrorPage(Error::InvalidInput("フォームの内容を読めません"));
    }
    auto form = ParamsOf(boost::urls::params_view(request.body, form_encoding));
    if (!form) return ErrorPage(form.error());
    call.form = std::move(*form);
  } else if (request.method == "POST" &&
             request.Header("content-type").starts_with("multipart/form-data")) {
    auto parts = ParseMultipart(request.Header("content-type"), request.body);
    if (!parts) return ErrorPage(parts.error());
    for (auto& part : *parts) {
      if (part.file_name.empty()) {
        call.form.emplace(part.name, std::move(part.content));
      } else {
        call.files[part.name] = {std::move(part.file_name), std::move(part.content)};
      }
    }
  }
  const std::string authorization(request.Header("authorization"));
  if (authorization.starts_with("Bearer ")) {
    auto user = municipal.accounts.AuthenticateBearer(authorization.substr(7));
    if (user) {
      call.session = service::Session{std::move(*user), ""};
      call.bearer = true;
    }
  } else if (std::string token = call.Cookie(kSessionCookie); !token.empty()) {
    if (auto session = municipal.accounts.Authenticate(token)) {
      call.session = std::move(*session);
      call.session_token = std::move(token);
    }
  }

  Services services{municipal.portal, municipal.pages, municipal.workspace, municipal.accounts,
                    municipal.sheets};
  for (auto handler : {HandleAuth, HandleStaff, HandleApi, HandlePortal}) {
    if (auto response = handler(services, call)) return std::move(*response);
  }
  return NotFoundPage();
}

}  // namespace torikumi::web
