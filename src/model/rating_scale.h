#ifndef TORIKUMI_MODEL_RATING_SCALE_H_
#define TORIKUMI_MODEL_RATING_SCALE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace torikumi::model {

// What a level says of progress. It colours the level in charts and decides the 遅れている
// list; a level's place in the scale decides nothing, so that ◎ added on top keeps → on time.
enum class RatingMeaning { kAhead, kOnTrack, kBehind, kOther };

std::string_view RatingMeaningName(RatingMeaning meaning);   // "ahead", "on_track", …
std::string_view RatingMeaningLabel(RatingMeaning meaning);  // 進んでいる, 予定どおり, …
std::optional<RatingMeaning> ParseRatingMeaning(std::string_view name);

// One level of a rating scale: the symbol written in the 進捗度 column and what it means.
struct RatingLevel {
  std::string symbol;
  std::string label;
  RatingMeaning meaning = RatingMeaning::kOther;

  friend bool operator==(const RatingLevel&, const RatingLevel&) = default;
};

// The ordered symbols a municipality rates progress (進捗度) with, best first.
class RatingScale {
 public:
  RatingScale() = default;
  explicit RatingScale(std::vector<RatingLevel> levels) : levels_(std::move(levels)) {}

  // ↗ 予定より進んでいる, → 予定どおり, ↘ 予定より遅れている.
  static RatingScale Default();

  const std::vector<RatingLevel>& levels() const { return levels_; }
  bool Contains(std::string_view symbol) const;
  // The label of `symbol`, or "" when the scale lacks it.
  std::string_view LabelOf(std::string_view symbol) const;
  // The meaning of `symbol`, or nullopt when the scale lacks it.
  std::optional<RatingMeaning> MeaningOf(std::string_view symbol) const;
  // Appends `symbol` as the last level, labelled with the symbol itself.
  // REQUIRES: !Contains(symbol)
  void Append(std::string symbol);

  friend bool operator==(const RatingScale&, const RatingScale&) = default;

 private:
  std::vector<RatingLevel> levels_;
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_RATING_SCALE_H_
