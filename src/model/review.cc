#include "model/review.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace torikumi::model {
namespace {

struct StateNames {
  ReportState state;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<StateNames, 5> kStates{{
    {ReportState::kNotStarted, "not_started", "未着手"},
    {ReportState::kDraft, "draft", "下書き"},
    {ReportState::kSubmitted, "submitted", "提出済み"},
    {ReportState::kReturned, "returned", "差し戻し"},
    {ReportState::kApproved, "approved", "承認済み"},
}};

}  // namespace

std::string_view ReportStateName(ReportState state) {
  for (const auto& s : kStates) {
    if (s.state == state) return s.name;
  }
  return "not_started";
}

std::string_view ReportStateLabel(ReportState state) {
  for (const auto& s : kStates) {
    if (s.state == state) return s.label;
  }
  return "未着手";
}

std::optional<ReportState> ParseReportState(std::string_view name) {
  for (const auto& s : kStates) {
    if (s.name == name) return s.state;
  }
  return std::nullopt;
}

bool EditorMayEdit(ReportState state) {
  return state != ReportState::kSubmitted && state != ReportState::kApproved;
}

bool EditorMaySubmit(ReportState state) {
  return state == ReportState::kNotStarted || state == ReportState::kDraft ||
         state == ReportState::kReturned;
}

bool CoordinatorMayReview(ReportState state) { return state == ReportState::kSubmitted; }

bool CoordinatorMayReopen(ReportState state) { return state == ReportState::kApproved; }

std::optional<int> ReportMonthOf(const Entry& entry) {
  if (entry.months.empty()) return std::nullopt;
  return entry.months.Months().back();
}

std::vector<Entry> ReportedIn(const std::vector<Entry>& progress, int month) {
  std::vector<Entry> reported;
  for (const Entry& e : progress) {
    if (ReportMonthOf(e) == month) reported.push_back(e);
  }
  return reported;
}

std::vector<Entry> WithReported(std::vector<Entry> progress, int month,
                                const std::vector<Entry>& entries) {
  auto first = std::find_if(progress.begin(), progress.end(),
                            [&](const Entry& e) { return ReportMonthOf(e) == month; });
  std::size_t at = 0;
  if (first != progress.end()) {
    at = std::size_t(first - progress.begin());
  } else {
    at = std::size_t(std::find_if(progress.begin(), progress.end(),
                                  [&](const Entry& e) {
                                    auto m = ReportMonthOf(e);
                                    return m &&
                                           MonthSet::FiscalIndex(*m) > MonthSet::FiscalIndex(month);
                                  }) -
                     progress.begin());
  }
  std::erase_if(progress, [&](const Entry& e) { return ReportMonthOf(e) == month; });
  progress.insert(progress.begin() + std::ptrdiff_t(at), entries.begin(), entries.end());
  return progress;
}

const Note* FindNote(const Initiative& initiative, int month, std::string_view section) {
  for (const Note& n : initiative.notes) {
    if (n.month == month && n.section == section) return &n;
  }
  return nullptr;
}

std::vector<Note> WithNote(const Initiative& initiative, int month, std::string_view section,
                           std::string_view text) {
  std::vector<Note> notes = initiative.notes;
  std::erase_if(notes, [&](const Note& n) { return n.month == month && n.section == section; });
  if (!text.empty()) notes.push_back({std::string(section), month, std::string(text)});
  auto rank = [&](const Note& n) {
    auto it = std::find(initiative.co_owners.begin(), initiative.co_owners.end(), n.section);
    return std::pair(MonthSet::FiscalIndex(n.month), it - initiative.co_owners.begin());
  };
  std::stable_sort(notes.begin(), notes.end(),
                   [&](const Note& a, const Note& b) { return rank(a) < rank(b); });
  return notes;
}

std::string EncodeEntries(const std::vector<Entry>& entries) {
  std::string encoded;
  for (const Entry& e : entries) {
    encoded += std::to_string(e.months.bits()) + ':' + std::to_string(e.text.size()) + ':';
    encoded += e.text;
  }
  return encoded;
}

std::vector<Entry> DecodeEntries(std::string_view encoded) {
  std::vector<Entry> entries;
  auto number = [&](std::size_t& out) {
    auto [end, ec] = std::from_chars(encoded.data(), encoded.data() + encoded.size(), out);
    if (ec != std::errc() || end == encoded.data() + encoded.size() || *end != ':') return false;
    encoded.remove_prefix(std::size_t(end - encoded.data()) + 1);
    return true;
  };
  while (!encoded.empty()) {
    std::size_t bits = 0, length = 0;
    if (!number(bits) || !number(length) || length > encoded.size()) break;
    entries.push_back(
        {MonthSet::FromBits(std::uint16_t(bits)), std::string(encoded.substr(0, length))});
    encoded.remove_prefix(length);
  }
  return entries;
}

ApprovedContent ApprovedContentOf(const Initiative& initiative, int month,
                                  std::string_view section) {
  if (section.empty()) {
    return {EncodeEntries(ReportedIn(initiative.progress, month)), initiative.rating};
  }
  const Note* note = FindNote(initiative, month, section);
  return {note ? std::optional(note->text) : std::nullopt, std::nullopt};
}

Initiative ApprovedView(const Initiative& working, const std::vector<ReportRecord>& records) {
  Initiative view = working;
  const ReportRecord* rated = nullptr;     // the latest owner's report ever approved
  const ReportRecord* earliest = nullptr;  // the earliest owner's report
  auto later = [](const ReportRecord* a, const ReportRecord& b) {
    return !a || MonthSet::FiscalIndex(b.month) > MonthSet::FiscalIndex(a->month);
  };
  for (const ReportRecord& r : records) {
    if (r.no != working.no) continue;
    if (!r.IsNote()) {
      if (r.ever_approved && later(rated, r)) rated = &r;
      if (!earliest || later(&r, *earliest)) earliest = &r;
    }
    if (r.state == ReportState::kApproved) continue;
    if (r.IsNote()) {
      view.notes = WithNote(view, r.month, r.section, r.approved.content.value_or(""));
    } else if (r.approved.content) {
      view.progress = WithReported(view.progress, r.month, DecodeEntries(*r.approved.content));
    }
    // An owner's report without a snapshot is one begun before reports kept them (schema
    // version 4), which published its text as it stood: it still does.
  }
  const ReportRecord* source = rated ? rated : earliest;
  if (source && source->approved.rating) view.rating = *source->approved.rating;
  return view;
}

Initiative KeepingReports(const Initiative& imported, const Initiative& current,
                          const std::vector<ReportRecord>& records) {
  Initiative kept = imported;
  for (const ReportRecord& r : records) {
    if (r.no != current.no || r.state == ReportState::kNotStarted) continue;
    if (r.IsNote()) {
      const Note* note = FindNote(current, r.month, r.section);
      kept.notes = WithNote(kept, r.month, r.section, note ? std::string_view(note->text) : "");
    } else {
      kept.progress = WithReported(kept.progress, r.month, ReportedIn(current.progress, r.month));
      kept.rating = current.rating;
    }
  }
  return kept;
}

}  // namespace torikumi::model
