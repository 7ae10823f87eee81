#ifndef TORIKUMI_WEB_ROUTER_H_
#define TORIKUMI_WEB_ROUTER_H_

#include "service/account_service.h"
#include "service/portal_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/store.h"
#include "web/http.h"

namespace torikumi::web {

// Maps requests to handlers:
//   /healthz, /assets/style.css
//   /, /YEAR/, /YEAR/initiatives/NO, /YEAR/publications/…   the public portal (publications)
//   /login, /logout                                         sessions
//   /staff/…                                                the staff workspace
//   /api/v1/…                                               the JSON API
class Router {
 public:
  explicit Router(store::Store& store);

  // Never throws for bad input: every failure becomes a response with its status.
  Response Handle(const Request& request);

 private:
  service::PortalService portal_;
  service::WorkspaceService workspace_;
  service::AccountService accounts_;
  service::SheetService sheets_;
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTER_H_
