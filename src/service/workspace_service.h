#ifndef TORIKUMI_SERVICE_WORKSPACE_SERVICE_H_
#define TORIKUMI_SERVICE_WORKSPACE_SERVICE_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "model/review.h"
#include "service/actor.h"
#include "service/clock.h"
#include "service/initiative_list.h"
#include "service/sheet_service.h"
#include "store/store.h"

namespace torikumi::service {

// What an actor may do with one initiative, by the rules below; the pages show only what
// is allowed, and every method checks again.
struct Permissions {
  bool edit = false;          // everything: goals, plan, progress, rating, co-owners
  bool add_progress = false;  // write a note of its own section (共同所管)
  bool submit = false;        // submit the owner section's monthly report
  bool review = false;        // approve, return, reopen
  std::string note_section;   // the co-owning section the actor writes notes as, or ""
};

// What a publication would leave out now: a report begun and not approved.
struct LeftOut {
  int no = 0;
  std::string title;
  int month = 0;
  std::string section;  // "" for the owner section's report
  model::ReportState state = model::ReportState::kNotStarted;
};

// One section's line of the reporting board.
struct BoardSection {
  std::string department;
  std::string section;
  std::vector<store::InitiativeSummary> initiatives;
  std::vector<model::MonthReport> reports;  // parallel to initiatives
  int reported = 0;                         // submitted or approved
};

struct Board {
  int month = 0;
  bool open = false;  // whether the coordinator opened the month for reporting
  std::vector<BoardSection> sections;
  std::map<model::ReportState, int> totals;  // of the owner sections' reports
  std::vector<model::MonthReport> notes;     // the co-owning sections' notes begun, by No.
};

// Ratings of a group of initiatives (a goal, a policy, a department).
struct RatingGroup {
  std::string name;
  std::vector<int> counts;  // per level of the scale, in scale order
  int unrated = 0;
};

struct Dashboard {
  int month = 0;
  model::RatingScale scale;
  std::vector<RatingGroup> by_goal;
  std::vector<RatingGroup> by_policy;
  std::vector<RatingGroup> by_department;
  std::map<model::ReportState, int> completeness;
  int initiatives = 0;
  std::vector<store::InitiativeSummary> behind;                 // rated with the scale's last level
  std::vector<store::InitiativeSummary> plan_without_progress;  // for `month`
};

// The staff's year-long work on the working sheet. Rules, checked here and nowhere else:
// - Every signed-in user reads everything, drafts included.
// - An editor edits the initiatives its sections own (所管課); a co-owning section
//   (共同所管) adds progress notes but changes nothing else. Coordinators and
//   administrators edit every initiative.
// - Edits name the version they started from; a stale one is refused with Conflict.
// - A report is the owner section's progress and rating of a month, or a co-owning
//   section's note on it: each its own record with its own state. Nobody's action changes
//   another's record; a note never touches the owner's report.
// - A submitted or approved report changes for nobody, coordinators included, until a
//   coordinator returns it (or reopens an approved one), with a comment.
// - Publications hold what is approved (model::ApprovedView); their dates are not after
//   today in Japan and not before the year's latest publication.
// - Coordinators open reporting months, approve, return (with a comment), publish, carry a
//   year over, and edit the rating scale and sections. Administrators read the audit log.
class WorkspaceService {
 public:
  explicit WorkspaceService(store::Store& store, Clock now = nullptr);

  Result<std::vector<int>> Years(const Actor& actor);
  Result<InitiativeList> List(const Actor& actor, int year, const store::InitiativeFilter& filter);
  Result<store::StoredInitiative> Initiative(const Actor& actor, int year, int no);
  Result<model::RatingScale> RatingScale(const Actor& actor, int year);
  Permissions PermissionsFor(const Actor& actor, int year,
                             const model::Initiative& initiative) const;

  // Saves an edited initiative. Returns the new version.
  Result<std::int64_t> Update(const Actor& actor, int year, const model::Initiative& edited,
                              std::int64_t version);
  // Writes the actor's report of the month: for the owner section (and coordinators) the
  // progress reported in `month` becomes `text` (one entry; none when empty) and, when given,
  // the rating; for a co-owning section, its note on the month becomes `text` (removed when
  // empty). Forbidden when that report is submitted or approved. Returns the new version.
  Result<std::int64_t> WriteMonthProgress(const Actor& actor, int year, int no, int month,
                                          const std::string& text,
                                          const std::optional<std::string>& rating,
                                          std::int64_t version);

  Result<std::vector<int>> ReportingMonths(const Actor& actor, int year);
  Result<void> OpenMonth(const Actor& actor, int year, int month);
  Result<std::vector<model::MonthReport>> Reports(const Actor& actor, int year, int month);
  Result<Board> ReportingBoard(const Actor& actor, int year, int month);
  // Submits the actor's report of each initiative: the owner section's, or, for a co-owning
  // section's editor, its note. Editors of the sections concerned and coordinators.
  Result<void> Submit(const Actor& actor, int year, int month, const std::vector<int>& nos);
  // Coordinators: approve submitted reports, or return them (submitted) or reopen them
  // (approved) with a comment. `section` "" names the owner's reports, else that section's
  // notes.
  Result<void> Approve(const Actor& actor, int year, int month, const std::vector<int>& nos,
                       const std::string& section = "");
  Result<void> Return(const Actor& actor, int year, int month, const std::vector<int>& nos,
                      const std::string& comment, const std::string& section = "");

  // `published_on` is YYYY-MM-DD.
  Result<store::PublicationRecord> Publish(const Actor& actor, int year,
                                           const std::string& published_on);
  Result<std::vector<store::PublicationRecord>> Publications(const Actor& actor, int year);
  // The reports a publication made now would leave out, by No.
  Result<std::vector<LeftOut>> LeftOutOfPublication(const Actor& actor, int year);

  Result<int> CarryOver(const Actor& actor, int from, int year);
  // Imports a sheet file (TSV, CSV, XLSX or JSON), as `torikumi import` does, recording the
  // actor in the audit log. Coordinators only.
  Result<ImportReport> ImportSheet(const Actor& actor, std::string_view file_name,
                                   std::string_view bytes, ImportOptions options);
  // What ImportSheet would change, field by field, writing nothing.
  Result<ImportPreview> PreviewImport(const Actor& actor, std::string_view file_name,
                                      std::string_view bytes, const ImportOptions& options);
  Result<void> SaveRatingScale(const Actor& actor, int year, const model::RatingScale& scale);
  Result<void> RenameSection(const Actor& actor, int year, const std::string& from,
                             const std::string& to);

  Result<void> RenamePlanElement(const Actor& actor, int year, store::Store::PlanLevel level,
                                 const std::string& from, const std::string& to);

  Result<std::vector<store::AuditRecord>> History(const Actor& actor, int year, int no);
  Result<std::vector<store::AuditRecord>> AuditLog(const Actor& actor, int limit);

  Result<Dashboard> MonthDashboard(const Actor& actor, int year, int month);

 private:
  Result<std::vector<store::ReportTransition>> DraftTransitions(int year,
                                                                const model::Initiative& before,
                                                                const model::Initiative& after);
  Result<void> Transition(const Actor& actor, int year, int month, const std::vector<int>& nos,
                          model::ReportState to, const std::string& comment,
                          const std::string& section);

  store::Store& store_;
  Clock now_;
};

// Parses a date written YYYY-MM-DD; InvalidInput otherwise.
Result<std::string> ParseDate(std::string_view text);

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_WORKSPACE_SERVICE_H_
