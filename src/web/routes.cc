#include "web/routes.h"

#include <array>

namespace torikumi::web {
namespace {

constexpr std::array<Route, 79> kRoutes{{
    // The public portal and the site's own files.
    {"GET", "/"},
    {"GET", "/healthz"},
    {"GET", "/search"},
    {"GET", "/accessibility"},
    {"GET", "/assets/style.css"},
    {"GET", "/{year}"},
    {"GET", "/{year}/"},
    {"GET", "/{year}/initiatives/{no}"},
    {"GET", "/{year}/initiatives/{no}.pdf"},
    {"GET", "/{year}/publications/"},
    {"GET", "/{year}/publications/{id}/"},
    {"GET", "/{year}/publications/{id}/initiatives/{no}"},
    {"GET", "/{year}/publications/{id}/initiatives/{no}.pdf"},
    {"GET", "/{year}/downloads/"},
    {"GET", "/{year}/downloads/{file}"},
    {"GET", "/{year}/publications/{id}/downloads/"},
    {"GET", "/{year}/publications/{id}/downloads/{file}"},
    // Sessions.
    {"GET", "/login"},
    {"POST", "/login"},
    {"POST", "/logout"},
    // The staff workspace.
    {"GET", "/staff/"},
    {"GET", "/staff/{year}"},
    {"GET", "/staff/{year}/"},
    {"GET", "/staff/{year}/initiatives/{no}"},
    {"GET", "/staff/{year}/initiatives/{no}/edit"},
    {"POST", "/staff/{year}/initiatives/{no}/edit"},
    {"POST", "/staff/{year}/initiatives/{no}/progress"},
    {"GET", "/staff/{year}/initiatives/{no}/history"},
    {"POST", "/staff/{year}/reports"},
    {"GET", "/staff/{year}/board"},
    {"POST", "/staff/{year}/months"},
    {"GET", "/staff/{year}/dashboard"},
    {"GET", "/staff/{year}/publications"},
    {"POST", "/staff/{year}/publish"},
    {"GET", "/staff/{year}/settings"},
    {"POST", "/staff/{year}/settings/rating-scale"},
    {"POST", "/staff/{year}/settings/sections"},
    {"POST", "/staff/{year}/settings/plan"},
    {"POST", "/staff/{year}/settings/carry-over"},
    {"POST", "/staff/import"},
    {"GET", "/staff/users"},
    {"POST", "/staff/users"},
    {"POST", "/staff/users/{login}"},
    {"GET", "/staff/audit"},
    {"GET", "/staff/account"},
    {"POST", "/staff/account/password"},
    {"POST", "/staff/account/logout-everywhere"},
    // The JSON API.
    {"GET", "/api/v1/openapi.json"},
    {"GET", "/api/v1/years"},
    {"GET", "/api/v1/years/{year}/sheet"},
    {"GET", "/api/v1/years/{year}/public/sheet"},
    {"GET", "/api/v1/years/{year}/public/initiatives"},
    {"GET", "/api/v1/years/{year}/public/initiatives/{no}"},
    {"GET", "/api/v1/years/{year}/public/publications"},
    {"GET", "/api/v1/years/{year}/initiatives"},
    {"GET", "/api/v1/years/{year}/initiatives/{no}"},
    {"PUT", "/api/v1/years/{year}/initiatives/{no}"},
    {"POST", "/api/v1/years/{year}/initiatives/{no}/progress"},
    {"GET", "/api/v1/years/{year}/initiatives/{no}/history"},
    {"GET", "/api/v1/years/{year}/reports"},
    {"POST", "/api/v1/years/{year}/reports"},
    {"GET", "/api/v1/years/{year}/months"},
    {"POST", "/api/v1/years/{year}/months"},
    {"GET", "/api/v1/years/{year}/publications"},
    {"POST", "/api/v1/years/{year}/publications"},
    {"GET", "/api/v1/years/{year}/dashboard"},
    {"GET", "/api/v1/years/{year}/board"},
    {"GET", "/api/v1/years/{year}/rating-scale"},
    {"PUT", "/api/v1/years/{year}/rating-scale"},
    {"POST", "/api/v1/years/{year}/sections/rename"},
    {"POST", "/api/v1/years/{year}/goals/rename"},
    {"POST", "/api/v1/years/{year}/policies/rename"},
    {"POST", "/api/v1/years/{year}/projects/rename"},
    {"POST", "/api/v1/years/{year}/subprojects/rename"},
    {"POST", "/api/v1/years/{year}/carry-over"},
    {"GET", "/api/v1/users"},
    {"POST", "/api/v1/users"},
    {"POST", "/api/v1/users/{login}"},
    {"GET", "/api/v1/audit"},
}};

// The pattern's segments: "/" is {}, "/a/" is {"a", ""}.
std::vector<std::string_view> SegmentsOf(std::string_view pattern) {
  std::vector<std::string_view> segments;
  if (pattern == "/") return segments;
  pattern.remove_prefix(1);
  for (;;) {
    const std::size_t slash = pattern.find('/');
    segments.push_back(pattern.substr(0, slash));
    if (slash == std::string_view::npos) break;
    pattern.remove_prefix(slash + 1);
  }
  return segments;
}

bool PathMatches(std::string_view pattern, const std::vector<std::string>& segments) {
  const auto parts = SegmentsOf(pattern);
  // "/" arrives as {} or {""}.
  if (parts.empty()) return segments.empty() || (segments.size() == 1 && segments[0].empty());
  if (parts.size() != segments.size()) return false;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (!parts[k].starts_with('{')) {
      if (parts[k] != segments[k]) return false;
      continue;
    }
    // A parameter may carry a literal ending: {no}.pdf.
    const std::string_view ending = parts[k].substr(parts[k].find('}') + 1);
    if (segments[k].size() <= ending.size() || !segments[k].ends_with(ending)) return false;
  }
  return true;
}

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

RouteMatch MatchRoute(std::string_view method, const std::vector<std::string>& segments) {
  if (method == "HEAD") method = "GET";
  bool path_known = false;
  for (const Route& route : kRoutes) {
    if (!PathMatches(route.pattern, segments)) continue;
    if (route.method == method) return RouteMatch::kFound;
    path_known = true;
  }
  return path_known ? RouteMatch::kWrongMethod : RouteMatch::kNotFound;
}

std::string AllowedMethods(const std::vector<std::string>& segments) {
  std::string allowed;
  for (const Route& route : kRoutes) {
    if (!PathMatches(route.pattern, segments)) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += route.method;
    if (route.method == "GET") allowed += ", HEAD";
  }
  return allowed;
}

}  // namespace torikumi::web
