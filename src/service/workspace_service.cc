#include "service/workspace_service.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "model/review.h"
#include "sheet/json.h"
#include "sheet/xlsx.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/number.h"
#include "text/search.h"

namespace torikumi::service {
namespace {

using model::Initiative;
using model::MonthSet;
using model::ReportState;

Error NeedsCoordinator(std::string_view what) {
  return Error::Forbidden(std::string(what) +
                          "は企画担当 (coordinator) または管理者だけができます");
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

// Everything but the notes, which co-owners write.
bool SameApartFromNotes(Initiative a, Initiative b) {
  a.notes.clear();
  b.notes.clear();
  return a == b;
}

// The reports whose content differs between `before` and `after`, by (month, section ""
// for the owner's); a changed rating is the owner's report of `rating_month`.
std::set<std::pair<int, std::string>> ChangedReports(const Initiative& before,
                                                     const Initiative& after,
                                                     std::optional<int> rating_month) {
  std::set<std::pair<int, std::string>> changed;
  for (int m = 1; m <= 12; ++m) {
    if (model::ReportedIn(before.progress, m) != model::ReportedIn(after.progress, m) ||
        model::AchievementOf(before.achievements, m) !=
            model::AchievementOf(after.achievements, m)) {
      changed.insert({m, ""});
    }
  }
  // An actual is part of its month's report. Defining indicators (adding, renaming, removing
  // one) is the coordinator's, and changes no report.
  for (const model::Indicator& was : before.indicators) {
    for (const model::Indicator& is : after.indicators) {
      if (was.name != is.name) continue;
      for (int m = 1; m <= 12; ++m) {
        const model::Actual* a = model::ActualOf(was, m);
        const model::Actual* b = model::ActualOf(is, m);
        if ((a == nullptr) != (b == nullptr) || (a && *a != *b)) changed.insert({m, ""});
      }
    }
  }
  if (before.rating != after.rating && rating_month) changed.insert({*rating_month, ""});
  for (const auto* side : {&before, &after}) {
    for (const model::Note& n : side->notes) {
      const model::Note* a = model::FindNote(before, n.month, n.section);
      const model::Note* b = model::FindNote(after, n.month, n.section);
      if (!a || !b || a->text != b->text) changed.insert({n.month, n.section});
    }
  }
  return changed;
}

// Whether an owner's report of a month after `month` is begun and not approved.
bool LaterOwnerReportUnderWay(const std::vector<model::ReportRecord>& records, int no, int month) {
  return std::any_of(records.begin(), records.end(), [&](const model::ReportRecord& r) {
    return r.no == no && !r.IsNote() && r.state != ReportState::kApproved &&
           MonthSet::FiscalIndex(r.month) > MonthSet::FiscalIndex(month);
  });
}

std::string ReportName(int no, int month, const std::string& section) {
  return "No." + std::to_string(no) + " の" + std::to_string(month) + "月の" +
         (section.empty() ? "報告" : "「" + section + "」の追記");
}

// `i` with the figures typed into its owner's report of `month`.
Result<Initiative> WithTypedFigures(Initiative i, int month, const TypedFigures& figures) {
  const std::string in_month = std::to_string(month) + "月の";
  if (figures.rate) {
    TORIKUMI_ASSIGN_OR_RETURN(const auto rate,
                              text::NumberField(*figures.rate, in_month + "全体達成率"));
    if (rate && !model::IsValidTargetRate(*rate)) {
      return Error::InvalidInput(
          in_month + "全体達成率は 0 から 100 の数で入力してください (小数は 2 桁まで)");
    }
    i.achievements = model::WithAchievement(std::move(i.achievements), month, rate);
  }
  for (const TypedActual& typed : figures.actuals) {
    auto x = std::find_if(
        i.indicators.begin(), i.indicators.end(),
        [&](const model::Indicator& candidate) { return candidate.name == typed.indicator; });
    if (x == i.indicators.end()) {
      return Error::InvalidInput("No." + std::to_string(i.no) + " に指標「" + typed.indicator +
                                 "」はありません");
    }
    const std::string field = in_month + "「" + typed.indicator + "」の実績値";
    TORIKUMI_ASSIGN_OR_RETURN(const auto value, text::NumberField(typed.value, field));
    const std::string note = text::NormalizedText(typed.note);
    if (!value && !note.empty()) return Error::InvalidInput(field + "を入力してください");
    std::optional<model::Actual> actual;
    if (value) actual = model::Actual{month, *value, note};
    x->actuals = model::WithActual(std::move(x->actuals), month, actual);
  }
  return i;
}

// Figures as every way in checks them: indicators named, once each; months and rates in
// range; numbers of a size people count in.
Result<void> CheckFigures(const Initiative& i) {
  constexpr double kLargest = 1e14;
  auto sized = [](const std::optional<double>& v) { return !v || std::fabs(*v) < kLargest; };
  auto month = [](int m) { return m >= 1 && m <= 12; };
  // Well within what a spreadsheet cell holds (32,767), and what a page shows on a line.
  constexpr std::ptrdiff_t kLongestName = 200, kLongestUnit = 20, kLongestNote = 2000;
  auto characters = [](const std::string& s) {
    return std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; });
  };
  for (const model::Achievement& a : i.achievements) {
    if (!month(a.month)) return Error::InvalidInput("全体達成率の月は 1 から 12 です");
    if (!model::IsValidTargetRate(a.rate)) {
      return Error::InvalidInput(
          std::to_string(a.month) +
          "月の全体達成率は 0 から 100 の数で入力してください (小数は 2 桁まで)");
    }
  }
  std::set<std::string> names;
  for (const model::Indicator& x : i.indicators) {
    if (text::NormalizedText(x.name).empty())
      return Error::InvalidInput("指標名を入力してください");
    if (!names.insert(x.name).second) {
      return Error::InvalidInput("指標「" + x.name +
                                 "」が二つあります。指標名は取組の中で一つずつです");
    }
    if (characters(x.name) > kLongestName || characters(x.unit) > kLongestUnit) {
      return Error::InvalidInput("指標名は 200 文字まで、単位は 20 文字までです");
    }
    if (!sized(x.baseline) || !sized(x.target) || !sized(x.final_target)) {
      return Error::InvalidInput("指標「" + x.name + "」の値が大きすぎます (100兆未満)");
    }
    for (int year : {x.baseline_year, x.final_year}) {
      if (year != 0 && (year < 1900 || year > 2999)) {
        return Error::InvalidInput("指標「" + x.name + "」の年度は西暦で入力してください");
      }
    }
    std::set<int> months;
    for (const model::Milestone& m : x.milestones) {
      if (!month(m.month) || !months.insert(m.month).second || !sized(m.value)) {
        return Error::InvalidInput("指標「" + x.name +
                                   "」の期間目標は月ごとに一つ、1 から 12 の月です");
      }
    }
    months.clear();
    for (const model::Actual& a : x.actuals) {
      if (!month(a.month) || !months.insert(a.month).second || !sized(a.value)) {
        return Error::InvalidInput("指標「" + x.name +
                                   "」の実績は月ごとに一つ、1 から 12 の月です");
      }
      if (characters(a.note) > kLongestNote) {
        return Error::InvalidInput("指標「" + x.name + "」の " + std::to_string(a.month) +
                                   "月の備考は 2,000 文字までです");
      }
    }
  }
  return {};
}

// Whether `a` and `b` define the same indicators, apart from their targets (which owners edit
// like the plan) and their actuals (which the monthly reports carry).
bool SameDefinitions(const Initiative& a, const Initiative& b) {
  if (a.indicators.size() != b.indicators.size()) return false;
  for (std::size_t k = 0; k < a.indicators.size(); ++k) {
    model::Indicator x = a.indicators[k];
    model::Indicator y = b.indicators[k];
    for (model::Indicator* z : {&x, &y}) {
      z->target.reset();
      z->milestones.clear();
      z->final_target.reset();
      z->final_year = 0;
      z->actuals.clear();
    }
    if (x != y) return false;
  }
  return true;
}

// Whether the entries an edit made read back from the sheet's notation as they are: a
// paragraph without months after another entry continues it, and a line starting "5月:"
// starts an entry. Entries the edit left alone are not judged, so that an imported entry the
// notation would tidy (a leading space) keeps the rest of the initiative editable.
bool ChangedEntriesReadBack(const std::vector<model::Entry>& entries,
                            const std::vector<model::Entry>& before) {
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const model::Entry& e = entries[k];
    // An entry without months after another reads back as part of it; one that followed
    // another already was left so by an import, and moving it there is the edit's doing.
    const bool follows = k > 0 && e.months.empty();
    const auto was = std::find(before.begin(), before.end(), e);
    if (was != before.end() && (!follows || was != before.begin())) continue;
    if (follows) return false;
    if (text::ParseEntries(text::FormatEntries({e})) != std::vector{e}) return false;
  }
  return true;
}

