#include "service/actor.h"

#include <algorithm>

namespace torikumi::service {

bool Actor::HasSection(int year, std::string_view section) const {
  if (!user_ || user_->role != model::Role::kEditor) return false;
  const std::vector<std::string>& sections = user_->SectionsIn(year);
  return std::find(sections.begin(), sections.end(), section) != sections.end();
}

bool Actor::Owns(int year, const model::Initiative& initiative) const {
  return IsCoordinator() || HasSection(year, initiative.section);
}

bool Actor::CoOwns(int year, const model::Initiative& initiative) const {
  return std::any_of(initiative.co_owners.begin(), initiative.co_owners.end(),
                     [&](const std::string& section) { return HasSection(year, section); });
}

}  // namespace torikumi::service
