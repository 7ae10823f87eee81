#include "service/notification_service.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <set>

#include "mail/mail.h"
#include "service/workspace_service.h"
#include "text/cell.h"
#include "text/era.h"

namespace torikumi::service {
namespace {

using model::NoticeKind;
using model::ReportState;

constexpr int kOverdueDays = 7;

std::optional<std::chrono::sys_days> DayOf(std::string_view date) {
  if (!ParseDate(date)) return std::nullopt;
  auto field = [date](std::size_t from, std::size_t length) {
    unsigned value = 0;
    std::from_chars(date.data() + from, date.data() + from + length, value);
    return value;
  };
  return std::chrono::sys_days(std::chrono::year(int(field(0, 4))) /
                               std::chrono::month(field(5, 2)) / std::chrono::day(field(8, 2)));
}

// The stage of a month's deadline on `today`: before it (within the reminder's days), on it,
// after it (within a week: a server down for longer does not wake everyone up to old
// deadlines); nullopt outside them.
std::optional<NoticeKind> StageOn(std::string_view today, std::string_view deadline,
                                  const NotificationSettings& settings) {
  const auto days = DaysBetween(today, deadline);
  if (!days) return std::nullopt;
  if (*days < -kOverdueDays) return std::nullopt;
  if (*days < 0) return NoticeKind::kOverdue;
  if (*days == 0) return NoticeKind::kDueToday;
  if (*days <= settings.remind_days_before) return NoticeKind::kReminder;
  return std::nullopt;
}

// A report not yet submitted, of a section, for the reminders.
struct Pending {
  int no = 0;
  std::string title;
  ReportState state = ReportState::kNotStarted;
};

std::string Listed(const std::vector<Pending>& pending) {
  std::string list;
  for (const Pending& p : pending) {
    list += "・No." + std::to_string(p.no) + " " + p.title + "（" +
            std::string(model::ReportStateLabel(p.state)) + "）\n";
  }
  return list;
}

}  // namespace

std::vector<const model::User*> EditorsOf(const std::vector<model::User>& users, int year,
                                          std::string_view section) {
  std::vector<const model::User*> editors;
  for (const model::User& u : users) {
    if (u.disabled || u.role != model::Role::kEditor) continue;
    const auto& sections = u.SectionsIn(year);
    if (std::find(sections.begin(), sections.end(), section) != sections.end()) {
      editors.push_back(&u);
    }
  }
  return editors;
}

std::vector<const model::User*> CoordinatorsAmong(const std::vector<model::User>& users) {
  std::vector<const model::User*> found;
  for (const model::Role role : {model::Role::kCoordinator, model::Role::kAdministrator}) {
    for (const model::User& u : users) {
      if (!u.disabled && u.role == role) found.push_back(&u);
    }
    if (!found.empty()) break;
  }
  return found;
}

store::Notice NoticeTo(const model::User& user, const NotificationSettings& settings,
                       NoticeKind kind, std::int64_t at, std::string title, std::string body,
                       std::string link) {
  store::Notice notice;
  notice.user_id = user.id;
  notice.kind = kind;
  notice.at = at;
  notice.title = std::move(title);
  notice.body = std::move(body);
  notice.link = std::move(link);
  const model::MailPreferences& mail = user.mail;
  if (settings.mail && !mail.address.empty() && mail.kinds.Has(kind) &&
      mail::DomainAllowed(mail.address, settings.allowed_domains)) {
    notice.mail_to = mail.address;
    notice.digest = mail.digest;
  }
  return notice;
}

std::string DefaultDeadline(int year, int month, const NotificationSettings& settings) {
  using namespace std::chrono;
  const int calendar_year = month >= 4 ? year : year + 1;
  const year_month next =
      year_month(std::chrono::year(calendar_year), std::chrono::month(unsigned(month))) + months(1);
  const unsigned days_in_month = unsigned((next / std::chrono::last).day());
  const unsigned day = std::min(unsigned(std::max(settings.deadline_day, 1)), days_in_month);
  char text[16];
  (void)std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(next.year()), unsigned(next.month()),
                      day);
  return text;
}

