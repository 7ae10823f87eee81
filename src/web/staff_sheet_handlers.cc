// The staff workspace: the year's sheet and its initiatives.

#include <charconv>
#include <tuple>

#include "text/cell.h"
#include "text/entries.h"
#include "text/month_set_parser.h"
#include "text/utf8.h"
#include "web/errors.h"
#include "web/handlers.h"

namespace torikumi::web::staff {
namespace {

std::string YearBase(int year) { return "/staff/" + std::to_string(year) + "/"; }

std::string InitiativePath(const Call& call) {
  return YearBase(call.year) + "initiatives/" + std::to_string(call.no);
}

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
  i.co_owners = text::SplitCoOwners({call.Form("co_owners")});
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
  const auto goal_months = call.FormAll("goal_months");
  const auto goal_rates = call.FormAll("goal_rate");
  const auto goal_texts = call.FormAll("goal_text");
  if (goal_months.size() != goal_rates.size() || goal_months.size() != goal_texts.size()) {
    return Error::InvalidInput("年度目標の欄がそろっていません");
  }
  i.period_goals.clear();
  for (std::size_t k = 0; k < goal_months.size(); ++k) {
    const std::string text = text::NormalizedText(goal_texts[k]);
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
      const std::string text = text::NormalizedText(texts[k]);
      if (text.empty() && text::Trim(months[k]).empty()) continue;
      TORIKUMI_ASSIGN_OR_RETURN(auto set, months_of(label, k, months[k]));
      entries->push_back({set, text});
    }
  }
  return i;
}

Result<std::int64_t> VersionOf(const Call& call) {
  const std::string v = call.Form("version");
  char* end = nullptr;
  const long long version = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || end != v.c_str() + v.size() || version < 1) {
    return Error::InvalidInput("版が指定されていません");
  }
  return version;
}

// The initiative's page for the report month, with a draft the user sent back and what went wrong.
Result<Response> InitiativePage(const Call& call, const ReportMonth& report,
                                const std::optional<ProgressDraft>& draft, std::string_view error,
                                int status) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(actor, call.year, call.no));
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, workspace.RatingScale(actor, call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto reports, workspace.Reports(actor, call.year, report.month));
  std::erase_if(reports, [&](const model::MonthReport& r) { return r.no != call.no; });
  const auto may = workspace.PermissionsFor(actor, call.year, stored.initiative);
  return Response::Html(status, RenderStaffInitiative(*call.staff, stored, scale, may, report.month,
                                                      report.open, reports, draft, error));
}

// The edit form as stored, or with the user's edit, an error or the newer version.
struct EditPage {
  const Call& call;
  store::StoredInitiative stored;
  model::RatingScale scale;

  Response Show(int status, const model::Initiative& edited, std::int64_t version,
                std::string_view error, const store::StoredInitiative* newer) const {
    return Response::Html(status, RenderEditPage(*call.staff, edited, version, scale,
                                                 call.Actor().IsCoordinator(), error, newer));
  }
};

Result<EditPage> EditPageOf(const Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(actor, call.year, call.no));
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, workspace.RatingScale(actor, call.year));
  if (!workspace.PermissionsFor(actor, call.year, stored.initiative).edit) {
    return Error::Forbidden("この取組を編集する権限がありません");
  }
  return EditPage{call, std::move(stored), std::move(scale)};
}

}  // namespace

Result<Response> Home(Call& call) {
  if (call.staff->years.empty()) return Page(RenderNoYearPage(*call.staff));
  return Response::Redirect(YearBase(call.staff->years.front()));
}

Result<Response> YearWithoutSlash(Call& call) {
  return Response::Redirect(YearBase(call.year), 301);
}

Result<Response> List(Call& call) {
  return KeptStaffPage(call, [&]() -> Result<Response> {
    auto& workspace = call.services.workspace;
    const service::Actor actor = call.Actor();
    TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
    const store::InitiativeFilter filter = call.Filter();
    TORIKUMI_ASSIGN_OR_RETURN(auto list, workspace.List(actor, call.year, filter));
    TORIKUMI_ASSIGN_OR_RETURN(auto reports, workspace.Reports(actor, call.year, report.month));
    std::map<int, model::MonthReport> by_no;
    for (auto& r : reports) {
      if (!r.IsNote()) by_no[r.no] = r;
    }
    return Page(RenderStaffList(*call.staff, list, filter, report.month, report.open, by_no));
  });
}

