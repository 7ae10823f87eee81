#include "cli/notifier.h"

#include <unistd.h>

#include "mail/mail.h"
#include "web/log.h"
#include "web/metrics.h"

namespace torikumi::cli {
namespace {

mail::Relay RelayOf(const Settings& s) {
  mail::Relay relay;
  relay.url = s.mail_relay;
  relay.starttls = s.mail_starttls;
  relay.ca_file = s.mail_ca_file;
  relay.user = s.mail_user;
  relay.password = s.mail_password;
  relay.from = s.mail_from;
  relay.from_name = s.mail_from_name;
  return relay;
}

// Sends a mail of the outbox: its text, the link to its page under `site`, and how to change
// what is mailed.
service::MailSender SenderOf(const Settings& settings, const service::Clock& now) {
  return [relay = RelayOf(settings), now](const store::MailRecord& m,
                                          std::string_view site) -> service::MailDelivery {
    mail::Message message{m.to, m.subject, m.body};
    if (!m.link.empty()) message.body += "\n" + std::string(site) + m.link + "\n";
    message.body +=
        "\n-- \ntorikumi からの自動送信です。メールで受け取るお知らせは、"
        "アカウントの画面で変えられます: " +
        std::string(site) + "/staff/account\n";
    // The same Message-ID for every attempt at one mail, so that a mail sent twice (its
    // sender died between the relay's acceptance and the record of it) is known as one.
    auto text = mail::Compose(relay, message, now(), "torikumi-mail-" + std::to_string(m.id));
    if (!text) return {service::MailDelivery::Kind::kPermanent, text.error().message()};
    const mail::Delivery delivery = mail::Send(relay, m.to, *text);
    switch (delivery.kind) {
      case mail::Delivery::Kind::kSent:
        return {service::MailDelivery::Kind::kSent, ""};
      case mail::Delivery::Kind::kTransient:
        return {service::MailDelivery::Kind::kTransient, delivery.detail};
      case mail::Delivery::Kind::kPermanent:
        return {service::MailDelivery::Kind::kPermanent, delivery.detail};
    }
    return {service::MailDelivery::Kind::kTransient, delivery.detail};
  };
}

}  // namespace

service::NotificationSettings NotificationSettingsOf(const Settings& s) {
  service::NotificationSettings n;
  n.mail = !s.mail_relay.empty();
  n.allowed_domains = s.mail_allowed_domains;
  n.deadline_day = s.deadline_day;
  n.remind_days_before = s.remind_days_before;
  n.digest_hour = s.digest_hour;
  return n;
}

Notifier::Notifier(store::Store& root, const Settings& settings, service::Clock now)
    : root_(root),
      settings_(settings),
      now_(now ? std::move(now) : service::Clock(service::SystemNow)),
      claim_("pid-" + std::to_string(::getpid()) + "-" + std::to_string(service::SystemNow())) {}

Result<NotifierRound> Notifier::RunOnce() {
  NotifierRound round;
  TORIKUMI_ASSIGN_OR_RETURN(const auto own, root_.ThisMunicipality());
  TORIKUMI_ASSIGN_OR_RETURN(const auto municipalities, root_.Municipalities());
  const service::MailSender send = SenderOf(settings_, now_);
  store::MailBacklog outbox;
  std::string site = settings_.mail_site_url;
  while (site.ends_with('/')) site.pop_back();
  for (const store::Municipality& m : municipalities) {
    store::Store* store = &root_;
    std::string prefix;
    if (m.id != own.id) {
      auto& other = others_[m.code];
      if (!other) {
        TORIKUMI_ASSIGN_OR_RETURN(other, root_.OpenMunicipality(m.code));
      }
      store = other.get();
      prefix = "/m/" + m.code;
    }
    service::NotificationService notifications(*store, NotificationSettingsOf(settings_), now_);
    TORIKUMI_ASSIGN_OR_RETURN(const int reminders, notifications.SendReminders());
    TORIKUMI_ASSIGN_OR_RETURN(const int digests, notifications.BundleDigests(site + prefix));
    round.reminders += reminders;
    round.digests += digests;
    if (!settings_.mail_relay.empty()) {
      TORIKUMI_ASSIGN_OR_RETURN(const int sent, notifications.Deliver(send, site + prefix, claim_));
      round.sent += sent;
    }
    TORIKUMI_ASSIGN_OR_RETURN(const store::MailBacklog backlog, store->CountMail());
    outbox.pending += backlog.pending;
    outbox.held += backlog.held;
    outbox.failed += backlog.failed;
  }
  web::Metrics& metrics = web::Metrics::Process();
  metrics.SetMailOutbox(outbox.pending, outbox.held, outbox.failed);
  metrics.CountMailSent(round.sent);
  if (round.reminders || round.digests || round.sent) {
    web::LogInfo("notifications", "reminders=" + std::to_string(round.reminders) +
                                      " digests=" + std::to_string(round.digests) +
                                      " mails_sent=" + std::to_string(round.sent));
  }
  return round;
}

NotifierThread::NotifierThread(store::Store& root, const Settings& settings)
    : notifier_(root, settings), interval_(settings.notify_interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (auto round = notifier_.RunOnce(); !round) {
        web::LogError("notifications", round.error().message());
      }
      lock.lock();
      stop_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

NotifierThread::~NotifierThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_one();
  thread_.join();
}

}  // namespace torikumi::cli
