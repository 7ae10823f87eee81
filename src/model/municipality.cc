#include "model/municipality.h"

namespace torikumi::model {

bool IsMunicipalityCode(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  constexpr int kWeights[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int k = 0; k < 5; ++k) sum += (code[std::size_t(k)] - '0') * kWeights[k];
  return (11 - sum % 11) % 10 == code[5] - '0';
}

}  // namespace torikumi::model
