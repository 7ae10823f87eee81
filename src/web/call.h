#ifndef TORIKUMI_WEB_CALL_H_
#define TORIKUMI_WEB_CALL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/account_service.h"
#include "service/actor.h"
#include "service/installation_service.h"
#include "service/notification_service.h"
#include "service/portal_service.h"
#include "service/security_log.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "web/http.h"
#include "web/page_cache.h"
#include "web/staff_pages.h"

namespace torikumi::web {

// What a handler works with, private to the web module: the municipality's services and
// the request, parsed once by the router.

struct Services {
  service::PortalService& portal;
  PageCache& pages;
  PageCache& staff_pages;
  service::WorkspaceService& workspace;
  service::AccountService& accounts;
  service::SheetService& sheets;
  service::InstallationService& installation;
  service::SecurityLog& security;
  service::NotificationService& notifications;
};

using Params = std::multimap<std::string, std::string>;

struct Call {
  const Request& request;
  Services& services;
  // Where the municipality's pages are: "/m/282171", or "" for the installation's own at
  // the root. Pages are made as if at the root; the router puts this before their links.
  std::string_view prefix;

  // The route's parameters, as the route table typed them; 0 or "" where the pattern has none.
  int year = 0;         // {year}: 1900–2999
  int no = 0;           // {no}: 1–1000000
  std::int64_t id = 0;  // {id}: a publication, 1–1000000000
  std::string login;    // {login}
  std::string file;     // {file}

  Params query;
  Params form;  // an application/x-www-form-urlencoded or multipart/form-data body's fields
  std::map<std::string, std::pair<std::string, std::string>> files;  // name → (file name, bytes)
  std::optional<service::Session> session;
  std::string session_token;
  bool bearer = false;  // authenticated by an API token rather than a cookie
  // On a /staff/ page: the signed-in user's frame, years and notice.
  std::optional<StaffContext> staff;

  // The first value of a parameter, or "".
  std::string Query(std::string_view key) const;
  std::string Form(std::string_view key) const;
  std::vector<std::string> FormAll(std::string_view key) const;
  // The value of a cookie the request sent, or "" (under its __Host- name over TLS).
  std::string Cookie(std::string_view name) const;
  bool IsGet() const { return request.method == "GET" || request.method == "HEAD"; }
  bool SignedIn() const { return session.has_value(); }
  // Who calls, from where (for the security events).
  service::Actor Actor() const { return service::Actor::Staff(session->user, request.peer); }
  // The list filter of the query: department, section, goal, policy, rating, q.
  store::InitiativeFilter Filter() const;
};

// The report month a staff page or form is about: ?month= or the form's month, else the
// latest month opened for reporting, else April; with the months open for reporting.
struct ReportMonth {
  int month = 4;
  std::vector<int> open;
};
Result<ReportMonth> ReportMonthOf(const Call& call);

// Submits, approves or returns the reports of `nos` in `month`, as `action` ("submit",
// "approve", "return") says; `section` names a co-owner's note, "" the owner's report.
Result<void> ReviewReports(const Call& call, int month, const std::vector<int>& nos,
                           std::string_view action, const std::string& comment,
                           const std::string& section);

// Parses a number in [min, max], or nullopt.
std::optional<int> ParseNumber(std::string_view s, int min, int max);

// A 200 HTML page.
Response Page(std::string html);
// The staff page `render` makes, kept for the session while the workspace's PageStamp stays
// the same, so that the same request is answered again at once, compressed; only a 200 page
// is kept. For pages that show the workspace and the session's user only.
Result<Response> KeptStaffPage(const Call& call, const std::function<Result<Response>()>& render);
// A response that also sets a cookie.
Response WithCookie(Response response, std::string cookie);

// The name under which a cookie named `name` by the handlers travels over TLS, where
// torikumi gives its cookies the __Host- prefix (only the host itself may set them, over
// TLS, for the whole site): "__Host-torikumi_session", or for the pages of a municipality
// at `prefix` "/m/282171", "__Host-torikumi_session-282171". The router renames the cookies
// handlers set (Path=/ and Secure, as the prefix demands); Call::Cookie reads them back.
std::string HostCookieName(std::string_view name, std::string_view prefix);

// The session cookie.
constexpr std::string_view kSessionCookie = "torikumi_session";
std::string SessionCookie(std::string_view token, bool secure);
std::string ExpiredSessionCookie(bool secure);

// Puts `prefix` before the site-absolute links, form actions and sources of `html`.
void PrefixLinks(std::string& html, std::string_view prefix);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_CALL_H_
