#include "service/account_service.h"

#include <crack.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

#include "service/credentials.h"
#include "sheet/delimited.h"
#include "text/encoding.h"
#include "text/entries.h"
#include "text/search.h"
#include "text/utf8.h"

namespace torikumi::service {
namespace {

Error NeedsAdministrator() { return Error::Forbidden("利用者の管理は管理者だけができます"); }

Error WrongCredentials() { return Error::InvalidInput("ログイン名またはパスワードが違います"); }

Error TooManyFailures() {
  return Error::Forbidden("ログインの失敗が続いたため、しばらくログインできません。" +
                          std::to_string(AccountService::kFailureWindow / 60) +
                          " 分ほど待ってからお試しください");
}

Result<void> CheckLogin(std::string_view login) {
  if (login.empty() || login.size() > 64) {
    return Error::InvalidInput("ログイン名は 1 から 64 バイトで指定してください");
  }
  for (char c : login) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return Error::InvalidInput("ログイン名に空白や制御文字は使えません");
    }
  }
  return {};
}

// A password is never stored in the audit log; only that it changed.
store::AuditEntry AuditOf(const Actor& actor, std::string action, const model::User& user,
                          std::string before, std::string after) {
  return {actor.user_id(), std::move(action), "user " + user.login, std::move(before),
          std::move(after)};
}

using model::SecurityEventKind;

// `audit` carrying `event`, to be written in the change's transaction.
store::AuditEntry With(store::AuditEntry audit, const store::SecurityEvent& event) {
  audit.security_event = event;
  return audit;
}

std::string RoleChange(model::Role before, model::Role after) {
  return std::string(model::RoleLabel(before)) + " → " + std::string(model::RoleLabel(after));
}

std::string Describe(const model::User& u) {
  auto joined = [](const std::vector<std::string>& sections) {
    std::string text;
    for (const auto& s : sections) text += (text.empty() ? "" : "、") + s;
    return text;
  };
  std::string described = u.display_name + " (" + std::string(model::RoleName(u.role)) + ")";
  if (!u.sections.empty()) described += " " + joined(u.sections);
  for (const auto& [year, sections] : u.year_sections) {
    described += " " + std::to_string(year) + "年度: " + joined(sections);
  }
  return described + (u.disabled ? " 無効" : "");
}

// A record of use that may wait: a full disk or a lost connection that keeps it from being
// written must not sign out people who only read.
Result<void> EvenOnAFullDisk(Result<void> touched) {
  if (!touched && touched.error().code() == Error::Code::kUnavailable) return {};
  return touched;
}

}  // namespace

AccountService::AccountService(store::Store& store, Clock now)
    : store_(store), now_(now ? std::move(now) : Clock(SystemNow)), security_(store_, now_) {}

// Why cracklib refuses a password, in Japanese; "" when it does not.
Result<std::string> CommonPasswordReason(std::string_view login, std::string_view display_name,
                                         std::string_view password) {
  const std::string dictionary = GetDefaultCracklibDict();
  // cracklib exits the process when its dictionary is missing.
  if (!std::filesystem::exists(dictionary + ".pwd")) {
    return Error::Io("パスワードを確かめる辞書 " + dictionary +
                     " がありません (Debian の cracklib-runtime)");
  }
  // cracklib keeps its dictionary's state in static variables.
  static std::mutex cracklib;
  const std::lock_guard lock(cracklib);
  auto check = [&](const std::string& candidate) {
    return FascistCheckUser(candidate.c_str(), dictionary.c_str(), std::string(login).c_str(),
                            std::string(display_name).c_str());
  };
  const char* refusal = check(std::string(password));
  // cracklib takes "password1234" for a new word: its core, without the digits and symbols
  // people put around a word, is checked too.
  constexpr std::string_view kDecoration = "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";
  const std::size_t first = password.find_first_not_of(kDecoration);
  const std::size_t last = password.find_last_not_of(kDecoration);
  if (!refusal && first != std::string_view::npos && last - first + 1 >= 6 &&
      last - first + 1 < password.size()) {
    refusal = check(std::string(password.substr(first, last - first + 1)));
  }
  if (!refusal) return std::string();
  const std::string_view why(refusal);
  if (why.find("dictionary") != std::string_view::npos)
    return std::string("辞書の単語をもとにしています");
  if (why.find("DIFFERENT") != std::string_view::npos)
    return std::string("使う文字の種類が少なすぎます");
  if (why.find("simplistic") != std::string_view::npos) return std::string("単純な並びです");
  if (why.find("user") != std::string_view::npos ||
      why.find("password entry") != std::string_view::npos) {
    return std::string("ログイン名や名前をもとにしています");
  }
  return std::string("よく使われるパスワードに似ています");
}

