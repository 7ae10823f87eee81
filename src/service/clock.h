#ifndef TORIKUMI_SERVICE_CLOCK_H_
#define TORIKUMI_SERVICE_CLOCK_H_

#include <cstdint>
#include <functional>

namespace torikumi::service {

// The time a service acts at, in Unix seconds; tests pass their own.
using Clock = std::function<std::int64_t()>;

std::int64_t SystemNow();

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_CLOCK_H_
