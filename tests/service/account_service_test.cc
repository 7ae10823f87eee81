#include "service/account_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "service/credentials.h"
#include "service/fixture.h"

namespace torikumi::service {
namespace {

using testing::CodeOf;
using testing::WorkspaceFixture;

class AccountServiceTest : public WorkspaceFixture {};

TEST_F(AccountServiceTest, PasswordsFollowTheRules) {
  auto short_password =
      accounts_->AddUser(Actor::CommandLine(), {"u1", "", model::Role::kViewer, {}, "short"});
  EXPECT_FALSE(short_password.ok());
  // 12 to 128 characters (not bytes), without the login in them.
  for (const std::string& refused :
       {std::string("elevenchars"), std::string(129, 'x'), std::string("my-U1x-password")}) {
    EXPECT_EQ(CodeOf(accounts_->AddUser(Actor::CommandLine(),
                                        {"u1x", "", model::Role::kViewer, {}, refused})),
              Error::Code::kInvalidInput)
        << refused;
  }
  EXPECT_TRUE(accounts_
                  ->AddUser(Actor::CommandLine(),
                            {"u2", "", model::Role::kViewer, {}, "十二文字のパスワードです。"})
                  .ok());
  auto login_as_password = accounts_->AddUser(
      Actor::CommandLine(), {"longlogin12", "", model::Role::kViewer, {}, "longlogin12"});
  EXPECT_FALSE(login_as_password.ok());
  auto editor_without_section =
      accounts_->AddUser(Actor::CommandLine(), {"u2", "", model::Role::kEditor, {}, kPassword});
  EXPECT_FALSE(editor_without_section.ok());
  auto taken =
      accounts_->AddUser(Actor::CommandLine(), {"kikaku", "", model::Role::kViewer, {}, kPassword});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), Error::Code::kConflict);
}

TEST_F(AccountServiceTest, PasswordsAreStoredAsArgon2idHashes) {
  auto record = store_->FindUserByLogin("kikaku");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_TRUE((*record)->password_hash.starts_with("$argon2id$"));
  EXPECT_EQ((*record)->password_hash.find(kPassword), std::string::npos);
}

TEST_F(AccountServiceTest, LoginOpensASessionTheTokenFinds) {
  auto fresh = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  auto session = accounts_->Authenticate(fresh->token);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.login, "kikaku");
  EXPECT_TRUE(AccountService::CsrfMatches(*session, fresh->session.csrf_token));
  EXPECT_FALSE(AccountService::CsrfMatches(*session, "forged"));
  EXPECT_FALSE(AccountService::CsrfMatches(*session, ""));
  // Only the token's hash is stored: the token itself finds nothing in the table.
  EXPECT_FALSE(store_->FindSession(fresh->token)->has_value());
}

TEST_F(AccountServiceTest, WrongPasswordAndUnknownLoginSayTheSame) {
  auto wrong = accounts_->Login("kikaku", "wrong password!", "10.0.0.1");
  auto unknown = accounts_->Login("nobody", "wrong password!", "10.0.0.1");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
}

TEST_F(AccountServiceTest, FailedLoginsLockTheAccountForAWhile) {
  for (int k = 0; k < AccountService::kMaxFailuresPerAccount; ++k) {
    EXPECT_FALSE(accounts_->Login("kikaku", "wrong password!", "10.0.0." + std::to_string(k)).ok());
  }
  auto locked = accounts_->Login("kikaku", kPassword, "10.0.0.9");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code(), Error::Code::kForbidden);
  EXPECT_NE(locked.error().message().find("分ほど待って"), std::string::npos);
  now_ += AccountService::kFailureWindow + 1;
  EXPECT_TRUE(accounts_->Login("kikaku", kPassword, "10.0.0.9").ok());
}

TEST_F(AccountServiceTest, FailedLoginsFromOneAddressAreLimited) {
  for (int k = 0; k < AccountService::kMaxFailuresPerAddress; ++k) {
    (void)accounts_->Login("guess" + std::to_string(k), "wrong password!", "192.0.2.7");
  }
  auto blocked = accounts_->Login("viewer", kPassword, "192.0.2.7");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code(), Error::Code::kForbidden);
  EXPECT_TRUE(accounts_->Login("viewer", kPassword, "192.0.2.8").ok());
}