// Text longer than an Excel cell holds would make every later XLSX of the sheet fail, so it
// is refused with the column it is in. Entries the notation reads back otherwise, and an
// owner's entry starting 【co-owner】 (read as that section's note), are refused, so that
// every export imports to the same records. Only what the edit changes is judged: a note
// left by a merge or an import under a section no longer co-owning keeps the rest of the
// initiative editable.
Result<void> CheckWritable(const Initiative& i, const Initiative& before) {
  TORIKUMI_RETURN_IF_ERROR(sheet::CheckFitsSpreadsheetCells(i));
  TORIKUMI_RETURN_IF_ERROR(CheckFigures(i));
  if (!ChangedEntriesReadBack(i.plan, before.plan)) {
    return Error::InvalidInput(
        "年度計画の書き方では、月の指定のない記載は先頭にだけ置けます。また、2 行目以降を「5月:」"
        "のように月で始めると別の記載になります");
  }
  if (i.progress != before.progress) {
    if (!ChangedEntriesReadBack(i.progress, before.progress)) {
      return Error::InvalidInput(
          "進捗の書き方では、月の指定のない記載は先頭にだけ置けます。また、2 行目以降を「5月:」"
          "のように月で始めると別の記載になります");
    }
    for (const model::Entry& e : i.progress) {
      if (std::find(before.progress.begin(), before.progress.end(), e) != before.progress.end()) {
        continue;
      }
      for (const std::string& section : i.co_owners) {
        if (e.text.starts_with("【" + section + "】")) {
          return Error::InvalidInput(
              "「【" + section +
              "】」で始まる進捗は共同所管の追記として読まれます。書き方を変え"
              "てください");
        }
      }
    }
  }
  for (const model::Note& n : i.notes) {
    const model::Note* was = model::FindNote(before, n.month, n.section);
    if (was && was->text == n.text) continue;
    if (n.month < 1 || n.month > 12) return Error::InvalidInput("追記の月は 1 から 12 です");
    if (std::find(i.co_owners.begin(), i.co_owners.end(), n.section) == i.co_owners.end()) {
      return Error::InvalidInput("「" + n.section +
                                 "」は共同所管ではないため、その課の追記は置けません");
    }
    const model::Entry written{MonthSet::Of({n.month}), "【" + n.section + "】" + n.text};
    if (n.text.empty() ||
        text::ParseEntries(text::FormatEntries({written})) != std::vector<model::Entry>{written}) {
      return Error::InvalidInput(
          "追記の 2 行目以降を「5月:」のように月で始めると別の記載になります");
    }
  }
  return {};
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

RatingGroup& GroupOf(std::vector<RatingGroup>& groups, const std::string& name,
                     std::size_t levels) {
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
    return Error::InvalidInput("日付は YYYY-MM-DD で指定してください: 「" + std::string(text) +
                               "」");
  }
  return std::string(text);
}

