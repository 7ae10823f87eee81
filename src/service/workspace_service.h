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
#include "service/notification_service.h"
#include "service/sheet_service.h"
#include "store/store.h"

namespace torikumi::service {

// What an actor may do with one initiative, by the rules below; the pages show only what
// is allowed, and every method checks again.
// Figures as typed into a month's report, each left as it is when absent: the 全体達成率
// reached so far for the period goal then current, and actuals by indicator name (a blank
// value and note remove the month's actual).
struct TypedActual {
  std::string indicator;
  std::string value;
  std::string note;
};
// An indicator's definition and targets as typed into its form. `was`: its position among the
// initiative's indicators before, whose actuals it keeps (nullopt for a new one).
struct TypedIndicator {
  std::optional<std::size_t> was;
  std::string name;
  std::string unit;
  std::string direction;  // "増加" or "減少"
  std::string kind;       // "累計" or "単月"
  std::string baseline;
  std::string baseline_year;
  std::string target;
  std::vector<std::pair<int, std::string>> milestones;  // by month
  std::string final_target;
  std::string final_year;
};

struct TypedFigures {
  std::optional<std::string> rate;
  std::vector<TypedActual> actuals;

  bool empty() const { return !rate && actuals.empty(); }
};

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
  bool open = false;             // whether the coordinator opened the month for reporting
  std::string deadline;          // 提出期限, YYYY-MM-DD; "" when none was set
  std::optional<int> days_left;  // to the deadline from today in Japan; negative after it
  std::string default_deadline;  // what opening the month proposes
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

// A period goal that ended below its target, or is behind the straight path to it, by the
// dashboard's month.
struct GoalShortfall {
  store::InitiativeSummary initiative;
  std::string months;  // the goal's, as the sheet writes them
  double target = 0;
  std::optional<double> stated;    // the latest 全体達成率 stated for it
  std::optional<double> expected;  // where the path stands
};
// An indicator worse than its path at its latest actual.
struct IndicatorShortfall {
  store::InitiativeSummary initiative;
  std::string name;
  std::string unit;
  int month = 0;  // of its latest actual
  double value = 0;
  double expected = 0;
};
// How a group's indicators stand: on track, behind their path, without an actual yet (or
// without a target to judge by).
struct IndicatorGroup {
  std::string name;
  int on_track = 0;
  int behind = 0;
  int unknown = 0;
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
  std::vector<GoalShortfall> goals_below_target;  // period ended by `month` below target
  std::vector<GoalShortfall> goals_behind_path;   // under way, under the straight path
  std::vector<IndicatorShortfall> indicators_behind;
  std::vector<IndicatorGroup> indicators_by_goal;
  std::vector<IndicatorGroup> indicators_by_policy;
  std::vector<IndicatorGroup> indicators_by_department;
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
  // Contracts below: who may call, and the error codes returned besides kIo (storage).
  explicit WorkspaceService(store::Store& store, Clock now = nullptr,
                            NotificationSettings notifications = {});

  // Staff. What the staff pages show changes only when this does: the municipality's changes
  // (Store::WorkspaceStamp) and today's date in Japan, from which deadlines count.
  Result<std::string> PageStamp(const Actor& actor);
  // Staff. The years with a working sheet, newest first.
  Result<std::vector<int>> Years(const Actor& actor);
  // Staff. The year's initiatives narrowed by `filter`, with facets; NotFound without a sheet.
  Result<InitiativeList> List(const Actor& actor, int year, const store::InitiativeFilter& filter);
  // Staff. One initiative of the working sheet with its version; NotFound.
  Result<store::StoredInitiative> Initiative(const Actor& actor, int year, int no);
  // Staff. The year's rating scale; NotFound without a sheet.
  Result<model::RatingScale> RatingScale(const Actor& actor, int year);
  // Anyone. What `actor` may do with `initiative` in `year` by the rules above.
  Permissions PermissionsFor(const Actor& actor, int year,
                             const model::Initiative& initiative) const;

