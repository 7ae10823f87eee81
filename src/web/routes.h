#ifndef TORIKUMI_WEB_ROUTES_H_
#define TORIKUMI_WEB_ROUTES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace torikumi::web {

// Every route the server answers, as (method, pattern). Patterns name their parameters in
// braces: /staff/{year}/initiatives/{no}/edit, and a parameter may end in a literal
// ({no}.pdf); a trailing "/" is part of the pattern. The
// router answers nothing that is not here (404, or 405 for a known path), so that the
// authorisation matrix test, which walks this table, sees every route there is.
struct Route {
  std::string_view method;
  std::string_view pattern;
};

std::span<const Route> Routes();

enum class RouteMatch { kFound, kWrongMethod, kNotFound };

// Whether the table holds `method` for the path `segments` ("/a/b/" is {"a", "b", ""}).
// HEAD is answered wherever GET is.
RouteMatch MatchRoute(std::string_view method, const std::vector<std::string>& segments);

// The methods the table holds for the path: the Allow header of a 405.
std::string AllowedMethods(const std::vector<std::string>& segments);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTES_H_
