#ifndef TORIKUMI_MODEL_REVIEW_H_
#define TORIKUMI_MODEL_REVIEW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/initiative.h"

namespace torikumi::model {

// The state of one initiative's report for one reporting month. An initiative with no
// report yet is kNotStarted; editors move it to kDraft and kSubmitted, coordinators to
// kReturned (with a comment) or kApproved.
enum class ReportState { kNotStarted, kDraft, kSubmitted, kReturned, kApproved };

std::string_view ReportStateName(ReportState state);   // "submitted", as stored
std::string_view ReportStateLabel(ReportState state);  // 提出済み, as the UI shows it
std::optional<ReportState> ParseReportState(std::string_view name);

// Whether a report's content may still change: not once it is submitted or approved, until a
// coordinator returns or reopens it. Holds for everyone, coordinators included.
bool EditorMayEdit(ReportState state);
// Whether an editor may submit the month.
bool EditorMaySubmit(ReportState state);
// Whether a coordinator may approve or return it.
bool CoordinatorMayReview(ReportState state);
// Whether a coordinator may reopen it (with a reason): an approved report.
bool CoordinatorMayReopen(ReportState state);

// A report (報告): one initiative's month, written by its owner section (the progress entries
// reported in that month and the rating) or by a co-owning section (its note). Each is its own
// record with its own state; nobody's action changes another's.
struct MonthReport {
  int no = 0;           // the initiative
  int month = 0;        // calendar month 1..12
  std::string section;  // "" for the owner section's report; else the co-owning section's note
  ReportState state = ReportState::kNotStarted;
  std::string comment;      // the reviewer's last return or reopening, kept after resubmission
  std::string updated_at;   // ISO 8601 UTC
  std::string updated_by;   // display name
  std::string approved_at;  // the last approval, "" before one
  std::string approved_by;

  bool IsNote() const { return !section.empty(); }
};

// What the public may see of a report that is not approved now: what was approved of it
// last, or the content it began from (imported content counts as approved). nullopt content:
// nothing of it may be published.
struct ApprovedContent {
  std::optional<std::string>
      content;                        // EncodeOwnerReport of the owner's report, or the note's text
  std::optional<std::string> rating;  // the owner's rating; nullopt when unknown
};

// A report as publication and import see it.
struct ReportRecord {
  int no = 0;
  int month = 0;
  std::string section;  // "" for the owner section's
  ReportState state = ReportState::kNotStarted;
  bool ever_approved = false;
  ApprovedContent approved;  // as of the last approval, or the content the report began from

  bool IsNote() const { return !section.empty(); }
};

// The month in which an owner's progress entry is reported: the last of its months in fiscal
// order ("4～6月" in June). An entry without months belongs to no report: it is part of the
// plan, edited with it.
std::optional<int> ReportMonthOf(const Entry& entry);
// The owner's progress entries reported in `month`.
std::vector<Entry> ReportedIn(const std::vector<Entry>& progress, int month);
// `progress` with the entries reported in `month` replaced by `entries`, which go where the
// first of the old ones stood, or before the first entry reported later.
std::vector<Entry> WithReported(std::vector<Entry> progress, int month,
                                const std::vector<Entry>& entries);
// The note of `section` on `month`, or nullptr.
const Note* FindNote(const Initiative& initiative, int month, std::string_view section);
// `initiative`'s notes with the note of `section` on `month` set to `text` (removed when
// empty), kept in fiscal month order and then co-owner order.
std::vector<Note> WithNote(const Initiative& initiative, int month, std::string_view section,
                           std::string_view text);

// What an owner section's report of a month holds: the progress entries reported in it, the
// 全体達成率 stated with it, and the indicators' actuals of the month, by indicator name.
struct ReportedActual {
  std::string indicator;
  double value = 0;
  std::string note;

  friend bool operator==(const ReportedActual&, const ReportedActual&) = default;
};
struct OwnerReport {
  std::vector<Entry> entries;
  std::optional<double> rate;
  std::vector<ReportedActual> actuals;

  friend bool operator==(const OwnerReport&, const OwnerReport&) = default;
};
OwnerReport OwnerReportOf(const Initiative& initiative, int month);
// `initiative` with its owner's report of `month` replaced by `report`. An actual of an
// indicator the initiative no longer has is left out.
Initiative WithOwnerReport(Initiative initiative, int month, const OwnerReport& report);

// An owner's report as one string and back, losslessly, for keeping what was approved. A
// string kept before reports held figures reads as its entries, without figures.
std::string EncodeOwnerReport(const OwnerReport& report);
OwnerReport DecodeOwnerReport(std::string_view encoded);

// `imported` with the achievements and indicators of `current`: what an import of a file that
// carries none (model::Sheet::carries_figures) writes.
Initiative KeepingFigures(Initiative imported, const Initiative& current);

// What was approved of a report's content now.
ApprovedContent ApprovedContentOf(const Initiative& initiative, int month,
                                  std::string_view section);

// What a publication holds of a working initiative: every report that is not approved now is
// replaced by what was approved of it (or left out when nothing was); the rating is that of
// the latest owner's report (in fiscal order) as approved. Content under no report (imported,
// or entries without months, which are part of the plan) is published as it is, and so is
// an owner's report begun before snapshots were kept (no approved content at all, as opposed
// to the empty content of a report that began from nothing).
Initiative ApprovedView(const Initiative& working, const std::vector<ReportRecord>& records);

// What an import writes over `current` when the reports entered in the workspace are kept:
// `imported`, except for the content of each report in `records` (of this initiative), which
// stays as `current` has it.
Initiative KeepingReports(const Initiative& imported, const Initiative& current,
                          const std::vector<ReportRecord>& records);

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_REVIEW_H_
