// The permission rules and the review cycle, proven on the service layer with a real
// SQLite file.

#include "service/workspace_service.h"

#include <gtest/gtest.h>

#include "service/fixture.h"
#include "service/installation_service.h"
#include "sheet/json.h"

namespace torikumi::service {
namespace {

using model::ReportState;
using testing::WorkspaceFixture;

using testing::CodeOf;

class WorkspaceServiceTest : public WorkspaceFixture {
 protected:
  ReportState StateOf(int no, int month) {
    auto reports = workspace_->Reports(coordinator_, 2025, month);
    EXPECT_TRUE(reports.ok());
    for (const auto& r : *reports) {
      if (r.no == no && r.section.empty()) return r.state;
    }
    return ReportState::kNotStarted;
  }
};

TEST_F(WorkspaceServiceTest, EditorEditsInitiativesOfItsSection) {
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.overview = "概要を書き直した";
  auto saved = workspace_->Update(kikaku_, 2025, edited, stored.version);
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  EXPECT_EQ(*saved, stored.version + 1);
  EXPECT_EQ(Stored(1).initiative.overview, "概要を書き直した");
}

// Every format carries what is kept: text an Excel cell cannot hold is refused where it is
// written, naming the column, and a publication's XLSX never fails on it later.
TEST_F(WorkspaceServiceTest, TextLongerThanAnExcelCellIsRefused) {
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.overview = std::string(32'768, 'x');
  auto saved = workspace_->Update(kikaku_, 2025, edited, stored.version);
  ASSERT_EQ(CodeOf(saved), Error::Code::kInvalidInput);
  EXPECT_NE(saved.error().message().find("No. 1 の「取組の概要」が長すぎます"), std::string::npos);
  edited.overview = std::string(32'767, 'x');
  ASSERT_TRUE(workspace_->Update(kikaku_, 2025, edited, stored.version).ok());
  // A month's report that would make the whole 進捗状況 cell too long: 20,000 characters fit,
  // twice that does not.
  const std::string half(20'000, 'y');
  ASSERT_TRUE(
      workspace_->WriteMonthProgress(kikaku_, 2025, 1, 4, half, std::nullopt, Stored(1).version)
          .ok());
  EXPECT_EQ(CodeOf(workspace_->WriteMonthProgress(kikaku_, 2025, 1, 5, half, std::nullopt,
                                                  Stored(1).version)),
            Error::Code::kInvalidInput);
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  EXPECT_TRUE(sheets_->Export(2025, {service::SheetFormat::kXlsx}).ok());
  // A file with such a cell is refused whole, naming the file.
  std::string tsv = testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  const std::size_t overview = tsv.find("DXに向けた事業再検証");
  ASSERT_NE(overview, std::string::npos);
  tsv.insert(overview, std::string(33'000, 'z'));
  auto imported = sheets_->Import("long.tsv", tsv, {});
  ASSERT_EQ(CodeOf(imported), Error::Code::kInvalidInput);
  EXPECT_NE(imported.error().ToString().find("long.tsv"), std::string::npos);
}

TEST_F(WorkspaceServiceTest, EditorCannotEditAnotherSectionsInitiative) {
  auto stored = Stored(3);
  model::Initiative edited = stored.initiative;
  edited.title = "乗っ取り";
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku_, 2025, edited, stored.version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->WriteMonthProgress(kikaku_, 2025, 3, 4, "x", std::nullopt,
                                                  stored.version)),
            Error::Code::kForbidden);
  EXPECT_EQ(Stored(3).initiative, stored.initiative);
}

TEST_F(WorkspaceServiceTest, EditorCannotMoveAnInitiativeToAnotherSection) {
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.section = "ICT推進課";
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku_, 2025, edited, stored.version)),
            Error::Code::kForbidden);
  EXPECT_TRUE(workspace_->Update(coordinator_, 2025, edited, stored.version).ok());
}

TEST_F(WorkspaceServiceTest, CoOwnerWritesItsOwnNoteOnly) {
  // ICT推進課 co-owns No. 1.
  auto stored = Stored(1);
  model::Initiative retitled = stored.initiative;
  retitled.title = "共同所管が変更";
  EXPECT_EQ(CodeOf(workspace_->Update(ict_, 2025, retitled, stored.version)),
            Error::Code::kForbidden);
  model::Initiative rewritten = stored.initiative;
  rewritten.progress[0].text = "既存の進捗を書き換え";
  EXPECT_EQ(CodeOf(workspace_->Update(ict_, 2025, rewritten, stored.version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->WriteMonthProgress(ict_, 2025, 1, 5, "x", std::string("↘"),
                                                  stored.version)),
            Error::Code::kForbidden);

  auto added = workspace_->WriteMonthProgress(ict_, 2025, 1, 5, "システム面の調整を行った。",
                                              std::nullopt, stored.version);
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  const model::Initiative after = Stored(1).initiative;
  EXPECT_EQ(after.progress, stored.initiative.progress);  // the owner's report is untouched
  ASSERT_EQ(after.notes.size(), 1u);
  EXPECT_EQ(after.notes[0], (model::Note{"ICT推進課", 5, "システム面の調整を行った。"}));
}

TEST_F(WorkspaceServiceTest, ViewerChangesNothing) {
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.title = "閲覧者";
  EXPECT_EQ(CodeOf(workspace_->Update(viewer_, 2025, edited, stored.version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->WriteMonthProgress(viewer_, 2025, 1, 4, "x", std::nullopt,
                                                  stored.version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->OpenMonth(viewer_, 2025, 4)), Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->Publish(viewer_, 2025, "2026-01-01")), Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->CarryOver(viewer_, 2025, 2026)), Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->SaveRatingScale(viewer_, 2025, model::RatingScale::Default())),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->RenameSection(viewer_, 2025, "企画政策課", "政策課")),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->AuditLog(viewer_, 10)), Error::Code::kForbidden);
  // …but reads everything, drafts included.
  EXPECT_TRUE(workspace_->List(viewer_, 2025, {}).ok());
  EXPECT_TRUE(workspace_->Initiative(viewer_, 2025, 3).ok());
}

