// The staff pages of a year's settings and of sheet uploads.

#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "web/staff_pages.h"
#include "web/staff_widgets.h"

namespace torikumi::web {
void ImportForm(Html& h, const StaffContext& c) {
  h.Open("form", {{"method", "post"},
                  {"action", "/staff/import"},
                  {"enctype", "multipart/form-data"},
                  {"class", "import"},
                  {"data-working",
                   "ファイルを送り、読み取って確かめています。大きなファイルでは 1 "
                   "分ほどかかります。このページのままお待ちください。"}});
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
  h.Close("div");
  h.Element("p", "", {{"class", "working"}, {"role", "status"}});
  h.Close("form");
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
    h.Open("p").Text(std::string(label) + ": No. " + text::FormatNumberRuns(nos)).Close("p");
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
      .Open("a", {{"href", StaffYearBase(report.fiscal_year)}})
      .Text("取組の一覧へ")
      .Close("a")
      .Close("p");
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
  h.Open("form", {{"method", "post"}, {"action", StaffYearBase(c.year) + "settings/rating-scale"}});
  CsrfField(h, c.who.csrf_token);
  h.Element(
      "p",
      "良い順に並べます。記号を空にした行は削除されます。記号を変えると、作業中のシートの進捗度"
      "も新しい記号に変わります (公開版はそのまま)。「進み具合」はグラフの色と「遅れている」"
      "取組の一覧を決めます。",
      {{"class", "hint"}});
  const std::size_t rows = scale.levels().size() + 2;
  for (std::size_t k = 0; k < rows; ++k) {
    const bool blank = k >= scale.levels().size();
    const std::string n = std::to_string(k + 1);
    const model::RatingMeaning meaning =
        blank ? model::RatingMeaning::kOther : scale.levels()[k].meaning;
    h.Open("div", {{"class", "entry-row"}});
    h.Void("input",
           {{"type", "hidden"}, {"name", "was"}, {"value", blank ? "" : scale.levels()[k].symbol}});
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
    h.Close("div")
        .Open("div", {{"class", "field"}})
        .Open("label", {{"for", "meaning-" + n}})
        .Text(n + " 番目の進み具合")
        .Close("label");
    h.Open("select", {{"id", "meaning-" + n}, {"name", "meaning"}});
    for (auto option : {model::RatingMeaning::kAhead, model::RatingMeaning::kOnTrack,
                        model::RatingMeaning::kBehind, model::RatingMeaning::kOther}) {
      const std::string value(model::RatingMeaningName(option));
      if (option == meaning) {
        h.Open("option", {{"value", value}, {"selected", "selected"}});
      } else {
        h.Open("option", {{"value", value}});
      }
      h.Text(model::RatingMeaningLabel(option)).Close("option");
    }
    h.Close("select").Close("div").Close("div");
  }
  h.Open("button", {{"type", "submit"}}).Text("評価区分を保存").Close("button").Close("form");

  h.Element("h2", "課の名称変更・統合");
  h.Open("form", {{"method", "post"}, {"action", StaffYearBase(c.year) + "settings/sections"}});
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
  h.Open("form", {{"method", "post"}, {"action", StaffYearBase(c.year) + "settings/plan"}});
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
  h.Open("form", {{"method", "post"}, {"action", StaffYearBase(c.year) + "settings/carry-over"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("p",
            "この年度の取組・所管・共同所管・総合計画の体系・年度目標・年度計画・評価区分を次の年度"
            "に引き継ぎます。進捗と進捗度は引き継ぎません。",
            {{"class", "hint"}});
  h.Open("button", {{"type", "submit"}})
      .Text(text::FiscalYearName(c.year + 1) + "を作る")
      .Close("button")
      .Close("form");

  DeleteForm(h, c, StaffYearBase(c.year) + "settings/delete", "この年度を削除する",
             "誤って取り込んだ年度など、一度も公開していない年度だけを削除できます。取組・報告・"
             "報告月のすべてが消え、元に戻せません。",
             "確認のため西暦の年度 (" + std::to_string(c.year) + ") を入力",
             text::FiscalYearName(c.year) + "を削除する");
  return EndPage(h);
}

}  // namespace torikumi::web
