#include "web/router.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "web/pages.h"

namespace torikumi::web {
namespace {

// Query values longer than this are refused rather than searched for.
constexpr std::size_t kMaxQueryValue = 400;

Response Page(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response ErrorResponse(const Error& error) {
  const int status = HttpStatusOf(error);
  if (status >= 500) std::cerr << "torikumi: " << error.ToString() << '\n';
  return Page(status, RenderErrorPage(status, status >= 500 ? "サーバーで問題が起きました。"
                                                              : error.message()));
}

std::optional<int> ParseNumber(std::string_view s, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

Result<store::InitiativeFilter> FilterOf(const boost::urls::url_view& url) {
  store::InitiativeFilter filter;
  struct Field {
    std::string_view key;
    std::string* target;
  };
  const Field fields[] = {{"department", &filter.department}, {"section", &filter.section},
                          {"goal", &filter.goal},             {"policy", &filter.policy},
                          {"rating", &filter.rating},         {"q", &filter.query}};
  for (const auto& param : url.params()) {
    for (const Field& field : fields) {
      if (param.key != field.key) continue;
      if (param.value.size() > kMaxQueryValue) {
        return Error::InvalidInput("検索条件「" + std::string(field.key) + "」が長すぎます");
      }
      *field.target = param.value;
    }
  }
  return filter;
}

}  // namespace

int HttpStatusOf(const Error& error) {
  switch (error.code()) {
    case Error::Code::kInvalidInput: return 400;
    case Error::Code::kNotFound: return 404;
    case Error::Code::kConflict: return 409;
    case Error::Code::kForbidden: return 403;
    case Error::Code::kIo: return 500;
  }
  return 500;
}

Response Router::Handle(const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = Page(405, RenderErrorPage(405, "この操作はできません。"));
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) return ErrorResponse(Error::InvalidInput("URL を読めません"));
  const boost::urls::url_view url = *parsed;
  std::vector<std::string> segments;
  for (const auto& segment : url.segments()) segments.push_back(segment);

  if (segments.size() == 1 && segments[0] == "healthz") return Response::Text(200, "ok\n");
  if (segments.size() == 2 && segments[0] == "assets" && segments[1] == "style.css") {
    Response r;
    r.content_type = "text/css; charset=utf-8";
    r.body = std::string(StyleSheet());
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  auto years = sheets_.FiscalYears();
  if (!years) return ErrorResponse(years.error());
  if (segments.empty() || (segments.size() == 1 && segments[0].empty())) {
    if (years->empty()) return Page(200, RenderNoSheetPage());
    return Response::Redirect("/" + std::to_string(years->front()) + "/");
  }
  const std::optional<int> year = ParseNumber(segments[0], 1900, 2999);
  if (!year) return ErrorResponse(Error::NotFound("このページはありません。"));
  if (segments.size() == 1) {
    std::string location = "/" + std::to_string(*year) + "/";
    if (url.has_query()) location += "?" + std::string(url.encoded_query());
    return Response::Redirect(location, 301);
  }
  if (segments.size() == 2 && segments[1].empty()) {
    auto filter = FilterOf(url);
    if (!filter) return ErrorResponse(filter.error());
    auto list = sheets_.List(*year, *filter);
    if (!list) return ErrorResponse(list.error());
    return Page(200, RenderListPage(*year, *years, *list, *filter));
  }
  if (segments.size() == 3 && segments[1] == "initiatives") {
    const std::optional<int> no = ParseNumber(segments[2], 1, 1'000'000);
    if (!no) return ErrorResponse(Error::NotFound("このページはありません。"));
    auto initiative = sheets_.Initiative(*year, *no);
    if (!initiative) return ErrorResponse(initiative.error());
    auto scale = sheets_.RatingScale(*year);
    if (!scale) return ErrorResponse(scale.error());
    return Page(200, RenderInitiativePage(*year, *years, *initiative, *scale));
  }
  return ErrorResponse(Error::NotFound("このページはありません。"));
}

}  // namespace torikumi::web
