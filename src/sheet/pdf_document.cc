#include "sheet/pdf_document.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <future>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "sheet/pdf_writer.h"
#include "sheet/typesetter.h"
#include "text/cell.h"

namespace torikumi::sheet::pdf {
namespace {

constexpr double kPadding = 2.5;    // between a cell's border and its text
constexpr double kPageBandGap = 6;  // between the page's title line and the body
constexpr double kBlockGap = 10;    // between a table and what follows it
constexpr double kGridGray = 0.55;  // lighter than the text, which stands out from the grid
constexpr double kShadeGray = 0.9;
constexpr double kGridLineWidth = 0.5;
// A row too long for any page starts on the current page only if this much of it is left.
constexpr double kMinimumStartFraction = 0.25;

bool Has(const std::vector<int>& columns, std::size_t column) {
  return std::find(columns.begin(), columns.end(), int(column)) != columns.end();
}

// Text drawn whole with its top left at (x, y): headings, headers, a chart's labels. Drawn
// after the first `rows_before` rows of its page, so that text is read in the order it was
// added.
struct TextOp {
  const SetText* text;
  double x;
  double y;
  std::size_t rows_before;
};

struct BoxOp {
  double x;
  double y;
  double width;
  double height;
  bool shaded;
};

// A line through points, or dots on them.
struct PathOp {
  std::vector<std::pair<double, double>> points;
  double gray;
  double width;
  bool dashed;
  bool dots;
};

// What a column of a table's row shows on one page: its cell's lines [from, to), or, on a
// page the row continues onto, the text of an identity column again, marked （続き）.
struct ColumnSpan {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  bool continued = false;
};

// A row of a table, or the part of it that one page shows, `height` high from `y`.
struct RowPart {
  std::uint32_t table;
  std::uint32_t row;
  double y;
  double height;
  std::vector<ColumnSpan> columns;
};

struct Page {
  std::vector<BoxOp> boxes;
  std::vector<PathOp> paths;
  std::vector<TextOp> texts;
  std::vector<RowPart> rows;

  void Show(const SetText* text, double x, double y) { texts.push_back({text, x, y, rows.size()}); }
};

// A table cell's text as a page shows it: the cell, or its text continued.
struct CellKey {
  std::uint32_t table;
  std::uint32_t row;
  std::uint32_t column;
  bool continued;

  auto operator<=>(const CellKey&) const = default;
};

struct CellKeyHash {
  std::size_t operator()(const CellKey& key) const {
    return (std::size_t(key.table) << 48) ^ (std::size_t(key.row) << 9) ^
           (std::size_t(key.column) << 1) ^ std::size_t(key.continued);
  }
};

using CellLayouts = std::unordered_map<CellKey, SetText, CellKeyHash>;

// What a kept layout costs: its text, its lines, and the map's node.
std::size_t BytesOf(const SetText& set) {
  return sizeof(SetText) + 64 + set.text.size() + set.lines.size() * sizeof(SetLine);
}
// Enough for a city's sheet of 300 initiatives to be drawn from the layouts that paginated
// it. A table longer than kMostRowsKept (a prefecture's sheet) keeps none and lays its cells
// out again as its pages are drawn: the budget would have held only its first pages.
constexpr std::size_t kKeptLayoutBytes = std::size_t(32) << 20;
constexpr std::size_t kMostRowsKept = 1000;

// Tables are laid out and paginated this many rows at a time, and pages drawn this many at
// a time, so that what is held while working does not grow with the document.
constexpr std::size_t kRowsAtOnce = 256;
constexpr std::size_t kPagesAtOnce = 8;

// The sizes of the styles of `page`'s text, in the order of Style.
StyleSizes SizesOf(const PageSetup& page) {
  return {page.font_size, page.font_size, page.font_size * 1.4,
          std::max(9.0, page.font_size * 1.5)};
}

// Runs of this many rows or cells are laid out by two threads.
constexpr std::size_t kRowsWorthASecondThread = 48;
constexpr std::size_t kCellsWorthASecondThread = 16 * 14;

// A table added to the document, with where its columns lie.
struct PlacedTable {
  Table table;
  std::vector<double> x;  // the left edge of each column, then the right edge of the last