std::string MonthDay(std::string_view date) {
  const auto day = DayOf(date);
  if (!day) return std::string(date);
  const std::chrono::year_month_day ymd(*day);
  return std::to_string(unsigned(ymd.month())) + "月" + std::to_string(unsigned(ymd.day())) + "日";
}

std::optional<int> DaysBetween(std::string_view from, std::string_view to) {
  const auto a = DayOf(from);
  const auto b = DayOf(to);
  if (!a || !b) return std::nullopt;
  return int((*b - *a).count());
}

NotificationService::NotificationService(store::Store& store, NotificationSettings settings,
                                         Clock now)
    : store_(store),
      settings_(std::move(settings)),
      now_(now ? std::move(now) : Clock(SystemNow)) {}

Result<std::vector<store::NotificationRecord>> NotificationService::List(const Actor& actor,
                                                                         int limit) {
  if (actor.IsCommandLine()) return std::vector<store::NotificationRecord>();
  return store_.Notifications(actor.user().id, limit);
}

Result<int> NotificationService::Unread(const Actor& actor) {
  if (actor.IsCommandLine()) return 0;
  return store_.UnreadNotifications(actor.user().id);
}

Result<store::NotificationRecord> NotificationService::Open(const Actor& actor, std::int64_t id) {
  if (actor.IsCommandLine()) return Error::NotFound("このお知らせはありません");
  TORIKUMI_ASSIGN_OR_RETURN(auto found, store_.ReadNotification(actor.user().id, id));
  if (!found) return Error::NotFound("このお知らせはありません");
  return *found;
}

Result<void> NotificationService::ReadAll(const Actor& actor) {
  if (actor.IsCommandLine()) return {};
  return store_.ReadAllNotifications(actor.user().id);
}

Result<void> NotificationService::SaveMailPreferences(const Actor& actor,
                                                      const model::MailPreferences& preferences) {
  if (actor.IsCommandLine()) return Error::Forbidden("メールの設定は利用者ごとのものです");
  model::MailPreferences saved = preferences;
  saved.address = text::NormalizedText(preferences.address);
  if (!saved.address.empty() && !mail::IsMailAddress(saved.address)) {
    return Error::InvalidInput("メールアドレス「" + saved.address +
                               "」は正しくありません (例: taro@city.example.lg.jp)");
  }
  if (!saved.address.empty() && !mail::DomainAllowed(saved.address, settings_.allowed_domains)) {
    std::string allowed;
    for (const auto& d : settings_.allowed_domains) allowed += (allowed.empty() ? "" : "、") + d;
    return Error::InvalidInput("メールアドレスのドメイン「" + mail::DomainOf(saved.address) +
                               "」には送信できません。使えるドメイン: " + allowed);
  }
  const model::User& user = actor.user();
  std::string kinds;
  for (NoticeKind kind : model::NoticeKinds()) {
    if (saved.kinds.Has(kind))
      kinds += (kinds.empty() ? "" : "、") + std::string(model::NoticeKindLabel(kind));
  }
  return store_.SaveMailPreferences(
      user.id, saved,
      {user.id, "user.mail", "user " + user.login, "",
       (saved.address.empty() ? "メールなし" : saved.address) + " / " + kinds +
           (saved.digest ? " / 1日1回まとめて" : "")});
}

Result<std::vector<store::MailRecord>> NotificationService::Outbox(const Actor& actor, int limit) {
  if (!actor.IsAdministrator()) return Error::Forbidden("メールの送信状況は管理者だけが見られます");
  return store_.Mails(limit);
}

Result<store::MailBacklog> NotificationService::Backlog(const Actor& actor) {
  if (!actor.IsAdministrator()) return Error::Forbidden("メールの送信状況は管理者だけが見られます");
  return store_.CountMail();
}

