#ifndef TORIKUMI_SERVICE_CREDENTIALS_H_
#define TORIKUMI_SERVICE_CREDENTIALS_H_

// The secrets of accounts, as AccountService makes and checks them: random tokens,
// passwords and their hashes, TOTP second factors (RFC 6238) and recovery codes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"

namespace torikumi::service {

// Initialises libsodium, aborting when the system offers no secure randomness.
void EnsureSodium();

// `bytes` random bytes, base64url without padding.
std::string RandomToken(std::size_t bytes);
// A password people are given: 16 characters without look-alikes (0/O, 1/l/I).
std::string RandomPassword();
// The hex BLAKE2b of a token, which is stored in its place.
std::string HashToken(std::string_view token);

// Argon2id, libsodium's string form. Io when memory runs out.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

// A new TOTP secret: 160 random bits (RFC 4226's recommendation), base32 as authenticator
// apps take it typed.
std::string NewTotpSecret();
// The otpauth:// URI an authenticator app reads from a QR code.
std::string TotpUri(std::string_view issuer, std::string_view login, std::string_view secret);
// The time step of `now` (Unix seconds) or the one before or after it whose six-digit code
// `code` is, for `secret`; nullopt when none is. Digits may be typed full-width or spaced.
std::optional<std::int64_t> TotpStepOf(std::string_view secret, std::string_view code,
                                       std::int64_t now);
// The code of `secret` at time step `step` (for tests and for nothing else).
std::string TotpCode(std::string_view secret, std::int64_t step);
constexpr std::int64_t kTotpStepSeconds = 30;

// A recovery code to be shown once: 12 characters in three groups ("k7wp-3mhx-q9td").
std::string NewRecoveryCode();
// The stored form of a recovery code: a random salt and the hash of the salted code, as
// ASVS 2.6.2 asks of secrets below 112 bits.
std::string HashRecoveryCode(std::string_view code);
// Whether `typed` (any case, width or grouping) is the code that `stored` was made of.
bool RecoveryCodeMatches(std::string_view stored, std::string_view typed);

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_CREDENTIALS_H_
