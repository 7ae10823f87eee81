// The staff pages of the monthly cycle: the reporting board, the dashboard, publication.

#include <algorithm>
#include <cmath>

#include "sheet/figures.h"
#include "text/era.h"
#include "text/number.h"
#include "web/portal_pages.h"
#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
namespace {

using model::ReportState;

// One bar per group: a segment per rating level, as server-side SVG with a table beside it
// for screen readers and print.
void RatingChart(Html& h, std::string_view caption, const std::vector<service::RatingGroup>& groups,
                 const model::RatingScale& scale, std::string_view unrated = "未評価") {
  // Colours by meaning, never by place: a level added on top keeps → in the on-time blue.
  static constexpr const char* kOthers[] = {"#8a5a00", "#6b3fa0", "#00707a"};
  std::vector<std::string> colours;
  std::size_t others = 0;
  for (const auto& level : scale.levels()) {
    switch (level.meaning) {
      case model::RatingMeaning::kAhead:
        colours.push_back("#1b7a3a");
        break;
      case model::RatingMeaning::kOnTrack:
        colours.push_back("#0b5cad");
        break;
      case model::RatingMeaning::kBehind:
        colours.push_back("#b3261e");
        break;
      case model::RatingMeaning::kOther:
        colours.push_back(kOthers[others++ % 3]);
        break;
    }
  }
  constexpr int kBarHeight = 22, kGap = 10, kLabelWidth = 260, kBarWidth = 420;
  int max_total = 1;
  for (const auto& g : groups) {
    int total = g.unrated;
    for (int c : g.counts) total += c;
    max_total = std::max(max_total, total);
  }
  const int height = int(groups.size()) * (kBarHeight + kGap) + kGap;
  h.Open("figure", {{"class", "chart"}});
  h.Element("figcaption", caption);
  const std::string view_box =
      "0 0 " + std::to_string(kLabelWidth + kBarWidth + 60) + " " + std::to_string(height);
  h.Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                 {"viewBox", view_box},
                 {"role", "img"},
                 {"aria-label", caption}});
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const auto& g = groups[k];
    const int y = kGap + int(k) * (kBarHeight + kGap);
    std::string label = g.name;
    h.Open("text", {{"x", std::to_string(kLabelWidth - 8)},
                    {"y", std::to_string(y + 16)},
                    {"text-anchor", "end"},
                    {"font-size", "13"}})
        .Text(label.empty() ? "（未設定）" : label)
        .Close("text");
    int x = kLabelWidth;
    int total = g.unrated;
    auto segment = [&](int count, std::string_view colour, std::string_view title) {
      if (count == 0) return;
      const int width = int(std::lround(double(count) * kBarWidth / max_total));
      h.Open("rect", {{"x", std::to_string(x)},
                      {"y", std::to_string(y)},
                      {"width", std::to_string(width)},
                      {"height", std::to_string(kBarHeight)},
                      {"fill", colour}})
          .Element("title", std::string(title) + ": " + std::to_string(count) + " 件")
          .Close("rect");
      x += width;
    };
    for (std::size_t level = 0; level < g.counts.size(); ++level) {
      total += g.counts[level];
      segment(g.counts[level], colours[level],
              scale.levels()[level].symbol + " " + scale.levels()[level].label);
    }
    segment(g.unrated, "#9e9e9e", unrated);
    h.Open("text",
           {{"x", std::to_string(x + 6)}, {"y", std::to_string(y + 16)}, {"font-size", "13"}})
        .Text(std::to_string(total) + " 件")
        .Close("text");
  }
  h.Close("svg");
  // The same figures as a table: the chart's text alternative.
  h.Open("table", {{"class", "chart-data"}});
  h.Open("thead").Open("tr").Open("th", {{"scope", "col"}}).Text("区分").Close("th");
  for (const auto& level : scale.levels()) {
    h.Open("th", {{"scope", "col"}}).Text(level.symbol + " " + level.label).Close("th");
  }
  h.Open("th", {{"scope", "col"}})
      .Text(unrated)
      .Close("th")
      .Close("tr")
      .Close("thead")
      .Open("tbody");
  for (const auto& g : groups) {
    h.Open("tr").Element("th", g.name.empty() ? "（未設定）" : g.name, {{"scope", "row"}});
    for (int count : g.counts) h.Element("td", std::to_string(count));
    h.Element("td", std::to_string(g.unrated)).Close("tr");
  }
  h.Close("tbody").Close("table").Close("figure");
}

