// The staff pages of the year's sheet: the list, an initiative with its month report, the
// edit form, the history.

#include <algorithm>
#include <cmath>

#include "model/indicator.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/number.h"
#include "web/portal_pages.h"
#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
namespace {

using model::ReportState;

constexpr int kBlankRows = 2;  // empty rows the edit form offers for new goals and entries

// Rows of (months, [rate,] text) for period goals, plan or progress, plus blank rows.
template <typename Row>
void EntryRows(Html& h, std::string_view legend, std::string_view prefix,
               const std::vector<Row>& rows, bool with_rate, auto months_of, auto rate_of,
               auto text_of) {
  h.Open("fieldset", {{"class", "entries"}});
  h.Element("legend", legend);
  h.Element("p",
            "月は「4月」「4～6月」「11月～3月」「上半期」のように書きます。空の行は無視されます。",
            {{"class", "hint"}});
  const std::size_t total = rows.size() + kBlankRows;
  for (std::size_t k = 0; k < total; ++k) {
    const bool blank = k >= rows.size();
    const std::string n = std::to_string(k + 1);
    const std::string p(prefix);
    // "plan-months-3": the field `what` of the row.
    const auto id = [&](std::string_view what) {
      std::string joined = p;
      joined.append("-").append(what).append("-").append(n);
      return joined;
    };
    const std::string months_id = id("months"), rate_id = id("rate"), text_id = id("text");
    h.Open("div", {{"class", "entry-row"}});
    h.Open("div", {{"class", "field months-field"}});
    h.Open("label", {{"for", months_id}}).Text(n + " 行目の月").Close("label");
    h.Void("input", {{"id", months_id},
                     {"name", p == "goal"   ? "goal_months"
                              : p == "plan" ? "plan_months"
                                            : "progress_months"},
                     {"type", "text"},
                     {"list", "month-sets"},
                     {"value", blank ? "" : months_of(rows[k])}});
    h.Close("div");
    if (with_rate) {
      h.Open("div", {{"class", "field rate-field"}});
      h.Open("label", {{"for", rate_id}}).Text("全体達成率 (%)").Close("label");
      h.Void("input", {{"id", rate_id},
                       {"name", "goal_rate"},
                       {"type", "text"},
                       {"inputmode", "decimal"},
                       {"value", blank ? "" : rate_of(rows[k])}});
      h.Close("div");
    }
    h.Open("div", {{"class", "field text-field"}});
    h.Open("label", {{"for", text_id}}).Text(n + " 行目の内容").Close("label");
    h.Open("textarea", {{"id", text_id},
                        {"name", p == "goal"   ? "goal_text"
                                 : p == "plan" ? "plan_text"
                                               : "progress_text"},
                        {"rows", "2"}})
        .Text(blank ? "" : text_of(rows[k]))
        .Close("textarea");
    h.Close("div").Close("div");
  }
  h.Close("fieldset");
}

// The fields of an initiative's form, as the edit page and the new-initiative page share
// them; `may_move` lets the owner and the place in the plan be changed.
void InitiativeFields(Html& h, const model::Initiative& i, const model::RatingScale& scale,
                      bool may_move, bool with_progress) {
  TextField(h, "title", "edit-title", "取組名", i.title, false);
  TextField(h, "overview", "edit-overview", "取組の概要", i.overview, true);
  TextField(h, "department", "edit-department", "所管部", i.department, false, !may_move);
  TextField(h, "section", "edit-section", "所管課", i.section, false, !may_move);
  TextField(h, "goal", "edit-goal", "分野別目標", text::FormatNumberedTitle(i.goal), false,
            !may_move);
  TextField(h, "policy", "edit-policy", "施策", text::FormatNumberedTitle(i.policy), false,
            !may_move);
  TextField(h, "project", "edit-project", "事業名", i.project, false, !may_move);
  TextField(h, "subproject", "edit-subproject", "細事業名", i.subproject, false, !may_move);
  TextField(h, "co_owners", "edit-co-owners", "共同所管（課名を空白または「、」で区切る）",
            JoinCoOwners(i.co_owners), false);
  EntryRows(
      h, "年度目標", "goal", i.period_goals, true,
      [](const model::PeriodGoal& g) { return g.months.ToJapanese(); },
      [](const model::PeriodGoal& g) {
        return g.target_rate ? text::FormatNumber(*g.target_rate) : std::string();
      },
      [](const model::PeriodGoal& g) { return g.text; });
  auto months = [](const model::Entry& e) { return e.months.ToJapanese(); };
  auto no_rate = [](const model::Entry&) { return std::string(); };
  auto entry_text = [](const model::Entry& e) { return e.text; };
  EntryRows(h, "年度計画", "plan", i.plan, false, months, no_rate, entry_text);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "edit-rating"}}).Text("進捗度").Close("label");
  RatingSelect(h, "edit-rating", scale, i.rating);
  h.Close("div");
  if (with_progress) {
    EntryRows(h, "進捗状況及び課題", "progress", i.progress, false, months, no_rate, entry_text);
  }
  // The month sets people pick most; anything else is typed as they write it.
  h.Open("datalist", {{"id", "month-sets"}});
  for (int index = 0; index < 12; ++index) {
    h.Void("option", {{"value", std::to_string(model::MonthSet::MonthAt(index)) + "月"}});
  }
  for (const char* set : {"4月～6月", "7月～9月", "10月～12月", "1月～3月", "上半期", "下半期",
                          "通年", "4月～10月", "11月～3月", "4月～9月", "10月～3月"}) {
    h.Void("option", {{"value", set}});
  }
  h.Close("datalist");
}

