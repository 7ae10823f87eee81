#include "model/account.h"

#include <array>

namespace torikumi::model {
namespace {

struct RoleNames {
  Role role;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<RoleNames, 4> kRoles{{
    {Role::kAdministrator, "administrator", "管理者"},
    {Role::kCoordinator, "coordinator", "企画担当"},
    {Role::kEditor, "editor", "所管課担当"},
    {Role::kViewer, "viewer", "閲覧者"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "viewer";
}

std::string_view RoleLabel(Role role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.label;
  }
  return "閲覧者";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles) {
    if (r.name == name || r.label == name) return r.role;
  }
  return std::nullopt;
}

}  // namespace torikumi::model