TEST_F(WorkspaceServiceTest, OnlyCoordinatorsRunTheYear) {
  for (const Actor* editor : {&kikaku_, &ict_}) {
    EXPECT_EQ(CodeOf(workspace_->OpenMonth(*editor, 2025, 4)), Error::Code::kForbidden);
    EXPECT_EQ(CodeOf(workspace_->Publish(*editor, 2025, "2026-01-01")), Error::Code::kForbidden);
    EXPECT_EQ(CodeOf(workspace_->CarryOver(*editor, 2025, 2026)), Error::Code::kForbidden);
  }
  EXPECT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  EXPECT_TRUE(workspace_->Publish(administrator_, 2025, "2026-01-01").ok());
}

TEST_F(WorkspaceServiceTest, StaleEditIsAConflictAndTheFirstEditStays) {
  auto stored = Stored(1);
  model::Initiative first = stored.initiative;
  first.overview = "一人目";
  model::Initiative second = stored.initiative;
  second.overview = "二人目";
  ASSERT_TRUE(workspace_->Update(kikaku_, 2025, first, stored.version).ok());
  EXPECT_EQ(CodeOf(workspace_->Update(coordinator_, 2025, second, stored.version)),
            Error::Code::kConflict);
  EXPECT_EQ(Stored(1).initiative.overview, "一人目");
}

