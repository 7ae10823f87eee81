// Indicators and achievement through the service, as each role meets them: the coordinator
// defines an indicator, the owner section reports the 全体達成率 and actuals with its monthly
// report, typed as people type numbers, and only what the coordinator approved is published.
// Runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include "model/review.h"
#include "service/fixture.h"
#include "sheet/json.h"

namespace torikumi::service {
namespace {

using model::ReportState;
using testing::CodeOf;

// No. 2 is 企画政策課's alone; No. 1 is 企画政策課's, co-owned by ICT推進課.
class FiguresTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
    ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 5).ok());
    for (int no : {1, 2}) {
      model::Initiative defined = Stored(no).initiative;
      defined.indicators.push_back(Consultations());
      auto updated = workspace_->Update(coordinator_, 2025, defined, Stored(no).version);
      ASSERT_TRUE(updated.ok()) << updated.error().ToString();
    }
  }

  static model::Indicator Consultations() {
    model::Indicator x;
    x.name = "相談件数";
    x.unit = "件";
    x.kind = model::IndicatorKind::kMonthly;
    x.baseline = 1000;
    x.baseline_year = 2023;
    x.target = 1200;
    x.milestones = {{10, 700}};
    x.final_target = 1500;
    x.final_year = 2030;
    return x;
  }

  Result<std::int64_t> Report(const Actor& actor, int no, int month, TypedFigures figures,
                              const std::string& text = "") {
    return workspace_->WriteMonthProgress(actor, 2025, no, month, text, std::nullopt,
                                          Stored(no).version, figures);
  }

  static TypedFigures Typed(std::string rate, std::string value, std::string note = "") {
    return {std::move(rate), {{"相談件数", std::move(value), std::move(note)}}};
  }

  ReportState StateOf(int no, int month) {
    auto reports = workspace_->Reports(coordinator_, 2025, month);
    for (const auto& r : *reports) {
      if (r.no == no && !r.IsNote()) return r.state;
    }
    return ReportState::kNotStarted;
  }
};

TEST_F(FiguresTest, OnlyCoordinatorsDefineIndicatorsAndOwnersEditTheirTargets) {
  model::Initiative edited = Stored(2).initiative;
  edited.indicators.push_back(Consultations());
  edited.indicators.back().name = "参加者数";
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku_, 2025, edited, Stored(2).version)),
            Error::Code::kForbidden);
  edited = Stored(2).initiative;
  edited.indicators[0].unit = "人";
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku_, 2025, edited, Stored(2).version)),
            Error::Code::kForbidden);
  edited = Stored(2).initiative;
  edited.indicators[0].target = 1300;
  edited.indicators[0].milestones = {{9, 650}};
  ASSERT_TRUE(workspace_->Update(kikaku_, 2025, edited, Stored(2).version).ok());
  EXPECT_EQ(Stored(2).initiative.indicators[0].target, 1300);
  // A name longer than a line is refused.
  edited = Stored(2).initiative;
  edited.indicators[0].name = std::string(201 * 3, 'x');
  EXPECT_EQ(CodeOf(workspace_->Update(coordinator_, 2025, edited, Stored(2).version)),
            Error::Code::kInvalidInput);
  // Two indicators of one name are refused, whoever asks.
  edited = Stored(2).initiative;
  edited.indicators.push_back(edited.indicators[0]);
  EXPECT_EQ(CodeOf(workspace_->Update(coordinator_, 2025, edited, Stored(2).version)),
            Error::Code::kInvalidInput);
}

TEST_F(FiguresTest, NumbersAreReadAsPeopleTypeThemAndRefusedNamingTheField) {
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("３０", "１，２３４", "窓口と出張相談")).ok());
  const model::Initiative after = Stored(2).initiative;
  EXPECT_EQ(model::AchievementOf(after.achievements, 4), 30);
  ASSERT_NE(model::ActualOf(after.indicators[0], 4), nullptr);
  EXPECT_EQ(model::ActualOf(after.indicators[0], 4)->value, 1234);
  EXPECT_EQ(model::ActualOf(after.indicators[0], 4)->note, "窓口と出張相談");
  EXPECT_EQ(StateOf(2, 4), ReportState::kDraft);

  for (const auto& [figures, field] : std::vector<std::pair<TypedFigures, std::string>>{
           {Typed("30", "約30"), "4月の「相談件数」の実績値"},
           {Typed("30", "30人"), "4月の「相談件数」の実績値"},
           {Typed("30%", "30"), "4月の全体達成率"},
           {Typed("120", "30"), "4月の全体達成率"},
           {Typed("30", "", "備考だけ"), "4月の「相談件数」の実績値"}}) {
    auto refused = Report(kikaku_, 2, 4, figures);
    ASSERT_EQ(CodeOf(refused), Error::Code::kInvalidInput) << field;
    EXPECT_NE(refused.error().message().find(field), std::string::npos)
        << refused.error().message();
  }
  // A note longer than a page shows, or a spreadsheet cell holds, is refused too.
  std::string long_note;
  for (int k = 0; k < 2001; ++k) long_note += "あ";
  auto too_long = Report(kikaku_, 2, 4, Typed("30", "30", long_note));
  ASSERT_EQ(CodeOf(too_long), Error::Code::kInvalidInput);
  EXPECT_NE(too_long.error().message().find("4月の備考は 2,000 文字まで"), std::string::npos)
      << too_long.error().message();
  // Nothing of a refused report was written.
  EXPECT_EQ(Stored(2).initiative, after);
  // Blank fields remove the month's figures.
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("", "")).ok());
  EXPECT_TRUE(Stored(2).initiative.achievements.empty());
  EXPECT_TRUE(Stored(2).initiative.indicators[0].actuals.empty());
  // A co-owning section writes its note, not the owner's figures.
  EXPECT_EQ(CodeOf(Report(ict_, 1, 4, Typed("10", "5"))), Error::Code::kForbidden);
}

