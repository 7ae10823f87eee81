// Sessions (/login, /logout) and the staff workspace (/staff/…).

#include <algorithm>
#include <ctime>
#include <random>
#include <tuple>

#include "model/account.h"
#include "sheet/json.h"
#include "text/cell.h"
#include "text/entries.h"
#include "text/era.h"
#include "text/month_set_parser.h"
#include "text/utf8.h"
#include "web/pages.h"
#include "web/routing.h"
#include "web/staff_pages.h"

namespace torikumi::web {
namespace {

constexpr std::string_view kLoginCookie = "torikumi_login";

using service::Actor;

// A fresh random value for the login form's double-submit cookie. std::random_device
// reads the kernel's random source on Linux.
std::string LoginNonce() {
  std::random_device device;
  std::string nonce;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int k = 0; k < 32; ++k) nonce += kHex[device() & 15];
  return nonce;
}

Response WithCookie(Response r, std::string cookie) {
  r.headers.emplace_back("Set-Cookie", std::move(cookie));
  return r;
}

// Only paths of this site are followed after a form, never another origin.
std::string SafeReturn(const std::string& path, const std::string& fallback) {
  if (path.starts_with("/") && !path.starts_with("//") && path.find('\\') == std::string::npos &&
      path.find("\r") == std::string::npos && path.find("\n") == std::string::npos) {
    return path;
  }
  return fallback;
}

std::vector<std::string> SplitNames(const std::string& text) { return text::SplitCoOwners({text}); }

std::string YearBase(int year) { return "/staff/" + std::to_string(year) + "/"; }

// The month a page shows when none is asked for: the latest month opened for reporting,
// else April.
int DefaultMonth(const std::vector<int>& open_months) {
  return open_months.empty() ? 4 : open_months.back();
}

struct Staff {
  Services& services;
  const Call& call;
  Actor actor;
  StaffContext context;

  Response Page(std::string html) { return Response::Html(200, std::move(html)); }
};

// Reads the edit form back into an initiative; InvalidInput names the field and row.
Result<model::Initiative> EditedInitiative(const Call& call, model::Initiative i) {
  i.title = std::string(text::Trim(call.Form("title")));
  i.overview = text::NormalizedText(call.Form("overview"));
  i.department = std::string(text::Trim(call.Form("department")));
  i.section = std::string(text::Trim(call.Form("section")));
  i.goal = text::ParseNumberedTitle(call.Form("goal"));
  i.policy = text::ParseNumberedTitle(call.Form("policy"));
  i.project = std::string(text::Trim(call.Form("project")));
  i.subproject = std::string(text::Trim(call.Form("subproject")));
  i.co_owners = SplitNames(call.Form("co_owners"));
  i.rating = call.Form("rating");
  auto months_of = [](const std::string& field, std::size_t row,
                      const std::string& value) -> Result<model::MonthSet> {
    if (text::Trim(value).empty()) return model::MonthSet();
    auto months = text::ParseMonthSet(value);
    if (!months) {
      return Error::InvalidInput(field + "の " + std::to_string(row + 1) +
                                 " 行目: " + months.error().message());
    }
    return *months;
  };
  auto text_of = [](const std::string& value) { return text::NormalizedText(value); };
  const auto goal_months = call.FormAll("goal_months");
  const auto goal_rates = call.FormAll("goal_rate");
  const auto goal_texts = call.FormAll("goal_text");
  if (goal_months.size() != goal_rates.size() || goal_months.size() != goal_texts.size()) {
    return Error::InvalidInput("年度目標の欄がそろっていません");
  }
  i.period_goals.clear();
  for (std::size_t k = 0; k < goal_months.size(); ++k) {
    const std::string text = text_of(goal_texts[k]);
    const std::string rate(text::Trim(goal_rates[k]));
    if (text.empty() && rate.empty() && text::Trim(goal_months[k]).empty()) continue;
    TORIKUMI_ASSIGN_OR_RETURN(auto months, months_of("年度目標", k, goal_months[k]));
    std::optional<double> target;
    if (!rate.empty()) {
      char* end = nullptr;
      const double value = std::strtod(rate.c_str(), &end);
      if (end != rate.c_str() + rate.size() || !model::IsValidTargetRate(value)) {
        return Error::InvalidInput(
            "年度目標の " + std::to_string(k + 1) +
            " 行目: 全体達成率は 0 から 100 の数 (小数は 2 桁まで) で入力してください");
      }
      target = value;
    }
    i.period_goals.push_back({months, target, text});
  }
  for (auto [field, label, entries] : {std::tuple{"plan", "年度計画", &i.plan},
                                       std::tuple{"progress", "進捗状況及び課題", &i.progress}}) {
    const auto months = call.FormAll(std::string(field) + "_months");
    const auto texts = call.FormAll(std::string(field) + "_text");
    if (months.size() != texts.size())
      return Error::InvalidInput(std::string(label) + "の欄がそろっていません");
    entries->clear();
    for (std::size_t k = 0; k < months.size(); ++k) {
      const std::string text = text_of(texts[k]);
      if (text.empty() && text::Trim(months[k]).empty()) continue;
      TORIKUMI_ASSIGN_OR_RETURN(auto set, months_of(label, k, months[k]));
      entries->push_back({set, text});
    }
  }
  return i;
}

std::optional<std::int64_t> VersionOf(const Call& call) {
  const std::string v = call.Form("version");
  char* end = nullptr;
  const long long version = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || end != v.c_str() + v.size() || version < 1) return std::nullopt;
  return version;
}

