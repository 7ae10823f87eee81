// Notifications of the monthly cycle on a real database: who hears of each step, what the
// mail outbox holds, the reminders on their days once, delivery with retries, digests.

#include "service/notification_service.h"

#include <algorithm>
#include <chrono>

#include "fixture.h"

namespace torikumi::testing {
namespace {

using model::NoticeKind;
using service::MailDelivery;

// Unix seconds of Japan's date and hour.
std::int64_t JapanTime(int y, unsigned m, unsigned d, int hour = 9) {
  const auto day = std::chrono::sys_days(std::chrono::year_month_day{
      std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)});
  return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() +
         (hour - 9) * 3600;
}

class NotificationTest : public WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    settings_.mail = true;
    settings_.allowed_domains = {"city.example.lg.jp"};
    workspace_ = std::make_unique<service::WorkspaceService>(
        *store_, [this] { return now_; }, settings_);
    notifications_ =
        std::make_unique<service::NotificationService>(*store_, settings_, [this] { return now_; });
    now_ = JapanTime(2025, 7, 1);
    ASSERT_TRUE(notifications_->SaveMailPreferences(kikaku_, {"kikaku@city.example.lg.jp"}).ok());
    ASSERT_TRUE(
        notifications_->SaveMailPreferences(coordinator_, {"kikaku-k@city.example.lg.jp"}).ok());
  }

  std::vector<store::NotificationRecord> Of(const service::Actor& actor) {
    auto list = notifications_->List(actor);
    EXPECT_TRUE(list.ok());
    return list.ok() ? *list : std::vector<store::NotificationRecord>{};
  }

  static int Count(const std::vector<store::NotificationRecord>& list, NoticeKind kind) {
    return int(
        std::count_if(list.begin(), list.end(), [&](const auto& n) { return n.kind == kind; }));
  }

  std::vector<store::MailRecord> Mails() {
    auto mails = notifications_->Outbox(administrator_);
    EXPECT_TRUE(mails.ok());
    return mails.ok() ? *mails : std::vector<store::MailRecord>{};
  }

  void Report(const service::Actor& actor, int no, int month, const std::string& text) {
    ASSERT_TRUE(
        workspace_
            ->WriteMonthProgress(actor, 2025, no, month, text, std::nullopt, Stored(no).version)
            .ok());
  }

  service::NotificationSettings settings_;
  std::unique_ptr<service::NotificationService> notifications_;
};

TEST_F(NotificationTest, OpeningAMonthTellsTheEditorsOfEverySectionThatReportsOnce) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  auto deadlines = workspace_->Deadlines(coordinator_, 2025);
  ASSERT_TRUE(deadlines.ok());
  EXPECT_EQ(deadlines->at(6), "2025-07-10");  // the 10th of the month after
  for (const service::Actor* editor : {&kikaku_, &ict_}) {
    const auto list = Of(*editor);
    ASSERT_EQ(list.size(), 1u) << editor->user().login;
    EXPECT_EQ(list[0].kind, NoticeKind::kMonthOpened);
    EXPECT_NE(list[0].title.find("6月の報告の受付が始まりました（提出期限 7月10日）"),
              std::string::npos)
        << list[0].title;
    EXPECT_EQ(list[0].link, "/staff/2025/board?month=6");
    EXPECT_FALSE(list[0].read);
  }
  EXPECT_TRUE(Of(coordinator_).empty());  // who opened it
  EXPECT_TRUE(Of(viewer_).empty());
  // Only kikaku gave an address: one mail, due at once.
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "kikaku@city.example.lg.jp");
  EXPECT_EQ(mails[0].state, store::MailState::kPending);
  // Opening it again tells nobody again; a deadline given is kept.
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  EXPECT_EQ(Of(kikaku_).size(), 1u);
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 7, "２０２５-08-12").ok());
  EXPECT_EQ(workspace_->Deadlines(coordinator_, 2025)->at(7), "2025-08-12");
  EXPECT_EQ(CodeOf(workspace_->OpenMonth(coordinator_, 2025, 8, "8月末")),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(workspace_->SetDeadline(kikaku_, 2025, 7, "2025-08-20")),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->SetDeadline(coordinator_, 2025, 9, "2025-10-20")),
            Error::Code::kNotFound);
}

