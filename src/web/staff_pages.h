#ifndef TORIKUMI_WEB_STAFF_PAGES_H_
#define TORIKUMI_WEB_STAFF_PAGES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/initiative.h"
#include "model/review.h"
#include "service/account_service.h"
#include "service/initiative_list.h"
#include "service/security_log.h"
#include "service/workspace_service.h"
#include "store/records.h"
#include "web/html.h"
#include "web/layout.h"

namespace torikumi::web {

// The staff workspace's pages. Forms post with a CSRF token; buttons appear only where
// the service's rules allow the action, and the service checks again.

// Where a staff page stands.
struct StaffContext {
  SignedIn who;
  model::User user;
  int year = 0;  // 0 on pages of no year
  std::vector<int> years;
  std::string notice;  // one line to confirm what the last action did
};

// "/staff/2025/": where a year's pages are.
std::string StaffYearBase(int year);

// session_pages.cc
std::string RenderLoginPage(std::string_view csrf, std::string_view login, std::string_view error);
// The second step of a login: the authenticator app's code or a recovery code.
std::string RenderLoginCodePage(std::string_view csrf, std::string_view error);

// staff_account_pages.cc
struct AccountSecurity {
  bool required = false;  // the municipality requires a second factor of the user's role
  int unused_recovery_codes = 0;
  // Whether notifications are mailed here, and to which domains.
  const service::NotificationSettings* notifications = nullptr;
};
std::string RenderAccount(const StaffContext& c, const AccountSecurity& security,
                          std::string_view error);
// A second factor being enrolled: its QR code, its key to type, and the form for a code.
std::string RenderSecondFactorEnrolment(const StaffContext& c,
                                        const service::SecondFactorEnrolment& enrolment,
                                        std::string_view error);
// One's notifications, the newest first.
std::string RenderNotifications(const StaffContext& c,
                                const std::vector<store::NotificationRecord>& notifications);
// The mail outbox, for administrators.
std::string RenderMailOutbox(const StaffContext& c, const std::vector<store::MailRecord>& mails,
                             const store::MailBacklog& backlog, bool mail_configured);
// New recovery codes, shown this once.
std::string RenderRecoveryCodes(const StaffContext& c, const std::vector<std::string>& codes);

// staff_sheet_pages.cc
std::string RenderNoYearPage(const StaffContext& c);

std::string RenderStaffList(const StaffContext& c, const service::InitiativeList& list,
                            const store::InitiativeFilter& filter, int month,
                            const std::vector<int>& open_months,
                            const std::map<int, model::MonthReport>& reports);

struct ProgressDraft {
  int month = 0;
  std::string text;
  std::string rating;
  service::TypedFigures figures;  // as typed, kept when the save failed
};

std::string RenderStaffInitiative(const StaffContext& c, const store::StoredInitiative& stored,
                                  const model::RatingScale& scale, const service::Permissions& may,
                                  int month, const std::vector<int>& open_months,
                                  const std::vector<model::MonthReport>& reports,
                                  const std::optional<ProgressDraft>& draft,
                                  std::string_view error);

// The edit form, filled with `edited` (the stored initiative, or what the user sent back).
// With `newer`, the user's edit lost a race: their text stays in the form, the newer version
// is shown beside it, and saving again means saving over it knowingly.
std::string RenderEditPage(const StaffContext& c, const model::Initiative& edited,
                           std::int64_t version, const model::RatingScale& scale, bool may_move,
                           std::string_view error, const store::StoredInitiative* newer);
// A new initiative's form, its No. proposed, without progress.
// The indicators' form: coordinators define them, owners edit their targets. `typed`: the
// indicators as stored or as the user typed them when the save failed.
std::string RenderIndicatorsPage(const StaffContext& c, const store::StoredInitiative& stored,
                                 const std::vector<service::TypedIndicator>& typed,
                                 std::int64_t version, bool define, std::string_view error);
// The stored indicators of `initiative` as the form shows them.
std::vector<service::TypedIndicator> TypedIndicatorsOf(const model::Initiative& initiative);

std::string RenderNewInitiativePage(const StaffContext& c, const model::Initiative& initiative,
                                    const model::RatingScale& scale, std::string_view error);
std::string RenderHistory(const StaffContext& c, int no, std::string_view title,
                          const std::vector<store::AuditRecord>& records);

// staff_reporting_pages.cc
std::string RenderBoard(const StaffContext& c, const service::Board& board,
                        const std::vector<int>& open_months);
std::string RenderDashboard(const StaffContext& c, const service::Dashboard& dashboard);
std::string RenderPublications(const StaffContext& c,
                               const std::vector<store::PublicationRecord>& publications,
                               const std::vector<service::LeftOut>& left_out,
                               std::string_view today);

// staff_settings_pages.cc
std::string RenderSettings(const StaffContext& c, const model::RatingScale& scale,
                           const store::Facets& facets, std::string_view error);
// What an upload would change, before anything is written, with the upload form again.
std::string RenderImportPreview(const StaffContext& c, const service::ImportPreview& preview,
                                std::string_view file_name);
// The result of a sheet upload: what was added, changed and left alone.
std::string RenderImportReport(const StaffContext& c, const service::ImportReport& report,
                               std::string_view file_name);
// The upload form, shown on the settings page and wherever no sheet exists yet.
void ImportForm(Html& h, const StaffContext& c);

// staff_admin_pages.cc
std::string RenderAuditLog(const StaffContext& c, const std::vector<store::AuditRecord>& records);
// The security events page's filter, as its form shows it and its links carry it on.
struct SecurityEventsView {
  std::string kind;       // a kind's name (model::SecurityEventName), "" for every kind
  std::string from_date;  // YYYY-MM-DD, Japan's date; "" for no bound
  std::string to_date;
  std::int64_t before_id = 0;  // the page: events older than this; 0 for the newest
};
// セキュリティの記録: a page of security events with the filter, the way to the older page,
// and the CSV of the same filter; `error` says what was wrong with the filter.
std::string RenderSecurityEvents(const StaffContext& c, const SecurityEventsView& view,
                                 const service::SecurityEventPage& page, std::string_view error);
std::string RenderUsers(const StaffContext& c, const std::vector<model::User>& users,
                        std::string_view error);
// One user: role and sections by year, password reset, enabling, API tokens. `shown_once`
// is a new password or token, shown on this page only.
std::string RenderUser(const StaffContext& c, const model::User& user,
                       const std::vector<store::ApiTokenRecord>& tokens,
                       std::string_view shown_once, std::string_view error);
// 自治体の設定: the municipality's 全国地方公共団体コード and name, which public pages and
// documents say (`code` and `name` are what the form shows), and whether administrators and
// coordinators must have a second factor.
std::string RenderMunicipality(const StaffContext& c, std::string_view code, std::string_view name,
                               bool second_factor_required, std::string_view error, bool saved);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_STAFF_PAGES_H_