TEST_F(WorkspaceServiceTest, MonthlyCycleFromDraftToApproval) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  EXPECT_EQ(StateOf(1, 4), ReportState::kNotStarted);
  auto written = workspace_->WriteMonthProgress(kikaku_, 2025, 1, 4, "審議会を開催した",
                                                std::string("→"), Stored(1).version);
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  EXPECT_EQ(StateOf(1, 4), ReportState::kDraft);

  // The co-owner submits its own note, of which it has none; the owner's report stays.
  EXPECT_EQ(CodeOf(workspace_->Submit(ict_, 2025, 4, {1})), Error::Code::kInvalidInput);
  EXPECT_EQ(StateOf(1, 4), ReportState::kDraft);
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 4, {1}).ok());
  EXPECT_EQ(StateOf(1, 4), ReportState::kSubmitted);
  // Submitted: the editor waits for the review.
  EXPECT_EQ(CodeOf(workspace_->WriteMonthProgress(kikaku_, 2025, 1, 4, "直したい", std::nullopt,
                                                  Stored(1).version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->Approve(kikaku_, 2025, 4, {1})), Error::Code::kForbidden);

  EXPECT_EQ(CodeOf(workspace_->Return(coordinator_, 2025, 4, {1}, "")), Error::Code::kInvalidInput);
  ASSERT_TRUE(workspace_->Return(coordinator_, 2025, 4, {1}, "日付を書いてください").ok());
  EXPECT_EQ(StateOf(1, 4), ReportState::kReturned);
  auto reports = workspace_->Reports(kikaku_, 2025, 4);
  EXPECT_EQ(reports->at(0).comment, "日付を書いてください");

  ASSERT_TRUE(workspace_
                  ->WriteMonthProgress(kikaku_, 2025, 1, 4, "4月21日に審議会を開催した",
                                       std::nullopt, Stored(1).version)
                  .ok());
  EXPECT_EQ(StateOf(1, 4), ReportState::kDraft);
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 4, {1}).ok());
  ASSERT_TRUE(workspace_->Approve(coordinator_, 2025, 4, {1}).ok());
  EXPECT_EQ(StateOf(1, 4), ReportState::kApproved);
  EXPECT_EQ(CodeOf(workspace_->Approve(coordinator_, 2025, 4, {1})), Error::Code::kConflict);
}

TEST_F(WorkspaceServiceTest, ReportsOnlyForOpenedMonths) {
  EXPECT_EQ(CodeOf(workspace_->Submit(kikaku_, 2025, 5, {1})), Error::Code::kInvalidInput);
}

TEST_F(WorkspaceServiceTest, BulkApprovalIsAllOrNothing) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  ASSERT_TRUE(workspace_->Submit(kikaku_, 2025, 6, {1, 2}).ok());
  ASSERT_TRUE(workspace_->Submit(ict_, 2025, 6, {3}).ok());
  // No. 4 was never submitted: approving 1, 2 and 4 together changes nothing.
  EXPECT_EQ(CodeOf(workspace_->Approve(coordinator_, 2025, 6, {1, 2, 4})), Error::Code::kConflict);
  EXPECT_EQ(StateOf(1, 6), ReportState::kSubmitted);
  ASSERT_TRUE(workspace_->Approve(coordinator_, 2025, 6, {1, 2, 3}).ok());
  for (int no : {1, 2, 3}) EXPECT_EQ(StateOf(no, 6), ReportState::kApproved);
  auto board = workspace_->ReportingBoard(coordinator_, 2025, 6);
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->totals[ReportState::kApproved], 3);
  EXPECT_EQ(board->totals[ReportState::kNotStarted], 1);
}

TEST_F(WorkspaceServiceTest, PublicationIsASnapshotThePublicSeesWhileStaffEdit) {
  EXPECT_EQ(CodeOf(portal_->Publication(2025, std::nullopt)), Error::Code::kNotFound);
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.overview = "公開後の下書き";
  ASSERT_TRUE(workspace_->Update(kikaku_, 2025, edited, stored.version).ok());

  auto publication = portal_->Publication(2025, std::nullopt);
  ASSERT_TRUE(publication.ok());
  EXPECT_EQ(publication->published_on, "2025-10-31");
  EXPECT_NE(portal_->Initiative(*publication, 1)->overview, "公開後の下書き");

  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-11-30").ok());
  auto latest = portal_->Publication(2025, std::nullopt);
  EXPECT_EQ(portal_->Initiative(*latest, 1)->overview, "公開後の下書き");
  // The earlier publication stays as it was.
  EXPECT_NE(portal_->Initiative(*publication, 1)->overview, "公開後の下書き");
  EXPECT_EQ(portal_->Publications(2025)->size(), 2u);
  EXPECT_EQ(CodeOf(workspace_->Publish(coordinator_, 2025, "2025-13-01")),
            Error::Code::kInvalidInput);
}

