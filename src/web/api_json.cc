#include "web/api_json.h"

#include "sheet/json_document.h"
#include "text/entries.h"

namespace torikumi::web::api {

Response JsonOk(const json::value& value, int status) {
  return Response::Json(status, json::serialize(value));
}

Response Done() { return JsonOk(json::object{{"ok", true}}); }

json::object SummaryJson(const store::InitiativeSummary& s) {
  json::object o{{"no", s.no},
                 {"department", s.department},
                 {"section", s.section},
                 {"goal", text::FormatNumberedTitle(s.goal)},
                 {"policy", text::FormatNumberedTitle(s.policy)},
                 {"title", s.title},
                 {"rating", s.rating}};
  if (s.ending) o["ending"] = model::EndingKindName(*s.ending);
  if (s.latest_progress) {
    const auto months = s.latest_progress->months.Months();
    o["latest_progress"] = json::object{{"months", json::array(months.begin(), months.end())},
                                        {"text", s.latest_progress->text}};
  } else {
    o["latest_progress"] = nullptr;
  }
  return o;
}

json::object AuditJson(const store::AuditRecord& r) {
  return {{"at", r.at},         {"user", r.user},     {"action", r.action},
          {"object", r.object}, {"before", r.before}, {"after", r.after}};
}

json::array AuditListJson(const std::vector<store::AuditRecord>& records) {
  json::array list;
  for (const auto& r : records) list.push_back(AuditJson(r));
  return list;
}

json::object ReportJson(const model::MonthReport& r) {
  return {{"no", r.no},
          {"month", r.month},
          {"section", r.section},
          {"state", model::ReportStateName(r.state)},
          {"comment", r.comment},
          {"updated_at", r.updated_at},
          {"updated_by", r.updated_by},
          {"approved_at", r.approved_at},
          {"approved_by", r.approved_by}};
}

json::object PublicationJson(const store::PublicationRecord& p) {
  return {{"id", p.id},
          {"fiscal_year", p.year},
          {"published_on", p.published_on},
          {"published_at", p.published_at},
          {"published_by", p.published_by},
          {"withdrawn_at", p.withdrawn_at},
          {"withdrawn_by", p.withdrawn_by},
          {"withdrawn_reason", p.withdrawn_reason}};
}

json::array PublicationListJson(const std::vector<store::PublicationRecord>& publications) {
  json::array list;
  for (const auto& p : publications) list.push_back(PublicationJson(p));
  return list;
}

json::object UserJson(const model::User& u) {
  json::object year_sections;
  for (const auto& [year, sections] : u.year_sections) {
    year_sections[std::to_string(year)] = json::array(sections.begin(), sections.end());
  }
  return {{"login", u.login},
          {"display_name", u.display_name},
          {"role", model::RoleName(u.role)},
          {"sections", json::array(u.sections.begin(), u.sections.end())},
          {"year_sections", year_sections},
          {"disabled", u.disabled}};
}

json::array LevelsJson(const model::RatingScale& scale) {
  json::array levels;
  for (const auto& level : scale.levels()) {
    levels.push_back(json::object{{"symbol", level.symbol},
                                  {"label", level.label},
                                  {"meaning", model::RatingMeaningName(level.meaning)}});
  }
  return levels;
}

Result<json::object> Body(const Call& call) {
  if (call.request.body.size() > 1024 * 1024) return Error::InvalidInput("本文が大きすぎます");
  TORIKUMI_ASSIGN_OR_RETURN(json::value value, sheet::ParseJsonDocument(call.request.body));
  if (!value.is_object()) return Error::InvalidInput("本文は JSON のオブジェクトにしてください");
  return std::move(value.as_object());
}

Result<std::int64_t> IntField(const json::object& o, std::string_view key, std::int64_t min,
                              std::int64_t max) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->as_int64() < min || v->as_int64() > max) {
    return Error::InvalidInput("「" + std::string(key) + "」に " + std::to_string(min) + " から " +
                               std::to_string(max) + " の整数を指定してください");
  }
  return v->as_int64();
}

std::string StringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

Result<int> MonthOfQuery(const Call& call) {
  const auto month = ParseNumber(call.Query("month"), 1, 12);
  if (!month) return Error::InvalidInput("month (1〜12) を指定してください");
  return *month;
}

}  // namespace torikumi::web::api