// The month's reports of one initiative on its staff page: their states, the form of the
// actor's own record, and the coordinator's review forms.
struct MonthReports {
  const StaffContext& c;
  const store::StoredInitiative& stored;
  const model::RatingScale& scale;
  const service::Permissions& may;
  int month;
  bool open;  // the month is open for reporting
  const std::vector<model::MonthReport>& reports;
  std::string base;  // the initiative's page

  // The record of `section` ("" the owner's), or a fresh draft where none is stored.
  model::MonthReport Record(const std::string& section) const {
    model::MonthReport found;
    found.no = stored.initiative.no;
    found.month = month;
    found.section = section;
    for (const auto& r : reports) {
      if (r.section == section) found = r;
    }
    return found;
  }

  void StateLine(Html& h, const model::MonthReport& r, const std::string& whose) const {
    h.Open("p").Text(whose + ": ");
    StateBadge(h, r.state);
    if (!r.updated_by.empty()) h.Text("（" + r.updated_by + "、" + JapanTime(r.updated_at) + "）");
    if (!r.approved_by.empty()) {
      h.Text(" 最後の承認: " + r.approved_by + "、" + JapanTime(r.approved_at));
    }
    h.Close("p");
    if (!r.comment.empty()) {
      Notice(h,
             (r.state == ReportState::kReturned ? "差し戻しの理由: " : "前回の差し戻しの理由: ") +
                 r.comment,
             r.state == ReportState::kReturned);
    }
  }

  void States(Html& h) const {
    StateLine(h, Record(""), "所管課「" + stored.initiative.section + "」の報告");
    for (const auto& r : reports) {
      if (r.IsNote()) StateLine(h, r, "共同所管「" + r.section + "」の追記");
    }
    if (!open) {
      h.Element("p", std::to_string(month) + "月はまだ報告の受付が始まっていません。",
                {{"class", "hint"}});
    }
  }

