// The month-set parser on arbitrary text: never crashes, and what it reads writes back to
// the same months.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/month_set_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto match = torikumi::text::MatchMonthSet(input)) {
    if (match->length > input.size()) std::abort();
    auto again = torikumi::text::ParseMonthSet(match->months.ToJapanese());
    if (!match->months.empty() && (!again.ok() || *again != match->months)) std::abort();
  }
  (void)torikumi::text::ParseMonthSet(input);
  return 0;
}
