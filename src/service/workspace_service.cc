#include "service/workspace_service.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "sheet/json.h"
#include "text/entries.h"
#include "text/era.h"

namespace torikumi::service {
namespace {

using model::Initiative;
using model::MonthSet;
using model::ReportState;

Error NeedsCoordinator(std::string_view what) {
  return Error::Forbidden(std::string(what) + "は企画担当 (coordinator) または管理者だけができます");
}

Error NotYours(const Initiative& i) {
  return Error::Forbidden("No." + std::to_string(i.no) + " は所管課「" + i.section +
                          "」の取組です。あなたの担当課ではないため変更できません");
}

Result<void> CheckMonth(int month) {
  if (month < 1 || month > 12) return Error::InvalidInput("月は 1 から 12 で指定してください");
  return {};
}

std::string ObjectOf(int year, int no) {
  return std::to_string(year) + "/No." + std::to_string(no);
}

// The entries of `entries` that speak of `month`.
std::vector<model::Entry> EntriesOf(const std::vector<model::Entry>& entries, int month) {
  std::vector<model::Entry> of_month;
  for (const auto& e : entries) {
    if (e.months.Contains(month)) of_month.push_back(e);
  }
  return of_month;
}

// The months whose progress differs between `before` and `after`.
std::set<int> ChangedProgressMonths(const Initiative& before, const Initiative& after) {
  std::set<int> months;
  for (int m = 1; m <= 12; ++m) {
    if (EntriesOf(before.progress, m) != EntriesOf(after.progress, m)) months.insert(m);
  }
  return months;
}

// Everything but the progress, which co-owners may add to.
bool SameApartFromProgress(Initiative a, Initiative b) {
  a.progress.clear();
  b.progress.clear();
  return a == b;
}

bool IsPrefix(const std::vector<model::Entry>& prefix, const std::vector<model::Entry>& all) {
  return prefix.size() <= all.size() && std::equal(prefix.begin(), prefix.end(), all.begin());
}

void AddTo(std::vector<int>& counts, int& unrated, const model::RatingScale& scale,
           const std::string& rating) {
  const auto& levels = scale.levels();
  for (std::size_t k = 0; k < levels.size(); ++k) {
    if (levels[k].symbol == rating) {
      ++counts[k];
      return;
    }
  }
  ++unrated;
}

RatingGroup& GroupOf(std::vector<RatingGroup>& groups, const std::string& name, std::size_t levels) {
  for (RatingGroup& g : groups) {
    if (g.name == name) return g;
  }
  groups.push_back({name, std::vector<int>(levels, 0), 0});
  return groups.back();
}

}  // namespace

Result<std::string> ParseDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto number = [&](int& out, int digits) {
    auto [next, ec] = std::from_chars(p, std::min(end, p + digits), out);
    const bool ok = ec == std::errc() && next == p + digits;
    p = next;
    return ok;
  };
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (text.size() != 10 || !number(y, 4) || *p++ != '-' || !number(m, 2) || *p++ != '-' ||
      !number(d, 2) || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
      (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))) {
    return Error::InvalidInput("日付は YYYY-MM-DD で指定してください: 「" + std::string(text) + "」");
  }
  return std::string(text);
}

Result<std::vector<int>> WorkspaceService::Years(const Actor&) { return store_.FiscalYears(); }

Result<InitiativeList> WorkspaceService::List(const Actor& actor, int year,
                                              const store::InitiativeFilter& filter) {
  InitiativeList list;
  TORIKUMI_ASSIGN_OR_RETURN(list.rating_scale, RatingScale(actor, year));
  TORIKUMI_ASSIGN_OR_RETURN(list.facets, store_.ListFacets(store::SheetKey::Working(year)));
  TORIKUMI_ASSIGN_OR_RETURN(list.rows, store_.ListInitiatives(store::SheetKey::Working(year), filter));
  return list;
}

Result<store::StoredInitiative> WorkspaceService::Initiative(const Actor&, int year, int no) {
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, store_.LoadStoredInitiative(year, no));
  if (!stored) {
    return Error::NotFound(text::FiscalYearName(year) + "の No." + std::to_string(no) +
                           " の取組はありません");
  }
  return std::move(*stored);
}

Result<model::RatingScale> WorkspaceService::RatingScale(const Actor&, int year) {
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, store_.LoadRatingScale(store::SheetKey::Working(year)));
  if (!scale) return Error::NotFound(text::FiscalYearName(year) + "のシートはありません");
  return std::move(*scale);
}

Permissions WorkspaceService::PermissionsFor(const Actor& actor, const model::Initiative& i) const {
  Permissions p;
  p.edit = actor.Owns(i);
  p.add_progress = p.edit || actor.CoOwns(i);
  p.submit = actor.HasSection(i.section) || actor.IsCoordinator();
  p.review = actor.IsCoordinator();
  return p;
}