TEST_F(WorkspaceServiceTest, AWithdrawnPublicationStaysListedAndTheOneBeforeIsLatestAgain) {
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.title = "誤って公開した題名";
  ASSERT_TRUE(workspace_->Update(coordinator_, 2025, edited, stored.version).ok());
  auto mistaken = workspace_->Publish(coordinator_, 2025, "2025-11-30");
  ASSERT_TRUE(mistaken.ok());
  service::InstallationService installation(*store_);
  EXPECT_EQ(installation.SearchPublished("誤って公開", 10)->size(), 1u);

  EXPECT_EQ(CodeOf(workspace_->WithdrawPublication(kikaku_, 2025, mistaken->id, "誤り")),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->WithdrawPublication(coordinator_, 2025, mistaken->id, " ")),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(workspace_->WithdrawPublication(coordinator_, 2024, mistaken->id, "誤り")),
            Error::Code::kNotFound);
  auto withdrawn =
      workspace_->WithdrawPublication(coordinator_, 2025, mistaken->id, "題名の誤りのため");
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().ToString();
  EXPECT_TRUE(withdrawn->Withdrawn());
  EXPECT_EQ(withdrawn->withdrawn_reason, "題名の誤りのため");
  EXPECT_EQ(withdrawn->withdrawn_by, "coordinatorさん");
  EXPECT_EQ(CodeOf(workspace_->WithdrawPublication(coordinator_, 2025, mistaken->id, "again")),
            Error::Code::kConflict);

  // The one before is the latest again, for the pages and the search; the withdrawn one is
  // still listed, as withdrawn.
  auto latest = portal_->Publication(2025, std::nullopt);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->published_on, "2025-10-31");
  EXPECT_TRUE(installation.SearchPublished("誤って公開", 10)->empty());
  EXPECT_EQ(installation.SearchPublished(Stored(2).initiative.title, 10)->size(), 1u);
  auto listed = portal_->Publications(2025);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_TRUE(listed->front().Withdrawn());
  EXPECT_TRUE(portal_->Publication(2025, mistaken->id)->Withdrawn());
  // A new publication may be dated before the withdrawn one.
  EXPECT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-11-15").ok());
  EXPECT_EQ(portal_->Publication(2025, std::nullopt)->published_on, "2025-11-15");
  auto audit = workspace_->AuditLog(administrator_, 10);
  ASSERT_TRUE(audit.ok());
  bool audited = false;
  for (const auto& r : *audit) audited = audited || r.action == "sheet.withdraw";
  EXPECT_TRUE(audited);
}

TEST_F(WorkspaceServiceTest, AYearNeverPublishedCanBeDeletedAndImportedAgain) {
  const std::string sheet =
      testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  service::ImportOptions into_2029;
  into_2029.fiscal_year = 2029;
  ASSERT_TRUE(sheets_->Import("mistake.tsv", sheet, into_2029).ok());
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2029, 4).ok());
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());

  EXPECT_EQ(CodeOf(workspace_->DeleteYear(kikaku_, 2029)), Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->DeleteYear(coordinator_, 2025)), Error::Code::kConflict);
  EXPECT_EQ(CodeOf(workspace_->DeleteYear(coordinator_, 2031)), Error::Code::kNotFound);
  ASSERT_TRUE(workspace_->DeleteYear(coordinator_, 2029).ok());
  EXPECT_EQ(*workspace_->Years(viewer_), std::vector<int>{2025});
  EXPECT_EQ(CodeOf(workspace_->Initiative(viewer_, 2029, 1)), Error::Code::kNotFound);
  // The year may come again, with nothing of the deleted one left: no opened month, and
  // a search index that knows each initiative once.
  ASSERT_TRUE(sheets_->Import("again.tsv", sheet, into_2029).ok());
  EXPECT_TRUE(workspace_->ReportingMonths(viewer_, 2029)->empty());
  EXPECT_EQ(workspace_->List(viewer_, 2029, {"", "", "", "", "", Stored(2).initiative.title})
                ->rows.size(),
            1u);
  EXPECT_EQ(workspace_->Initiative(viewer_, 2029, 2)->initiative.title, Stored(2).initiative.title);
}