Result<void> AccountService::CheckPassword(std::string_view login, std::string_view display_name,
                                           std::string_view password) const {
  std::size_t characters = 0;
  for (std::size_t pos = 0; pos < password.size(); ++characters) text::NextCodePoint(password, pos);
  if (characters < kMinPasswordLength) {
    return Error::InvalidInput("パスワードは " + std::to_string(kMinPasswordLength) +
                               " 文字以上にしてください");
  }
  if (characters > kMaxPasswordLength) {
    return Error::InvalidInput("パスワードは " + std::to_string(kMaxPasswordLength) +
                               " 文字以下にしてください");
  }
  // A password built on the login ("tanaka2026!!") is the first one guessed.
  std::string lower_password(password), lower_login(login);
  for (std::string* s : {&lower_password, &lower_login}) {
    for (char& c : *s) c = char(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower_login.size() >= 3 && lower_password.find(lower_login) != std::string::npos) {
    return Error::InvalidInput("パスワードにログイン名を含めないでください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(const std::string common,
                            CommonPasswordReason(login, display_name, password));
  if (!common.empty()) {
    return Error::InvalidInput("推測されやすいパスワードです (" + common +
                               ")。ほかのパスワードにしてください");
  }
  return {};
}

Result<model::User> AccountService::AddUser(const Actor& actor, const NewUser& user) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(store::UserRecord record, RecordOf(user));
  TORIKUMI_ASSIGN_OR_RETURN(record.user.id,
                            store_.CreateUser(record, AuditOf(actor, "user.add", record.user, "",
                                                              Describe(record.user))));
  return record.user;
}

Result<store::UserRecord> AccountService::RecordOf(const NewUser& user) {
  TORIKUMI_RETURN_IF_ERROR(CheckLogin(user.login));
  TORIKUMI_RETURN_IF_ERROR(CheckPassword(user.login, user.display_name, user.password));
  if (user.role == model::Role::kEditor && user.sections.empty()) {
    return Error::InvalidInput("所管課担当 (editor) には担当する課を一つ以上指定してください");
  }
  store::UserRecord record;
  record.user.login = user.login;
  record.user.display_name = user.display_name.empty() ? user.login : user.display_name;
  record.user.role = user.role;
  record.user.sections = user.sections;
  TORIKUMI_ASSIGN_OR_RETURN(record.password_hash, HashPassword(user.password));
  return record;
}

Result<std::vector<model::User>> AccountService::Users(const Actor& actor) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  return store_.ListUsers();
}

Result<void> AccountService::KeepAnAdministrator(const model::User& leaving) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto users, store_.ListUsers());
  const bool another = std::any_of(users.begin(), users.end(), [&](const model::User& u) {
    return u.id != leaving.id && u.role == model::Role::kAdministrator && !u.disabled;
  });
  if (!another) {
    return Error::Forbidden("「" + leaving.login +
                            "」はこの自治体の最後の管理者です。先にほかの管理者を置いてください");
  }
  return {};
}

