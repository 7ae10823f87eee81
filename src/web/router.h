#ifndef TORIKUMI_WEB_ROUTER_H_
#define TORIKUMI_WEB_ROUTER_H_

#include <map>
#include <memory>
#include <mutex>

#include "service/notification_service.h"
#include "store/store.h"
#include "web/http.h"

namespace torikumi::web {

// Answers a request with the route of the route table (route_table.cc) that fits it: the
// installation's own municipality at the root, and each other municipality of the database
// under /m/CODE/ (CODE its 全国地方公共団体コード), served by that municipality's store, so
// that its sessions, users and drafts are found nowhere else.
class Router {
 public:
  // `notifications`: how the workspace notifies (mail configured, deadlines, reminders).
  explicit Router(store::Store& store, service::NotificationSettings notifications = {});
  ~Router();

  // Never throws for bad input: every failure becomes a response with its status.
  Response Handle(const Request& request);

 private:
  struct Municipal;
  // The services of the municipality with `code`, made on first use; null when none has it.
  Municipal* MunicipalityOf(const std::string& code);
  // `segments` and `query_string` (still encoded) are of the URL parsed once by Handle.
  Response HandleIn(Municipal& municipal, std::string_view prefix, const Request& request,
                    const std::vector<std::string>& segments, std::string_view query_string);

  store::Store& store_;
  const service::NotificationSettings notifications_;
  std::unique_ptr<Municipal> own_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Municipal>> others_;  // guarded by mutex_
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_ROUTER_H_