TEST_F(WorkspaceServiceTest, CoordinatorsAddInitiativesAndDeleteThoseNeverPublished) {
  model::Initiative added = Stored(2).initiative;
  added.no = *workspace_->NextNo(viewer_, 2025);
  EXPECT_EQ(added.no, 5);
  added.title = "新しい取組";
  added.rating = "";
  EXPECT_EQ(CodeOf(workspace_->AddInitiative(kikaku_, 2025, added)), Error::Code::kForbidden);
  model::Initiative taken = added;
  taken.no = 2;
  EXPECT_EQ(CodeOf(workspace_->AddInitiative(coordinator_, 2025, taken)), Error::Code::kConflict);
  model::Initiative untitled = added;
  untitled.title = "";
  EXPECT_EQ(CodeOf(workspace_->AddInitiative(coordinator_, 2025, untitled)),
            Error::Code::kInvalidInput);
  // A known section keeps its department: a new initiative never moves it.
  model::Initiative elsewhere = added;
  elsewhere.department = "総務部";
  EXPECT_EQ(CodeOf(workspace_->AddInitiative(coordinator_, 2025, elsewhere)),
            Error::Code::kInvalidInput);
  added.department = "";
  ASSERT_TRUE(workspace_->AddInitiative(coordinator_, 2025, added).ok());
  EXPECT_EQ(Stored(1).initiative.department, Stored(2).initiative.department);
  auto stored = Stored(5);
  EXPECT_EQ(stored.initiative.department, Stored(2).initiative.department);
  EXPECT_EQ(stored.initiative.title, "新しい取組");
  EXPECT_TRUE(stored.initiative.progress.empty());  // progress comes through reports
  EXPECT_EQ(stored.initiative.plan, added.plan);
  // Its section's editor edits it.
  stored.initiative.overview = "所管課が書いた概要";
  EXPECT_TRUE(workspace_->Update(kikaku_, 2025, stored.initiative, stored.version).ok());

  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  EXPECT_EQ(CodeOf(workspace_->DeleteInitiative(coordinator_, 2025, 5)), Error::Code::kConflict);
  added.no = 6;
  ASSERT_TRUE(workspace_->AddInitiative(coordinator_, 2025, added).ok());
  EXPECT_EQ(CodeOf(workspace_->DeleteInitiative(kikaku_, 2025, 6)), Error::Code::kForbidden);
  ASSERT_TRUE(workspace_->DeleteInitiative(coordinator_, 2025, 6).ok());
  EXPECT_EQ(CodeOf(workspace_->Initiative(viewer_, 2025, 6)), Error::Code::kNotFound);
  EXPECT_EQ(CodeOf(workspace_->DeleteInitiative(coordinator_, 2025, 6)), Error::Code::kNotFound);
  // The No. is free again.
  EXPECT_TRUE(workspace_->AddInitiative(coordinator_, 2025, added).ok());
}