void SummaryList(Html& h, int year, const std::vector<store::InitiativeSummary>& rows) {
  if (rows.empty()) {
    h.Element("p", "該当する取組はありません。");
    return;
  }
  h.Open("ul");
  for (const auto& row : rows) {
    h.Open("li")
        .Open("a", {{"href", StaffYearBase(year) + "initiatives/" + std::to_string(row.no)}})
        .Text("No." + std::to_string(row.no) + " " + row.title)
        .Close("a")
        .Text("（" + row.section + "）")
        .Close("li");
  }
  h.Close("ul");
}

// How the indicators of each group stand, drawn as the 進捗度 charts are.
void IndicatorChart(Html& h, std::string_view caption,
                    const std::vector<service::IndicatorGroup>& groups) {
  static const model::RatingScale kStanding(
      {{"順調", "（目安どおりか上回る）", model::RatingMeaning::kOnTrack},
       {"遅れ", "（目安に届かない）", model::RatingMeaning::kBehind}});
  std::vector<service::RatingGroup> counted;
  counted.reserve(groups.size());
  for (const service::IndicatorGroup& g : groups) {
    counted.push_back({g.name, {g.on_track, g.behind}, g.unknown});
  }
  RatingChart(h, caption, counted, kStanding, "判定なし（実績か目標がない）");
}

