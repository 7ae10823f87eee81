#include "service/actor.h"

#include <algorithm>

namespace torikumi::service {

bool Actor::HasSection(std::string_view section) const {
  if (!user_ || user_->role != model::Role::kEditor) return false;
  return std::find(user_->sections.begin(), user_->sections.end(), section) !=
         user_->sections.end();
}

bool Actor::Owns(const model::Initiative& initiative) const {
  return IsCoordinator() || HasSection(initiative.section);
}

bool Actor::CoOwns(const model::Initiative& initiative) const {
  return std::any_of(initiative.co_owners.begin(), initiative.co_owners.end(),
                     [&](const std::string& section) { return HasSection(section); });
}

}  // namespace torikumi::service