TEST_F(WorkspaceServiceTest, AnEndedInitiativeStaysOnTheSheetMarkedAndAsksNoMoreReports) {
  const model::Ending abolished{model::Ending::Kind::kAbolished, "国の制度改正により取りやめ"};
  const std::int64_t version = Stored(2).version;
  EXPECT_EQ(CodeOf(workspace_->SetEnding(kikaku_, 2025, 2, abolished, version)),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(workspace_->SetEnding(coordinator_, 2025, 2, model::Ending{abolished.kind, "　"},
                                         version)),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(workspace_->SetEnding(coordinator_, 2025, 2, abolished, version - 1)),
            Error::Code::kConflict);
  ASSERT_TRUE(workspace_->SetEnding(coordinator_, 2025, 2, abolished, version).ok());
  EXPECT_EQ(Stored(2).initiative.ending, abolished);
  // Its editor can no longer take the ending back through an edit.
  auto stored = Stored(2);
  stored.initiative.ending.reset();
  EXPECT_EQ(CodeOf(workspace_->Update(kikaku_, 2025, stored.initiative, stored.version)),
            Error::Code::kForbidden);

  // Nobody is asked for its report; the others still are.
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 6).ok());
  auto board = workspace_->ReportingBoard(coordinator_, 2025, 6);
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->totals[ReportState::kNotStarted], 3);
  for (const auto& section : board->sections) {
    for (const auto& row : section.initiatives) EXPECT_NE(row.no, 2);
  }
  EXPECT_EQ(workspace_->List(viewer_, 2025, {})->rows[1].ending, abolished.kind);

  // The next publication holds it as abolished, with the reason.
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  auto publication = portal_->Publication(2025, std::nullopt);
  ASSERT_TRUE(publication.ok());
  EXPECT_EQ(portal_->Initiative(*publication, 2)->ending, abolished);
  EXPECT_FALSE(portal_->Initiative(*publication, 1)->ending.has_value());

  // The sheet written as TSV says so, and reads back so.
  auto tsv = sheets_->Export(2025, {SheetFormat::kTsv});
  ASSERT_TRUE(tsv.ok());
  EXPECT_NE(tsv->bytes.find("【廃止】国の制度改正により取りやめ"), std::string::npos);
  service::ImportOptions into_2030;
  into_2030.fiscal_year = 2030;
  ASSERT_TRUE(sheets_->Import("export.tsv", tsv->bytes, into_2030).ok());
  EXPECT_EQ(workspace_->Initiative(viewer_, 2030, 2)->initiative.ending, abolished);
  EXPECT_EQ(workspace_->Initiative(viewer_, 2030, 2)->initiative.rating,
            Stored(2).initiative.rating);

  // Importing the original sheet again, which knows nothing of the ending, keeps it.
  ASSERT_TRUE(
      sheets_
          ->Import("seed.tsv",
                   testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv"),
                   {})
          .ok());
  EXPECT_EQ(Stored(2).initiative.ending, abolished);

  // The next year goes on without it.
  ASSERT_TRUE(workspace_->CarryOver(coordinator_, 2025, 2026).ok());
  EXPECT_EQ(CodeOf(workspace_->Initiative(viewer_, 2026, 2)), Error::Code::kNotFound);
  EXPECT_TRUE(workspace_->Initiative(viewer_, 2026, 1).ok());

  // A mistaken ending is taken back, and the history keeps both.
  ASSERT_TRUE(workspace_->SetEnding(coordinator_, 2025, 2, std::nullopt, Stored(2).version).ok());
  EXPECT_FALSE(Stored(2).initiative.ending.has_value());
  auto history = workspace_->History(viewer_, 2025, 2);
  ASSERT_TRUE(history.ok());
  ASSERT_GE(history->size(), 2u);
  EXPECT_EQ((*history)[0].action, "initiative.resume");
  EXPECT_EQ((*history)[1].action, "initiative.end");
}

TEST_F(WorkspaceServiceTest, TheMunicipalityOnceNamedIsNamedByEveryPublicDocument) {
  service::InstallationService installation(*store_);
  ASSERT_TRUE(installation.AddMunicipality(service::Actor::CommandLine(), "282073", "伊丹市").ok());
  EXPECT_EQ(CodeOf(installation.NameMunicipality(coordinator_, "282171", "川西市")),
            Error::Code::kForbidden);
  EXPECT_EQ(CodeOf(installation.NameMunicipality(administrator_, "282170", "川西市")),
            Error::Code::kInvalidInput);  // the wrong check digit
  EXPECT_EQ(CodeOf(installation.NameMunicipality(administrator_, "282171", " ")),
            Error::Code::kInvalidInput);
  EXPECT_EQ(CodeOf(installation.NameMunicipality(administrator_, "282073", "川西市")),
            Error::Code::kConflict);  // 伊丹市's
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  auto publication = portal_->Publication(2025, std::nullopt);
  ASSERT_TRUE(publication.ok());
  const std::string stem = service::PortalService::FileStem(*publication);
  EXPECT_EQ(portal_->File(*publication, stem + ".tsv")->bytes.find("川西市"), std::string::npos);

  ASSERT_TRUE(installation.NameMunicipality(administrator_, "282171", "川西市").ok());
  EXPECT_EQ(installation.ThisMunicipality()->name, "川西市");
  EXPECT_EQ(portal_->Current().value()->municipality, (model::Municipality{"282171", "川西市"}));
  // Every file of the publication says whose it is, the cached ones too.
  EXPECT_NE(portal_->File(*publication, stem + ".tsv")
                ->bytes.find("川西市 令和7年度 取組実施プロセスシート"),
            std::string::npos);
  auto json = sheet::ReadSheetJson(portal_->File(*publication, stem + ".json")->bytes);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->municipality, (model::Municipality{"282171", "川西市"}));
  EXPECT_NE(sheets_->Export(2025, {SheetFormat::kCsv})->bytes.find("川西市"), std::string::npos);
  // The title row still gives the year back: the export imports into the same year.
  service::ImportOptions options;
  auto reimported =
      sheets_->Import("named.tsv", portal_->File(*publication, stem + ".tsv")->bytes, options);
  ASSERT_TRUE(reimported.ok()) << reimported.error().ToString();
  EXPECT_EQ(reimported->fiscal_year, 2025);
  auto audit = workspace_->AuditLog(administrator_, 5);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->front().action, "municipality.name");
  EXPECT_EQ(audit->front().after, "川西市 (282171)");
}

