#ifndef TORIKUMI_MODEL_MUNICIPALITY_H_
#define TORIKUMI_MODEL_MUNICIPALITY_H_

#include <string>
#include <string_view>

namespace torikumi::model {

// Whose sheet it is: the municipality's 全国地方公共団体コード (282171) and name (川西市), both
// "" until the installation is told them.
struct Municipality {
  std::string code;
  std::string name;

  friend bool operator==(const Municipality&, const Municipality&) = default;
};

// Whether `code` is a 全国地方公共団体コード: five digits (prefecture, municipality) and the
// check digit the Ministry of Internal Affairs defines over them (Kawanishi: 28217 → 282171).
bool IsMunicipalityCode(std::string_view code);

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_MUNICIPALITY_H_
