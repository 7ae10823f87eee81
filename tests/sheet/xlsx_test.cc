// XLSX out and in: the seed through torikumi's own workbook, and a workbook written the way
// Excel writes one (shared strings with phonetic guides, inline strings, _x000D_ escapes,
// numbers as numbers, a cover sheet before the data), built here part by part.

#include "sheet/xlsx.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "model/indicator.h"
#include "sheet/json.h"
#include "sheet/process_sheet.h"
#include "testing.h"

namespace torikumi::sheet {
namespace {

using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

using Parts = std::vector<std::pair<std::string, std::string>>;

std::string Zip(const Parts& parts) {
  TempDir dir;
  const std::string path = dir.File("book.xlsx");
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* source = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  return ReadFile(path);
}

model::Sheet Seed() {
  auto read = ReadProcessSheet(ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {});
  EXPECT_TRUE(read.ok());
  return read->sheet;
}

// A part of one of torikumi's workbooks, the worksheet unless another is named.
std::string WorksheetXml(const std::string& xlsx, const char* part = "xl/worksheets/sheet1.xml") {
  zip_error_t error;
  zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(zip, nullptr);
  zip_file_t* file = zip_fopen(zip, part, 0);
  EXPECT_NE(file, nullptr);
  std::string xml;
  char buffer[4096];
  zip_int64_t n;
  while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) xml.append(buffer, std::size_t(n));
  zip_fclose(file);
  zip_discard(zip);
  return xml;
}

// Every part of a workbook, to be changed and zipped again.
Parts Unzip(const std::string& xlsx) {
  zip_error_t error;
  zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(zip, nullptr);
  Parts parts;
  for (zip_int64_t k = 0; k < zip_get_num_entries(zip, 0); ++k) {
    const char* name = zip_get_name(zip, zip_uint64_t(k), 0);
    parts.emplace_back(name, WorksheetXml(xlsx, name));
  }
  zip_discard(zip);
  return parts;
}

std::string& PartNamed(Parts& parts, const std::string& name) {
  for (auto& [part, bytes] : parts) {
    if (part == name) return bytes;
  }
  ADD_FAILURE() << "no part " << name;
  return parts.front().second;
}

model::Sheet WithFigures() {
  auto read = ReadSheetJson(ReadFile(SourceDir() / "tests/data/sheets/figures.json"));
  EXPECT_TRUE(read.ok()) << read.error().ToString();
  return *read;
}

TEST(Xlsx, FiguresTravelOnWorksheetsOfTheirOwn) {
  const model::Sheet sheet = WithFigures();
  auto xlsx = WriteProcessSheetXlsx(sheet, {"2025-06-10", false});
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  const std::string workbook = WorksheetXml(*xlsx, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"指標\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"達成状況\""), std::string::npos) << workbook;
  // Numbers are numbers, to be summed and charted; the month stays text.
  const std::string indicators = WorksheetXml(*xlsx, "xl/worksheets/sheet2.xml");
  EXPECT_NE(indicators.find("<v>95.5</v>"), std::string::npos);
  EXPECT_EQ(indicators.find("t=\"n\""), std::string::npos);
  // The 年度目標 cell notes how far its goals have come.
  const std::string comments = WorksheetXml(*xlsx, "xl/comments1.xml");
  EXPECT_NE(comments.find("22.5%（5月時点）"), std::string::npos) << comments;

  auto read = ReadProcessSheetXlsx(*xlsx, {});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_TRUE(read->carries_figures);
  EXPECT_EQ(WriteSheetJson(*read), WriteSheetJson(sheet));

