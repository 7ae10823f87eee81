// AccountService's second factors: TOTP enrolment, the second step of a login, recovery
// codes, and the municipality's demand for them.

#include <algorithm>

#include "service/account_service.h"
#include "service/credentials.h"

namespace torikumi::service {
namespace {

Error NoSecondFactor() { return Error::NotFound("二段階認証は設定されていません"); }

Error WrongCode() {
  return Error::InvalidInput(
      "確認コードが違います。認証アプリの 6 桁か、未使用の回復コードを入力してください");
}

store::AuditEntry AuditOf(const Actor& actor, std::string action, const model::User& user,
                          std::string after) {
  return {actor.user_id(), std::move(action), "user " + user.login, "", std::move(after)};
}

using model::SecurityEventKind;

std::vector<std::string> NewRecoveryCodesFor(std::vector<std::string>& hashes) {
  std::vector<std::string> codes;
  for (int k = 0; k < AccountService::kRecoveryCodes; ++k) {
    codes.push_back(NewRecoveryCode());
    hashes.push_back(HashRecoveryCode(codes.back()));
  }
  return codes;
}

}  // namespace

Result<store::UserRecord> AccountService::OwnRecord(const Actor& actor) {
  if (actor.IsCommandLine()) return Error::Forbidden("二段階認証は各自がログインして設定します");
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUser(actor.user().id));
  if (!record || record->user.disabled) return Error::NotFound("ログインしていません");
  return std::move(*record);
}

Result<NewSession> AccountService::CompleteLogin(std::string_view pending_token,
                                                 std::string_view code, std::string_view address) {
  const std::int64_t now = now_();
  const std::string pending_hash = HashToken(pending_token);
  TORIKUMI_ASSIGN_OR_RETURN(auto pending, store_.FindSession(pending_hash));
  if (!pending || !pending->second_factor_pending ||
      now - pending->created_at > kSecondFactorTimeout) {
    return Error::NotFound("ログインの有効期限が切れました。もう一度ログインしてください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUser(pending->user_id));
  if (!record || record->user.disabled || record->totp_secret.empty()) {
    return Error::NotFound("ログインしていません");
  }
  TORIKUMI_ASSIGN_OR_RETURN(const std::string attempt,
                            ClaimAttempt(record->user.login, address, "確認コード", address));
  bool passed = false;
  std::string how = "パスワードと確認コード";
  if (const auto step = TotpStepOf(record->totp_secret, code, now)) {
    TORIKUMI_ASSIGN_OR_RETURN(passed, store_.UseTotpStep(record->user.id, *step));
  } else {
    TORIKUMI_ASSIGN_OR_RETURN(const auto unused, store_.UnusedRecoveryCodes(record->user.id));
    for (const std::string& stored : unused) {
      if (!RecoveryCodeMatches(stored, code)) continue;
      TORIKUMI_ASSIGN_OR_RETURN(
          passed, store_.UseRecoveryCode(
                      record->user.id, stored, now,
                      AuditOf(Actor::Staff(record->user), "user.recovery_code", record->user,
                              "残り " + std::to_string(unused.size() - 1))));
      how = "パスワードと回復コード (残り " + std::to_string(unused.size() - 1) + ")";
      break;
    }
  }
  if (!passed) {
    security_.Record(security_.Event(SecurityEventKind::kSecondFactorFailed, record->user.id,
                                     record->user.login, address,
                                     "ログインの確認コードが違うか、使用済みです"));
    return WrongCode();
  }
  TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  TORIKUMI_RETURN_IF_ERROR(store_.ClearLoginFailures(AccountKey(record->user.login)));
  TORIKUMI_RETURN_IF_ERROR(store_.DeleteSession(pending_hash));
  // A new token: the one that waited for the code is worthless after it.
  NewSession fresh{RandomToken(32), {record->user, RandomToken(32)}};
  TORIKUMI_RETURN_IF_ERROR(store_.CreateSession(
      HashToken(fresh.token), {record->user.id, fresh.session.csrf_token, now, now}));
  security_.Record(security_.Event(SecurityEventKind::kSignIn, record->user.id, record->user.login,
                                   address, how));
  return fresh;
}

Result<SecondFactorEnrolment> AccountService::BeginSecondFactor(const Actor& actor) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  // Until confirmed, the new key waits beside the one in use, if any.
  const store::SecondFactorRecord factor{record.totp_secret, NewTotpSecret(),
                                         record.totp_last_step};
  TORIKUMI_RETURN_IF_ERROR(store_.SaveSecondFactor(
      record.user.id, factor, AuditOf(actor, "user.second_factor.begin", record.user, "")));
  return PendingSecondFactor(actor);
}

Result<SecondFactorEnrolment> AccountService::PendingSecondFactor(const Actor& actor) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  if (record.totp_pending.empty()) return Error::NotFound("設定中の二段階認証はありません");
  TORIKUMI_ASSIGN_OR_RETURN(const auto municipality, store_.ThisMunicipality());
  const std::string issuer =
      municipality.name.empty() ? "torikumi" : municipality.name + " torikumi";
  return SecondFactorEnrolment{record.totp_pending,
                               TotpUri(issuer, record.user.login, record.totp_pending)};
}