  std::size_t RowCount() const { return table.make_row ? table.row_count : table.rows.size(); }
  Row RowAt(std::size_t r) const { return table.make_row ? table.make_row(r) : table.rows[r]; }

  // Column c's text of a row; `continued`, as a page the row continues onto shows it.
  SetText Lay(Typesetter& setter, std::size_t c, std::string text, bool continued) const {
    if (continued && int(c) == table.identity_columns.back()) text += "（続き）";
    return setter.Set(std::move(text), table.widths[c] - 2 * kPadding,
                      Has(table.shaded_columns, c) ? Style::kBold : Style::kBody,
                      Has(table.centered_columns, c) ? Alignment::kCenter : Alignment::kLeft);
  }
};

}  // namespace

struct Document::Impl {
  Impl(const PageSetup& setup, std::string title_text, std::string note_text)
      : page(setup),
        title(std::move(title_text)),
        note(std::move(note_text)),
        sizes(SizesOf(setup)),
        typesetter(sizes) {
    body_line = typesetter.LineHeight(Style::kBody);
    body_top = page.margin + typesetter.LineHeight(Style::kBand) + kPageBandGap;
    body_bottom = page.height - page.margin - body_line - kPageBandGap;
  }

  SetText Lay(std::string_view text, double width, Style style, Alignment alignment) {
    return typesetter.Set(std::string(text), width, style, alignment);
  }

  // `text`, kept until the document is drawn.
  const SetText* Fix(SetText text) {
    fixed.push_back(std::make_unique<SetText>(std::move(text)));
    return fixed.back().get();
  }

  // The second thread's typesetter.
  Typesetter& Helper() {
    if (!helper) helper = std::make_unique<Typesetter>(sizes);
    return *helper;
  }

  double BodyWidth() const { return page.width - 2 * page.margin; }
  double BodyHeight() const { return body_bottom - body_top; }
  Page& Current() { return pages.back(); }

  void NewPage() {
    pages.emplace_back();
    y = body_top;
  }

  void EnsurePage() {
    if (pages.empty()) NewPage();
  }

  void AddHeading(std::string_view text) {
    EnsurePage();
    SetText heading = Lay(text, BodyWidth(), Style::kHeading, Alignment::kLeft);
    if (y > body_top) y += kBlockGap;
    // A heading never ends a page: keep room for a few lines of what it heads.
    if (y + heading.Height() + 4 * body_line > body_bottom) NewPage();
    const double height = heading.Height();
    if (!heading.Empty()) Current().Show(Fix(std::move(heading)), page.margin, y);
    y += height + kPageBandGap;
  }

  struct LaidHeader {
    std::vector<const SetText*> cells;
    std::vector<double> cell_heights;
    std::vector<double> row_heights;
    double height = 0;
  };

  LaidHeader LayHeader(const PlacedTable& placed) {
    const Table& table = placed.table;
    LaidHeader laid;
    laid.row_heights.assign(std::size_t(table.header_rows), 0);
    for (const HeaderCell& h : table.header) {
      const double width = placed.x[std::size_t(h.column) + std::size_t(h.column_span)] -
                           placed.x[std::size_t(h.column)];
      SetText cell = Lay(h.text, width - 2 * kPadding, Style::kBold, Alignment::kCenter);
      laid.cell_heights.push_back(cell.Height());
      laid.cells.push_back(cell.Empty() ? nullptr : Fix(std::move(cell)));
      if (h.row_span == 1) {
        double& row = laid.row_heights[std::size_t(h.row)];
        row = std::max(row, laid.cell_heights.back() + 2 * kPadding);
      }
    }
    // A cell spanning rows that needs more than they give grows the last of them.
    for (std::size_t k = 0; k < table.header.size(); ++k) {
      const HeaderCell& h = table.header[k];
      if (h.row_span == 1) continue;
      const auto first = laid.row_heights.begin() + h.row;
      const double spanned = std::accumulate(first, first + h.row_span, 0.0);
      const double needed = laid.cell_heights[k] + 2 * kPadding;
      if (needed > spanned) *(first + h.row_span - 1) += needed - spanned;
    }
    laid.height = std::accumulate(laid.row_heights.begin(), laid.row_heights.end(), 0.0);
    return laid;
  }