TEST_F(NotificationTest, ReturnedResubmittedApprovedAndPublishedReachWhomTheyConcern) {
  const service::Actor second = AddUser("coordinator2", model::Role::kCoordinator, {});
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  Report(kikaku_, 1, 6, "6月の進捗。");
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 6, {1}).ok());
  EXPECT_EQ(Count(Of(coordinator_), NoticeKind::kResubmitted), 0);  // a first submission

  ASSERT_TRUE(workspace_->Return(coordinator_, 2025, 6, {1}, "数値を入れてください").ok());
  auto list = Of(kikaku_);
  ASSERT_EQ(Count(list, NoticeKind::kReturned), 1);
  const auto& returned = list.front();
  EXPECT_EQ(returned.kind, NoticeKind::kReturned);
  EXPECT_NE(returned.title.find("No.1"), std::string::npos) << returned.title;
  EXPECT_NE(returned.body.find("コメント: 数値を入れてください"), std::string::npos)
      << returned.body;
  EXPECT_EQ(returned.link, "/staff/2025/initiatives/1?month=6");
  EXPECT_EQ(Count(Of(ict_), NoticeKind::kReturned), 0);  // co-owner of No.1: not its report

  Report(kikaku_, 1, 6, "6月の進捗。参加者 120 人。");
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 6, {1}).ok());
  EXPECT_EQ(Count(Of(coordinator_), NoticeKind::kResubmitted), 1);
  EXPECT_EQ(Count(Of(second), NoticeKind::kResubmitted), 1);

  ASSERT_TRUE(workspace_->Approve(second, 2025, 6, {1}).ok());
  EXPECT_EQ(Count(Of(kikaku_), NoticeKind::kApproved), 1);

  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-07-01").ok());
  EXPECT_EQ(Count(Of(second), NoticeKind::kPublished), 1);
  EXPECT_EQ(Count(Of(coordinator_), NoticeKind::kPublished), 0);  // who published

  // The co-owner's note is its own: returning it tells its section, not the owner.
  Report(ict_, 1, 6, "ICT推進課の追記。");
  ASSERT_TRUE(workspace_->Submit(ict_, 2025, 6, {1}).ok());
  ASSERT_TRUE(workspace_->Return(coordinator_, 2025, 6, {1}, "追記の日付を", "ICT推進課").ok());
  EXPECT_EQ(Count(Of(ict_), NoticeKind::kReturned), 1);
  EXPECT_EQ(Count(Of(kikaku_), NoticeKind::kReturned), 1);  // still only its own report's
}

TEST_F(NotificationTest, RemindersFireOnTheirDaysOnceAndNotAfterSubmission) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());  // deadline 2025-07-10
  const auto fire = [&](std::int64_t at) {
    now_ = at;
    auto written = notifications_->SendReminders();
    EXPECT_TRUE(written.ok());
    return written.ok() ? *written : -1;
  };
  EXPECT_EQ(fire(JapanTime(2025, 7, 6)), 0);  // four days before: too early
  const int reminded = fire(JapanTime(2025, 7, 7));
  EXPECT_EQ(reminded, 2);  // kikaku and ict, whose sections have reports to submit
  EXPECT_EQ(fire(JapanTime(2025, 7, 7, 15)), 0);  // the same day again: once
  EXPECT_EQ(fire(JapanTime(2025, 7, 8)), 0);      // the same stage: once per deadline
  auto list = Of(ict_);
  ASSERT_EQ(Count(list, NoticeKind::kReminder), 1);
  EXPECT_NE(list.front().title.find("あと3日"), std::string::npos) << list.front().title;
  EXPECT_NE(list.front().body.find("No.3"), std::string::npos) << list.front().body;

  // ICT推進課 submits everything; only 企画政策課 hears of the deadline.
  for (int no : {3, 4}) Report(ict_, no, 6, "6月の報告。");
  ASSERT_TRUE(workspace_->Submit(ict_, 2025, 6, {3, 4}).ok());
  EXPECT_EQ(fire(JapanTime(2025, 7, 10, 7)), 1);
  EXPECT_EQ(Count(Of(kikaku_), NoticeKind::kDueToday), 1);
  EXPECT_EQ(Count(Of(ict_), NoticeKind::kDueToday), 0);

  // After the deadline: the section and the coordinators, once, whatever restarts.
  EXPECT_EQ(fire(JapanTime(2025, 7, 11)), 2);
  EXPECT_EQ(fire(JapanTime(2025, 7, 11)), 0);
  service::NotificationService restarted(*store_, settings_, [this] { return now_; });
  EXPECT_EQ(*restarted.SendReminders(), 0);
  EXPECT_EQ(Count(Of(coordinator_), NoticeKind::kOverdue), 1);
  EXPECT_NE(Of(coordinator_).front().body.find("企画政策課 2件"), std::string::npos)
      << Of(coordinator_).front().body;

  // A deadline moved is a new deadline: its stages fire again.
  ASSERT_TRUE(workspace_->SetDeadline(coordinator_, 2025, 6, "2025-07-14").ok());
  EXPECT_EQ(fire(JapanTime(2025, 7, 12)), 1);
  EXPECT_EQ(Count(Of(kikaku_), NoticeKind::kReminder), 2);
  // A deadline more than a week past is not told of any more.
  ASSERT_TRUE(workspace_->SetDeadline(coordinator_, 2025, 6, "2025-07-04").ok());
  EXPECT_EQ(fire(JapanTime(2025, 7, 12)), 0);
}

