#ifndef TORIKUMI_SERVICE_NOTIFICATION_SERVICE_H_
#define TORIKUMI_SERVICE_NOTIFICATION_SERVICE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/error.h"
#include "model/notice.h"
#include "service/actor.h"
#include "service/clock.h"
#include "store/store.h"

namespace torikumi::service {

// The installation's notification settings (torikumi.toml's [mail] and [reminders]).
struct NotificationSettings {
  bool mail = false;  // an SMTP relay is configured: notices are mailed to who asks for it
  // Addresses are accepted, and mail is sent, only within these domains (or below them);
  // every domain when empty.
  std::vector<std::string> allowed_domains;
  int deadline_day = 10;       // the default deadline: this day of the month after
  int remind_days_before = 3;  // the reminder: this many days before the deadline
  int digest_hour = 8;         // daily digests go out at this hour, Japan's time
};

// The staff who hear of a section's reports in `year`: its editors that are not disabled.
std::vector<const model::User*> EditorsOf(const std::vector<model::User>& users, int year,
                                          std::string_view section);
// The coordinators that are not disabled; the administrators when there is none.
std::vector<const model::User*> CoordinatorsAmong(const std::vector<model::User>& users);

// The notice of an event to `user`, mailed too when the installation mails, the user has an
// address in an allowed domain and mail of this kind.
store::Notice NoticeTo(const model::User& user, const NotificationSettings& settings,
                       model::NoticeKind kind, std::int64_t at, std::string title, std::string body,
                       std::string link);

// The default deadline of reporting month `month` of fiscal year `year`: the settings' day
// of the month after it, or that month's last day. "2025-07-10" for June 2025.
std::string DefaultDeadline(int year, int month, const NotificationSettings& settings);
// "7月10日" of "2025-07-10".
std::string MonthDay(std::string_view date);
// Whole days from `from` to `to` (YYYY-MM-DD); nullopt when either is no date.
std::optional<int> DaysBetween(std::string_view from, std::string_view to);

// Sends a composed mail: what the relay made of it (mail::Send in the server).
struct MailDelivery {
  enum class Kind { kSent, kTransient, kPermanent };
  Kind kind = Kind::kSent;
  std::string detail;
};
using MailSender = std::function<MailDelivery(const store::MailRecord& mail, std::string_view url)>;

// The notifications of the monthly cycle, for their users, their administrators and the
// scheduler. Rules, checked here:
// - Each user reads and marks only their own notifications.
// - A mail address is the user's own to set; it must be a mail address, in an allowed
//   domain when the installation lists them.
// - Administrators see the outbox and send a failed mail again.
// - Scheduled reminders (before the deadline, on it, after it) go once per deadline and
//   stage, whichever server comes first.
class NotificationService {
 public:
  NotificationService(store::Store& store, NotificationSettings settings = {}, Clock now = nullptr);

  // Staff: their newest notifications and how many are unread.
  Result<std::vector<store::NotificationRecord>> List(const Actor& actor, int limit = 100);
  Result<int> Unread(const Actor& actor);
  // Staff: opens (reads) one of theirs. NotFound.
  Result<store::NotificationRecord> Open(const Actor& actor, std::int64_t id);
  Result<void> ReadAll(const Actor& actor);
  // Staff: their mail address and the kinds mailed. InvalidInput (not a mail address, a
  // domain not allowed).
  Result<void> SaveMailPreferences(const Actor& actor, const model::MailPreferences& preferences);

  // Administrators: the outbox, newest first, and its backlog. Forbidden.
  Result<std::vector<store::MailRecord>> Outbox(const Actor& actor, int limit = 200);
  Result<store::MailBacklog> Backlog(const Actor& actor);
  // Administrators: sends a failed mail again. Forbidden, NotFound.
  Result<void> Retry(const Actor& actor, std::int64_t id);

  // The scheduler (any server, or `torikumi notify`): the reminders due now, once each; the
  // number of notices written.
  Result<int> SendReminders();
  // The scheduler: each user's held mail of the day before the digest hour as one mail,
  // its links under `site` (as Deliver's); the digests made.
  Result<int> BundleDigests(std::string_view site);
  // The sender: claims the mail due and sends each with `send`, retrying later what may pass
  // later (after 1, 2, 4 … minutes, at most an hour) and marking failed what is refused for
  // good. `site` is the municipality's address for the links ("https://…/m/282171"). The
  // mails sent.
  Result<int> Deliver(const MailSender& send, std::string_view site, std::string_view claim);

  const NotificationSettings& settings() const { return settings_; }

 private:
  store::Store& store_;
  NotificationSettings settings_;
  Clock now_;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_NOTIFICATION_SERVICE_H_
