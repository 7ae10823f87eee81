#ifndef TORIKUMI_MAIL_MAIL_H_
#define TORIKUMI_MAIL_MAIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace torikumi::mail {

// The municipality's SMTP relay (LGWAN mail), through which every notification is sent.
struct Relay {
  std::string url;       // smtp://mail.example.lg.jp:25, or smtps:// for TLS from the start
  bool starttls = true;  // smtp://: require STARTTLS before anything is sent
  std::string ca_file;   // the CA that signed the relay's certificate; "" for the system's
  std::string user;      // "" for no authentication
  std::string password;
  std::string from;       // torikumi@city.example.lg.jp
  std::string from_name;  // 企画政策課（torikumi）
  long timeout_seconds = 30;
};

struct Message {
  std::string to;
  std::string subject;
  std::string body;  // plain text, lines separated by \n
};

// What the relay made of a message: sent; refused for now or unreachable (4xx, no
// connection: try again later); refused for good (5xx: the address or the message).
struct Delivery {
  enum class Kind { kSent, kTransient, kPermanent };
  Kind kind = Kind::kSent;
  std::string detail;  // the relay's answer or why it was not reached
};

// Whether `address` is a mail address torikumi sends to: local@domain, printable ASCII
// without spaces, quotes, angle brackets or control characters, at most 254 bytes, the
// domain of dot-separated labels.
bool IsMailAddress(std::string_view address);
// The domain of a mail address, lower-cased: "city.example.lg.jp".
std::string DomainOf(std::string_view address);
// Whether `address`'s domain is one of `allowed` or below one of them; every domain when
// `allowed` is empty.
bool DomainAllowed(std::string_view address, const std::vector<std::string>& allowed);

// `text` as RFC 2047 encoded words (UTF-8, base64), folded between words, when it is not
// plain ASCII; never with CR or LF, which are dropped first, so that no text becomes a
// header of its own.
std::string EncodedHeader(std::string_view text);

// The message in RFC 5322 form: From (with the encoded name), To, Subject, Date (Unix
// seconds `date`), Message-ID, MIME-Version and a UTF-8 text/plain body in base64.
// InvalidInput when the sender or recipient is no mail address.
Result<std::string> Compose(const Relay& relay, const Message& message, std::int64_t date,
                            std::string_view message_id);

// Sends the composed `text` to `to` through the relay, with libcurl's SMTP.
Delivery Send(const Relay& relay, std::string_view to, const std::string& text);

}  // namespace torikumi::mail

#endif  // TORIKUMI_MAIL_MAIL_H_
