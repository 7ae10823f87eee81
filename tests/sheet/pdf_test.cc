// The printed forms, read back as a reader would: poppler's pdfinfo, pdftotext and
// pdffonts for the page size, the text in reading order and the embedded fonts, and a
// page image from pdftoppm checked for ink on the grid lines, where text that overflowed
// its cell would show.

#include "sheet/pdf.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "model/review.h"
#include "sheet/pdf_document.h"
#include "sheet/process_sheet.h"
#include "testing.h"

namespace torikumi::sheet {
namespace {

using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  char buffer[65536];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

// A PDF written to a file of its own, and what poppler reads from it.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) : path_(dir_.File("doc.pdf")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  std::string Info() const { return RunCommand("pdfinfo " + path_); }
  std::string Fonts() const { return RunCommand("pdffonts " + path_); }
  // The text in the order it was drawn, all white space removed: wrapped lines join up.
  std::string Text(int first_page = 1, int last_page = 0) const {
    std::string command = "pdftotext -raw -f " + std::to_string(first_page);
    if (last_page) command += " -l " + std::to_string(last_page);
    return Compact(RunCommand(command + " " + path_ + " -"));
  }
  int Pages() const {
    const std::string info = Info();
    return std::stoi(info.substr(info.find("Pages:") + 6));
  }
  const std::string& path() const { return path_; }

  static std::string Compact(std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c != ' ' && c != '\n' && c != '\t' && c != '\f') out += c;
    }
    // U+3000 too: pdftotext keeps ideographic spaces as they were drawn.
    for (std::size_t p; (p = out.find("\u3000")) != std::string::npos;) out.erase(p, 3);
    return out;
  }

 private:
  TempDir dir_;
  std::string path_;
};

// What poppler says on its standard error reading every page: a damaged cross-reference
// table, a font it cannot load, a stream it cannot inflate.
std::string Complaints(const PdfFile& file) {
  return RunCommand("pdftotext " + file.path() + " /dev/null 2>&1");
}

model::Sheet Seed() {
  auto read = ReadProcessSheet(ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {});
  EXPECT_TRUE(read.ok());
  return read->sheet;
}

// Finds each of `parts` in `text` after the one before; reports the first out of order.
void ExpectInOrder(const std::string& text, const std::vector<std::string>& parts) {
  std::size_t at = 0;
  for (const std::string& part : parts) {
    const std::size_t found = text.find(PdfFile::Compact(part), at);
    ASSERT_NE(found, std::string::npos) << "not found in reading order: " << part;
    at = found;
  }
}

TEST(Pdf, SheetIsA3LandscapeWithEveryTitleAndProgressInReadingOrder) {
  const model::Sheet seed = Seed();
  auto pdf = WriteSheetPdf(seed, {"2026-03-31", true});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  PdfFile file(*pdf);
  EXPECT_EQ(Complaints(file), "");
  const std::string info = file.Info();
  EXPECT_NE(info.find("Page size:       1190.55 x 841.89 pts (A3)"), std::string::npos) << info;
  EXPECT_NE(info.find("Title:           R7取組実施プロセスシート"), std::string::npos);

  std::vector<std::string> reading_order;
  for (const model::Initiative& i : seed.initiatives) {
    reading_order.push_back(i.title);
    for (const model::Entry& e : i.progress) reading_order.push_back(e.text);
  }
  const std::string text = file.Text();
  ExpectInOrder(text, reading_order);
  EXPECT_NE(text.find("R7取組実施プロセスシート"), std::string::npos);
  EXPECT_NE(text.find("2026-03-31公開"), std::string::npos);
  EXPECT_NE(text.find("1/" + std::to_string(file.Pages())), std::string::npos);
  // The header is on every page.
  for (int page = 1; page <= file.Pages(); ++page) {
    ExpectInOrder(file.Text(page, page), {"総合計画", "分野別目標", "施策", "進捗状況及び課題"});
  }
}

TEST(Pdf, FontsAreEmbedded) {
  auto pdf = WriteSheetPdf(Seed(), {});
  ASSERT_TRUE(pdf.ok());
  const std::string fonts = PdfFile(*pdf).Fonts();
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;  // emb, sub, uni all "yes"
}