WorkspaceService::WorkspaceService(store::Store& store, Clock now,
                                   NotificationSettings notifications)
    : store_(store),
      now_(now ? std::move(now) : Clock(SystemNow)),
      notifications_(std::move(notifications)) {}

Result<std::string> WorkspaceService::PageStamp(const Actor&) {
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t changes, store_.WorkspaceStamp());
  return std::to_string(changes) + " " + text::DateInJapan(now_());
}

Result<std::vector<int>> WorkspaceService::Years(const Actor&) { return store_.FiscalYears(); }

Result<InitiativeList> WorkspaceService::List(const Actor& actor, int year,
                                              const store::InitiativeFilter& filter) {
  InitiativeList list;
  TORIKUMI_ASSIGN_OR_RETURN(list.rating_scale, RatingScale(actor, year));
  TORIKUMI_ASSIGN_OR_RETURN(list.facets, store_.ListFacets(store::SheetKey::Working(year)));
  TORIKUMI_ASSIGN_OR_RETURN(list.rows,
                            store_.ListInitiatives(store::SheetKey::Working(year), filter));
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

Permissions WorkspaceService::PermissionsFor(const Actor& actor, int year,
                                             const model::Initiative& i) const {
  Permissions p;
  p.edit = actor.Owns(year, i);
  p.add_progress = p.edit || actor.CoOwns(year, i);
  p.submit = actor.HasSection(year, i.section) || actor.IsCoordinator();
  p.review = actor.IsCoordinator();
  for (const std::string& section : i.co_owners) {
    if (actor.HasSection(year, section) && section != i.section) {
      p.note_section = section;
      break;
    }
  }
  return p;
}

Result<std::vector<store::ReportTransition>> WorkspaceService::DraftTransitions(
    int year, const model::Initiative& before, const model::Initiative& after) {
  std::vector<store::ReportTransition> transitions;
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  const std::optional<int> rating_month = open.empty() ? std::nullopt : std::optional(open.back());
  const auto changed = ChangedReports(before, after, rating_month);
  if (changed.empty()) return transitions;
  TORIKUMI_ASSIGN_OR_RETURN(auto records, store_.ReportRecords(year, before.no));
  // What the public sees now: a report that begins begins from it.
  const model::Initiative published = model::ApprovedView(before, records);
  for (const auto& changed_report : changed) {
    const int month = changed_report.first;
    const std::string& section = changed_report.second;
    auto it = std::find_if(records.begin(), records.end(), [&](const model::ReportRecord& r) {
      return r.month == month && r.section == section;
    });
    const ReportState state = it == records.end() ? ReportState::kNotStarted : it->state;
    if (!model::EditorMayEdit(state)) {
      return Error::Forbidden(ReportName(before.no, month, section) + "は「" +
                              std::string(model::ReportStateLabel(state)) +
                              "」のため変更できません。企画担当が差し戻すか再開すると変更できます");
    }
    if (state == ReportState::kNotStarted) {
      model::ApprovedContent began = model::ApprovedContentOf(before, month, section);
      if (section.empty()) began.rating = published.rating;
      transitions.push_back({before.no, month, section, state, ReportState::kDraft, "", began});
    } else {
      // A draft stays one; the store checks again, in the same transaction as the edit,
      // that nobody submitted it meanwhile.
      transitions.push_back({before.no, month, section, state, ReportState::kDraft, "", {}});
    }
  }
  return transitions;
}

Result<std::int64_t> WorkspaceService::Update(const Actor& actor, int year,
                                              const model::Initiative& edited,
                                              std::int64_t version) {
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, edited.no));
  return UpdateStored(actor, year, stored, edited, version);
}

Result<std::int64_t> WorkspaceService::UpdateStored(const Actor& actor, int year,
                                                    const store::StoredInitiative& stored,
                                                    const model::Initiative& edited,
                                                    std::int64_t version) {
  const model::Initiative& before = stored.initiative;
  const Permissions may = PermissionsFor(actor, year, before);
  if (!may.edit && may.note_section.empty()) return NotYours(before);
  // A stale edit is a conflict first: what it would change is judged against what it saw.
  if (version != stored.version) {
    return Error::Conflict("No." + std::to_string(before.no) +
                           " はほかの人が先に更新しました (版 " + std::to_string(stored.version) +
                           ")");
  }
  if (!may.edit && !SameApartFromNotes(before, edited)) {
    return Error::Forbidden(
        "共同所管の課は自分の課の追記だけを書けます。目標・計画・進捗・進捗度は変更できません");
  }
  // A note is its section's own: nobody else's edit changes it.
  for (const auto* side : {&before, &edited}) {
    for (const model::Note& n : side->notes) {
      if (n.section == may.note_section) continue;
      const model::Note* was = model::FindNote(before, n.month, n.section);
      const model::Note* is = model::FindNote(edited, n.month, n.section);
      if (!was || !is || was->text != is->text) {
        return Error::Forbidden("「" + n.section + "」の" + std::to_string(n.month) +
                                "月の追記は、その課だけが書けます");
      }
    }
  }
  if (!actor.IsCoordinator() &&
      (edited.department != before.department || edited.section != before.section ||
       edited.goal != before.goal || edited.policy != before.policy ||
       edited.project != before.project || edited.subproject != before.subproject)) {
    return Error::Forbidden(
        "所管部課と総合計画上の位置づけ (分野別目標・施策・事業) は企画担当だけが変更できます");
  }
  if (!actor.IsCoordinator() && !SameDefinitions(before, edited)) {
    return Error::Forbidden(
        "指標の追加・削除と、指標名・単位・増減・累計/単月・基準値の変更は企画担当だけができます");
  }
  if (!actor.IsCoordinator() && edited.ending != before.ending) {
    return Error::Forbidden("取組の終了・廃止は企画担当だけが決められます");
  }
  if (edited.ending != before.ending && edited.ending &&
      text::NormalizedText(edited.ending->reason).empty()) {
    return Error::InvalidInput("終了・廃止の理由を入力してください");
  }
  if (edited.title.empty()) return Error::InvalidInput("取組名を入力してください");
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, RatingScale(actor, year));
  if (!edited.rating.empty() && !scale.Contains(edited.rating)) {
    return Error::InvalidInput("進捗度「" + edited.rating + "」は年度の評価区分にありません");
  }
  TORIKUMI_RETURN_IF_ERROR(CheckWritable(edited, before));
  TORIKUMI_ASSIGN_OR_RETURN(auto transitions, DraftTransitions(year, before, edited));
  return store_.UpdateInitiative(
      year, before, edited, version, transitions,
      {actor.user_id(), "initiative.update", ObjectOf(year, edited.no),
       sheet::WriteInitiativeJson(before), sheet::WriteInitiativeJson(edited)});
}