void GoalShortfalls(Html& h, int year, std::string_view caption,
                    const std::vector<service::GoalShortfall>& rows) {
  if (rows.empty()) {
    h.Element("p", std::string(caption) + "はありません。");
    return;
  }
  h.Open("div", {{"class", "table-scroll"}}).Open("table");
  h.Element("caption", caption);
  h.Open("thead").Open("tr");
  for (Literal head : {Literal("取組"), Literal("期間"), Literal("目標"), Literal("実績"),
                       Literal("この時点の目安")}) {
    h.Open("th", {{"scope", "col"}}).Markup(head).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const service::GoalShortfall& r : rows) {
    h.Open("tr").Open("th", {{"scope", "row"}});
    h.Open("a", {{"href", StaffYearBase(year) + "initiatives/" + std::to_string(r.initiative.no)}})
        .Text("No." + std::to_string(r.initiative.no) + " " + r.initiative.title)
        .Close("a")
        .Text("（" + r.initiative.section + "）")
        .Close("th");
    h.Element("td", r.months);
    h.Element("td", text::FormatNumber(r.target) + "%");
    h.Element("td", r.stated ? text::FormatNumber(*r.stated) + "%" : "未報告");
    h.Element("td", r.expected ? text::FormatGroupedNumber(std::round(*r.expected * 10) / 10) + "%"
                               : "―");
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

void IndicatorShortfalls(Html& h, int year, const std::vector<service::IndicatorShortfall>& rows) {
  if (rows.empty()) {
    h.Element("p", "目標への道筋を下回る指標はありません。");
    return;
  }
  h.Open("div", {{"class", "table-scroll"}}).Open("table");
  h.Element("caption", "目標への道筋を下回る指標");
  h.Open("thead").Open("tr");
  for (Literal head : {Literal("取組"), Literal("指標"), Literal("現在値"), Literal("目安")}) {
    h.Open("th", {{"scope", "col"}}).Markup(head).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const service::IndicatorShortfall& r : rows) {
    h.Open("tr").Open("th", {{"scope", "row"}});
    h.Open("a", {{"href", StaffYearBase(year) + "initiatives/" + std::to_string(r.initiative.no)}})
        .Text("No." + std::to_string(r.initiative.no) + " " + r.initiative.title)
        .Close("a")
        .Close("th");
    h.Element("td", r.name);
    h.Element("td", sheet::WithUnit(r.value, r.unit) + "（" + std::to_string(r.month) + "月）");
    h.Element("td", sheet::WithUnit(std::round(r.expected * 10) / 10, r.unit));
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

// One section's reports of the month, each with a box to pick it for bulk review.
void SectionTable(Html& h, const StaffContext& c, int month, const service::BoardSection& section,
                  bool coordinator, bool past_deadline) {
  const int total = int(section.initiatives.size());
  const bool overdue = past_deadline && section.reported < total;
  h.Open("h3", {{"class", overdue ? "section overdue" : "section"}})
      .Text(section.section + "　")
      .Element("span",
               std::to_string(section.reported) + " / " + std::to_string(total) + " 件報告済み",
               {{"class", section.reported == total ? "complete" : "incomplete"}});
  if (overdue) h.Text("　").Element("span", "提出期限超過", {{"class", "overdue-badge"}});
  h.Close("h3");
  h.Open("table", {{"class", "board-table"}});
  h.Open("thead").Open("tr");
  if (coordinator) h.Open("th", {{"scope", "col"}}).Text("選択").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("No.").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("取組名").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("状態").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("更新").Close("th");
  h.Close("tr").Close("thead").Open("tbody");
  for (std::size_t k = 0; k < section.initiatives.size(); ++k) {
    const auto& row = section.initiatives[k];
    const auto& report = section.reports[k];
    const std::string no = std::to_string(row.no);
    h.Open("tr");
    if (coordinator) {
      h.Open("td");
      if (model::CoordinatorMayReview(report.state)) {
        h.Void("input", {{"type", "checkbox"},
                         {"name", "no"},
                         {"value", no},
                         {"id", "pick-" + no},
                         {"aria-label", "No." + no + " を選択"}});
      }
      h.Close("td");
    }
    h.Element("td", no);
    h.Open("th", {{"scope", "row"}})
        .Open("a", {{"href", StaffYearBase(c.year) + "initiatives/" + no +
                                 "?month=" + std::to_string(month)}})
        .Text(row.title)
        .Close("a")
        .Close("th");
    h.Open("td");
    StateBadge(h, report.state);
    if (report.state == ReportState::kReturned && !report.comment.empty()) {
      h.Element("div", "理由: " + report.comment, {{"class", "comment"}});
    }
    h.Close("td");
    h.Element("td", report.updated_by.empty()
                        ? ""
                        : report.updated_by + " " + JapanTime(report.updated_at));
    h.Close("tr");
  }
  h.Close("tbody").Close("table");
}

// The co-owners' notes of the month; each is reviewed on its initiative's page, beside the
// owner's report.
void NotesTable(Html& h, const StaffContext& c, const service::Board& board) {
  if (board.notes.empty()) return;
  h.Element("h2", "共同所管の追記", {{"id", "notes-heading"}});
  h.Open("table", {{"class", "notes"}, {"aria-labelledby", "notes-heading"}});
  h.Open("thead").Open("tr");
  for (const char* column : {"No.", "共同所管の課", "状態", "更新"}) {
    h.Open("th", {{"scope", "col"}}).Text(column).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const model::MonthReport& note : board.notes) {
    h.Open("tr").Open("td");
    h.Open("a", {{"href", StaffYearBase(c.year) + "initiatives/" + std::to_string(note.no) +
                              "?month=" + std::to_string(board.month)}})
        .Text("No." + std::to_string(note.no))
        .Close("a")
        .Close("td");
    h.Element("td", note.section);
    h.Open("td");
    StateBadge(h, note.state);
    h.Close("td");
    h.Element("td", note.updated_by + " " + JapanTime(note.updated_at));
    h.Close("tr");
  }
  h.Close("tbody").Close("table");
}

}  // namespace

std::string RenderBoard(const StaffContext& c, const service::Board& board,
                        const std::vector<int>& open_months) {
  Html h;
  const std::string title = YearTitle(c.year) + " " + std::to_string(board.month) + "月の報告状況";
  Begin(h, c, title, "board");
  h.Element("h1", title);
  h.Open("form",
         {{"method", "get"}, {"action", StaffYearBase(c.year) + "board"}, {"class", "month-form"}});
  h.Open("label", {{"for", "board-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "board-month", board.month, open_months);
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  const bool coordinator =
      c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator;
  const auto deadline_field = [&](std::string_view action, std::string_view value,
                                  std::string_view button) {
    h.Open("form", {{"method", "post"},
                    {"action", StaffYearBase(c.year) + std::string(action)},
                    {"class", "deadline-form"}});
    CsrfField(h, c.who.csrf_token);
    h.Void("input",
           {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(board.month)}});
    h.Open("div", {{"class", "field"}})
        .Open("label", {{"for", "deadline"}})
        .Text("提出期限")
        .Close("label");
    h.Void("input", {{"type", "date"},
                     {"id", "deadline"},
                     {"name", "deadline"},
                     {"value", value},
                     {"required", "required"}});
    h.Close("div");
    h.Open("button", {{"type", "submit"}}).Text(button).Close("button");
    h.Close("form");
  };
  if (!board.open) {
    h.Element("p", std::to_string(board.month) + "月の報告はまだ受け付けていません。");
    if (coordinator) {
      deadline_field("months", board.default_deadline,
                     std::to_string(board.month) + "月の報告受付を開始");
      h.Element("p", "開始すると、報告する課の担当者にお知らせが届きます。", {{"class", "hint"}});
    }
  } else if (!board.deadline.empty()) {
    const int left = board.days_left.value_or(0);
    const std::string when = left > 0    ? "あと " + std::to_string(left) + " 日"
                             : left == 0 ? "本日が期限"
                                         : std::to_string(-left) + " 日超過";
    h.Open("p", {{"class", left < 0 ? "deadline overdue" : "deadline"}})
        .Text("提出期限: " + service::MonthDay(board.deadline) + "（" + when + "）")
        .Close("p");
    if (coordinator) deadline_field("months/deadline", board.deadline, "提出期限を変更");
  }
  h.Open("ul", {{"class", "totals"}});
  for (ReportState state : {ReportState::kNotStarted, ReportState::kDraft, ReportState::kReturned,
                            ReportState::kSubmitted, ReportState::kApproved}) {
    auto it = board.totals.find(state);
    h.Open("li");
    StateBadge(h, state);
    h.Text(" " + std::to_string(it == board.totals.end() ? 0 : it->second) + " 件").Close("li");
  }
  h.Close("ul");
  h.Open("form",
         {{"method", "post"}, {"action", StaffYearBase(c.year) + "reports"}, {"class", "board"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(board.month)}});
  h.Void("input",
         {{"type", "hidden"},
          {"name", "return_to"},
          {"value", StaffYearBase(c.year) + "board?month=" + std::to_string(board.month)}});
  std::string department;
  for (const auto& section : board.sections) {
    if (section.department != department) {
      department = section.department;
      h.Element("h2", department.empty() ? "（部の記載なし）" : department);
    }
    SectionTable(h, c, board.month, section, coordinator,
                 board.open && board.days_left && *board.days_left < 0);
  }
  if (coordinator && board.open) {
    h.Open("fieldset", {{"class", "bulk"}}).Element("legend", "選んだ提出済みの報告をまとめて");
    h.Open("div", {{"class", "field"}});
    h.Open("label", {{"for", "bulk-comment"}}).Text("差し戻す場合の理由").Close("label");
    h.Open("textarea", {{"id", "bulk-comment"}, {"name", "comment"}, {"rows", "2"}})
        .Close("textarea");
    h.Close("div").Open("div", {{"class", "actions"}});
    h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "approve"}})
        .Text("承認")
        .Close("button");
    h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "return"}})
        .Text("差し戻し")
        .Close("button");
    h.Close("div").Close("fieldset");
  }
  h.Close("form");
  NotesTable(h, c, board);
  return EndPage(h);
}