TEST(Pdf, TextNoLineHoldsOrTheFontLacksIsDrawnWholeAndReadBack) {
  model::Sheet sheet = Seed();
  // No break opportunity in it, and wider than the 取組名 column.
  const std::string unbroken = "KPI2025ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop";
  sheet.initiatives[0].title = unbroken;
  // An emoji Noto Sans CJK does not have, a letter with a combining accent, a byte that is
  // not UTF-8 (shown as U+FFFD), variation selectors, a tab (set as a space) and a line
  // separator (a line break).
  sheet.initiatives[1].progress.push_back(
      {{}, "相談会😀を開催し、café\u0301で説明\xff。❤\uFE0F葛\U000E0100\t前半\u2028後半"});
  auto pdf = WriteSheetPdf(sheet, {});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  PdfFile file(*pdf);
  EXPECT_EQ(Complaints(file), "");
  const std::string raw = RunCommand("pdftotext -raw " + file.path() + " -");
  EXPECT_EQ(raw.find(unbroken), std::string::npos) << "drawn on one line, past its cell";
  const std::string text = file.Text();
  EXPECT_NE(text.find(unbroken), std::string::npos) << "not read back whole";
  EXPECT_NE(text.find("相談会😀を開催し、café\u0301で説明\uFFFD。❤\uFE0F葛\U000E0100前半後半"),
            std::string::npos)
      << text;
  EXPECT_NE(raw.find("葛\U000E0100 前半\n後半"), std::string::npos) << raw;
}

// A row that cannot be made (memory ran out making it, say) on the second thread fails the
// document, as on the first, rather than ending the process.
TEST(Pdf, WhatTheSecondThreadThrowsReachesTheCaller) {
  pdf::Document document(pdf::kA4Portrait, "題", "");
  pdf::Table table;
  table.widths = {60, 200};
  table.row_count = 200;
  table.make_row = [](std::size_t r) -> pdf::Row {
    if (r == 150) throw std::runtime_error("row 151");
    return {{std::to_string(r + 1)}, {"取組"}};
  };
  EXPECT_THROW(document.AddTable(std::move(table)), std::runtime_error);
}

TEST(Pdf, LongSheetsAreLaidOutByTwoThreadsInOrder) {
  model::Sheet sheet = Seed();
  const std::vector<model::Initiative> seed = sheet.initiatives;
  for (int no = 5; no <= 80; ++no) {
    model::Initiative i = seed[std::size_t(no) % seed.size()];
    i.no = no;
    i.title = "複写した取組その" + std::to_string(no);
    sheet.initiatives.push_back(i);
  }
  auto pdf = WriteSheetPdf(sheet, {});
  ASSERT_TRUE(pdf.ok());
  std::vector<std::string> titles;
  for (const model::Initiative& i : sheet.initiatives) titles.push_back(i.title);
  ExpectInOrder(PdfFile(*pdf).Text(), titles);
}

TEST(Pdf, RowLongerThanAPageContinuesWithItsIdentity) {
  model::Sheet sheet;
  sheet.fiscal_year = 2025;
  model::Initiative i;
  i.no = 7;
  i.department = "総合政策部";
  i.section = "企画財政課";
  i.title = "長い進捗の取組";
  for (int k = 1; k <= 240; ++k) {
    i.progress.push_back({model::MonthSet::Range(4, 4),
                          "進捗記録その" + std::to_string(k) + "、会議を開催し課題を整理した。"});
  }
  sheet.initiatives.push_back(i);
  auto pdf = WriteSheetPdf(sheet, {});
  ASSERT_TRUE(pdf.ok());
  PdfFile file(*pdf);
  ASSERT_GE(file.Pages(), 2);
  std::vector<std::string> order;
  for (const model::Entry& e : i.progress) order.push_back(e.text);
  ExpectInOrder(file.Text(), order);
  const std::string second = file.Text(2, 2);
  ExpectInOrder(second, {"7", "総合政策部", "企画財政課", "長い進捗の取組（続き）"});
  EXPECT_NE(second.find("2/" + std::to_string(file.Pages())), std::string::npos);
}

