#include "model/notice.h"

#include <array>

namespace torikumi::model {
namespace {

struct Named {
  NoticeKind kind;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<Named, 8> kKinds{{
    {NoticeKind::kMonthOpened, "month_opened", "報告月の開始"},
    {NoticeKind::kReminder, "reminder", "提出期限が近づいています"},
    {NoticeKind::kDueToday, "due_today", "本日が提出期限です"},
    {NoticeKind::kOverdue, "overdue", "提出期限を過ぎています"},
    {NoticeKind::kReturned, "returned", "差し戻し"},
    {NoticeKind::kResubmitted, "resubmitted", "再提出"},
    {NoticeKind::kApproved, "approved", "承認"},
    {NoticeKind::kPublished, "published", "公表"},
}};

constexpr std::array<NoticeKind, kKinds.size()> kAll = [] {
  std::array<NoticeKind, kKinds.size()> all{};
  for (std::size_t k = 0; k < kKinds.size(); ++k) all[k] = kKinds[k].kind;
  return all;
}();

const Named& Of(NoticeKind kind) {
  for (const Named& n : kKinds) {
    if (n.kind == kind) return n;
  }
  return kKinds.front();
}

}  // namespace

std::span<const NoticeKind> NoticeKinds() { return kAll; }
std::string_view NoticeKindName(NoticeKind kind) { return Of(kind).name; }
std::string_view NoticeKindLabel(NoticeKind kind) { return Of(kind).label; }

std::optional<NoticeKind> ParseNoticeKind(std::string_view name) {
  for (const Named& n : kKinds) {
    if (n.name == name) return n.kind;
  }
  return std::nullopt;
}

NoticeKindSet NoticeKindSet::All() {
  NoticeKindSet all;
  for (NoticeKind kind : kAll) all.Add(kind);
  return all;
}

}  // namespace torikumi::model