Response InitiativePage(Staff& s, int year, int no, int month,
                        const std::optional<ProgressDraft>& draft, std::string_view error,
                        int status) {
  auto stored = s.services.workspace.Initiative(s.actor, year, no);
  if (!stored) return ErrorPage(stored.error());
  auto scale = s.services.workspace.RatingScale(s.actor, year);
  if (!scale) return ErrorPage(scale.error());
  auto open = s.services.workspace.ReportingMonths(s.actor, year);
  if (!open) return ErrorPage(open.error());
  auto reports = s.services.workspace.Reports(s.actor, year, month);
  if (!reports) return ErrorPage(reports.error());
  std::erase_if(*reports, [&](const model::MonthReport& r) { return r.no != no; });
  const auto may = s.services.workspace.PermissionsFor(s.actor, year, stored->initiative);
  return Response::Html(status, RenderStaffInitiative(s.context, *stored, *scale, may, month, *open,
                                                      *reports, draft, error));
}

std::optional<Response> HandleYear(Staff& s, int year, const std::vector<std::string>& rest) {
  const Call& call = s.call;
  auto& workspace = s.services.workspace;
  auto open = workspace.ReportingMonths(s.actor, year);
  if (!open) return ErrorPage(open.error());
  const int month =
      ParseNumber(call.Query("month").empty() ? call.Form("month") : call.Query("month"), 1, 12)
          .value_or(DefaultMonth(*open));
  const std::string base = YearBase(year);

  if (rest.size() == 1 && rest[0].empty() && call.IsGet()) {
    store::InitiativeFilter filter{call.Query("department"), call.Query("section"),
                                   call.Query("goal"),       call.Query("policy"),
                                   call.Query("rating"),     call.Query("q")};
    auto list = workspace.List(s.actor, year, filter);
    if (!list) return ErrorPage(list.error());
    auto reports = workspace.Reports(s.actor, year, month);
    if (!reports) return ErrorPage(reports.error());
    std::map<int, model::MonthReport> by_no;
    for (auto& r : *reports) {
      if (!r.IsNote()) by_no[r.no] = r;
    }
    return s.Page(RenderStaffList(s.context, *list, filter, month, *open, by_no));
  }
  if (rest.size() >= 2 && rest[0] == "initiatives") {
    const auto no = ParseNumber(rest[1], 1, 1'000'000);
    if (!no) return NotFoundPage();
    const std::string path = base + "initiatives/" + std::to_string(*no);
    if (rest.size() == 2 && call.IsGet())
      return InitiativePage(s, year, *no, month, std::nullopt, "", 200);
    if (rest.size() == 3 && rest[2] == "history" && call.IsGet()) {
      auto stored = workspace.Initiative(s.actor, year, *no);
      if (!stored) return ErrorPage(stored.error());
      auto history = workspace.History(s.actor, year, *no);
      if (!history) return ErrorPage(history.error());
      return s.Page(RenderHistory(s.context, *no, stored->initiative.title, *history));
    }
    if (rest.size() == 3 && rest[2] == "edit") {
      auto stored = workspace.Initiative(s.actor, year, *no);
      if (!stored) return ErrorPage(stored.error());
      auto scale = workspace.RatingScale(s.actor, year);
      if (!scale) return ErrorPage(scale.error());
      const bool may_move = s.actor.IsCoordinator();
      if (!workspace.PermissionsFor(s.actor, year, stored->initiative).edit) {
        return ErrorPage(Error::Forbidden("この取組を編集する権限がありません"));
      }
      if (call.IsGet()) {
        return s.Page(RenderEditPage(s.context, stored->initiative, stored->version, *scale,
                                     may_move, "", nullptr));
      }
      const auto version = VersionOf(call);
      if (!version) return ErrorPage(Error::InvalidInput("版が指定されていません"));
      auto edited = EditedInitiative(call, stored->initiative);
      if (!edited) {
        return Response::Html(400, RenderEditPage(s.context, stored->initiative, *version, *scale,
                                                  may_move, edited.error().message(), nullptr));
      }
      auto saved = workspace.Update(s.actor, year, *edited, *version);
      if (saved) return Response::SeeOther(path + "?saved=1");
      if (saved.error().code() == Error::Code::kConflict) {
        // Nothing is lost: the user's edit stays in the form, beside the newer version.
        return Response::Html(409, RenderEditPage(s.context, *edited, stored->version, *scale,
                                                  may_move, "", &*stored));
      }
      if (saved.error().code() == Error::Code::kInvalidInput) {
        return Response::Html(400, RenderEditPage(s.context, *edited, *version, *scale, may_move,
                                                  saved.error().message(), nullptr));
      }
      return ErrorPage(saved.error());
    }
    if (rest.size() == 3 && rest[2] == "progress" && call.IsPost()) {
      const auto version = VersionOf(call);
      if (!version) return ErrorPage(Error::InvalidInput("版が指定されていません"));
      const std::string text = text::NormalizedText(call.Form("text"));
      const bool has_rating = call.form.count("rating") > 0;
      auto saved = workspace.WriteMonthProgress(
          s.actor, year, *no, month, text,
          has_rating ? std::optional(call.Form("rating")) : std::nullopt, *version);
      if (saved && call.Form("action") == "submit") {
        auto submitted = workspace.Submit(s.actor, year, month, {*no});
        if (!submitted) {
          return InitiativePage(s, year, *no, month, std::nullopt,
                                "保存しましたが提出できません: " + submitted.error().message(),
                                HttpStatusOf(submitted.error()));
        }
      }
      if (saved) return Response::SeeOther(path + "?month=" + std::to_string(month));
      const ProgressDraft draft{month, text, call.Form("rating")};
      const std::string message =
          saved.error().code() == Error::Code::kConflict
              ? "ほかの人が先にこの取組を更新しました。あなたの入力は下に残っています。最新の内容を"
                "確かめてから、もう一度保存してください。"
              : saved.error().message();
      return InitiativePage(s, year, *no, month, draft, message, HttpStatusOf(saved.error()));
    }
    return NotFoundPage();
  }
  if (rest.size() == 1 && rest[0] == "reports" && call.IsPost()) {
    std::vector<int> nos;
    for (const auto& value : call.FormAll("no")) {
      if (auto no = ParseNumber(value, 1, 1'000'000)) nos.push_back(*no);
    }
    const std::string action = call.Form("action");
    const std::string section = call.Form("section");
    Result<void> done =
        action == "submit"    ? workspace.Submit(s.actor, year, month, nos)
        : action == "approve" ? workspace.Approve(s.actor, year, month, nos, section)
        : action == "return"
            ? workspace.Return(s.actor, year, month, nos, call.Form("comment"), section)
            : Result<void>(Error::InvalidInput("操作が指定されていません"));
    if (!done) return ErrorPage(done.error());
    return Response::SeeOther(
        SafeReturn(call.Form("return_to"), base + "board?month=" + std::to_string(month)));
  }
  if (rest.size() == 1 && rest[0] == "board" && call.IsGet()) {
    auto board = workspace.ReportingBoard(s.actor, year, month);
    if (!board) return ErrorPage(board.error());
    return s.Page(RenderBoard(s.context, *board, *open));
  }
  if (rest.size() == 1 && rest[0] == "months" && call.IsPost()) {
    if (auto opened = workspace.OpenMonth(s.actor, year, month); !opened)
      return ErrorPage(opened.error());
    return Response::SeeOther(base + "board?month=" + std::to_string(month));
  }
  if (rest.size() == 1 && rest[0] == "dashboard" && call.IsGet()) {
    auto dashboard = workspace.MonthDashboard(s.actor, year, month);
    if (!dashboard) return ErrorPage(dashboard.error());
    return s.Page(RenderDashboard(s.context, *dashboard));
  }
  if (rest.size() == 1 && rest[0] == "publications" && call.IsGet()) {
    auto publications = workspace.Publications(s.actor, year);
    if (!publications) return ErrorPage(publications.error());
    auto left_out = workspace.LeftOutOfPublication(s.actor, year);
    if (!left_out) return ErrorPage(left_out.error());
    return s.Page(RenderPublications(s.context, *publications, *left_out, text::TodayInJapan()));
  }
  if (rest.size() == 1 && rest[0] == "publish" && call.IsPost()) {
    auto published = workspace.Publish(s.actor, year, call.Form("published_on"));
    if (!published) return ErrorPage(published.error());
    return Response::SeeOther(base + "publications");
  }
  if (!rest.empty() && rest[0] == "settings") {
    auto settings_page = [&](std::string_view error, int status) -> Response {
      auto scale = workspace.RatingScale(s.actor, year);
      if (!scale) return ErrorPage(scale.error());
      auto list = workspace.List(s.actor, year, {});
      if (!list) return ErrorPage(list.error());
      return Response::Html(status, RenderSettings(s.context, *scale, list->facets, error));
    };
    if (!s.actor.IsCoordinator())
      return ErrorPage(Error::Forbidden("年度の設定は企画担当または管理者だけができます"));
    if (rest.size() == 1 && call.IsGet()) return settings_page("", 200);
    Result<void> done;
    std::string next = base + "settings";
    if (rest.size() == 2 && rest[1] == "rating-scale" && call.IsPost()) {
      const auto symbols = call.FormAll("symbol");
      const auto labels = call.FormAll("label");
      if (symbols.size() != labels.size())
        return ErrorPage(Error::InvalidInput("評価区分の欄がそろっていません"));
      std::vector<model::RatingLevel> levels;
      for (std::size_t k = 0; k < symbols.size(); ++k) {
        const std::string symbol(text::Trim(symbols[k]));
        if (symbol.empty()) continue;
        const std::string label(text::Trim(labels[k]));
        levels.push_back({symbol, label.empty() ? symbol : label});
      }
      done = workspace.SaveRatingScale(s.actor, year, model::RatingScale(std::move(levels)));
    } else if (rest.size() == 2 && rest[1] == "sections" && call.IsPost()) {
      done = workspace.RenameSection(s.actor, year, call.Form("from"),
                                     std::string(text::Trim(call.Form("to"))));
    } else if (rest.size() == 2 && rest[1] == "plan" && call.IsPost()) {
      // The select's value is "LEVEL:LABEL".
      const std::string from = call.Form("from");
      const std::size_t colon = from.find(':');
      const std::string level_name = from.substr(0, colon);
      const std::optional<store::Store::PlanLevel> level =
          level_name == "goal"         ? std::optional(store::Store::PlanLevel::kGoal)
          : level_name == "policy"     ? std::optional(store::Store::PlanLevel::kPolicy)
          : level_name == "project"    ? std::optional(store::Store::PlanLevel::kProject)
          : level_name == "subproject" ? std::optional(store::Store::PlanLevel::kSubproject)
                                       : std::nullopt;
      if (!level || colon == std::string::npos)
        return settings_page("変更する要素を選んでください", 400);
      done = workspace.RenamePlanElement(s.actor, year, *level, from.substr(colon + 1),
                                         std::string(text::Trim(call.Form("to"))));
    } else if (rest.size() == 2 && rest[1] == "carry-over" && call.IsPost()) {
      auto carried = workspace.CarryOver(s.actor, year, year + 1);
      if (!carried) done = carried.error();
      next = YearBase(year + 1);
    } else {
      return NotFoundPage();
    }
    if (!done) {
      if (done.error().code() == Error::Code::kInvalidInput ||
          done.error().code() == Error::Code::kConflict) {
        return settings_page(done.error().message(), HttpStatusOf(done.error()));
      }
      return ErrorPage(done.error());
    }
    return Response::SeeOther(next);
  }
  return std::nullopt;
}

