#ifndef TORIKUMI_MODEL_SECURITY_EVENT_H_
#define TORIKUMI_MODEL_SECURITY_EVENT_H_

#include <optional>
#include <span>
#include <string_view>

namespace torikumi::model {

// The kinds of security event (セキュリティの記録, OWASP ASVS 4.0.3 V7): what happened to a
// sign-in, a session, an account's credentials or role, an API token, or a request refused.
enum class SecurityEventKind {
  kSignIn,        // a session begun (after the second factor, when the user has one)
  kSignInFailed,  // a wrong login or password, a disabled user, a wrong current password
  kLockedOut,     // an attempt refused unchecked: too many failures for the account or address
  kSignOut,       // a session ended by its user (or every session: すべての端末)
  kSecondFactorFailed,  // a wrong code of the authenticator app or a recovery code
  kSecondFactorReset,   // an administrator removed a user's second factor
  kPasswordChanged,     // set by its user, or by an administrator to a chosen password
  kPasswordReset,       // an administrator gave a random password, to change at sign-in
  kRoleChanged,
  kUserDisabled,
  kUserEnabled,
  kApiTokenIssued,
  kApiTokenUsed,  // a token's first use in each hour (see AccountService::AuthenticateBearer)
  kApiTokenRevoked,
  kForbidden,  // any request answered 403
};

// Every kind, in the order above (the order of the page's filter).
std::span<const SecurityEventKind> SecurityEventKinds();
// "sign_in_failed": as stored, exported and logged.
std::string_view SecurityEventName(SecurityEventKind kind);
// ログイン失敗: as the administrators' page shows it.
std::string_view SecurityEventLabel(SecurityEventKind kind);
// A kind by its name; nullopt for none.
std::optional<SecurityEventKind> ParseSecurityEventKind(std::string_view name);

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_SECURITY_EVENT_H_