Result<std::vector<store::ReportTransition>> WorkspaceService::DraftTransitions(
    int year, const model::Initiative& before, const model::Initiative& after,
    const Actor& actor) {
  std::vector<store::ReportTransition> transitions;
  const std::set<int> changed = ChangedProgressMonths(before, after);
  if (changed.empty()) return transitions;
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  for (int month : changed) {
    if (std::find(open.begin(), open.end(), month) == open.end()) continue;
    TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
    auto it = std::find_if(reports.begin(), reports.end(),
                           [&](const model::MonthReport& r) { return r.no == after.no; });
    const ReportState state = it == reports.end() ? ReportState::kNotStarted : it->state;
    if (!actor.IsCoordinator() && !model::EditorMayEdit(state)) {
      return Error::Forbidden(std::to_string(month) + "月の報告は「" +
                              std::string(model::ReportStateLabel(state)) +
                              "」のため、差し戻されるまで進捗を変更できません");
    }
    if (state == ReportState::kNotStarted || state == ReportState::kReturned) {
      transitions.push_back({after.no, month, state, ReportState::kDraft, ""});
    }
  }
  return transitions;
}

Result<std::int64_t> WorkspaceService::Update(const Actor& actor, int year,
                                              const model::Initiative& edited,
                                              std::int64_t version) {
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, edited.no));
  const model::Initiative& before = stored.initiative;
  const Permissions may = PermissionsFor(actor, before);
  if (!may.edit) {
    if (!may.add_progress) return NotYours(before);
    if (!SameApartFromProgress(before, edited) || !IsPrefix(before.progress, edited.progress)) {
      return Error::Forbidden("共同所管の課は進捗の追記だけができます。目標・計画・進捗度・既存の進捗は変更できません");
    }
  }
  if (!actor.IsCoordinator() &&
      (edited.department != before.department || edited.section != before.section ||
       edited.goal != before.goal || edited.policy != before.policy ||
       edited.project != before.project || edited.subproject != before.subproject)) {
    return Error::Forbidden("所管部課と総合計画上の位置づけ (分野別目標・施策・事業) は企画担当だけが変更できます");
  }
  if (edited.title.empty()) return Error::InvalidInput("取組名を入力してください");
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, RatingScale(actor, year));
  if (!edited.rating.empty() && !scale.Contains(edited.rating)) {
    return Error::InvalidInput("進捗度「" + edited.rating + "」は年度の評価区分にありません");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto transitions, DraftTransitions(year, before, edited, actor));
  return store_.UpdateInitiative(
      year, edited, version, transitions,
      {actor.user_id(), "initiative.update", ObjectOf(year, edited.no),
       sheet::WriteInitiativeJson(before), sheet::WriteInitiativeJson(edited)});
}

Result<std::int64_t> WorkspaceService::WriteMonthProgress(const Actor& actor, int year, int no,
                                                          int month, const std::string& text,
                                                          const std::optional<std::string>& rating,
                                                          std::int64_t version) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
  model::Initiative edited = stored.initiative;
  const Permissions may = PermissionsFor(actor, edited);
  const MonthSet the_month = MonthSet::Of({month});
  if (may.edit) {
    auto own = std::find_if(edited.progress.begin(), edited.progress.end(),
                            [&](const model::Entry& e) { return e.months == the_month; });
    if (text.empty()) {
      if (own != edited.progress.end()) edited.progress.erase(own);
    } else if (own != edited.progress.end()) {
      own->text = text;
    } else {
      // Keep entries in fiscal order: before the first entry of a later month.
      auto later = std::find_if(edited.progress.begin(), edited.progress.end(),
                                [&](const model::Entry& e) {
                                  return !e.months.empty() &&
                                         MonthSet::FiscalIndex(e.months.Months().front()) >
                                             MonthSet::FiscalIndex(month);
                                });
      edited.progress.insert(later, {the_month, text});
    }
    if (rating) edited.rating = *rating;
  } else if (may.add_progress) {
    if (rating && *rating != edited.rating) {
      return Error::Forbidden("共同所管の課は進捗度を変更できません");
    }
    if (text.empty()) return Error::InvalidInput("追記する進捗を入力してください");
    std::string note = text;
    for (const std::string& section : actor.user().sections) {
      if (std::find(edited.co_owners.begin(), edited.co_owners.end(), section) !=
          edited.co_owners.end()) {
        note = "【" + section + "】" + text;
        break;
      }
    }
    edited.progress.push_back({the_month, note});
  } else {
    return NotYours(edited);
  }
  return Update(actor, year, edited, version);
}

