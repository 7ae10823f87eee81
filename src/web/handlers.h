#ifndef TORIKUMI_WEB_HANDLERS_H_
#define TORIKUMI_WEB_HANDLERS_H_

#include "model/error.h"
#include "web/call.h"
#include "web/http.h"

namespace torikumi::web {

// Every route's handler, by the file that holds it; route_table.cc says which URL each
// answers. A handler returns its response, or the Error the router answers with a page (or
// JSON under /api/). A handler that answers an error its own way (a form shown again with
// the message) returns that response.

// portal_handlers.cc: the public portal, publications only.
namespace portal {
Result<Response> Home(Call& call);
Result<Response> Health(Call& call);
// The server's figures for Prometheus, to the addresses of metrics.allow only.
Result<Response> ServerMetrics(Call& call);
Result<Response> StyleSheetFile(Call& call);
Result<Response> WorkingScriptFile(Call& call);
Result<Response> Accessibility(Call& call);
Result<Response> Search(Call& call);
Result<Response> YearWithoutSlash(Call& call);
Result<Response> Publications(Call& call);
// The routes below serve the latest publication, or the one of {id}.
Result<Response> List(Call& call);
Result<Response> Initiative(Call& call);
Result<Response> InitiativePdf(Call& call);
Result<Response> Downloads(Call& call);
Result<Response> DownloadFile(Call& call);
}  // namespace portal

// session_handlers.cc: /login, /logout.
namespace session {
Result<Response> LoginForm(Call& call);
Result<Response> Login(Call& call);
Result<Response> Logout(Call& call);
Result<Response> CodeForm(Call& call);
Result<Response> Code(Call& call);
}  // namespace session

namespace staff {
// staff_sheet_handlers.cc: the year's sheet and its initiatives.
Result<Response> Home(Call& call);
Result<Response> YearWithoutSlash(Call& call);
Result<Response> List(Call& call);
Result<Response> Initiative(Call& call);
Result<Response> EditForm(Call& call);
Result<Response> SaveEdit(Call& call);
Result<Response> SaveProgress(Call& call);
Result<Response> IndicatorsForm(Call& call);
Result<Response> SaveIndicators(Call& call);
Result<Response> NewInitiative(Call& call);
Result<Response> AddInitiative(Call& call);
Result<Response> DeleteInitiative(Call& call);
Result<Response> SetEnding(Call& call);
Result<Response> History(Call& call);
// staff_reporting_handlers.cc: the monthly cycle and publication.
Result<Response> Review(Call& call);
Result<Response> Board(Call& call);
Result<Response> OpenMonth(Call& call);
Result<Response> SetDeadline(Call& call);
Result<Response> Dashboard(Call& call);
Result<Response> Publications(Call& call);
Result<Response> Publish(Call& call);
Result<Response> WithdrawPublication(Call& call);
// staff_settings_handlers.cc: the year's settings and sheet uploads.
Result<Response> Settings(Call& call);
Result<Response> SaveRatingScale(Call& call);
Result<Response> RenameSection(Call& call);
Result<Response> RenamePlanElement(Call& call);
Result<Response> CarryOver(Call& call);
Result<Response> DeleteYear(Call& call);
Result<Response> Import(Call& call);
// staff_admin_handlers.cc: users, the audit log, the security events, one's own account.
Result<Response> Users(Call& call);
Result<Response> AddUser(Call& call);
Result<Response> User(Call& call);
Result<Response> ChangeUser(Call& call);
Result<Response> AuditLog(Call& call);
Result<Response> SecurityEvents(Call& call);
Result<Response> SecurityEventsCsv(Call& call);
Result<Response> MailOutbox(Call& call);
Result<Response> RetryMail(Call& call);
Result<Response> Municipality(Call& call);
Result<Response> NameMunicipality(Call& call);
// staff_account_handlers.cc also: one's notifications and how they are mailed.
Result<Response> Account(Call& call);
Result<Response> SaveMailPreferences(Call& call);
Result<Response> Notifications(Call& call);
Result<Response> OpenNotification(Call& call);
Result<Response> ReadAllNotifications(Call& call);
Result<Response> ChangePassword(Call& call);
Result<Response> LogoutEverywhere(Call& call);
Result<Response> BeginSecondFactor(Call& call);
Result<Response> SecondFactorEnrolment(Call& call);
Result<Response> ConfirmSecondFactor(Call& call);
Result<Response> NewRecoveryCodes(Call& call);
Result<Response> RemoveSecondFactor(Call& call);
Result<Response> RequireSecondFactor(Call& call);
}  // namespace staff

namespace api {
// openapi.cc
Result<Response> OpenApi(Call& call);
// api_sheet_handlers.cc: years, sheets and initiatives; a public caller gets the latest
// publication where the route is for anyone.
Result<Response> Years(Call& call);
Result<Response> Sheet(Call& call);
Result<Response> PublicSheet(Call& call);
Result<Response> Initiatives(Call& call);
Result<Response> PublicInitiatives(Call& call);
Result<Response> Initiative(Call& call);
Result<Response> PublicInitiative(Call& call);
Result<Response> UpdateInitiative(Call& call);
Result<Response> WriteProgress(Call& call);
Result<Response> SetEnding(Call& call);
Result<Response> History(Call& call);
// api_reporting_handlers.cc: the monthly cycle and publication.
Result<Response> Reports(Call& call);
Result<Response> Review(Call& call);
Result<Response> Months(Call& call);
Result<Response> OpenMonth(Call& call);
Result<Response> SetDeadline(Call& call);
Result<Response> Publications(Call& call);
Result<Response> PublicPublications(Call& call);
Result<Response> Publish(Call& call);
Result<Response> WithdrawPublication(Call& call);
Result<Response> Dashboard(Call& call);
Result<Response> Board(Call& call);
// api_settings_handlers.cc: the year's settings.
Result<Response> RatingScale(Call& call);
Result<Response> SaveRatingScale(Call& call);
Result<Response> RenameSection(Call& call);
Result<Response> RenameGoal(Call& call);
Result<Response> RenamePolicy(Call& call);
Result<Response> RenameProject(Call& call);
Result<Response> RenameSubproject(Call& call);
Result<Response> CarryOver(Call& call);
Result<Response> DeleteYear(Call& call);
// api_admin_handlers.cc: users, the audit log and the municipality; one's notifications, and
// the mail outbox.
Result<Response> Notifications(Call& call);
Result<Response> ReadNotifications(Call& call);
Result<Response> SetMailPreferences(Call& call);
Result<Response> Mail(Call& call);
Result<Response> Users(Call& call);
Result<Response> AddUser(Call& call);
Result<Response> ChangeUser(Call& call);
Result<Response> AuditLog(Call& call);
Result<Response> Municipality(Call& call);
Result<Response> NameMunicipality(Call& call);
}  // namespace api

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_HANDLERS_H_
