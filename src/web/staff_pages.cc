#include "web/staff_pages.h"

#include <algorithm>
#include <cmath>

#include "sheet/json.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/line_diff.h"
#include "web/html.h"
#include "web/pages.h"

namespace torikumi::web {
namespace {

using model::ReportState;

std::string YearBase(int year) { return "/staff/" + std::to_string(year) + "/"; }

PageFrame Frame(const StaffContext& c, std::string title, std::string_view current) {
  PageFrame frame{std::move(title), {}, c.who, true};
  if (c.year) {
    const std::string base = YearBase(c.year);
    frame.nav.push_back({text::FiscalYearName(c.year) + "の取組", base, current == "list"});
    frame.nav.push_back({"報告状況", base + "board", current == "board"});
    frame.nav.push_back({"ダッシュボード", base + "dashboard", current == "dashboard"});
    frame.nav.push_back({"公開", base + "publications", current == "publications"});
    if (c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator) {
      frame.nav.push_back({"年度の設定", base + "settings", current == "settings"});
    }
  }
  if (c.user.role == model::Role::kAdministrator) {
    frame.nav.push_back({"利用者", "/staff/users", current == "users"});
    frame.nav.push_back({"監査ログ", "/staff/audit", current == "audit"});
  }
  frame.nav.push_back({"公開ページ", "/", false});
  return frame;
}

void Begin(Html& h, const StaffContext& c, std::string title, std::string_view current) {
  BeginPage(h, Frame(c, std::move(title), current));
  if (!c.notice.empty()) Notice(h, c.notice, false);
}

void MonthSelect(Html& h, Literal name, std::string_view id, int selected,
                 const std::vector<int>& open_months) {
  h.Open("select", {{"id", id}, {"name", name.value()}});
  for (int index = 0; index < 12; ++index) {
    const int month = model::MonthSet::MonthAt(index);
    const bool open = std::find(open_months.begin(), open_months.end(), month) != open_months.end();
    const std::string value = std::to_string(month);
    const std::string label = value + "月" + (open ? "" : "（受付前）");
    if (month == selected) {
      h.Open("option", {{"value", value}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", value}});
    }
    h.Text(label).Close("option");
  }
  h.Close("select");
}

void StateBadge(Html& h, ReportState state) {
  h.Element("span", model::ReportStateLabel(state),
            {{"class", "state"}, {"data-state", model::ReportStateName(state)}});
}

void RatingSelect(Html& h, std::string_view id, const model::RatingScale& scale,
                  std::string_view selected) {
  h.Open("select", {{"id", id}, {"name", "rating"}});
  h.Open("option", {{"value", ""}}).Text("未評価").Close("option");
  for (const auto& level : scale.levels()) {
    const std::string label = level.symbol + " " + level.label;
    if (level.symbol == selected) {
      h.Open("option", {{"value", level.symbol}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", level.symbol}});
    }
    h.Text(label).Close("option");
  }
  h.Close("select");
}

// A labelled text input or textarea in the edit form.
void TextField(Html& h, Literal name, std::string_view id, std::string_view label,
               std::string_view value, bool multiline, bool disabled = false) {
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", id}}).Text(label).Close("label");
  std::vector<Attribute> attributes{{"id", id}, {"name", name.value()}};
  if (disabled) attributes.push_back({"readonly", "readonly"});
  if (multiline) {
    attributes.push_back({"rows", "3"});
    h.Open("textarea", attributes).Text(value).Close("textarea");
  } else {
    attributes.push_back({"type", "text"});
    attributes.push_back({"value", value});
    h.Void("input", attributes);
  }
  h.Close("div");
}

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
  const std::size_t total = rows.size() + edit_form::kBlankRows;
  for (std::size_t k = 0; k < total; ++k) {
    const bool blank = k >= rows.size();
    const std::string n = std::to_string(k + 1);
    const std::string p(prefix);
    h.Open("div", {{"class", "entry-row"}});
    h.Open("div", {{"class", "field months-field"}});
    h.Open("label", {{"for", p + "-months-" + n}}).Text(n + " 行目の月").Close("label");
    h.Void("input", {{"id", p + "-months-" + n},
                     {"name", p == "goal"   ? "goal_months"
                              : p == "plan" ? "plan_months"
                                            : "progress_months"},
                     {"type", "text"},
                     {"list", "month-sets"},
                     {"value", blank ? "" : months_of(rows[k])}});
    h.Close("div");
    if (with_rate) {
      h.Open("div", {{"class", "field rate-field"}});
      h.Open("label", {{"for", p + "-rate-" + n}}).Text("全体達成率 (%)").Close("label");
      h.Void("input", {{"id", p + "-rate-" + n},
                       {"name", "goal_rate"},
                       {"type", "text"},
                       {"inputmode", "decimal"},
                       {"value", blank ? "" : rate_of(rows[k])}});
      h.Close("div");
    }
    h.Open("div", {{"class", "field text-field"}});
    h.Open("label", {{"for", p + "-text-" + n}}).Text(n + " 行目の内容").Close("label");
    h.Open("textarea", {{"id", p + "-text-" + n},
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

std::string JoinCoOwners(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : " ") + n;
  return joined;
}

// One bar per group: a segment per rating level, as server-side SVG with a table beside it
// for screen readers and print.
void RatingChart(Html& h, std::string_view caption, const std::vector<service::RatingGroup>& groups,
                 const model::RatingScale& scale) {
  static constexpr const char* kColours[] = {"#1b7a3a", "#0b5cad", "#b3261e",
                                             "#8a5a00", "#6b3fa0", "#00707a"};
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
      segment(g.counts[level], kColours[level % 6],
              scale.levels()[level].symbol + " " + scale.levels()[level].label);
    }
    segment(g.unrated, "#9e9e9e", "未評価");
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
      .Text("未評価")
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
        .Open("a", {{"href", YearBase(year) + "initiatives/" + std::to_string(row.no)}})
        .Text("No." + std::to_string(row.no) + " " + row.title)
        .Close("a")
        .Text("（" + row.section + "）")
        .Close("li");
  }
  h.Close("ul");
}

// The fields of an audited initiative that a person reads, with their text.
std::string Lines(const std::vector<std::string>& paragraphs) {
  std::string text;
  for (const auto& p : paragraphs) text += (text.empty() ? "" : "\n") + p;
  return text;
}

std::vector<std::pair<std::string, std::string>> FieldsOf(const model::Initiative& i) {
  return {{"所管部", i.department},
          {"所管課", i.section},
          {"分野別目標", text::FormatNumberedTitle(i.goal)},
          {"施策", text::FormatNumberedTitle(i.policy)},
          {"事業名", i.project},
          {"細事業名", i.subproject},
          {"取組名", i.title},
          {"取組の概要", i.overview},
          {"年度目標", Lines(text::FormatPeriodGoals(i.period_goals))},
          {"年度計画", Lines(text::FormatEntries(i.plan))},
          {"進捗度", i.rating},
          {"進捗状況及び課題", Lines(text::FormatEntries(i.progress))},
          {"共同所管", JoinCoOwners(i.co_owners)},
          {"共同所管の追記", Lines(text::FormatProgressCell({}, i.notes))}};
}

void Diff(Html& h, std::string_view before, std::string_view after) {
  h.Open("div", {{"class", "diff"}});
  for (const auto& line : text::DiffLines(before, after)) {
    switch (line.kind) {
      case text::DiffLine::Kind::kSame:
        h.Element("div", line.text, {{"class", "same"}});
        break;
      case text::DiffLine::Kind::kRemoved:
        h.Open("del").Element("span", "削除: ", {{"class", "sr"}}).Text(line.text).Close("del");
        break;
      case text::DiffLine::Kind::kAdded:
        h.Open("ins").Element("span", "追加: ", {{"class", "sr"}}).Text(line.text).Close("ins");
        break;
    }
  }
  h.Close("div");
}

void AuditChange(Html& h, const store::AuditRecord& r) {
  auto before = sheet::ReadInitiativeJson(r.before);
  auto after = sheet::ReadInitiativeJson(r.after);
  if (after.ok()) {
    const auto after_fields = FieldsOf(*after);
    const auto before_fields = before.ok() ? FieldsOf(*before) : decltype(after_fields){};
    std::vector<std::size_t> changed;
    for (std::size_t k = 0; k < after_fields.size(); ++k) {
      const std::string old_text = before.ok() ? before_fields[k].second : "";
      if (old_text != after_fields[k].second) changed.push_back(k);
    }
    if (changed.empty()) {
      h.Element("p", "内容の変更はありません", {{"class", "change"}});
      return;
    }
    h.Open("dl", {{"class", "changes"}});
    for (std::size_t k : changed) {
      h.Element("dt", after_fields[k].first).Open("dd");
      Diff(h, before.ok() ? before_fields[k].second : "", after_fields[k].second);
      h.Close("dd");
    }
    h.Close("dl");
    return;
  }
  h.Open("p", {{"class", "change"}});
  if (!r.before.empty()) h.Open("del").Text(r.before).Close("del").Text(" → ");
  h.Open("ins").Text(r.after).Close("ins").Close("p");
}

std::string ActionLabel(std::string_view action) {
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"initiative.import", "取り込み"},
      {"initiative.update", "編集"},
      {"report.draft", "下書き"},
      {"report.submitted", "提出"},
      {"report.approved", "承認"},
      {"report.returned", "差し戻し"},
      {"report.replace", "取り込みによる報告の置き換え"},
      {"month.open", "報告受付開始"},
      {"sheet.publish", "公開"},
      {"year.carry_over", "年度の繰越"},
      {"rating_scale.save", "評価区分の変更"},
      {"section.rename", "課の名称変更・統合"},
      {"plan.rename", "総合計画の体系の名称変更"},
      {"user.add", "利用者の追加"},
      {"user.update", "利用者の変更"},
      {"user.password", "パスワード変更"},
      {"user.disable", "利用者の無効化"},
      {"user.enable", "利用者の有効化"},
      {"api_token.issue", "API トークン発行"}};
  for (const auto& [key, label] : kLabels) {
    if (key == action) return std::string(label);
  }
  return std::string(action);
}

}  // namespace

std::string RenderLoginPage(std::string_view csrf, std::string_view login, std::string_view error) {
  Html h;
  BeginPage(
      h, {"ログイン | 取組実施プロセスシート", {{"公開ページ", "/", false}}, std::nullopt, true});
  h.Element("h1", "職員ログイン");
  if (!error.empty()) Notice(h, error, true);
  h.Open("form", {{"method", "post"}, {"action", "/login"}, {"class", "login"}});
  CsrfField(h, csrf);
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "login"}}).Text("ログイン名").Close("label");
  h.Void("input", {{"id", "login"},
                   {"name", "login"},
                   {"type", "text"},
                   {"value", login},
                   {"autocomplete", "username"},
                   {"required", "required"}});
  h.Close("div").Open("div", {{"class", "field"}});
  h.Open("label", {{"for", "password"}}).Text("パスワード").Close("label");
  h.Void("input", {{"id", "password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "current-password"},
                   {"required", "required"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("ログイン").Close("button");
  h.Close("form");
  return EndPage(h);
}

void ImportForm(Html& h, const StaffContext& c) {
  h.Open("form", {{"method", "post"},
                  {"action", "/staff/import"},
                  {"enctype", "multipart/form-data"},
                  {"class", "import"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("p",
            "公開している取組実施プロセスシートの Excel ブック（XLSX）・TSV・CSV（UTF-8 または "
            "Shift_JIS）・JSON を取り込みます。No. "
            "ごとに追加・更新し、ファイルにない取組はそのまま残します。問題のある行があれば、行番号"
            "を示して何も書き込みません。",
            {{"class", "hint"}});
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "import-file"}})
      .Text("ファイル")
      .Close("label");
  h.Void("input", {{"id", "import-file"},
                   {"name", "file"},
                   {"type", "file"},
                   {"required", "required"},
                   {"accept", ".xlsx,.tsv,.csv,.txt,.json"}});
  h.Close("div");
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "import-sheet"}})
      .Text("ワークシート名（XLSX のみ。空なら最初のシート）")
      .Close("label");
  h.Void("input", {{"id", "import-sheet"}, {"name", "sheet"}, {"type", "text"}});
  h.Close("div");
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "import-year"}})
      .Text("年度（西暦。空ならタイトル行から）")
      .Close("label");
  h.Void("input",
         {{"id", "import-year"}, {"name", "year"}, {"type", "text"}, {"inputmode", "numeric"}});
  h.Close("div");
  h.Open("div", {{"class", "field checkbox"}});
  h.Void(
      "input",
      {{"id", "import-replace"}, {"name", "reports"}, {"type", "checkbox"}, {"value", "replace"}});
  h.Open("label", {{"for", "import-replace"}})
      .Text("ワークスペースで入力された報告（進捗・進捗度・追記）もファイルの内容で置き換える")
      .Close("label");
  h.Close("div");
  h.Element("p",
            "既定では、各課がこのシステムで入力した報告は残し、それ以外を取り込みます。「変更点を確"
            "認」で、書き込む前に取組ごと・項目ごとの変更を確かめられます。",
            {{"class", "hint"}});
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "preview"}})
      .Text("変更点を確認")
      .Close("button");
  h.Open("button", {{"type", "submit"}, {"name", "action"}, {"value", "import"}})
      .Text("取り込む")
      .Close("button");
  h.Close("div").Close("form");
}

