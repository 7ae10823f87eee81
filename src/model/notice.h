#ifndef TORIKUMI_MODEL_NOTICE_H_
#define TORIKUMI_MODEL_NOTICE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace torikumi::model {

// What a notification (お知らせ) tells its user: a step of the monthly cycle that concerns
// them. Who hears of each is WorkspaceService's and NotificationService's rule.
enum class NoticeKind {
  kMonthOpened,  // a reporting month opened: editors of the owning and co-owning sections
  kReminder,     // the deadline is near: sections whose reports are not submitted
  kDueToday,     // the deadline is today: the same
  kOverdue,      // the deadline has passed: the same, and the coordinators
  kReturned,     // a report returned, with the reviewer's comment: its section's editors
  kResubmitted,  // a returned report submitted again: the coordinators
  kApproved,     // a report approved: its section's editors
  kPublished,    // a publication made: the coordinators
};

// Every kind, in the order above (the order of the preferences form).
std::span<const NoticeKind> NoticeKinds();
// "month_opened": as stored and in the API.
std::string_view NoticeKindName(NoticeKind kind);
// 報告月の開始: as the pages and mail say it.
std::string_view NoticeKindLabel(NoticeKind kind);
std::optional<NoticeKind> ParseNoticeKind(std::string_view name);

// A set of kinds, as a user's mail preferences keep it.
class NoticeKindSet {
 public:
  static NoticeKindSet All();
  static NoticeKindSet FromBits(std::uint32_t bits) { return NoticeKindSet(bits); }
  NoticeKindSet() = default;

  bool Has(NoticeKind kind) const { return (bits_ & Bit(kind)) != 0; }
  void Add(NoticeKind kind) { bits_ |= Bit(kind); }
  std::uint32_t bits() const { return bits_; }
  bool operator==(const NoticeKindSet&) const = default;

 private:
  explicit NoticeKindSet(std::uint32_t bits) : bits_(bits) {}
  static std::uint32_t Bit(NoticeKind kind) { return std::uint32_t{1} << unsigned(kind); }
  std::uint32_t bits_ = 0;
};

// How a user wants to hear of the cycle by mail, besides the list in the workspace, which
// always has every notification.
struct MailPreferences {
  std::string address;                         // "" for no mail
  NoticeKindSet kinds = NoticeKindSet::All();  // the kinds that are mailed
  bool digest = false;                         // once a day, all together, rather than each at once
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_NOTICE_H_