Result<Response> Initiative(Call& call) {
  return KeptStaffPage(call, [&]() -> Result<Response> {
    TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
    return InitiativePage(call, report, std::nullopt, "", 200);
  });
}

Result<Response> EditForm(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const EditPage page, EditPageOf(call));
  return page.Show(200, page.stored.initiative, page.stored.version, "", nullptr);
}

Result<Response> SaveEdit(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const EditPage page, EditPageOf(call));
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t version, VersionOf(call));
  auto edited = EditedInitiative(call, page.stored.initiative);
  if (!edited) {
    return page.Show(400, page.stored.initiative, version, edited.error().message(), nullptr);
  }
  auto saved = call.services.workspace.Update(call.Actor(), call.year, *edited, version);
  if (saved) return Response::SeeOther(InitiativePath(call) + "?saved=1");
  switch (saved.error().code()) {
    case Error::Code::kConflict:
      // Nothing is lost: the user's edit stays in the form, beside the newer version.
      return page.Show(409, *edited, page.stored.version, "", &page.stored);
    case Error::Code::kInvalidInput:
      return page.Show(400, *edited, version, saved.error().message(), nullptr);
    default:
      return saved.error();
  }
}

Result<Response> SaveProgress(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t version, VersionOf(call));
  TORIKUMI_ASSIGN_OR_RETURN(const ReportMonth report, ReportMonthOf(call));
  const int month = report.month;
  const std::string text = text::NormalizedText(call.Form("text"));
  const bool has_rating = call.form.count("rating") > 0;
  service::TypedFigures figures;
  if (call.form.count("achievement")) figures.rate = call.Form("achievement");
  for (int k = 0; call.form.count("indicator_" + std::to_string(k)); ++k) {
    const std::string n = std::to_string(k);
    figures.actuals.push_back(
        {call.Form("indicator_" + n), call.Form("actual_" + n), call.Form("actual_note_" + n)});
  }
  auto saved = workspace.WriteMonthProgress(
      actor, call.year, call.no, month, text,
      has_rating ? std::optional(call.Form("rating")) : std::nullopt, version, figures);
  if (saved && call.Form("action") == "submit") {
    if (auto submitted = workspace.Submit(actor, call.year, month, {call.no}); !submitted) {
      return InitiativePage(call, report, std::nullopt,
                            "保存しましたが提出できません: " + submitted.error().message(),
                            HttpStatusOf(submitted.error()));
    }
  }
  if (saved) return Response::SeeOther(InitiativePath(call) + "?month=" + std::to_string(month));
  const ProgressDraft draft{month, text, call.Form("rating"), figures};
  std::string message = saved.error().message();
  if (saved.error().code() == Error::Code::kConflict) {
    message =
        "ほかの人が先にこの取組を更新しました。あなたの入力は下に残っています。最新の内容を"
        "確かめてから、もう一度保存してください。";
  } else if (saved.error().code() == Error::Code::kUnavailable) {
    message +=
        "入力した内容は保存されていませんが、下に残っています。しばらくしてから、もう一度"
        "保存してください。";
  }
  return InitiativePage(call, report, draft, message, HttpStatusOf(saved.error()));
}

Result<Response> IndicatorsForm(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(actor, call.year, call.no));
  if (!workspace.PermissionsFor(actor, call.year, stored.initiative).edit) {
    return Error::Forbidden("この取組の指標を編集する権限がありません");
  }
  return Page(RenderIndicatorsPage(*call.staff, stored, TypedIndicatorsOf(stored.initiative),
                                   stored.version, actor.IsCoordinator(), ""));
}