std::string RenderImportPreview(const StaffContext& c, const service::ImportPreview& preview,
                                std::string_view file_name) {
  Html h;
  Begin(h, c, "取り込みの変更点", "");
  h.Element("h1", "取り込みの変更点（まだ書き込んでいません）");
  h.Element("p", std::string(file_name) + " を " + YearTitle(preview.fiscal_year) +
                     "のシートに取り込むと、次のように変わります。");
  if (preview.reports_kept > 0) {
    Notice(h,
           "ワークスペースで入力された報告 " + std::to_string(preview.reports_kept) +
               " 件はファイルの内容と違いますが、そのまま残します。",
           false);
  }
  if (preview.reports_replaced > 0) {
    Notice(h,
           "ワークスペースで入力された報告 " + std::to_string(preview.reports_replaced) +
               " 件をファイルの内容で置き換えます。",
           true);
  }
  if (preview.initiatives.empty()) h.Element("p", "変更はありません。");
  for (const service::InitiativeChanges& changes : preview.initiatives) {
    h.Element("h2", "No." + std::to_string(changes.no) + (changes.added ? "（追加）" : ""));
    if (changes.fields.empty()) continue;
    h.Open("table", {{"class", "changes"}}).Open("thead").Open("tr");
    for (const char* column : {"項目", "いま", "取り込み後"}) {
      h.Open("th", {{"scope", "col"}}).Text(column).Close("th");
    }
    h.Close("tr").Close("thead").Open("tbody");
    for (const service::FieldChange& f : changes.fields) {
      h.Open("tr");
      h.Element("th",
                f.field + (f.report_kept ? "（報告を残すため書き込まないファイルの内容）" : ""),
                {{"scope", "row"}});
      for (const std::string* value : {&f.before, &f.after}) {
        h.Open("td");
        for (const std::string& line : text::SplitLines(*value)) h.Element("p", line);
        h.Close("td");
      }
      h.Close("tr");
    }
    h.Close("tbody").Close("table");
  }
  h.Element("h2", "取り込む");
  h.Element("p", "確認できたら、同じファイルを選んで取り込んでください。");
  ImportForm(h, c);
  return EndPage(h);
}

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