// Found by probing a running server: 48 parallel sign-ins got 20 password checks on an
// account limited to 5. The limit is checked and counted in one transaction.
TEST_F(AccountServiceTest, ParallelSignInsCheckNoMorePasswordsThanTheLimit) {
  std::atomic<int> checked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 48; ++k) {
    threads.emplace_back([&, k] {
      auto login = accounts_->Login("kikaku", "wrong password!", "10.1.0." + std::to_string(k));
      if (!login.ok() && login.error().code() == Error::Code::kInvalidInput) ++checked;
      if (!login.ok() && login.error().code() == Error::Code::kForbidden) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked.load(), AccountService::kMaxFailuresPerAccount);
  EXPECT_EQ(refused.load(), 48 - AccountService::kMaxFailuresPerAccount);
}

// Successful sign-ins from one address (an office behind one NAT) never count against it.
TEST_F(AccountServiceTest, SuccessfulSignInsDoNotCountAsFailures) {
  for (int k = 0; k < AccountService::kMaxFailuresPerAddress + 5; ++k) {
    ASSERT_TRUE(accounts_->Login("viewer", kPassword, "192.0.2.50").ok()) << k;
  }
}

// A session left open is no way to guess its user's password: wrong current passwords count
// as failed sign-ins.
TEST_F(AccountServiceTest, GuessesOfTheCurrentPasswordAreLimitedLikeSignIns) {
  for (int k = 0; k < AccountService::kMaxFailuresPerAccount; ++k) {
    EXPECT_EQ(CodeOf(accounts_->SetPassword(viewer_, "viewer", "a new long password",
                                            "guess " + std::to_string(k))),
              Error::Code::kInvalidInput);
  }
  EXPECT_EQ(CodeOf(accounts_->SetPassword(viewer_, "viewer", "a new long password", kPassword)),
            Error::Code::kForbidden);
  now_ += AccountService::kFailureWindow + 1;
  EXPECT_TRUE(accounts_->SetPassword(viewer_, "viewer", "a new long password", kPassword).ok());
}

TEST_F(AccountServiceTest, SessionsExpireWhenIdleAndAfterTheAbsoluteLimit) {
  auto idle = accounts_->Login("viewer", kPassword, "10.0.0.1");
  ASSERT_TRUE(idle.ok());
  now_ += AccountService::kIdleTimeout + 1;
  EXPECT_FALSE(accounts_->Authenticate(idle->token).ok());

  auto busy = accounts_->Login("viewer", kPassword, "10.0.0.1");
  ASSERT_TRUE(busy.ok());
  const std::int64_t start = now_;
  while (now_ - start < AccountService::kAbsoluteTimeout - 600) {
    now_ += 600;
    ASSERT_TRUE(accounts_->Authenticate(busy->token).ok()) << (now_ - start);
  }
  now_ = start + AccountService::kAbsoluteTimeout + 1;
  EXPECT_FALSE(accounts_->Authenticate(busy->token).ok());
}

TEST_F(AccountServiceTest, LogoutEverywhereAndPasswordChangesEndSessions) {
  auto a = accounts_->Login("ict", kPassword, "10.0.0.1");
  auto b = accounts_->Login("ict", kPassword, "10.0.0.2");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(accounts_->Logout(ict_, a->token).ok());
  EXPECT_FALSE(accounts_->Authenticate(a->token).ok());
  EXPECT_TRUE(accounts_->Authenticate(b->token).ok());
  ASSERT_TRUE(accounts_->LogoutEverywhere(ict_).ok());
  EXPECT_FALSE(accounts_->Authenticate(b->token).ok());

  auto c = accounts_->Login("ict", kPassword, "10.0.0.1");
  // One's own password changes only with the current one.
  EXPECT_EQ(CodeOf(accounts_->SetPassword(ict_, "ict", "another long password")),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(accounts_->SetPassword(ict_, "ict", "another long password", "not it at all")),
            Error::Code::kInvalidInput);
  EXPECT_TRUE(accounts_->Authenticate(c->token).ok());  // nothing changed
  ASSERT_TRUE(accounts_->SetPassword(ict_, "ict", "another long password", kPassword).ok());
  // Nor does an administrator's session reset its own password around the current one.
  EXPECT_EQ(CodeOf(accounts_->ResetPassword(administrator_, "admin")), Error::Code::kForbidden);
  EXPECT_FALSE(accounts_->Authenticate(c->token).ok());
  EXPECT_FALSE(accounts_->Login("ict", kPassword, "10.0.0.1").ok());
  EXPECT_TRUE(accounts_->Login("ict", "another long password", "10.0.0.1").ok());
}

TEST_F(AccountServiceTest, DisabledUsersAreSignedOutAndCannotSignIn) {
  auto session = accounts_->Login("ict", kPassword, "10.0.0.1");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(accounts_->SetDisabled(administrator_, "ict", true).ok());
  EXPECT_FALSE(accounts_->Authenticate(session->token).ok());
  EXPECT_FALSE(accounts_->Login("ict", kPassword, "10.0.0.1").ok());
}

TEST_F(AccountServiceTest, OnlyAdministratorsManageUsers) {
  for (const Actor* actor : {&coordinator_, &kikaku_, &viewer_}) {
    EXPECT_FALSE(accounts_->AddUser(*actor, {"x1", "", model::Role::kViewer, {}, kPassword}).ok());
    EXPECT_FALSE(accounts_->SetDisabled(*actor, "ict", true).ok());
    EXPECT_FALSE(accounts_->SetPassword(*actor, "ict", "hijacked password").ok());
    EXPECT_FALSE(accounts_->IssueApiToken(*actor, "ict", "x").ok());
    EXPECT_FALSE(accounts_->Users(*actor).ok());
  }
  // Everyone may change their own password.
  EXPECT_TRUE(accounts_->SetPassword(viewer_, "viewer", "my own new password", kPassword).ok());
}

TEST_F(AccountServiceTest, ApiTokensAuthenticateTheirUser) {
  auto token = accounts_->IssueApiToken(administrator_, "ict", "庁内連携");
  ASSERT_TRUE(token.ok());
  auto user = accounts_->AuthenticateBearer(*token);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->login, "ict");
  EXPECT_FALSE(accounts_->AuthenticateBearer(*token + "x").ok());
  EXPECT_FALSE(store_->FindApiToken(*token)->has_value());  // stored hashed
}