// A table of 400 rows made as they are laid out, one of them longer than a page, drawn
// from the layouts that paginated it or, with no budget to keep them, from layouts made
// again a few pages ahead of the drawing: the two documents read and look the same.
TEST(Pdf, LayoutsLetGoAreLaidOutAgainAlike) {
  auto render = [](std::size_t kept_bytes) {
    pdf::Document document(pdf::kA3Landscape, "題", "注記");
    document.KeepLayoutsUpTo(kept_bytes);
    pdf::Table table;
    table.widths = {60, 200, 400};
    table.header_rows = 1;
    table.header = {{"No.", 0, 0}, {"取組名", 0, 1}, {"進捗", 0, 2}};
    table.identity_columns = {0, 1};
    table.row_count = 400;
    table.make_row = [](std::size_t r) {
      pdf::Row row{{std::to_string(r + 1)}, {"取組その" + std::to_string(r + 1)}, {}};
      const int paragraphs = r == 40 ? 300 : int(r % 7) + 1;
      for (int k = 1; k <= paragraphs; ++k) {
        row[2].push_back("行" + std::to_string(r + 1) + "の記録" + std::to_string(k) +
                         "、会議を開催し課題を整理した。");
      }
      return row;
    };
    document.AddTable(std::move(table));
    std::string bytes;
    EXPECT_TRUE(document.Render(IntoString(bytes)).ok());
    return bytes;
  };
  const PdfFile kept(render(std::size_t(1) << 30));
  const PdfFile laid_again(render(0));
  ASSERT_GE(kept.Pages(), 24);  // batches of pages laid out ahead by either typesetter
  ASSERT_EQ(laid_again.Pages(), kept.Pages());
  EXPECT_EQ(laid_again.Text(), kept.Text());
  EXPECT_NE(kept.Text().find("取組その41（続き）"), std::string::npos);
  TempDir dir;
  for (const PdfFile* file : {&kept, &laid_again}) {
    RunCommand("pdftoppm -r 50 -gray " + file->path() + " " +
               dir.File(file == &kept ? "kept" : "again"));
  }
  for (int page = 1; page <= kept.Pages(); ++page) {
    const std::string number = std::to_string(page);
    const std::string digits =
        std::string(std::to_string(kept.Pages()).size() - number.size(), '0') + number;
    EXPECT_EQ(ReadFile(dir.File("again-" + digits + ".pgm")),
              ReadFile(dir.File("kept-" + digits + ".pgm")))
        << "page " << page;
  }
}

TEST(Pdf, OutputErrorStopsTheWriterAndIsReturned) {
  std::size_t pieces = 0;
  const Output full_disk = [&pieces](std::string_view) -> Result<void> {
    ++pieces;
    return Error::Io("ディスクがいっぱいです");
  };
  const Result<void> written = WriteSheetPdf(Seed(), {}, full_disk);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().ToString().find("ディスクがいっぱいです"), std::string::npos)
      << written.error().ToString();
  EXPECT_EQ(pieces, 1u);
}

// A grayscale page image (binary PGM, as pdftoppm -gray writes it).
struct Image {
  int width = 0;
  int height = 0;
  std::string pixels;
  unsigned char At(int x, int y) const {
    return static_cast<unsigned char>(pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)]);
  }
};

Image ReadPgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int max = 0;
  Image image;
  in >> magic >> image.width >> image.height >> max;
  in.get();
  image.pixels.resize(std::size_t(image.width) * std::size_t(image.height));
  in.read(image.pixels.data(), std::streamsize(image.pixels.size()));
  EXPECT_EQ(magic, "P5");
  return image;
}

// The box of the dark pixels in the top half of `page`, as {width, height}.
std::pair<int, int> InkInTopHalf(const Image& page) {
  int left = page.width, right = -1, top = page.height, bottom = -1;
  for (int y = 0; y < page.height / 2; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (page.At(x, y) >= 128) continue;
      left = std::min(left, x);
      right = std::max(right, x);
      top = std::min(top, y);
      bottom = std::max(bottom, y);
    }
  }
  if (right < 0) return {0, 0};
  return {right - left + 1, bottom - top + 1};
}

// The glyphs drawn are the glyphs shaped: the embedded subset keeps each glyph's CID, which
// in Noto Sans CJK is its glyph id. Were it not, "一" would show as another glyph.
TEST(Pdf, EachCharacterIsDrawnWithItsOwnGlyph) {
  auto ink_of = [](const std::string& heading) {
    pdf::Document document(pdf::kA4Portrait, "", "");
    document.AddHeading(heading);
    std::string bytes;
    EXPECT_TRUE(document.Render(IntoString(bytes)).ok());
    const PdfFile file(bytes);
    TempDir dir;
    RunCommand("pdftoppm -r 300 -gray -singlefile " + file.path() + " " + dir.File("page"));
    return InkInTopHalf(ReadPgm(dir.File("page.pgm")));
  };
  const auto [one_width, one_height] = ink_of("一");
  EXPECT_GT(one_height, 0);
  EXPECT_GT(one_width, 6 * one_height) << one_width << "x" << one_height;
  const auto [bar_width, bar_height] = ink_of("｜");
  EXPECT_GT(bar_width, 0);
  EXPECT_GT(bar_height, 6 * bar_width) << bar_width << "x" << bar_height;
  const auto [box_width, box_height] = ink_of("口");
  EXPECT_GT(box_width, 0);
  EXPECT_LT(std::abs(box_width - box_height), box_width / 4) << box_width << "x" << box_height;
}

