#include "model/initiative.h"

#include <cmath>

namespace torikumi::model {

bool IsValidTargetRate(double rate) {
  if (!(rate >= 0 && rate <= 100)) return false;
  const double hundredths = rate * 100;
  return std::fabs(hundredths - std::round(hundredths)) < 1e-6;
}

}  // namespace torikumi::model