std::optional<Response> HandleUsers(Staff& s, const std::vector<std::string>& rest) {
  auto& accounts = s.services.accounts;
  const Call& call = s.call;
  auto page = [&](std::string_view token, std::string_view error, int status) -> Response {
    auto users = accounts.Users(s.actor);
    if (!users) return ErrorPage(users.error());
    return Response::Html(status, RenderUsers(s.context, *users, token, error));
  };
  if (rest.size() == 1 && rest[0].empty() && call.IsGet()) return page("", "", 200);
  if (rest.size() == 1 && rest[0].empty() && call.IsPost()) {
    const auto role = model::ParseRole(call.Form("role"));
    if (!role) return page("", "役割を選んでください", 400);
    auto added =
        accounts.AddUser(s.actor, {std::string(text::Trim(call.Form("login"))),
                                   std::string(text::Trim(call.Form("display_name"))), *role,
                                   SplitNames(call.Form("sections")), call.Form("password")});
    if (!added) {
      if (added.error().code() == Error::Code::kForbidden) return ErrorPage(added.error());
      return page("", added.error().message(), HttpStatusOf(added.error()));
    }
    return Response::SeeOther("/staff/users");
  }
  if (rest.size() == 1 && call.IsPost()) {
    const std::string& login = rest[0];
    const std::string action = call.Form("action");
    if (action == "token") {
      auto token = accounts.IssueApiToken(s.actor, login,
                                          call.Form("name").empty() ? "API" : call.Form("name"));
      if (!token) return ErrorPage(token.error());
      return page(*token, "", 200);
    }
    Result<void> done = action == "disable" ? accounts.SetDisabled(s.actor, login, true)
                        : action == "enable"
                            ? accounts.SetDisabled(s.actor, login, false)
                            : Result<void>(Error::InvalidInput("操作が指定されていません"));
    if (!done) return ErrorPage(done.error());
    return Response::SeeOther("/staff/users");
  }
  return std::nullopt;
}

}  // namespace

