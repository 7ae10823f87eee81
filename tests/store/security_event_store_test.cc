// The security events as the store keeps them: this municipality's only, the newest first,
// narrowed by kind, time and page, written with the change they belong to, and never changed
// or deleted.

#include <gtest/gtest.h>

#include "store/postgres.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "test_store.h"
#include "testing.h"

namespace torikumi::store {
namespace {

using model::SecurityEventKind;

class SecurityEventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    location_ = testing::NewTestDatabase(dir_, "torikumi.db");
    auto opened = OpenStore(location_);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    UserRecord user{{0, "tanaka", "田中 一郎", model::Role::kEditor, {"財政課"}, false}, "hash"};
    auto id = store_->CreateUser(user, {std::nullopt, "user.add", "user tanaka", "", ""});
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    tanaka_ = *id;
  }

  std::vector<std::int64_t> Ids(const SecurityEventFilter& filter) {
    auto listed = store_->ListSecurityEvents(filter);
    EXPECT_TRUE(listed.ok()) << listed.error().ToString();
    std::vector<std::int64_t> ids;
    if (listed.ok()) {
      for (const auto& r : *listed) ids.push_back(r.id);
    }
    return ids;
  }

  std::int64_t Record(SecurityEvent event) {
    EXPECT_TRUE(store_->RecordSecurityEvent(event).ok());
    auto listed = store_->ListSecurityEvents({.limit = 1});
    return listed.ok() && !listed->empty() ? listed->front().id : 0;
  }

  testing::TempDir dir_;
  std::string location_;
  std::unique_ptr<Store> store_;
  std::int64_t tanaka_ = 0;
};

TEST_F(SecurityEventStoreTest, ListsTheNewestFirstNarrowedByKindTimeAndPage) {
  const std::int64_t failed = Record({"2026-11-24T14:59:59Z", SecurityEventKind::kSignInFailed,
                                      std::nullopt, "nobody", "192.0.2.7", "いません"});
  const std::int64_t signed_in = Record(
      {"2026-11-24T15:00:00Z", SecurityEventKind::kSignIn, tanaka_, "tanaka", "192.0.2.8", "ok"});
  const std::int64_t refused = Record({"2026-11-25T03:00:00Z", SecurityEventKind::kForbidden,
                                       tanaka_, "tanaka", "192.0.2.8", "GET /staff/users"});

  auto all = store_->ListSecurityEvents({});
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  const SecurityEventRecord& newest = all->front();
  EXPECT_EQ(newest.id, refused);
  EXPECT_EQ(newest.event.at, "2026-11-25T03:00:00Z");
  EXPECT_EQ(newest.event.kind, SecurityEventKind::kForbidden);
  EXPECT_EQ(newest.event.user_id, tanaka_);
  EXPECT_EQ(newest.user, "田中 一郎");
  EXPECT_EQ(newest.event.login, "tanaka");
  EXPECT_EQ(newest.event.address, "192.0.2.8");
  EXPECT_EQ(newest.event.detail, "GET /staff/users");
  EXPECT_FALSE(all->back().event.user_id.has_value());
  EXPECT_EQ(all->back().user, "");

  EXPECT_EQ(Ids({.kind = SecurityEventKind::kSignIn}), std::vector<std::int64_t>{signed_in});
  EXPECT_EQ(Ids({.from = "2026-11-24T15:00:00Z"}), (std::vector<std::int64_t>{refused, signed_in}));
  EXPECT_EQ(Ids({.until = "2026-11-24T15:00:00Z"}), std::vector<std::int64_t>{failed});
  EXPECT_EQ(Ids({.before_id = refused}), (std::vector<std::int64_t>{signed_in, failed}));
  EXPECT_EQ(Ids({.limit = 1}), std::vector<std::int64_t>{refused});
  EXPECT_TRUE(Ids({.kind = SecurityEventKind::kLockedOut}).empty());
}

TEST_F(SecurityEventStoreTest, AnotherMunicipalitysEventsAreNotFound) {
  Record({"2026-11-25T03:00:00Z", SecurityEventKind::kSignInFailed, std::nullopt, "tanaka",
          "192.0.2.7", ""});
  ASSERT_TRUE(store_->AddMunicipality("282171", "川西市").ok());
  auto other = store_->OpenMunicipality("282171");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)->ListSecurityEvents({})->empty());
  ASSERT_TRUE((*other)
                  ->RecordSecurityEvent({"2026-11-25T03:00:01Z", SecurityEventKind::kSignInFailed,
                                         std::nullopt, "sato", "192.0.2.9", ""})
                  .ok());
  ASSERT_EQ((*other)->ListSecurityEvents({})->size(), 1u);
  ASSERT_EQ(store_->ListSecurityEvents({})->size(), 1u);
  EXPECT_EQ(store_->ListSecurityEvents({})->front().event.login, "tanaka");
}

TEST_F(SecurityEventStoreTest, AChangesEventIsWrittenInItsTransactionOrNotAtAll) {
  const SecurityEvent revoked{"2026-11-25T03:00:00Z",
                              SecurityEventKind::kApiTokenRevoked,
                              std::nullopt,
                              "tanaka",
                              "192.0.2.1",
                              "「連携」"};
  AuditEntry audit{std::nullopt, "api_token.revoke", "user tanaka", "連携", "", revoked};
  // No such token: the revocation fails, and so its event is not written either.
  EXPECT_EQ(store_->RevokeApiToken(tanaka_, "no-such-hash", audit).error().code(),
            Error::Code::kNotFound);
  EXPECT_TRUE(store_->ListSecurityEvents({})->empty());
  ASSERT_TRUE(
      store_->CreateApiToken("token-hash", tanaka_, "連携", "2099-01-01T00:00:00Z", {}).ok());
  ASSERT_TRUE(store_->RevokeApiToken(tanaka_, "token-hash", audit).ok());
  auto listed = store_->ListSecurityEvents({});
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().event.kind, SecurityEventKind::kApiTokenRevoked);
  EXPECT_EQ(listed->front().event.detail, "「連携」");
  // The audit chain holds: the event takes no part in it.
  auto chain = store_->VerifyAuditChain();
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->broken_id, 0) << chain->problem;
}

TEST_F(SecurityEventStoreTest, EventsAreNeverChangedOrDeleted) {
  Record({"2026-11-25T03:00:00Z", SecurityEventKind::kSignInFailed, std::nullopt, "tanaka",
          "192.0.2.7", ""});
  std::unique_ptr<sql::Connection> raw;
  if (testing::TestingOnPostgres()) {
    raw = std::move(postgres::Connection::Open(location_).value());
  } else {
    raw = std::move(sqlite::Connection::Open(location_).value());
  }
  EXPECT_FALSE(raw->Execute("UPDATE security_event SET login = 'someone else'").ok());
  EXPECT_FALSE(raw->Execute("DELETE FROM security_event").ok());
  ASSERT_EQ(store_->ListSecurityEvents({})->size(), 1u);
  EXPECT_EQ(store_->ListSecurityEvents({})->front().event.login, "tanaka");
}

}  // namespace
}  // namespace torikumi::store
