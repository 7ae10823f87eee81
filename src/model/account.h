#ifndef TORIKUMI_MODEL_ACCOUNT_H_
#define TORIKUMI_MODEL_ACCOUNT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/notice.h"

namespace torikumi::model {

// What a staff account may do; the public has no account.
//   administrator  users, sections, settings, and everything a coordinator does
//   coordinator    the planning division (企画政策課): every initiative, the review cycle,
//                  publication, the fiscal year's set-up
//   editor         the initiatives its sections own; progress notes on those they co-own
//   viewer         reads everything, drafts included; changes nothing
enum class Role { kAdministrator, kCoordinator, kEditor, kViewer };

std::string_view RoleName(Role role);   // "administrator", as stored and typed on the CLI
std::string_view RoleLabel(Role role);  // 管理者, as the UI shows it
// A role by its name ("editor") or its label (所管課担当).
std::optional<Role> ParseRole(std::string_view name);

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  Role role = Role::kViewer;
  // An editor's sections (課), by name: `sections` in every fiscal year that has none of
  // its own in `year_sections`. Sections belong to a year: April's reorganisation renames
  // the new year's sections and assignments, and the old year's stay as they were.
  std::vector<std::string> sections;
  bool disabled = false;
  std::map<int, std::vector<std::string>> year_sections;
  // Set when an administrator reset the password: the user changes it before anything else.
  bool must_change_password = false;
  // A second factor (TOTP) is enrolled: signing in asks for its code.
  bool second_factor = false;
  // Where and which notifications reach the user by mail (Store::SaveMailPreferences).
  MailPreferences mail;

  const std::vector<std::string>& SectionsIn(int year) const {
    auto it = year_sections.find(year);
    return it == year_sections.end() ? sections : it->second;
  }
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_ACCOUNT_H_