Result<void> WorkspaceService::AddInitiative(const Actor& actor, int year,
                                             model::Initiative initiative) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("取組の追加");
  if (initiative.no < 1 || initiative.no > 1'000'000) {
    return Error::InvalidInput("No. は 1 から 1000000 の数にしてください");
  }
  if (initiative.title.empty()) return Error::InvalidInput("取組名を入力してください");
  if (initiative.section.empty()) return Error::InvalidInput("所管課を入力してください");
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, RatingScale(actor, year));
  if (!initiative.rating.empty() && !scale.Contains(initiative.rating)) {
    return Error::InvalidInput("進捗度「" + initiative.rating + "」は年度の評価区分にありません");
  }
  // A section belongs to one department of the sheet: a new initiative of a known section
  // takes its department, and never moves the section.
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  for (const auto& row : list.rows) {
    if (row.section != initiative.section) continue;
    if (initiative.department.empty()) initiative.department = row.department;
    if (initiative.department != row.department) {
      return Error::InvalidInput("課「" + row.section + "」は「" + row.department +
                                 "」の課です。所管部を合わせてください");
    }
    break;
  }
  // Progress and notes come through the monthly reports, never with the plan.
  initiative.progress.clear();
  initiative.notes.clear();
  TORIKUMI_RETURN_IF_ERROR(CheckWritable(initiative, model::Initiative{}));
  return store_.AddInitiative(year, initiative,
                              {actor.user_id(), "initiative.add", ObjectOf(year, initiative.no), "",
                               sheet::WriteInitiativeJson(initiative)});
}

Result<int> WorkspaceService::NextNo(const Actor& actor, int year) {
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  int largest = 0;
  for (const auto& row : list.rows) largest = std::max(largest, row.no);
  return largest + 1;
}

Result<void> WorkspaceService::DeleteInitiative(const Actor& actor, int year, int no) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("取組の削除");
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
  return store_.DeleteInitiative(year, no,
                                 {actor.user_id(), "initiative.delete", ObjectOf(year, no),
                                  sheet::WriteInitiativeJson(stored.initiative), ""});
}

Result<std::int64_t> WorkspaceService::SetEnding(const Actor& actor, int year, int no,
                                                 std::optional<model::Ending> ending,
                                                 std::int64_t version) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("取組の終了・廃止");
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
  if (ending) ending->reason = text::NormalizedText(ending->reason);
  if (ending && ending->reason.empty()) {
    return Error::InvalidInput("終了・廃止の理由を入力してください");
  }
  model::Initiative edited = stored.initiative;
  edited.ending = std::move(ending);
  if (edited.ending == stored.initiative.ending) return stored.version;
  TORIKUMI_RETURN_IF_ERROR(sheet::CheckFitsSpreadsheetCells(edited));
  if (version != stored.version) {
    return Error::Conflict("No." + std::to_string(no) + " はほかの人が先に更新しました (版 " +
                           std::to_string(stored.version) + ")");
  }
  const auto written = [](const std::optional<model::Ending>& e) {
    return e ? text::FormatEnding(*e) : std::string("継続");
  };
  return store_.UpdateInitiative(
      year, stored.initiative, edited, version, {},
      {actor.user_id(), edited.ending ? "initiative.end" : "initiative.resume", ObjectOf(year, no),
       written(stored.initiative.ending), written(edited.ending)});
}

Result<std::int64_t> WorkspaceService::WriteMonthProgress(const Actor& actor, int year, int no,
                                                          int month, const std::string& text,
                                                          const std::optional<std::string>& rating,
                                                          std::int64_t version,
                                                          const TypedFigures& figures) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
  model::Initiative edited = stored.initiative;
  const Permissions may = PermissionsFor(actor, year, edited);
  if (may.edit) {
    TORIKUMI_ASSIGN_OR_RETURN(edited, WithTypedFigures(std::move(edited), month, figures));
    // The month's one entry keeps the months it speaks of ("2月・3月" is reported in March).
    const std::vector<model::Entry> reported = model::ReportedIn(edited.progress, month);
    std::string shown;  // what the month form showed: the entries' text, one after another
    for (const model::Entry& e : reported) shown += (shown.empty() ? "" : "\n") + e.text;
    if (text != shown) {
      const MonthSet months = reported.size() == 1 ? reported[0].months : MonthSet::Of({month});
      std::vector<model::Entry> entries;
      if (!text.empty()) entries.push_back({months, text});
      edited.progress = model::WithReported(edited.progress, month, entries);
    }
    if (rating) edited.rating = *rating;
  } else if (!may.note_section.empty()) {
    if (rating && *rating != edited.rating) {
      return Error::Forbidden("共同所管の課は進捗度を変更できません");
    }
    if (!figures.empty()) {
      return Error::Forbidden("全体達成率と指標の実績は所管課が報告します");
    }
    edited.notes = model::WithNote(edited, month, may.note_section, text);
  } else {
    return NotYours(edited);
  }
  return UpdateStored(actor, year, stored, edited, version);
}

