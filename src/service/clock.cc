#include "service/clock.h"

#include <chrono>

namespace torikumi::service {

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace torikumi::service
