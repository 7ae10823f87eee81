#ifndef TORIKUMI_WEB_ERRORS_H_
#define TORIKUMI_WEB_ERRORS_H_

#include "model/error.h"
#include "web/http.h"

namespace torikumi::web {

// An Error as an HTTP answer, decided here once: its status, and its body as a page for a
// browser or as JSON for the API. Server faults are logged, never shown.

int HttpStatusOf(const Error& error);
// An HTML error page; an input error says where the input is wrong.
Response ErrorPage(const Error& error);
Response NotFoundPage();
// {"error": {"code": "not_found", "message": "…"}}.
Response JsonError(const Error& error);
// 401 with WWW-Authenticate: Bearer, for a bearer token that is wrong, expired or revoked.
Response InvalidTokenError();

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ERRORS_H_