TEST(Pdf, FirstPageHasNoTextOnItsGridLines) {
  auto pdf = WriteSheetPdf(Seed(), {"2026-03-31", true});
  ASSERT_TRUE(pdf.ok());
  PdfFile file(*pdf);
  TempDir dir;
  RunCommand("pdftoppm -r 200 -gray -f 1 -l 1 -singlefile " + file.path() + " " + dir.File("page"));
  const Image page = ReadPgm(dir.File("page.pgm"));
  ASSERT_GT(page.width, 3000);
  // Grid lines are drawn mid-gray, text black: a column of pixels that is mid-gray for a
  // third of the page's height is a vertical grid line.
  std::vector<int> grid;
  for (int x = 0; x < page.width; ++x) {
    int gray = 0;
    for (int y = 0; y < page.height; ++y) gray += page.At(x, y) >= 100 && page.At(x, y) <= 190;
    if (gray > page.height / 3) grid.push_back(x);
  }
  ASSERT_GE(grid.size(), 15u);  // 14 columns have 15 edges
  // Along each line's longest unbroken run of ink, which is the line within the table: the
  // page's title above it crosses the line's extension, not the line.
  int inked = 0;
  for (int x : grid) {
    int top = 0;
    int bottom = -1;
    for (int y = 0, start = 0; y < page.height; ++y) {
      if (page.At(x, y) >= 215) {  // white, or the header's light shade
        start = y + 1;
      } else if (y - start > bottom - top) {
        top = start;
        bottom = y;
      }
    }
    for (int dx = -1; dx <= 1; ++dx) {
      for (int y = top; y <= bottom; ++y) {
        if (page.At(x + dx, y) < 80 && ++inked < 5)
          ADD_FAILURE() << "ink at " << x + dx << "," << y;
      }
    }
  }
  EXPECT_EQ(inked, 0) << "pixels of text on a grid line";
}

TEST(Pdf, InitiativeIsA4PortraitWithItsTwelveMonths) {
  const model::Sheet seed = Seed();
  model::Initiative i = seed.initiatives.at(0);
  i.ending = model::Ending{model::Ending::Kind::kCompleted, "目標を達成した。"};
  auto pdf = WriteInitiativePdf(seed.fiscal_year, "川西市", model::RatingScale::Default(), i,
                                {"2026-03-31", true});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  PdfFile file(*pdf);
  EXPECT_EQ(Complaints(file), "");
  EXPECT_NE(file.Info().find("Page size:       595.28 x 841.89 pts (A4)"), std::string::npos);
  std::vector<std::string> order{"川西市令和7年度取組実施プロセスシート",
                                 "No." + std::to_string(i.no) + i.title,
                                 "所管部課",
                                 "終了・廃止",
                                 "【終了】目標を達成した。",
                                 "年度目標",
                                 "月別の計画と進捗"};
  for (const char* month :
       {"4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"}) {
    order.push_back(month);
  }
  ExpectInOrder(file.Text(), order);
  for (const model::Entry& e : i.progress) {
    EXPECT_NE(file.Text().find(PdfFile::Compact(e.text)), std::string::npos) << e.text;
  }
}

// A co-owning section's note prints in its month under its section's name, apart from the
// owner's progress.
TEST(Pdf, InitiativeShowsEachNoteUnderItsSection) {
  const model::Sheet seed = Seed();
  model::Initiative i = seed.initiatives.at(3);  // No.4, co-owned by 企画政策課
  i.notes = model::WithNote(i, 4, "企画政策課", "説明会の資料を提供した。");
  auto pdf = WriteInitiativePdf(seed.fiscal_year, "", model::RatingScale::Default(), i,
                                {"2026-03-31", true});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  PdfFile file(*pdf);
  ExpectInOrder(file.Text(),
                {"4月", PdfFile::Compact(i.progress.front().text),
                 "【共同所管「企画政策課」の追記】", "説明会の資料を提供した。", "5月"});
}

}  // namespace
}  // namespace torikumi::sheet