TEST_F(FiguresTest, OnlyApprovedFiguresArePublishedAndApprovalHolds) {
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("10", "100")).ok());
  ASSERT_TRUE(Report(kikaku_, 2, 5, Typed("20", "120")).ok());
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 4, {2}).ok());
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 5, {2}).ok());
  ASSERT_TRUE(workspace_->Approve(coordinator_, 2025, 4, {2}).ok());
  ASSERT_TRUE(workspace_->Return(coordinator_, 2025, 5, {2}, "件数を確認してください").ok());
  // An approved month's figures hold: nobody changes them until it is reopened.
  EXPECT_EQ(CodeOf(Report(kikaku_, 2, 4, Typed("11", "101"))), Error::Code::kForbidden);

  auto publication = workspace_->Publish(coordinator_, 2025, "2025-06-05");
  ASSERT_TRUE(publication.ok()) << publication.error().ToString();
  auto published = store_->LoadInitiative(store::SheetKey::Published(2025, publication->id), 2);
  ASSERT_TRUE(published.ok() && published->has_value());
  const model::Initiative& p = **published;
  EXPECT_EQ(p.achievements, (std::vector<model::Achievement>{{4, 10}}));
  ASSERT_EQ(p.indicators.size(), 1u);
  EXPECT_EQ(p.indicators[0].actuals, (std::vector<model::Actual>{{4, 100, ""}}));
  EXPECT_EQ(p.indicators[0].target, 1200);
  EXPECT_EQ(p.indicators[0].milestones, Consultations().milestones);

  // Corrected and approved, May is in the next publication.
  ASSERT_TRUE(Report(kikaku_, 2, 5, Typed("20", "125")).ok());
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 5, {2}).ok());
  ASSERT_TRUE(workspace_->Approve(coordinator_, 2025, 5, {2}).ok());
  auto next = workspace_->Publish(coordinator_, 2025, "2025-07-05");
  ASSERT_TRUE(next.ok());
  auto again = store_->LoadInitiative(store::SheetKey::Published(2025, next->id), 2);
  EXPECT_EQ((**again).indicators[0].actuals,
            (std::vector<model::Actual>{{4, 100, ""}, {5, 125, ""}}));
  EXPECT_EQ(model::ValueBy((**again).indicators[0], 5), 225);
}

TEST_F(FiguresTest, ImportsKeepFiguresUnlessTheFileCarriesThem) {
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("10", "100")).ok());
  const model::Initiative before = Stored(2).initiative;
  // The 14-column TSV has no place for figures: the workspace's stay.
  const std::string seed =
      testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  ASSERT_TRUE(sheets_->Import("seed.tsv", seed, {}).ok());
  EXPECT_EQ(Stored(2).initiative.indicators, before.indicators);
  EXPECT_EQ(Stored(2).initiative.achievements, before.achievements);
  // The canonical JSON carries them, and round-trips.
  auto exported = sheets_->Export(2025, {SheetFormat::kJson});
  ASSERT_TRUE(exported.ok());
  auto sheet = sheet::ReadSheetJson(exported->bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.error().ToString();
  EXPECT_TRUE(sheet->carries_figures);
  EXPECT_EQ(sheet->initiatives[1].indicators, before.indicators);
  EXPECT_EQ(sheet::WriteSheetJson(*sheet), exported->bytes);
  sheet->initiatives[1].indicators[0].target = 1400;
  ImportOptions replace;
  replace.reports = store::ReportsOnImport::kReplace;
  ASSERT_TRUE(sheets_->Import("year.json", sheet::WriteSheetJson(*sheet), replace).ok());
  EXPECT_EQ(Stored(2).initiative.indicators[0].target, 1400);
}

