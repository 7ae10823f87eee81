// The JSON API, /api/v1/: what the pages do, under the same rules. Staff authenticate with
// a bearer token (issued by an administrator) or the session cookie plus an X-CSRF-Token
// header for changes; without either, only publications can be read.

#include <boost/json.hpp>
#include <cstdint>

#include "sheet/json.h"
#include "text/entries.h"
#include "web/routing.h"

namespace torikumi::web {
namespace {

namespace json = boost::json;

std::string_view CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidInput:
      return "invalid_input";
    case Error::Code::kNotFound:
      return "not_found";
    case Error::Code::kConflict:
      return "conflict";
    case Error::Code::kForbidden:
      return "forbidden";
    case Error::Code::kIo:
      return "internal";
  }
  return "internal";
}

Response JsonError(const Error& error) {
  const int status = HttpStatusOf(error);
  json::object body{{"error", json::object{{"code", CodeName(error.code())},
                                           {"message", status >= 500 ? "サーバーで問題が起きました"
                                                                     : error.message()}}}};
  return Response::Json(status, json::serialize(body));
}

Response JsonOk(const json::value& value, int status = 200) {
  return Response::Json(status, json::serialize(value));
}

json::array MonthsOf(model::MonthSet months) {
  json::array a;
  for (int m : months.Months()) a.push_back(m);
  return a;
}