std::string RenderDashboard(const StaffContext& c, const service::Dashboard& d) {
  Html h;
  const std::string title =
      YearTitle(c.year) + " " + std::to_string(d.month) + "月のダッシュボード";
  Begin(h, c, title, "dashboard");
  h.Element("h1", title);
  h.Open("form", {{"method", "get"},
                  {"action", StaffYearBase(c.year) + "dashboard"},
                  {"class", "month-form"}});
  h.Open("label", {{"for", "dashboard-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "dashboard-month", d.month, {});
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  h.Element("h2", "報告の状況");
  const int reported = [&] {
    int n = 0;
    for (auto state : {ReportState::kSubmitted, ReportState::kApproved}) {
      if (auto it = d.completeness.find(state); it != d.completeness.end()) n += it->second;
    }
    return n;
  }();
  h.Element("p", std::to_string(d.initiatives) + " 件中 " + std::to_string(reported) +
                     " 件が報告済み（提出または承認）");
  h.Open("meter", {{"min", "0"},
                   {"max", std::to_string(std::max(1, d.initiatives))},
                   {"value", std::to_string(reported)},
                   {"aria-label", "報告済みの割合"}})
      .Text(std::to_string(reported) + " / " + std::to_string(d.initiatives))
      .Close("meter");
  h.Element("h2", "進捗度");
  RatingChart(h, "分野別目標ごとの進捗度", d.by_goal, d.scale);
  RatingChart(h, "施策ごとの進捗度", d.by_policy, d.scale);
  RatingChart(h, "部ごとの進捗度", d.by_department, d.scale);
  h.Element("h2", "予定より遅れている取組");
  SummaryList(h, c.year, d.behind);
  h.Element("h2", std::to_string(d.month) + "月の計画があるのに進捗の記載がない取組");
  SummaryList(h, c.year, d.plan_without_progress);
  h.Element("h2", "年度目標の達成状況");
  GoalShortfalls(
      h, c.year,
      std::to_string(d.month) + "月までに期間が終わり、全体達成率が目標に届かなかった年度目標",
      d.goals_below_target);
  GoalShortfalls(h, c.year, "期間の途中で、全体達成率が目標への道筋を下回っている年度目標",
                 d.goals_behind_path);
  h.Element("h2", "指標");
  IndicatorChart(h, "分野別目標ごとの指標の状況", d.indicators_by_goal);
  IndicatorChart(h, "施策ごとの指標の状況", d.indicators_by_policy);
  IndicatorChart(h, "部ごとの指標の状況", d.indicators_by_department);
  IndicatorShortfalls(h, c.year, d.indicators_behind);
  return EndPage(h);
}

std::string RenderPublications(const StaffContext& c,
                               const std::vector<store::PublicationRecord>& publications,
                               const std::vector<service::LeftOut>& left_out,
                               std::string_view today) {
  Html h;
  const std::string title = YearTitle(c.year) + " の公開";
  Begin(h, c, title, "publications");
  h.Element("h1", title);
  const bool coordinator =
      c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator;
  if (coordinator) {
    h.Open(
        "form",
        {{"method", "post"}, {"action", StaffYearBase(c.year) + "publish"}, {"class", "publish"}});
    CsrfField(h, c.who.csrf_token);
    h.Element(
        "p",
        "承認された報告と、取り込んだ内容を公開版として固定し、公開ページに表示します。公開後も"
        "編集は続けられます。公開日は今日まで、この年度の最新の公開日以降です。");
    if (left_out.empty()) {
      h.Element("p", "承認待ち・下書きの報告はありません。", {{"class", "left-out-none"}});
    } else {
      h.Element("h2", "公開に含まれない報告 (" + std::to_string(left_out.size()) + " 件)",
                {{"id", "left-out-heading"}});
      h.Element("p",
                "次の報告は承認されていないため、承認済みの内容 (なければ何も) が公開されます。");
      h.Open("table", {{"class", "left-out"}, {"aria-labelledby", "left-out-heading"}});
      h.Open("thead").Open("tr");
      for (const char* column : {"No.", "取組名", "月", "報告", "状態"}) {
        h.Open("th", {{"scope", "col"}}).Text(column).Close("th");
      }
      h.Close("tr").Close("thead").Open("tbody");
      for (const service::LeftOut& l : left_out) {
        h.Open("tr");
        h.Element("td", std::to_string(l.no));
        h.Open("td")
            .Open("a", {{"href", StaffYearBase(c.year) + "initiatives/" + std::to_string(l.no) +
                                     "?month=" + std::to_string(l.month)}})
            .Text(l.title)
            .Close("a")
            .Close("td");
        h.Element("td", std::to_string(l.month) + "月");
        h.Element("td", l.section.empty() ? "所管課の報告" : "「" + l.section + "」の追記");
        h.Open("td");
        StateBadge(h, l.state);
        h.Close("td").Close("tr");
      }
      h.Close("tbody").Close("table");
    }
    h.Open("div", {{"class", "field"}});
    h.Open("label", {{"for", "published-on"}}).Text("公開日").Close("label");
    h.Void("input", {{"id", "published-on"},
                     {"name", "published_on"},
                     {"type", "date"},
                     {"value", today},
                     {"required", "required"}});
    h.Close("div");
    h.Open("button", {{"type", "submit"}}).Text("公開する").Close("button");
    h.Close("form");
  }
  h.Element("h2", "これまでの公開");
  if (publications.empty()) {
    h.Element("p", "まだ公開していません。");
  } else {
    h.Open("ul", {{"class", "publications"}});
    bool latest_seen = false;
    for (const auto& p : publications) {
      const bool latest = !p.Withdrawn() && !latest_seen;
      latest_seen = latest_seen || latest;
      const std::string year_path = "/" + std::to_string(c.year) + "/";
      const std::string href =
          latest ? year_path : year_path + "publications/" + std::to_string(p.id) + "/";
      h.Open("li")
          .Open("a", {{"href", href}})
          .Text(JapaneseDate(p.published_on) + " 公開")
          .Close("a");
      h.Text("（" + (p.published_by.empty() ? std::string("コマンドライン") : p.published_by) +
             "、" + JapanTime(p.published_at) + "）");
      if (latest) h.Text(" 最新");
      if (p.Withdrawn()) {
        h.Element("p",
                  "取り下げ済み（" + p.withdrawn_by + "、" + JapanTime(p.withdrawn_at) +
                      "）理由: " + p.withdrawn_reason,
                  {{"class", "withdrawn"}});
      } else if (coordinator) {
        const std::string id = "withdraw-reason-" + std::to_string(p.id);
        h.Open("form", {{"method", "post"},
                        {"action", StaffYearBase(c.year) + "publications/" + std::to_string(p.id) +
                                       "/withdraw"},
                        {"class", "withdraw"}});
        CsrfField(h, c.who.csrf_token);
        h.Open("div", {{"class", "field"}});
        h.Open("label", {{"for", id}})
            .Text(JapaneseDate(p.published_on) + " の公開を取り下げる理由")
            .Close("label");
        h.Open("textarea",
               {{"id", id}, {"name", "reason"}, {"rows", "2"}, {"required", "required"}})
            .Close("textarea");
        h.Close("div");
        h.Open("button", {{"type", "submit"}}).Text("取り下げる").Close("button");
        h.Close("form");
      }
      h.Close("li");
    }
    h.Close("ul");
  }
  return EndPage(h);
}

}  // namespace torikumi::web
