// The pieces the staff pages share: the frame, selects and fields, report states, and an
// audited change.

#include "web/staff_widgets.h"

#include <algorithm>

#include "sheet/json.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/line_diff.h"

namespace torikumi::web {
namespace {

PageFrame Frame(const StaffContext& c, std::string title, std::string_view current) {
  PageFrame frame{std::move(title), {}, c.who, true};
  if (c.year) {
    const std::string base = StaffYearBase(c.year);
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
    frame.nav.push_back({"セキュリティの記録", "/staff/security-events", current == "security"});
    frame.nav.push_back({"メール", "/staff/mail", current == "mail"});
    frame.nav.push_back({"自治体", "/staff/municipality", current == "municipality"});
  }
  frame.nav.push_back({"公開ページ", "/", false});
  return frame;
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
          {"共同所管の追記", Lines(text::FormatProgressCell({}, i.notes))},
          {"終了・廃止", i.ending ? text::FormatEnding(*i.ending) : ""}};
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

}  // namespace

std::string StaffYearBase(int year) { return "/staff/" + std::to_string(year) + "/"; }

void Begin(Html& h, const StaffContext& c, std::string title, std::string_view current) {
  BeginPage(h, Frame(c, std::move(title), current));
  // Every year's sheet is a click away, whichever year the page is of.
  if (c.years.size() > 1 || (c.years.size() == 1 && c.year != c.years.front())) {
    h.Open("nav", {{"aria-label", "年度の切り替え"}, {"class", "years"}}).Open("ul");
    for (int year : c.years) {
      h.Open("li");
      if (year == c.year) {
        h.Element("span", text::FiscalYearName(year), {{"aria-current", "page"}});
      } else {
        h.Element("a", text::FiscalYearName(year), {{"href", StaffYearBase(year)}});
      }
      h.Close("li");
    }
    h.Close("ul").Close("nav");
  }
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

void StateBadge(Html& h, model::ReportState state) {
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

void TextField(Html& h, Literal name, std::string_view id, std::string_view label,
               std::string_view value, bool multiline, bool disabled) {
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

void DeleteForm(Html& h, const StaffContext& c, std::string_view action, std::string_view heading,
                std::string_view hint, std::string_view label, std::string_view button) {
  h.Open("form", {{"method", "post"}, {"action", action}, {"class", "delete"}});
  CsrfField(h, c.who.csrf_token);
  h.Element("h2", heading);
  h.Element("p", hint, {{"class", "hint"}});
  TextField(h, "confirm", "delete-confirm", label, "", false);
  h.Open("button", {{"type", "submit"}, {"class", "danger"}}).Text(button).Close("button");
  h.Close("form");
}

std::string JoinCoOwners(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : " ") + n;
  return joined;
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
      {"initiative.add", "取組の追加"},
      {"initiative.delete", "取組の削除"},
      {"initiative.end", "終了・廃止"},
      {"initiative.resume", "終了・廃止の取り消し"},
      {"report.draft", "下書き"},
      {"report.submitted", "提出"},
      {"report.approved", "承認"},
      {"report.returned", "差し戻し"},
      {"report.replace", "取り込みによる報告の置き換え"},
      {"month.open", "報告受付開始"},
      {"month.deadline", "提出期限の変更"},
      {"user.mail", "メール通知の設定"},
      {"mail.retry", "メールの再送"},
      {"sheet.publish", "公開"},
      {"sheet.withdraw", "公開の取り下げ"},
      {"year.delete", "年度の削除"},
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

}  // namespace torikumi::web