  void PlaceHeader(const PlacedTable& placed, const LaidHeader& laid) {
    for (std::size_t k = 0; k < placed.table.header.size(); ++k) {
      const HeaderCell& h = placed.table.header[k];
      const auto first = laid.row_heights.begin();
      const double top = y + std::accumulate(first, first + h.row, 0.0);
      const double height = std::accumulate(first + h.row, first + h.row + h.row_span, 0.0);
      const double left = placed.x[std::size_t(h.column)];
      const double width = placed.x[std::size_t(h.column) + std::size_t(h.column_span)] - left;
      Current().boxes.push_back({left, top, width, height, true});
      if (laid.cells[k]) {
        Current().Show(laid.cells[k], left + kPadding, top + (height - laid.cell_heights[k]) / 2);
      }
    }
    y += laid.height;
  }

  void AddTable(Table table) {
    EnsurePage();
    if (y > body_top) y += kBlockGap;
    std::vector<double> x{page.margin};
    for (double w : table.widths) x.push_back(x.back() + w);
    tables.push_back({std::move(table), std::move(x)});
    const auto index = std::uint32_t(tables.size() - 1);
    const PlacedTable& placed = tables.back();

    const LaidHeader header = LayHeader(placed);
    const double min_row = body_line + 2 * kPadding;
    if (y + header.height + min_row > body_bottom) NewPage();
    PlaceHeader(placed, header);
    auto continue_on_new_page = [&] {
      NewPage();
      PlaceHeader(placed, header);
    };

    const std::size_t rows = placed.RowCount();
    keeping = rows <= kMostRowsKept;
    for (std::size_t begin = 0; begin < rows; begin += kRowsAtOnce) {
      const std::size_t end = std::min(rows, begin + kRowsAtOnce);
      std::vector<std::vector<SetText>> laid = LayRows(placed, begin, end);
      for (std::size_t r = begin; r < end; ++r) {
        std::vector<SetText>& cells = laid[r - begin];
        double needed = min_row;
        for (const SetText& cell : cells) needed = std::max(needed, cell.Height() + 2 * kPadding);
        if (y + needed > body_bottom) {
          const bool fits_a_page = needed <= BodyHeight() - header.height;
          if (fits_a_page || body_bottom - y < kMinimumStartFraction * BodyHeight()) {
            continue_on_new_page();
          }
        }
        PlaceRow(index, std::uint32_t(r), cells, continue_on_new_page);
        for (std::size_t c = 0; c < cells.size(); ++c) {
          KeepOrLetGo({index, std::uint32_t(r), std::uint32_t(c), false}, std::move(cells[c]));
        }
      }
      model::Report(report, {"割り付け", end, rows, "行"});
    }
  }

  // Rows [begin, end) of `placed` laid out, a long run's second half by a second thread,
  // which is most of the time a sheet's PDF takes on a two-core machine.
  std::vector<std::vector<SetText>> LayRows(const PlacedTable& placed, std::size_t begin,
                                            std::size_t end) {
    std::vector<std::vector<SetText>> laid(end - begin);
    auto lay = [&](Typesetter& setter, std::size_t from, std::size_t to) {
      for (std::size_t r = from; r < to; ++r) {
        const Row row = placed.RowAt(r);
        for (std::size_t c = 0; c < row.size(); ++c) {
          laid[r - begin].push_back(placed.Lay(setter, c, text::JoinLines(row[c]), false));
        }
      }
    };
    if (end - begin < kRowsWorthASecondThread) {
      lay(typesetter, begin, end);
      return laid;
    }
    const std::size_t half = begin + (end - begin) / 2;
    Typesetter& second_setter = Helper();
    // A future rather than a thread: what the second half throws (memory running out) is
    // thrown here, not the end of the process.
    std::future<void> second =
        std::async(std::launch::async, [&] { lay(second_setter, half, end); });
    lay(typesetter, begin, half);
    second.get();
    return laid;
  }

