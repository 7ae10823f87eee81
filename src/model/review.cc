#include "model/review.h"

#include <array>

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

}  // namespace torikumi::model
