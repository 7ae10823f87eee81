#include "model/rating_scale.h"

#include <algorithm>
#include <cassert>

namespace torikumi::model {

RatingScale RatingScale::Default() {
  return RatingScale(
      {{"↗", "予定より進んでいる"}, {"→", "予定どおり"}, {"↘", "予定より遅れている"}});
}

bool RatingScale::Contains(std::string_view symbol) const {
  return std::any_of(levels_.begin(), levels_.end(),
                     [&](const RatingLevel& level) { return level.symbol == symbol; });
}

std::string_view RatingScale::LabelOf(std::string_view symbol) const {
  for (const RatingLevel& level : levels_) {
    if (level.symbol == symbol) return level.label;
  }
  return {};
}

void RatingScale::Append(std::string symbol) {
  assert(!Contains(symbol));
  std::string label = symbol;
  levels_.push_back({std::move(symbol), std::move(label)});
}

}  // namespace torikumi::model
