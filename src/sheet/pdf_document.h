#ifndef TORIKUMI_SHEET_PDF_DOCUMENT_H_
#define TORIKUMI_SHEET_PDF_DOCUMENT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/error.h"
#include "model/progress.h"
#include "sheet/output.h"

namespace torikumi::sheet::pdf {

// A small document engine for the sheet's printed forms: headings and tables flowing down
// pages, the document's title and a note at the top of every page, "3 / 39" at the foot.
// Text is set by typesetter.h (Japanese line breaking: no break before 。、）, none inside
// a Latin word that fits its line) in Noto Sans CJK JP, and written by pdf_writer.h with a
// subset of the font embedded. Keeps HarfBuzz and ICU out of the headers that include this
// one.
//
// A document of any length is made in bounded memory: tables are paginated first, their
// cells' layouts let go once measured (beyond a budget that keeps a city's sheet whole), and
// pages are drawn a few at a time, laying out again the cells whose layouts were let go. The
// page count at every page's foot is why all pages are paginated before the first is drawn.

struct PageSetup {
  double width;   // points
  double height;  // points
  double margin;  // points, on every side
  double font_size;
};
inline constexpr PageSetup kA3Landscape{1190.55, 841.89, 28.35, 7};
inline constexpr PageSetup kA4Portrait{595.28, 841.89, 42.5, 9};

// One cell of a table's header. Header cells may span columns and rows.
struct HeaderCell {
  std::string text;
  int row = 0;
  int column = 0;
  int row_span = 1;
  int column_span = 1;
};

// row[c]: the paragraphs of a cell.
using Row = std::vector<std::vector<std::string>>;

struct Table {
  std::vector<double> widths;  // of each column, in points
  int header_rows = 0;
  std::vector<HeaderCell> header;  // repeated at the top of every page the table runs onto
  std::vector<Row> rows;
  // Or, for a table too long to hold beside what it is made from (a sheet's), `row_count`
  // rows made by `make_row` each time one is laid out: when paginated and again when drawn.
  // Called from two threads at once.
  std::size_t row_count = 0;
  std::function<Row(std::size_t)> make_row;
  // Columns whose text is shown again, marked （続き）, when a row too long for a page goes
  // on to the next: the row's identity, so that the reader knows what continues.
  std::vector<int> identity_columns;
  std::vector<int> centered_columns;
  std::vector<int> shaded_columns;  // set like headers: the label column of a form
};

// A line chart over a row of slots (the fiscal months), on a scale from `low` to `high` with
// labelled gridlines, and a legend of its series beneath.
struct LineChart {
  struct Series {
    std::vector<std::pair<int, double>> points;  // slot, value
    std::string label;
    bool solid = true;   // else dashed and gray
    bool marked = true;  // a dot on each point
  };
  std::vector<std::string> slots;
  double low = 0;
  double high = 1;
  std::vector<std::pair<double, std::string>> gridlines;  // value, label
  std::vector<Series> series;
  double height = 160;  // points, labels and legend included
};

class Document {
 public:
  // `title` heads every page on the left, `note` on the right.
  Document(const PageSetup& page, std::string title, std::string note);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  void AddHeading(std::string_view text);
  // Paginates the table at once; the document keeps it to draw its rows later.
  void AddTable(Table table);
  void AddChart(const LineChart& chart);

  // Draws the pages and writes the PDF to `output`, a piece at a time.
  Result<void> Render(const Output& output);

  // How much memory the layouts of table cells may keep from pagination to drawing
  // (estimated), for the tables added after; cells beyond it are laid out again when drawn.
  void KeepLayoutsUpTo(std::size_t bytes);

  // Tells `report` of the rows of tables laid out ("割り付け") and the pages drawn ("描画").
  void ReportTo(model::ProgressReport report);

  // The width the page leaves for text between its margins, in points.
  double BodyWidth() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace torikumi::sheet::pdf

#endif  // TORIKUMI_SHEET_PDF_DOCUMENT_H_