  // Keeps `text` to draw `key` with, while the table is short and the budget allows; lets
  // it go otherwise.
  void KeepOrLetGo(const CellKey& key, SetText text) {
    if (text.Empty() || !keeping) return;
    const std::size_t bytes = BytesOf(text);
    if (kept_bytes + bytes > kept_budget) return;
    kept_bytes += bytes;
    kept.emplace(key, std::move(text));
  }

  // Places row `r` of table `t`, continuing it on further pages while its cells have lines
  // left.
  template <typename NewPageFn>
  void PlaceRow(std::uint32_t t, std::uint32_t r, const std::vector<SetText>& cells,
                const NewPageFn& continue_on_new_page) {
    const PlacedTable& placed = tables[t];
    const Table& table = placed.table;
    const std::size_t columns = cells.size();
    std::vector<std::uint32_t> next_line(columns, 0);
    std::vector<double> continued_height(columns, -1);  // once laid out
    for (bool first_part = true;; first_part = false) {
      const double available = body_bottom - y - 2 * kPadding;
      double used = 0;
      bool lines_left = false;
      RowPart part{t, r, y, 0, std::vector<ColumnSpan>(columns)};
      for (std::size_t c = 0; c < columns; ++c) {
        const SetText& cell = cells[c];
        const bool done = next_line[c] >= cell.lines.size();
        if (!first_part && done && Has(table.identity_columns, c) && !cell.Empty()) {
          if (continued_height[c] < 0) {
            SetText continued = placed.Lay(typesetter, c, cell.text, true);
            continued_height[c] = continued.Height();
            KeepOrLetGo({t, r, std::uint32_t(c), true}, std::move(continued));
          }
          part.columns[c].continued = true;
          used = std::max(used, continued_height[c]);
          continue;
        }
        if (done) continue;
        const double from = cell.lines[next_line[c]].top;
        std::uint32_t end = next_line[c];
        while (end < cell.lines.size() && cell.lines[end].bottom - from <= available) ++end;
        // A line taller than the page is shown cut rather than never.
        if (end == next_line[c]) ++end;
        part.columns[c] = {next_line[c], end, false};
        used = std::max(used, cell.lines[end - 1].bottom - from);
        next_line[c] = end;
        lines_left = lines_left || end < cell.lines.size();
      }
      part.height = std::max(used + 2 * kPadding, body_line + 2 * kPadding);
      y += part.height;
      Current().rows.push_back(std::move(part));
      if (!lines_left) return;
      continue_on_new_page();
    }
  }

