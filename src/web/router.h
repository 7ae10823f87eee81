#ifndef TORIKUMI_WEB_ROUTER_H_
#define TORIKUMI_WEB_ROUTER_H_

#include "model/error.h"
#include "service/sheet_service.h"
#include "web/http.h"

namespace torikumi::web {

// Maps requests to the public pages:
//   /healthz                   liveness, "ok"
//   /                          redirect to the latest fiscal year
//   /YEAR/                     the year's list, filtered by department, section, goal,
//                              policy, rating and q (the query string)
//   /YEAR/initiatives/NO       one initiative
//   /assets/style.css          the stylesheet
class Router {
 public:
  explicit Router(service::SheetService& sheets) : sheets_(sheets) {}

  // Never throws for bad input: every failure becomes an error page with its status.
  Response Handle(const Request& request);

 private:
  service::SheetService& sheets_;
};

// The HTTP status of an expected failure: the one place errors meet HTTP.
int HttpStatusOf(const Error& error);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTER_H_
