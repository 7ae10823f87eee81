#ifndef TORIKUMI_WEB_ROUTING_H_
#define TORIKUMI_WEB_ROUTING_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "service/account_service.h"
#include "service/actor.h"
#include "service/portal_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/page_cache.h"

namespace torikumi::web {

// What the route handlers share, private to the web module.

struct Services {
  service::PortalService& portal;
  PageCache& pages;
  service::WorkspaceService& workspace;
  service::AccountService& accounts;
  service::SheetService& sheets;
};

using Params = std::multimap<std::string, std::string>;

// One request, parsed once: path segments and parameters decoded, the session looked up.
struct Call {
  const Request& request;
  // Where the municipality's pages are: "/m/282171", or "" for the installation's own at
  // the root. Pages are made as if at the root; the router puts this before their links.
  std::string_view prefix;
  std::vector<std::string> segments;  // "/staff/2025/" → {"staff", "2025", ""}
  Params query;
  Params form;  // an application/x-www-form-urlencoded or multipart/form-data body's fields
  std::map<std::string, std::pair<std::string, std::string>> files;  // name → (file name, bytes)
  std::optional<service::Session> session;
  std::string session_token;
  bool bearer = false;  // authenticated by an API token rather than a cookie

  // The first value of a parameter, or "".
  std::string Query(std::string_view key) const;
  std::string Form(std::string_view key) const;
  std::vector<std::string> FormAll(std::string_view key) const;
  // The value of a cookie the request sent, or "".
  std::string Cookie(std::string_view name) const;
  bool IsGet() const { return request.method == "GET" || request.method == "HEAD"; }
  bool IsPost() const { return request.method == "POST"; }
  service::Actor Actor() const { return service::Actor::Staff(session->user); }
  SignedIn Who() const;
};

int HttpStatusOf(const Error& error);
// An HTML error page with the status of `error`; server faults are logged, not shown.
Response ErrorPage(const Error& error);
Response NotFoundPage();
// Puts `prefix` before the site-absolute links, form actions and sources of `html`.
void PrefixLinks(std::string& html, std::string_view prefix);

// Parses a number in [min, max], or nullopt.
std::optional<int> ParseNumber(std::string_view s, int min, int max);

// Each returns nullopt when the path is not its own.
std::optional<Response> HandlePortal(Services& services, const Call& call);
std::optional<Response> HandleAuth(Services& services, const Call& call);
std::optional<Response> HandleStaff(Services& services, const Call& call);
std::optional<Response> HandleApi(Services& services, const Call& call);

// The session cookie.
constexpr std::string_view kSessionCookie = "torikumi_session";
std::string SessionCookie(std::string_view token, bool secure);
std::string ExpiredSessionCookie(bool secure);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTING_H_
