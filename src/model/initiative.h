#ifndef TORIKUMI_MODEL_INITIATIVE_H_
#define TORIKUMI_MODEL_INITIATIVE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/indicator.h"
#include "model/month_set.h"
#include "model/municipality.h"
#include "model/rating_scale.h"

namespace torikumi::model {

// A numbered element of the 総合計画: a goal (分野別目標) or a policy (施策), written on the
// sheet as "5.変革の歩みを止めない川西の実現".
struct NumberedTitle {
  std::optional<int> number;
  std::string title;

  bool empty() const { return !number && title.empty(); }
  friend bool operator==(const NumberedTitle&, const NumberedTitle&) = default;
};

// A period goal (年度目標の期間目標): the months it covers, the cumulative target achievement
// rate (全体達成率, percent) to reach by their end, and what is to be achieved.
struct PeriodGoal {
  MonthSet months;
  std::optional<double> target_rate;
  std::string text;

  friend bool operator==(const PeriodGoal&, const PeriodGoal&) = default;
};

// A target rate is a percentage from 0 to 100 with at most two decimals (33.33): what a
// sheet writes, and what every format carries without rounding.
bool IsValidTargetRate(double rate);

// One paragraph-group of the plan (年度計画) or of the progress (進捗状況及び課題): the
// months it speaks of (empty when the text names none) and plain text, paragraphs joined
// by '\n'.
struct Entry {
  MonthSet months;
  std::string text;

  friend bool operator==(const Entry&, const Entry&) = default;
};

// A co-owning section's note (共同所管課の追記) on one month of an initiative: a record of that
// section's own, kept, shown and exported beside the owner section's progress and never part
// of it. At most one per month and section.
struct Note {
  std::string section;
  int month = 0;  // calendar month 1..12
  std::string text;

  friend bool operator==(const Note&, const Note&) = default;
};

// How a published initiative ended: 終了 (its work is done) or 廃止 (it was stopped), and
// why. It stays on the sheet and in every later publication, marked as such, and is no
// longer asked for monthly reports.
struct Ending {
  enum class Kind { kCompleted, kAbolished };
  Kind kind = Kind::kCompleted;
  std::string reason;

  friend bool operator==(const Ending&, const Ending&) = default;
};
// "終了" or "廃止": how sheets, pages and the canonical JSON write the kind.
std::string_view EndingKindName(Ending::Kind kind);
// The kind named "終了" or "廃止"; nullopt for anything else.
std::optional<Ending::Kind> EndingKindNamed(std::string_view name);

// One initiative (取組) of a fiscal year's sheet, identified by its number (No.) within the
// year. The owner section (所管課) belongs to `department`; `co_owners` (共同所管) are section
// names as the sheet writes them.
struct Initiative {
  int no = 0;
  std::string department;
  std::string section;
  NumberedTitle goal;
  NumberedTitle policy;
  std::string project;
  std::string subproject;
  std::string title;
  std::string overview;
  std::vector<PeriodGoal> period_goals;
  std::vector<Entry> plan;
  std::string rating;           // 進捗度, a symbol of the year's RatingScale or ""
  std::vector<Entry> progress;  // the owner section's
  std::vector<std::string> co_owners;
  std::vector<Note> notes;                // in fiscal month order, then co-owner order
  std::optional<Ending> ending;           // none while the initiative goes on
  std::vector<Achievement> achievements;  // stated with the owner's reports, in fiscal order
  std::vector<Indicator> indicators;

  // Content equality: what an import compares to decide whether a row changed.
  friend bool operator==(const Initiative&, const Initiative&) = default;
};

// A whole fiscal year's process sheet (取組実施プロセスシート).
struct Sheet {
  int fiscal_year = 0;  // the western year in which the fiscal year starts: 2025 = 令和7年度
  Municipality municipality;  // whose sheet, as documents name it; not kept with the sheet
  RatingScale rating_scale;
  std::vector<Initiative> initiatives;  // ordered by no
  // Whether the file the sheet was read from carries indicators and achievements (the
  // canonical JSON, the XLSX with its 指標 worksheet): an import of one that does not (the
  // 14-column TSV and CSV) keeps the ones the workspace has.
  bool carries_figures = false;
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_INITIATIVE_H_