Result<void> AccountService::UpdateUser(const Actor& actor, const model::User& user,
                                        std::optional<int> year) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(user.login));
  if (!record) return Error::NotFound("利用者「" + user.login + "」はいません");
  if (user.role == model::Role::kEditor && user.sections.empty()) {
    return Error::InvalidInput("所管課担当 (editor) には担当する課を一つ以上指定してください");
  }
  if (record->user.role == model::Role::kAdministrator &&
      user.role != model::Role::kAdministrator) {
    TORIKUMI_RETURN_IF_ERROR(KeepAnAdministrator(record->user));
  }
  const std::string before = Describe(record->user);
  const model::Role before_role = record->user.role;
  record->user.display_name = user.display_name.empty() ? user.login : user.display_name;
  record->user.role = user.role;
  if (year) {
    // The year's own assignments (人事異動 in April); other years keep theirs.
    if (record->user.SectionsIn(*year) != user.sections) {
      record->user.year_sections[*year] = user.sections;
    }
  } else {
    // Sections given here are the user's in every year: a year's own assignments, which a
    // reorganisation left, give way to them.
    if (record->user.sections != user.sections) record->user.year_sections.clear();
    record->user.sections = user.sections;
  }
  store::AuditEntry audit =
      AuditOf(actor, "user.update", record->user, before, Describe(record->user));
  if (before_role == user.role) return store_.UpdateUser(*record, audit);
  const store::SecurityEvent event = security_.EventBy(
      actor, SecurityEventKind::kRoleChanged, user.login, RoleChange(before_role, user.role));
  TORIKUMI_RETURN_IF_ERROR(store_.UpdateUser(*record, With(std::move(audit), event)));
  security_.Log(event);
  return {};
}

Result<void> AccountService::SetPassword(const Actor& actor, std::string_view login,
                                         std::string_view password, std::string_view current) {
  const bool self = !actor.IsCommandLine() && actor.user().login == login;
  if (!self && !actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  TORIKUMI_RETURN_IF_ERROR(CheckPassword(record->user.login, record->user.display_name, password));
  // A session left open on a shared desk does not let anyone take the account over, nor
  // guess its password more often than a sign-in may.
  if (self) {
    TORIKUMI_ASSIGN_OR_RETURN(
        const std::string attempt,
        ClaimAttempt(record->user.login, "", "パスワードの変更", actor.address()));
    if (!VerifyPassword(record->password_hash, current)) {
      RecordWrongPassword(actor, "パスワードの変更");
      return Error::InvalidInput("現在のパスワードが正しくありません");
    }
    TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  }
  TORIKUMI_ASSIGN_OR_RETURN(record->password_hash, HashPassword(password));
  // A password set by its user is theirs; one set by an administrator is not.
  record->user.must_change_password = !self && !actor.IsCommandLine();
  const store::SecurityEvent event =
      security_.EventBy(actor, SecurityEventKind::kPasswordChanged, record->user.login,
                        self                    ? "本人が変更"
                        : actor.IsCommandLine() ? "設定"
                                                : "管理者が設定 (次回ログイン時に変更)");
  TORIKUMI_RETURN_IF_ERROR(store_.UpdateUser(
      *record, With(AuditOf(actor, "user.password", record->user, "", "変更"), event)));
  security_.Log(event);
  return store_.DeleteSessionsOf(record->user.id);
}

void AccountService::RecordWrongPassword(const Actor& actor, std::string_view purpose) {
  if (actor.IsCommandLine()) return;
  security_.Record(security_.Event(SecurityEventKind::kSignInFailed, actor.user().id,
                                   actor.user().login, actor.address(),
                                   std::string(purpose) + ": 現在のパスワードが違います"));
}

Result<void> AccountService::SetDisabled(const Actor& actor, std::string_view login,
                                         bool disabled) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  if (disabled && record->user.role == model::Role::kAdministrator) {
    TORIKUMI_RETURN_IF_ERROR(KeepAnAdministrator(record->user));
  }
  const std::string before = Describe(record->user);
  record->user.disabled = disabled;
  const store::SecurityEvent event = security_.EventBy(
      actor, disabled ? SecurityEventKind::kUserDisabled : SecurityEventKind::kUserEnabled,
      record->user.login, disabled ? "無効にしました (ログイン中の端末も終了)" : "有効にしました");
  TORIKUMI_RETURN_IF_ERROR(
      store_.UpdateUser(*record, With(AuditOf(actor, disabled ? "user.disable" : "user.enable",
                                              record->user, before, Describe(record->user)),
                                      event)));
  security_.Log(event);
  if (disabled) return store_.DeleteSessionsOf(record->user.id);
  return {};
}