Result<void> NotificationService::Retry(const Actor& actor, std::int64_t id) {
  if (!actor.IsAdministrator()) return Error::Forbidden("メールの再送は管理者だけができます");
  return store_.RetryMail(
      id, now_(),
      {actor.user_id(), "mail.retry", "mail " + std::to_string(id), "送信失敗", "送信待ち"});
}

Result<int> NotificationService::SendReminders() {
  const std::int64_t now = now_();
  const std::string today = text::DateInJapan(now);
  TORIKUMI_ASSIGN_OR_RETURN(const auto years, store_.FiscalYears());
  std::optional<std::vector<model::User>> users;
  int written = 0;
  for (const int year : years) {
    TORIKUMI_ASSIGN_OR_RETURN(const auto deadlines, store_.ReportingDeadlines(year));
    for (const auto& [month, deadline] : deadlines) {
      const auto stage = StageOn(today, deadline, settings_);
      if (!stage) continue;
      const std::string key = "reminder/" + std::to_string(year) + "/" + std::to_string(month) +
                              "/" + deadline + "/" + std::string(model::NoticeKindName(*stage));
      // Which sections have reports not submitted.
      TORIKUMI_ASSIGN_OR_RETURN(const auto summaries,
                                store_.ListInitiatives(store::SheetKey::Working(year), {}));
      TORIKUMI_ASSIGN_OR_RETURN(const auto reports, store_.LoadMonthReports(year, month));
      std::map<int, const store::InitiativeSummary*> by_no;
      for (const auto& s : summaries) by_no[s.no] = &s;
      std::map<std::string, std::vector<Pending>> pending;  // by section
      for (const model::MonthReport& r : reports) {
        const auto it = by_no.find(r.no);
        if (it == by_no.end()) continue;
        const store::InitiativeSummary& s = *it->second;
        const bool waiting =
            r.IsNote() ? r.state == ReportState::kDraft || r.state == ReportState::kReturned
                       : r.state != ReportState::kSubmitted && r.state != ReportState::kApproved &&
                             !(s.ending && r.state == ReportState::kNotStarted);
        if (waiting)
          pending[r.IsNote() ? r.section : s.section].push_back({r.no, s.title, r.state});
      }
      if (!users) {
        TORIKUMI_ASSIGN_OR_RETURN(users, store_.ListUsers());
      }
      const std::string month_name =
          text::FiscalYearName(year) + " " + std::to_string(month) + "月";
      const std::string due = MonthDay(deadline);
      const std::string link =
          "/staff/" + std::to_string(year) + "/board?month=" + std::to_string(month);
      std::string title;
      switch (*stage) {
        case NoticeKind::kReminder:
          title = month_name;
          title += "の報告の提出期限は " + due;
          title += " です（あと" + std::to_string(*DaysBetween(today, deadline)) + "日）";
          break;
        case NoticeKind::kDueToday:
          title = "本日 " + due;
          title += " は" + month_name + "の報告の提出期限です";
          break;
        default:
          title = month_name;
          title += "の報告が提出期限 (" + due + ") を過ぎています";
      }
      std::vector<store::Notice> notices;
      std::set<std::int64_t> told;
      for (const auto& [section, list] : pending) {
        for (const model::User* u : EditorsOf(*users, year, section)) {
          std::string body = "「" + section + "」の報告で、まだ提出されていないもの:\n";
          body += Listed(list);
          body += "\n提出期限: " + deadline;
          notices.push_back(NoticeTo(*u, settings_, *stage, now, title, body, link));
          told.insert(u->id);
        }
      }
      if (*stage == NoticeKind::kOverdue && !pending.empty()) {
        std::string sections = "提出期限 " + deadline + " を過ぎて、まだ提出していない課:\n";
        for (const auto& [section, list] : pending) {
          sections += "・" + section;
          sections += " " + std::to_string(list.size()) + "件\n";
        }
        for (const model::User* u : CoordinatorsAmong(*users)) {
          if (told.count(u->id)) continue;
          notices.push_back(NoticeTo(*u, settings_, *stage, now, title, sections, link));
        }
      }
      TORIKUMI_ASSIGN_OR_RETURN(const bool fired, store_.NotifyOnce(key, notices, now));
      if (fired) written += int(notices.size());
    }
  }
  return written;
}