json::object SummaryJson(const store::InitiativeSummary& s) {
  json::object o{{"no", s.no},
                 {"department", s.department},
                 {"section", s.section},
                 {"goal", text::FormatNumberedTitle(s.goal)},
                 {"policy", text::FormatNumberedTitle(s.policy)},
                 {"title", s.title},
                 {"rating", s.rating}};
  if (s.latest_progress) {
    o["latest_progress"] = json::object{{"months", MonthsOf(s.latest_progress->months)},
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
          {"published_by", p.published_by}};
}

Result<json::object> Body(const Call& call) {
  if (call.request.body.size() > 1024 * 1024) return Error::InvalidInput("本文が大きすぎます");
  boost::system::error_code ec;
  json::value value = json::parse(call.request.body, ec);
  if (ec || !value.is_object())
    return Error::InvalidInput("本文は JSON のオブジェクトにしてください");
  return std::move(value.as_object());
}

Result<std::int64_t> IntField(const json::object& o, std::string_view key, std::int64_t min = 1,
                              std::int64_t max = INT32_MAX) {
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

store::InitiativeFilter FilterOf(const Call& call) {
  return {call.Query("department"), call.Query("section"), call.Query("goal"),
          call.Query("policy"),     call.Query("rating"),  call.Query("q")};
}

// /api/v1/years/YEAR/… for anyone: the latest publication.
Response PublicYear(Services& services, const Call& call, int year,
                    const std::vector<std::string>& rest) {
  if (!call.IsGet()) return JsonError(Error::Forbidden("ログインまたはトークンが必要です"));
  auto publication = services.portal.Publication(year, std::nullopt);
  if (!publication) return JsonError(publication.error());
  if (rest.size() == 1 && rest[0] == "sheet") {
    auto sheet = services.portal.Sheet(*publication);
    if (!sheet) return JsonError(sheet.error());
    return Response::Json(200, sheet::WriteSheetJson(*sheet));
  }
  if (rest.size() == 1 && rest[0] == "initiatives") {
    auto list = services.portal.List(*publication, FilterOf(call));
    if (!list) return JsonError(list.error());
    json::array rows;
    for (const auto& row : list->rows) rows.push_back(SummaryJson(row));
    return JsonOk(
        json::object{{"publication", PublicationJson(*publication)}, {"initiatives", rows}});
  }
  if (rest.size() == 2 && rest[0] == "initiatives") {
    const auto no = ParseNumber(rest[1], 1, 1'000'000);
    if (!no) return JsonError(Error::NotFound("取組がありません"));
    auto initiative = services.portal.Initiative(*publication, *no);
    if (!initiative) return JsonError(initiative.error());
    return Response::Json(200,
                          "{\"publication\": " + json::serialize(PublicationJson(*publication)) +
                              ", \"initiative\": " + sheet::WriteInitiativeJson(*initiative) + "}");
  }
  if (rest.size() == 1 && rest[0] == "publications") {
    auto publications = services.portal.Publications(year);
    if (!publications) return JsonError(publications.error());
    json::array list;
    for (const auto& p : *publications) list.push_back(PublicationJson(p));
    return JsonOk(json::object{{"publications", list}});
  }
  // The route table let the path through, so it exists: it is one for staff.
  return JsonError(Error::Forbidden("ログインまたはトークンが必要です"));
}

// /api/v1/years/YEAR/… for staff: the working sheet.
Response StaffYear(Services& services, const Call& call, int year,
                   const std::vector<std::string>& rest) {
  const service::Actor actor = call.Actor();
  auto& workspace = services.workspace;
  auto month_of = [&]() -> std::optional<int> { return ParseNumber(call.Query("month"), 1, 12); };
  if (rest.size() == 1 && rest[0] == "sheet" && call.IsGet()) {
    auto initiatives = workspace.List(actor, year, {});
    if (!initiatives) return JsonError(initiatives.error());
    auto export_json =
        services.sheets.Export(year, {service::SheetFormat::kJson, text::Encoding::kUtf8});
    if (!export_json) return JsonError(export_json.error());
    return Response::Json(200, export_json->bytes);
  }
  if (rest.size() == 1 && rest[0] == "initiatives" && call.IsGet()) {
    auto list = workspace.List(actor, year, FilterOf(call));
    if (!list) return JsonError(list.error());
    json::array rows;
    for (const auto& row : list->rows) rows.push_back(SummaryJson(row));
    return JsonOk(json::object{{"initiatives", rows}});
  }
  if (rest.size() >= 2 && rest[0] == "initiatives") {
    const auto no = ParseNumber(rest[1], 1, 1'000'000);
    if (!no) return JsonError(Error::NotFound("取組がありません"));
    auto stored_json = [&](const store::StoredInitiative& s, int status) {
      const auto may = workspace.PermissionsFor(actor, year, s.initiative);
      json::object permissions{{"edit", may.edit},
                               {"add_progress", may.add_progress},
                               {"submit", may.submit},
                               {"review", may.review},
                               {"note_section", may.note_section}};
      return Response::Json(
          status, "{\"version\": " + std::to_string(s.version) +
                      ", \"updated_at\": " + json::serialize(json::value(s.updated_at)) +
                      ", \"permissions\": " + json::serialize(permissions) +
                      ", \"initiative\": " + sheet::WriteInitiativeJson(s.initiative) + "}");
    };
    if (rest.size() == 2 && call.IsGet()) {
      auto stored = workspace.Initiative(actor, year, *no);
      if (!stored) return JsonError(stored.error());
      return stored_json(*stored, 200);
    }
    if (rest.size() == 2 && call.request.method == "PUT") {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      auto version = IntField(*body, "version", 1, INT64_MAX);
      if (!version) return JsonError(version.error());
      const json::value* initiative = body->if_contains("initiative");
      if (!initiative || !initiative->is_object())
        return JsonError(Error::InvalidInput("「initiative」を指定してください"));
      auto edited = sheet::ReadInitiativeJson(json::serialize(*initiative));
      if (!edited) return JsonError(edited.error());
      if (edited->no != *no) return JsonError(Error::InvalidInput("URL と本文の No. が違います"));
      auto saved = workspace.Update(actor, year, *edited, *version);
      if (!saved) {
        if (saved.error().code() == Error::Code::kConflict) {
          auto current = workspace.Initiative(actor, year, *no);
          if (current) {
            Response r = stored_json(*current, 409);
            r.body = "{\"error\": " +
                     json::serialize(
                         json::object{{"code", "conflict"}, {"message", saved.error().message()}}) +
                     ", \"current\": " + r.body + "}";
            return r;
          }
        }
        return JsonError(saved.error());
      }
      return JsonOk(json::object{{"version", *saved}});
    }
    if (rest.size() == 3 && rest[2] == "progress" && call.IsPost()) {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      auto version = IntField(*body, "version", 1, INT64_MAX);
      if (!version) return JsonError(version.error());
      auto month = IntField(*body, "month", 1, 12);
      if (!month) return JsonError(month.error());
      std::optional<std::string> rating;
      if (body->contains("rating")) rating = StringField(*body, "rating");
      auto saved = workspace.WriteMonthProgress(actor, year, *no, int(*month),
                                                StringField(*body, "text"), rating, *version);
      if (!saved) return JsonError(saved.error());
      return JsonOk(json::object{{"version", *saved}});
    }
    if (rest.size() == 3 && rest[2] == "history" && call.IsGet()) {
      auto history = workspace.History(actor, year, *no);
      if (!history) return JsonError(history.error());
      json::array records;
      for (const auto& r : *history) {
        records.push_back(AuditJson(r));
      }
      return JsonOk(json::object{{"history", records}});
    }
    return JsonError(Error::NotFound("この API はありません"));
  }
  if (rest.size() == 1 && rest[0] == "reports") {
    if (call.IsGet()) {
      const auto month = month_of();
      if (!month) return JsonError(Error::InvalidInput("month (1〜12) を指定してください"));
      auto reports = workspace.Reports(actor, year, *month);
      if (!reports) return JsonError(reports.error());
      json::array list;
      for (const auto& r : *reports) list.push_back(ReportJson(r));
      return JsonOk(json::object{{"reports", list}});
    }
    if (call.IsPost()) {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      auto month = IntField(*body, "month", 1, 12);
      if (!month) return JsonError(month.error());
      std::vector<int> nos;
      if (const json::value* v = body->if_contains("nos"); v && v->is_array()) {
        for (const auto& n : v->as_array()) {
          if (!n.is_int64() || n.as_int64() < 1 || n.as_int64() > 1'000'000) {
            return JsonError(
                Error::InvalidInput("nos は No. (1 から 1000000) の配列にしてください"));
          }
          nos.push_back(int(n.as_int64()));
        }
      }
      const std::string action = StringField(*body, "action");
      const std::string section = StringField(*body, "section");
      Result<void> done =
          action == "submit"    ? workspace.Submit(actor, year, int(*month), nos)
          : action == "approve" ? workspace.Approve(actor, year, int(*month), nos, section)
          : action == "return"  ? workspace.Return(actor, year, int(*month), nos,
                                                   StringField(*body, "comment"), section)
                                : Result<void>(Error::InvalidInput(
                                      "action は submit, approve, return のいずれかです"));
      if (!done) return JsonError(done.error());
      return JsonOk(json::object{{"ok", true}});
    }
  }
  if (rest.size() == 1 && rest[0] == "months") {
    if (call.IsGet()) {
      auto months = workspace.ReportingMonths(actor, year);
      if (!months) return JsonError(months.error());
      json::array list(months->begin(), months->end());
      return JsonOk(json::object{{"months", list}});
    }
    if (call.IsPost()) {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      auto month = IntField(*body, "month", 1, 12);
      if (!month) return JsonError(month.error());
      if (auto done = workspace.OpenMonth(actor, year, int(*month)); !done)
        return JsonError(done.error());
      return JsonOk(json::object{{"ok", true}});
    }
  }
  if (rest.size() == 1 && rest[0] == "publications") {
    if (call.IsGet()) {
      auto publications = workspace.Publications(actor, year);
      if (!publications) return JsonError(publications.error());
      json::array list;
      for (const auto& p : *publications) list.push_back(PublicationJson(p));
      return JsonOk(json::object{{"publications", list}});
    }
    if (call.IsPost()) {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      auto published = workspace.Publish(actor, year, StringField(*body, "published_on"));
      if (!published) return JsonError(published.error());
      return JsonOk(PublicationJson(*published), 201);
    }
  }
  if (rest.size() == 1 && rest[0] == "dashboard" && call.IsGet()) {
    const auto month = month_of();
    if (!month) return JsonError(Error::InvalidInput("month (1〜12) を指定してください"));
    auto d = workspace.MonthDashboard(actor, year, *month);
    if (!d) return JsonError(d.error());
    auto groups = [](const std::vector<service::RatingGroup>& gs) {
      json::array a;
      for (const auto& g : gs) {
        a.push_back(json::object{{"name", g.name},
                                 {"counts", json::array(g.counts.begin(), g.counts.end())},
                                 {"unrated", g.unrated}});
      }
      return a;
    };
    json::array scale;
    for (const auto& level : d->scale.levels())
      scale.push_back(json::object{{"symbol", level.symbol}, {"label", level.label}});
    json::object completeness;
    for (const auto& [state, count] : d->completeness)
      completeness[model::ReportStateName(state)] = count;
    json::array behind, missing;
    for (const auto& s : d->behind) behind.push_back(SummaryJson(s));
    for (const auto& s : d->plan_without_progress) missing.push_back(SummaryJson(s));
    return JsonOk(json::object{{"month", d->month},
                               {"scale", scale},
                               {"by_goal", groups(d->by_goal)},
                               {"by_policy", groups(d->by_policy)},
                               {"by_department", groups(d->by_department)},
                               {"completeness", completeness},
                               {"behind", behind},
                               {"plan_without_progress", missing}});
  }
  if (rest.size() == 1 && rest[0] == "board" && call.IsGet()) {
    const auto month = month_of();
    if (!month) return JsonError(Error::InvalidInput("month (1〜12) を指定してください"));
    auto board = workspace.ReportingBoard(actor, year, *month);
    if (!board) return JsonError(board.error());
    json::array sections;
    for (const auto& section : board->sections) {
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
    return JsonOk(
        json::object{{"month", board->month}, {"open", board->open}, {"sections", sections}});
  }
  if (rest.size() == 1 && rest[0] == "rating-scale") {
    if (call.IsGet()) {
      auto scale = workspace.RatingScale(actor, year);
      if (!scale) return JsonError(scale.error());
      json::array levels;
      for (const auto& level : scale->levels())
        levels.push_back(json::object{{"symbol", level.symbol}, {"label", level.label}});
      return JsonOk(json::object{{"levels", levels}});
    }
    if (call.request.method == "PUT") {
      auto body = Body(call);
      if (!body) return JsonError(body.error());
      std::vector<model::RatingLevel> levels;
      if (const json::value* v = body->if_contains("levels"); v && v->is_array()) {
        for (const auto& level : v->as_array()) {
          if (!level.is_object())
            return JsonError(Error::InvalidInput("levels は {symbol, label} の配列にしてください"));
          levels.push_back(
              {StringField(level.as_object(), "symbol"), StringField(level.as_object(), "label")});
        }
      }
      if (auto done = workspace.SaveRatingScale(actor, year, model::RatingScale(std::move(levels)));
          !done) {
        return JsonError(done.error());
      }
      return JsonOk(json::object{{"ok", true}});
    }
  }
  if (rest.size() == 2 && rest[1] == "rename" && call.IsPost() &&
      (rest[0] == "sections" || rest[0] == "goals" || rest[0] == "policies" ||
       rest[0] == "projects" || rest[0] == "subprojects")) {
    auto body = Body(call);
    if (!body) return JsonError(body.error());
    const std::string from = StringField(*body, "from");
    const std::string to = StringField(*body, "to");
    using Level = store::Store::PlanLevel;
    Result<void> done =
        rest[0] == "sections"   ? workspace.RenameSection(actor, year, from, to)
        : rest[0] == "goals"    ? workspace.RenamePlanElement(actor, year, Level::kGoal, from, to)
        : rest[0] == "policies" ? workspace.RenamePlanElement(actor, year, Level::kPolicy, from, to)
        : rest[0] == "projects"
            ? workspace.RenamePlanElement(actor, year, Level::kProject, from, to)
            : workspace.RenamePlanElement(actor, year, Level::kSubproject, from, to);
    if (!done) return JsonError(done.error());
    return JsonOk(json::object{{"ok", true}});
  }
  if (rest.size() == 1 && rest[0] == "carry-over" && call.IsPost()) {
    auto carried = workspace.CarryOver(actor, year, year + 1);
    if (!carried) return JsonError(carried.error());
    return JsonOk(json::object{{"fiscal_year", year + 1}, {"initiatives", *carried}}, 201);
  }
  return JsonError(Error::NotFound("この API はありません"));
}

// /api/v1/users and /api/v1/audit: the administrator's pages.
std::optional<Response> Administration(Services& services, const Call& call,
                                       const std::vector<std::string>& rest) {
  const service::Actor actor = call.Actor();
  auto user_json = [](const model::User& u) {
    json::object year_sections;
    for (const auto& [year, sections] : u.year_sections) {
      year_sections[std::to_string(year)] = json::array(sections.begin(), sections.end());
    }
    return json::object{{"login", u.login},
                        {"display_name", u.display_name},
                        {"role", model::RoleName(u.role)},
                        {"sections", json::array(u.sections.begin(), u.sections.end())},
                        {"year_sections", year_sections},
                        {"disabled", u.disabled}};
  };
  if (rest.size() == 1 && rest[0] == "audit" && call.IsGet()) {
    auto log = services.workspace.AuditLog(
        actor, ParseNumber(call.Query("limit"), 1, 10000).value_or(200));
    if (!log) return JsonError(log.error());
    json::array records;
    for (const auto& r : *log) {
      records.push_back(AuditJson(r));
    }
    return JsonOk(json::object{{"audit", records}});
  }
  if (rest.empty() || rest[0] != "users") return std::nullopt;
  if (rest.size() == 1 && call.IsGet()) {
    auto users = services.accounts.Users(actor);
    if (!users) return JsonError(users.error());
    json::array list;
    for (const auto& u : *users) list.push_back(user_json(u));
    return JsonOk(json::object{{"users", list}});
  }
  if (rest.size() == 1 && call.IsPost()) {
    auto body = Body(call);
    if (!body) return JsonError(body.error());
    const auto role = model::ParseRole(StringField(*body, "role"));
    if (!role)
      return JsonError(
          Error::InvalidInput("role は administrator, coordinator, editor, viewer のいずれかです"));
    std::vector<std::string> sections;
    if (const json::value* v = body->if_contains("sections"); v && v->is_array()) {
      for (const auto& name : v->as_array()) {
        if (name.is_string()) sections.emplace_back(name.as_string());
      }
    }
    auto added = services.accounts.AddUser(
        actor, {StringField(*body, "login"), StringField(*body, "display_name"), *role,
                std::move(sections), StringField(*body, "password")});
    if (!added) return JsonError(added.error());
    return JsonOk(user_json(*added), 201);
  }
  if (rest.size() == 2 && call.IsPost()) {
    auto body = Body(call);
    if (!body) return JsonError(body.error());
    const std::string action = StringField(*body, "action");
    Result<void> done = action == "disable" ? services.accounts.SetDisabled(actor, rest[1], true)
                        : action == "enable"
                            ? services.accounts.SetDisabled(actor, rest[1], false)
                            : Result<void>(Error::InvalidInput("action は disable か enable です"));
    if (!done) return JsonError(done.error());
    return JsonOk(json::object{{"ok", true}});
  }
  return JsonError(Error::NotFound("この API はありません"));
}

std::string_view OpenApiDocument();

}  // namespace

std::optional<Response> HandleApi(Services& services, const Call& call) {
  const auto& seg = call.segments;
  if (seg.size() < 2 || seg[0] != "api" || seg[1] != "v1") return std::nullopt;
  const std::vector<std::string> rest(seg.begin() + 2, seg.end());
  if (rest.size() == 1 && rest[0] == "openapi.json")
    return Response::Json(200, std::string(OpenApiDocument()));
  const bool changes = !call.IsGet();
  if (changes && call.session && !call.bearer &&
      !service::AccountService::CsrfMatches(*call.session, call.request.Header("x-csrf-token"))) {
    return JsonError(Error::Forbidden("X-CSRF-Token ヘッダーが正しくありません"));
  }
  const bool staff = call.session.has_value();
  if (rest.size() == 1 && rest[0] == "years" && call.IsGet()) {
    auto years = staff ? services.workspace.Years(call.Actor()) : services.portal.Years();
    if (!years) return JsonError(years.error());
    return JsonOk(json::object{{"years", json::array(years->begin(), years->end())}});
  }
  if (!rest.empty() && (rest[0] == "users" || rest[0] == "audit")) {
    if (!staff) return JsonError(Error::Forbidden("ログインまたはトークンが必要です"));
    if (auto r = Administration(services, call, rest)) return r;
  }
  if (rest.size() >= 3 && rest[0] == "years") {
    const auto year = ParseNumber(rest[1], 1900, 2999);
    if (!year) return JsonError(Error::NotFound("年度がありません"));
    const std::vector<std::string> tail(rest.begin() + 2, rest.end());
    if (tail.size() >= 1 && tail[0] == "public") {
      return PublicYear(services, call, *year,
                        std::vector<std::string>(tail.begin() + 1, tail.end()));
    }
    return staff ? StaffYear(services, call, *year, tail) : PublicYear(services, call, *year, tail);
  }
  return JsonError(Error::NotFound("この API はありません"));
}

namespace {

// The OpenAPI 3.0 document of /api/v1: every operation with its parameters, request body,
// responses and errors. tests/e2e/openapi.test.mjs validates it and calls the API through a
// client made from it, checking each answer against it.
std::string_view OpenApiDocument() {
  return R"json({
 "openapi": "3.0.3",
 "info": {"title": "torikumi API", "version": "1", "description": "取組実施プロセスシートの API。職員は管理者が発行したトークンを Authorization: Bearer で送ります (ブラウザのセッションでも呼べ、変更には X-CSRF-Token ヘッダーが要ります)。トークンもログインもない要求は公開版だけを読めます。権限は職員画面と同じ規則で判断されます。エラーは {\"error\": {\"code\", \"message\"}} で返ります。"},
 "servers": [{"url": "/api/v1"}],
 "security": [{"bearer": []}, {"session": []}, {}],
 "components": {
  "securitySchemes": {
   "bearer": {"type": "http", "scheme": "bearer"},
   "session": {"type": "apiKey", "in": "cookie", "name": "torikumi_session", "description": "ブラウザのセッション。変更には X-CSRF-Token ヘッダーが必要です。"}
  },
  "parameters": {
   "Year": {"name": "year", "in": "path", "required": true, "description": "年度 (西暦、2025 = 令和7年度)", "schema": {"type": "integer", "minimum": 1900, "maximum": 2999}},
   "No": {"name": "no", "in": "path", "required": true, "description": "取組の No.", "schema": {"type": "integer", "minimum": 1, "maximum": 1000000}},
   "Login": {"name": "login", "in": "path", "required": true, "schema": {"type": "string"}},
   "Month": {"name": "month", "in": "query", "required": false, "description": "報告月 (1–12)。省略時は最後に開始した月", "schema": {"type": "integer", "minimum": 1, "maximum": 12}},
   "Filter": {"name": "q", "in": "query", "required": false, "description": "キーワード (2 文字以上の語で検索)", "schema": {"type": "string"}},
   "Department": {"name": "department", "in": "query", "required": false, "schema": {"type": "string"}},
   "Section": {"name": "section", "in": "query", "required": false, "schema": {"type": "string"}},
   "Goal": {"name": "goal", "in": "query", "required": false, "description": "「5.変革の歩みを止めない川西の実現」の形", "schema": {"type": "string"}},
   "Policy": {"name": "policy", "in": "query", "required": false, "schema": {"type": "string"}},
   "Rating": {"name": "rating", "in": "query", "required": false, "schema": {"type": "string"}},
   "Limit": {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 10000}}
  },
  "responses": {
   "InvalidInput": {"description": "入力が正しくない (何がどこで違うかを message に)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
   "Forbidden": {"description": "権限がない、またはログイン・トークンが必要", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
   "NotFound": {"description": "ない", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
   "Conflict": {"description": "先にほかの人が変更した、または報告がその状態にない", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
   "Internal": {"description": "サーバーの問題", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
  },
  "schemas": {
   "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string", "enum": ["invalid_input", "not_found", "conflict", "forbidden", "internal"]}, "message": {"type": "string"}}, "required": ["code", "message"]}}, "required": ["error"]},
   "MonthSet": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 12}, "description": "暦月の番号 (年度順)。月の指定のない記載は []"},
   "Entry": {"type": "object", "properties": {"months": {"$ref": "#/components/schemas/MonthSet"}, "text": {"type": "string"}}, "required": ["months", "text"]},
   "Note": {"type": "object", "properties": {"section": {"type": "string"}, "month": {"type": "integer", "minimum": 1, "maximum": 12}, "text": {"type": "string"}}, "required": ["section", "month", "text"]},
   "NumberedTitle": {"type": "object", "properties": {"number": {"type": "integer", "nullable": true}, "title": {"type": "string"}}, "required": ["number", "title"]},
   "Initiative": {"type": "object", "properties": {"no": {"type": "integer"}, "department": {"type": "string"}, "section": {"type": "string"}, "goal": {"$ref": "#/components/schemas/NumberedTitle"}, "policy": {"$ref": "#/components/schemas/NumberedTitle"}, "project": {"type": "string"}, "subproject": {"type": "string"}, "title": {"type": "string"}, "overview": {"type": "string"}, "period_goals": {"type": "array", "items": {"type": "object", "properties": {"months": {"$ref": "#/components/schemas/MonthSet"}, "target_rate": {"type": "number", "nullable": true}, "text": {"type": "string"}}, "required": ["months", "target_rate", "text"]}}, "plan": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}, "rating": {"type": "string"}, "progress": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}, "co_owners": {"type": "array", "items": {"type": "string"}}, "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}}}, "required": ["no", "department", "section", "goal", "policy", "project", "subproject", "title", "overview", "period_goals", "plan", "rating", "progress", "co_owners"], "description": "正規 JSON の取組一件 (docs/canonical.schema.json)"},
   "Sheet": {"type": "object", "properties": {"fiscal_year": {"type": "integer"}, "initiatives": {"type": "array", "items": {"$ref": "#/components/schemas/Initiative"}}}, "required": ["fiscal_year", "initiatives"]},
   "Summary": {"type": "object", "properties": {"no": {"type": "integer"}, "department": {"type": "string"}, "section": {"type": "string"}, "goal": {"type": "string"}, "policy": {"type": "string"}, "title": {"type": "string"}, "rating": {"type": "string"}, "latest_progress": {"$ref": "#/components/schemas/Entry"}}, "required": ["no", "department", "section", "goal", "policy", "title", "rating"]},
   "Permissions": {"type": "object", "properties": {"edit": {"type": "boolean"}, "add_progress": {"type": "boolean"}, "submit": {"type": "boolean"}, "review": {"type": "boolean"}, "note_section": {"type": "string"}}},
   "StoredInitiative": {"type": "object", "properties": {"version": {"type": "integer"}, "updated_at": {"type": "string"}, "permissions": {"$ref": "#/components/schemas/Permissions"}, "initiative": {"$ref": "#/components/schemas/Initiative"}}, "required": ["version", "initiative"]},
   "Version": {"type": "object", "properties": {"version": {"type": "integer"}}, "required": ["version"]},
   "Report": {"type": "object", "properties": {"no": {"type": "integer"}, "month": {"type": "integer"}, "section": {"type": "string", "description": "\"\" は所管課の報告、それ以外はその共同所管の課の追記"}, "state": {"type": "string", "enum": ["not_started", "draft", "submitted", "returned", "approved"]}, "comment": {"type": "string"}, "updated_at": {"type": "string"}, "updated_by": {"type": "string"}, "approved_at": {"type": "string"}, "approved_by": {"type": "string"}}, "required": ["no", "month", "section", "state"]},
   "Publication": {"type": "object", "properties": {"id": {"type": "integer"}, "fiscal_year": {"type": "integer"}, "published_on": {"type": "string", "format": "date"}, "published_at": {"type": "string"}, "published_by": {"type": "string"}}, "required": ["id", "fiscal_year", "published_on"]},
   "AuditRecord": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"}, "user": {"type": "string"}, "action": {"type": "string"}, "object": {"type": "string"}, "before": {"type": "string"}, "after": {"type": "string"}}},
   "RatingLevel": {"type": "object", "properties": {"symbol": {"type": "string"}, "label": {"type": "string"}}, "required": ["symbol", "label"]},
   "User": {"type": "object", "properties": {"login": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string", "enum": ["administrator", "coordinator", "editor", "viewer"]}, "sections": {"type": "array", "items": {"type": "string"}}, "year_sections": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}, "disabled": {"type": "boolean"}}, "required": ["login", "role"]},
   "Ok": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
  }
 },
 "paths": {
  "/openapi.json": {"get": {"operationId": "getOpenApi", "summary": "この文書", "responses": {"200": {"description": "OpenAPI 3.0 の文書", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
  "/years": {"get": {"operationId": "listYears", "summary": "年度の一覧 (職員は作業中のシート、公開は公開済みの年度)", "responses": {"200": {"description": "年度", "content": {"application/json": {"schema": {"type": "object", "properties": {"years": {"type": "array", "items": {"type": "integer"}}}, "required": ["years"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}}},
  "/years/{year}/sheet": {"get": {"operationId": "getSheet", "summary": "シート全体を正規 JSON で (職員は作業中、公開は最新の公開版)", "responses": {"200": {"description": "シート", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sheet"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}},
  "/years/{year}/public/sheet": {"get": {"operationId": "getPublicSheet", "summary": "最新の公開版を正規 JSON で", "responses": {"200": {"description": "シート", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sheet"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}},
  "/years/{year}/public/initiatives": {"get": {"operationId": "listPublicInitiatives", "summary": "最新の公開版の取組一覧", "responses": {"200": {"description": "一覧", "content": {"application/json": {"schema": {"type": "object", "properties": {"publication": {"$ref": "#/components/schemas/Publication"}, "initiatives": {"type": "array", "items": {"$ref": "#/components/schemas/Summary"}}}}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/Filter"}, {"$ref": "#/components/parameters/Department"}, {"$ref": "#/components/parameters/Section"}, {"$ref": "#/components/parameters/Goal"}, {"$ref": "#/components/parameters/Policy"}, {"$ref": "#/components/parameters/Rating"}]}},
  "/years/{year}/public/initiatives/{no}": {"get": {"operationId": "getPublicInitiative", "summary": "最新の公開版の取組一件", "responses": {"200": {"description": "取組", "content": {"application/json": {"schema": {"type": "object", "properties": {"publication": {"$ref": "#/components/schemas/Publication"}, "initiative": {"$ref": "#/components/schemas/Initiative"}}}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/No"}]}},
  "/years/{year}/public/publications": {"get": {"operationId": "listPublicPublications", "summary": "公開の履歴", "responses": {"200": {"description": "公開", "content": {"application/json": {"schema": {"type": "object", "properties": {"publications": {"type": "array", "items": {"$ref": "#/components/schemas/Publication"}}}, "required": ["publications"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}},
  "/years/{year}/initiatives": {"get": {"operationId": "listInitiatives", "summary": "取組の一覧 (職員は作業中、公開は最新の公開版)", "responses": {"200": {"description": "一覧", "content": {"application/json": {"schema": {"type": "object", "properties": {"initiatives": {"type": "array", "items": {"$ref": "#/components/schemas/Summary"}}}, "required": ["initiatives"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/Filter"}, {"$ref": "#/components/parameters/Department"}, {"$ref": "#/components/parameters/Section"}, {"$ref": "#/components/parameters/Goal"}, {"$ref": "#/components/parameters/Policy"}, {"$ref": "#/components/parameters/Rating"}]}},
  "/years/{year}/initiatives/{no}": {"get": {"operationId": "getInitiative", "summary": "取組一件と版番号・権限 (職員)", "responses": {"200": {"description": "取組", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoredInitiative"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/No"}]}, "put": {"operationId": "putInitiative", "summary": "取組を保存する (所管課・企画担当、共同所管は自課の追記だけ)", "responses": {"200": {"description": "新しい版", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Version"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}, "409": {"description": "版が古い (current に最新の内容)", "content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Error"}, {"type": "object", "properties": {"current": {"$ref": "#/components/schemas/StoredInitiative"}}}]}}}}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/No"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"version": {"type": "integer"}, "initiative": {"$ref": "#/components/schemas/Initiative"}}, "required": ["version", "initiative"]}}}}, "description": "version は読んだときの版。提出済み・承認済みの報告は、差し戻されるか再開されるまでだれも変えられません (403)。"}},
  "/years/{year}/initiatives/{no}/progress": {"post": {"operationId": "writeMonthProgress", "summary": "月の報告を書く (所管課は進捗と進捗度、共同所管は自課の追記)", "responses": {"200": {"description": "新しい版", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Version"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}, "409": {"$ref": "#/components/responses/Conflict"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/No"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"version": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12}, "text": {"type": "string"}, "rating": {"type": "string"}}, "required": ["version", "month", "text"]}}}}}},
  "/years/{year}/initiatives/{no}/history": {"get": {"operationId": "getHistory", "summary": "変更履歴 (職員)", "responses": {"200": {"description": "履歴", "content": {"application/json": {"schema": {"type": "object", "properties": {"history": {"type": "array", "items": {"$ref": "#/components/schemas/AuditRecord"}}}, "required": ["history"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/No"}]}},
  "/years/{year}/months": {"get": {"operationId": "listMonths", "summary": "報告を受け付けている月 (職員)", "responses": {"200": {"description": "月", "content": {"application/json": {"schema": {"type": "object", "properties": {"months": {"type": "array", "items": {"type": "integer"}}}, "required": ["months"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}, "post": {"operationId": "openMonth", "summary": "報告月を開始する (企画担当)", "responses": {"200": {"description": "開始した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12}}, "required": ["month"]}}}}}},
  "/years/{year}/reports": {"get": {"operationId": "listReports", "summary": "月の報告 (所管課の報告と共同所管の追記) の状態 (職員)", "responses": {"200": {"description": "報告", "content": {"application/json": {"schema": {"type": "object", "properties": {"reports": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}}}, "required": ["reports"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/Month"}]}, "post": {"operationId": "reviewReports", "summary": "提出・承認・差し戻し (承認済みの差し戻しは再開)", "responses": {"200": {"description": "済んだ", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}, "409": {"$ref": "#/components/responses/Conflict"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12}, "action": {"type": "string", "enum": ["submit", "approve", "return"]}, "nos": {"type": "array", "items": {"type": "integer"}}, "comment": {"type": "string"}, "section": {"type": "string", "description": "承認・差し戻しで共同所管の課の追記を指すとき、その課の名前"}}, "required": ["month", "action", "nos"]}}}}}},
  "/years/{year}/publications": {"get": {"operationId": "listPublications", "summary": "公開の履歴 (職員)", "responses": {"200": {"description": "公開", "content": {"application/json": {"schema": {"type": "object", "properties": {"publications": {"type": "array", "items": {"$ref": "#/components/schemas/Publication"}}}, "required": ["publications"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}, "post": {"operationId": "publish", "summary": "承認された内容を公開する (企画担当)。公開日は今日まで、年度の最新の公開日以降", "responses": {"201": {"description": "公開版", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Publication"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"published_on": {"type": "string", "format": "date"}}, "required": ["published_on"]}}}}}},
  "/years/{year}/dashboard": {"get": {"operationId": "getDashboard", "summary": "月のダッシュボード (職員)", "responses": {"200": {"description": "集計", "content": {"application/json": {"schema": {"type": "object"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/Month"}]}},
  "/years/{year}/board": {"get": {"operationId": "getBoard", "summary": "部・課ごとの報告状況 (職員)", "responses": {"200": {"description": "報告状況", "content": {"application/json": {"schema": {"type": "object"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}, {"$ref": "#/components/parameters/Month"}]}},
  "/years/{year}/rating-scale": {"get": {"operationId": "getRatingScale", "summary": "評価区分 (職員)", "responses": {"200": {"description": "評価区分", "content": {"application/json": {"schema": {"type": "object", "properties": {"levels": {"type": "array", "items": {"$ref": "#/components/schemas/RatingLevel"}}}, "required": ["levels"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}, "put": {"operationId": "putRatingScale", "summary": "評価区分を保存する (企画担当)", "responses": {"200": {"description": "保存した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"levels": {"type": "array", "items": {"$ref": "#/components/schemas/RatingLevel"}}}, "required": ["levels"]}}}}}},
  "/years/{year}/sections/rename": {"post": {"operationId": "renameSection", "summary": "課の名称変更・統合 (企画担当、その年度だけ)", "responses": {"200": {"description": "変更した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}}}}}},
  "/years/{year}/goals/rename": {"post": {"operationId": "renameGoal", "summary": "分野別目標の名称変更 (企画担当): from, to は「5.名称」", "responses": {"200": {"description": "変更した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}}}}}},
  "/years/{year}/policies/rename": {"post": {"operationId": "renamePolicy", "summary": "施策の名称変更 (企画担当)", "responses": {"200": {"description": "変更した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}}}}}},
  "/years/{year}/projects/rename": {"post": {"operationId": "renameProject", "summary": "事業名の変更 (企画担当)", "responses": {"200": {"description": "変更した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}}}}}},
  "/years/{year}/subprojects/rename": {"post": {"operationId": "renameSubproject", "summary": "細事業名の変更 (企画担当)", "responses": {"200": {"description": "変更した", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Year"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}}}}}},
  "/years/{year}/carry-over": {"post": {"operationId": "carryOver", "summary": "次の年度を作る (企画担当)", "responses": {"201": {"description": "作った年度", "content": {"application/json": {"schema": {"type": "object", "properties": {"fiscal_year": {"type": "integer"}, "initiatives": {"type": "integer"}}, "required": ["fiscal_year", "initiatives"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}, "409": {"$ref": "#/components/responses/Conflict"}}, "parameters": [{"$ref": "#/components/parameters/Year"}]}},
  "/users": {"get": {"operationId": "listUsers", "summary": "利用者の一覧 (管理者)", "responses": {"200": {"description": "利用者", "content": {"application/json": {"schema": {"type": "object", "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}, "required": ["users"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}}, "post": {"operationId": "addUser", "summary": "利用者を追加する (管理者)", "responses": {"201": {"description": "追加した利用者", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}, "409": {"$ref": "#/components/responses/Conflict"}}, "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"login": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string", "enum": ["administrator", "coordinator", "editor", "viewer"]}, "sections": {"type": "array", "items": {"type": "string"}}, "password": {"type": "string"}}, "required": ["login", "role", "password"]}}}}}},
  "/users/{login}": {"post": {"operationId": "setUserEnabled", "summary": "利用者を無効・有効にする (管理者)", "responses": {"200": {"description": "済んだ", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Login"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"action": {"type": "string", "enum": ["disable", "enable"]}}, "required": ["action"]}}}}}},
  "/audit": {"get": {"operationId": "getAudit", "summary": "監査ログ (管理者)", "responses": {"200": {"description": "監査ログ", "content": {"application/json": {"schema": {"type": "object", "properties": {"audit": {"type": "array", "items": {"$ref": "#/components/schemas/AuditRecord"}}}, "required": ["audit"]}}}}, "400": {"$ref": "#/components/responses/InvalidInput"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "500": {"$ref": "#/components/responses/Internal"}}, "parameters": [{"$ref": "#/components/parameters/Limit"}]}}
 }
})json";
}

}  // namespace

}  // namespace torikumi::web