Result<std::int64_t> WorkspaceService::SaveIndicators(const Actor& actor, int year, int no,
                                                      const std::vector<TypedIndicator>& typed,
                                                      std::int64_t version) {
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
  if (!PermissionsFor(actor, year, stored.initiative).edit) {
    return Error::Forbidden("指標は所管課と企画担当が編集します");
  }
  model::Initiative edited = stored.initiative;
  const std::vector<model::Indicator>& before = stored.initiative.indicators;
  edited.indicators.clear();
  for (const TypedIndicator& t : typed) {
    model::Indicator x;
    if (t.was && *t.was < before.size()) x = before[*t.was];
    x.name = text::NormalizedText(t.name);
    const bool blank = x.name.empty() && text::NormalizedText(t.unit).empty() &&
                       text::NormalizedText(t.baseline + t.target + t.final_target).empty();
    if (!t.was && blank) continue;
    if (x.name.empty()) return Error::InvalidInput("指標名を入力してください");
    x.unit = text::NormalizedText(t.unit);
    const std::string of = "指標「" + x.name + "」の";
    const auto direction = model::DirectionNamed(t.direction);
    const auto kind = model::IndicatorKindNamed(t.kind);
    if (!direction) return Error::InvalidInput(of + "方向は「増加」か「減少」です");
    if (!kind) return Error::InvalidInput(of + "集計は「累計」か「単月」です");
    x.direction = *direction;
    x.kind = *kind;
    auto year_of = [&](const std::string& text, const std::string& field) -> Result<int> {
      TORIKUMI_ASSIGN_OR_RETURN(const auto value, text::NumberField(text, of + field));
      if (!value) return 0;
      if (*value != std::floor(*value) || *value < 1900 || *value > 2999) {
        return Error::InvalidInput(of + field + "は西暦の年で入力してください (例: 2023)");
      }
      return int(*value);
    };
    TORIKUMI_ASSIGN_OR_RETURN(x.baseline, text::NumberField(t.baseline, of + "基準値"));
    TORIKUMI_ASSIGN_OR_RETURN(x.baseline_year, year_of(t.baseline_year, "基準値の年度"));
    TORIKUMI_ASSIGN_OR_RETURN(x.target, text::NumberField(t.target, of + "今年度の目標"));
    TORIKUMI_ASSIGN_OR_RETURN(x.final_target, text::NumberField(t.final_target, of + "最終目標"));
    TORIKUMI_ASSIGN_OR_RETURN(x.final_year, year_of(t.final_year, "最終目標の年度"));
    x.milestones.clear();
    for (const auto& [month, value] : t.milestones) {
      TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
      TORIKUMI_ASSIGN_OR_RETURN(
          const auto figure, text::NumberField(value, of + std::to_string(month) + "月末の目標"));
      if (figure) x.milestones.push_back({month, *figure});
    }
    std::stable_sort(x.milestones.begin(), x.milestones.end(), [](const auto& a, const auto& b) {
      return MonthSet::FiscalIndex(a.month) < MonthSet::FiscalIndex(b.month);
    });
    edited.indicators.push_back(std::move(x));
  }
  return Update(actor, year, edited, version);
}

Result<std::vector<int>> WorkspaceService::ReportingMonths(const Actor&, int year) {
  return store_.ReportingMonths(year);
}

Result<void> WorkspaceService::OpenMonth(const Actor& actor, int year, int month,
                                         const std::string& deadline) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  if (!actor.IsCoordinator()) return NeedsCoordinator("報告月の開始");
  std::string due = DefaultDeadline(year, month, notifications_);
  // Typed as people type dates: full-width digits too.
  const std::string typed = text::FoldForMatching(text::NormalizedText(deadline));
  if (!typed.empty()) {
    TORIKUMI_ASSIGN_OR_RETURN(due, ParseDate(typed));
  }
  // Every section that reports the month: the owners and co-owners of the initiatives that
  // go on.
  TORIKUMI_ASSIGN_OR_RETURN(const auto summaries,
                            store_.ListInitiatives(store::SheetKey::Working(year), {}));
  std::map<std::string, int> sections;  // → initiatives
  for (const auto& s : summaries) {
    if (s.ending) continue;
    ++sections[s.section];
    for (const auto& co : s.co_owners) ++sections[co];
  }
  TORIKUMI_ASSIGN_OR_RETURN(const auto users, store_.ListUsers());
  const std::string title = text::FiscalYearName(year) + " " + std::to_string(month) +
                            "月の報告の受付が始まりました（提出期限 " + MonthDay(due) + "）";
  const std::string link =
      "/staff/" + std::to_string(year) + "/board?month=" + std::to_string(month);
  store::AuditEntry audit{actor.user_id(), "month.open",
                          std::to_string(year) + "/" + std::to_string(month) + "月", "",
                          "報告受付開始 (提出期限 " + due + ")"};
  std::set<std::int64_t> told;
  for (const auto& [section, count] : sections) {
    for (const model::User* u : EditorsOf(users, year, section)) {
      if (u->id == actor.user_id() || !told.insert(u->id).second) continue;
      audit.notices.push_back(NoticeTo(*u, notifications_, model::NoticeKind::kMonthOpened, now_(),
                                       title,
                                       std::to_string(month) + "月の進捗状況を書いて、提出期限 " +
                                           due + " までに提出してください。",
                                       link));
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(const bool opened, store_.OpenReportingMonth(year, month, due, audit));
  (void)opened;  // opened before: nothing was written, and nobody is told again
  return {};
}

Result<void> WorkspaceService::SetDeadline(const Actor& actor, int year, int month,
                                           const std::string& deadline) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  if (!actor.IsCoordinator()) return NeedsCoordinator("提出期限の変更");
  TORIKUMI_ASSIGN_OR_RETURN(const std::string due,
                            ParseDate(text::FoldForMatching(text::NormalizedText(deadline))));
  return store_.SetReportingDeadline(
      year, month, due,
      {actor.user_id(), "month.deadline", std::to_string(year) + "/" + std::to_string(month) + "月",
       "", "提出期限 " + due});
}

Result<std::map<int, std::string>> WorkspaceService::Deadlines(const Actor&, int year) {
  return store_.ReportingDeadlines(year);
}

