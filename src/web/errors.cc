#include "web/errors.h"

#include <boost/json.hpp>
#include <iostream>

#include "web/portal_pages.h"

namespace torikumi::web {
namespace {

std::string_view CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidInput:
      return "invalid_input";
    case Error::Code::kNotFound:
      return "not_found";
    case Error::Code::kConflict:
      return "conflict";
    case Error::Code::kForbidden:
      return "forbidden";
    case Error::Code::kUnavailable:
      return "unavailable";
    case Error::Code::kIo:
      return "internal";
  }
  return "internal";
}

void LogFault(const Error& error) {
  if (HttpStatusOf(error) >= 500) std::cerr << "torikumi: " << error.ToString() << '\n';
}

Response JsonError(int status, std::string_view code, std::string_view message) {
  boost::json::object body{{"error", boost::json::object{{"code", code}, {"message", message}}}};
  return Response::Json(status, boost::json::serialize(body));
}

// What the person is told. An unexpected fault is never described; a passing one (503) is,
// in words written for them, since they are to try again.
std::string Shown(const Error& error, int status) {
  if (status == 503) return error.message();
  return status >= 500 ? "サーバーで問題が起きました。" : error.message();
}

Response Retryable(Response response) {
  if (response.status == 503) response.headers.emplace_back("Retry-After", "30");
  return response;
}

}  // namespace

int HttpStatusOf(const Error& error) {
  switch (error.code()) {
    case Error::Code::kInvalidInput:
      return 400;
    case Error::Code::kNotFound:
      return 404;
    case Error::Code::kConflict:
      return 409;
    case Error::Code::kForbidden:
      return 403;
    case Error::Code::kUnavailable:
      return 503;
    case Error::Code::kIo:
      return 500;
  }
  return 500;
}

Response ErrorPage(const Error& error) {
  LogFault(error);
  const int status = HttpStatusOf(error);
  std::string message = Shown(error, status);
  // Where an input is wrong, in the words a person uses: "bad.tsv の 9 行目: …".
  if (const Location& at = error.where(); status < 500 && at.line > 0) {
    message = (at.file.empty() ? "" : at.file + " の ") + std::to_string(at.line) + " 行目" +
              (at.column > 0 ? " " + std::to_string(at.column) + " 文字目" : "") + ": " + message;
  }
  return Retryable(Response::Html(status, RenderErrorPage(status, message)));
}

Response NotFoundPage() { return ErrorPage(Error::NotFound("このページはありません。")); }

Response JsonError(const Error& error) {
  LogFault(error);
  const int status = HttpStatusOf(error);
  return Retryable(JsonError(status, CodeName(error.code()), Shown(error, status)));
}

Response InvalidTokenError() {
  Response r =
      JsonError(401, "unauthenticated", "トークンが正しくないか、期限切れか、取り消されています");
  r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

}  // namespace torikumi::web
