#ifndef TORIKUMI_WEB_LAYOUT_H_
#define TORIKUMI_WEB_LAYOUT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/initiative.h"
#include "web/html.h"

namespace torikumi::web {

// The frame every page shares: head, site header with its navigation, and main.

struct NavLink {
  std::string label;
  std::string href;
  bool current = false;
};

// The signed-in user, for the header's name and logout button.
struct SignedIn {
  std::string display_name;
  std::string role_label;
  std::string csrf_token;
  int unread = -1;  // unread notifications, shown in the header; -1 where none are shown
};

struct PageFrame {
  std::string title;
  std::vector<NavLink> nav;
  std::optional<SignedIn> user;
  bool staff = false;  // the staff workspace, marked so that nobody mistakes it for the portal
  // Whose pages: "川西市", which heads the title and the site's name; "" until named.
  std::string municipality;
};

void BeginPage(Html& h, const PageFrame& frame);
// "川西市 " before `title`, once the municipality is named.
std::string OwnedTitle(std::string_view municipality, const std::string& title);
std::string EndPage(Html& h);

// Shared pieces of pages.
void RatingBadge(Html& h, std::string_view rating, const model::RatingScale& scale);
// Each line of `text` as a <p>.
void Paragraphs(Html& h, std::string_view text);
// An entry's text, headed by its months when `months_label` is not empty.
void EntryText(Html& h, const model::Entry& entry, std::string_view months_label);
// A hidden CSRF field for a state-changing form.
void CsrfField(Html& h, std::string_view token);
// A message box: role="status" for notices, role="alert" for errors.
void Notice(Html& h, std::string_view message, bool error);

std::string YearTitle(int year);  // 令和7年度（2025年度）
// 2026-03-31 → 2026年3月31日
std::string JapaneseDate(std::string_view iso_date);
// 2026-11-25T06:59:55Z → 2026年11月25日 15:59 (Japan time); "" stays "".
std::string JapanTime(std::string_view iso_utc);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_LAYOUT_H_