Result<int> NotificationService::BundleDigests(std::string_view site) {
  const std::int64_t now = now_();
  // Today's digest hour in Japan, as Unix seconds.
  const std::int64_t japan = now + 9 * 3600;
  const std::int64_t digest_at = japan - japan % 86400 + settings_.digest_hour * 3600 - 9 * 3600;
  if (now < digest_at) return 0;
  TORIKUMI_ASSIGN_OR_RETURN(const auto held, store_.HeldMail(digest_at));
  int made = 0;
  for (std::size_t first = 0; first < held.size();) {
    std::size_t end = first;
    while (end < held.size() && held[end].user_id == held[first].user_id &&
           held[end].to == held[first].to) {
      ++end;
    }
    store::MailRecord digest;
    digest.user_id = held[first].user_id;
    digest.to = held[first].to;
    digest.subject = "torikumi のお知らせ " + std::to_string(end - first) + "件（" +
                     text::DateInJapan(now) + "）";
    digest.state = store::MailState::kPending;
    digest.created_at = digest.next_attempt_at = now;
    digest.link = "/staff/notifications";
    std::vector<std::int64_t> ids;
    for (std::size_t k = first; k < end; ++k) {
      digest.body += "■ " + held[k].subject + "\n" + held[k].body + "\n" +
                     (held[k].link.empty() ? "" : std::string(site) + held[k].link + "\n") + "\n";
      ids.push_back(held[k].id);
    }
    TORIKUMI_ASSIGN_OR_RETURN(const bool bundled, store_.BundleMail(ids, digest));
    if (bundled) ++made;
    first = end;
  }
  return made;
}

Result<int> NotificationService::Deliver(const MailSender& send, std::string_view site,
                                         std::string_view claim) {
  int sent = 0;
  for (;;) {
    const std::int64_t now = now_();
    TORIKUMI_ASSIGN_OR_RETURN(const auto mails, store_.ClaimMail(now, 300, 20, claim));
    if (mails.empty()) return sent;
    std::optional<store::MailOutcome> deferred;  // the relay could not take the last one
    for (const store::MailRecord& m : mails) {
      store::MailOutcome outcome;
      if (deferred) {
        // A relay that cannot be reached now will not be reached by the next mail either.
        outcome = *deferred;
      } else if (!mail::DomainAllowed(m.to, settings_.allowed_domains)) {
        outcome = {store::MailOutcome::Kind::kFailed, now,
                   "宛先のドメイン「" + mail::DomainOf(m.to) + "」は送信を許可されていません"};
      } else {
        const MailDelivery delivery = send(m, site);
        const std::int64_t after = now_();
        switch (delivery.kind) {
          case MailDelivery::Kind::kSent:
            outcome = {store::MailOutcome::Kind::kSent, after, ""};
            ++sent;
            break;
          case MailDelivery::Kind::kTransient:
            outcome = {store::MailOutcome::Kind::kRetry,
                       after + std::min<std::int64_t>(60LL << std::min(m.attempts, 6), 3600),
                       delivery.detail};
            break;
          case MailDelivery::Kind::kPermanent:
            outcome = {store::MailOutcome::Kind::kFailed, after, delivery.detail};
            break;
        }
      }
      TORIKUMI_RETURN_IF_ERROR(store_.FinishMail(m.id, claim, outcome));
      if (outcome.kind == store::MailOutcome::Kind::kRetry) deferred = outcome;
    }
    if (deferred) return sent;
  }
}

}  // namespace torikumi::service