TEST_F(NotificationTest, MailIsSentOnceRetriedWhenTheRelayIsDownAndFailedWhenRefused) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 7).ok());
  ASSERT_EQ(Mails().size(), 2u);
  std::vector<std::string> relay;  // what the relay took
  MailDelivery answer{MailDelivery::Kind::kTransient, "Connection refused"};
  const service::MailSender send = [&](const store::MailRecord& m, std::string_view site) {
    if (answer.kind == MailDelivery::Kind::kSent) {
      relay.push_back(m.subject + " → " + std::string(site) + m.link);
    }
    return answer;
  };
  // The relay is down: both wait, and are not tried again before their time.
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 0);
  for (const auto& m : Mails()) {
    EXPECT_EQ(m.state, store::MailState::kPending);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.next_attempt_at, now_ + 60);
    EXPECT_EQ(m.last_error, "Connection refused");
  }
  answer = {MailDelivery::Kind::kSent, ""};
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 0);
  now_ += 61;
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 2);
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 0);  // once
  ASSERT_EQ(relay.size(), 2u);
  EXPECT_NE(relay[0].find("https://t.example/staff/2025/board?month=6"), std::string::npos)
      << relay[0];
  // A refusal for good is recorded for the administrators, and may be sent again.
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 8).ok());
  answer = {MailDelivery::Kind::kPermanent, "SMTP 550: mailbox unavailable"};
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 0);
  auto backlog = notifications_->Backlog(administrator_);
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->failed, 1);
  EXPECT_EQ(backlog->pending, 0);
  const store::MailRecord failed = Mails().front();
  EXPECT_EQ(failed.state, store::MailState::kFailed);
  EXPECT_EQ(failed.last_error, "SMTP 550: mailbox unavailable");
  EXPECT_EQ(CodeOf(notifications_->Retry(coordinator_, failed.id)), Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(notifications_->Outbox(kikaku_)), Error::Code::kForbidden);
  ASSERT_TRUE(notifications_->Retry(administrator_, failed.id).ok());
  answer = {MailDelivery::Kind::kSent, ""};
  EXPECT_EQ(*notifications_->Deliver(send, "https://t.example", "a"), 1);
  EXPECT_EQ(CodeOf(notifications_->Retry(administrator_, failed.id)), Error::Code::kNotFound);
}

TEST_F(NotificationTest, AClaimedMailGoesToOneSenderUntilItsClaimLapses) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  auto first = store_->ClaimMail(now_, 300, 10, "server-a");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_TRUE(store_->ClaimMail(now_, 300, 10, "server-b")->empty());
  // server-a died: after its claim lapses, server-b takes the mail, and a-'s late word is
  // refused.
  auto second = store_->ClaimMail(now_ + 301, 300, 10, "server-b");
  ASSERT_EQ(second->size(), 1u);
  EXPECT_FALSE(*store_->FinishMail(first->front().id, "server-a",
                                   {store::MailOutcome::Kind::kSent, now_, ""}));
  EXPECT_TRUE(*store_->FinishMail(first->front().id, "server-b",
                                  {store::MailOutcome::Kind::kSent, now_, ""}));
}