Result<std::vector<NewUser>> AccountService::AddSectionEditors(const Actor& actor, int year) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto facets, store_.ListFacets(store::SheetKey::Working(year)));
  if (facets.sections.empty())
    return Error::NotFound(std::to_string(year) + "年度のシートに課がありません");
  TORIKUMI_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
  std::set<std::string> covered;
  std::set<std::string> logins;
  for (const auto& u : users) {
    logins.insert(u.login);
    if (u.role == model::Role::kEditor) covered.insert(u.sections.begin(), u.sections.end());
  }
  std::vector<NewUser> added;
  int serial = 0;
  for (const std::string& section : facets.sections) {
    if (covered.count(section)) continue;
    NewUser user;
    do {
      char login[32];
      (void)std::snprintf(login, sizeof login, "section%02d", ++serial);
      user.login = login;
    } while (logins.count(user.login));
    user.display_name = section;
    user.role = model::Role::kEditor;
    user.sections = {section};
    user.password = RandomPassword();
    TORIKUMI_RETURN_IF_ERROR(AddUser(actor, user));
    logins.insert(user.login);
    added.push_back(std::move(user));
  }
  return added;
}

Result<std::optional<NewUser>> AccountService::EnsureAdministrator() {
  NewUser admin{"admin", "管理者", model::Role::kAdministrator, {}, RandomPassword()};
  TORIKUMI_ASSIGN_OR_RETURN(store::UserRecord record, RecordOf(admin));
  // Printed on a console, the password is the installer's to replace at the first sign-in.
  record.user.must_change_password = true;
  TORIKUMI_ASSIGN_OR_RETURN(
      auto created,
      store_.CreateFirstUser(record, AuditOf(Actor::CommandLine(), "user.add", record.user, "",
                                             Describe(record.user))));
  if (!created) return std::optional<NewUser>();
  return std::optional<NewUser>(std::move(admin));
}

// Failures are counted per account under the folded login, which every spelling of it
// shares.
std::string AccountService::AccountKey(std::string_view login) {
  return "login:" + text::FoldForMatching(login);
}

Result<std::string> AccountService::ClaimAttempt(std::string_view login, std::string_view address,
                                                 std::string_view purpose,
                                                 std::string_view seen_from) {
  const std::int64_t now = now_();
  const std::string account_key = AccountKey(login);
  const std::string address_key = "address:" + std::string(address);
  std::vector<store::Store::LoginLimit> limits{{account_key, kMaxFailuresPerAccount}};
  if (!address.empty()) limits.push_back({address_key, kMaxFailuresPerAddress});
  // Counted a failure before the secret is checked, so that parallel attempts cannot all
  // pass the limit that none of them has reached yet.
  std::string attempt = RandomToken(16);
  TORIKUMI_ASSIGN_OR_RETURN(const bool claimed,
                            store_.ClaimLoginAttempt(limits, now - kFailureWindow, now, attempt));
  if (!claimed) {
    // Every refusal is recorded: one small insert, where an attempt let through costs an
    // Argon2id check.
    std::optional<std::int64_t> user_id;
    if (auto user = store_.FindUserByLogin(login); user && *user) user_id = (*user)->user.id;
    security_.Record(
        security_.Event(SecurityEventKind::kLockedOut, user_id, login, seen_from,
                        std::string(purpose) + ": 失敗が続いたため、確かめずに拒否しました (" +
                            std::to_string(kFailureWindow / 60) + " 分にアカウントごと " +
                            std::to_string(kMaxFailuresPerAccount) + " 回、接続元ごと " +
                            std::to_string(kMaxFailuresPerAddress) + " 回まで)"));
    return TooManyFailures();
  }
  return attempt;
}