  // A sheet without figures has neither worksheet, and reads back without figures, so that
  // importing it keeps the figures torikumi holds.
  model::Sheet plain = sheet;
  for (model::Initiative& i : plain.initiatives) {
    i.indicators.clear();
    i.achievements.clear();
  }
  auto plain_xlsx = WriteProcessSheetXlsx(plain, {"2025-06-10", false});
  ASSERT_TRUE(plain_xlsx.ok());
  EXPECT_EQ(WorksheetXml(*plain_xlsx, "xl/workbook.xml").find("指標"), std::string::npos);
  auto plain_read = ReadProcessSheetXlsx(*plain_xlsx, {});
  ASSERT_TRUE(plain_read.ok());
  EXPECT_FALSE(plain_read->carries_figures);
}

TEST(Xlsx, ErrorsInTheFiguresWorksheetsNameTheWorksheetAndRow) {
  auto xlsx = WriteProcessSheetXlsx(WithFigures(), {"2025-06-10", false});
  ASSERT_TRUE(xlsx.ok());

  Parts parts = Unzip(*xlsx);
  std::string& indicators = PartNamed(parts, "xl/worksheets/sheet2.xml");
  const std::size_t at = indicators.find("<v>95.5</v>");
  ASSERT_NE(at, std::string::npos);
  indicators.replace(at, 11, "<v>約95</v>");
  auto read = ReadProcessSheetXlsx(Zip(parts), {});
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message().find("ワークシート「指標」"), std::string::npos)
      << read.error().ToString();
  EXPECT_NE(read.error().message().find("実績値"), std::string::npos) << read.error().ToString();
  EXPECT_EQ(read.error().where().line, 3);  // the header, then 4月, then 5月

  Parts elsewhere = Unzip(*xlsx);
  std::string& achievements = PartNamed(elsewhere, "xl/worksheets/sheet3.xml");
  const std::size_t no = achievements.find("<c r=\"B2\"");
  ASSERT_NE(no, std::string::npos);
  const std::size_t value = achievements.find("<v>7</v>", no);
  ASSERT_NE(value, std::string::npos);
  achievements.replace(value, 8, "<v>8</v>");
  auto unknown = ReadProcessSheetXlsx(Zip(elsewhere), {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("No. 8 の取組はシートにありません"), std::string::npos)
      << unknown.error().ToString();
}

TEST(Xlsx, SeedRoundTripsToTheSameInitiatives) {
  const model::Sheet seed = Seed();
  auto xlsx = WriteProcessSheetXlsx(seed, {"2026-03-31", true});
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  EXPECT_TRUE(LooksLikeZip(*xlsx));
  auto read = ReadProcessSheetXlsx(*xlsx, {});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->fiscal_year, 2025);
  EXPECT_EQ(WriteSheetJson(*read), WriteSheetJson(seed));
}

TEST(Xlsx, EveryCellIsTextAndFormulaLikeValuesStayText) {
  model::Sheet sheet;
  sheet.fiscal_year = 2025;
  model::Initiative i;
  i.no = 1;
  i.section = "=HYPERLINK(\"http://example.com\")";
  i.department = "+1";
  i.title = "-2+3";
  i.overview = "@SUM(A1:A2)";
  i.project = "<p>見出し</p> & 段落";
  i.subproject = "'=A1 と _x0041_ と Q&A";
  i.progress = {{model::MonthSet::Range(4, 4), "=1+1"}};
  sheet.initiatives.push_back(i);
  auto xlsx = WriteProcessSheetXlsx(sheet, {});
  ASSERT_TRUE(xlsx.ok());
  const std::string xml = WorksheetXml(*xlsx);
  EXPECT_EQ(xml.find("<f>"), std::string::npos);
  EXPECT_EQ(xml.find("t=\"n\""), std::string::npos);
  auto read = ReadProcessSheetXlsx(*xlsx, {});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->initiatives.at(0), i);
}