  // Owners and coordinators edit everything but the notes; co-owners their section's notes
  // only. Returns the new version. Forbidden (not theirs, another's note, a frozen report,
  // placement by a non-coordinator), InvalidInput (no title, a rating off the scale, text the
  // sheet would read otherwise), Conflict (`version` stale), NotFound.
  Result<std::int64_t> Update(const Actor& actor, int year, const model::Initiative& edited,
                              std::int64_t version);
  // Coordinators: adds an initiative to the year's working sheet, without progress (which
  // comes through the monthly reports). Forbidden, InvalidInput (No., title, section,
  // rating, plan notation), Conflict (the No. is taken), NotFound.
  Result<void> AddInitiative(const Actor& actor, int year, model::Initiative initiative);
  // Staff: the No. a new initiative is offered, one past the year's largest. NotFound.
  Result<int> NextNo(const Actor& actor, int year);
  // Coordinators: deletes an initiative no publication of the year ever held, with its
  // reports and notes. Forbidden, NotFound, Conflict (it has been public).
  Result<void> DeleteInitiative(const Actor& actor, int year, int no);
  // Coordinators: ends an initiative (終了 or 廃止) with a reason, or with nullopt takes a
  // mistaken ending back. The ending goes into later publications; the initiative is asked
  // for no more reports and is not carried into the next year. Returns the new version.
  // Forbidden, InvalidInput (no reason), Conflict (`version` stale), NotFound.
  Result<std::int64_t> SetEnding(const Actor& actor, int year, int no,
                                 std::optional<model::Ending> ending, std::int64_t version);
  // Owners, coordinators and co-owners: writes the actor's report of the month. For the
  // owner section (and coordinators) the progress reported in `month` becomes `text` (one
  // entry; none when empty) and, when given, the rating; for a co-owning section, its note on
  // the month becomes `text` (removed when empty). Returns the new version. As Update, and
  // InvalidInput for a month outside 1–12.
  // The owner's report also carries `figures`, as typed: the 全体達成率 reached and the
  // indicators' actuals of the month (InvalidInput naming the field for what is not a number;
  // Forbidden for a co-owning section).
  Result<std::int64_t> WriteMonthProgress(const Actor& actor, int year, int no, int month,
                                          const std::string& text,
                                          const std::optional<std::string>& rating,
                                          std::int64_t version, const TypedFigures& figures = {});

  // Coordinators define the initiative's indicators (add, rename, remove, reorder; a blank
  // one is left out); owners may change only their targets. Numbers as typed, refused naming
  // the field. Returns the new version. As Update.
  Result<std::int64_t> SaveIndicators(const Actor& actor, int year, int no,
                                      const std::vector<TypedIndicator>& typed,
                                      std::int64_t version);

  // Staff. The months opened for reporting, in fiscal order.
  Result<std::vector<int>> ReportingMonths(const Actor& actor, int year);
  // Coordinators. Opens a month for reporting with its deadline (提出期限, YYYY-MM-DD; ""
  // for the default, NotificationSettings::deadline_day of the month after), and tells the
  // editors of the sections that report (again: nothing). Forbidden, InvalidInput, NotFound.
  Result<void> OpenMonth(const Actor& actor, int year, int month, const std::string& deadline = "");
  // Coordinators. Moves an open month's deadline; the reminders follow the new one.
  // Forbidden, InvalidInput, NotFound.
  Result<void> SetDeadline(const Actor& actor, int year, int month, const std::string& deadline);
  // Staff. The deadlines of the months opened, by month.
  Result<std::map<int, std::string>> Deadlines(const Actor& actor, int year);
  // Staff. The month's reports (Store::LoadMonthReports). InvalidInput for a bad month.
  Result<std::vector<model::MonthReport>> Reports(const Actor& actor, int year, int month);
  // Staff. The month's owners' reports by department and section, and its notes.
  // InvalidInput, NotFound.
  Result<Board> ReportingBoard(const Actor& actor, int year, int month);
  // Editors of the sections concerned and coordinators: submits the actor's report of each
  // initiative, the owner section's, or for a co-owning section's editor its note; all or
  // none. Forbidden, InvalidInput (month not open, nothing written), Conflict (not in a
  // state to submit), NotFound.
  Result<void> Submit(const Actor& actor, int year, int month, const std::vector<int>& nos);
  // Coordinators: approve submitted reports; all or none. `section` "" names the owners'
  // reports, else that section's notes. Forbidden, InvalidInput, Conflict, NotFound.
  Result<void> Approve(const Actor& actor, int year, int month, const std::vector<int>& nos,
                       const std::string& section = "");
  // Coordinators: return submitted reports, or reopen approved ones, with a comment that the
  // report keeps. As Approve, and InvalidInput without a comment.
  Result<void> Return(const Actor& actor, int year, int month, const std::vector<int>& nos,
                      const std::string& comment, const std::string& section = "");