TEST_F(AccountServiceTest, SectionEditorsAreMadeForSectionsWithoutOne) {
  // kikaku and ict already cover the seed's two owner sections.
  auto none = accounts_->AddSectionEditors(administrator_, 2025);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  model::User ict = ict_.user();
  ict.role = model::Role::kViewer;
  ict.sections.clear();
  ASSERT_TRUE(accounts_->UpdateUser(administrator_, ict).ok());
  auto added = accounts_->AddSectionEditors(administrator_, 2025);
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ(added->front().sections, std::vector<std::string>{"ICT推進課"});
  EXPECT_TRUE(accounts_->Login(added->front().login, added->front().password, "10.0.0.1").ok());
}

TEST_F(AccountServiceTest, AdministratorIsCreatedOnlyOnAnEmptyInstallation) {
  auto ensured = accounts_->EnsureAdministrator();
  ASSERT_TRUE(ensured.ok());
  EXPECT_FALSE(ensured->has_value());
}

TEST_F(AccountServiceTest, APersonnelChangeMovesAnEditorInOneYearOnly) {
  // 人事異動: from 2025, kikaku edits ICT推進課's initiatives, not 企画政策課's.
  model::User moved{0, "kikaku", "企画 太郎", model::Role::kEditor, {"ICT推進課"}};
  EXPECT_EQ(CodeOf(accounts_->UpdateUser(kikaku_, moved, 2025)), Error::Code::kForbidden);
  ASSERT_TRUE(accounts_->UpdateUser(administrator_, moved, 2025).ok());
  auto user = store_->FindUserByLogin("kikaku");
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->user.SectionsIn(2025), std::vector<std::string>{"ICT推進課"});
  EXPECT_EQ((*user)->user.SectionsIn(2024), std::vector<std::string>{"企画政策課"});
  const Actor kikaku = Actor::Staff((*user)->user);
  auto ict = Stored(3);  // ICT推進課's
  ict.initiative.overview = "異動先で編集";
  EXPECT_TRUE(workspace_->Update(kikaku, 2025, ict.initiative, ict.version).ok());
  auto own_before = Stored(2);  // 企画政策課's
  own_before.initiative.overview = "異動前の課";
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku, 2025, own_before.initiative, own_before.version)),
            Error::Code::kForbidden);
}