TEST(Xlsx, PlainTextIsWrittenAsPeopleTypeIt) {
  model::Sheet sheet;
  sheet.fiscal_year = 2025;
  model::Initiative i;
  i.no = 1;
  i.title = "Q&A の整備";
  i.overview = "一行目\n二行目";
  sheet.initiatives.push_back(i);
  auto xlsx = WriteProcessSheetXlsx(sheet, {});
  ASSERT_TRUE(xlsx.ok());
  // Inline in the worksheet: a workbook written in constant memory has no shared strings.
  const std::string strings = WorksheetXml(*xlsx);
  EXPECT_NE(strings.find("Q&amp;A の整備"), std::string::npos) << strings;
  EXPECT_NE(strings.find("一行目\n二行目"), std::string::npos);
  EXPECT_EQ(strings.find("&lt;p&gt;"), std::string::npos);
  auto read = ReadProcessSheetXlsx(*xlsx, {});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->initiatives.at(0), i);
}

TEST(Xlsx, RowsAreTallEnoughForTheirWrappedText) {
  model::Sheet sheet = Seed();
  auto xlsx = WriteProcessSheetXlsx(sheet, {});
  ASSERT_TRUE(xlsx.ok());
  const std::string xml = WorksheetXml(*xlsx);
  // Every data row carries a height, so that LibreOffice prints it whole.
  std::size_t rows = 0;
  std::size_t with_height = 0;
  for (std::size_t pos = xml.find("<row "); pos != std::string::npos;
       pos = xml.find("<row ", pos + 1)) {
    const std::string tag = xml.substr(pos, xml.find('>', pos) - pos);
    ++rows;
    if (tag.find("customHeight=\"1\"") != std::string::npos) ++with_height;
  }
  EXPECT_EQ(with_height, rows);
  EXPECT_GE(rows, sheet.initiatives.size() + 3);
  EXPECT_NE(xml.find("<pane xSplit=\"1\" ySplit=\"4\""), std::string::npos);
  EXPECT_NE(xml.find("paperSize=\"8\""), std::string::npos);
  EXPECT_NE(xml.find("orientation=\"landscape\""), std::string::npos);
  EXPECT_NE(xml.find("<mergeCell ref=\"D3:E3\"/>"), std::string::npos);
}

