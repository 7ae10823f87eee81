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

OwnerReport OwnerReportOf(const Initiative& initiative, int month) {
  OwnerReport report{
      ReportedIn(initiative.progress, month), AchievementOf(initiative.achievements, month), {}};
  for (const Indicator& indicator : initiative.indicators) {
    if (const Actual* actual = ActualOf(indicator, month)) {
      report.actuals.push_back({indicator.name, actual->value, actual->note});
    }
  }
  return report;
}

Initiative WithOwnerReport(Initiative initiative, int month, const OwnerReport& report) {
  initiative.progress = WithReported(std::move(initiative.progress), month, report.entries);
  initiative.achievements = WithAchievement(std::move(initiative.achievements), month, report.rate);
  for (Indicator& indicator : initiative.indicators) {
    std::optional<Actual> actual;
    for (const ReportedActual& a : report.actuals) {
      if (a.indicator == indicator.name) actual = Actual{month, a.value, a.note};
    }
    indicator.actuals = WithActual(std::move(indicator.actuals), month, actual);
  }
  return initiative;
}

// The encoding: each entry as "BITS:LENGTH:TEXT"; then, when the report has figures, '#' and
// the rate (empty when none stated) and each actual's indicator name, value and note, each as
// "LENGTH:TEXT".
std::string EncodeOwnerReport(const OwnerReport& report) {
  std::string encoded;
  for (const Entry& e : report.entries) {
    encoded += std::to_string(e.months.bits()) + ':' + std::to_string(e.text.size()) + ':';
    encoded += e.text;
  }
  if (!report.rate && report.actuals.empty()) return encoded;
  auto field = [&encoded](std::string_view text) {
    encoded += std::to_string(text.size()) + ':';
    encoded += text;
  };
  auto number = [](double value) {
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
  };
  encoded += '#';
  field(report.rate ? number(*report.rate) : "");
  for (const ReportedActual& actual : report.actuals) {
    field(actual.indicator);
    field(number(actual.value));
    field(actual.note);
  }
  return encoded;
}

OwnerReport DecodeOwnerReport(std::string_view encoded) {
  OwnerReport report;
  auto number = [&](std::size_t& out) {
    auto [end, ec] = std::from_chars(encoded.data(), encoded.data() + encoded.size(), out);
    if (ec != std::errc() || end == encoded.data() + encoded.size() || *end != ':') return false;
    encoded.remove_prefix(std::size_t(end - encoded.data()) + 1);
    return true;
  };
  auto field = [&](std::string& out) {
    std::size_t length = 0;
    if (!number(length) || length > encoded.size()) return false;
    out = encoded.substr(0, length);
    encoded.remove_prefix(length);
    return true;
  };
  auto value = [](std::string_view text) {
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
  };
  while (!encoded.empty() && encoded.front() != '#') {
    std::size_t bits = 0;
    std::string text;
    if (!number(bits) || !field(text)) return report;
    report.entries.push_back({MonthSet::FromBits(std::uint16_t(bits)), std::move(text)});
  }
  if (encoded.empty()) return report;
  encoded.remove_prefix(1);
  std::string rate, name, amount, note;
  if (!field(rate)) return report;
  if (!rate.empty()) report.rate = value(rate);
  while (field(name) && field(amount) && field(note)) {
    report.actuals.push_back({name, value(amount), note});
  }
  return report;
}

Initiative KeepingFigures(Initiative imported, const Initiative& current) {
  imported.achievements = current.achievements;
  imported.indicators = current.indicators;
  return imported;
}

ApprovedContent ApprovedContentOf(const Initiative& initiative, int month,
                                  std::string_view section) {
  if (section.empty())
    return {EncodeOwnerReport(OwnerReportOf(initiative, month)), initiative.rating};
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
      view = WithOwnerReport(std::move(view), r.month, DecodeOwnerReport(*r.approved.content));
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
      kept = WithOwnerReport(std::move(kept), r.month, OwnerReportOf(current, r.month));
      kept.rating = current.rating;
    }
  }
  return kept;
}

}  // namespace torikumi::model