Result<NewSession> AccountService::Login(std::string_view login, std::string_view password,
                                         std::string_view address) {
  const std::int64_t now = now_();
  TORIKUMI_ASSIGN_OR_RETURN(const std::string attempt,
                            ClaimAttempt(login, address, "ログイン", address));
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  // Verify even for an unknown login, so that timing does not tell which logins exist.
  static const std::string kDecoyHash = HashPassword("decoy password").value();
  const bool verified = VerifyPassword(record ? record->password_hash : kDecoyHash, password);
  if (!record || !verified || record->user.disabled) {
    // The login as typed; what was wrong, which only administrators read.
    security_.Record(security_.Event(
        SecurityEventKind::kSignInFailed,
        record ? std::optional<std::int64_t>(record->user.id) : std::nullopt, login, address,
        !record     ? "このログイン名の利用者はいません"
        : !verified ? "パスワードが違います"
                    : "無効にされた利用者です"));
    return WrongCredentials();
  }
  TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  NewSession fresh{RandomToken(32), {record->user, RandomToken(32)}, record->user.second_factor};
  // With a second factor, the account's failures stay counted until its code is right:
  // knowing the password must not reset the limit on guessing codes.
  if (!fresh.second_factor_pending) {
    TORIKUMI_RETURN_IF_ERROR(store_.ClearLoginFailures(AccountKey(login)));
  }
  TORIKUMI_RETURN_IF_ERROR(store_.CreateSession(
      HashToken(fresh.token),
      {record->user.id, fresh.session.csrf_token, now, now, fresh.second_factor_pending}));
  // With a second factor, the sign-in is recorded once its code is right (CompleteLogin).
  if (!fresh.second_factor_pending) {
    security_.Record(security_.Event(SecurityEventKind::kSignIn, record->user.id,
                                     record->user.login, address, "パスワード"));
  }
  return fresh;
}

Result<model::User> AccountService::ActiveUser(std::int64_t id) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUser(id));
  if (!record || record->user.disabled) return Error::NotFound("ログインしていません");
  return std::move(record->user);
}