Result<std::vector<std::string>> AccountService::ConfirmSecondFactor(const Actor& actor,
                                                                     std::string_view code) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  if (record.totp_pending.empty()) return Error::NotFound("設定中の二段階認証はありません");
  TORIKUMI_ASSIGN_OR_RETURN(
      const std::string attempt,
      ClaimAttempt(record.user.login, "", "二段階認証の設定", actor.address()));
  const auto step = TotpStepOf(record.totp_pending, code, now_());
  if (!step) {
    security_.Record(security_.EventBy(actor, SecurityEventKind::kSecondFactorFailed,
                                       record.user.login,
                                       "二段階認証の設定で確認コードが違います"));
    return Error::InvalidInput(
        "確認コードが違います。認証アプリに表示されている 6 桁を入力してください");
  }
  TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  store::SecondFactorRecord factor{record.totp_pending, "", std::max(*step, record.totp_last_step),
                                   std::vector<std::string>()};
  std::vector<std::string> codes = NewRecoveryCodesFor(*factor.recovery_hashes);
  TORIKUMI_RETURN_IF_ERROR(store_.SaveSecondFactor(
      record.user.id, factor, AuditOf(actor, "user.second_factor.enrol", record.user, "有効")));
  return codes;
}

Result<std::vector<std::string>> AccountService::NewRecoveryCodes(const Actor& actor,
                                                                  std::string_view password) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  if (record.totp_secret.empty()) return NoSecondFactor();
  TORIKUMI_ASSIGN_OR_RETURN(
      const std::string attempt,
      ClaimAttempt(record.user.login, "", "回復コードの作り直し", actor.address()));
  if (!VerifyPassword(record.password_hash, password)) {
    RecordWrongPassword(actor, "回復コードの作り直し");
    return Error::InvalidInput("現在のパスワードが正しくありません");
  }
  TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  store::SecondFactorRecord factor{record.totp_secret, "", record.totp_last_step,
                                   std::vector<std::string>()};
  std::vector<std::string> codes = NewRecoveryCodesFor(*factor.recovery_hashes);
  TORIKUMI_RETURN_IF_ERROR(store_.SaveSecondFactor(
      record.user.id, factor,
      AuditOf(actor, "user.second_factor.recovery_codes", record.user, "作り直し")));
  return codes;
}

Result<void> AccountService::RemoveSecondFactor(const Actor& actor, std::string_view password) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  if (record.totp_secret.empty() && record.totp_pending.empty()) return NoSecondFactor();
  const bool demanded = record.user.role == model::Role::kAdministrator ||
                        record.user.role == model::Role::kCoordinator;
  TORIKUMI_ASSIGN_OR_RETURN(const bool required, store_.SecondFactorRequired());
  if (demanded && required && !record.totp_secret.empty()) {
    return Error::Forbidden("管理者と企画担当は二段階認証を外せません (この自治体の設定)");
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      const std::string attempt,
      ClaimAttempt(record.user.login, "", "二段階認証を外す", actor.address()));
  if (!VerifyPassword(record.password_hash, password)) {
    RecordWrongPassword(actor, "二段階認証を外す");
    return Error::InvalidInput("現在のパスワードが正しくありません");
  }
  TORIKUMI_RETURN_IF_ERROR(store_.ForgetLoginAttempt(attempt));
  return store_.SaveSecondFactor(record.user.id, {"", "", 0, std::vector<std::string>()},
                                 AuditOf(actor, "user.second_factor.remove", record.user, "無効"));
}

Result<int> AccountService::UnusedRecoveryCodes(const Actor& actor) {
  TORIKUMI_ASSIGN_OR_RETURN(auto record, OwnRecord(actor));
  TORIKUMI_ASSIGN_OR_RETURN(const auto unused, store_.UnusedRecoveryCodes(record.user.id));
  return int(unused.size());
}

Result<void> AccountService::ResetSecondFactor(const Actor& actor, std::string_view login) {
  if (!actor.IsAdministrator()) return Error::Forbidden("利用者の管理は管理者だけができます");
  if (!actor.IsCommandLine() && actor.user().login == login) {
    return Error::Forbidden("自分の二段階認証は「アカウント」で、パスワードとともに外してください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto record, store_.FindUserByLogin(login));
  if (!record) return Error::NotFound("利用者「" + std::string(login) + "」はいません");
  if (record->totp_secret.empty() && record->totp_pending.empty()) return NoSecondFactor();
  store::AuditEntry audit = AuditOf(actor, "user.second_factor.reset", record->user, "解除");
  audit.security_event =
      security_.EventBy(actor, SecurityEventKind::kSecondFactorReset, record->user.login,
                        "二段階認証を解除 (ログイン中の端末も終了)");
  TORIKUMI_RETURN_IF_ERROR(
      store_.SaveSecondFactor(record->user.id, {"", "", 0, std::vector<std::string>()}, audit));
  security_.Log(*audit.security_event);
  return store_.DeleteSessionsOf(record->user.id);
}

Result<bool> AccountService::SecondFactorRequired() { return store_.SecondFactorRequired(); }

Result<void> AccountService::RequireSecondFactor(const Actor& actor, bool required) {
  if (!actor.IsAdministrator()) return Error::Forbidden("利用者の管理は管理者だけができます");
  return store_.RequireSecondFactor(
      required, {actor.user_id(), "municipality.second_factor", "municipality", "",
                 required ? "管理者と企画担当に必須" : "任意"});
}

}  // namespace torikumi::service