std::string RenderImportReport(const StaffContext& c, const service::ImportReport& report,
                               std::string_view file_name) {
  Html h;
  Begin(h, c, "取り込みの結果", "");
  h.Element("h1", "取り込みの結果");
  const auto& o = report.outcome;
  h.Element("p", std::string(file_name) + "（" + report.encoding + "）を " +
                     YearTitle(report.fiscal_year) + "のシートに取り込みました。");
  if (o.added.empty() && o.changed.empty()) {
    Notice(h,
           "変更はありません。" + std::to_string(o.unchanged.size()) +
               " 件の取組はすでに同じ内容です。",
           false);
  } else {
    Notice(h,
           "追加 " + std::to_string(o.added.size()) + " 件、更新 " +
               std::to_string(o.changed.size()) + " 件、変更なし " +
               std::to_string(o.unchanged.size()) + " 件",
           false);
  }
  auto numbers = [&](std::string_view label, const std::vector<int>& nos) {
    if (nos.empty()) return;
    std::string list;
    for (int no : nos) list += (list.empty() ? "" : "、") + std::to_string(no);
    h.Open("p").Text(std::string(label) + ": No. " + list).Close("p");
  };
  numbers("追加した取組", o.added);
  numbers("更新した取組", o.changed);
  numbers("ファイルになかったためそのまま残した取組", o.kept);
  if (o.reports_kept > 0) {
    Notice(h,
           "ワークスペースで入力された報告 " + std::to_string(o.reports_kept) +
               " 件は、ファイルの内容と違いますが、そのまま残しました。",
           false);
  }
  if (o.reports_replaced > 0) {
    Notice(h,
           "ワークスペースで入力された報告 " + std::to_string(o.reports_replaced) +
               " 件をファイルの内容で置き換えました。",
           false);
  }
  for (const auto& rating : report.added_ratings) {
    h.Element("p", "進捗度「" + rating + "」は年度の評価区分になかったため追加しました。");
  }
  h.Open("p")
      .Open("a", {{"href", YearBase(report.fiscal_year)}})
      .Text("取組の一覧へ")
      .Close("a")
      .Close("p");
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
  h.Open("form", {{"method", "get"}, {"action", YearBase(c.year)}, {"class", "month-form"}});
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
  FilterForm(h, YearBase(c.year), list, filter);
  InitiativeTable(h, title, YearBase(c.year), list, &reports);
  return EndPage(h);
}

