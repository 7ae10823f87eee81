#include "model/initiative.h"

#include <cmath>

namespace torikumi::model {

bool IsValidTargetRate(double rate) {
  if (!(rate >= 0 && rate <= 100)) return false;
  const double hundredths = rate * 100;
  return std::fabs(hundredths - std::round(hundredths)) < 1e-6;
}

std::string_view EndingKindName(Ending::Kind kind) {
  return kind == Ending::Kind::kCompleted ? "終了" : "廃止";
}

std::optional<Ending::Kind> EndingKindNamed(std::string_view name) {
  for (Ending::Kind kind : {Ending::Kind::kCompleted, Ending::Kind::kAbolished}) {
    if (name == EndingKindName(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace torikumi::model