Result<Response> SaveIndicators(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t version, VersionOf(call));
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(actor, call.year, call.no));
  std::vector<service::TypedIndicator> typed;
  for (int k = 0; call.form.count("name_" + std::to_string(k)); ++k) {
    const std::string n = std::to_string(k);
    if (!call.Form("remove_" + n).empty()) continue;
    service::TypedIndicator t;
    std::size_t was = 0;
    const std::string was_text = call.Form("was_" + n);
    const auto [end, error] =
        std::from_chars(was_text.data(), was_text.data() + was_text.size(), was);
    if (error == std::errc() && end == was_text.data() + was_text.size()) t.was = was;
    t.name = call.Form("name_" + n);
    t.unit = call.Form("unit_" + n);
    t.direction = call.Form("direction_" + n);
    t.kind = call.Form("kind_" + n);
    t.baseline = call.Form("baseline_" + n);
    t.baseline_year = call.Form("baseline_year_" + n);
    t.target = call.Form("target_" + n);
    t.final_target = call.Form("final_target_" + n);
    t.final_year = call.Form("final_year_" + n);
    for (int month = 1; month <= 12; ++month) {
      const std::string key = "milestone_" + n + "_" + std::to_string(month);
      if (call.form.count(key)) t.milestones.emplace_back(month, call.Form(key));
    }
    typed.push_back(std::move(t));
  }
  auto saved = workspace.SaveIndicators(actor, call.year, call.no, typed, version);
  if (saved) return Response::SeeOther(InitiativePath(call) + "?saved=1");
  std::string message = saved.error().message();
  if (saved.error().code() == Error::Code::kConflict) {
    message =
        "ほかの人が先にこの取組を更新しました。あなたの入力は下に残っています。確かめてから、"
        "もう一度保存してください。";
  } else if (saved.error().code() != Error::Code::kInvalidInput) {
    return saved.error();
  }
  return Response::Html(HttpStatusOf(saved.error()),
                        RenderIndicatorsPage(*call.staff, stored, typed, stored.version,
                                             actor.IsCoordinator(), message));
}

Result<Response> NewInitiative(Call& call) {
  auto& workspace = call.services.workspace;
  model::Initiative proposed;
  TORIKUMI_ASSIGN_OR_RETURN(proposed.no, workspace.NextNo(call.Actor(), call.year));
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, workspace.RatingScale(call.Actor(), call.year));
  return Page(RenderNewInitiativePage(*call.staff, proposed, scale, ""));
}

Result<Response> AddInitiative(Call& call) {
  auto& workspace = call.services.workspace;
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, workspace.RatingScale(call.Actor(), call.year));
  model::Initiative empty;
  empty.no = ParseNumber(call.Form("no"), 1, 1'000'000).value_or(0);
  auto added = EditedInitiative(call, empty);
  if (added) {
    auto done = workspace.AddInitiative(call.Actor(), call.year, *added);
    if (done) {
      return Response::SeeOther(StaffYearBase(call.year) + "initiatives/" +
                                std::to_string(added->no) + "?saved=1");
    }
    if (done.error().code() != Error::Code::kInvalidInput &&
        done.error().code() != Error::Code::kConflict) {
      return done.error();
    }
    return Response::Html(
        HttpStatusOf(done.error()),
        RenderNewInitiativePage(*call.staff, *added, scale, done.error().message()));
  }
  return Response::Html(
      400, RenderNewInitiativePage(*call.staff, empty, scale, added.error().message()));
}

Result<Response> DeleteInitiative(Call& call) {
  if (text::Trim(call.Form("confirm")) != std::to_string(call.no)) {
    return Error::InvalidInput("削除するには、確認のため No. を入力してください");
  }
  TORIKUMI_RETURN_IF_ERROR(
      call.services.workspace.DeleteInitiative(call.Actor(), call.year, call.no));
  return Response::SeeOther(StaffYearBase(call.year) + "?saved=1");
}

// The form's kind is 終了 or 廃止 to end the initiative, or empty to take its ending back.
Result<Response> SetEnding(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(const EditPage page, EditPageOf(call));
  TORIKUMI_ASSIGN_OR_RETURN(const std::int64_t version, VersionOf(call));
  std::optional<model::Ending> ending;
  if (const std::string kind = call.Form("kind"); !kind.empty()) {
    const auto named = model::EndingKindNamed(kind);
    if (!named) return Error::InvalidInput("終了か廃止かを選んでください");
    ending = model::Ending{*named, call.Form("reason")};
  }
  auto saved = call.services.workspace.SetEnding(call.Actor(), call.year, call.no, ending, version);
  if (saved) return Response::SeeOther(InitiativePath(call) + "?saved=1");
  if (saved.error().code() == Error::Code::kInvalidInput ||
      saved.error().code() == Error::Code::kConflict) {
    return page.Show(HttpStatusOf(saved.error()), page.stored.initiative, page.stored.version,
                     saved.error().message(), nullptr);
  }
  return saved.error();
}

Result<Response> History(Call& call) {
  auto& workspace = call.services.workspace;
  const service::Actor actor = call.Actor();
  TORIKUMI_ASSIGN_OR_RETURN(auto stored, workspace.Initiative(actor, call.year, call.no));
  TORIKUMI_ASSIGN_OR_RETURN(auto history, workspace.History(actor, call.year, call.no));
  return Page(RenderHistory(*call.staff, call.no, stored.initiative.title, history));
}

}  // namespace torikumi::web::staff