std::string RenderStaffInitiative(const StaffContext& c, const store::StoredInitiative& stored,
                                  const model::RatingScale& scale, const service::Permissions& may,
                                  int month, const std::vector<int>& open_months,
                                  const std::vector<model::MonthReport>& reports,
                                  const std::optional<ProgressDraft>& draft,
                                  std::string_view error) {
  const model::Initiative& i = stored.initiative;
  const std::string base = YearBase(c.year) + "initiatives/" + std::to_string(i.no);
  Html h;
  Begin(h, c, "No." + std::to_string(i.no) + " " + i.title + "（職員用）", "");
  h.Open("nav", {{"aria-label", "パンくずリスト"}, {"class", "breadcrumbs"}}).Open("ol");
  h.Open("li")
      .Open("a", {{"href", YearBase(c.year)}})
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
  h.Open("a", {{"href", base + "/history"}}).Text("変更履歴").Close("a");
  h.Element("span", "版 " + std::to_string(stored.version), {{"class", "version"}});
  h.Close("div");

  // The month's report: its state and what may be done with it.
  h.Open("section", {{"class", "report"}, {"aria-labelledby", "report-heading"}});
  h.Open("h2", {{"id", "report-heading"}}).Text(std::to_string(month) + "月の報告 ").Close("h2");
  h.Open("form", {{"method", "get"}, {"action", base}, {"class", "month-form"}});
  h.Open("label", {{"for", "detail-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "detail-month", month, open_months);
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  const bool open = std::find(open_months.begin(), open_months.end(), month) != open_months.end();
  const auto record = [&](const std::string& section) {
    model::MonthReport found;
    found.no = i.no;
    found.month = month;
    found.section = section;
    for (const auto& r : reports) {
      if (r.section == section) found = r;
    }
    return found;
  };
  const model::MonthReport owner = record("");
  auto state_line = [&](const model::MonthReport& r, const std::string& whose) {
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
  };
  state_line(owner, "所管課「" + i.section + "」の報告");
  for (const auto& r : reports) {
    if (r.IsNote()) state_line(r, "共同所管「" + r.section + "」の追記");
  }
  if (!open) {
    h.Element("p", std::to_string(month) + "月はまだ報告の受付が始まっていません。",
              {{"class", "hint"}});
  }
  if (may.edit || !may.note_section.empty()) {
    // The actor's own record: the owner's report, or its section's note.
    const model::MonthReport own = may.edit ? owner : record(may.note_section);
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
  if (may.review && open) {
    std::vector<model::MonthReport> reviewable{owner};
    for (const auto& r : reports) {
      if (r.IsNote()) reviewable.push_back(r);
    }
    for (const model::MonthReport& r : reviewable) {
      const bool submitted = model::CoordinatorMayReview(r.state);
      if (!submitted && !model::CoordinatorMayReopen(r.state)) continue;
      const std::string id = r.IsNote() ? "review-comment-" + std::to_string(&r - reviewable.data())
                                        : "review-comment";
      const std::string whose = r.IsNote() ? "「" + r.section + "」の追記" : "所管課の報告";
      h.Open(
          "form",
          {{"method", "post"}, {"action", YearBase(c.year) + "reports"}, {"class", "review-form"}});
      CsrfField(h, c.who.csrf_token);
      h.Void("input", {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(month)}});
      h.Void("input", {{"type", "hidden"}, {"name", "no"}, {"value", std::to_string(i.no)}});
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
  h.Close("section");

  InitiativeBody(h, i, scale);
  return EndPage(h);
}

std::string RenderEditPage(const StaffContext& c, const model::Initiative& i, std::int64_t version,
                           const model::RatingScale& scale, bool may_move, std::string_view error,
                           const store::StoredInitiative* newer) {
  const std::string base = YearBase(c.year) + "initiatives/" + std::to_string(i.no);
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
        return g.target_rate ? text::FormatRate(*g.target_rate) : std::string();
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
  EntryRows(h, "進捗状況及び課題", "progress", i.progress, false, months, no_rate, entry_text);
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
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}})
      .Text(newer ? "見比べたうえで保存" : "保存")
      .Close("button");
  h.Open("a", {{"href", base}}).Text("保存せずに戻る").Close("a");
  h.Close("div").Close("form");
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

std::string RenderBoard(const StaffContext& c, const service::Board& board,
                        const std::vector<int>& open_months) {
  Html h;
  const std::string title = YearTitle(c.year) + " " + std::to_string(board.month) + "月の報告状況";
  Begin(h, c, title, "board");
  h.Element("h1", title);
  h.Open("form",
         {{"method", "get"}, {"action", YearBase(c.year) + "board"}, {"class", "month-form"}});
  h.Open("label", {{"for", "board-month"}}).Text("報告月").Close("label");
  MonthSelect(h, "month", "board-month", board.month, open_months);
  h.Open("button", {{"type", "submit"}}).Text("表示").Close("button").Close("form");
  const bool coordinator =
      c.user.role == model::Role::kAdministrator || c.user.role == model::Role::kCoordinator;
  if (!board.open) {
    h.Element("p", std::to_string(board.month) + "月の報告はまだ受け付けていません。");
    if (coordinator) {
      h.Open("form", {{"method", "post"}, {"action", YearBase(c.year) + "months"}});
      CsrfField(h, c.who.csrf_token);
      h.Void("input",
             {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(board.month)}});
      h.Open("button", {{"type", "submit"}})
          .Text(std::to_string(board.month) + "月の報告受付を開始")
          .Close("button");
      h.Close("form");
    }
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
         {{"method", "post"}, {"action", YearBase(c.year) + "reports"}, {"class", "board"}});
  CsrfField(h, c.who.csrf_token);
  h.Void("input", {{"type", "hidden"}, {"name", "month"}, {"value", std::to_string(board.month)}});
  h.Void("input", {{"type", "hidden"},
                   {"name", "return_to"},
                   {"value", YearBase(c.year) + "board?month=" + std::to_string(board.month)}});
  std::string department;
  for (const auto& section : board.sections) {
    if (section.department != department) {
      department = section.department;
      h.Element("h2", department.empty() ? "（部の記載なし）" : department);
    }
    const int total = int(section.initiatives.size());
    h.Open("h3")
        .Text(section.section + "　")
        .Element("span",
                 std::to_string(section.reported) + " / " + std::to_string(total) + " 件報告済み",
                 {{"class", section.reported == total ? "complete" : "incomplete"}})
        .Close("h3");
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
          .Open("a", {{"href", YearBase(c.year) + "initiatives/" + no +
                                   "?month=" + std::to_string(board.month)}})
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
  if (!board.notes.empty()) {
    // Each note is reviewed on its initiative's page, beside the owner's report.
    h.Element("h2", "共同所管の追記", {{"id", "notes-heading"}});
    h.Open("table", {{"class", "notes"}, {"aria-labelledby", "notes-heading"}});
    h.Open("thead").Open("tr");
    for (const char* column : {"No.", "共同所管の課", "状態", "更新"}) {
      h.Open("th", {{"scope", "col"}}).Text(column).Close("th");
    }
    h.Close("tr").Close("thead").Open("tbody");
    for (const model::MonthReport& note : board.notes) {
      h.Open("tr").Open("td");
      h.Open("a", {{"href", YearBase(c.year) + "initiatives/" + std::to_string(note.no) +
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
  return EndPage(h);
}

std::string RenderDashboard(const StaffContext& c, const service::Dashboard& d) {
  Html h;
  const std::string title =
      YearTitle(c.year) + " " + std::to_string(d.month) + "月のダッシュボード";
  Begin(h, c, title, "dashboard");
  h.Element("h1", title);
  h.Open("form",
         {{"method", "get"}, {"action", YearBase(c.year) + "dashboard"}, {"class", "month-form"}});
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
    h.Open("form",
           {{"method", "post"}, {"action", YearBase(c.year) + "publish"}, {"class", "publish"}});
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
            .Open("a", {{"href", YearBase(c.year) + "initiatives/" + std::to_string(l.no) +
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
    h.Open("ul");
    for (std::size_t k = 0; k < publications.size(); ++k) {
      const auto& p = publications[k];
      const std::string href =
          k == 0 ? "/" + std::to_string(c.year) + "/"
                 : "/" + std::to_string(c.year) + "/publications/" + std::to_string(p.id) + "/";
      h.Open("li")
          .Open("a", {{"href", href}})
          .Text(JapaneseDate(p.published_on) + " 公開")
          .Close("a");
      h.Text("（" + (p.published_by.empty() ? std::string("コマンドライン") : p.published_by) +
             "、" + JapanTime(p.published_at) + "）");
      if (k == 0) h.Text(" 最新");
      h.Close("li");
    }
    h.Close("ul");
  }
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
      .Open("a", {{"href", YearBase(c.year) + "initiatives/" + std::to_string(no)}})
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

std::string RenderAuditLog(const StaffContext& c, const std::vector<store::AuditRecord>& records) {
  Html h;
  Begin(h, c, "監査ログ", "audit");
  h.Element("h1", "監査ログ");
  h.Element("p", "新しい順に " + std::to_string(records.size()) + " 件", {{"class", "hint"}});
  h.Open("div", {{"class", "table-scroll"}}).Open("table", {{"class", "audit"}});
  h.Open("thead").Open("tr");
  for (Literal heading :
       {Literal("日時"), Literal("利用者"), Literal("操作"), Literal("対象"), Literal("変更")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const auto& r : records) {
    h.Open("tr")
        .Element("td", JapanTime(r.at))
        .Element("td", r.user)
        .Element("td", ActionLabel(r.action))
        .Element("td", r.object);
    h.Open("td");
    AuditChange(h, r);
    h.Close("td").Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
  return EndPage(h);
}

std::string RenderSettings(const StaffContext& c, const model::RatingScale& scale,
                           const store::Facets& facets, std::string_view error) {
  const std::vector<std::string>& sections = facets.sections;
  Html h;
  Begin(h, c, YearTitle(c.year) + " の設定", "settings");
  h.Element("h1", YearTitle(c.year) + " の設定");
  if (!error.empty()) Notice(h, error, true);

  h.Element("h2", "評価区分（進捗度）");
  h.Open("form", {{"method", "post"}, {"action", YearBase(c.year) + "settings/rating-scale"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("p", "良い順に並べます。記号を空にした行は削除されます。", {{"class", "hint"}});
  const std::size_t rows = scale.levels().size() + 2;
  for (std::size_t k = 0; k < rows; ++k) {
    const bool blank = k >= scale.levels().size();
    const std::string n = std::to_string(k + 1);
    h.Open("div", {{"class", "entry-row"}});
    h.Open("div", {{"class", "field"}})
        .Open("label", {{"for", "symbol-" + n}})
        .Text(n + " 番目の記号")
        .Close("label");
    h.Void("input", {{"id", "symbol-" + n},
                     {"name", "symbol"},
                     {"type", "text"},
                     {"value", blank ? "" : scale.levels()[k].symbol}});
    h.Close("div")
        .Open("div", {{"class", "field"}})
        .Open("label", {{"for", "label-" + n}})
        .Text(n + " 番目の意味")
        .Close("label");
    h.Void("input", {{"id", "label-" + n},
                     {"name", "label"},
                     {"type", "text"},
                     {"value", blank ? "" : scale.levels()[k].label}});
    h.Close("div").Close("div");
  }
  h.Open("button", {{"type", "submit"}}).Text("評価区分を保存").Close("button").Close("form");

  h.Element("h2", "課の名称変更・統合");
  h.Open("form", {{"method", "post"}, {"action", YearBase(c.year) + "settings/sections"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("p",
            "新しい名前がすでにある課なら、その課に統合されます。この年度の取組・共同所管・追記・"
            "報告・担当者の割り当てが新しい課に移り、ほかの年度はそのままです。変更は監査ログに"
            "残ります。",
            {{"class", "hint"}});
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "rename-from"}})
      .Text("変更する課")
      .Close("label");
  h.Open("select", {{"id", "rename-from"}, {"name", "from"}});
  for (const auto& s : sections) h.Open("option", {{"value", s}}).Text(s).Close("option");
  h.Close("select").Close("div");
  TextField(h, "to", "rename-to", "新しい課の名前", "", false);
  h.Open("button", {{"type", "submit"}}).Text("変更する").Close("button").Close("form");

  h.Element("h2", "総合計画の体系の名称変更");
  h.Open("form", {{"method", "post"}, {"action", YearBase(c.year) + "settings/plan"}});
  CsrfField(h, c.who.csrf_token);
  h.Element(
      "p",
      "分野別目標・施策は「5."
      "名称」のように番号ごと書きます。この年度のすべての取組に反映され、監査ログに残ります。",
      {{"class", "hint"}});
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "plan-from"}})
      .Text("変更する要素")
      .Close("label");
  h.Open("select", {{"id", "plan-from"}, {"name", "from"}});
  auto options = [&](Literal level, std::string_view group,
                     const std::vector<std::string>& labels) {
    h.Open("optgroup", {{"label", group}});
    for (const auto& label : labels) {
      const std::string value = std::string(level.value()) + ":" + label;
      h.Open("option", {{"value", value}}).Text(label).Close("option");
    }
    h.Close("optgroup");
  };
  std::vector<std::string> goals, policies;
  for (const auto& g : facets.goals) goals.push_back(text::FormatNumberedTitle(g));
  for (const auto& p : facets.policies) policies.push_back(text::FormatNumberedTitle(p));
  options("goal", "分野別目標", goals);
  options("policy", "施策", policies);
  options("project", "事業名", facets.projects);
  options("subproject", "細事業名", facets.subprojects);
  h.Close("select").Close("div");
  TextField(h, "to", "plan-to", "新しい名称", "", false);
  h.Open("button", {{"type", "submit"}}).Text("変更する").Close("button").Close("form");

  h.Element("h2", "シートの取り込み");
  ImportForm(h, c);

  h.Element("h2", "次の年度を作る（繰越）");
  h.Open("form", {{"method", "post"}, {"action", YearBase(c.year) + "settings/carry-over"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("p",
            "この年度の取組・所管・共同所管・総合計画の体系・年度目標・年度計画・評価区分を次の年度"
            "に引き継ぎます。進捗と進捗度は引き継ぎません。",
            {{"class", "hint"}});
  h.Open("button", {{"type", "submit"}})
      .Text(text::FiscalYearName(c.year + 1) + "を作る")
      .Close("button")
      .Close("form");
  return EndPage(h);
}

std::string RenderUsers(const StaffContext& c, const std::vector<model::User>& users,
                        std::string_view issued_token, std::string_view error) {
  Html h;
  Begin(h, c, "利用者", "users");
  h.Element("h1", "利用者");
  if (!error.empty()) Notice(h, error, true);
  if (!issued_token.empty()) {
    Notice(h,
           "API トークンを発行しました。この画面を離れると二度と表示されません:\n" +
               std::string(issued_token),
           false);
  }
  h.Open("div", {{"class", "table-scroll"}}).Open("table", {{"class", "users"}});
  h.Open("thead").Open("tr");
  for (Literal heading : {Literal("ログイン名"), Literal("表示名"), Literal("役割"),
                          Literal("担当課"), Literal("状態"), Literal("操作")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  h.Close("tr").Close("thead").Open("tbody");
  for (const auto& u : users) {
    std::string sections;
    for (const auto& s : u.sections) sections += (sections.empty() ? "" : "、") + s;
    // The years whose sections differ, as a reorganisation in a year leaves them.
    for (const auto& [year, of_year] : u.year_sections) {
      std::string names;
      for (const auto& s : of_year) names += (names.empty() ? "" : "、") + s;
      sections += "（" + YearTitle(year) + ": " + names + "）";
    }
    const std::string action = "/staff/users/" + u.login;
    h.Open("tr")
        .Element("th", u.login, {{"scope", "row"}})
        .Element("td", u.display_name)
        .Element("td", model::RoleLabel(u.role))
        .Element("td", sections)
        .Element("td", u.disabled ? "無効" : "有効");
    h.Open("td");
    h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
    CsrfField(h, c.who.csrf_token);
    h.Open("button",
           {{"type", "submit"}, {"name", "action"}, {"value", u.disabled ? "enable" : "disable"}})
        .Text(u.disabled ? "有効にする" : "無効にする")
        .Close("button");
    h.Close("form");
    h.Open("form", {{"method", "post"}, {"action", action}, {"class", "inline"}});
    CsrfField(h, c.who.csrf_token);
    h.Void("input", {{"type", "hidden"}, {"name", "action"}, {"value", "token"}});
    h.Open("label", {{"for", "token-" + u.login}, {"class", "sr"}})
        .Text(u.login + " のトークンの用途")
        .Close("label");
    h.Void("input", {{"id", "token-" + u.login},
                     {"name", "name"},
                     {"type", "text"},
                     {"placeholder", "用途（例: 庁内連携）"}});
    h.Open("button", {{"type", "submit"}}).Text("API トークン発行").Close("button");
    h.Close("form");
    h.Close("td").Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");

  h.Element("h2", "利用者を追加");
  h.Open("form", {{"method", "post"}, {"action", "/staff/users"}, {"class", "add-user"}});
  CsrfField(h, c.who.csrf_token);
  TextField(h, "login", "user-login", "ログイン名", "", false);
  TextField(h, "display_name", "user-name", "表示名", "", false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-role"}})
      .Text("役割")
      .Close("label");
  h.Open("select", {{"id", "user-role"}, {"name", "role"}});
  for (auto role : {model::Role::kEditor, model::Role::kViewer, model::Role::kCoordinator,
                    model::Role::kAdministrator}) {
    h.Open("option", {{"value", model::RoleName(role)}})
        .Text(model::RoleLabel(role))
        .Close("option");
  }
  h.Close("select").Close("div");
  TextField(h, "sections", "user-sections", "担当課（所管課担当のみ。空白または「、」で区切る）",
            "", false);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "user-password"}})
      .Text("初期パスワード（10 文字以上）")
      .Close("label");
  h.Void("input", {{"id", "user-password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "new-password"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("追加").Close("button").Close("form");
  return EndPage(h);
}

std::string RenderAccount(const StaffContext& c, std::string_view error) {
  Html h;
  Begin(h, c, "アカウント", "");
  h.Element("h1", "アカウント");
  if (!error.empty()) Notice(h, error, true);
  h.Element("p", c.user.display_name + "（" + c.user.login + "、" +
                     std::string(model::RoleLabel(c.user.role)) + "）");
  h.Element("h2", "パスワードの変更");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/password"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("div", {{"class", "field"}})
      .Open("label", {{"for", "new-password"}})
      .Text("新しいパスワード（10 文字以上）")
      .Close("label");
  h.Void("input", {{"id", "new-password"},
                   {"name", "password"},
                   {"type", "password"},
                   {"autocomplete", "new-password"}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("変更する").Close("button").Close("form");
  h.Element("p", "変更すると、ほかの端末のログインはすべて終了します。", {{"class", "hint"}});
  h.Element("h2", "すべての端末からログアウト");
  h.Open("form", {{"method", "post"}, {"action", "/staff/account/logout-everywhere"}});
  CsrfField(h, c.who.csrf_token);
  h.Open("button", {{"type", "submit"}})
      .Text("すべての端末からログアウト")
      .Close("button")
      .Close("form");
  return EndPage(h);
}

}  // namespace torikumi::web