TEST_F(AccountServiceTest, AResetPasswordIsShownOnceAndChangedAtTheNextSignIn) {
  EXPECT_EQ(CodeOf(accounts_->ResetPassword(kikaku_, "ict")), Error::Code::kForbidden);
  auto session = accounts_->Login("ict", kPassword, "10.0.0.9");
  ASSERT_TRUE(session.ok());
  auto password = accounts_->ResetPassword(administrator_, "ict");
  ASSERT_TRUE(password.ok());
  EXPECT_GE(password->size(), AccountService::kMinPasswordLength);
  EXPECT_FALSE(accounts_->Authenticate(session->token).ok());  // signed out
  EXPECT_FALSE(accounts_->Login("ict", kPassword, "10.0.0.9").ok());
  auto again = accounts_->Login("ict", *password, "10.0.0.9");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->session.user.must_change_password);
  const Actor ict = Actor::Staff(again->session.user);
  ASSERT_TRUE(accounts_->SetPassword(ict, "ict", "a new long password", *password).ok());
  auto changed = accounts_->Login("ict", "a new long password", "10.0.0.9");
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->session.user.must_change_password);
}

TEST_F(AccountServiceTest, ApiTokensExpireAfterTheDaysTheyWereIssuedFor) {
  EXPECT_EQ(CodeOf(accounts_->IssueApiToken(administrator_, "ict", "x", 0)),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(accounts_->IssueApiToken(administrator_, "ict", "x", 366)),
            Error::Code::kInvalidInput);
  auto token = accounts_->IssueApiToken(administrator_, "ict", "一月", 30);
  ASSERT_TRUE(token.ok());
  auto tokens = accounts_->ApiTokens(administrator_, "ict");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ(tokens->front().expires_at, "2027-02-14T08:00:00Z");  // now_ + 30 days
  now_ += 30 * 24 * 60 * 60 - 1;
  EXPECT_TRUE(accounts_->AuthenticateBearer(*token).ok());
  now_ += 1;
  auto expired = accounts_->AuthenticateBearer(*token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code(), Error::Code::kNotFound);
}

TEST_F(AccountServiceTest, TokensAreListedWithTheirLastUseAndRevokedOneByOne) {
  auto first = accounts_->IssueApiToken(administrator_, "kikaku", "庁内連携");
  auto second = accounts_->IssueApiToken(administrator_, "kikaku", "集計");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(CodeOf(accounts_->ApiTokens(kikaku_, "kikaku")), Error::Code::kForbidden);
  auto tokens = accounts_->ApiTokens(administrator_, "kikaku");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  for (const auto& t : *tokens) EXPECT_TRUE(t.last_used_at.empty()) << t.name;
  ASSERT_TRUE(accounts_->AuthenticateBearer(*first).ok());
  tokens = accounts_->ApiTokens(administrator_, "kikaku");
  const auto used = std::find_if(tokens->begin(), tokens->end(),
                                 [](const auto& t) { return t.name == "庁内連携"; });
  ASSERT_NE(used, tokens->end());
  EXPECT_FALSE(used->last_used_at.empty());
  EXPECT_EQ(used->id.find(*first), std::string::npos);  // the id is not the token
  EXPECT_EQ(CodeOf(accounts_->RevokeApiToken(administrator_, "ict", used->id)),
            Error::Code::kNotFound);
  ASSERT_TRUE(accounts_->RevokeApiToken(administrator_, "kikaku", used->id).ok());
  EXPECT_EQ(CodeOf(accounts_->AuthenticateBearer(*first)), Error::Code::kNotFound);
  EXPECT_TRUE(accounts_->AuthenticateBearer(*second).ok());
  EXPECT_EQ(accounts_->ApiTokens(administrator_, "kikaku")->size(), 1u);
}

