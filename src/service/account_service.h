#ifndef TORIKUMI_SERVICE_ACCOUNT_SERVICE_H_
#define TORIKUMI_SERVICE_ACCOUNT_SERVICE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/error.h"
#include "service/actor.h"
#include "service/clock.h"
#include "service/security_log.h"
#include "store/store.h"

namespace torikumi::service {

// A signed-in browser: its user, and the CSRF token its forms must carry.
struct Session {
  model::User user;
  std::string csrf_token;
  // The municipality requires a second factor of the user's role and the user has none yet:
  // enrolling it comes before anything else.
  bool must_enrol_second_factor = false;
};

// What a successful login hands the browser: the session token for its cookie. The
// database keeps only the token's hash. When the user has a second factor, the session
// waits for its code (CompleteLogin) and opens nothing before.
struct NewSession {
  std::string token;
  Session session;
  bool second_factor_pending = false;
};

// A second factor being enrolled: the base32 key to type, and the otpauth:// URI that an
// authenticator app reads from a QR code.
struct SecondFactorEnrolment {
  std::string secret;
  std::string uri;
};

struct NewUser {
  std::string login;
  std::string display_name;
  model::Role role = model::Role::kViewer;
  std::vector<std::string> sections;
  std::string password;
};

// What a CSV of users changed: the users added (with their passwords, shown once), each
// user changed with before and after, and how many rows changed nothing.
struct UsersImport {
  struct Change {
    std::string login;
    std::string before;
    std::string after;
  };
  std::vector<NewUser> added;
  std::vector<Change> changed;
  int unchanged = 0;
};

// Accounts, sessions and tokens. Passwords are hashed with Argon2id; sessions expire after
// kIdleTimeout without use and kAbsoluteTimeout after login; failed logins are limited per
// account and per address. Sign-ins and their failures, lockouts, sign-outs, changes of
// passwords, roles and second factors, and API tokens issued, used and revoked are security
// events (SecurityLog); a change's event is written in the change's transaction.
class AccountService {
 public:
  static constexpr std::int64_t kIdleTimeout = 2 * 60 * 60;
  static constexpr std::int64_t kAbsoluteTimeout = 12 * 60 * 60;
  static constexpr std::int64_t kFailureWindow = 15 * 60;
  static constexpr int kMaxFailuresPerAccount = 5;
  static constexpr int kMaxFailuresPerAddress = 20;
  static constexpr std::size_t kMinPasswordLength = 12;  // characters, as ASVS 2.1.1 asks
  static constexpr std::size_t kMaxPasswordLength = 128;

  explicit AccountService(store::Store& store, Clock now = nullptr);

  // Contracts below: who may call, and the error codes returned besides kIo (storage).
  // Administrators and the command line. Forbidden, InvalidInput (login, role, password,
  // an editor without sections), Conflict (login taken).
  Result<model::User> AddUser(const Actor& actor, const NewUser& user);
  // Administrators. Forbidden.
  Result<std::vector<model::User>> Users(const Actor& actor);
  // Administrators: saves display name, role and sections of the user `user.login`: the
  // sections of every year, or with `year` that year's own (人事異動), which other years do
  // not see. Forbidden, InvalidInput, NotFound.
  Result<void> UpdateUser(const Actor& actor, const model::User& user,
                          std::optional<int> year = std::nullopt);
  // Administrators and the command line: adds or changes the users of a CSV file (UTF-8 or
  // CP932; an optional header row) of login, display name, role (editor or 所管課担当, …)
  // and sections (separated by spaces or 、), all or none: a bad row is InvalidInput with its
  // file and line, and nothing is written. With `year`, the sections are that year's own
  // (人事異動); a new user gets a random password. Forbidden, InvalidInput, Conflict.
  Result<UsersImport> ImportUsers(const Actor& actor, std::string_view file_name,
                                  std::string_view bytes, std::optional<int> year);
  // Administrators: a new random password, returned to be shown once, which the user must
  // change at the next sign-in; ends the user's sessions. Forbidden, NotFound.
  Result<std::string> ResetPassword(const Actor& actor, std::string_view login);
  // An administrator for anyone else, a user for themself with `current` their password now
  // (which clears a reset's demand to change it). Ends the user's sessions.
  // Forbidden, InvalidInput (too short, the login itself, `current` wrong), NotFound.
  Result<void> SetPassword(const Actor& actor, std::string_view login, std::string_view password,
                           std::string_view current = "");
  // Administrators; disabling also ends every session of the user. Forbidden (also for the
  // last active administrator, whom neither this nor UpdateUser may remove), NotFound.
  Result<void> SetDisabled(const Actor& actor, std::string_view login, bool disabled);

  // Administrators: creates one editor per section of the year's sheet that has no editor
  // yet, with a random password each; returns them with their passwords, to be shown once.
  // Forbidden, NotFound.
  Result<std::vector<NewUser>> AddSectionEditors(const Actor& actor, int year);
  // When there is no user at all, creates the administrator "admin" with a random password
  // to be changed at the first sign-in, and returns it, to be shown once; nullopt otherwise.
  Result<std::optional<NewUser>> EnsureAdministrator();