  // The actor's own record: the owner's report, or its section's note.
  void OwnForm(Html& h, const std::optional<ProgressDraft>& draft) const {
    const model::Initiative& i = stored.initiative;
    const model::MonthReport own = Record(may.edit ? "" : may.note_section);
    std::string own_text;
    if (may.edit) {
      for (const auto& e : model::ReportedIn(i.progress, month)) {
        own_text += (own_text.empty() ? "" : "\n") + e.text;
      }
    } else if (const model::Note* note = model::FindNote(i, month, may.note_section)) {
      own_text = note->text;
    }
    const bool locked = !model::EditorMayEdit(own.state);
    h.Open("form",
           {{"method", "post"}, {"action", base + "/progress"}, {"class", "progress-form"}});
    CsrfField(h, c.who.csrf_token);
    h.Void("input", {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(month)}});
    h.Void("input",
           {{"type", "hidden"}, {"name", "version"}, {"value", std::to_string(stored.version)}});
    h.Open("div", {{"class", "field"}});
    h.Open("label", {{"for", "progress-text"}})
        .Text(may.edit ? std::to_string(month) + "月の進捗状況及び課題"
                       : std::to_string(month) + "月の追記（共同所管「" + may.note_section + "」）")
        .Close("label");
    std::vector<Attribute> area{{"id", "progress-text"}, {"name", "text"}, {"rows", "5"}};
    if (locked) area.push_back({"readonly", "readonly"});
    h.Open("textarea", area).Text(draft ? draft->text : own_text).Close("textarea");
    h.Close("div");
    if (may.edit) {
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", "progress-rating"}}).Text("進捗度").Close("label");
      RatingSelect(h, "progress-rating", scale, draft ? draft->rating : i.rating);
      h.Close("div");
      FiguresFields(h, draft, locked);
    }
    if (!locked) {
      h.Open("div", {{"class", "actions"}});
      h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "save"}})
          .Text("下書き保存")
          .Close("button");
      if ((may.submit || !may.note_section.empty()) && open) {
        h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "submit"}})
            .Text("保存して提出")
            .Close("button");
      }
      h.Close("div");
    } else {
      h.Element("p",
                "提出済みまたは承認済みのため、企画担当が差し戻すか再開するまで変更できません。",
                {{"class", "hint"}});
    }
    h.Close("form");
  }

  // The owner's figures of the month: the 全体達成率 reached for the period goal then
  // current, and each indicator's actual with a note. Numbers are typed as people type them.
  void FiguresFields(Html& h, const std::optional<ProgressDraft>& draft, bool locked) const {
    const model::Initiative& i = stored.initiative;
    const auto goal = model::GoalOfMonth(i, month);
    const std::string prefix = std::to_string(month) + "月";
    auto input = [&](const std::string& id, const std::string& name, const std::string& value,
                     Literal mode, const std::string& described_by) {
      std::vector<Attribute> attributes{{"id", id},       {"name", name},
                                        {"value", value}, {"inputmode", mode.value()},
                                        {"type", "text"}, {"aria-describedby", described_by}};
      if (locked) attributes.push_back({"readonly", "readonly"});
      h.Void("input", attributes);
    };
    if (goal) {
      const model::PeriodGoal& g = i.period_goals[*goal];
      std::string rate;
      if (const auto stated = model::AchievementOf(i.achievements, month)) {
        rate = text::FormatNumber(*stated);
      }
      if (draft && draft->figures.rate) rate = *draft->figures.rate;
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", "progress-achievement"}})
          .Text(prefix + "時点の全体達成率（%）")
          .Close("label");
      input("progress-achievement", "achievement", rate, "decimal", "progress-achievement-hint");
      h.Element(
          "p",
          "【" + g.months.ToJapanese() + "の目標】" +
              (g.target_rate ? "の全体達成率 " + text::FormatNumber(*g.target_rate) + "% に対して、"
                             : "に対して、") +
              "この月までに達成した割合を 0 から 100 の数で書きます（例: 45、４５．５）。",
          {{"class", "hint"}, {"id", "progress-achievement-hint"}});
      h.Close("div");
    }
    for (std::size_t k = 0; k < i.indicators.size(); ++k) {
      const model::Indicator& x = i.indicators[k];
      const std::string n = std::to_string(k);
      std::string value, note;
      if (const model::Actual* actual = model::ActualOf(x, month)) {
        value = text::FormatNumber(actual->value);
        note = actual->note;
      }
      if (draft) {
        for (const service::TypedActual& typed : draft->figures.actuals) {
          if (typed.indicator == x.name) {
            value = typed.value;
            note = typed.note;
          }
        }
      }
      h.Open("fieldset", {{"class", "figures"}});
      h.Element("legend", "指標「" + x.name + "」の" + prefix + "の実績");
      h.Void("input", {{"type", "hidden"}, {"name", "indicator_" + n}, {"value", x.name}});
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", "actual-" + n}})
          .Text("実績値" + (x.unit.empty() ? "" : "（" + x.unit + "）"))
          .Close("label");
      input("actual-" + n, "actual_" + n, value, "decimal", "actual-hint-" + n);
      h.Element("p",
                x.kind == model::IndicatorKind::kMonthly
                    ? "この月だけの値を数で書きます（例: 1,234）。単位や「約」は書きません。"
                    : "この月の末までの累計を数で書きます（例: 1,234）。単位や「約」は書きません。",
                {{"class", "hint"}, {"id", "actual-hint-" + n}});
      h.Close("div");
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", "actual-note-" + n}}).Text("備考").Close("label");
      const std::string note_id = "actual-note-" + n, note_name = "actual_note_" + n;
      std::vector<Attribute> area{{"id", note_id}, {"name", note_name}, {"rows", "2"}};
      if (locked) area.push_back({"readonly", "readonly"});
      h.Open("textarea", area).Text(note).Close("textarea");
      h.Close("div");
      h.Close("fieldset");
    }
  }

  // Approve or return each submitted record; reopen each approved one.
  void ReviewForms(Html& h) const {
    std::vector<model::MonthReport> reviewable{Record("")};
    for (const auto& r : reports) {
      if (r.IsNote()) reviewable.push_back(r);
    }
    for (std::size_t k = 0; k < reviewable.size(); ++k) {
      const model::MonthReport& r = reviewable[k];
      const bool submitted = model::CoordinatorMayReview(r.state);
      if (!submitted && !model::CoordinatorMayReopen(r.state)) continue;
      const std::string id = r.IsNote() ? "review-comment-" + std::to_string(k) : "review-comment";
      const std::string whose = r.IsNote() ? "「" + r.section + "」の追記" : "所管課の報告";
      h.Open("form", {{"method", "post"},
                      {"action", StaffYearBase(c.year) + "reports"},
                      {"class", "review-form"}});
      CsrfField(h, c.who.csrf_token);
      h.Void("input", {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(month)}});
      h.Void("input",
             {{"type", "hidden"}, {"name", "no"}, {"value", std::to_string(stored.initiative.no)}});
      h.Void("input", {{"type", "hidden"}, {"name", "section"}, {"value", r.section}});
      h.Void("input", {{"type", "hidden"},
                       {"name", "return_to"},
                       {"value", base + "?month=" + std::to_string(month)}});
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", id}})
          .Text(whose + (submitted ? "を差し戻す場合の理由" : "の承認を取り消して再開する理由"))
          .Close("label");
      h.Open("textarea", {{"id", id}, {"name", "comment"}, {"rows", "2"}}).Close("textarea");
      h.Close("div").Open("div", {{"class", "actions"}});
      if (submitted) {
        h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "approve"}})
            .Text(whose + "を承認")
            .Close("button");
        h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "return"}})
            .Text("差し戻し")
            .Close("button");
      } else {
        h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "return"}})
            .Text("再開（差し戻し）")
            .Close("button");
      }
      h.Close("div").Close("form");
    }
  }
};

}  // namespace

