#include "text/entries.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "model/review.h"
#include "text/cell.h"
#include "text/month_set_parser.h"
#include "text/number.h"
#include "text/scanner.h"
#include "text/utf8.h"

namespace torikumi::text {
namespace {

using model::Entry;
using model::MonthSet;
using model::PeriodGoal;

constexpr std::array<std::string_view, 2> kOpenBrackets{"【", "["};
constexpr std::array<std::string_view, 2> kCloseBrackets{"】", "]"};
constexpr std::array<std::string_view, 3> kGoalWords{"の目標", "目標", "の到達目標"};
constexpr std::array<std::string_view, 2> kOpenParens{"(", "（"};
constexpr std::array<std::string_view, 2> kCloseParens{")", "）"};
constexpr std::array<std::string_view, 2> kColons{":", "："};
constexpr std::array<std::string_view, 2> kPercents{"%", "％"};

// The "(全体達成率:70%)" after a goal's bracket; nullopt, with the cursor unmoved, when absent.
std::optional<double> ReadTargetRate(Scanner& in) {
  Scanner probe = in;
  probe.SkipSpaces();
  if (!probe.ConsumeAny(kOpenParens)) return std::nullopt;
  probe.SkipSpaces();
  if (!probe.Consume("全体達成率") && !probe.Consume("達成率")) return std::nullopt;
  probe.SkipSpaces();
  probe.ConsumeAny(kColons);
  probe.SkipSpaces();
  auto number = probe.Decimal();
  if (!number) return std::nullopt;
  probe.SkipSpaces();
  probe.ConsumeAny(kPercents);
  probe.SkipSpaces();
  if (!probe.ConsumeAny(kCloseParens)) return std::nullopt;
  double rate = 0;
  std::from_chars(number->data(), number->data() + number->size(), rate);
  // Any other number is part of the goal's text, kept as written.
  if (!model::IsValidTargetRate(rate)) return std::nullopt;
  in = probe;
  return rate;
}

// A goal heading "【…の目標】(全体達成率:…)" at the start of `paragraph`: the goal, with the
// text after the heading.
std::optional<PeriodGoal> ReadGoalHeading(std::string_view paragraph) {
  Scanner in(paragraph);
  if (!in.ConsumeAny(kOpenBrackets)) return std::nullopt;
  in.SkipSpaces();
  auto match = MatchMonthSet(in.rest());
  if (!match) return std::nullopt;
  in.Advance(match->length);
  in.SkipSpaces();
  in.ConsumeAny(kGoalWords);
  in.SkipSpaces();
  if (!in.ConsumeAny(kCloseBrackets)) return std::nullopt;
  PeriodGoal goal;
  goal.months = match->months;
  goal.target_rate = ReadTargetRate(in);
  goal.text = std::string(Trim(in.rest()));
  return goal;
}

void AppendParagraph(std::string& text, std::string_view paragraph) {
  if (!text.empty()) text += '\n';
  text += paragraph;
}

}  // namespace

std::vector<PeriodGoal> ParsePeriodGoals(const std::vector<std::string>& paragraphs) {
  std::vector<PeriodGoal> goals;
  for (const std::string& paragraph : paragraphs) {
    if (auto goal = ReadGoalHeading(paragraph)) {
      goals.push_back(std::move(*goal));
    } else if (!goals.empty()) {
      AppendParagraph(goals.back().text, paragraph);
    } else {
      goals.push_back({MonthSet(), std::nullopt, paragraph});
    }
  }
  return goals;
}

std::vector<Entry> ParseEntries(const std::vector<std::string>& paragraphs) {
  std::vector<Entry> entries;
  for (const std::string& paragraph : paragraphs) {
    Scanner in(paragraph);
    if (auto match = MatchMonthSet(paragraph)) {
      in.Advance(match->length);
      in.SkipSpaces();
      if (in.ConsumeAny(kColons)) {
        entries.push_back({match->months, std::string(Trim(in.rest()))});
        continue;
      }
    }
    if (!entries.empty()) {
      AppendParagraph(entries.back().text, paragraph);
    } else {
      entries.push_back({MonthSet(), paragraph});
    }
  }
  return entries;
}

ProgressCell ParseProgressCell(const std::vector<std::string>& paragraphs,
                               const std::vector<std::string>& co_owners) {
  ProgressCell cell;
  model::Initiative notes_of;  // WithNote keeps its notes in order
  notes_of.co_owners = co_owners;
  for (Entry& entry : ParseEntries(paragraphs)) {
    const std::vector<int> months = entry.months.Months();
    const std::string* section = nullptr;
    if (months.size() == 1) {
      for (const std::string& name : co_owners) {
        if (entry.text.starts_with("【" + name + "】")) section = &name;
      }
    }
    if (!section) {
      cell.progress.push_back(std::move(entry));
      continue;
    }
    std::string text = entry.text.substr(section->size() + std::string_view("【】").size());
    if (const model::Note* earlier = model::FindNote(notes_of, months[0], *section)) {
      text.insert(0, "\n");
      text.insert(0, earlier->text);
    }
    notes_of.notes = model::WithNote(notes_of, months[0], *section, text);
  }
  cell.notes = std::move(notes_of.notes);
  return cell;
}

std::vector<std::string> FormatProgressCell(const std::vector<model::Entry>& progress,
                                            const std::vector<model::Note>& notes) {
  std::vector<Entry> entries = progress;
  for (const model::Note& n : notes) {
    entries.push_back({MonthSet::Of({n.month}), "【" + n.section + "】" + n.text});
  }
  return FormatEntries(entries);
}

RatingCell ParseRatingCell(const std::vector<std::string>& paragraphs) {
  RatingCell cell;
  std::vector<std::string> rating;
  for (const std::string& paragraph : paragraphs) {
    if (cell.ending) {
      cell.ending->reason += (cell.ending->reason.empty() ? "" : "\n") + paragraph;
      continue;
    }
    for (auto kind : {model::Ending::Kind::kCompleted, model::Ending::Kind::kAbolished}) {
      const std::string mark = "【" + std::string(model::EndingKindName(kind)) + "】";
      if (paragraph.starts_with(mark)) {
        cell.ending = model::Ending{kind, std::string(Trim(paragraph.substr(mark.size())))};
      }
    }
    if (!cell.ending) rating.push_back(paragraph);
  }
  cell.rating = JoinLines(rating);
  return cell;
}

std::string FormatEnding(const model::Ending& ending) {
  return "【" + std::string(model::EndingKindName(ending.kind)) + "】" + ending.reason;
}

std::vector<std::string> FormatRatingCell(std::string_view rating,
                                          const std::optional<model::Ending>& ending) {
  std::vector<std::string> paragraphs = SplitLines(rating);
  if (ending) {
    for (std::string& line : SplitLines(FormatEnding(*ending))) paragraphs.push_back(line);
  }
  return paragraphs;
}

model::NumberedTitle ParseNumberedTitle(std::string_view cell_text) {
  static constexpr std::array<std::string_view, 4> kMarks{".", "．", "、", "。"};
  const std::string_view text = Trim(cell_text);
  Scanner in(text);
  if (auto number = in.Decimal(); number && number->find('.') == std::string::npos &&
                                  number->size() <= 4 && in.ConsumeAny(kMarks)) {
    return {std::stoi(*number), std::string(Trim(in.rest()))};
  }
  return {std::nullopt, std::string(text)};
}

std::vector<std::string> SplitCoOwners(const std::vector<std::string>& paragraphs) {
  static constexpr std::array<char32_t, 8> kSeparators{' ', '\t',   0x3000, 0x3001,
                                                       ',', 0xff0c, '/',    0xff0f};
  std::vector<std::string> names;
  for (const std::string& paragraph : paragraphs) {
    std::string current;
    std::size_t pos = 0;
    while (pos < paragraph.size()) {
      const std::size_t start = pos;
      const char32_t c = NextCodePoint(paragraph, pos);
      if (std::find(kSeparators.begin(), kSeparators.end(), c) == kSeparators.end()) {
        current.append(paragraph, start, pos - start);
      } else if (!current.empty()) {
        names.push_back(std::move(current));
        current.clear();
      }
    }
    if (!current.empty()) names.push_back(std::move(current));
  }
  return names;
}

std::vector<std::string> FormatPeriodGoals(const std::vector<PeriodGoal>& goals) {
  std::vector<std::string> paragraphs;
  for (const PeriodGoal& goal : goals) {
    std::string paragraph;
    if (!goal.months.empty()) {
      paragraph = "【" + goal.months.ToJapanese() + "の目標】";
      if (goal.target_rate) paragraph += "(全体達成率:" + FormatNumber(*goal.target_rate) + "%)";
    }
    // Each line of the text is its own paragraph; the first follows the heading.
    const std::string_view text = goal.text;
    std::size_t end = std::min(text.find('\n'), text.size());
    if (!paragraph.empty() && end > 0) paragraph += ' ';
    paragraph += text.substr(0, end);
    paragraphs.push_back(std::move(paragraph));
    while (end < text.size()) {
      const std::size_t start = end + 1;
      end = std::min(text.find('\n', start), text.size());
      paragraphs.emplace_back(text.substr(start, end - start));
    }
  }
  return paragraphs;
}

std::vector<std::string> FormatEntries(const std::vector<Entry>& entries) {
  std::vector<std::string> paragraphs;
  for (const Entry& entry : entries) {
    std::size_t start = 0;
    bool first = true;
    while (start <= entry.text.size()) {
      std::size_t end = entry.text.find('\n', start);
      if (end == std::string::npos) end = entry.text.size();
      std::string paragraph = first && !entry.months.empty() ? entry.months.ToJapanese() + ":" : "";
      paragraph.append(entry.text, start, end - start);
      paragraphs.push_back(std::move(paragraph));
      first = false;
      start = end + 1;
    }
  }
  return paragraphs;
}

std::string FormatNumberedTitle(const model::NumberedTitle& title) {
  if (!title.number) return title.title;
  return std::to_string(*title.number) + "." + title.title;
}

std::vector<MonthMention> MentionsInMonth(const std::vector<Entry>& entries, int month) {
  std::vector<MonthMention> mentions;
  for (const Entry& entry : entries) {
    if (!entry.months.Contains(month)) continue;
    const std::vector<int> months = entry.months.Months();
    if (months.size() == 1) {
      mentions.push_back({&entry, "", false});
    } else {
      mentions.push_back({&entry, entry.months.ToJapanese(), months.front() != month});
    }
  }
  return mentions;
}

std::string ContinuedNote(const Entry& entry) {
  return "（" + entry.months.ToJapanese() + "の記載の続き）";
}

std::string FormatNumberRuns(std::vector<int> numbers, std::size_t most_runs) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string out;
  std::size_t runs = 0;
  for (std::size_t k = 0; k < numbers.size();) {
    std::size_t end = k + 1;
    while (end < numbers.size() && numbers[end] == numbers[end - 1] + 1) ++end;
    if (runs == most_runs) {
      return out + " ほか " + std::to_string(numbers.size() - k) + " 件";
    }
    out += (out.empty() ? "" : "、") + std::to_string(numbers[k]);
    if (end - k > 1) out += "〜" + std::to_string(numbers[end - 1]);
    ++runs;
    k = end;
  }
  return out;
}

}  // namespace torikumi::text
