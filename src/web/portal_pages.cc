#include "web/portal_pages.h"

#include <string>

#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/number.h"
#include "web/figures_view.h"
#include "web/html.h"

namespace torikumi::web {
namespace {

using model::Entry;
using model::MonthSet;

std::string YearPath(int year) { return "/" + std::to_string(year) + "/"; }

std::vector<NavLink> PortalNav(const std::vector<int>& years, int current) {
  std::vector<NavLink> nav;
  nav.reserve(years.size());
  for (int year : years)
    nav.push_back({text::FiscalYearName(year), YearPath(year), year == current});
  return nav;
}

PageFrame PortalFrame(std::string title, const std::vector<int>& years, int current,
                      std::string_view municipality = "") {
  return {std::move(title), PortalNav(years, current), std::nullopt, false,
          std::string(municipality)};
}

struct Option {
  std::string value;
  std::string label;
};

// A <select> of the list's filter form; the empty option means "all".
void FilterSelect(Html& h, Literal name, std::string_view label, const std::vector<Option>& options,
                  std::string_view selected) {
  const std::string id = "filter-" + std::string(name.value());
  h.Open("div", {{"class", "field"}});
  h.Open("label", {{"for", id}}).Text(label).Close("label");
  h.Open("select", {{"id", id}, {"name", name.value()}});
  h.Open("option", {{"value", ""}}).Text("すべて").Close("option");
  for (const Option& option : options) {
    if (option.value == selected) {
      h.Open("option", {{"value", option.value}, {"selected", "selected"}});
    } else {
      h.Open("option", {{"value", option.value}});
    }
    h.Text(option.label).Close("option");
  }
  h.Close("select").Close("div");
}

std::vector<Option> Options(const std::vector<std::string>& values) {
  std::vector<Option> options;
  options.reserve(values.size());
  for (const auto& value : values) options.push_back({value, value});
  return options;
}

std::vector<Option> Options(const std::vector<model::NumberedTitle>& titles) {
  std::vector<Option> options;
  for (const auto& t : titles) {
    std::string label = text::FormatNumberedTitle(t);
    options.push_back({label, label});
  }
  return options;
}

std::vector<Option> Options(const model::RatingScale& scale) {
  std::vector<Option> options;
  for (const auto& level : scale.levels()) {
    options.push_back({level.symbol, level.label == level.symbol
                                         ? level.symbol
                                         : level.symbol + " " + level.label});
  }
  return options;
}

// A month's cell of the twelve-month table: the entries that speak of it, then the
// co-owning sections' notes on it, each under its section's name.
void MonthCell(Html& h, std::string_view label, const std::vector<Entry>& entries, int month,
               const std::vector<model::Note>& notes = {}) {
  h.Open("td", {{"data-label", label}});
  for (const text::MonthMention& mention : text::MentionsInMonth(entries, month)) {
    if (mention.continued) {
      h.Open("p", {{"class", "continued"}}).Text(text::ContinuedNote(*mention.entry)).Close("p");
    } else {
      EntryText(h, *mention.entry, mention.months);
    }
  }
  for (const model::Note& note : notes) {
    if (note.month != month) continue;
    h.Open("div", {{"class", "note"}});
    h.Element("p", "共同所管「" + note.section + "」の追記", {{"class", "note-section"}});
    for (const std::string& line : text::SplitLines(note.text)) h.Element("p", line);
    h.Close("div");
  }
  h.Close("td");
}

void UndatedCell(Html& h, std::string_view label, const std::vector<Entry>& entries) {
  h.Open("td", {{"data-label", label}});
  for (const Entry& entry : entries) {
    if (entry.months.empty()) EntryText(h, entry, "");
  }
  h.Close("td");
}

bool HasUndated(const std::vector<Entry>& entries) {
  for (const Entry& entry : entries) {
    if (entry.months.empty()) return true;
  }
  return false;
}

std::string PublicationLine(const PortalContext& c) {
  return JapaneseDate(c.publication.published_on) + " 公開" + (c.latest ? "" : "（過去の公開版）");
}

}  // namespace

void FilterForm(Html& h, std::string_view action, const service::InitiativeList& list,
                const store::InitiativeFilter& filter) {
  h.Open("form", {{"class", "filters"}, {"method", "get"}, {"action", action}, {"role", "search"}});
  h.Open("div", {{"class", "field wide"}});
  h.Open("label", {{"for", "filter-q"}}).Text("キーワード").Close("label");
  h.Void("input", {{"id", "filter-q"},
                   {"name", "q"},
                   {"type", "search"},
                   {"value", filter.query},
                   {"maxlength", "100"},
                   {"placeholder", "例: 防災、生成AI"}});
  h.Close("div");
  FilterSelect(h, "department", "部", Options(list.facets.departments), filter.department);
  FilterSelect(h, "section", "課", Options(list.facets.sections), filter.section);
  FilterSelect(h, "goal", "分野別目標", Options(list.facets.goals), filter.goal);
  FilterSelect(h, "policy", "施策", Options(list.facets.policies), filter.policy);
  FilterSelect(h, "rating", "進捗度", Options(list.rating_scale), filter.rating);
  h.Open("div", {{"class", "actions"}});
  h.Open("button", {{"type", "submit"}}).Text("絞り込む").Close("button");
  h.Open("a", {{"href", action}}).Text("条件をクリア").Close("a");
  h.Close("div").Close("form");
}

void InitiativeTable(Html& h, std::string_view caption, std::string_view base,
                     const service::InitiativeList& list,
                     const std::map<int, model::MonthReport>* reports) {
  h.Open("p", {{"class", "count"}, {"role", "status"}})
      .Text(std::to_string(list.rows.size()) + " 件の取組")
      .Close("p");
  if (list.rows.empty()) {
    h.Element("p", "条件に合う取組はありません。");
    return;
  }
  h.Open("div", {{"class", "table-scroll"},
                 {"tabindex", "0"},
                 {"role", "region"},
                 {"aria-label", "取組の一覧"}});
  h.Open("table", {{"class", "sheet"}});
  h.Element("caption", caption);
  h.Open("thead").Open("tr");
  for (Literal heading :
       {Literal("No."), Literal("所管部課"), Literal("分野別目標"), Literal("施策"),
        Literal("取組名"), Literal("進捗度"), Literal("最新の進捗")}) {
    h.Open("th", {{"scope", "col"}}).Markup(heading).Close("th");
  }
  if (reports) h.Open("th", {{"scope", "col"}}).Text("報告").Close("th");
  h.Close("tr").Close("thead").Open("tbody");
  for (const store::InitiativeSummary& row : list.rows) {
    const std::string link = std::string(base) + "initiatives/" + std::to_string(row.no);
    // data-label names each cell where a phone shows the row as a card.
    h.Open("tr");
    h.Element("td", std::to_string(row.no), {{"class", "no"}, {"data-label", "No."}});
    h.Open("td", {{"data-label", "所管部課"}})
        .Text(row.department)
        .Void("br")
        .Text(row.section)
        .Close("td");
    h.Element("td", text::FormatNumberedTitle(row.goal), {{"data-label", "分野別目標"}});
    h.Element("td", text::FormatNumberedTitle(row.policy), {{"data-label", "施策"}});
    h.Open("th", {{"scope", "row"}, {"class", "title"}})
        .Open("a", {{"href", link}})
        .Text(row.title)
        .Close("a");
    if (row.ending) h.Element("span", model::EndingKindName(*row.ending), {{"class", "ended"}});
    h.Close("th");
    h.Open("td", {{"class", "rating-cell"}, {"data-label", "進捗度"}});
    RatingBadge(h, row.rating, list.rating_scale);
    h.Close("td");
    h.Open("td", {{"class", "latest"}, {"data-label", "最新の進捗"}});
    if (row.latest_progress) {
      EntryText(h, *row.latest_progress, row.latest_progress->months.ToJapanese());
    }
    h.Close("td");
    if (reports) {
      auto it = reports->find(row.no);
      const model::ReportState state =
          it == reports->end() ? model::ReportState::kNotStarted : it->second.state;
      h.Open("td", {{"data-label", "報告"}})
          .Element("span", model::ReportStateLabel(state),
                   {{"class", "state"}, {"data-state", model::ReportStateName(state)}})
          .Close("td");
    }
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

void InitiativeBody(Html& h, const model::Initiative& i, const model::RatingScale& scale) {
  if (i.ending) {
    h.Open("div", {{"class", "ending"}, {"role", "note"}});
    h.Element("p", i.ending->kind == model::Ending::Kind::kCompleted
                       ? "この取組は終了しました。"
                       : "この取組は廃止されました。");
    h.Open("p").Text(std::string(model::EndingKindName(i.ending->kind)) + "の理由: ");
    h.Text(i.ending->reason).Close("p");
    h.Close("div");
  }
  h.Open("dl", {{"class", "facts"}});
  auto fact = [&](Literal term, std::string_view value) {
    h.Open("div").Open("dt").Markup(term).Close("dt").Element("dd", value).Close("div");
  };
  fact("所管部", i.department);
  fact("所管課", i.section);
  std::string co_owners;
  for (const std::string& name : i.co_owners) co_owners += (co_owners.empty() ? "" : "、") + name;
  fact("共同所管", co_owners.empty() ? "なし" : co_owners);
  fact("分野別目標", text::FormatNumberedTitle(i.goal));
  fact("施策", text::FormatNumberedTitle(i.policy));
  fact("事業名", i.project);
  fact("細事業名", i.subproject);
  h.Open("div").Open("dt").Text("進捗度").Close("dt").Open("dd");
  RatingBadge(h, i.rating, scale);
  h.Close("dd").Close("div");
  h.Close("dl");

  h.Element("h2", "取組の概要");
  Paragraphs(h, i.overview);

  h.Element("h2", "年度目標");
  if (i.period_goals.empty()) {
    h.Element("p", "年度目標の記載はありません。");
  } else {
    h.Open("div", {{"class", "table-scroll"}});
    h.Open("table", {{"class", "goals"}});
    h.Open("thead").Open("tr");
    h.Open("th", {{"scope", "col"}}).Text("期間").Close("th");
    h.Open("th", {{"scope", "col"}}).Text("全体達成率").Close("th");
    const bool achieved = !i.achievements.empty();
    if (achieved) h.Open("th", {{"scope", "col"}}).Text("達成状況").Close("th");
    h.Open("th", {{"scope", "col"}}).Text("目標").Close("th");
    h.Close("tr").Close("thead").Open("tbody");
    for (std::size_t k = 0; k < i.period_goals.size(); ++k) {
      const model::PeriodGoal& goal = i.period_goals[k];
      h.Open("tr");
      h.Element("th", goal.months.empty() ? "―" : goal.months.ToJapanese(), {{"scope", "row"}});
      h.Element("td", goal.target_rate ? text::FormatNumber(*goal.target_rate) + "%" : "―",
                {{"class", "rate"}});
      if (achieved) GoalAchievementCell(h, i, k);
      h.Open("td");
      Paragraphs(h, goal.text);
      h.Close("td").Close("tr");
    }
    h.Close("tbody").Close("table").Close("div");
  }
  IndicatorsSection(h, i);

  h.Element("h2", "月別の計画と進捗");
  h.Open("div", {{"class", "table-scroll"}});
  h.Open("table", {{"class", "months"}});
  h.Element("caption", "4月から翌3月までの年度計画と進捗状況及び課題");
  h.Open("thead").Open("tr");
  h.Open("th", {{"scope", "col"}}).Text("月").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("年度計画").Close("th");
  h.Open("th", {{"scope", "col"}}).Text("進捗状況及び課題").Close("th");
  h.Close("tr").Close("thead").Open("tbody");
  for (int index = 0; index < 12; ++index) {
    const int month = MonthSet::MonthAt(index);
    h.Open("tr");
    h.Element("th", std::to_string(month) + "月", {{"scope", "row"}});
    MonthCell(h, "年度計画", i.plan, month);
    MonthCell(h, "進捗状況及び課題", i.progress, month, i.notes);
    h.Close("tr");
  }
  if (HasUndated(i.plan) || HasUndated(i.progress)) {
    h.Open("tr");
    h.Element("th", "時期の記載なし", {{"scope", "row"}});
    UndatedCell(h, "年度計画", i.plan);
    UndatedCell(h, "進捗状況及び課題", i.progress);
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

std::string RenderListPage(const PortalContext& c, const service::InitiativeList& list,
                           const store::InitiativeFilter& filter) {
  Html h;
  const std::string title = YearTitle(c.year) + " 取組実施プロセスシート";
  BeginPage(h, PortalFrame(title, c.years, c.year, c.municipality));
  h.Element("h1", OwnedTitle(c.municipality, title));
  h.Open("p", {{"class", "published"}}).Text(PublicationLine(c)).Text(" ・ ");
  h.Open("a", {{"href", c.base + "downloads/"}})
      .Text("データのダウンロード")
      .Close("a")
      .Text(" ・ ");
  h.Open("a", {{"href", YearPath(c.year) + "publications/"}}).Text("公開の履歴").Close("a");
  h.Close("p");
  FilterForm(h, c.base, list, filter);
  InitiativeTable(h, title + "の取組一覧", c.base, list, nullptr);
  return EndPage(h);
}

std::string RenderInitiativePage(const PortalContext& c, const model::Initiative& i,
                                 const model::RatingScale& scale) {
  Html h;
  BeginPage(h, PortalFrame("No." + std::to_string(i.no) + " " + i.title + " | " +
                               YearTitle(c.year) + " 取組実施プロセスシート",
                           c.years, c.year, c.municipality));
  h.Open("nav", {{"aria-label", "パンくずリスト"}, {"class", "breadcrumbs"}}).Open("ol");
  h.Open("li").Open("a", {{"href", c.base}}).Text(YearTitle(c.year)).Close("a").Close("li");
  h.Open("li", {{"aria-current", "page"}}).Text("No." + std::to_string(i.no)).Close("li");
  h.Close("ol").Close("nav");
  h.Open("h1").Open("span", {{"class", "no"}}).Text("No." + std::to_string(i.no)).Close("span");
  h.Text(" ").Text(i.title).Close("h1");
  h.Element("p", PublicationLine(c), {{"class", "published"}});
  const std::string pdf = std::to_string(i.no) + ".pdf";
  h.Open("p", {{"class", "print"}})
      .Open("a", {{"href", c.base + "initiatives/" + pdf}, {"download", ""}})
      .Text("この取組を PDF（A4 縦、印刷用）でダウンロード")
      .Close("a")
      .Close("p");
  InitiativeBody(h, i, scale);
  return EndPage(h);
}

std::string RenderDownloadsPage(const PortalContext& c,
                                const std::vector<std::pair<std::string, std::string>>& files,
                                const service::Licence& licence) {
  Html h;
  const std::string title = YearTitle(c.year) + " 取組実施プロセスシートのダウンロード";
  BeginPage(h, PortalFrame(title, c.years, c.year, c.municipality));
  h.Element("h1", OwnedTitle(c.municipality, title));
  h.Element("p", PublicationLine(c), {{"class", "published"}});
  h.Open("ul", {{"class", "downloads"}});
  for (const auto& [file_name, label] : files) {
    h.Open("li")
        .Open("a", {{"href", c.base + "downloads/" + file_name},
                    {"download", file_name},
                    {"data-working", file_name + " を用意しています。"},
                    {"data-working-status", "download-working"}})
        .Text(file_name)
        .Close("a")
        .Text(" ")
        .Element("span", label, {{"class", "hint"}})
        .Close("li");
  }
  h.Close("ul");
  h.Element("p", "", {{"id", "download-working"}, {"class", "working"}, {"role", "status"}});
  h.Open("p", {{"class", "licence"}}).Text("このデータは ");
  h.Open("a", {{"href", licence.url}, {"rel", "license"}}).Text(licence.name).Close("a");
  h.Text(" で公開しています。出典を示せば、複製・加工・再配布できます。").Close("p");
  h.Open("p").Open("a", {{"href", c.base}}).Text("一覧に戻る").Close("a").Close("p");
  return EndPage(h);
}

std::string RenderPublicationsPage(int year, const std::vector<int>& years,
                                   const std::vector<store::PublicationRecord>& publications,
                                   std::string_view municipality) {
  Html h;
  const std::string title = YearTitle(year) + " 公開の履歴";
  BeginPage(h, PortalFrame(title, years, year, municipality));
  h.Element("h1", title);
  h.Open("ul", {{"class", "publications"}});
  bool latest_seen = false;
  for (const auto& p : publications) {
    h.Open("li");
    if (p.Withdrawn()) {
      h.Text(JapaneseDate(p.published_on) + " 公開（" + JapaneseDate(p.withdrawn_at.substr(0, 10)) +
             " 取り下げ。理由: " + p.withdrawn_reason + "）");
    } else {
      const bool latest = !latest_seen;
      latest_seen = true;
      const std::string href =
          latest ? YearPath(year) : YearPath(year) + "publications/" + std::to_string(p.id) + "/";
      h.Open("a", {{"href", href}}).Text(JapaneseDate(p.published_on) + " 公開").Close("a");
      if (latest) h.Text("（最新）");
    }
    h.Close("li");
  }
  h.Close("ul");
  return EndPage(h);
}

std::string RenderWithdrawnPage(const PortalContext& context) {
  Html h;
  const store::PublicationRecord& p = context.publication;
  const std::string title =
      YearTitle(context.year) + " " + JapaneseDate(p.published_on) + " の公開は取り下げられました";
  BeginPage(h, PortalFrame(title, context.years, context.year, context.municipality));
  h.Element("h1", title);
  h.Element("p", "取り下げ日: " + JapaneseDate(p.withdrawn_at.substr(0, 10)));
  h.Element("p", "理由: " + p.withdrawn_reason);
  h.Open("p")
      .Open("a", {{"href", YearPath(context.year) + "publications/"}})
      .Text("この年度の公開の履歴")
      .Close("a")
      .Close("p");
  return EndPage(h);
}

std::string RenderNothingPublishedPage(std::string_view municipality) {
  Html h;
  BeginPage(h, PortalFrame("取組実施プロセスシート", {}, 0, municipality));
  h.Element("h1", "公開されているシートはまだありません");
  h.Element("p", "公開されると、ここに年度ごとの取組実施プロセスシートが表示されます。");
  h.Open("p")
      .Open("a", {{"href", "/login"}})
      .Text("職員の方はこちらからログイン")
      .Close("a")
      .Close("p");
  return EndPage(h);
}

std::string RenderAccessibilityPage(std::string_view municipality) {
  Html h;
  BeginPage(h, PortalFrame("アクセシビリティ", {}, 0, municipality));
  h.Element("h1", "アクセシビリティ");
  h.Element("p",
            "このサイトは、JIS X 8341-3:2016 のレベル AA に準拠しています。公開ページと職員用ページ"
            "のすべてを、次の方法で試験しています。試験はこのソフトウェアの変更のたびに自動で行い、"
            "一つでも問題があれば変更を取り込みません。");
  h.Element("h2", "試験の方法");
  h.Open("ul");
  for (const char* way :
       {"axe-core 4.14 による自動試験: WCAG 2.0 と 2.1 のレベル A と AA の規則すべて。Chromium "
        "で、公開ページは閲覧者として、職員用ページは所管課・共同所管の課・企画担当・管理者の"
        "それぞれでログインして、報告や公開の途中の状態を含めて試験しています。",
        "キーボードだけでの操作試験: ログイン、月の報告の入力と提出、差し戻し、承認、公開までを"
        "Tab キーと Enter "
        "キーだけで行い、どの段階でもフォーカスの位置が見えることを確かめています。",
        "幅 390 ピクセルの画面 (スマートフォン) での表示試験: 取組の詳細の 12 か月の計画と進捗が横"
        "スクロールなしで読めることを確かめています。",
        "HTML の検証: W3C の Nu Html Checker で文法の誤りがないことを確かめています。"}) {
    h.Element("li", way);
  }
  h.Close("ul");
  h.Element("h2", "対象のページ");
  h.Element("p",
            "公開ページ: 年度の取組一覧と絞り込み・検索、取組の詳細、公開の履歴、ダウンロード、"
            "自治体をまたぐ検索、ログイン、このページ。職員用ページ: 取組一覧、取組と月の報告、"
            "取組の編集、報告状況、ダッシュボード、公開、年度の設定、取り込みの確認、変更履歴、"
            "利用者、監査ログ、アカウント。");
  h.Element("h2", "試験日");
  h.Element("p", "2026年12月2日 (以後、変更のたびに)");
  h.Element("p", "読みにくいところや使いにくいところがあれば、担当の課までお知らせください。");
  return EndPage(h);
}

std::string RenderSearchPage(std::string_view query, const std::vector<store::PublishedHit>& hits,
                             const std::vector<store::Municipality>& municipalities) {
  Html h;
  BeginPage(h, PortalFrame("自治体をまたいで取組を検索 | 取組実施プロセスシート", {}, 0));
  h.Element("h1", "自治体をまたいで取組を検索");
  h.Element("p",
            "公開されている各自治体の最新の取組実施プロセスシートから探します（2 "
            "文字以上の語で検索できます）。",
            {{"class", "hint"}});
  h.Open("form", {{"method", "get"}, {"action", "/search"}, {"role", "search"}});
  h.Open("div", {{"class", "field"}}).Open("label", {{"for", "q"}}).Text("検索語").Close("label");
  h.Void("input", {{"id", "q"}, {"name", "q"}, {"type", "search"}, {"value", query}});
  h.Close("div");
  h.Open("button", {{"type", "submit"}}).Text("検索").Close("button").Close("form");
  // Where a municipality's pages are: the installation's own at the root.
  auto base_of = [](const std::string& code) {
    return code.empty() ? std::string("/") : "/m/" + code + "/";
  };
  if (!query.empty()) {
    h.Element("h2", "「" + std::string(query) + "」の検索結果: " + std::to_string(hits.size()) +
                        " 件" +
                        (hits.size() >= kSearchHitsShown
                             ? "（多いため、新しく公開されたものから表示しています）"
                             : ""));
    if (!hits.empty()) {
      h.Open("div", {{"class", "table-scroll"}}).Open("table");
      h.Open("thead").Open("tr");
      for (const char* heading : {"自治体", "年度", "No.", "取組名", "所管課"}) {
        h.Open("th", {{"scope", "col"}}).Text(heading).Close("th");
      }
      h.Close("tr").Close("thead").Open("tbody");
      for (const store::PublishedHit& hit : hits) {
        const std::string base = base_of(hit.municipality_code) + std::to_string(hit.year) + "/";
        h.Open("tr");
        h.Element("td", hit.municipality_name.empty() ? "（この自治体）" : hit.municipality_name);
        h.Element("td", YearTitle(hit.year));
        h.Element("td", std::to_string(hit.no));
        h.Open("td")
            .Open("a", {{"href", base + "initiatives/" + std::to_string(hit.no)}})
            .Text(hit.title)
            .Close("a")
            .Close("td");
        h.Element("td", hit.section);
        h.Close("tr");
      }
      h.Close("tbody").Close("table").Close("div");
    }
  }
  h.Element("h2", "自治体");
  h.Open("ul");
  for (const store::Municipality& m : municipalities) {
    h.Open("li")
        .Open("a", {{"href", base_of(m.code)}})
        .Text(m.name.empty() ? "この自治体" : m.name + "（" + m.code + "）")
        .Close("a")
        .Close("li");
  }
  h.Close("ul");
  return EndPage(h);
}

std::string RenderErrorPage(int status, std::string_view message) {
  Html h;
  BeginPage(h,
            PortalFrame("エラー " + std::to_string(status) + " | 取組実施プロセスシート", {}, 0));
  h.Element("h1", status == 404   ? "ページが見つかりません"
                  : status == 403 ? "この操作は許可されていません"
                  : status == 503 ? "ただいま保存や表示ができません"
                                  : "エラーが発生しました");
  h.Element("p", message);
  if (status == 503)
    h.Element("p", "入力した内容は保存されていません。しばらくしてから、もう一度お試しください。");
  h.Open("p").Open("a", {{"href", "/"}}).Text("トップページへ戻る").Close("a").Close("p");
  return EndPage(h);
}

}  // namespace torikumi::web
