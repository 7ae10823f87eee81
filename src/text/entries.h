#ifndef TORIKUMI_TEXT_ENTRIES_H_
#define TORIKUMI_TEXT_ENTRIES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/initiative.h"

namespace torikumi::text {

// Readers for the structured cells of a sheet. Each takes the paragraphs of a cell (see
// CellParagraphs) and never fails: text that follows no known pattern is kept whole.

// Period goals (年度目標): a paragraph "【4月～10月の目標】(全体達成率:70%) text" starts a
// goal; the rate may be missing or written with full-width characters; a paragraph with no
// bracket continues the goal before it (or is its text, when the bracket stood alone).
std::vector<model::PeriodGoal> ParsePeriodGoals(const std::vector<std::string>& paragraphs);

// Plan (年度計画) and progress (進捗状況及び課題) entries: a paragraph "4～6月:text" starts
// an entry; one with no month prefix continues the entry before it, or, with none before
// it, is an entry of its own with no months (随時：… keeps its whole text).
std::vector<model::Entry> ParseEntries(const std::vector<std::string>& paragraphs);

// A progress cell (進捗状況及び課題): the owner section's entries, then the co-owning sections'
// notes, each written "4月:【企画政策課】text". An entry of one month whose text begins with
// 【name】 of one of `co_owners` is that section's note on the month; two of one month and
// section are one note.
struct ProgressCell {
  std::vector<model::Entry> progress;
  std::vector<model::Note> notes;

  friend bool operator==(const ProgressCell&, const ProgressCell&) = default;
};
ProgressCell ParseProgressCell(const std::vector<std::string>& paragraphs,
                               const std::vector<std::string>& co_owners);
std::vector<std::string> FormatProgressCell(const std::vector<model::Entry>& progress,
                                            const std::vector<model::Note>& notes);

// A 進捗度 cell: the rating symbol and, for an ended initiative, a paragraph "【終了】reason"
// (or 【廃止】) after it, whose reason the further paragraphs continue.
struct RatingCell {
  std::string rating;
  std::optional<model::Ending> ending;

  friend bool operator==(const RatingCell&, const RatingCell&) = default;
};
RatingCell ParseRatingCell(const std::vector<std::string>& paragraphs);
std::vector<std::string> FormatRatingCell(std::string_view rating,
                                          const std::optional<model::Ending>& ending);
// "【終了】reason": how an ending is written on sheets and documents.
std::string FormatEnding(const model::Ending& ending);

// "5.変革の歩みを止めない川西の実現" → {5, "変革の歩みを止めない川西の実現"}; digits may be
// full-width and the mark "." "．" or "、"; a cell with no leading number is all title.
model::NumberedTitle ParseNumberedTitle(std::string_view cell_text);

// Co-owner sections (共同所管), separated by spaces, full-width spaces, 、 , ，, / or line
// breaks; "文化・観光・スポーツ課" stays whole.
std::vector<std::string> SplitCoOwners(const std::vector<std::string>& paragraphs);

// Numbers as runs a person reads, "1〜120、125、130〜131", the first `most_runs` runs and
// then how many numbers are left, "… ほか 42 件", so that twenty thousand Nos. stay a line.
std::string FormatNumberRuns(std::vector<int> numbers, std::size_t most_runs = 12);

// How a twelve-month table shows an entry in one of its months: whole in the first month it
// covers, headed by its months when it covers several, and as a pointer back in the later
// ones, so that text written once for 4～6月 is read once.
struct MonthMention {
  const model::Entry* entry;
  std::string months;  // "4～6月" when the entry covers several months, else ""
  bool continued;      // a later month of the entry
};
std::vector<MonthMention> MentionsInMonth(const std::vector<model::Entry>& entries, int month);
// "（4～6月の記載の続き）": what a continued mention shows.
std::string ContinuedNote(const model::Entry& entry);

// The inverse writers, as the sheet's own notation, one paragraph per goal or entry.
std::vector<std::string> FormatPeriodGoals(const std::vector<model::PeriodGoal>& goals);
std::vector<std::string> FormatEntries(const std::vector<model::Entry>& entries);
std::string FormatNumberedTitle(const model::NumberedTitle& title);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_ENTRIES_H_
