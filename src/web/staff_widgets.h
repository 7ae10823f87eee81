#ifndef TORIKUMI_WEB_STAFF_WIDGETS_H_
#define TORIKUMI_WEB_STAFF_WIDGETS_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/review.h"
#include "store/records.h"
#include "web/html.h"
#include "web/staff_pages.h"

namespace torikumi::web {

// The pieces the staff pages share (staff_widgets.cc).

// Opens the page: the staff frame with its navigation (`current` marks the page's entry:
// "list", "board", …) and the notice of the last action.
void Begin(Html& h, const StaffContext& c, std::string title, std::string_view current);
// The twelve months of a year, those not open for reporting marked 受付前.
void MonthSelect(Html& h, Literal name, std::string_view id, int selected,
                 const std::vector<int>& open_months);
void StateBadge(Html& h, model::ReportState state);
void RatingSelect(Html& h, std::string_view id, const model::RatingScale& scale,
                  std::string_view selected);
// A labelled text input or textarea in a form.
void TextField(Html& h, Literal name, std::string_view id, std::string_view label,
               std::string_view value, bool multiline, bool disabled = false);
std::string JoinCoOwners(const std::vector<std::string>& names);
// A form that deletes for good, posting to `action` once `confirmation` (the year, the No.)
// is typed again into the field labelled `label`.
void DeleteForm(Html& h, const StaffContext& c, std::string_view action, std::string_view heading,
                std::string_view hint, std::string_view label, std::string_view button);
// What an audited change changed, field by field, with the lines added and removed.
void AuditChange(Html& h, const store::AuditRecord& r);
// An audit action in words: "initiative.update" → 編集.
std::string ActionLabel(std::string_view action);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_STAFF_WIDGETS_H_