TEST_F(AccountServiceTest, ACsvOfUsersChangesAllOrNothingAndSaysWhat) {
  const std::string bad =
      "ログイン名,表示名,役割,担当課\n"
      "ict,ICT 花子,所管課担当,企画政策課\n"
      "newcomer,新人,所管課担当,\n";  // an editor without a section
  auto refused = accounts_->ImportUsers(administrator_, "users.csv", bad, 2025);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), Error::Code::kInvalidInput);
  EXPECT_EQ(refused.error().where().line, 3);
  EXPECT_EQ(refused.error().where().file, "users.csv");
  EXPECT_EQ(store_->FindUserByLogin("ict")->value().user.SectionsIn(2025),
            std::vector<std::string>{"ICT推進課"});  // nothing written
  EXPECT_FALSE(store_->FindUserByLogin("newcomer")->has_value());
  EXPECT_EQ(CodeOf(accounts_->ImportUsers(kikaku_, "users.csv", bad, 2025)),
            Error::Code::kForbidden);

  const std::string good =
      "ログイン名,表示名,役割,担当課\n"
      "ict,ICT 花子,所管課担当,企画政策課\n"
      "newcomer,新人,editor,\"ICT推進課 秘書課\"\n"
      "viewer,viewerさん,viewer,\n";
  auto imported = accounts_->ImportUsers(administrator_, "users.csv", good, 2025);
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  ASSERT_EQ(imported->added.size(), 1u);
  EXPECT_EQ(imported->added[0].login, "newcomer");
  EXPECT_FALSE(imported->added[0].password.empty());
  ASSERT_EQ(imported->changed.size(), 1u);
  EXPECT_EQ(imported->changed[0].login, "ict");
  EXPECT_EQ(imported->unchanged, 1);
  auto ict = store_->FindUserByLogin("ict")->value().user;
  EXPECT_EQ(ict.SectionsIn(2025), std::vector<std::string>{"企画政策課"});
  EXPECT_EQ(ict.SectionsIn(2026), std::vector<std::string>{"ICT推進課"});
  EXPECT_EQ(ict.display_name, "ICT 花子");
  auto newcomer = store_->FindUserByLogin("newcomer")->value().user;
  EXPECT_EQ(newcomer.SectionsIn(2025), (std::vector<std::string>{"ICT推進課", "秘書課"}));
  EXPECT_TRUE(accounts_->Login("newcomer", imported->added[0].password, "10.0.0.7").ok());
}

TEST_F(AccountServiceTest, CommonPasswordsAreRefusedEvenDecorated) {
  for (const std::string refused : {"password1234", "Password!2026", "2026#sunshine#"}) {
    auto added =
        accounts_->AddUser(Actor::CommandLine(), {"u9", "", model::Role::kViewer, {}, refused});
    ASSERT_EQ(CodeOf(added), Error::Code::kInvalidInput) << refused;
    EXPECT_NE(added.error().message().find("推測されやすい"), std::string::npos);
  }
  // A phrase of words is long rather than common.
  EXPECT_TRUE(accounts_
                  ->AddUser(Actor::CommandLine(),
                            {"u9", "", model::Role::kViewer, {}, "river lantern oyster 7"})
                  .ok());
}

// "Admin", "ＡＤＭＩＮ" and "admin" are one login: a second cannot be added, and any of them
// signs in as the one that exists.
TEST_F(AccountServiceTest, LoginsDifferingInCaseOrWidthAreOne) {
  for (const std::string login : {"Admin", "ＡＤＭＩＮ", "ａｄｍｉｎ"}) {
    EXPECT_EQ(CodeOf(accounts_->AddUser(Actor::CommandLine(),
                                        {login, "", model::Role::kViewer, {}, kPassword})),
              Error::Code::kConflict)
        << login;
  }
  auto fresh = accounts_->Login("ＡＤＭＩＮ", kPassword, "10.0.0.1");
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  EXPECT_EQ(fresh->session.user.login, "admin");
  // Failures count against the account however its login is spelled.
  for (int k = 0; k < AccountService::kMaxFailuresPerAccount; ++k) {
    (void)accounts_->Login(k % 2 ? "KIKAKU" : "ｋｉｋａｋｕ", "wrong password!", "10.0.1.1");
  }
  EXPECT_EQ(CodeOf(accounts_->Login("kikaku", kPassword, "10.0.1.2")), Error::Code::kForbidden);
}