Result<Session> AccountService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return Error::NotFound("ログインしていません");
  const std::string hash = HashToken(token);
  TORIKUMI_ASSIGN_OR_RETURN(auto session, store_.FindSession(hash));
  if (!session || session->second_factor_pending) return Error::NotFound("ログインしていません");
  const std::int64_t now = now_();
  if (now - session->last_seen_at > kIdleTimeout || now - session->created_at > kAbsoluteTimeout) {
    TORIKUMI_RETURN_IF_ERROR(store_.DeleteSession(hash));
    return Error::NotFound("ログインの有効期限が切れました。もう一度ログインしてください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto user, ActiveUser(session->user_id));
  // Touching at most once a minute keeps reads from writing on every request.
  if (now - session->last_seen_at >= 60) {
    TORIKUMI_RETURN_IF_ERROR(EvenOnAFullDisk(store_.TouchSession(hash, now)));
  }
  bool must_enrol = false;
  if (!user.second_factor &&
      (user.role == model::Role::kAdministrator || user.role == model::Role::kCoordinator)) {
    TORIKUMI_ASSIGN_OR_RETURN(must_enrol, store_.SecondFactorRequired());
  }
  return Session{std::move(user), session->csrf_token, must_enrol};
}

Result<void> AccountService::Logout(const Actor& actor, std::string_view token) {
  TORIKUMI_RETURN_IF_ERROR(store_.DeleteSession(HashToken(token)));
  if (!actor.IsCommandLine()) {
    security_.Record(
        security_.EventBy(actor, SecurityEventKind::kSignOut, actor.user().login, "この端末"));
  }
  return {};
}

Result<void> AccountService::LogoutEverywhere(const Actor& actor) {
  if (actor.IsCommandLine()) return {};
  TORIKUMI_RETURN_IF_ERROR(store_.DeleteSessionsOf(actor.user().id));
  security_.Record(
      security_.EventBy(actor, SecurityEventKind::kSignOut, actor.user().login, "すべての端末"));
  return {};
}

Result<std::string> AccountService::IssueApiToken(const Actor& actor, std::string_view login,
                                                  std::string_view name, int days) {
  if (!actor.IsAdministrator()) return Error::Forbidden("API トークンは管理者だけが発行できます");
  if (days < 1 || days > kMaxTokenDays) {
    return Error::InvalidInput("API トークンの有効期間は 1 日から " +
                               std::to_string(kMaxTokenDays) + " 日までです");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  std::string token = "tk_" + RandomToken(32);
  const std::string expires_at = UtcTime(now_() + std::int64_t(days) * 24 * 60 * 60);
  const std::string described = std::string(name) + " (" + expires_at.substr(0, 10) + " まで)";
  const store::SecurityEvent event = security_.EventBy(actor, SecurityEventKind::kApiTokenIssued,
                                                       record->user.login, "「" + described + "」");
  TORIKUMI_RETURN_IF_ERROR(store_.CreateApiToken(
      HashToken(token), record->user.id, name, expires_at,
      With(AuditOf(actor, "api_token.issue", record->user, "", described), event)));
  security_.Log(event);
  return token;
}

Result<model::User> AccountService::AuthenticateBearer(std::string_view token,
                                                       std::string_view address) {
  if (token.empty() || token.size() > 128) return Error::NotFound("トークンが正しくありません");
  const std::string hash = HashToken(token);
  TORIKUMI_ASSIGN_OR_RETURN(auto use, store_.FindApiToken(hash));
  if (!use) return Error::NotFound("トークンが正しくありません");
  // ISO 8601 UTC times of one form compare as text.
  if (!use->expires_at.empty() && use->expires_at <= UtcTime(now_())) {
    return Error::NotFound("トークンの有効期限が切れました");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto user, ActiveUser(use->user_id));
  // Kept to the hour, so that a busy client writes once an hour rather than every call. Its
  // use is a security event at the same moment: the token's first use in each hour, from
  // where, which costs the API's hot path no write that it did not make already.
  const std::string hour = UtcTime(now_()).substr(0, 13);
  if (!use->last_used_at.starts_with(hour)) {
    TORIKUMI_RETURN_IF_ERROR(EvenOnAFullDisk(store_.TouchApiToken(hash, hour + ":00:00Z")));
    security_.Record(security_.Event(SecurityEventKind::kApiTokenUsed, user.id, user.login, address,
                                     "「" + use->name + "」のこの 1 時間で最初の利用"));
  }
  return user;
}

Result<std::vector<store::ApiTokenRecord>> AccountService::ApiTokens(const Actor& actor,
                                                                     std::string_view login) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  return store_.ApiTokens(record->user.id);
}

Result<void> AccountService::RevokeApiToken(const Actor& actor, std::string_view login,
                                            std::string_view id) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  TORIKUMI_ASSIGN_OR_RETURN(auto tokens, store_.ApiTokens(record->user.id));
  auto token = std::find_if(tokens.begin(), tokens.end(),
                            [&](const store::ApiTokenRecord& t) { return t.id == id; });
  if (token == tokens.end()) return Error::NotFound("この API トークンはありません");
  const store::SecurityEvent event = security_.EventBy(
      actor, SecurityEventKind::kApiTokenRevoked, record->user.login, "「" + token->name + "」");
  TORIKUMI_RETURN_IF_ERROR(store_.RevokeApiToken(
      record->user.id, id,
      With(AuditOf(actor, "api_token.revoke", record->user, token->name, ""), event)));
  security_.Log(event);
  return {};
}

