#include "mail/mail.h"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>

namespace torikumi::mail {
namespace {

bool IsLabelCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
  return lower;
}

std::string Base64(std::string_view bytes) {
  if (bytes.empty()) return "";
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f;
  });
}

// The length of the UTF-8 sequence that `lead` begins.
std::size_t SequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

// RFC 5322's date: "Sat, 05 Dec 2026 12:00:00 +0900", in Japan's time.
std::string MailDate(std::int64_t unix_seconds) {
  const std::time_t japan = std::time_t(unix_seconds + 9 * 3600);
  std::tm tm{};
  gmtime_r(&japan, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[64];
  (void)std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0900", kDays[tm.tm_wday],
                      tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
  return text;
}

// The body in base64 lines of 76 characters, as RFC 2045 has them.
std::string BodyLines(std::string_view body) {
  std::string crlf;
  for (char c : body) {
    if (c == '\r') continue;
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string encoded = Base64(crlf);
  std::string lines;
  for (std::size_t at = 0; at < encoded.size(); at += 76) {
    lines += encoded.substr(at, 76);
    lines += "\r\n";
  }
  return lines;
}

struct Upload {
  std::string_view text;
  std::size_t at = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->text.size() - upload->at);
  std::memcpy(buffer, upload->text.data() + upload->at, n);
  upload->at += n;
  return n;
}

std::size_t DiscardOutput(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

bool IsMailAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  for (char c : local) {
    const bool printable = c > 0x20 && c < 0x7f;
    if (!printable || std::strchr("\"(),:;<>@[\\]", c)) return false;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  std::size_t label = 0;
  for (std::size_t k = 0; k <= domain.size(); ++k) {
    if (k == domain.size() || domain[k] == '.') {
      if (label == 0 || label > 63 || domain[k - 1] == '-' || domain[k - label] == '-') {
        return false;
      }
      label = 0;
    } else if (IsLabelCharacter(domain[k])) {
      ++label;
    } else {
      return false;
    }
  }
  return true;
}

std::string DomainOf(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? "" : Lower(address.substr(at + 1));
}

bool DomainAllowed(std::string_view address, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return true;
  const std::string domain = DomainOf(address);
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& entry) {
    const std::string want = Lower(entry);
    return domain == want || (domain.size() > want.size() && domain.ends_with(want) &&
                              domain[domain.size() - want.size() - 1] == '.');
  });
}

std::string EncodedHeader(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    clean += c == '\t' ? ' ' : c;
  }
  if (IsAscii(clean) && clean.find("=?") == std::string::npos) return clean;
  // Each encoded word holds at most 45 bytes of whole characters (60 of base64, within the
  // 75 an encoded word may have).
  std::string out;
  std::size_t at = 0;
  while (at < clean.size()) {
    std::size_t end = at;
    while (end < clean.size()) {
      const std::size_t next = end + SequenceLength(static_cast<unsigned char>(clean[end]));
      if (next - at > 45) break;
      end = std::min(next, clean.size());
    }
    if (end == at)
      end = std::min(at + SequenceLength(static_cast<unsigned char>(clean[at])), clean.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(clean).substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

Result<std::string> Compose(const Relay& relay, const Message& message, std::int64_t date,
                            std::string_view message_id) {
  if (!IsMailAddress(relay.from)) {
    return Error::InvalidInput("送信元のメールアドレス「" + relay.from + "」が正しくありません");
  }
  if (!IsMailAddress(message.to)) {
    return Error::InvalidInput("宛先のメールアドレス「" + message.to + "」が正しくありません");
  }
  std::string text;
  text += "From: ";
  if (!relay.from_name.empty()) text += EncodedHeader(relay.from_name) + " ";
  text += "<" + relay.from + ">\r\n";
  text += "To: <" + message.to + ">\r\n";
  text += "Subject: " + EncodedHeader(message.subject) + "\r\n";
  text += "Date: " + MailDate(date) + "\r\n";
  text += "Message-ID: <" + std::string(message_id) + "@" + DomainOf(relay.from) + ">\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: text/plain; charset=UTF-8\r\n";
  text += "Content-Transfer-Encoding: base64\r\n";
  text += "Auto-Submitted: auto-generated\r\n";
  text += "\r\n";
  text += BodyLines(message.body);
  return text;
}

Delivery Send(const Relay& relay, std::string_view to, const std::string& text) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) return {Delivery::Kind::kTransient, "libcurl を初期化できません"};
  const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {Delivery::Kind::kTransient, "libcurl を初期化できません"};
  CURL* c = curl.get();
  const std::string from = "<" + relay.from + ">";
  const std::string recipient = "<" + std::string(to) + ">";
  const std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipients(
      curl_slist_append(nullptr, recipient.c_str()), curl_slist_free_all);
  Upload upload{text};
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, relay.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DiscardOutput);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, relay.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, relay.timeout_seconds * 2);
  if (relay.url.starts_with("smtp://")) {
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     relay.starttls ? long(CURLUSESSL_ALL) : long(CURLUSESSL_NONE));
  }
  if (!relay.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, relay.ca_file.c_str());
  if (!relay.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, relay.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, relay.password.c_str());
  }
  const CURLcode result = curl_easy_perform(c);
  if (result == CURLE_OK) return {Delivery::Kind::kSent, ""};
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  std::string detail = error[0] ? error : curl_easy_strerror(result);
  if (code > 0) detail = "SMTP " + std::to_string(code) + ": " + detail;
  // A 5xx answer is the relay's final word on this message; anything else (4xx, no
  // connection, a timeout, TLS refused) may pass later.
  const bool permanent = code >= 500 && code < 600;
  return {permanent ? Delivery::Kind::kPermanent : Delivery::Kind::kTransient, detail};
}

}  // namespace torikumi::mail
