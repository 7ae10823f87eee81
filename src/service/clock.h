#ifndef TORIKUMI_SERVICE_CLOCK_H_
#define TORIKUMI_SERVICE_CLOCK_H_

#include <cstdint>
#include <functional>
#include <string>

namespace torikumi::service {

// The time a service acts at, in Unix seconds; tests pass their own.
using Clock = std::function<std::int64_t()>;

std::int64_t SystemNow();

// ISO 8601 UTC of Unix seconds: 2026-12-02T09:00:00Z.
std::string UtcTime(std::int64_t seconds);

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_CLOCK_H_