  void AddChart(const LineChart& chart) {
    EnsurePage();
    if (y > body_top) y += kBlockGap;
    if (y + chart.height > body_bottom) NewPage();
    constexpr double kScaleWidth = 56;  // the scale's labels, right-aligned beside the plot
    constexpr double kDot = 1.8;
    const double left = page.margin + kScaleWidth + 4;
    const double right = page.margin + BodyWidth() - 4;
    const double top = y + body_line / 2;
    const double bottom = y + chart.height - 2.5 * body_line - kPadding;
    const double slot_width = (right - left) / double(std::max<std::size_t>(1, chart.slots.size()));
    const double span = chart.high > chart.low ? chart.high - chart.low : 1;
    auto x_of = [&](int slot) { return left + (slot + 0.5) * slot_width; };
    auto y_of = [&](double v) { return bottom - (v - chart.low) / span * (bottom - top); };
    Page& p = Current();
    auto label = [&](std::string_view text, double width, Alignment alignment, double x,
                     auto top_of) {
      SetText laid = Lay(text, width, Style::kBody, alignment);
      if (laid.Empty()) return 0.0;
      const double label_width = laid.width;
      const double top = top_of(laid.Height());
      p.Show(Fix(std::move(laid)), x, top);
      return label_width;
    };
    for (const auto& [value, text] : chart.gridlines) {
      const double at = y_of(value);  // a binding that clang 14's lambdas cannot capture
      p.paths.push_back({{{left, at}, {right, at}}, kGridGray, kGridLineWidth, false, false});
      label(text, kScaleWidth, Alignment::kRight, page.margin,
            [&](double height) { return at - height / 2; });
    }
    for (std::size_t k = 0; k < chart.slots.size(); ++k) {
      label(chart.slots[k], slot_width, Alignment::kCenter, x_of(int(k)) - slot_width / 2,
            [&](double) { return bottom + kPadding; });
    }
    double legend_x = left;
    const double legend_y = bottom + kPadding + 1.5 * body_line;
    for (const LineChart::Series& series : chart.series) {
      const double gray = series.solid ? 0 : 0.45;
      std::vector<std::pair<double, double>> points;
      for (const auto& [slot, v] : series.points) points.emplace_back(x_of(slot), y_of(v));
      p.paths.push_back({points, gray, series.solid ? 1.2 : 1, !series.solid, false});
      if (series.marked) p.paths.push_back({std::move(points), gray, kDot, false, true});
      const double sample_y = legend_y + body_line / 2;
      p.paths.push_back({{{legend_x, sample_y}, {legend_x + 24, sample_y}},
                         gray,
                         series.solid ? 1.2 : 1,
                         !series.solid,
                         false});
      const double width = label(series.label, BodyWidth() / 2, Alignment::kLeft, legend_x + 28,
                                 [&](double) { return legend_y; });
      legend_x += 28 + width + 16;
    }
    y += chart.height;
  }