std::string RenderNoYearPage(const StaffContext& c) {
  Html h;
  Begin(h, c, "職員用トップ", "");
  h.Element("h1", "シートがまだありません");
  if (c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator) {
    h.Element("h2", "シートの取り込み");
    ImportForm(h, c);
  } else {
    h.Element("p", "企画担当がシートを取り込むと、ここで編集できるようになります。");
  }
  return EndPage(h);
}

std::string RenderStaffList(const StaffContext& c, const service::InitiativeList& list,
                            const store::InitiativeFilter& filter, int month,
                            const std::vector<int>& open_months,
                            const std::map<int, model::MonthReport>& reports) {
  Html h;
  const std::string title = YearTitle(c.year) + " 取組の一覧（職員用）";
  Begin(h, c, title, "list");
  h.Element("h1", title);
  h.Element("p",
            "公開前の下書きを含む最新の内容です。公開ページには公開した時点の内容が表示されます。",
            {{"class", "hint"}});
  if (c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator) {
    h.Open("div", {{"class", "toolbar"}})
        .Open("a", {{"href", StaffYearBase(c.year) + "initiatives/new"}, {"class", "button"}})
        .Text("取組を追加")
        .Close("a")
        .Close("div");
  }
  h.Open("form", {{"method", "get"}, {"action", StaffYearBase(c.year)}, {"class", "month-form"}});
  h.Open("label", {{"for", "list-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "list-month", month, open_months);
  // The month form keeps the filters in force.
  auto hidden = [&](Literal name, const std::string& value) {
    if (!value.empty())
      h.Void("input", {{"type", "hidden"}, {"name", name.value()}, {"value", value}});
  };
  hidden("q", filter.query);
  hidden("department", filter.department);
  hidden("section", filter.section);
  hidden("goal", filter.goal);
  hidden("policy", filter.policy);
  hidden("rating", filter.rating);
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  FilterForm(h, StaffYearBase(c.year), list, filter);
  InitiativeTable(h, title, StaffYearBase(c.year), list, &reports);
  return EndPage(h);
}

std::string RenderStaffInitiative(const StaffContext& c, const store::StoredInitiative& stored,
                                  const model::RatingScale& scale, const service::Permissions& may,
                                  int month, const std::vector<int>& open_months,
                                  const std::vector<model::MonthReport>& reports,
                                  const std::optional<ProgressDraft>& draft,
                                  std::string_view error) {
  const model::Initiative& i = stored.initiative;
  const std::string base = StaffYearBase(c.year) + "initiatives/" + std::to_string(i.no);
  Html h;
  Begin(h, c, "No." + std::to_string(i.no) + " " + i.title + "（職員用）", "");
  h.Open("nav", {{"aria-label", "パンくずリスト"}, {"class", "breadcrumbs"}}).Open("ol");
  h.Open("li")
      .Open("a", {{"href", StaffYearBase(c.year)}})
      .Text(YearTitle(c.year))
      .Close("a")
      .Close("li");
  h.Open("li", {{"aria-current", "page"}}).Text("No." + std::to_string(i.no)).Close("li");
  h.Close("ol").Close("nav");
  h.Open("h1").Open("span", {{"class", "no"}}).Text("No." + std::to_string(i.no)).Close("span");
  h.Text(" ").Text(i.title).Close("h1");
  if (!error.empty()) Notice(h, error, true);

  h.Open("div", {{"class", "toolbar"}});
  if (may.edit)
    h.Open("a", {{"href", base + "/edit"}, {"class", "button"}}).Text("全体を編集").Close("a");
  if (may.edit || may.review) h.Open("a", {{"href", base + "/indicators"}}).Text("指標").Close("a");
  h.Open("a", {{"href", base + "/history"}}).Text("変更履歴").Close("a");
  h.Element("span", "版 " + std::to_string(stored.version), {{"class", "version"}});
  h.Close("div");

  h.Open("section", {{"class", "report"}, {"aria-labelledby", "report-heading"}});
  h.Open("h2", {{"id", "report-heading"}}).Text(std::to_string(month) + "月の報告 ").Close("h2");
  h.Open("form", {{"method", "get"}, {"action", base}, {"class", "month-form"}});
  h.Open("label", {{"for", "detail-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "detail-month", month, open_months);
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  const bool open = std::find(open_months.begin(), open_months.end(), month) != open_months.end();
  const MonthReports month_reports{c, stored, scale, may, month, open, reports, base};
  month_reports.States(h);
  if (may.edit || !may.note_section.empty()) month_reports.OwnForm(h, draft);
  if (may.review && open) month_reports.ReviewForms(h);
  h.Close("section");

  InitiativeBody(h, i, scale);
  return EndPage(h);
}

std::vector<service::TypedIndicator> TypedIndicatorsOf(const model::Initiative& i) {
  std::vector<service::TypedIndicator> typed;
  auto number = [](const std::optional<double>& v) { return v ? text::FormatNumber(*v) : ""; };
  auto year = [](int y) { return y ? std::to_string(y) : ""; };
  for (std::size_t k = 0; k < i.indicators.size(); ++k) {
    const model::Indicator& x = i.indicators[k];
    service::TypedIndicator t{k,
                              x.name,
                              x.unit,
                              std::string(model::DirectionName(x.direction)),
                              std::string(model::IndicatorKindName(x.kind)),
                              number(x.baseline),
                              year(x.baseline_year),
                              number(x.target),
                              {},
                              number(x.final_target),
                              year(x.final_year)};
    for (const model::Milestone& m : x.milestones) {
      t.milestones.emplace_back(m.month, text::FormatNumber(m.value));
    }
    typed.push_back(std::move(t));
  }
  return typed;
}

std::string RenderIndicatorsPage(const StaffContext& c, const store::StoredInitiative& stored,
                                 const std::vector<service::TypedIndicator>& typed,
                                 std::int64_t version, bool define, std::string_view error) {
  const model::Initiative& i = stored.initiative;
  const std::string base = StaffYearBase(c.year) + "initiatives/" + std::to_string(i.no);
  Html h;
  const std::string title = "No." + std::to_string(i.no) + " の指標";
  Begin(h, c, title, "");
  h.Open("nav", {{"aria-label", "パンくずリスト"}, {"class", "breadcrumbs"}}).Open("ol");
  h.Open("li").Open("a", {{"href", StaffYearBase(c.year)}}).Text(YearTitle(c.year)).Close("a");
  h.Close("li");
  h.Open("li")
      .Open("a", {{"href", base}})
      .Text("No." + std::to_string(i.no))
      .Close("a")
      .Close("li");
  h.Open("li", {{"aria-current", "page"}}).Text("指標").Close("li");
  h.Close("ol").Close("nav");
  h.Element("h1", title + "（" + i.title + "）");
  if (!error.empty()) Notice(h, error, true);
  h.Element("p",
            define ? "指標名・単位・方向・集計・基準値・目標を設定します。月ごとの実績は、各月の"
                     "報告で所管課が入力します。数は「1,234」「１２．５」のように書けます。"
                   : "目標を編集できます。指標の追加・削除と、指標名・単位・方向・集計・基準値の"
                     "変更は企画担当が行います。",
            {{"class", "hint"}});
  // The period goals' last months: where a milestone target can be set.
  std::vector<std::pair<int, std::string>> goal_ends;
  for (const model::PeriodGoal& g : i.period_goals) {
    const auto months = g.months.Months();
    if (months.empty()) continue;
    goal_ends.emplace_back(months.back(), g.months.ToJapanese());
  }
  h.Open("form",
         {{"method", "post"}, {"action", base + "/indicators"}, {"class", "indicators-form"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "version"}, {"value", std::to_string(version)}});
  std::vector<service::TypedIndicator> shown = typed;
  if (define) shown.push_back({});  // a blank one to add
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const service::TypedIndicator& t = shown[k];
    const std::string n = std::to_string(k);
    const bool fresh = !t.was;
    h.Open("fieldset", {{"class", "indicator-fields"}});
    h.Element("legend", fresh && k == typed.size()
                            ? "指標を追加"
                            : "指標 " + std::to_string(k + 1) + "「" + t.name + "」");
    if (t.was) {
      h.Void("input",
             {{"type", "hidden"}, {"name", "was_" + n}, {"value", std::to_string(*t.was)}});
    }
    // A field's id and form name: "indicator-target-0", "target_0".
    auto id_of = [&n](const std::string& field) {
      std::string id = "indicator-";
      id += field;
      id += '-';
      return id += n;
    };
    auto name_of = [&n](const std::string& field) {
      std::string name = field;
      name += '_';
      return name += n;
    };
    auto text_field = [&](const std::string& field, Literal label, const std::string& value,
                          bool editable, Literal mode) {
      const std::string id = id_of(field);
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", id}}).Markup(label).Close("label");
      const std::string name = name_of(field);
      std::vector<Attribute> attributes{{"id", id},
                                        {"name", name},
                                        {"type", "text"},
                                        {"value", value},
                                        {"inputmode", mode.value()}};
      if (!editable) attributes.push_back({"readonly", "readonly"});
      h.Void("input", attributes);
      h.Close("div");
    };
    auto choice = [&](const std::string& field, Literal label, const std::string& value,
                      std::initializer_list<std::string_view> options) {
      const std::string id = id_of(field), name = name_of(field);
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", id}}).Markup(label).Close("label");
      if (!define) {
        h.Void("input", {{"id", id},
                         {"name", name},
                         {"type", "text"},
                         {"value", value},
                         {"readonly", "readonly"}});
      } else {
        h.Open("select", {{"id", id}, {"name", name}});
        for (std::string_view option : options) {
          std::vector<Attribute> attributes{{"value", option}};
          if (option == value) attributes.push_back({"selected", "selected"});
          h.Open("option", attributes).Text(option).Close("option");
        }
        h.Close("select");
      }
      h.Close("div");
    };
    text_field("name", "指標名", t.name, define, "text");
    text_field("unit", "単位（人、件、%、円 など）", t.unit, define, "text");
    choice("direction", "方向（増加: 多いほどよい、減少: 少ないほどよい）",
           t.direction.empty() ? "増加" : t.direction, {"増加", "減少"});
    choice("kind", "集計（累計: その時点までの値、単月: 月ごとの値）",
           t.kind.empty() ? "累計" : t.kind, {"累計", "単月"});
    text_field("baseline", "基準値", t.baseline, define, "decimal");
    text_field("baseline_year", "基準値の年度（西暦）", t.baseline_year, define, "numeric");
    text_field("target", "今年度の目標", t.target, true, "decimal");
    for (const auto& [month, months] : goal_ends) {
      std::string value;
      for (const auto& [m, v] : t.milestones) {
        if (m == month) value = v;
      }
      const std::string id = "indicator-milestone-" + n + "-" + std::to_string(month);
      h.Open("div", {{"class", "field"}});
      h.Open("label", {{"for", id}})
          .Text("【" + months + "の目標】" + std::to_string(month) + "月末の目標")
          .Close("label");
      h.Void("input", {{"id", id},
                       {"name", "milestone_" + n + "_" + std::to_string(month)},
                       {"type", "text"},
                       {"value", value},
                       {"inputmode", "decimal"}});
      h.Close("div");
    }
    text_field("final_target", "最終目標（総合計画の最終年度）", t.final_target, true, "decimal");
    text_field("final_year", "最終目標の年度（西暦）", t.final_year, true, "numeric");
    if (define && !fresh) {
      h.Open("div", {{"class", "field"}});
      h.Void(
          "input",
          {{"type", "checkbox"}, {"id", "remove-" + n}, {"name", "remove_" + n}, {"value", "1"}});
      h.Open("label", {{"for", "remove-" + n}})
          .Text("この指標を削除する（入力済みの実績も消えます）")
          .Close("label");
      h.Close("div");
    }
    h.Close("fieldset");
  }
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}}).Text("指標を保存").Close("button");
  h.Open("a", {{"href", base}}).Text("取組に戻る").Close("a");
  h.Close("div").Close("form");
  return EndPage(h);
}

namespace {

// Ends the initiative (終了 or 廃止, with a reason), or takes a mistaken ending back.
void EndingForm(Html& h, const StaffContext& c, const std::string& base, const model::Initiative& i,
                std::int64_t version) {
  h.Open("form", {{"method", "post"}, {"action", base + "/ending"}, {"class", "ending-form"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "version"}, {"value", std::to_string(version)}});
  h.Element("h2", "取組の終了・廃止");
  if (i.ending) {
    h.Element("p", "この取組は「" + std::string(model::EndingKindName(i.ending->kind)) +
                       "」としています。理由: " + i.ending->reason);
    h.Void("input", {{"type", "hidden"}, {"name", "kind"}, {"value", ""}});
    h.Open("button", {{"type", "submit"}}).Text("終了・廃止を取り消す").Close("button");
    h.Close("form");
    return;
  }
  h.Element("p",
            "公開した取組は削除せず、終了または廃止として記録します。以後の公開にもそのように"
            "載り、月ごとの報告は求められず、翌年度には引き継がれません。",
            {{"class", "hint"}});
  h.Open("fieldset").Element("legend", "どちらですか");
  for (auto kind : {model::Ending::Kind::kCompleted, model::Ending::Kind::kAbolished}) {
    const std::string name(model::EndingKindName(kind));
    const std::string id =
        kind == model::Ending::Kind::kCompleted ? "ending-completed" : "ending-abolished";
    h.Open("div", {{"class", "choice"}});
    h.Void("input", {{"type", "radio"},
                     {"name", "kind"},
                     {"id", id},
                     {"value", name},
                     {"required", "required"}});
    h.Open("label", {{"for", id}})
        .Text(kind == model::Ending::Kind::kCompleted ? "終了 (目的を達成した)"
                                                      : "廃止 (取りやめた)")
        .Close("label");
    h.Close("div");
  }
  h.Close("fieldset");
  TextField(h, "reason", "ending-reason", "理由 (公開ページにも載ります)", "", true);
  h.Open("button", {{"type", "submit"}}).Text("終了・廃止として記録").Close("button");
  h.Close("form");
}

}  // namespace

std::string RenderEditPage(const StaffContext& c, const model::Initiative& i, std::int64_t version,
                           const model::RatingScale& scale, bool may_move, std::string_view error,
                           const store::StoredInitiative* newer) {
  const std::string base = StaffYearBase(c.year) + "initiatives/" + std::to_string(i.no);
  Html h;
  Begin(h, c, "No." + std::to_string(i.no) + " の編集", "");
  h.Open("h1").Text("No." + std::to_string(i.no) + " " + i.title + " の編集").Close("h1");
  if (!error.empty()) Notice(h, error, true);
  if (newer) {
    Notice(h,
           "ほかの人が先にこの取組を更新しました (版 " + std::to_string(newer->version) +
               ")。あなたの入力は下のフォームに残っています。右の最新の内容と見比べて、必要なら直し"
               "てから保存してください。",
           true);
  }
  h.Open("div", {{"class", newer ? "conflict" : "single"}});
  h.Open("form", {{"method", "post"}, {"action", base + "/edit"}, {"class", "edit"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "version"}, {"value", std::to_string(version)}});
  InitiativeFields(h, i, scale, may_move, true);
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}})
      .Text(newer ? "見比べたうえで保存" : "保存")
      .Close("button");
  h.Open("a", {{"href", base}}).Text("保存せずに戻る").Close("a");
  h.Close("div").Close("form");
  if (may_move && !newer) {
    EndingForm(h, c, base, i, version);
    DeleteForm(h, c, base + "/delete", "この取組を削除する",
               "一度も公開していない取組 (誤って追加したものなど) だけを削除できます。報告と追記も"
               "消え、元に戻せません。",
               "確認のため No. (" + std::to_string(i.no) + ") を入力",
               "No." + std::to_string(i.no) + " を削除する");
  }
  if (newer) {
    h.Open("section", {{"class", "newer"}, {"aria-labelledby", "newer-heading"}});
    h.Open("h2", {{"id", "newer-heading"}})
        .Text("最新の内容 (版 " + std::to_string(newer->version) + ")")
        .Close("h2");
    InitiativeBody(h, newer->initiative, scale);
    h.Close("section");
  }
  h.Close("div");
  return EndPage(h);
}