TEST_F(WorkspaceServiceTest, HistoryRecordsWhoChangedWhatBeforeAndAfter) {
  auto stored = Stored(2);
  model::Initiative edited = stored.initiative;
  edited.overview = "新しい概要";
  ASSERT_TRUE(workspace_->Update(kikaku_, 2025, edited, stored.version).ok());
  auto history = workspace_->History(viewer_, 2025, 2);
  ASSERT_TRUE(history.ok());
  ASSERT_GE(history->size(), 2u);  // the import, then the edit
  EXPECT_EQ(history->front().user, "kikakuさん");
  EXPECT_EQ(history->front().action, "initiative.update");
  EXPECT_NE(history->front().before.find(stored.initiative.overview), std::string::npos);
  EXPECT_NE(history->front().after.find("新しい概要"), std::string::npos);
  EXPECT_TRUE(workspace_->AuditLog(administrator_, 100).ok());
  EXPECT_EQ(CodeOf(workspace_->AuditLog(coordinator_, 100)), Error::Code::kForbidden);
}

TEST_F(WorkspaceServiceTest, CarryOverStartsTheNextYearWithoutProgress) {
  auto carried = workspace_->CarryOver(coordinator_, 2025, 2026);
  ASSERT_TRUE(carried.ok()) << carried.error().ToString();
  EXPECT_EQ(*carried, 4);
  auto next = workspace_->Initiative(coordinator_, 2026, 1);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->initiative.progress.empty());
  EXPECT_TRUE(next->initiative.rating.empty());
  EXPECT_EQ(next->initiative.co_owners, Stored(1).initiative.co_owners);
  EXPECT_EQ(next->initiative.plan, Stored(1).initiative.plan);
  EXPECT_EQ(CodeOf(workspace_->CarryOver(coordinator_, 2025, 2026)), Error::Code::kConflict);
}

TEST_F(WorkspaceServiceTest, MergingASectionMovesItsInitiativesAndEditors) {
  ASSERT_TRUE(workspace_->RenameSection(coordinator_, 2025, "ICT推進課", "企画政策課").ok());
  EXPECT_EQ(Stored(3).initiative.section, "企画政策課");
  auto users = accounts_->Users(administrator_);
  for (const auto& u : *users) {
    if (u.login == "ict") {
      EXPECT_EQ(u.SectionsIn(2025), std::vector<std::string>{"企画政策課"});  // in the year merged
    }
  }
  ASSERT_TRUE(workspace_->RenameSection(coordinator_, 2025, "企画政策課", "政策推進課").ok());
  EXPECT_EQ(Stored(1).initiative.section, "政策推進課");
}

TEST_F(WorkspaceServiceTest, PlanHierarchyIsRenamedAcrossTheSheet) {
  EXPECT_EQ(CodeOf(workspace_->RenamePlanElement(kikaku_, 2025, store::Store::PlanLevel::kPolicy,
                                                 "12.行政経営", "12.行財政運営")),
            Error::Code::kForbidden);
  ASSERT_TRUE(workspace_
                  ->RenamePlanElement(coordinator_, 2025, store::Store::PlanLevel::kPolicy,
                                      "12.行政経営", "12.行財政運営")
                  .ok());
  ASSERT_TRUE(workspace_
                  ->RenamePlanElement(coordinator_, 2025, store::Store::PlanLevel::kProject,
                                      "ICT推進事業", "デジタル推進事業")
                  .ok());
  for (int no : {1, 2, 3, 4}) {
    EXPECT_EQ(Stored(no).initiative.policy, (model::NumberedTitle{12, "行財政運営"}));
  }
  EXPECT_EQ(Stored(3).initiative.project, "デジタル推進事業");
  EXPECT_EQ(Stored(1).initiative.project, "行政経営推進事業");
  EXPECT_EQ(CodeOf(workspace_->RenamePlanElement(coordinator_, 2025, store::Store::PlanLevel::kGoal,
                                                 "9.ない目標", "10.x")),
            Error::Code::kNotFound);
}