  // The cells that pages [first, last) draw and whose layouts were let go.
  std::vector<CellKey> MissingOn(std::size_t first, std::size_t last) const {
    std::vector<CellKey> missing;
    for (std::size_t k = first; k < last; ++k) {
      for (const RowPart& part : pages[k].rows) {
        for (std::size_t c = 0; c < part.columns.size(); ++c) {
          const ColumnSpan& span = part.columns[c];
          if (!span.continued && span.from == span.to) continue;
          const CellKey key{part.table, part.row, std::uint32_t(c), span.continued};
          if (!kept.contains(key)) missing.push_back(key);
        }
      }
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    return missing;
  }

  // Lays out cells [from, to) of `keys` with `setter` into `laid`.
  void LayCells(Typesetter& setter, const std::vector<CellKey>& keys, std::size_t from,
                std::size_t to, std::vector<SetText>& laid) const {
    std::optional<Row> row;  // of the key before, whose row the next often shares
    for (std::size_t k = from; k < to; ++k) {
      const CellKey& key = keys[k];
      const PlacedTable& placed = tables[key.table];
      if (k == from || key.table != keys[k - 1].table || key.row != keys[k - 1].row) {
        row = placed.RowAt(key.row);
      }
      laid[k] = placed.Lay(setter, key.column, text::JoinLines((*row)[key.column]), key.continued);
    }
  }

  static CellLayouts Gather(const std::vector<CellKey>& keys, std::vector<SetText>& laid) {
    CellLayouts layouts;
    for (std::size_t k = 0; k < keys.size(); ++k) layouts.emplace(keys[k], std::move(laid[k]));
    return layouts;
  }

  // The layouts that pages [first, last) need and no longer have, laid out again by two
  // threads when there are many.
  CellLayouts LayAgain(std::size_t first, std::size_t last) {
    const std::vector<CellKey> missing = MissingOn(first, last);
    std::vector<SetText> laid(missing.size());
    if (missing.size() < kCellsWorthASecondThread) {
      LayCells(typesetter, missing, 0, missing.size(), laid);
    } else {
      const std::size_t half = missing.size() / 2;
      Typesetter& second_setter = Helper();
      std::future<void> second = std::async(std::launch::async, [&] {
        LayCells(second_setter, missing, half, missing.size(), laid);
      });
      LayCells(typesetter, missing, 0, half, laid);
      second.get();
    }
    return Gather(missing, laid);
  }

  // As LayAgain, by `setter` alone, on a thread of its own.
  std::future<CellLayouts> LayAgainAhead(Typesetter& setter, std::size_t first, std::size_t last) {
    return std::async(std::launch::async, [this, &setter, first, last] {
      const std::vector<CellKey> missing = MissingOn(first, last);
      std::vector<SetText> laid(missing.size());
      LayCells(setter, missing, 0, missing.size(), laid);
      return Gather(missing, laid);
    });
  }

  void DrawPageBand(PdfWriter& pdf, std::size_t number) {
    const SetText heading = Lay(title, BodyWidth() / 2, Style::kBand, Alignment::kLeft);
    const SetText right = Lay(note, BodyWidth() / 2, Style::kBody, Alignment::kRight);
    const std::string count = std::to_string(number) + " / " + std::to_string(pages.size());
    const SetText foot = Lay(count, BodyWidth(), Style::kBody, Alignment::kCenter);
    DrawWhole(pdf, heading, page.margin, page.margin);
    DrawWhole(pdf, right, page.margin + BodyWidth() / 2,
              page.margin + heading.Height() - right.Height());
    DrawWhole(pdf, foot, page.margin, page.height - page.margin - foot.Height());
  }

  void DrawWhole(PdfWriter& pdf, const SetText& text, double x, double y) {
    typesetter.Draw(pdf, text, 0, text.lines.size(), x, y);
  }

  // Calls `box` with each cell's box of page `p`: its own boxes, and its rows' cells.
  void ForEachBox(const Page& p, const std::function<void(const BoxOp&)>& box) const {
    for (const BoxOp& b : p.boxes) box(b);
    for (const RowPart& part : p.rows) {
      const PlacedTable& placed = tables[part.table];
      for (std::size_t c = 0; c < part.columns.size(); ++c) {
        box({placed.x[c], part.y, placed.x[c + 1] - placed.x[c], part.height,
             Has(placed.table.shaded_columns, c)});
      }
    }
  }

  void DrawRowPart(PdfWriter& pdf, const RowPart& part, const CellLayouts& laid_again) {
    const PlacedTable& placed = tables[part.table];
    for (std::size_t c = 0; c < part.columns.size(); ++c) {
      const ColumnSpan& span = part.columns[c];
      if (!span.continued && span.from == span.to) continue;
      const CellKey key{part.table, part.row, std::uint32_t(c), span.continued};
      const auto found = kept.find(key);
      const SetText& text = found != kept.end() ? found->second : laid_again.at(key);
      const double x = placed.x[c] + kPadding;
      const double top = part.y + kPadding;
      if (span.continued) {
        DrawWhole(pdf, text, x, top);
      } else {
        typesetter.Draw(pdf, text, span.from, span.to, x, top);
      }
    }
  }

  void DrawPage(PdfWriter& pdf, const Page& p, const CellLayouts& laid_again) {
    ForEachBox(p, [&](const BoxOp& box) {
      if (box.shaded) pdf.Rectangle(box.x, box.y, box.width, box.height);
    });
    pdf.Fill(kShadeGray);
    ForEachBox(p, [&](const BoxOp& box) { pdf.Rectangle(box.x, box.y, box.width, box.height); });
    pdf.Stroke(kGridGray, kGridLineWidth);
    for (const PathOp& path : p.paths) {
      if (path.dots) {
        for (const auto& [px, py] : path.points) pdf.Circle(px, py, path.width);
        pdf.Fill(path.gray);
        continue;
      }
      if (path.points.size() < 2) continue;
      pdf.MoveTo(path.points[0].first, path.points[0].second);
      for (std::size_t k = 1; k < path.points.size(); ++k) {
        pdf.LineTo(path.points[k].first, path.points[k].second);
      }
      constexpr double kDash = 3;
      constexpr double kGap = 2;
      pdf.Stroke(path.gray, path.width, path.dashed ? kDash : 0, kGap);
    }
    auto text = p.texts.begin();
    auto show_texts_before = [&](std::size_t rows) {
      for (; text != p.texts.end() && text->rows_before <= rows; ++text) {
        DrawWhole(pdf, *text->text, text->x, text->y);
      }
    };
    for (std::size_t k = 0; k < p.rows.size(); ++k) {
      show_texts_before(k);
      DrawRowPart(pdf, p.rows[k], laid_again);
    }
    show_texts_before(p.rows.size());
  }

  Result<void> Render(const Output& output) {
    EnsurePage();
    TORIKUMI_RETURN_IF_ERROR(typesetter.CheckFonts());
    PdfWriter pdf(output, page.width, page.height, title);
    // Where nothing was kept (a long table), the next pages' cells are laid out on a second
    // thread while these are drawn.
    const bool ahead = kept.empty();
    auto lay_ahead = [&](std::size_t first) {
      const std::size_t last = std::min(pages.size(), first + kPagesAtOnce);
      return LayAgainAhead(Helper(), first, last);
    };
    std::future<CellLayouts> next;
    if (ahead) next = lay_ahead(0);
    for (std::size_t first = 0; first < pages.size() && !pdf.Failed(); first += kPagesAtOnce) {
      const std::size_t last = std::min(pages.size(), first + kPagesAtOnce);
      const CellLayouts laid_again = ahead ? next.get() : LayAgain(first, last);
      if (ahead && last < pages.size()) next = lay_ahead(last);
      for (std::size_t k = first; k < last; ++k) {
        pdf.BeginPage();
        DrawPageBand(pdf, k + 1);
        DrawPage(pdf, pages[k], laid_again);
        pdf.EndPage();
      }
      model::Report(report, {"描画", last, pages.size(), "ページ"});
    }
    if (next.valid()) next.wait();  // stopped by a failed write
    // The fonts' subsets are made last and take memory of their own: what the pages held is
    // let go first.
    kept.clear();
    fixed.clear();
    return pdf.Finish();
  }

  PageSetup page;
  std::string title;
  std::string note;
  model::ProgressReport report;
  StyleSizes sizes;
  Typesetter typesetter;               // the drawing thread's
  std::unique_ptr<Typesetter> helper;  // the second thread's
  std::vector<PlacedTable> tables;
  std::vector<std::unique_ptr<SetText>> fixed;  // the texts that pages draw whole
  CellLayouts kept;  // table cells' layouts kept from pagination to drawing
  std::size_t kept_bytes = 0;
  std::size_t kept_budget = kKeptLayoutBytes;
  bool keeping = true;  // the table being added is short enough to keep its layouts
  std::vector<Page> pages;
  double body_line = 0;  // the height of a line of body text
  double body_top = 0;
  double body_bottom = 0;
  double y = 0;  // where the next block starts on the last page
};

Document::Document(const PageSetup& page, std::string title, std::string note)
    : impl_(std::make_unique<Impl>(page, std::move(title), std::move(note))) {}
Document::~Document() = default;

void Document::AddHeading(std::string_view text) { impl_->AddHeading(text); }
void Document::AddTable(Table table) { impl_->AddTable(std::move(table)); }
void Document::AddChart(const LineChart& chart) { impl_->AddChart(chart); }
Result<void> Document::Render(const Output& output) { return impl_->Render(output); }
void Document::KeepLayoutsUpTo(std::size_t bytes) { impl_->kept_budget = bytes; }
void Document::ReportTo(model::ProgressReport report) { impl_->report = std::move(report); }
double Document::BodyWidth() const { return impl_->BodyWidth(); }

}  // namespace torikumi::sheet::pdf