  // Coordinators: freezes what is approved as a publication dated `published_on`
  // (YYYY-MM-DD), not after today in Japan nor before the year's latest publication.
  // Forbidden, InvalidInput, NotFound.
  Result<store::PublicationRecord> Publish(const Actor& actor, int year,
                                           const std::string& published_on);
  // Coordinators. Withdraws the publication `id` (取り下げ) with a reason, which the public
  // reads on its pages (410) and in the year's list. InvalidInput without a reason;
  // Forbidden, NotFound, Conflict (withdrawn already).
  Result<store::PublicationRecord> WithdrawPublication(const Actor& actor, int year,
                                                       std::int64_t id, const std::string& reason);
  // Staff. The year's publications, newest first, withdrawn ones too.
  Result<std::vector<store::PublicationRecord>> Publications(const Actor& actor, int year);
  // Staff. The reports a publication made now would leave out, by No.
  Result<std::vector<LeftOut>> LeftOutOfPublication(const Actor& actor, int year);

  // Coordinators: deletes a year never published, with everything in it (Store::DeleteYear).
  // Forbidden, NotFound, Conflict (it was published).
  Result<void> DeleteYear(const Actor& actor, int year);
  // Coordinators: creates `year` from `from` (Store::CarryOver). Forbidden, Conflict,
  // NotFound.
  Result<int> CarryOver(const Actor& actor, int from, int year);
  // Coordinators: imports a sheet file (TSV, CSV, XLSX or JSON), as `torikumi import` does,
  // recording the actor in the audit log. Forbidden, InvalidInput (naming file and line).
  Result<ImportReport> ImportSheet(const Actor& actor, std::string_view file_name,
                                   std::string_view bytes, ImportOptions options);
  // Coordinators: what ImportSheet would change, field by field, writing nothing. As
  // ImportSheet.
  Result<ImportPreview> PreviewImport(const Actor& actor, std::string_view file_name,
                                      std::string_view bytes, const ImportOptions& options);
  // Coordinators: the scale, each level with its meaning; each (old, new) of `renamed` is a
  // symbol changed, which carries the working sheet's ratings with it (publications keep
  // theirs). Forbidden, InvalidInput (no level, an empty or repeated symbol, a rename of a
  // symbol that is not there), NotFound.
  using RatingRenames = std::vector<std::pair<std::string, std::string>>;
  Result<void> SaveRatingScale(const Actor& actor, int year, const model::RatingScale& scale,
                               const RatingRenames& renamed = {});
  // Coordinators: renames a section of `year`, or merges it into one of that name
  // (Store::RenameSection). Forbidden, InvalidInput, NotFound.
  Result<void> RenameSection(const Actor& actor, int year, const std::string& from,
                             const std::string& to);
  // Coordinators (Store::RenamePlanElement). Forbidden, InvalidInput, NotFound.
  Result<void> RenamePlanElement(const Actor& actor, int year, store::Store::PlanLevel level,
                                 const std::string& from, const std::string& to);

  // Staff. An initiative's audit entries, its reports' included, newest first.
  Result<std::vector<store::AuditRecord>> History(const Actor& actor, int year, int no);
  // Administrators. The newest `limit` audit entries. Forbidden.
  Result<std::vector<store::AuditRecord>> AuditLog(const Actor& actor, int limit);
  // Administrators and the command line. Follows the audit chain, naming the first entry
  // that was changed, removed or inserted. Forbidden.
  Result<store::AuditChainCheck> VerifyAudit(const Actor& actor);

  // Staff. Ratings by goal, policy and department, completeness, the behind list.
  // InvalidInput, NotFound.
  Result<Dashboard> MonthDashboard(const Actor& actor, int year, int month);

 private:
  // Update of `stored`, the initiative as the caller has just read it.
  Result<std::int64_t> UpdateStored(const Actor& actor, int year,
                                    const store::StoredInitiative& stored,
                                    const model::Initiative& edited, std::int64_t version);
  Result<std::vector<store::ReportTransition>> DraftTransitions(int year,
                                                                const model::Initiative& before,
                                                                const model::Initiative& after);
  Result<void> Transition(const Actor& actor, int year, int month, const std::vector<int>& nos,
                          model::ReportState to, const std::string& comment,
                          const std::string& section);

  // The notices of a step of the cycle on reports of `month`: to each editor of the
  // sections of `reports` (No., section), or to the coordinators; never to the actor.
  struct ReportRef {
    int no = 0;
    std::string title;
    std::string section;  // the owner section, or the note's
  };
  Result<std::vector<store::Notice>> ReportNotices(const Actor& actor, int year, int month,
                                                   model::NoticeKind kind,
                                                   const std::vector<ReportRef>& reports,
                                                   const std::string& comment);

  store::Store& store_;
  Clock now_;
  NotificationSettings notifications_;
};

// Parses a date written YYYY-MM-DD; InvalidInput otherwise.
Result<std::string> ParseDate(std::string_view text);

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_WORKSPACE_SERVICE_H_