TEST_F(WorkspaceServiceTest, RatingScaleIsEditedByCoordinators) {
  model::RatingScale scale({{"A", "順調"}, {"B", "概ね順調"}, {"C", "遅れ"}});
  ASSERT_TRUE(workspace_->SaveRatingScale(coordinator_, 2025, scale).ok());
  EXPECT_EQ(*workspace_->RatingScale(viewer_, 2025), scale);
  model::RatingScale duplicated({{"A", "a"}, {"A", "b"}});
  EXPECT_EQ(CodeOf(workspace_->SaveRatingScale(coordinator_, 2025, duplicated)),
            Error::Code::kInvalidInput);
}

// Before, a level's place decided what it meant: with ◎ added on top, → 予定どおり became the
// last-but-one level, and the chart and the behind list took ↘'s neighbour for behind.
TEST_F(WorkspaceServiceTest, RatingLevelsMeanWhatTheirMeaningSaysWhereverTheyStand) {
  using model::RatingMeaning;
  for (int no : {1, 2}) {
    auto stored = Stored(no);
    stored.initiative.rating = no == 1 ? "→" : "↗";
    ASSERT_TRUE(workspace_->Update(coordinator_, 2025, stored.initiative, stored.version).ok());
  }
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-10-31").ok());
  // ◎ on top; ↗ becomes ○, which carries No.2's rating with it.
  model::RatingScale scale({{"◎", "大きく進んでいる", RatingMeaning::kAhead},
                            {"○", "進んでいる", RatingMeaning::kAhead},
                            {"→", "予定どおり", RatingMeaning::kOnTrack},
                            {"↘", "遅れている", RatingMeaning::kBehind},
                            {"―", "対象外", RatingMeaning::kOther}});
  EXPECT_EQ(CodeOf(workspace_->SaveRatingScale(coordinator_, 2025, scale, {{"×", "○"}})),
            Error::Code::kInvalidInput);
  ASSERT_TRUE(workspace_->SaveRatingScale(coordinator_, 2025, scale, {{"↗", "○"}}).ok());
  EXPECT_EQ(workspace_->RatingScale(viewer_, 2025)->MeaningOf("→"), RatingMeaning::kOnTrack);
  EXPECT_EQ(Stored(1).initiative.rating, "→");
  EXPECT_EQ(Stored(2).initiative.rating, "○");
  // The publication keeps its symbols.
  auto published = portal_->Publication(2025, std::nullopt);
  EXPECT_EQ(portal_->Initiative(*published, 2)->rating, "↗");
  auto d = workspace_->MonthDashboard(coordinator_, 2025, 4);
  ASSERT_TRUE(d.ok());
  for (const auto& row : d->behind) EXPECT_NE(row.no, 1) << "→ is on time, not behind";
  auto stored = Stored(3);
  stored.initiative.rating = "↘";
  ASSERT_TRUE(workspace_->Update(coordinator_, 2025, stored.initiative, stored.version).ok());
  d = workspace_->MonthDashboard(coordinator_, 2025, 4);
  ASSERT_EQ(d->behind.size(), 1u);
  EXPECT_EQ(d->behind[0].no, 3);
}

TEST_F(WorkspaceServiceTest, DashboardCountsRatingsAndMissingProgress) {
  auto stored = Stored(3);
  model::Initiative behind = stored.initiative;
  behind.rating = "↘";
  behind.progress.clear();
  ASSERT_TRUE(workspace_->Update(ict_, 2025, behind, stored.version).ok());
  auto d = workspace_->MonthDashboard(coordinator_, 2025, 4);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->by_department.size(), 1u);
  EXPECT_EQ(d->by_department[0].counts, (std::vector<int>{0, 3, 1}));
  ASSERT_EQ(d->behind.size(), 1u);
  EXPECT_EQ(d->behind[0].no, 3);
  bool missing = false;
  for (const auto& s : d->plan_without_progress) missing |= s.no == 3;
  EXPECT_TRUE(missing);
}

}  // namespace
}  // namespace torikumi::service
