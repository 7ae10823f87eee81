#ifndef TORIKUMI_MODEL_REVIEW_H_
#define TORIKUMI_MODEL_REVIEW_H_

#include <optional>
#include <string>
#include <string_view>

namespace torikumi::model {

// The state of one initiative's report for one reporting month. An initiative with no
// report yet is kNotStarted; editors move it to kDraft and kSubmitted, coordinators to
// kReturned (with a comment) or kApproved.
enum class ReportState { kNotStarted, kDraft, kSubmitted, kReturned, kApproved };

std::string_view ReportStateName(ReportState state);   // "submitted", as stored
std::string_view ReportStateLabel(ReportState state);  // 提出済み, as the UI shows it
std::optional<ReportState> ParseReportState(std::string_view name);

// Whether an editor may still change the month's progress: not once it is submitted or
// approved, until a coordinator returns it.
bool EditorMayEdit(ReportState state);
// Whether an editor may submit the month.
bool EditorMaySubmit(ReportState state);
// Whether a coordinator may approve or return it.
bool CoordinatorMayReview(ReportState state);

struct MonthReport {
  int no = 0;     // the initiative
  int month = 0;  // calendar month 1..12
  ReportState state = ReportState::kNotStarted;
  std::string comment;     // the reviewer's, when returned
  std::string updated_at;  // ISO 8601 UTC
  std::string updated_by;  // display name
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_REVIEW_H_