Result<std::vector<int>> WorkspaceService::ReportingMonths(const Actor&, int year) {
  return store_.ReportingMonths(year);
}

Result<void> WorkspaceService::OpenMonth(const Actor& actor, int year, int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  if (!actor.IsCoordinator()) return NeedsCoordinator("報告月の開始");
  return store_.OpenReportingMonth(
      year, month,
      {actor.user_id(), "month.open", std::to_string(year) + "/" + std::to_string(month) + "月", "",
       "報告受付開始"});
}

Result<std::vector<model::MonthReport>> WorkspaceService::Reports(const Actor&, int year, int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  return store_.LoadMonthReports(year, month);
}

Result<Board> WorkspaceService::ReportingBoard(const Actor& actor, int year, int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  Board board;
  board.month = month;
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  board.open = std::find(open.begin(), open.end(), month) != open.end();
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
  std::map<int, model::MonthReport> by_no;
  for (auto& r : reports) by_no[r.no] = r;
  for (const auto& row : list.rows) {
    auto it = std::find_if(board.sections.begin(), board.sections.end(), [&](const BoardSection& s) {
      return s.department == row.department && s.section == row.section;
    });
    if (it == board.sections.end()) {
      board.sections.push_back({row.department, row.section, {}, {}, 0});
      it = board.sections.end() - 1;
    }
    model::MonthReport report;
    report.no = row.no;
    report.month = month;
    if (auto found = by_no.find(row.no); found != by_no.end()) report = found->second;
    if (report.state == ReportState::kSubmitted || report.state == ReportState::kApproved) {
      ++it->reported;
    }
    ++board.totals[report.state];
    it->initiatives.push_back(row);
    it->reports.push_back(std::move(report));
  }
  std::stable_sort(board.sections.begin(), board.sections.end(),
                   [](const BoardSection& a, const BoardSection& b) { return a.department < b.department; });
  return board;
}

Result<void> WorkspaceService::Transition(const Actor& actor, int year, int month,
                                          const std::vector<int>& nos, ReportState to,
                                          const std::string& comment) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  if (nos.empty()) return Error::InvalidInput("取組を選んでください");
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  if (std::find(open.begin(), open.end(), month) == open.end()) {
    return Error::InvalidInput(std::to_string(month) + "月はまだ報告を受け付けていません");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
  std::vector<store::ReportTransition> transitions;
  for (int no : nos) {
    auto it = std::find_if(reports.begin(), reports.end(),
                           [&](const model::MonthReport& r) { return r.no == no; });
    if (it == reports.end()) return Error::NotFound("No." + std::to_string(no) + " の取組はありません");
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
    const Permissions may = PermissionsFor(actor, stored.initiative);
    if (to == ReportState::kSubmitted) {
      if (!may.submit) return NotYours(stored.initiative);
      if (!model::EditorMaySubmit(it->state)) {
        return Error::Conflict("No." + std::to_string(no) + " の" + std::to_string(month) +
                               "月の報告は「" + std::string(model::ReportStateLabel(it->state)) +
                               "」のため提出できません");
      }
    } else {
      if (!may.review) return NeedsCoordinator("承認と差し戻し");
      if (!model::CoordinatorMayReview(it->state)) {
        return Error::Conflict("No." + std::to_string(no) + " の" + std::to_string(month) +
                               "月の報告は提出されていません (「" +
                               std::string(model::ReportStateLabel(it->state)) + "」)");
      }
    }
    transitions.push_back({no, month, it->state, to, comment});
  }
  return store_.ApplyTransitions(year, transitions, actor.user_id());
}

Result<void> WorkspaceService::Submit(const Actor& actor, int year, int month,
                                      const std::vector<int>& nos) {
  return Transition(actor, year, month, nos, ReportState::kSubmitted, "");
}

Result<void> WorkspaceService::Approve(const Actor& actor, int year, int month,
                                       const std::vector<int>& nos) {
  return Transition(actor, year, month, nos, ReportState::kApproved, "");
}

Result<void> WorkspaceService::Return(const Actor& actor, int year, int month,
                                      const std::vector<int>& nos, const std::string& comment) {
  if (comment.empty()) return Error::InvalidInput("差し戻す理由をコメントに書いてください");
  return Transition(actor, year, month, nos, ReportState::kReturned, comment);
}

Result<store::PublicationRecord> WorkspaceService::Publish(const Actor& actor, int year,
                                                           const std::string& published_on) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("公開");
  TORIKUMI_ASSIGN_OR_RETURN(auto date, ParseDate(published_on));
  return store_.Publish(year, date,
                        {actor.user_id(), "sheet.publish", std::to_string(year), "", ""});
}