Result<UsersImport> AccountService::ImportUsers(const Actor& actor, std::string_view file_name,
                                                std::string_view bytes, std::optional<int> year) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  const std::string file(file_name);
  TORIKUMI_ASSIGN_OR_RETURN(auto text, text::DecodeText(bytes));
  TORIKUMI_ASSIGN_OR_RETURN(auto records, sheet::ReadDelimited(text.utf8(), ','));
  UsersImport result;
  std::vector<store::UserRecord> saved;
  std::vector<store::AuditEntry> audits;
  std::set<std::string> seen;
  for (const sheet::Record& row : records) {
    auto wrong = [&](const std::string& message) {
      return Error::InvalidInput(message, Location{file, row.line, 0});
    };
    std::vector<std::string> cells = row.cells;
    cells.resize(std::max<std::size_t>(cells.size(), 4));
    for (auto& cell : cells) cell = std::string(text::Trim(cell));
    if (std::all_of(cells.begin(), cells.end(), [](const auto& c) { return c.empty(); })) continue;
    if (row.line == records.front().line && (cells[0] == "login" || cells[0] == "ログイン名")) {
      continue;  // the header
    }
    if (row.cells.size() > 4) return wrong("列は ログイン名, 表示名, 役割, 担当課 の 4 つです");
    if (auto checked = CheckLogin(cells[0]); !checked) return wrong(checked.error().message());
    if (!seen.insert(cells[0]).second)
      return wrong("ログイン名「" + cells[0] + "」が重複しています");
    const auto role = model::ParseRole(cells[2]);
    if (!role) {
      return wrong("役割「" + cells[2] +
                   "」は administrator, coordinator, editor, viewer (管理者, 企画担当, 所管課担当, "
                   "閲覧者) のいずれかです");
    }
    const std::vector<std::string> sections = text::SplitCoOwners({cells[3]});
    if (*role == model::Role::kEditor && sections.empty()) {
      return wrong("所管課担当 (editor) には担当する課を一つ以上指定してください");
    }
    // Only the file's users are read, each once (logins repeat nowhere in it).
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, store_.FindUserByLogin(cells[0]));
    if (!stored) {
      NewUser user{cells[0], cells[1], *role, sections, RandomPassword()};
      TORIKUMI_ASSIGN_OR_RETURN(store::UserRecord record, RecordOf(user));
      if (year) {
        record.user.sections.clear();
        record.user.year_sections[*year] = sections;
      }
      audits.push_back(AuditOf(actor, "user.add", record.user, "", Describe(record.user)));
      saved.push_back(std::move(record));
      result.added.push_back(std::move(user));
      continue;
    }
    store::UserRecord record = std::move(*stored);
    const std::string before = Describe(record.user);
    const model::Role before_role = record.user.role;
    if (!cells[1].empty()) record.user.display_name = cells[1];
    record.user.role = *role;
    if (year) {
      if (record.user.SectionsIn(*year) != sections) record.user.year_sections[*year] = sections;
    } else if (record.user.sections != sections) {
      record.user.year_sections.clear();
      record.user.sections = sections;
    }
    const std::string after = Describe(record.user);
    if (after == before) {
      ++result.unchanged;
      continue;
    }
    audits.push_back(AuditOf(actor, "user.update", record.user, before, after));
    if (before_role != *role) {
      audits.back().security_event =
          security_.EventBy(actor, SecurityEventKind::kRoleChanged, record.user.login,
                            RoleChange(before_role, *role) + " (" + file + ")");
    }
    result.changed.push_back({record.user.login, before, after});
    saved.push_back(std::move(record));
  }
  TORIKUMI_RETURN_IF_ERROR(store_.SaveUsers(saved, audits));
  for (const store::AuditEntry& audit : audits) {
    if (audit.security_event) security_.Log(*audit.security_event);
  }
  return result;
}

Result<std::string> AccountService::ResetPassword(const Actor& actor, std::string_view login) {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  // One's own password changes with the current one (SetPassword), never around it.
  if (!actor.IsCommandLine() && actor.user().login == login) {
    return Error::Forbidden(
        "自分のパスワードは「アカウント」で、今のパスワードとともに変えてください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  std::string password = RandomPassword();
  TORIKUMI_ASSIGN_OR_RETURN(record->password_hash, HashPassword(password));
  record->user.must_change_password = true;
  const store::SecurityEvent event =
      security_.EventBy(actor, SecurityEventKind::kPasswordReset, record->user.login,
                        "新しいパスワードを発行 (次回ログイン時に変更、ログイン中の端末も終了)");
  TORIKUMI_RETURN_IF_ERROR(store_.UpdateUser(
      *record,
      With(AuditOf(actor, "user.password_reset", record->user, "", "再設定 (次回変更)"), event)));
  security_.Log(event);
  TORIKUMI_RETURN_IF_ERROR(store_.DeleteSessionsOf(record->user.id));
  return password;
}

bool AccountService::CsrfMatches(const Session& session, std::string_view candidate) {
  EnsureSodium();
  return !session.csrf_token.empty() && candidate.size() == session.csrf_token.size() &&
         sodium_memcmp(candidate.data(), session.csrf_token.data(), candidate.size()) == 0;
}

}  // namespace torikumi::service
