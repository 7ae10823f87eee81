#ifndef TORIKUMI_CLI_NOTIFIER_H_
#define TORIKUMI_CLI_NOTIFIER_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cli/settings.h"
#include "model/error.h"
#include "service/clock.h"
#include "service/notification_service.h"
#include "store/store.h"

namespace torikumi::cli {

// The notification settings of the services, from the installation's.
service::NotificationSettings NotificationSettingsOf(const Settings& settings);

// What one round did, across the municipalities.
struct NotifierRound {
  int reminders = 0;  // notices of reminders written
  int digests = 0;
  int sent = 0;  // mails the relay accepted
};

// The work no request starts: for every municipality of the database, the reminders due,
// the daily digests, and the mail of the outbox sent through the relay (when one is
// configured). Any number of servers may run it against one database: the store decides
// who sends what (Store::NotifyOnce, ClaimMail).
class Notifier {
 public:
  Notifier(store::Store& root, const Settings& settings, service::Clock now = nullptr);
  Result<NotifierRound> RunOnce();

 private:
  store::Store& root_;
  const Settings& settings_;
  service::Clock now_;
  std::string claim_;  // this process's mark on the mail it claims
  std::map<std::string, std::unique_ptr<store::Store>> others_;  // by municipality code
};

// Runs a Notifier every settings.notify_interval seconds on a thread of its own until
// destroyed; a failed round is logged and tried again at the next.
class NotifierThread {
 public:
  NotifierThread(store::Store& root, const Settings& settings);
  ~NotifierThread();

 private:
  Notifier notifier_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace torikumi::cli

#endif  // TORIKUMI_CLI_NOTIFIER_H_
