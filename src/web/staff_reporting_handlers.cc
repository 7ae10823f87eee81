// The staff workspace: the monthly cycle of reports, and publication.

#include "text/era.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

// Only paths of this site are followed after a form, never another origin.
std::string SafeReturn(const std::string& path, const std::string& fallback) {
  if (path.starts_with("/") && !path.starts_with("//") && path.find('\\') == std::string::npos &&
      path.find('\r') == std::string::npos && path.find('\n') == std::string::npos) {
    return path;
  }
  return fallback;
}

std::string BoardPath(int year, int month) {
  return StaffYearBase(year) + "board?month=" + std::to_string(month);
}

}  // namespace

Result<Response> Review(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto open, workspace.ReportingMonths(actor, call.year));
  const int month = call.Month(open);
  std::vector<int> nos;
  for (const auto& value : call.FormAll("no")) {
    if (auto no = ParseNumber(value, 1, 1'000'000)) nos.push_back(*no);
  }
  const std::string action = call.Form("action");
  const std::string section = call.Form("section");
  if (action == "submit") {
    TORIKUMI_RETURN_IF_ERROR(workspace.Submit(actor, call.year, month, nos));
  } else if (action == "approve") {
    TORIKUMI_RETURN_IF_ERROR(workspace.Approve(actor, call.year, month, nos, section));
  } else if (action == "return") {
    TORIKUMI_RETURN_IF_ERROR(
        workspace.Return(actor, call.year, month, nos, call.Form("comment"), section));
  } else {
    return Error::InvalidInput("操作が指定されていません");
  }
  return Response::SeeOther(SafeReturn(call.Form("return_to"), BoardPath(call.year, month)));
}

Result<Response> Board(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto open, workspace.ReportingMonths(actor, call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto board,
                            workspace.ReportingBoard(actor, call.year, call.Month(open)));
  return Page(RenderBoard(*call.staff, board, open));
}

Result<Response> OpenMonth(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto open, workspace.ReportingMonths(actor, call.year));
  const int month = call.Month(open);
  TORIKUMI_RETURN_IF_ERROR(workspace.OpenMonth(actor, call.year, month));
  return Response::SeeOther(BoardPath(call.year, month));
}

Result<Response> Dashboard(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto open, workspace.ReportingMonths(actor, call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto dashboard,
                            workspace.MonthDashboard(actor, call.year, call.Month(open)));
  return Page(RenderDashboard(*call.staff, dashboard));
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

}  // namespace torikumi::web::staff