TEST_F(AccountServiceTest, TheLastAdministratorStays) {
  EXPECT_EQ(CodeOf(accounts_->SetDisabled(administrator_, "admin", true)), Error::Code::kForbidden);
  model::User demoted = administrator_.user();
  demoted.role = model::Role::kViewer;
  EXPECT_EQ(CodeOf(accounts_->UpdateUser(administrator_, demoted)), Error::Code::kForbidden);
  AddUser("admin2", model::Role::kAdministrator, {});
  EXPECT_TRUE(accounts_->SetDisabled(administrator_, "admin", true).ok());
}

// Enrols a TOTP second factor for `actor`; returns its secret and recovery codes.
std::pair<std::string, std::vector<std::string>> Enrol(AccountService& accounts, const Actor& actor,
                                                       std::int64_t now) {
  auto enrolment = accounts.BeginSecondFactor(actor);
  EXPECT_TRUE(enrolment.ok());
  if (!enrolment.ok()) return {};
  EXPECT_TRUE(enrolment->uri.starts_with("otpauth://totp/"));
  EXPECT_NE(enrolment->uri.find("secret=" + enrolment->secret), std::string::npos);
  auto codes =
      accounts.ConfirmSecondFactor(actor, TotpCode(enrolment->secret, now / kTotpStepSeconds));
  EXPECT_TRUE(codes.ok()) << codes.error().ToString();
  return {enrolment->secret, codes.ok() ? *codes : std::vector<std::string>()};
}

TEST_F(AccountServiceTest, ASecondFactorIsAskedAfterThePasswordAndEachCodeServesOnce) {
  // A wrong code does not enrol.
  ASSERT_TRUE(accounts_->BeginSecondFactor(kikaku_).ok());
  EXPECT_EQ(CodeOf(accounts_->ConfirmSecondFactor(kikaku_, "000000")), Error::Code::kInvalidInput);
  const auto [secret, recovery] = Enrol(*accounts_, kikaku_, now_);
  ASSERT_EQ(recovery.size(), std::size_t(AccountService::kRecoveryCodes));
  EXPECT_EQ(*accounts_->UnusedRecoveryCodes(kikaku_), AccountService::kRecoveryCodes);

  auto pending = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->second_factor_pending);
  // The password alone opens nothing.
  EXPECT_EQ(CodeOf(accounts_->Authenticate(pending->token)), Error::Code::kNotFound);
  // The code that enrolled it cannot sign in: that time step is used.
  const std::int64_t step = now_ / kTotpStepSeconds;
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(pending->token, TotpCode(secret, step), "10.0.0.1")),
            Error::Code::kInvalidInput);
  // Typed full-width with a space, the next step's code (a clock a little ahead) does.
  std::string typed;
  for (const char c : TotpCode(secret, step + 1))
    typed += std::string("０１２３４５６７８９").substr((c - '0') * 3, 3);
  typed.insert(9, " ");
  auto full = accounts_->CompleteLogin(pending->token, typed, "10.0.0.1");
  ASSERT_TRUE(full.ok()) << full.error().ToString();
  EXPECT_NE(full->token, pending->token);
  ASSERT_TRUE(accounts_->Authenticate(full->token).ok());
  // The pending token is spent.
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(pending->token, TotpCode(secret, step + 1), "")),
            Error::Code::kNotFound);

  // A recovery code serves once, in any case and grouping.
  auto again = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  std::string upper = recovery[3];
  for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_TRUE(accounts_->CompleteLogin(again->token, upper, "10.0.0.1").ok());
  EXPECT_EQ(*accounts_->UnusedRecoveryCodes(kikaku_), AccountService::kRecoveryCodes - 1);
  auto third = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(third->token, recovery[3], "10.0.0.1")),
            Error::Code::kInvalidInput);

  // A pending login expires.
  now_ += AccountService::kSecondFactorTimeout + 1;
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(third->token, recovery[4], "10.0.0.1")),
            Error::Code::kNotFound);
}

TEST_F(AccountServiceTest, GuessedCodesAreLimitedEvenWithTheRightPassword) {
  const auto [secret, recovery] = Enrol(*accounts_, kikaku_, now_);
  for (int k = 0; k < AccountService::kMaxFailuresPerAccount; ++k) {
    auto pending = accounts_->Login("kikaku", kPassword, "10.0.0.1");
    ASSERT_TRUE(pending.ok()) << k << pending.error().ToString();
    EXPECT_EQ(CodeOf(accounts_->CompleteLogin(pending->token, "123456", "10.0.0.1")),
              Error::Code::kInvalidInput);
  }
  // Knowing the password does not reset the count.
  EXPECT_EQ(CodeOf(accounts_->Login("kikaku", kPassword, "10.0.0.1")), Error::Code::kForbidden);
}

