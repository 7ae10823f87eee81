#include "model/security_event.h"

#include <array>

namespace torikumi::model {
namespace {

struct Named {
  SecurityEventKind kind;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<Named, 15> kKinds{{
    {SecurityEventKind::kSignIn, "sign_in", "ログイン"},
    {SecurityEventKind::kSignInFailed, "sign_in_failed", "ログイン失敗"},
    {SecurityEventKind::kLockedOut, "locked_out", "ログイン制限"},
    {SecurityEventKind::kSignOut, "sign_out", "ログアウト"},
    {SecurityEventKind::kSecondFactorFailed, "second_factor_failed", "確認コードの誤り"},
    {SecurityEventKind::kSecondFactorReset, "second_factor_reset", "二段階認証の解除"},
    {SecurityEventKind::kPasswordChanged, "password_changed", "パスワード変更"},
    {SecurityEventKind::kPasswordReset, "password_reset", "パスワード再設定"},
    {SecurityEventKind::kRoleChanged, "role_changed", "役割の変更"},
    {SecurityEventKind::kUserDisabled, "user_disabled", "利用者の無効化"},
    {SecurityEventKind::kUserEnabled, "user_enabled", "利用者の有効化"},
    {SecurityEventKind::kApiTokenIssued, "api_token_issued", "API トークン発行"},
    {SecurityEventKind::kApiTokenUsed, "api_token_used", "API トークン利用"},
    {SecurityEventKind::kApiTokenRevoked, "api_token_revoked", "API トークン取り消し"},
    {SecurityEventKind::kForbidden, "forbidden", "アクセス拒否 (403)"},
}};

constexpr std::array<SecurityEventKind, kKinds.size()> kAll = [] {
  std::array<SecurityEventKind, kKinds.size()> all{};
  for (std::size_t k = 0; k < kKinds.size(); ++k) all[k] = kKinds[k].kind;
  return all;
}();

const Named& Of(SecurityEventKind kind) {
  for (const Named& n : kKinds) {
    if (n.kind == kind) return n;
  }
  return kKinds.back();
}

}  // namespace

std::span<const SecurityEventKind> SecurityEventKinds() { return kAll; }

std::string_view SecurityEventName(SecurityEventKind kind) { return Of(kind).name; }

std::string_view SecurityEventLabel(SecurityEventKind kind) { return Of(kind).label; }

std::optional<SecurityEventKind> ParseSecurityEventKind(std::string_view name) {
  for (const Named& n : kKinds) {
    if (n.name == name) return n.kind;
  }
  return std::nullopt;
}

}  // namespace torikumi::model