std::string RenderNewInitiativePage(const StaffContext& c, const model::Initiative& i,
                                    const model::RatingScale& scale, std::string_view error) {
  Html h;
  Begin(h, c, "取組の追加", "list");
  h.Element("h1", YearTitle(c.year) + " 取組の追加");
  if (!error.empty()) Notice(h, error, true);
  h.Open(
      "form",
      {{"method", "post"}, {"action", StaffYearBase(c.year) + "initiatives"}, {"class", "edit"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "new-no"}}).Text("No.").Close("label");
  h.Void("input", {{"id", "new-no"},
                   {"name", "no"},
                   {"type", "number"},
                   {"min", "1"},
                   {"value", std::to_string(i.no)},
                   {"required", "required"}});
  h.Close("div");
  InitiativeFields(h, i, scale, true, false);
  h.Element("p", "進捗状況は、追加したあと月ごとの報告で書きます。", {{"class", "hint"}});
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}}).Text("追加").Close("button");
  h.Open("a", {{"href", StaffYearBase(c.year)}}).Text("追加せずに戻る").Close("a");
  h.Close("div").Close("form");
  return EndPage(h);
}

std::string RenderHistory(const StaffContext& c, int no, std::string_view title,
                          const std::vector<store::AuditRecord>& records) {
  Html h;
  Begin(h, c, "No." + std::to_string(no) + " の変更履歴", "");
  h.Open("h1")
      .Text("No." + std::to_string(no) + " " + std::string(title) + " の変更履歴")
      .Close("h1");
  h.Open("p")
      .Open("a", {{"href", StaffYearBase(c.year) + "initiatives/" + std::to_string(no)}})
      .Text("取組に戻る")
      .Close("a")
      .Close("p");
  if (records.empty()) h.Element("p", "変更の記録はありません。");
  h.Open("ol", {{"class", "history"}});
  for (const auto& r : records) {
    h.Open("li")
        .Open("h2")
        .Text(JapanTime(r.at) + " " + r.user + " ")
        .Element("span", ActionLabel(r.action), {{"class", "action"}});
    if (r.object.find("月") != std::string::npos)
      h.Text(" " + r.object.substr(r.object.rfind('/') + 1));
    h.Close("h2");
    AuditChange(h, r);
    h.Close("li");
  }
  h.Close("ol");
  return EndPage(h);
}

}  // namespace torikumi::web