const char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";
const char kWorkbook[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表紙" sheetId="1" r:id="rId1"/><sheet name="R7" sheetId="2" r:id="rId2"/></sheets></workbook>)";
const char kRelationships[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";
const char kSharedStrings[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="16" uniqueCount="16"><si><t>R7取組実施プロセスシート</t></si><si><t>No.</t></si><si><t>所管部課</t></si><si><t>総合計画</t></si><si><t>事業名</t></si><si><t>細事業名</t></si><si><t>取組名</t></si><si><t>取組の概要</t></si><si><t>年度目標</t></si><si><t>年度計画</t></si><si><t>進捗度</t></si><si><t>進捗状況及び課題</t></si><si><t>共同所管</t></si><si><t>分野別目標</t></si><si><t>施策</t></si><si><r><rPr><b/></rPr><t>窓口の</t></r><r><t xml:space="preserve">デジタル化</t></r><rPh sb="0" eb="2"><t>マドグチ</t></rPh><phoneticPr fontId="1"/></si></sst>)";
const char kCover[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>表紙</t></is></c></row></sheetData></worksheet>)";
const char kData[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c></row>
<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3"/><c r="D3" t="s"><v>3</v></c><c r="E3"/><c r="F3" t="s"><v>4</v></c><c r="G3" t="s"><v>5</v></c><c r="H3" t="s"><v>6</v></c><c r="I3" t="s"><v>7</v></c><c r="J3" t="s"><v>8</v></c><c r="K3" t="s"><v>9</v></c><c r="L3" t="s"><v>10</v></c><c r="M3" t="s"><v>11</v></c><c r="N3" t="s"><v>12</v></c></row>
<row r="4"><c r="D4" t="s"><v>13</v></c><c r="E4" t="s"><v>14</v></c></row>
<row r="6" spans="1:14"><c r="A6"><v>12</v></c><c r="B6" t="inlineStr"><is><t>総合政策部</t></is></c><c r="C6" t="inlineStr"><is><t>デジタル推進課</t></is></c><c r="D6" t="inlineStr"><is><t>5.変革の歩みを止めない川西の実現</t></is></c><c r="E6" t="inlineStr"><is><t>23．行財政運営</t></is></c><c r="F6" t="str"><f>"DX"&amp;"推進事業"</f><v>DX推進事業</v></c><c r="H6" t="s"><v>15</v></c><c r="I6" t="inlineStr"><is><t>申請を_x000D_
オンライン化する</t></is></c><c r="J6" t="inlineStr"><is><t>【上半期の目標】（全体達成率：５０％）
方向性を決定</t></is></c><c r="K6" t="inlineStr"><is><t>4～6月:調査
7月、8月:検討</t></is></c><c r="L6" t="inlineStr"><is><t>↗</t></is></c><c r="M6" t="inlineStr"><is><t>4月：庁内調査を実施</t></is></c><c r="N6" t="inlineStr"><is><t>市民課　文化・観光・スポーツ課</t></is></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="D3:E3"/></mergeCells></worksheet>)";

Parts ExcelStyleWorkbook() {
  return {{"[Content_Types].xml", kContentTypes},         {"xl/workbook.xml", kWorkbook},
          {"xl/_rels/workbook.xml.rels", kRelationships}, {"xl/sharedStrings.xml", kSharedStrings},
          {"xl/worksheets/sheet1.xml", kCover},           {"xl/worksheets/sheet2.xml", kData}};
}

TEST(Xlsx, ReadsAWorkbookWrittenTheWayExcelWritesIt) {
  const std::string xlsx = Zip(ExcelStyleWorkbook());
  auto read = ReadProcessSheetXlsx(xlsx, {.sheet_name = "R7"});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->fiscal_year, 2025);
  ASSERT_EQ(read->initiatives.size(), 1u);
  const model::Initiative& i = read->initiatives[0];
  EXPECT_EQ(i.no, 12);
  EXPECT_EQ(i.title, "窓口のデジタル化");  // runs joined, phonetic guide left out
  EXPECT_EQ(i.project, "DX推進事業");      // a formula's cached text
  EXPECT_EQ(i.overview, "申請を\nオンライン化する");
  EXPECT_EQ(i.policy.number, 23);
  ASSERT_EQ(i.period_goals.size(), 1u);
  EXPECT_EQ(i.period_goals[0].months, model::MonthSet::Range(4, 9));
  EXPECT_EQ(i.period_goals[0].target_rate, 50);
  EXPECT_EQ(i.period_goals[0].text, "方向性を決定");
  ASSERT_EQ(i.plan.size(), 2u);
  EXPECT_EQ(i.plan[1].text, "検討");
  EXPECT_EQ(i.rating, "↗");
  EXPECT_EQ(i.co_owners, (std::vector<std::string>{"市民課", "文化・観光・スポーツ課"}));
}

TEST(Xlsx, ReadsTheFirstWorksheetUnlessOneIsNamed) {
  const std::string xlsx = Zip(ExcelStyleWorkbook());
  auto first = ReadProcessSheetXlsx(xlsx, {});
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message().find("見出し行"), std::string::npos);
  auto missing = ReadProcessSheetXlsx(xlsx, {.sheet_name = "R8"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("表紙、R7"), std::string::npos);
}

TEST(Xlsx, ErrorsNameTheWorksheetRow) {
  Parts parts = ExcelStyleWorkbook();
  std::string& data = parts.back().second;
  data.replace(data.find("<c r=\"A6\"><v>12</v>"), 18, "<c r=\"A6\"><v>十二</v>");
  auto read = ReadProcessSheetXlsx(Zip(parts), {.sheet_name = "R7"});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().where().line, 6) << read.error().ToString();

  Parts bad_reference = ExcelStyleWorkbook();
  bad_reference.back().second.replace(bad_reference.back().second.find("<v>15</v>"), 9,
                                      "<v>99</v>");
  auto shared = ReadProcessSheetXlsx(Zip(bad_reference), {.sheet_name = "R7"});
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().where().line, 6) << shared.error().ToString();
  EXPECT_NE(shared.error().message().find("共有文字列の番号「99」"), std::string::npos);
}

