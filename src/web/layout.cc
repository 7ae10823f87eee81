#include "web/layout.h"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "text/era.h"

namespace torikumi::web {

std::string OwnedTitle(std::string_view municipality, const std::string& title) {
  return municipality.empty() ? title : std::string(municipality) + " " + title;
}

void BeginPage(Html& h, const PageFrame& frame) {
  h.Markup("<!DOCTYPE html>")
      .Open("html", {{"lang", "ja"}})
      .Open("head")
      .Void("meta", {{"charset", "utf-8"}})
      .Void("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}})
      .Element("title", OwnedTitle(frame.municipality, frame.title))
      .Void("link", {{"rel", "stylesheet"}, {"href", "/assets/style.css"}})
      .Void("link", {{"rel", "icon"}, {"href", "data:,"}})
      .Element("script", "", {{"src", "/assets/working.js"}, {"defer", "defer"}})
      .Close("head");
  h.Open("body", {{"class", frame.staff ? "staff" : "portal"}});
  h.Open("a", {{"class", "skip"}, {"href", "#main"}}).Text("本文へ移動").Close("a");
  h.Open("header", {{"class", "site"}});
  h.Open("a", {{"class", "brand"}, {"href", frame.staff ? "/staff/" : "/"}});
  if (!frame.municipality.empty()) h.Text(frame.municipality + " ");
  h.Text(frame.staff ? "取組実施プロセスシート 職員用" : "取組実施プロセスシート").Close("a");
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
    if (frame.user->unread >= 0) {
      const int unread = frame.user->unread;
      h.Open("a", {{"href", "/staff/notifications"},
                   {"class", unread ? "notifications unread" : "notifications"}})
          .Text("お知らせ");
      if (unread) h.Element("span", "未読 " + std::to_string(unread) + "件", {{"class", "count"}});
      h.Close("a");
    }
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
  h.Close("main");
  h.Open("footer", {{"class", "site"}});
  h.Open("a", {{"href", "/accessibility"}}).Text("アクセシビリティ").Close("a");
  h.Close("footer").Close("body").Close("html");
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
  h.Open("div",
         {{"class", error ? "notice error" : "notice"}, {"role", error ? "alert" : "status"}})
      .MultilineText(message)
      .Close("div");
}

std::string YearTitle(int year) {
  return text::FiscalYearName(year) + "（" + std::to_string(year) + "年度）";
}

namespace {

// Reads the digits at [from, from + length) of an ISO 8601 timestamp; -1 when not digits.
int Field(std::string_view iso, std::size_t from, std::size_t length) {
  int value = 0;
  if (from + length > iso.size()) return -1;
  auto [end, ec] = std::from_chars(iso.data() + from, iso.data() + from + length, value);
  return ec == std::errc() && end == iso.data() + from + length ? value : -1;
}

}  // namespace

std::string JapaneseDate(std::string_view iso_date) {
  const int y = Field(iso_date, 0, 4), m = Field(iso_date, 5, 2), d = Field(iso_date, 8, 2);
  if (y < 0 || m < 0 || d < 0) return std::string(iso_date);
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

std::string JapanTime(std::string_view iso_utc) {
  const int y = Field(iso_utc, 0, 4), mo = Field(iso_utc, 5, 2), d = Field(iso_utc, 8, 2);
  const int h = Field(iso_utc, 11, 2), mi = Field(iso_utc, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || mi < 0) return std::string(iso_utc);
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h + 9;  // JST has no daylight saving time
  tm.tm_min = mi;
  const std::time_t t = timegm(&tm);
  std::tm jst{};
  gmtime_r(&t, &jst);
  char buffer[64];
  (void)std::snprintf(buffer, sizeof buffer, "%d年%d月%d日 %02d:%02d", jst.tm_year + 1900,
                      jst.tm_mon + 1, jst.tm_mday, jst.tm_hour, jst.tm_min);
  return buffer;
}

}  // namespace torikumi::web