TEST_F(FiguresTest, CarryOverTakesIndicatorsAndTargetsNotActualsAndSearchFindsThem) {
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("10", "100")).ok());
  ASSERT_TRUE(workspace_->CarryOver(coordinator_, 2025, 2026).ok());
  auto next = workspace_->Initiative(coordinator_, 2026, 2);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->initiative.indicators.size(), 1u);
  model::Indicator expected = Consultations();
  EXPECT_EQ(next->initiative.indicators[0], expected);
  EXPECT_TRUE(next->initiative.achievements.empty());

  store::InitiativeFilter filter;
  filter.query = "相談件数";
  auto found = workspace_->List(coordinator_, 2025, filter);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->rows.size(), 2u);
  EXPECT_EQ(found->rows[0].no, 1);
}

TEST_F(FiguresTest, TheIndicatorsTableRoundTripsInUtf8AndCp932AndNamesWhereItIsWrong) {
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("10", "1,234.5", "窓口, \"出張\"\n含む")).ok());
  const model::Initiative before = Stored(2).initiative;
  for (auto encoding : {text::Encoding::kUtf8, text::Encoding::kCp932}) {
    auto exported = sheets_->Export(2025, {SheetFormat::kIndicators, encoding});
    ASSERT_TRUE(exported.ok());
    EXPECT_EQ(exported->substitutions.total, 0);
    // Emptied, then imported back: the same indicators, actuals and notes.
    model::Initiative emptied = Stored(2).initiative;
    emptied.indicators[0].target.reset();
    emptied.indicators[0].milestones.clear();
    ASSERT_TRUE(workspace_->Update(coordinator_, 2025, emptied, Stored(2).version).ok());
    auto imported = sheets_->Import("r7-indicators.csv", exported->bytes, {});
    ASSERT_TRUE(imported.ok()) << imported.error().ToString();
    EXPECT_EQ(imported->encoding, encoding == text::Encoding::kCp932 ? "CP932" : "UTF-8");
    EXPECT_EQ(Stored(2).initiative.indicators, before.indicators);
    EXPECT_EQ(Stored(2).initiative.achievements, before.achievements);
  }
  auto exported = sheets_->Export(2025, {SheetFormat::kIndicators, text::Encoding::kUtf8});
  std::string wrong = exported->bytes;
  const std::size_t at = wrong.find("1234.5");
  ASSERT_NE(at, std::string::npos);
  wrong.replace(at, 6, "約1234");
  auto refused = sheets_->Import("r7-indicators.csv", wrong, {});
  ASSERT_EQ(CodeOf(refused), Error::Code::kInvalidInput);
  EXPECT_NE(refused.error().ToString().find("r7-indicators.csv:"), std::string::npos)
      << refused.error().ToString();
  EXPECT_NE(refused.error().message().find("「実績値」"), std::string::npos);
  EXPECT_EQ(Stored(2).initiative.indicators, before.indicators);
}

TEST_F(FiguresTest, TheDashboardListsGoalsAndIndicatorsOffTrack) {
  // April: 50 consultations where the path to October's 700 asks 100; 5% of the way where
  // the straight path to 70% by October asks 20% by May.
  ASSERT_TRUE(Report(kikaku_, 2, 4, Typed("5", "50")).ok());
  auto dashboard = workspace_->MonthDashboard(coordinator_, 2025, 5);
  ASSERT_TRUE(dashboard.ok()) << dashboard.error().ToString();
  ASSERT_EQ(dashboard->indicators_behind.size(), 1u);
  EXPECT_EQ(dashboard->indicators_behind[0].initiative.no, 2);
  EXPECT_EQ(dashboard->indicators_behind[0].month, 4);
  EXPECT_DOUBLE_EQ(dashboard->indicators_behind[0].expected, 100);
  ASSERT_EQ(dashboard->goals_behind_path.size(), 1u);
  EXPECT_EQ(dashboard->goals_behind_path[0].initiative.no, 2);
  EXPECT_DOUBLE_EQ(*dashboard->goals_behind_path[0].expected, 20);
  EXPECT_TRUE(dashboard->goals_below_target.empty());
  ASSERT_EQ(dashboard->indicators_by_department.size(), 1u);
  EXPECT_EQ(dashboard->indicators_by_department[0].behind, 1);
  EXPECT_EQ(dashboard->indicators_by_department[0].unknown, 1);  // No.1: no actual yet

  // By November the first goal has ended, below its 70%.
  auto november = workspace_->MonthDashboard(coordinator_, 2025, 11);
  ASSERT_TRUE(november.ok());
  ASSERT_EQ(november->goals_below_target.size(), 1u);
  EXPECT_EQ(november->goals_below_target[0].months, "4月～10月");
  EXPECT_EQ(november->goals_below_target[0].stated, 5);
}

}  // namespace
}  // namespace torikumi::service
