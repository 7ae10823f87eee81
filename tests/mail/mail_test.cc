// The mail torikumi writes: addresses it accepts, headers no text can break out of, and a
// message whose Japanese reads back as written.

#include "mail/mail.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace torikumi::mail {
namespace {

std::string FromBase64(std::string_view text) {
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), "\r\n", &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "<not base64>";
  }
  bytes.resize(length);
  return bytes;
}

// The text of RFC 2047 encoded words, as a mail reader shows them.
std::string DecodedHeader(std::string_view value) {
  std::string text;
  for (std::size_t at = value.find("=?UTF-8?B?"); at != std::string_view::npos;
       at = value.find("=?UTF-8?B?", at)) {
    at += 10;
    const std::size_t end = value.find("?=", at);
    text += FromBase64(value.substr(at, end - at));
    at = end + 2;
  }
  return text;
}

TEST(MailTest, AddressesAreMailAddressesAndNothingElse) {
  for (const char* good : {"kikaku@city.kawanishi.lg.jp", "a.b+c@example.jp", "X_1@a-b.example"}) {
    EXPECT_TRUE(IsMailAddress(good)) << good;
  }
  for (const char* bad :
       {"", "kikaku", "@example.jp", "kikaku@", "kikaku@example", "a b@example.jp",
        "a\r\n@example.jp", "a@exam\nple.jp", "<a@example.jp>", "a@-example.jp", "a@example..jp",
        ".a@example.jp", "a..b@example.jp", "\"a\"@example.jp", "a@例え.jp"}) {
    EXPECT_FALSE(IsMailAddress(bad)) << bad;
  }
  EXPECT_TRUE(DomainAllowed("a@sub.city.example.lg.jp", {"City.Example.LG.jp"}));
  EXPECT_TRUE(DomainAllowed("a@city.example.lg.jp", {"city.example.lg.jp"}));
  EXPECT_FALSE(DomainAllowed("a@evilcity.example.lg.jp", {"city.example.lg.jp"}));
  EXPECT_FALSE(DomainAllowed("a@gmail.com", {"city.example.lg.jp"}));
  EXPECT_TRUE(DomainAllowed("a@gmail.com", {}));
}

TEST(MailTest, HeadersAreEncodedWordsWithoutLineBreaksAndDecodeToTheirText) {
  EXPECT_EQ(EncodedHeader("torikumi"), "torikumi");
  const std::string subject =
      "No.12「DXに向けた事業再検証」の6月の報告が差し戻されました（企画政策課・ICT推進課）";
  const std::string encoded = EncodedHeader(subject);
  EXPECT_EQ(DecodedHeader(encoded), subject);
  // Folded between words, each word within 75 characters.
  std::size_t start = 0;
  while (start < encoded.size()) {
    const std::size_t end = encoded.find("\r\n ", start);
    const std::size_t length = (end == std::string::npos ? encoded.size() : end) - start;
    EXPECT_LE(length, 75u);
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
  // CR and LF never pass: a name or comment cannot start a header of its own.
  const std::string injected = EncodedHeader("件名\r\nBcc: victim@example.jp");
  EXPECT_EQ(DecodedHeader(injected), "件名Bcc: victim@example.jp");
  EXPECT_EQ(EncodedHeader("plain\r\nBcc: victim@example.jp"), "plainBcc: victim@example.jp");
}

TEST(MailTest, AComposedMessageHasItsHeadersOnceAndItsBodyInUtf8) {
  const Relay relay{"smtp://127.0.0.1:25",
                    true,
                    "",
                    "",
                    "",
                    "torikumi@city.example.lg.jp",
                    "企画政策課\r\nBcc: x@evil.example",
                    30};
  const Message message{"kikaku@city.example.lg.jp",
                        "6月の報告の提出期限は 7月10日 です\nX-Evil: 1",
                        "「企画政策課」の報告で、まだ提出されていないもの:\n・No.1 DX\n"};
  auto text = Compose(relay, message, 1'751'500'800, "torikumi-mail-7");
  ASSERT_TRUE(text.ok()) << text.error().ToString();
  const std::size_t blank = text->find("\r\n\r\n");
  ASSERT_NE(blank, std::string::npos);
  const std::string head = text->substr(0, blank + 2);
  for (const char* header :
       {"From: ", "To: <kikaku@city.example.lg.jp>\r\n",
        "Subject: ", "Date: ", "Message-ID: <torikumi-mail-7@city.example.lg.jp>\r\n",
        "Content-Type: text/plain; charset=UTF-8\r\n", "Content-Transfer-Encoding: base64\r\n"}) {
    const std::size_t at = head.find(header);
    EXPECT_NE(at, std::string::npos) << header;
    EXPECT_EQ(head.find(header, at + 1), std::string::npos) << header << " twice";
  }
  EXPECT_EQ(head.find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(head.find("\r\nX-Evil:"), std::string::npos);
  // Every line of the head is a header or its continuation.
  for (std::size_t at = 0; at < head.size();) {
    const std::size_t end = head.find("\r\n", at);
    const std::string line = head.substr(at, end - at);
    EXPECT_TRUE(line.starts_with(" ") || line.find(": ") != std::string::npos) << line;
    at = end + 2;
  }
  EXPECT_NE(head.find("Date: Thu, 03 Jul 2025 09:00:00 +0900"), std::string::npos) << head;
  EXPECT_EQ(FromBase64(text->substr(blank + 4)),
            "「企画政策課」の報告で、まだ提出されていないもの:\r\n・No.1 DX\r\n");
  EXPECT_FALSE(Compose(relay, {"not an address", "s", "b"}, 0, "id").ok());
}

TEST(MailTest, ARelayThatIsNotThereIsTriedAgainLater) {
  // Port 9 on this machine: nothing listens, the connection is refused at once.
  Relay relay{"smtp://127.0.0.1:9", false, "", "", "", "torikumi@example.jp", "", 5};
  const Delivery delivery = Send(relay, "a@example.jp", "Subject: x\r\n\r\nx\r\n");
  EXPECT_EQ(delivery.kind, Delivery::Kind::kTransient);
  EXPECT_FALSE(delivery.detail.empty());
}

}  // namespace
}  // namespace torikumi::mail