TEST(Xlsx, RefusesWhatIsNotASafeWorkbook) {
  EXPECT_FALSE(ReadProcessSheetXlsx("No.\t所管部課\n", {}).ok());
  EXPECT_FALSE(ReadProcessSheetXlsx(Zip({{"hello.txt", "hello"}}), {}).ok());

  Parts with_doctype = ExcelStyleWorkbook();
  with_doctype[1].second.insert(with_doctype[1].second.find("<workbook"),
                                "<!DOCTYPE lol [<!ENTITY lol \"lol\">]>");
  auto doctype = ReadProcessSheetXlsx(Zip(with_doctype), {});
  ASSERT_FALSE(doctype.ok());
  EXPECT_NE(doctype.error().message().find("DOCTYPE"), std::string::npos);

  // One long shared string in every cell of many rows would take far more memory than the
  // workbook unpacks to.
  Parts copies = ExcelStyleWorkbook();
  copies[3].second.replace(copies[3].second.find("<t>R7取組実施プロセスシート</t>"), 0,
                           "<t>" + std::string(30000, 'x') + "</t>");
  std::string rows;
  for (int r = 10; r < 3000; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\">";
    for (const char* c : {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"}) {
      rows += "<c r=\"" + std::string(c) + std::to_string(r) + "\" t=\"s\"><v>0</v></c>";
    }
    rows += "</row>";
  }
  std::string& data = copies.back().second;
  data.insert(data.find("</sheetData>"), rows);
  auto copied = ReadProcessSheetXlsx(Zip(copies), {.sheet_name = "R7"});
  ASSERT_FALSE(copied.ok());
  EXPECT_NE(copied.error().message().find("多すぎます"), std::string::npos)
      << copied.error().ToString();

  Parts far_row = ExcelStyleWorkbook();
  far_row.back().second.replace(far_row.back().second.find("<row r=\"6\""), 10,
                                "<row r=\"2147483647\"");
  EXPECT_FALSE(ReadProcessSheetXlsx(Zip(far_row), {.sheet_name = "R7"}).ok());

  // 80 MiB of spaces packs into well under a megabyte.
  Parts bomb = ExcelStyleWorkbook();
  bomb[3].second.insert(bomb[3].second.find("<sst"), std::string(80u << 20, ' '));
  auto unpacked = ReadProcessSheetXlsx(Zip(bomb), {});
  ASSERT_FALSE(unpacked.ok());
  EXPECT_NE(unpacked.error().message().find("大きすぎます"), std::string::npos);
}

TEST(Xlsx, AWorksheetOfTheWorkbooksOwnWithTheFiguresNameIsNotTakenForThem) {
  model::Sheet plain = WithFigures();
  for (model::Initiative& i : plain.initiatives) {
    i.indicators.clear();
    i.achievements.clear();
  }
  auto xlsx = WriteProcessSheetXlsx(plain, {"2025-06-10", false});
  ASSERT_TRUE(xlsx.ok());
  Parts parts = Unzip(*xlsx);
  PartNamed(parts, "xl/workbook.xml")
      .replace(PartNamed(parts, "xl/workbook.xml").find("</sheets>"), 9,
               "<sheet name=\"指標\" sheetId=\"9\" r:id=\"rId9\"/></sheets>");
  std::string& relationships = PartNamed(parts, "xl/_rels/workbook.xml.rels");
  relationships.replace(
      relationships.find("</Relationships>"), 16,
      "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/worksheet\" Target=\"worksheets/own.xml\"/></Relationships>");
  parts.emplace_back("xl/worksheets/own.xml", kCover);  // a cover-like sheet of the city's own
  auto read = ReadProcessSheetXlsx(Zip(parts), {});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_FALSE(read->carries_figures);
}

}  // namespace
}  // namespace torikumi::sheet
