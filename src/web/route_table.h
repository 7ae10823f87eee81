#ifndef TORIKUMI_WEB_ROUTE_TABLE_H_
#define TORIKUMI_WEB_ROUTE_TABLE_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "web/http.h"

namespace torikumi::web {

struct Call;

// Who may call a route. The router turns away anyone less before the handler runs; the
// service then decides what this caller may do with this initiative, section or month.
enum class Access {
  kAnyone,         // the public; a signed-in caller may be answered more (the working sheet)
  kStaff,          // signed in: a session cookie on /staff/, a token or session on /api/
  kCoordinator,    // 企画担当 or 管理者
  kAdministrator,  // 管理者
};

using RouteHandler = Result<Response> (*)(Call& call);

// One route: method, pattern, who may call it, and its handler. Patterns name typed
// parameters in braces: {year} (1900–2999), {no} (1–1000000), {id} (a publication),
// {login}, {file}; a parameter may end in a literal ({no}.pdf), and a trailing "/" is part
// of the pattern. A path under /api/ answers errors in JSON, any other with a page.
struct Route {
  std::string_view method;
  std::string_view pattern;
  Access access;
  RouteHandler handler;

  bool IsApi() const { return pattern.starts_with("/api/"); }
  bool IsStaffPage() const { return pattern.starts_with("/staff/"); }
};

// Every route the server answers; nothing else is answered (404, or 405 for a known path).
// The authorisation matrix test walks this table.
std::span<const Route> Routes();

struct RouteMatch {
  const Route* route = nullptr;  // null: no route has this method for the path
  std::string allowed;           // when the path is known for other methods: the Allow header
};

// The route for `method` on the path `segments` ("/a/b/" is {"a", "b", ""}), with its
// parameters set in `call`. HEAD is answered wherever GET is.
RouteMatch MatchRoute(std::string_view method, const std::vector<std::string>& segments,
                      Call& call);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTE_TABLE_H_