TEST_F(NotificationTest, ADigestGathersTheDaysMailAtItsHour) {
  ASSERT_TRUE(notifications_
                  ->SaveMailPreferences(kikaku_, {"kikaku@city.example.lg.jp",
                                                  model::NoticeKindSet::All(), /*digest=*/true})
                  .ok());
  now_ = JapanTime(2025, 7, 1, 10);
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 7).ok());
  EXPECT_EQ(notifications_->Backlog(administrator_)->held, 2);
  now_ = JapanTime(2025, 7, 2, 7);  // before the hour
  EXPECT_EQ(*notifications_->BundleDigests("https://t.example"), 0);
  now_ = JapanTime(2025, 7, 2, 8);
  EXPECT_EQ(*notifications_->BundleDigests("https://t.example"), 1);
  EXPECT_EQ(*notifications_->BundleDigests("https://t.example"), 0);
  const auto backlog = *notifications_->Backlog(administrator_);
  EXPECT_EQ(backlog.held, 0);
  EXPECT_EQ(backlog.pending, 1);
  const store::MailRecord digest = Mails().front();
  EXPECT_EQ(digest.to, "kikaku@city.example.lg.jp");
  EXPECT_NE(digest.subject.find("2件"), std::string::npos) << digest.subject;
  EXPECT_NE(digest.body.find("6月の報告の受付"), std::string::npos);
  EXPECT_NE(digest.body.find("https://t.example/staff/2025/board?month=7"), std::string::npos);
}

TEST_F(NotificationTest, AMailAddressIsOneInAnAllowedDomain) {
  for (const char* wrong :
       {"kikaku", "kikaku@", "kikaku@city", "a b@city.example.lg.jp",
        "kikaku@city.example.lg.jp\r\nBcc: x@evil.example", "<kikaku@city.example.lg.jp>"}) {
    EXPECT_EQ(CodeOf(notifications_->SaveMailPreferences(kikaku_, {wrong})),
              Error::Code::kInvalidInput)
        << wrong;
  }
  auto outside = notifications_->SaveMailPreferences(kikaku_, {"kikaku@gmail.com"});
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message().find("city.example.lg.jp"), std::string::npos);
  EXPECT_TRUE(notifications_->SaveMailPreferences(kikaku_, {"Kikaku@Sub.City.Example.LG.JP"}).ok());
  EXPECT_TRUE(notifications_->SaveMailPreferences(kikaku_, {""}).ok());  // no mail
  model::MailPreferences only_returned{"kikaku@city.example.lg.jp", {}, false};
  only_returned.kinds.Add(NoticeKind::kReturned);
  ASSERT_TRUE(notifications_->SaveMailPreferences(kikaku_, only_returned).ok());
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  // kikaku hears of the month in the workspace, and by mail only of returns.
  EXPECT_EQ(Of(kikaku_).size(), 1u);
  for (const auto& m : Mails()) EXPECT_NE(m.to, "kikaku@city.example.lg.jp");
}

TEST_F(NotificationTest, EachReadsAndOpensOnlyTheirOwn) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  const auto mine = Of(kikaku_);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(*notifications_->Unread(kikaku_), 1);
  EXPECT_EQ(CodeOf(notifications_->Open(ict_, mine[0].id)), Error::Code::kNotFound);
  auto opened = notifications_->Open(kikaku_, mine[0].id);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->link, "/staff/2025/board?month=6");
  EXPECT_EQ(*notifications_->Unread(kikaku_), 0);
  EXPECT_EQ(*notifications_->Unread(ict_), 1);
  ASSERT_TRUE(notifications_->ReadAll(ict_).ok());
  EXPECT_EQ(*notifications_->Unread(ict_), 0);
}

TEST(NotificationRules, DefaultDeadlinesAndDays) {
  service::NotificationSettings settings;
  EXPECT_EQ(service::DefaultDeadline(2025, 6, settings), "2025-07-10");
  EXPECT_EQ(service::DefaultDeadline(2025, 12, settings), "2026-01-10");
  EXPECT_EQ(service::DefaultDeadline(2025, 3, settings), "2026-04-10");  // R7's March is 2026's
  settings.deadline_day = 31;
  EXPECT_EQ(service::DefaultDeadline(2025, 1, settings), "2026-02-28");
  EXPECT_EQ(service::DaysBetween("2025-07-07", "2025-07-10"), 3);
  EXPECT_EQ(service::DaysBetween("2025-07-11", "2025-07-10"), -1);
  EXPECT_EQ(service::DaysBetween("2025-02-30", "2025-07-10"), std::nullopt);
  EXPECT_EQ(service::MonthDay("2025-07-10"), "7月10日");
}

}  // namespace
}  // namespace torikumi::testing
