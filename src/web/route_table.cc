#include "web/route_table.h"

#include <array>

#include "text/utf8.h"
#include "web/call.h"
#include "web/handlers.h"

namespace torikumi::web {
namespace {

constexpr Access kAnyone = Access::kAnyone;
constexpr Access kStaff = Access::kStaff;
constexpr Access kCoordinator = Access::kCoordinator;
constexpr Access kAdministrator = Access::kAdministrator;

// clang-format off
constexpr std::array<Route, 120> kRoutes{{
    // The public portal and the site's own files.
    {"GET",  "/",                                                 kAnyone,        portal::Home},
    {"GET",  "/healthz",                                          kAnyone,        portal::Health},
    {"GET",  "/metrics",                                          kAnyone,        portal::ServerMetrics},
    {"GET",  "/search",                                           kAnyone,        portal::Search},
    {"GET",  "/accessibility",                                    kAnyone,        portal::Accessibility},
    {"GET",  "/assets/style.css",                                 kAnyone,        portal::StyleSheetFile},
    {"GET",  "/assets/working.js",                                kAnyone,        portal::WorkingScriptFile},
    {"GET",  "/{year}",                                           kAnyone,        portal::YearWithoutSlash},
    {"GET",  "/{year}/",                                          kAnyone,        portal::List},
    {"GET",  "/{year}/initiatives/{no}",                          kAnyone,        portal::Initiative},
    {"GET",  "/{year}/initiatives/{no}.pdf",                      kAnyone,        portal::InitiativePdf},
    {"GET",  "/{year}/publications/",                             kAnyone,        portal::Publications},
    {"GET",  "/{year}/publications/{id}/",                        kAnyone,        portal::List},
    {"GET",  "/{year}/publications/{id}/initiatives/{no}",        kAnyone,        portal::Initiative},
    {"GET",  "/{year}/publications/{id}/initiatives/{no}.pdf",    kAnyone,        portal::InitiativePdf},
    {"GET",  "/{year}/downloads/",                                kAnyone,        portal::Downloads},
    {"GET",  "/{year}/downloads/{file}",                          kAnyone,        portal::DownloadFile},
    {"GET",  "/{year}/publications/{id}/downloads/",              kAnyone,        portal::Downloads},
    {"GET",  "/{year}/publications/{id}/downloads/{file}",        kAnyone,        portal::DownloadFile},
    // Sessions.
    {"GET",  "/login",                                            kAnyone,        session::LoginForm},
    {"POST", "/login",                                            kAnyone,        session::Login},
    {"GET",  "/login/code",                                       kAnyone,        session::CodeForm},
    {"POST", "/login/code",                                       kAnyone,        session::Code},
    {"POST", "/logout",                                           kAnyone,        session::Logout},
    // The staff workspace.
    {"GET",  "/staff/",                                           kStaff,         staff::Home},
    {"GET",  "/staff/{year}",                                     kStaff,         staff::YearWithoutSlash},
    {"GET",  "/staff/{year}/",                                    kStaff,         staff::List},
    {"GET",  "/staff/{year}/initiatives/new",                     kCoordinator,   staff::NewInitiative},
    {"POST", "/staff/{year}/initiatives",                         kCoordinator,   staff::AddInitiative},
    {"GET",  "/staff/{year}/initiatives/{no}",                    kStaff,         staff::Initiative},
    {"GET",  "/staff/{year}/initiatives/{no}/edit",               kStaff,         staff::EditForm},
    {"POST", "/staff/{year}/initiatives/{no}/edit",               kStaff,         staff::SaveEdit},
    {"POST", "/staff/{year}/initiatives/{no}/progress",           kStaff,         staff::SaveProgress},
    {"GET",  "/staff/{year}/initiatives/{no}/indicators",         kStaff,         staff::IndicatorsForm},
    {"POST", "/staff/{year}/initiatives/{no}/indicators",         kStaff,         staff::SaveIndicators},
    {"GET",  "/staff/{year}/initiatives/{no}/history",            kStaff,         staff::History},
    {"POST", "/staff/{year}/initiatives/{no}/delete",             kCoordinator,   staff::DeleteInitiative},
    {"POST", "/staff/{year}/initiatives/{no}/ending",             kCoordinator,   staff::SetEnding},
    {"POST", "/staff/{year}/reports",                             kStaff,         staff::Review},
    {"GET",  "/staff/{year}/board",                               kStaff,         staff::Board},
    {"POST", "/staff/{year}/months",                              kCoordinator,   staff::OpenMonth},
    {"POST", "/staff/{year}/months/deadline",                     kCoordinator,   staff::SetDeadline},
    {"GET",  "/staff/{year}/dashboard",                           kStaff,         staff::Dashboard},
    {"GET",  "/staff/{year}/publications",                        kStaff,         staff::Publications},
    {"POST", "/staff/{year}/publish",                             kCoordinator,   staff::Publish},
    {"POST", "/staff/{year}/publications/{id}/withdraw",          kCoordinator,   staff::WithdrawPublication},
    {"GET",  "/staff/{year}/settings",                            kCoordinator,   staff::Settings},
    {"POST", "/staff/{year}/settings/rating-scale",               kCoordinator,   staff::SaveRatingScale},
    {"POST", "/staff/{year}/settings/sections",                   kCoordinator,   staff::RenameSection},
    {"POST", "/staff/{year}/settings/plan",                       kCoordinator,   staff::RenamePlanElement},
    {"POST", "/staff/{year}/settings/carry-over",                 kCoordinator,   staff::CarryOver},
    {"POST", "/staff/{year}/settings/delete",                     kCoordinator,   staff::DeleteYear},
    {"POST", "/staff/import",                                     kCoordinator,   staff::Import},
    {"GET",  "/staff/users",                                      kAdministrator, staff::Users},
    {"POST", "/staff/users",                                      kAdministrator, staff::AddUser},
    {"GET",  "/staff/users/{login}",                              kAdministrator, staff::User},
    {"POST", "/staff/users/{login}",                              kAdministrator, staff::ChangeUser},
    {"GET",  "/staff/audit",                                      kAdministrator, staff::AuditLog},
    {"GET",  "/staff/security-events",                            kAdministrator, staff::SecurityEvents},
    {"GET",  "/staff/security-events.csv",                        kAdministrator, staff::SecurityEventsCsv},
    {"GET",  "/staff/municipality",                               kAdministrator, staff::Municipality},
    {"POST", "/staff/municipality",                               kAdministrator, staff::NameMunicipality},
    {"POST", "/staff/municipality/second-factor",                 kAdministrator, staff::RequireSecondFactor},
    {"GET",  "/staff/mail",                                       kAdministrator, staff::MailOutbox},
    {"POST", "/staff/mail/{id}/retry",                            kAdministrator, staff::RetryMail},
    {"GET",  "/staff/notifications",                              kStaff,         staff::Notifications},
    {"POST", "/staff/notifications/read",                         kStaff,         staff::ReadAllNotifications},
    {"GET",  "/staff/notifications/{id}",                         kStaff,         staff::OpenNotification},
    {"GET",  "/staff/account",                                    kStaff,         staff::Account},
    {"POST", "/staff/account/mail",                               kStaff,         staff::SaveMailPreferences},
    {"POST", "/staff/account/password",                           kStaff,         staff::ChangePassword},
    {"POST", "/staff/account/logout-everywhere",                  kStaff,         staff::LogoutEverywhere},
    {"POST", "/staff/account/second-factor",                      kStaff,         staff::BeginSecondFactor},
    {"GET",  "/staff/account/second-factor",                      kStaff,         staff::SecondFactorEnrolment},
    {"POST", "/staff/account/second-factor/confirm",              kStaff,         staff::ConfirmSecondFactor},
    {"POST", "/staff/account/second-factor/recovery-codes",       kStaff,         staff::NewRecoveryCodes},
    {"POST", "/staff/account/second-factor/remove",               kStaff,         staff::RemoveSecondFactor},
    // The JSON API.
    {"GET",  "/api/v1/openapi.json",                              kAnyone,        api::OpenApi},
    {"GET",  "/api/v1/years",                                     kAnyone,        api::Years},
    {"GET",  "/api/v1/years/{year}/sheet",                        kAnyone,        api::Sheet},
    {"GET",  "/api/v1/years/{year}/public/sheet",                 kAnyone,        api::PublicSheet},
    {"GET",  "/api/v1/years/{year}/public/initiatives",           kAnyone,        api::PublicInitiatives},
    {"GET",  "/api/v1/years/{year}/public/initiatives/{no}",      kAnyone,        api::PublicInitiative},
    {"GET",  "/api/v1/years/{year}/public/publications",          kAnyone,        api::PublicPublications},
    {"GET",  "/api/v1/years/{year}/initiatives",                  kAnyone,        api::Initiatives},
    {"GET",  "/api/v1/years/{year}/initiatives/{no}",             kAnyone,        api::Initiative},
    {"PUT",  "/api/v1/years/{year}/initiatives/{no}",             kStaff,         api::UpdateInitiative},
    {"POST", "/api/v1/years/{year}/initiatives/{no}/progress",    kStaff,         api::WriteProgress},
    {"PUT",  "/api/v1/years/{year}/initiatives/{no}/ending",      kCoordinator,   api::SetEnding},
    {"DELETE", "/api/v1/years/{year}/initiatives/{no}/ending",    kCoordinator,   api::SetEnding},
    {"GET",  "/api/v1/years/{year}/initiatives/{no}/history",     kStaff,         api::History},
    {"GET",  "/api/v1/years/{year}/reports",                      kStaff,         api::Reports},
    {"POST", "/api/v1/years/{year}/reports",                      kStaff,         api::Review},
    {"GET",  "/api/v1/years/{year}/months",                       kStaff,         api::Months},
    {"POST", "/api/v1/years/{year}/months",                       kCoordinator,   api::OpenMonth},
    {"POST", "/api/v1/years/{year}/months/deadline",              kCoordinator,   api::SetDeadline},
    {"GET",  "/api/v1/years/{year}/publications",                 kAnyone,        api::Publications},
    {"POST", "/api/v1/years/{year}/publications",                 kCoordinator,   api::Publish},
    {"POST", "/api/v1/years/{year}/publications/{id}/withdraw",   kCoordinator,   api::WithdrawPublication},
    {"GET",  "/api/v1/years/{year}/dashboard",                    kStaff,         api::Dashboard},
    {"GET",  "/api/v1/years/{year}/board",                        kStaff,         api::Board},
    {"GET",  "/api/v1/years/{year}/rating-scale",                 kStaff,         api::RatingScale},
    {"PUT",  "/api/v1/years/{year}/rating-scale",                 kCoordinator,   api::SaveRatingScale},
    {"POST", "/api/v1/years/{year}/sections/rename",              kCoordinator,   api::RenameSection},
    {"POST", "/api/v1/years/{year}/goals/rename",                 kCoordinator,   api::RenameGoal},
    {"POST", "/api/v1/years/{year}/policies/rename",              kCoordinator,   api::RenamePolicy},
    {"POST", "/api/v1/years/{year}/projects/rename",              kCoordinator,   api::RenameProject},
    {"POST", "/api/v1/years/{year}/subprojects/rename",           kCoordinator,   api::RenameSubproject},
    {"POST", "/api/v1/years/{year}/carry-over",                   kCoordinator,   api::CarryOver},
    {"DELETE", "/api/v1/years/{year}",                            kCoordinator,   api::DeleteYear},
    {"GET",  "/api/v1/notifications",                             kStaff,         api::Notifications},
    {"POST", "/api/v1/notifications/read",                        kStaff,         api::ReadNotifications},
    {"PUT",  "/api/v1/account/mail",                              kStaff,         api::SetMailPreferences},
    {"GET",  "/api/v1/mail",                                      kAdministrator, api::Mail},
    {"GET",  "/api/v1/users",                                     kAdministrator, api::Users},
    {"POST", "/api/v1/users",                                     kAdministrator, api::AddUser},
    {"POST", "/api/v1/users/{login}",                             kAdministrator, api::ChangeUser},
    {"GET",  "/api/v1/audit",                                     kAdministrator, api::AuditLog},
    {"GET",  "/api/v1/municipality",                              kAnyone,        api::Municipality},
    {"PUT",  "/api/v1/municipality",                              kAdministrator, api::NameMunicipality},
}};
// clang-format on

// Sets the parameter `name` from `value`; false when the value is not of the parameter's type.
bool SetParameter(std::string_view name, const std::string& value, Call& call) {
  if (name == "year") {
    const auto year = ParseNumber(value, 1900, 2999);
    call.year = year.value_or(0);
    return year.has_value();
  }
  if (name == "no") {
    const auto no = ParseNumber(value, 1, 1'000'000);
    call.no = no.value_or(0);
    return no.has_value();
  }
  if (name == "id") {
    const auto id = ParseNumber(value, 1, 1'000'000'000);
    call.id = id.value_or(0);
    return id.has_value();
  }
  // A login or file name that is not UTF-8 names nothing there is.
  if (text::FindInvalidUtf8(value) != std::string::npos) return false;
  if (name == "login") {
    call.login = value;
  } else {
    call.file = value;
  }
  return !value.empty();
}

// Whether the path `segments` fits `pattern`, setting the parameters in `call` as it goes.
bool PathMatches(std::string_view pattern, const std::vector<std::string>& segments, Call& call) {
  if (pattern == "/") return segments.empty() || (segments.size() == 1 && segments[0].empty());
  std::size_t k = 0;
  for (std::string_view rest = pattern.substr(1);; ++k) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    if (k >= segments.size()) return false;
    if (!part.starts_with('{')) {
      if (part != segments[k]) return false;
    } else {
      // A parameter may carry a literal ending: {no}.pdf.
      const std::size_t close = part.find('}');
      const std::string_view ending = part.substr(close + 1);
      const std::string& segment = segments[k];
      if (segment.size() <= ending.size() || !segment.ends_with(ending)) return false;
      if (!SetParameter(part.substr(1, close - 1),
                        segment.substr(0, segment.size() - ending.size()), call)) {
        return false;
      }
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return k + 1 == segments.size();
}

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

RouteMatch MatchRoute(std::string_view method, const std::vector<std::string>& segments,
                      Call& call) {
  if (method == "HEAD") method = "GET";
  RouteMatch match;
  const Route* found = nullptr;
  for (const Route& route : kRoutes) {
    if (!PathMatches(route.pattern, segments, call)) continue;
    if (route.method == method) {
      found = &route;
      break;
    }
    if (!match.allowed.empty()) match.allowed += ", ";
    match.allowed += route.method;
    if (route.method == "GET") match.allowed += ", HEAD";
  }
  if (found) {
    // Patterns tried before may have set parameters: keep only the found route's.
    call.year = call.no = 0;
    call.id = 0;
    call.login.clear();
    call.file.clear();
    PathMatches(found->pattern, segments, call);
    match.route = found;
    match.allowed.clear();
  }
  return match;
}

}  // namespace torikumi::web
