// The staff workspace: the monthly cycle of reports, and publication.

#include <algorithm>

#include "text/era.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

// Only paths of this site are followed after a form, never another origin: `path` when it is
// a path of this site: printable ASCII with no backslash, starting with one
// slash. Browsers drop tabs and line breaks from a URL, so "/\t/evil.example" would lead
// off-site as "//evil.example".
std::string SafeReturn(const std::string& path, const std::string& fallback) {
  const bool printable = std::all_of(path.begin(), path.end(),
                                     [](char c) { return c > ' ' && c < 0x7f && c != '\\'; });
  if (printable && path.starts_with("/") && !path.starts_with("//")) return path;
  return fallback;
}

std::string BoardPath(int year, int month) {
  return StaffYearBase(year) + "board?month=" + std::to_string(month);
}

}  // namespace

Result<Response> Review(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
  std::vector<int> nos;
  for (const auto& value : call.FormAll("no")) {
    if (auto no = ParseNumber(value, 1, 1'000'000)) nos.push_back(*no);
  }
  TORIKUMI_RETURN_IF_ERROR(ReviewReports(call, report.month, nos, call.Form("action"),
                                         call.Form("comment"), call.Form("section")));
  return Response::SeeOther(SafeReturn(call.Form("return_to"), BoardPath(call.year, report.month)));
}

Result<Response> Board(Call& call) {
  return KeptStaffPage(call, [&]() -> Result<Response> {
    TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
    TORIKUMI_ASSIGN_OR_RETURN(
        auto board, call.services.workspace.ReportingBoard(call.Actor(), call.year, report.month));
    return Page(RenderBoard(*call.staff, board, report.open));
  });
}

Result<Response> OpenMonth(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.OpenMonth(call.Actor(), call.year, report.month,
                                                             call.Form("deadline")));
  return Response::SeeOther(BoardPath(call.year, report.month));
}

Result<Response> SetDeadline(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.SetDeadline(
      call.Actor(), call.year, report.month, call.Form("deadline")));
  return Response::SeeOther(BoardPath(call.year, report.month));
}

Result<Response> Dashboard(Call& call) {
  return KeptStaffPage(call, [&]() -> Result<Response> {
    TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
    TORIKUMI_ASSIGN_OR_RETURN(auto dashboard, call.services.workspace.MonthDashboard(
                                                  call.Actor(), call.year, report.month));
    return Page(RenderDashboard(*call.staff, dashboard));
  });
}

Result<Response> Publications(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto publications, workspace.Publications(actor, call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto left_out, workspace.LeftOutOfPublication(actor, call.year));
  return Page(RenderPublications(*call.staff, publications, left_out, text::TodayInJapan()));
}

Result<Response> Publish(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(
      call.services.workspace.Publish(call.Actor(), call.year, call.Form("published_on")));
  return Response::SeeOther(StaffYearBase(call.year) + "publications");
}

Result<Response> WithdrawPublication(Call& call) {
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.WithdrawPublication(
      call.Actor(), call.year, call.id, call.Form("reason")));
  return Response::SeeOther(StaffYearBase(call.year) + "publications");
}

}  // namespace torikumi::web::staff