std::optional<Response> HandleAuth(Services& services, const Call& call) {
  const auto& seg = call.segments;
  if (seg.size() != 1 || (seg[0] != "login" && seg[0] != "logout")) return std::nullopt;
  const bool secure = call.request.secure;
  if (seg[0] == "login") {
    if (call.IsGet()) {
      if (call.session && !call.bearer) return Response::Redirect("/staff/");
      const std::string nonce = LoginNonce();
      return WithCookie(Response::Html(200, RenderLoginPage(nonce, "", "")),
                        std::string(kLoginCookie) + "=" + nonce +
                            "; Path=/login; HttpOnly; SameSite=Strict" +
                            (secure ? "; Secure" : ""));
    }
    if (!call.IsPost()) return ErrorPage(Error::InvalidInput("この操作はできません"));
    const std::string expected = call.Cookie(kLoginCookie);
    const std::string login(text::Trim(call.Form("login")));
    const std::string nonce = LoginNonce();
    const std::string fresh_cookie = std::string(kLoginCookie) + "=" + nonce +
                                     "; Path=/login; HttpOnly; SameSite=Strict" +
                                     (secure ? "; Secure" : "");
    if (expected.empty() || expected != call.Form("csrf")) {
      return WithCookie(
          Response::Html(
              403, RenderLoginPage(nonce, login,
                                   "フォームの有効期限が切れました。もう一度ログインしてください")),
          fresh_cookie);
    }
    auto session = services.accounts.Login(login, call.Form("password"), call.request.peer);
    if (!session) {
      return WithCookie(Response::Html(HttpStatusOf(session.error()),
                                       RenderLoginPage(nonce, login, session.error().message())),
                        fresh_cookie);
    }
    // A new token at every login: a session fixed before it is worthless after it.
    return WithCookie(Response::SeeOther("/staff/"), SessionCookie(session->token, secure));
  }
  // /logout
  if (!call.IsPost()) return ErrorPage(Error::InvalidInput("ログアウトはボタンから行ってください"));
  if (call.session && !call.bearer) {
    if (!service::AccountService::CsrfMatches(*call.session, call.Form("csrf"))) {
      return ErrorPage(
          Error::Forbidden("フォームの確認に失敗しました。ページを開き直してください"));
    }
    (void)services.accounts.Logout(call.session_token);
  }
  return WithCookie(Response::SeeOther("/"), ExpiredSessionCookie(secure));
}

