#ifndef TORIKUMI_MODEL_MUNICIPALITY_H_
#define TORIKUMI_MODEL_MUNICIPALITY_H_

#include <string_view>

namespace torikumi::model {

// Whether `code` is a 全国地方公共団体コード: five digits (prefecture, municipality) and the
// check digit the Ministry of Internal Affairs defines over them (Kawanishi: 28217 → 282171).
bool IsMunicipalityCode(std::string_view code);

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_MUNICIPALITY_H_
