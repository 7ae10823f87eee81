#include "web/call.h"

#include <charconv>

namespace torikumi::web {

std::string HostCookieName(std::string_view name, std::string_view prefix) {
  std::string host_name = "__Host-" + std::string(name);
  // "/m/282171" → "-282171": a municipality's pages have their own cookies, which the
  // prefix's Path=/ cannot keep apart by path.
  if (const std::size_t slash = prefix.rfind('/'); slash != std::string_view::npos) {
    host_name += "-" + std::string(prefix.substr(slash + 1));
  }
  return host_name;
}

std::string Call::Cookie(std::string_view plain_name) const {
  const std::string host_name = HostCookieName(plain_name, prefix);
  const std::string_view name = request.secure ? std::string_view(host_name) : plain_name;
  std::string_view header = request.Header("cookie");
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return "";
}

std::string Call::Query(std::string_view key) const {
  auto it = query.find(std::string(key));
  return it == query.end() ? "" : it->second;
}

std::string Call::Form(std::string_view key) const {
  auto it = form.find(std::string(key));
  return it == form.end() ? "" : it->second;
}

std::vector<std::string> Call::FormAll(std::string_view key) const {
  std::vector<std::string> values;
  auto [begin, end] = form.equal_range(std::string(key));
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

Result<ReportMonth> ReportMonthOf(const Call& call) {
  ReportMonth report;
  TORIKUMI_ASSIGN_OR_RETURN(report.open,
                            call.services.workspace.ReportingMonths(call.Actor(), call.year));
  const std::string asked = call.Query("month").empty() ? call.Form("month") : call.Query("month");
  report.month = ParseNumber(asked, 1, 12).value_or(report.open.empty() ? 4 : report.open.back());
  return report;
}

Result<void> ReviewReports(const Call& call, int month, const std::vector<int>& nos,
                           std::string_view action, const std::string& comment,
                           const std::string& section) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  if (action == "submit") return workspace.Submit(actor, call.year, month, nos);
  if (action == "approve") return workspace.Approve(actor, call.year, month, nos, section);
  if (action == "return") return workspace.Return(actor, call.year, month, nos, comment, section);
  return Error::InvalidInput("操作 (action) は submit, approve, return のいずれかです");
}

store::InitiativeFilter Call::Filter() const {
  return {Query("department"), Query("section"), Query("goal"),
          Query("policy"),     Query("rating"),  Query("q")};
}

std::optional<int> ParseNumber(std::string_view s, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

Response Page(std::string html) { return Response::Html(200, std::move(html)); }

Result<Response> KeptStaffPage(const Call& call, const std::function<Result<Response>()>& render) {
  TORIKUMI_ASSIGN_OR_RETURN(std::string stamp, call.services.workspace.PageStamp(call.Actor()));
  // The session's CSRF token names the session, which the page's forms carry.
  std::string key = std::string(call.prefix) + "\n" + call.session->csrf_token + "\n" + stamp +
                    "\n" + call.request.target;
  if (auto page = call.services.staff_pages.Find(key)) return Response::Kept(std::move(page));
  TORIKUMI_ASSIGN_OR_RETURN(Response response, render());
  if (response.status != 200 || response.page || !response.headers.empty() ||
      !response.content_type.starts_with("text/html")) {
    return response;
  }
  PrefixLinks(response.body, call.prefix);
  return Response::Kept(call.services.staff_pages.Keep(key, std::move(response.body)));
}

Response WithCookie(Response response, std::string cookie) {
  response.headers.emplace_back("Set-Cookie", std::move(cookie));
  return response;
}

std::string SessionCookie(std::string_view token, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

std::string ExpiredSessionCookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" +
         (secure ? "; Secure" : "");
}

// The data in the HTML is escaped, so `href="/` occurs only in markup.
void PrefixLinks(std::string& html, std::string_view prefix) {
  if (prefix.empty()) return;
  std::string prefixed;
  prefixed.reserve(html.size() + html.size() / 16);
  std::size_t copied = 0;
  for (std::size_t at = html.find("=\"/"); at != std::string::npos;
       at = html.find("=\"/", at + 3)) {
    const std::string_view before = std::string_view(html).substr(0, at);
    if (!before.ends_with("href") && !before.ends_with("action") && !before.ends_with("src"))
      continue;
    prefixed.append(html, copied, at + 2 - copied);
    prefixed += prefix;
    copied = at + 2;
  }
  prefixed.append(html, copied, std::string::npos);
  html = std::move(prefixed);
}

}  // namespace torikumi::web