std::optional<Response> HandleStaff(Services& services, const Call& call) {
  const auto& seg = call.segments;
  if (seg.empty() || seg[0] != "staff") return std::nullopt;
  if (!call.session || call.bearer) {
    if (call.IsGet()) return Response::Redirect("/login");
    return ErrorPage(Error::Forbidden("ログインしてください"));
  }
  if (!call.IsGet() && !call.IsPost())
    return ErrorPage(Error::InvalidInput("この操作はできません"));
  if (call.IsPost() && !service::AccountService::CsrfMatches(*call.session, call.Form("csrf"))) {
    return ErrorPage(Error::Forbidden(
        "フォームの確認に失敗しました。ページを開き直してから、もう一度お試しください"));
  }
  Staff s{services, call, call.Actor(), {call.Who(), call.session->user, 0, {}, ""}};
  auto years = services.workspace.Years(s.actor);
  if (!years) return ErrorPage(years.error());
  s.context.years = *years;
  if (call.Query("saved") == "1") s.context.notice = "保存しました";
  const std::vector<std::string> rest(seg.begin() + 1, seg.end());
  if (rest.empty() || (rest.size() == 1 && rest[0].empty())) {
    if (years->empty()) return s.Page(RenderNoYearPage(s.context));
    return Response::Redirect(YearBase(years->front()));
  }
  if (rest[0] == "users") {
    const std::vector<std::string> user_rest =
        rest.size() == 1 ? std::vector<std::string>{""}
                         : std::vector<std::string>(rest.begin() + 1, rest.end());
    if (auto r = HandleUsers(s, user_rest)) return r;
    return NotFoundPage();
  }
  if (rest.size() == 1 && rest[0] == "import" && call.IsPost()) {
    auto file = call.files.find("file");
    if (file == call.files.end() || file->second.second.empty()) {
      return ErrorPage(Error::InvalidInput("取り込むファイルを選んでください"));
    }
    service::ImportOptions options;
    if (const std::string text(text::Trim(call.Form("year"))); !text.empty()) {
      options.fiscal_year = ParseNumber(text, 1900, 2999);
      if (!options.fiscal_year)
        return ErrorPage(Error::InvalidInput("年度は西暦 4 桁で入力してください"));
    }
    if (const std::string worksheet(text::Trim(call.Form("sheet"))); !worksheet.empty()) {
      options.worksheet = worksheet;
    }
    if (call.Form("reports") == "replace") options.reports = store::ReportsOnImport::kReplace;
    if (call.Form("action") == "preview") {
      auto preview = services.workspace.PreviewImport(s.actor, file->second.first,
                                                      file->second.second, options);
      if (!preview) return ErrorPage(preview.error());
      return s.Page(RenderImportPreview(s.context, *preview, file->second.first));
    }
    auto report =
        services.workspace.ImportSheet(s.actor, file->second.first, file->second.second, options);
    if (!report) return ErrorPage(report.error());
    s.context.year = report->fiscal_year;
    auto refreshed = services.workspace.Years(s.actor);
    if (refreshed) s.context.years = *refreshed;
    return s.Page(RenderImportReport(s.context, *report, file->second.first));
  }
  if (rest.size() == 1 && rest[0] == "audit" && call.IsGet()) {
    auto log = services.workspace.AuditLog(s.actor, 500);
    if (!log) return ErrorPage(log.error());
    return s.Page(RenderAuditLog(s.context, *log));
  }
  if (rest[0] == "account") {
    if (rest.size() == 1 && call.IsGet()) return s.Page(RenderAccount(s.context, ""));
    if (rest.size() == 2 && rest[1] == "password" && call.IsPost()) {
      auto done =
          services.accounts.SetPassword(s.actor, s.actor.user().login, call.Form("password"));
      if (!done)
        return Response::Html(HttpStatusOf(done.error()),
                              RenderAccount(s.context, done.error().message()));
      // The password change ended every session, this one too: sign in again.
      return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
    }
    if (rest.size() == 2 && rest[1] == "logout-everywhere" && call.IsPost()) {
      if (auto done = services.accounts.LogoutEverywhere(s.actor); !done)
        return ErrorPage(done.error());
      return WithCookie(Response::SeeOther("/login"), ExpiredSessionCookie(call.request.secure));
    }
    return NotFoundPage();
  }
  const auto year = ParseNumber(rest[0], 1900, 2999);
  if (!year) return NotFoundPage();
  if (std::find(years->begin(), years->end(), *year) == years->end()) {
    return ErrorPage(Error::NotFound(std::to_string(*year) + "年度のシートはありません"));
  }
  if (rest.size() == 1) return Response::Redirect(YearBase(*year), 301);
  s.context.year = *year;
  if (auto r = HandleYear(s, *year, std::vector<std::string>(rest.begin() + 1, rest.end())))
    return r;
  return NotFoundPage();
}

}  // namespace torikumi::web
