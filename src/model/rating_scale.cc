#include "model/rating_scale.h"

#include <algorithm>
#include <cassert>

namespace torikumi::model {

namespace {

struct MeaningNames {
  RatingMeaning meaning;
  std::string_view name;
  std::string_view label;
};

constexpr MeaningNames kMeanings[] = {
    {RatingMeaning::kAhead, "ahead", "進んでいる"},
    {RatingMeaning::kOnTrack, "on_track", "予定どおり"},
    {RatingMeaning::kBehind, "behind", "遅れている"},
    {RatingMeaning::kOther, "other", "その他"},
};

}  // namespace

std::string_view RatingMeaningName(RatingMeaning meaning) {
  for (const auto& m : kMeanings) {
    if (m.meaning == meaning) return m.name;
  }
  return "other";
}

std::string_view RatingMeaningLabel(RatingMeaning meaning) {
  for (const auto& m : kMeanings) {
    if (m.meaning == meaning) return m.label;
  }
  return "その他";
}

std::optional<RatingMeaning> ParseRatingMeaning(std::string_view name) {
  for (const auto& m : kMeanings) {
    if (m.name == name) return m.meaning;
  }
  return std::nullopt;
}

RatingScale RatingScale::Default() {
  return RatingScale({{"↗", "予定より進んでいる", RatingMeaning::kAhead},
                      {"→", "予定どおり", RatingMeaning::kOnTrack},
                      {"↘", "予定より遅れている", RatingMeaning::kBehind}});
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

std::optional<RatingMeaning> RatingScale::MeaningOf(std::string_view symbol) const {
  for (const RatingLevel& level : levels_) {
    if (level.symbol == symbol) return level.meaning;
  }
  return std::nullopt;
}

void RatingScale::Append(std::string symbol) {
  assert(!Contains(symbol));
  std::string label = symbol;
  levels_.push_back({std::move(symbol), std::move(label), RatingMeaning::kOther});
}

}  // namespace torikumi::model