Result<std::vector<model::MonthReport>> WorkspaceService::Reports(const Actor&, int year,
                                                                  int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  return store_.LoadMonthReports(year, month);
}

Result<Board> WorkspaceService::ReportingBoard(const Actor& actor, int year, int month) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  Board board;
  board.month = month;
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  board.open = std::find(open.begin(), open.end(), month) != open.end();
  board.default_deadline = DefaultDeadline(year, month, notifications_);
  if (board.open) {
    TORIKUMI_ASSIGN_OR_RETURN(const auto deadlines, store_.ReportingDeadlines(year));
    if (auto it = deadlines.find(month); it != deadlines.end()) board.deadline = it->second;
    board.days_left = DaysBetween(text::DateInJapan(now_()), board.deadline);
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
  std::map<int, model::MonthReport> by_no;
  for (auto& r : reports) {
    if (r.IsNote()) {
      board.notes.push_back(r);
    } else {
      by_no[r.no] = r;
    }
  }
  for (const auto& row : list.rows) {
    model::MonthReport report;
    report.no = row.no;
    report.month = month;
    if (auto found = by_no.find(row.no); found != by_no.end()) report = found->second;
    // An initiative that ended is asked for no more reports.
    if (row.ending && report.state == ReportState::kNotStarted) continue;
    auto it =
        std::find_if(board.sections.begin(), board.sections.end(), [&](const BoardSection& s) {
          return s.department == row.department && s.section == row.section;
        });
    if (it == board.sections.end()) {
      board.sections.push_back({row.department, row.section, {}, {}, 0});
      it = board.sections.end() - 1;
    }
    if (report.state == ReportState::kSubmitted || report.state == ReportState::kApproved) {
      ++it->reported;
    }
    ++board.totals[report.state];
    it->initiatives.push_back(row);
    it->reports.push_back(std::move(report));
  }
  std::stable_sort(
      board.sections.begin(), board.sections.end(),
      [](const BoardSection& a, const BoardSection& b) { return a.department < b.department; });
  return board;
}

Result<void> WorkspaceService::Transition(const Actor& actor, int year, int month,
                                          const std::vector<int>& nos, ReportState to,
                                          const std::string& comment, const std::string& section) {
  TORIKUMI_RETURN_IF_ERROR(CheckMonth(month));
  if (nos.empty()) return Error::InvalidInput("取組を選んでください");
  TORIKUMI_ASSIGN_OR_RETURN(auto open, store_.ReportingMonths(year));
  if (std::find(open.begin(), open.end(), month) == open.end()) {
    return Error::InvalidInput(std::to_string(month) + "月はまだ報告を受け付けていません");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, store_.LoadMonthReports(year, month));
  TORIKUMI_ASSIGN_OR_RETURN(auto records, store_.ReportRecords(year, std::nullopt));
  std::vector<store::ReportTransition> transitions;
  std::vector<ReportRef> told;         // whose section hears of it
  std::vector<ReportRef> resubmitted;  // returned before, submitted again
  for (int no : nos) {
    TORIKUMI_ASSIGN_OR_RETURN(auto stored, Initiative(actor, year, no));
    const Permissions may = PermissionsFor(actor, year, stored.initiative);
    std::string of = section;
    if (to == ReportState::kSubmitted) {
      // Editors submit their own record: the owner's report, or their section's note.
      if (of.empty() && !may.submit) of = may.note_section;
      if (of.empty() ? !may.submit : of != may.note_section && !may.review) {
        return NotYours(stored.initiative);
      }
    } else if (!may.review) {
      return NeedsCoordinator("承認と差し戻し");
    }
    auto it = std::find_if(reports.begin(), reports.end(), [&](const model::MonthReport& r) {
      return r.no == no && r.section == of;
    });
    const ReportState state = it == reports.end() ? ReportState::kNotStarted : it->state;
    const bool allowed = to == ReportState::kSubmitted  ? model::EditorMaySubmit(state)
                         : to == ReportState::kReturned ? model::CoordinatorMayReview(state) ||
                                                              model::CoordinatorMayReopen(state)
                                                        : model::CoordinatorMayReview(state);
    if (!allowed) {
      return Error::Conflict(ReportName(no, month, of) + "は「" +
                             std::string(model::ReportStateLabel(state)) + "」のため" +
                             (to == ReportState::kSubmitted  ? "提出できません"
                              : to == ReportState::kReturned ? "差し戻せません"
                                                             : "承認できません"));
    }
    if (to == ReportState::kSubmitted &&
        (of.empty() ? state == ReportState::kNotStarted &&
                          model::ReportedIn(stored.initiative.progress, month).empty()
                    : !model::FindNote(stored.initiative, month, of))) {
      return Error::InvalidInput(ReportName(no, month, of) + "はまだ書かれていません");
    }
    std::optional<model::ApprovedContent> approved;
    if (to == ReportState::kApproved || state == ReportState::kNotStarted) {
      approved = model::ApprovedContentOf(stored.initiative, month, of);
      // The working rating is this report's only while no later owner's report is under
      // way: a rating changed since belongs to that later report, which is not approved.
      if (of.empty() &&
          (state == ReportState::kNotStarted || LaterOwnerReportUnderWay(records, no, month))) {
        approved->rating = model::ApprovedView(stored.initiative, records).rating;
      }
    }
    transitions.push_back({no, month, of, state, to, comment, approved});
    const ReportRef ref{no, stored.initiative.title, of.empty() ? stored.initiative.section : of};
    if (to != ReportState::kSubmitted) {
      told.push_back(ref);
    } else if (state == ReportState::kReturned ||
               (it != reports.end() && !it->comment.empty() && state == ReportState::kDraft)) {
      resubmitted.push_back(ref);
    }
  }
  std::vector<store::Notice> notices;
  if (to == ReportState::kSubmitted) {
    if (!resubmitted.empty()) {
      TORIKUMI_ASSIGN_OR_RETURN(
          notices,
          ReportNotices(actor, year, month, model::NoticeKind::kResubmitted, resubmitted, ""));
    }
  } else {
    TORIKUMI_ASSIGN_OR_RETURN(
        notices, ReportNotices(actor, year, month,
                               to == ReportState::kReturned ? model::NoticeKind::kReturned
                                                            : model::NoticeKind::kApproved,
                               told, comment));
  }
  return store_.ApplyTransitions(year, transitions, actor.user_id(), notices);
}

