#include "service/credentials.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "text/search.h"

namespace torikumi::service {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no secure randomness: nothing here may run
}

std::string RandomToken(std::size_t bytes) {
  EnsureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

std::string RandomPassword() {
  EnsureSodium();
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int k = 0; k < 16; ++k) password += kAlphabet[randombytes_uniform(kAlphabet.size())];
  return password;
}

std::string HashToken(std::string_view token) {
  EnsureSodium();
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

// Argon2id with OWASP's recommended parameters (19 MiB, two passes): libsodium's
// "interactive" preset takes 64 MiB a hash, which two logins at once would make the whole
// of a small server's memory. A stored hash names its own parameters, so older hashes
// still verify.
constexpr unsigned long long kHashPasses = 2;
constexpr std::size_t kHashMemory = 19u << 20;

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), kHashPasses, kHashMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Io("パスワードのハッシュを計算できません (メモリ不足)");
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  EnsureSodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {

void EnsureOath() {
  static const bool ready = oath_init() == OATH_OK;
  if (!ready) std::abort();
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// The raw bytes of a base32 secret; "" when it is not base32.
std::string DecodeBase32(std::string_view secret) {
  EnsureOath();
  char* raw = nullptr;
  std::size_t size = 0;
  if (oath_base32_decode(secret.data(), secret.size(), &raw, &size) != OATH_OK) return "";
  const std::unique_ptr<char, FreeDeleter> owned(raw);
  return std::string(raw, size);
}

// Unreserved characters as they are, every other byte as %XX (RFC 3986).
std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

// What a person typed, folded (full-width to ASCII, upper to lower case) and stripped of
// spaces and hyphens.
std::string Compact(std::string_view typed) {
  std::string out;
  for (const char c : text::FoldForMatching(typed)) {
    if (c != ' ' && c != '-' && c != '\t') out += c;
  }
  return out;
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string SaltedHash(std::string_view salt, std::string_view code) {
  const std::string salted = std::string(salt) + ":" + std::string(code);
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(salted.data()),
                     salted.size(), nullptr, 0);
  return Hex(hash, sizeof hash);
}

}  // namespace

std::string NewTotpSecret() {
  EnsureSodium();
  EnsureOath();
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  char* encoded = nullptr;
  std::size_t size = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &encoded, &size) !=
      OATH_OK) {
    std::abort();  // only memory exhaustion fails here
  }
  const std::unique_ptr<char, FreeDeleter> owned(encoded);
  return std::string(encoded, size);
}

std::string TotpUri(std::string_view issuer, std::string_view login, std::string_view secret) {
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(login) +
         "?secret=" + std::string(secret) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=6&period=" + std::to_string(kTotpStepSeconds);
}

std::optional<std::int64_t> TotpStepOf(std::string_view secret, std::string_view code,
                                       std::int64_t now) {
  const std::string digits = Compact(code);
  if (digits.size() != 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const std::string raw = DecodeBase32(secret);
  if (raw.empty()) return std::nullopt;
  int position = 0;
  std::uint64_t step = 0;
  // One step either side, for clocks a little apart and codes typed as they turn.
  if (oath_totp_validate3(raw.data(), raw.size(), now, kTotpStepSeconds, 0, 1, &position, &step,
                          digits.c_str()) < 0) {
    return std::nullopt;
  }
  return std::int64_t(step);
}

std::string TotpCode(std::string_view secret, std::int64_t step) {
  const std::string raw = DecodeBase32(secret);
  char code[7] = {};
  oath_totp_generate(raw.data(), raw.size(), step * kTotpStepSeconds, kTotpStepSeconds, 0, 6, code);
  return code;
}

std::string NewRecoveryCode() {
  EnsureSodium();
  // Lower case without look-alikes (0/o, 1/l/i), as people copy them from paper.
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string code;
  for (int k = 0; k < 12; ++k) {
    if (k > 0 && k % 4 == 0) code += '-';
    code += kAlphabet[randombytes_uniform(kAlphabet.size())];
  }
  return code;
}

std::string HashRecoveryCode(std::string_view code) {
  EnsureSodium();
  unsigned char salt[4];
  randombytes_buf(salt, sizeof salt);
  const std::string salt_hex = Hex(salt, sizeof salt);
  return salt_hex + ":" + SaltedHash(salt_hex, Compact(code));
}

bool RecoveryCodeMatches(std::string_view stored, std::string_view typed) {
  EnsureSodium();
  const std::size_t colon = stored.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string expected(stored.substr(colon + 1));
  const std::string actual = SaltedHash(stored.substr(0, colon), Compact(typed));
  return expected.size() == actual.size() &&
         sodium_memcmp(expected.data(), actual.data(), expected.size()) == 0;
}

}  // namespace torikumi::service
