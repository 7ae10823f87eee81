#include "web/layout.h"

#include "text/era.h"

namespace torikumi::web {

void BeginPage(Html& h, const PageFrame& frame) {
  h.Markup("<!DOCTYPE html>")
      .Open("html", {{"lang", "ja"}})
      .Open("head")
      .Void("meta", {{"charset", "utf-8"}})
      .Void("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}})
      .Element("title", frame.title)
      .Void("link", {{"rel", "stylesheet"}, {"href", "/assets/style.css"}})
      .Void("link", {{"rel", "icon"}, {"href", "data:,"}})
      .Close("head");
  h.Open("body", {{"class", frame.staff ? "staff" : "portal"}});
  h.Open("a", {{"class", "skip"}, {"href", "#main"}}).Text("本文へ移動").Close("a");
  h.Open("header", {{"class", "site"}});
  h.Open("a", {{"class", "brand"}, {"href", frame.staff ? "/staff/" : "/"}})
      .Text(frame.staff ? "取組実施プロセスシート 職員用" : "取組実施プロセスシート")
      .Close("a");
  if (!frame.nav.empty()) {
    h.Open("nav", {{"aria-label", "メニュー"}}).Open("ul");
    for (const NavLink& link : frame.nav) {
      h.Open("li");
      if (link.current) {
        h.Open("a", {{"href", link.href}, {"aria-current", "page"}});
      } else {
        h.Open("a", {{"href", link.href}});
      }
      h.Text(link.label).Close("a").Close("li");
    }
    h.Close("ul").Close("nav");
  }
  if (frame.user) {
    h.Open("div", {{"class", "account"}});
    h.Open("a", {{"href", "/staff/account"}})
        .Text(frame.user->display_name + "（" + frame.user->role_label + "）")
        .Close("a");
    h.Open("form", {{"method", "post"}, {"action", "/logout"}});
    CsrfField(h, frame.user->csrf_token);
    h.Open("button", {{"type", "submit"}, {"class", "link"}}).Text("ログアウト").Close("button");
    h.Close("form").Close("div");
  }
  h.Close("header").Open("main", {{"id", "main"}});
}

std::string EndPage(Html& h) {
  h.Close("main").Close("body").Close("html");
  return h.Take();
}

void RatingBadge(Html& h, std::string_view rating, const model::RatingScale& scale) {
  if (rating.empty()) {
    h.Open("span", {{"class", "rating none"}}).Text("未評価").Close("span");
    return;
  }
  const std::string_view label = scale.LabelOf(rating);
  h.Open("span", {{"class", "rating"}});
  h.Open("span", {{"class", "symbol"}, {"aria-hidden", "true"}}).Text(rating).Close("span");
  h.Open("span", {{"class", "label"}}).Text(label.empty() ? rating : label).Close("span");
  h.Close("span");
}

void Paragraphs(Html& h, std::string_view text) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    h.Element("p", text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

void EntryText(Html& h, const model::Entry& entry, std::string_view months_label) {
  h.Open("div", {{"class", "entry"}});
  if (!months_label.empty()) h.Element("span", months_label, {{"class", "when"}});
  Paragraphs(h, entry.text);
  h.Close("div");
}

void CsrfField(Html& h, std::string_view token) {
  h.Void("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", token}});
}

void Notice(Html& h, std::string_view message, bool error) {
  h.Open("div", {{"class", error ? "notice error" : "notice"}, {"role", error ? "alert" : "status"}})
      .MultilineText(message)
      .Close("div");
}

std::string YearTitle(int year) {
  return text::FiscalYearName(year) + "（" + std::to_string(year) + "年度）";
}

std::string JapaneseDate(std::string_view iso_date) {
  if (iso_date.size() < 10) return std::string(iso_date);
  auto number = [&](std::size_t from, std::size_t length) {
    return std::to_string(std::stoi(std::string(iso_date.substr(from, length))));
  };
  return number(0, 4) + "年" + number(5, 2) + "月" + number(8, 2) + "日";
}

}  // namespace torikumi::web