Result<std::vector<store::Notice>> WorkspaceService::ReportNotices(
    const Actor& actor, int year, int month, model::NoticeKind kind,
    const std::vector<ReportRef>& reports, const std::string& comment) {
  TORIKUMI_ASSIGN_OR_RETURN(const auto users, store_.ListUsers());
  // Each recipient's reports.
  std::map<std::int64_t, std::vector<const ReportRef*>> of_user;
  std::map<std::int64_t, const model::User*> user_of;
  for (const ReportRef& r : reports) {
    const auto recipients = kind == model::NoticeKind::kResubmitted
                                ? CoordinatorsAmong(users)
                                : EditorsOf(users, year, r.section);
    for (const model::User* u : recipients) {
      if (u->id == actor.user_id()) continue;
      of_user[u->id].push_back(&r);
      user_of[u->id] = u;
    }
  }
  const std::string what = kind == model::NoticeKind::kReturned   ? "差し戻されました"
                           : kind == model::NoticeKind::kApproved ? "承認されました"
                                                                  : "再提出されました";
  std::vector<store::Notice> notices;
  for (const auto& [id, refs] : of_user) {
    const ReportRef& first = *refs.front();
    const std::string title =
        refs.size() == 1
            ? "No." + std::to_string(first.no) + "「" + first.title + "」の" +
                  std::to_string(month) + "月の報告が" + what
            : std::to_string(month) + "月の報告 " + std::to_string(refs.size()) + "件が" + what;
    std::string body;
    for (const ReportRef* r : refs) {
      body += "・No." + std::to_string(r->no) + " " + r->title + "（" + r->section + "）\n";
    }
    body += (kind == model::NoticeKind::kResubmitted ? "提出した人: " : "確認した人: ") +
            actor.name() + "\n";
    if (!comment.empty()) body += "コメント: " + comment + "\n";
    const std::string link =
        refs.size() == 1
            ? "/staff/" + std::to_string(year) + "/initiatives/" + std::to_string(first.no) +
                  "?month=" + std::to_string(month)
            : "/staff/" + std::to_string(year) + "/board?month=" + std::to_string(month);
    notices.push_back(NoticeTo(*user_of[id], notifications_, kind, now_(), title, body, link));
  }
  return notices;
}

Result<void> WorkspaceService::Submit(const Actor& actor, int year, int month,
                                      const std::vector<int>& nos) {
  return Transition(actor, year, month, nos, ReportState::kSubmitted, "", "");
}

Result<void> WorkspaceService::Approve(const Actor& actor, int year, int month,
                                       const std::vector<int>& nos, const std::string& section) {
  return Transition(actor, year, month, nos, ReportState::kApproved, "", section);
}

Result<void> WorkspaceService::Return(const Actor& actor, int year, int month,
                                      const std::vector<int>& nos, const std::string& comment,
                                      const std::string& section) {
  if (comment.empty()) return Error::InvalidInput("差し戻す理由をコメントに書いてください");
  return Transition(actor, year, month, nos, ReportState::kReturned, comment, section);
}

Result<store::PublicationRecord> WorkspaceService::Publish(const Actor& actor, int year,
                                                           const std::string& published_on) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("公開");
  TORIKUMI_ASSIGN_OR_RETURN(auto date, ParseDate(published_on));
  const std::string today = text::DateInJapan(now_());
  if (date > today) {
    return Error::InvalidInput("公開日 " + date + " は今日 (" + today +
                               ") より後です。今日までの日付を指定してください");
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto earlier, store_.Publications(year));
  std::erase_if(earlier, [](const store::PublicationRecord& p) { return p.Withdrawn(); });
  if (!earlier.empty() && date < earlier.front().published_on) {
    return Error::InvalidInput("公開日 " + date + " は、この年度の最新の公開 (" +
                               earlier.front().published_on + ") より前です");
  }
  store::AuditEntry audit{actor.user_id(), "sheet.publish", std::to_string(year), "", ""};
  TORIKUMI_ASSIGN_OR_RETURN(const auto users, store_.ListUsers());
  for (const model::User* u : CoordinatorsAmong(users)) {
    if (u->id == actor.user_id()) continue;
    audit.notices.push_back(
        NoticeTo(*u, notifications_, model::NoticeKind::kPublished, now_(),
                 text::FiscalYearName(year) + "のシートを公表しました（公表日 " + date + "）",
                 actor.name() + " が承認済みの報告を公表しました。",
                 "/staff/" + std::to_string(year) + "/publications"));
  }
  return store_.Publish(year, date, audit);
}

Result<store::PublicationRecord> WorkspaceService::WithdrawPublication(const Actor& actor, int year,
                                                                       std::int64_t id,
                                                                       const std::string& reason) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("公開の取り下げ");
  const std::string why = text::NormalizedText(reason);
  if (why.empty()) return Error::InvalidInput("取り下げの理由を書いてください");
  if (why.size() > 2000) return Error::InvalidInput("取り下げの理由が長すぎます (2000 バイトまで)");
  return store_.WithdrawPublication(
      year, id, why,
      {actor.user_id(), "sheet.withdraw", std::to_string(year) + "/" + std::to_string(id), "", ""});
}

Result<std::vector<store::PublicationRecord>> WorkspaceService::Publications(const Actor&,
                                                                             int year) {
  return store_.Publications(year);
}

