// The API: the monthly cycle of reports, and publication.

#include "web/api_json.h"
#include "web/handlers.h"

namespace torikumi::web::api {
namespace {

json::array GroupsJson(const std::vector<service::RatingGroup>& groups) {
  json::array list;
  for (const auto& g : groups) {
    list.push_back(json::object{{"name", g.name},
                                {"counts", json::array(g.counts.begin(), g.counts.end())},
                                {"unrated", g.unrated}});
  }
  return list;
}

json::array SummariesJson(const std::vector<store::InitiativeSummary>& rows) {
  json::array list;
  for (const auto& row : rows) list.push_back(SummaryJson(row));
  return list;
}

}  // namespace

Result<Response> Reports(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const int month, MonthOfQuery(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto reports,
                            call.services.workspace.Reports(call.Actor(), call.year, month));
  json::array list;
  for (const auto& r : reports) list.push_back(ReportJson(r));
  return JsonOk(json::object{{"reports", list}});
}

Result<Response> Review(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(const int month, IntField(body, "month", 1, 12));
  std::vector<int> nos;
  if (const json::value* v = body.if_contains("nos"); v && v->is_array()) {
    for (const auto& n : v->as_array()) {
      if (!n.is_int64() || n.as_int64() < 1 || n.as_int64() > 1'000'000) {
        return Error::InvalidInput("nos は No. (1 から 1000000) の配列にしてください");
      }
      nos.push_back(int(n.as_int64()));
    }
  }
  TORIKUMI_RETURN_IF_ERROR(ReviewReports(call, month, nos, StringField(body, "action"),
                                         StringField(body, "comment"),
                                         StringField(body, "section")));
  return Done();
}

Result<Response> Months(Call& call) {
  auto& workspace = call.services.workspace;
  TORIKUMI_ASSIGN_OR_RETURN(auto months, workspace.ReportingMonths(call.Actor(), call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto deadlines, workspace.Deadlines(call.Actor(), call.year));
  json::object by_month;
  for (const auto& [month, deadline] : deadlines) {
    if (!deadline.empty()) by_month[std::to_string(month)] = deadline;
  }
  return JsonOk(json::object{{"months", json::array(months.begin(), months.end())},
                             {"deadlines", std::move(by_month)}});
}

Result<Response> OpenMonth(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(const int month, IntField(body, "month", 1, 12));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.OpenMonth(call.Actor(), call.year, month,
                                                             StringField(body, "deadline")));
  return Done();
}

Result<Response> SetDeadline(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(const int month, IntField(body, "month", 1, 12));
  TORIKUMI_RETURN_IF_ERROR(call.services.workspace.SetDeadline(call.Actor(), call.year, month,
                                                               StringField(body, "deadline")));
  return Done();
}

Result<Response> Publications(Call& call) {
  if (!call.SignedIn()) return PublicPublications(call);
  TORIKUMI_ASSIGN_OR_RETURN(auto publications,
                            call.services.workspace.Publications(call.Actor(), call.year));
  return JsonOk(json::object{{"publications", PublicationListJson(publications)}});
}

Result<Response> PublicPublications(Call& call) {
  // Only a year with a publication has a public history.
  TORIKUMI_RETURN_IF_ERROR(call.services.portal.Publication(call.year, std::nullopt));
  TORIKUMI_ASSIGN_OR_RETURN(auto publications, call.services.portal.Publications(call.year));
  return JsonOk(json::object{{"publications", PublicationListJson(publications)}});
}

Result<Response> Publish(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(
      auto published,
      call.services.workspace.Publish(call.Actor(), call.year, StringField(body, "published_on")));
  return JsonOk(PublicationJson(published), 201);
}

Result<Response> WithdrawPublication(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto body, Body(call));
  TORIKUMI_ASSIGN_OR_RETURN(
      auto withdrawn, call.services.workspace.WithdrawPublication(call.Actor(), call.year, call.id,
                                                                  StringField(body, "reason")));
  return JsonOk(PublicationJson(withdrawn));
}

Result<Response> Dashboard(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const int month, MonthOfQuery(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto d,
                            call.services.workspace.MonthDashboard(call.Actor(), call.year, month));
  json::object completeness;
  for (const auto& [state, count] : d.completeness) {
    completeness[model::ReportStateName(state)] = count;
  }
  return JsonOk(json::object{{"month", d.month},
                             {"scale", LevelsJson(d.scale)},
                             {"by_goal", GroupsJson(d.by_goal)},
                             {"by_policy", GroupsJson(d.by_policy)},
                             {"by_department", GroupsJson(d.by_department)},
                             {"completeness", completeness},
                             {"behind", SummariesJson(d.behind)},
                             {"plan_without_progress", SummariesJson(d.plan_without_progress)}});
}

Result<Response> Board(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const int month, MonthOfQuery(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto board,
                            call.services.workspace.ReportingBoard(call.Actor(), call.year, month));
  json::array sections;
  for (const auto& section : board.sections) {
    json::array reports;
    for (std::size_t k = 0; k < section.reports.size(); ++k) {
      json::object r = ReportJson(section.reports[k]);
      r["title"] = section.initiatives[k].title;
      reports.push_back(std::move(r));
    }
    sections.push_back(json::object{{"department", section.department},
                                    {"section", section.section},
                                    {"reported", section.reported},
                                    {"reports", reports}});
  }
  return JsonOk(json::object{{"month", board.month}, {"open", board.open}, {"sections", sections}});
}

}  // namespace torikumi::web::api