  // Refuses with InvalidInput (wrong login or password, said without telling which) or
  // Forbidden (too many failures: try again later). Logins match folded ("Admin" is "admin").
  Result<NewSession> Login(std::string_view login, std::string_view password,
                           std::string_view address);
  // The second step of a login for a user with a second factor: `pending_token` is the
  // token Login handed out, `code` the six digits of the authenticator app or one unused
  // recovery code. Returns a new session in its place. Failures count as failed logins.
  // NotFound (no such pending login, or older than kSecondFactorTimeout), InvalidInput
  // (wrong code), Forbidden (too many failures).
  static constexpr std::int64_t kSecondFactorTimeout = 5 * 60;
  static constexpr int kRecoveryCodes = 10;
  Result<NewSession> CompleteLogin(std::string_view pending_token, std::string_view code,
                                   std::string_view address);

  // Second factors (TOTP, RFC 6238). Each user for themself: BeginSecondFactor makes a new
  // key to enrol (replacing one being enrolled); PendingSecondFactor shows it again;
  // ConfirmSecondFactor with a code of the app turns it on and returns kRecoveryCodes
  // recovery codes, to be shown once. NotFound (nothing being enrolled), InvalidInput.
  Result<SecondFactorEnrolment> BeginSecondFactor(const Actor& actor);
  Result<SecondFactorEnrolment> PendingSecondFactor(const Actor& actor);
  Result<std::vector<std::string>> ConfirmSecondFactor(const Actor& actor, std::string_view code);
  // Each user for themself, with their password: new recovery codes in place of the old
  // ones, or the second factor turned off (Forbidden when the municipality requires one of
  // the user's role). InvalidInput (password), NotFound (no second factor).
  Result<std::vector<std::string>> NewRecoveryCodes(const Actor& actor, std::string_view password);
  Result<void> RemoveSecondFactor(const Actor& actor, std::string_view password);
  // The user's recovery codes not yet used.
  Result<int> UnusedRecoveryCodes(const Actor& actor);
  // Administrators, for another user who lost their device: removes the second factor and
  // ends the user's sessions. Forbidden (one's own), NotFound.
  Result<void> ResetSecondFactor(const Actor& actor, std::string_view login);
  // Everyone: whether administrators and coordinators must have a second factor.
  // Administrators set it. Forbidden.
  Result<bool> SecondFactorRequired();
  Result<void> RequireSecondFactor(const Actor& actor, bool required);
  // The session of a cookie token; NotFound when unknown, expired or the user is disabled.
  Result<Session> Authenticate(std::string_view token);
  // The session's user: ends the session of `token`.
  Result<void> Logout(const Actor& actor, std::string_view token);
  // Staff: ends every session of the actor.
  Result<void> LogoutEverywhere(const Actor& actor);

  // Administrators issue bearer tokens for other systems, each valid `days` from now (at
  // most a year); the token is shown once. Forbidden, InvalidInput (days), NotFound (no
  // such user).
  static constexpr int kDefaultTokenDays = 90;
  static constexpr int kMaxTokenDays = 365;
  Result<std::string> IssueApiToken(const Actor& actor, std::string_view login,
                                    std::string_view name, int days = kDefaultTokenDays);
  // Administrators: a user's tokens (name, created, last used), and revoking one by its id.
  // Forbidden, NotFound.
  Result<std::vector<store::ApiTokenRecord>> ApiTokens(const Actor& actor, std::string_view login);
  Result<void> RevokeApiToken(const Actor& actor, std::string_view login, std::string_view id);
  // The active user a bearer token stands for, noting the token's use from `address`;
  // NotFound when unknown or disabled.
  Result<model::User> AuthenticateBearer(std::string_view token, std::string_view address = "");

  // Constant-time comparison of a form's CSRF token with the session's.
  static bool CsrfMatches(const Session& session, std::string_view candidate);

 private:
  // The stored form of a new user: login, password and sections checked, password hashed.
  Result<store::UserRecord> RecordOf(const NewUser& user);
  // Length, the login and name, and cracklib's dictionary of common passwords.
  Result<void> CheckPassword(std::string_view login, std::string_view display_name,
                             std::string_view password) const;
  static std::string AccountKey(std::string_view login);
  // Claims a login attempt on the account (and the address, when given), as Login does. A
  // refusal is recorded as a lockout of `purpose` (ログイン, …) seen from `seen_from`.
  Result<std::string> ClaimAttempt(std::string_view login, std::string_view address,
                                   std::string_view purpose, std::string_view seen_from);
  // Records a wrong password given by the signed-in `actor` for `purpose`.
  void RecordWrongPassword(const Actor& actor, std::string_view purpose);
  // Forbidden when `leaving` is the municipality's last active administrator.
  Result<void> KeepAnAdministrator(const model::User& leaving);
  // The user's own record with its second factor; NotFound.
  Result<store::UserRecord> OwnRecord(const Actor& actor);
  Result<model::User> ActiveUser(std::int64_t id);

  store::Store& store_;
  Clock now_;
  SecurityLog security_;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_ACCOUNT_SERVICE_H_