Result<std::vector<LeftOut>> WorkspaceService::LeftOutOfPublication(const Actor& actor, int year) {
  TORIKUMI_ASSIGN_OR_RETURN(auto records, store_.ReportRecords(year, std::nullopt));
  TORIKUMI_ASSIGN_OR_RETURN(auto list, List(actor, year, {}));
  std::map<int, std::string> title_of;
  for (const auto& row : list.rows) title_of[row.no] = row.title;
  std::vector<LeftOut> left_out;
  for (const model::ReportRecord& r : records) {
    if (r.state == ReportState::kApproved || r.state == ReportState::kNotStarted) continue;
    left_out.push_back({r.no, title_of[r.no], r.month, r.section, r.state});
  }
  return left_out;
}

Result<ImportPreview> WorkspaceService::PreviewImport(const Actor& actor,
                                                      std::string_view file_name,
                                                      std::string_view bytes,
                                                      const ImportOptions& options) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("シートの取り込み");
  return SheetService(store_).Preview(file_name, bytes, options);
}

Result<void> WorkspaceService::DeleteYear(const Actor& actor, int year) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("年度の削除");
  return store_.DeleteYear(year, {actor.user_id(), "year.delete", std::to_string(year), "", ""});
}

Result<int> WorkspaceService::CarryOver(const Actor& actor, int from, int year) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("年度の繰越");
  return store_.CarryOver(from, year,
                          {actor.user_id(), "year.carry_over", std::to_string(year), "",
                           std::to_string(from) + "年度から繰越"});
}

Result<ImportReport> WorkspaceService::ImportSheet(const Actor& actor, std::string_view file_name,
                                                   std::string_view bytes, ImportOptions options) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("シートの取り込み");
  SheetService sheets(store_);
  options.user_id = actor.user_id();
  return sheets.Import(file_name, bytes, options);
}

Result<void> WorkspaceService::SaveRatingScale(const Actor& actor, int year,
                                               const model::RatingScale& scale,
                                               const RatingRenames& renamed) {
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
  for (const auto& [from, to] : renamed) {
    if (!before.Contains(from))
      return Error::InvalidInput("記号「" + from + "」はもとの評価区分にありません");
    if (!scale.Contains(to))
      return Error::InvalidInput("記号「" + to + "」は新しい評価区分にありません");
  }
  auto describe = [](const model::RatingScale& s) {
    std::string text;
    for (const auto& level : s.levels()) {
      text += level.symbol + " " + level.label + " (" +
              std::string(model::RatingMeaningLabel(level.meaning)) + ")\n";
    }
    return text;
  };
  return store_.SaveRatingScale(year, scale, renamed,
                                {actor.user_id(), "rating_scale.save", std::to_string(year),
                                 describe(before), describe(scale)});
}

Result<void> WorkspaceService::RenameSection(const Actor& actor, int year, const std::string& from,
                                             const std::string& to) {
  if (!actor.IsCoordinator()) return NeedsCoordinator("課の名称変更・統合");
  if (to.empty() || from == to) return Error::InvalidInput("新しい課の名前を入力してください");
  return store_.RenameSection(
      year, from, to,
      {actor.user_id(), "section.rename", std::to_string(year) + "/" + from, from, to});
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

Result<store::AuditChainCheck> WorkspaceService::VerifyAudit(const Actor& actor) {
  if (!actor.IsAdministrator()) return Error::Forbidden("監査ログは管理者だけが読めます");
  return store_.VerifyAuditChain();
}

namespace {

IndicatorGroup& IndicatorGroupOf(std::vector<IndicatorGroup>& groups, const std::string& name) {
  for (IndicatorGroup& g : groups) {
    if (g.name == name) return g;
  }
  groups.push_back({name});
  return groups.back();
}

// The dashboard's figures of one initiative by the end of `month`.
void AddFigures(Dashboard& d, const Initiative& i, const store::InitiativeSummary& summary,
                int month) {
  if (i.ending) return;
  const auto statuses = model::GoalStatuses(i, month);
  for (std::size_t k = 0; k < statuses.size(); ++k) {
    const model::GoalStatus& s = statuses[k];
    const model::PeriodGoal& g = i.period_goals[k];
    if (!g.target_rate || (!s.below_target && !s.behind_path)) continue;
    // Only the goal that ended last counts as "ended below": an earlier one is history.
    if (s.below_target && k + 1 < statuses.size() && statuses[k + 1].ended) continue;
    GoalShortfall shortfall{summary, g.months.ToJapanese(), *g.target_rate, s.stated, s.expected};
    (s.below_target ? d.goals_below_target : d.goals_behind_path).push_back(std::move(shortfall));
  }
  for (const model::Indicator& x : i.indicators) {
    const model::IndicatorStatus status = model::StatusOf(x, month);
    for (auto* groups :
         {&d.indicators_by_goal, &d.indicators_by_policy, &d.indicators_by_department}) {
      const std::string name = groups == &d.indicators_by_goal ? text::FormatNumberedTitle(i.goal)
                               : groups == &d.indicators_by_policy
                                   ? text::FormatNumberedTitle(i.policy)
                                   : i.department;
      IndicatorGroup& group = IndicatorGroupOf(*groups, name);
      ++(!status.month || !status.expected ? group.unknown
         : status.behind                   ? group.behind
                                           : group.on_track);
    }
    if (status.behind) {
      d.indicators_behind.push_back(
          {summary, x.name, x.unit, *status.month, *status.value, *status.expected});
    }
  }
}

}  // namespace

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
    if (d.scale.MeaningOf(i.rating) == model::RatingMeaning::kBehind) {
      d.behind.push_back(*summary->second);
    }
    if (!i.ending && !EntriesOf(i.plan, month).empty() && EntriesOf(i.progress, month).empty()) {
      d.plan_without_progress.push_back(*summary->second);
    }
    AddFigures(d, i, *summary->second, month);
  }
  for (const auto& r : reports) {
    if (!r.IsNote()) ++d.completeness[r.state];
  }
  return d;
}

}  // namespace torikumi::service