TEST_F(AccountServiceTest, AMunicipalityMayRequireASecondFactorOfItsAdministratorsAndCoordinators) {
  EXPECT_EQ(CodeOf(accounts_->RequireSecondFactor(coordinator_, true)), Error::Code::kForbidden);
  ASSERT_TRUE(accounts_->RequireSecondFactor(administrator_, true).ok());
  auto coordinator = accounts_->Login("coordinator", kPassword, "10.0.0.1");
  EXPECT_TRUE(accounts_->Authenticate(coordinator->token)->must_enrol_second_factor);
  auto editor = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  EXPECT_FALSE(accounts_->Authenticate(editor->token)->must_enrol_second_factor);
  Enrol(*accounts_, coordinator_, now_);
  EXPECT_EQ(CodeOf(accounts_->RemoveSecondFactor(coordinator_, kPassword)),
            Error::Code::kForbidden);
  // An editor may remove theirs, with the password.
  Enrol(*accounts_, kikaku_, now_);
  EXPECT_EQ(CodeOf(accounts_->RemoveSecondFactor(kikaku_, "wrong password!")),
            Error::Code::kInvalidInput);
  ASSERT_TRUE(accounts_->RemoveSecondFactor(kikaku_, kPassword).ok());
  EXPECT_FALSE(accounts_->Login("kikaku", kPassword, "10.0.0.1")->second_factor_pending);
}

TEST_F(AccountServiceTest, AnAdministratorResetsAnothersSecondFactorAndItsSessionsEnd) {
  Enrol(*accounts_, kikaku_, now_);
  now_ += 60;
  auto pending = accounts_->Login("kikaku", kPassword, "10.0.0.1");
  EXPECT_EQ(CodeOf(accounts_->ResetSecondFactor(coordinator_, "kikaku")), Error::Code::kForbidden);
  Enrol(*accounts_, administrator_, now_);
  EXPECT_EQ(CodeOf(accounts_->ResetSecondFactor(administrator_, "admin")), Error::Code::kForbidden);
  ASSERT_TRUE(accounts_->ResetSecondFactor(administrator_, "kikaku").ok());
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(pending->token, "123456", "10.0.0.1")),
            Error::Code::kNotFound);
  EXPECT_FALSE(accounts_->Login("kikaku", kPassword, "10.0.0.1")->second_factor_pending);
  auto audit = store_->ListAudit({"user kikaku", 10});
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(std::any_of(audit->begin(), audit->end(), [](const store::AuditRecord& r) {
    return r.action == "user.second_factor.reset";
  }));
}

// Two servers started together on a new database, each opening its store and making sure of
// an administrator: both come up, and exactly one creates "admin". Before, both saw no user
// and the second failed with ログイン名「admin」はすでに使われています.
TEST_F(AccountServiceTest, ServersStartedTogetherCreateOneAdministrator) {
  for (int round = 0; round < 5; ++round) {
    const std::string location =
        testing::NewTestDatabase(dir_, "together" + std::to_string(round) + ".db");
    std::latch start(2);
    Result<std::optional<NewUser>> ensured[2] = {Error::Io("not run"), Error::Io("not run")};
    auto serve = [&](int k) {
      start.arrive_and_wait();
      auto store = store::OpenStore(location);
      if (!store) {
        ensured[k] = store.error();
        return;
      }
      ensured[k] = AccountService(**store).EnsureAdministrator();
    };
    std::thread first(serve, 0), second(serve, 1);
    first.join();
    second.join();
    ASSERT_TRUE(ensured[0].ok()) << ensured[0].error().ToString();
    ASSERT_TRUE(ensured[1].ok()) << ensured[1].error().ToString();
    EXPECT_NE(ensured[0]->has_value(), ensured[1]->has_value()) << "round " << round;
    // Its printed password is changed at the first sign-in.
    auto store = store::OpenStore(location);
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE((*(*store)->FindUserByLogin("admin"))->user.must_change_password);
  }
}

}  // namespace
}  // namespace torikumi::service