Result<std::vector<store::PublicationRecord>> WorkspaceService::Publications(const Actor&, int year) {
  return store_.Publications(year);
}

Result<int> WorkspaceService::CarryOver(const Actor& actor, int from, int year) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("年度の繰越");
  return store_.CarryOver(from, year,
                          {actor.user_id(), "year.carry_over", std::to_string(year),
                           "", std::to_string(from) + "年度から繰越"});
}

Result<ImportReport> WorkspaceService::ImportSheet(const Actor& actor, std::string_view file_name,
                                                  std::string_view bytes, ImportOptions options) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("シートの取り込み");
  SheetService sheets(store_);
  options.user_id = actor.user_id();
  return sheets.Import(file_name, bytes, options);
}

Result<void> WorkspaceService::SaveRatingScale(const Actor& actor, int year,
                                               const model::RatingScale& scale) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("評価区分の変更");
  if (scale.levels().empty()) return Error::InvalidInput("評価区分を一つ以上入力してください");
  std::set<std::string> symbols;
  for (const auto& level : scale.levels()) {
    if (level.symbol.empty()) return Error::InvalidInput("記号が空の評価区分があります");
    if (!symbols.insert(level.symbol).second) {
      return Error::InvalidInput("記号「" + level.symbol + "」が重複しています");
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto before, RatingScale(actor, year));
  auto describe = [](const model::RatingScale& s) {
    std::string text;
    for (const auto& level : s.levels()) text += level.symbol + " " + level.label + "\n";
    return text;
  };
  return store_.SaveRatingScale(year, scale,
                                {actor.user_id(), "rating_scale.save", std::to_string(year),
                                 describe(before), describe(scale)});
}

Result<void> WorkspaceService::RenameSection(const Actor& actor, int year, const std::string& from,
                                             const std::string& to) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("課の名称変更・統合");
  if (to.empty() || from == to) return Error::InvalidInput("新しい課の名前を入力してください");
  return store_.RenameSection(year, from, to,
                              {actor.user_id(), "section.rename", std::to_string(year) + "/" + from,
                               from, to});
}

Result<void> WorkspaceService::RenamePlanElement(const Actor& actor, int year,
                                                 store::Store::PlanLevel level,
                                                 const std::string& from, const std::string& to) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("総合計画の体系の変更");
  if (to.empty() || from == to) return Error::InvalidInput("新しい名前を入力してください");
  return store_.RenamePlanElement(
      year, level, from, to,
      {actor.user_id(), "plan.rename", std::to_string(year) + "/" + from, from, to});
}

Result<std::vector<store::AuditRecord>> WorkspaceService::History(const Actor&, int year, int no) {
  return store_.ListAudit({ObjectOf(year, no), 500});
}

Result<std::vector<store::AuditRecord>> WorkspaceService::AuditLog(const Actor& actor, int limit) {
  if (!actor.IsAdministrator()) return Error::Forbidden("監査ログは管理者だけが読めます");
  return store_.ListAudit({"", limit});
}

Result<Dashboard> WorkspaceService::MonthDashboard(const Actor& actor, int year, int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, store_.LoadSheet(store::SheetKey::Working(year)));
  if (!sheet) return Error::NotFound(text::FiscalYearName(year) + "のシートはありません");
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
  Dashboard d;
  d.month = month;
  d.scale = sheet->rating_scale;
  d.initiatives = int(sheet->initiatives.size());
  const std::size_t levels = d.scale.levels().size();
  const std::string behind_symbol = levels >= 2 ? d.scale.levels().back().symbol : "";
  std::map<int, const store::InitiativeSummary*> summary_of;
  for (const auto& row : list.rows) summary_of[row.no] = &row;
  for (const model::Initiative& i : sheet->initiatives) {
    for (auto* groups : {&d.by_goal, &d.by_policy, &d.by_department}) {
      const std::string name = groups == &d.by_goal     ? text::FormatNumberedTitle(i.goal)
                               : groups == &d.by_policy ? text::FormatNumberedTitle(i.policy)
                                                        : i.department;
      RatingGroup& g = GroupOf(*groups, name, levels);
      AddTo(g.counts, g.unrated, d.scale, i.rating);
    }
    auto summary = summary_of.find(i.no);
    if (summary == summary_of.end()) continue;
    if (!behind_symbol.empty() && i.rating == behind_symbol) d.behind.push_back(*summary->second);
    if (!EntriesOf(i.plan, month).empty() && EntriesOf(i.progress, month).empty()) {
      d.plan_without_progress.push_back(*summary->second);
    }
  }
  for (const auto& r : reports) ++d.completeness[r.state];
  return d;
}

}  // namespace torikumi::service
