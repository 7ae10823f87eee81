#ifndef TORIKUMI_SERVICE_ACTOR_H_
#define TORIKUMI_SERVICE_ACTOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "model/account.h"
#include "model/initiative.h"

namespace torikumi::service {

// Who asks the service layer to act: a signed-in staff member, or the command line, which
// is run by whoever administers the installation and may do everything. The public never
// acts; it only reads publications through PortalService.
class Actor {
 public:
  static Actor CommandLine() { return Actor(std::nullopt, ""); }
  // `address`: where the staff member acts from (the client's address), for the security
  // events; "" when unknown.
  static Actor Staff(model::User user, std::string address = "") {
    return Actor(std::move(user), std::move(address));
  }

  bool IsCommandLine() const { return !user_; }
  // REQUIRES: !IsCommandLine()
  const model::User& user() const { return *user_; }
  std::optional<std::int64_t> user_id() const {
    return user_ ? std::optional<std::int64_t>(user_->id) : std::nullopt;
  }
  std::string name() const { return user_ ? user_->display_name : "コマンドライン"; }
  const std::string& address() const { return address_; }

  bool IsAdministrator() const { return !user_ || user_->role == model::Role::kAdministrator; }
  // The planning division's powers: every initiative, the review cycle, publication.
  bool IsCoordinator() const {
    return IsAdministrator() || user_->role == model::Role::kCoordinator;
  }
  // Staff who may read drafts: everyone signed in.
  bool MayReadDrafts() const { return true; }

  // An editor of the initiative's owner section (所管課) in fiscal year `year`, or a
  // coordinator.
  bool Owns(int year, const model::Initiative& initiative) const;
  // An editor of one of the initiative's co-owner sections (共同所管) in `year`.
  bool CoOwns(int year, const model::Initiative& initiative) const;
  // An editor assigned to `section` in `year` (model::User::SectionsIn).
  bool HasSection(int year, std::string_view section) const;

 private:
  Actor(std::optional<model::User> user, std::string address)
      : user_(std::move(user)), address_(std::move(address)) {}
  std::optional<model::User> user_;
  std::string address_;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_ACTOR_H_
