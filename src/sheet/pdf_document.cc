#include "sheet/pdf_document.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <numeric>
#include <thread>

#include "text/cell.h"

namespace torikumi::sheet::pdf {
namespace {

constexpr char kFamily[] = "Noto Sans CJK JP";
constexpr double kPadding = 2.5;    // between a cell's border and its text
constexpr double kPageBandGap = 6;  // between the page's title line and the body
constexpr double kBlockGap = 10;    // between a table and what follows it
constexpr double kGridGray = 0.55;  // lighter than the text, which stands out from the grid
constexpr double kShadeGray = 0.9;
constexpr double kGridLineWidth = 0.5;
// A row too long for any page starts on the current page only if this much of it is left.
constexpr double kMinimumStartFraction = 0.25;

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

bool Has(const std::vector<int>& columns, std::size_t column) {
  return std::find(columns.begin(), columns.end(), int(column)) != columns.end();
}

double Points(int pango_units) { return pango_units / double(PANGO_SCALE); }

int LogicalWidth(PangoLayout* layout) {
  int width = 0;
  if (layout) pango_layout_get_size(layout, &width, nullptr);
  return width;
}

struct Line {
  double top;
  double bottom;
};

// A laid-out cell: its layout (null when empty) and where each of its lines lies.
struct CellText {
  PangoLayout* layout = nullptr;
  std::vector<Line> lines;

  double Height() const { return lines.empty() ? 0 : lines.back().bottom; }
};

// Text drawn at (x, y): the layout's lines from `from` to `to` (layout coordinates), the
// others clipped away, when `clipped`; all of it otherwise.
struct TextOp {
  PangoLayout* layout;
  double x;
  double y;
  double from;
  double to;
  bool clipped;
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

struct Page {
  std::vector<BoxOp> boxes;
  std::vector<PathOp> paths;
  std::vector<TextOp> texts;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

enum class Style { kBody, kBold, kHeading, kBand };

// Sets text with one thread's pango context. Pango is not thread-safe, but each thread has
// its own default font map, so a typesetter per thread lays out text in parallel; its
// layouts may be drawn by another thread once it is done.
class Typesetter {
 public:
  explicit Typesetter(const PageSetup& page) {
    context_.reset(pango_font_map_create_context(pango_cairo_font_map_get_default()));
    pango_cairo_context_set_resolution(context_.get(), 72);  // a pango point is a PDF point
    pango_context_set_language(context_.get(), pango_language_from_string("ja"));
    // Metrics unhinted, so that what is measured here is what the PDF shows at any scale.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_.get(), options);
    cairo_font_options_destroy(options);

    FontPtr body(pango_font_description_new());
    pango_font_description_set_family(body.get(), kFamily);
    pango_font_description_set_size(body.get(), int(page.font_size * PANGO_SCALE));
    FontPtr bold(pango_font_description_copy(body.get()));
    pango_font_description_set_weight(bold.get(), PANGO_WEIGHT_BOLD);
    FontPtr heading(pango_font_description_copy(bold.get()));
    pango_font_description_set_size(heading.get(), int(page.font_size * 1.4 * PANGO_SCALE));
    FontPtr band(pango_font_description_copy(bold.get()));
    pango_font_description_set_size(band.get(),
                                    int(std::max(9.0, page.font_size * 1.5) * PANGO_SCALE));
    fonts_[int(Style::kBody)] = std::move(body);
    fonts_[int(Style::kBold)] = std::move(bold);
    fonts_[int(Style::kHeading)] = std::move(heading);
    fonts_[int(Style::kBand)] = std::move(band);
    // Pango would add a hyphen where it breaks inside a word; the text must stay as written.
    attributes_ = pango_attr_list_new();
    pango_attr_list_insert(attributes_, pango_attr_insert_hyphens_new(FALSE));
  }
  ~Typesetter() { pango_attr_list_unref(attributes_); }
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  CellText Lay(std::string_view text, double width, Style style, PangoAlignment alignment) {
    CellText cell;
    if (text.empty()) return cell;
    PangoLayout* layout = pango_layout_new(context_.get());
    layouts_.emplace_back(layout);
    pango_layout_set_font_description(layout, fonts_[int(style)].get());
    pango_layout_set_width(layout, int(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, alignment);
    pango_layout_set_attributes(layout, attributes_);
    pango_layout_set_text(layout, text.data(), int(text.size()));
    PangoLayoutIter* line = pango_layout_get_iter(layout);
    do {
      int top = 0;
      int bottom = 0;
      pango_layout_iter_get_line_yrange(line, &top, &bottom);
      cell.lines.push_back({Points(top), Points(bottom)});
    } while (pango_layout_iter_next_line(line));
    pango_layout_iter_free(line);
    cell.layout = layout;
    return cell;
  }

  double LineHeight(Style style) { return Lay(" ", 1000, style, PANGO_ALIGN_LEFT).Height(); }

 private:
  std::unique_ptr<PangoContext, GObjectUnref> context_;
  std::array<FontPtr, 4> fonts_;
  PangoAttrList* attributes_ = nullptr;
  std::vector<LayoutPtr> layouts_;  // every layout a page refers to, alive until rendered
};

// Tables of at least this many rows are laid out by two threads.
constexpr std::size_t kRowsWorthASecondThread = 48;

}  // namespace

struct Document::Impl {
  Impl(const PageSetup& setup, std::string title_text, std::string note_text)
      : page(setup), title(std::move(title_text)), note(std::move(note_text)), typesetter(setup) {
    body_line = typesetter.LineHeight(Style::kBody);
    body_top = page.margin + typesetter.LineHeight(Style::kBand) + kPageBandGap;
    body_bottom = page.height - page.margin - body_line - kPageBandGap;
  }

  CellText Lay(std::string_view text, double width, Style style, PangoAlignment alignment) {
    return typesetter.Lay(text, width, style, alignment);
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
    CellText heading = Lay(text, BodyWidth(), Style::kHeading, PANGO_ALIGN_LEFT);
    if (y > body_top) y += kBlockGap;
    // A heading never ends a page: keep room for a few lines of what it heads.
    if (y + heading.Height() + 4 * body_line > body_bottom) NewPage();
    Current().texts.push_back({heading.layout, page.margin, y, 0, 0, false});
    y += heading.Height() + kPageBandGap;
  }

  struct LaidHeader {
    std::vector<CellText> cells;
    std::vector<double> row_heights;
    double height = 0;
  };

  LaidHeader LayHeader(const Table& table, const std::vector<double>& x) {
    LaidHeader laid;
    laid.row_heights.assign(std::size_t(table.header_rows), 0);
    for (const HeaderCell& h : table.header) {
      const double width =
          x[std::size_t(h.column) + std::size_t(h.column_span)] - x[std::size_t(h.column)];
      laid.cells.push_back(Lay(h.text, width - 2 * kPadding, Style::kBold, PANGO_ALIGN_CENTER));
      if (h.row_span == 1) {
        double& row = laid.row_heights[std::size_t(h.row)];
        row = std::max(row, laid.cells.back().Height() + 2 * kPadding);
      }
    }
    // A cell spanning rows that needs more than they give grows the last of them.
    for (std::size_t k = 0; k < table.header.size(); ++k) {
      const HeaderCell& h = table.header[k];
      if (h.row_span == 1) continue;
      const auto first = laid.row_heights.begin() + h.row;
      const double spanned = std::accumulate(first, first + h.row_span, 0.0);
      const double needed = laid.cells[k].Height() + 2 * kPadding;
      if (needed > spanned) *(first + h.row_span - 1) += needed - spanned;
    }
    laid.height = std::accumulate(laid.row_heights.begin(), laid.row_heights.end(), 0.0);
    return laid;
  }

  void PlaceHeader(const Table& table, const LaidHeader& laid, const std::vector<double>& x) {
    for (std::size_t k = 0; k < table.header.size(); ++k) {
      const HeaderCell& h = table.header[k];
      const auto first = laid.row_heights.begin();
      const double top = y + std::accumulate(first, first + h.row, 0.0);
      const double height = std::accumulate(first + h.row, first + h.row + h.row_span, 0.0);
      const double left = x[std::size_t(h.column)];
      const double width = x[std::size_t(h.column) + std::size_t(h.column_span)] - left;
      Current().boxes.push_back({left, top, width, height, true});
      const CellText& cell = laid.cells[k];
      if (cell.layout) {
        Current().texts.push_back(
            {cell.layout, left + kPadding, top + (height - cell.Height()) / 2, 0, 0, false});
      }
    }
    y += laid.height;
  }

  void AddTable(const Table& table) {
    EnsurePage();
    if (y > body_top) y += kBlockGap;
    std::vector<double> x{page.margin};
    for (double w : table.widths) x.push_back(x.back() + w);

    const LaidHeader header = LayHeader(table, x);
    const double min_row = body_line + 2 * kPadding;
    if (y + header.height + min_row > body_bottom) NewPage();
    PlaceHeader(table, header, x);
    auto continue_on_new_page = [&] {
      NewPage();
      PlaceHeader(table, header, x);
    };

    for (const std::vector<CellText>& cells : LayRows(table)) {
      double needed = min_row;
      for (const CellText& cell : cells) needed = std::max(needed, cell.Height() + 2 * kPadding);
      if (y + needed > body_bottom) {
        const bool fits_a_page = needed <= BodyHeight() - header.height;
        if (fits_a_page || body_bottom - y < kMinimumStartFraction * BodyHeight()) {
          continue_on_new_page();
        }
      }
      PlaceRow(table, x, cells, continue_on_new_page);
    }
  }

  // Lays out rows [begin, end) of `table` with `setter`, counting them in `laid_rows`.
  static void LayRowRange(Typesetter& setter, const Table& table, std::size_t begin,
                          std::size_t end, std::vector<std::vector<CellText>>& laid,
                          std::atomic<std::size_t>& laid_rows, const std::function<void()>& told) {
    for (std::size_t r = begin; r < end; ++r) {
      ++laid_rows;
      told();
      laid[r].resize(table.widths.size());
      for (std::size_t c = 0; c < table.widths.size(); ++c) {
        laid[r][c] =
            setter.Lay(text::JoinLines(table.rows[r][c]), table.widths[c] - 2 * kPadding,
                       Has(table.shaded_columns, c) ? Style::kBold : Style::kBody,
                       Has(table.centered_columns, c) ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      }
    }
  }

  // Every row's cells laid out: a long table's second half by a second thread, which is
  // most of the time a sheet's PDF takes on a two-core machine.
  std::vector<std::vector<CellText>> LayRows(const Table& table) {
    std::vector<std::vector<CellText>> laid(table.rows.size());
    const std::size_t half =
        table.rows.size() >= kRowsWorthASecondThread ? table.rows.size() / 2 : table.rows.size();
    std::unique_ptr<Typesetter> helper;
    // Both threads count; the first tells, for the report is not the second's to call.
    std::atomic<std::size_t> laid_rows = 0;
    const std::function<void()> tell = [&] {
      const std::size_t rows = laid_rows;
      if (report && (rows % 64 == 0 || rows == table.rows.size())) {
        report({"割り付け", rows, table.rows.size(), "行"});
      }
    };
    {
      std::jthread second([&] {
        if (half == table.rows.size()) return;
        helper = std::make_unique<Typesetter>(page);
        LayRowRange(*helper, table, half, table.rows.size(), laid, laid_rows, [] {});
      });
      LayRowRange(typesetter, table, 0, half, laid, laid_rows, tell);
    }
    model::Report(report, {"割り付け", table.rows.size(), table.rows.size(), "行"});
    if (helper) helpers.push_back(std::move(helper));
    return laid;
  }

  // Places a row, continuing it on further pages while its cells have lines left.
  template <typename NewPageFn>
  void PlaceRow(const Table& table, const std::vector<double>& x,
                const std::vector<CellText>& cells, const NewPageFn& continue_on_new_page) {
    const std::size_t columns = cells.size();
    std::vector<std::size_t> next_line(columns, 0);
    std::vector<CellText> continued(columns);
    for (bool first_part = true;; first_part = false) {
      const double available = body_bottom - y - 2 * kPadding;
      double used = 0;
      bool lines_left = false;
      std::vector<TextOp> texts;
      for (std::size_t c = 0; c < columns; ++c) {
        const CellText& cell = cells[c];
        const bool done = next_line[c] >= cell.lines.size();
        if (!first_part && done && Has(table.identity_columns, c) && cell.layout) {
          if (!continued[c].layout) {
            const std::string text = pango_layout_get_text(cell.layout);
            const bool last = int(c) == table.identity_columns.back();
            continued[c] = Lay(last ? text + "（続き）" : text, table.widths[c] - 2 * kPadding,
                               Has(table.shaded_columns, c) ? Style::kBold : Style::kBody,
                               pango_layout_get_alignment(cell.layout));
          }
          texts.push_back({continued[c].layout, x[c] + kPadding, y + kPadding, 0, 0, false});
          used = std::max(used, continued[c].Height());
          continue;
        }
        if (done) continue;
        const double from = cell.lines[next_line[c]].top;
        std::size_t end = next_line[c];
        while (end < cell.lines.size() && cell.lines[end].bottom - from <= available) ++end;
        // A line taller than the page is shown cut rather than never.
        if (end == next_line[c]) ++end;
        const double to = cell.lines[end - 1].bottom;
        const bool whole = next_line[c] == 0 && end == cell.lines.size();
        texts.push_back({cell.layout, x[c] + kPadding, y + kPadding, from, to, !whole});
        used = std::max(used, to - from);
        next_line[c] = end;
        lines_left = lines_left || end < cell.lines.size();
      }
      const double height = std::max(used + 2 * kPadding, body_line + 2 * kPadding);
      for (std::size_t c = 0; c < columns; ++c) {
        Current().boxes.push_back({x[c], y, x[c + 1] - x[c], height, Has(table.shaded_columns, c)});
      }
      Current().texts.insert(Current().texts.end(), texts.begin(), texts.end());
      y += height;
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
    for (const auto& [v, text] : chart.gridlines) {
      p.paths.push_back(
          {{{left, y_of(v)}, {right, y_of(v)}}, kGridGray, kGridLineWidth, false, false});
      const CellText label = Lay(text, kScaleWidth, Style::kBody, PANGO_ALIGN_RIGHT);
      p.texts.push_back({label.layout, page.margin, y_of(v) - label.Height() / 2, 0, 0, false});
    }
    for (std::size_t k = 0; k < chart.slots.size(); ++k) {
      const CellText label = Lay(chart.slots[k], slot_width, Style::kBody, PANGO_ALIGN_CENTER);
      p.texts.push_back(
          {label.layout, x_of(int(k)) - slot_width / 2, bottom + kPadding, 0, 0, false});
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
      const CellText label = Lay(series.label, BodyWidth() / 2, Style::kBody, PANGO_ALIGN_LEFT);
      p.texts.push_back({label.layout, legend_x + 28, legend_y, 0, 0, false});
      legend_x += 28 + Points(LogicalWidth(label.layout)) + 16;
    }
    y += chart.height;
  }

  void DrawPageBand(cairo_t* cr, std::size_t number) {
    const CellText heading = Lay(title, BodyWidth() / 2, Style::kBand, PANGO_ALIGN_LEFT);
    const CellText right = Lay(note, BodyWidth() / 2, Style::kBody, PANGO_ALIGN_RIGHT);
    const std::string count = std::to_string(number) + " / " + std::to_string(pages.size());
    const CellText foot = Lay(count, BodyWidth(), Style::kBody, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (heading.layout) {
      cairo_move_to(cr, page.margin, page.margin);
      pango_cairo_show_layout(cr, heading.layout);
    }
    if (right.layout) {
      cairo_move_to(cr, page.margin + BodyWidth() / 2,
                    page.margin + heading.Height() - right.Height());
      pango_cairo_show_layout(cr, right.layout);
    }
    cairo_move_to(cr, page.margin, page.height - page.margin - foot.Height());
    pango_cairo_show_layout(cr, foot.layout);
  }

  void DrawPage(cairo_t* cr, const Page& p) {
    cairo_set_source_rgb(cr, kShadeGray, kShadeGray, kShadeGray);
    for (const BoxOp& box : p.boxes) {
      if (box.shaded) cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    }
    cairo_fill(cr);
    cairo_set_source_rgb(cr, kGridGray, kGridGray, kGridGray);
    cairo_set_line_width(cr, kGridLineWidth);
    for (const BoxOp& box : p.boxes) cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    cairo_stroke(cr);
    for (const PathOp& path : p.paths) {
      cairo_set_source_rgb(cr, path.gray, path.gray, path.gray);
      if (path.dots) {
        for (const auto& [px, py] : path.points) {
          cairo_new_sub_path(cr);
          cairo_arc(cr, px, py, path.width, 0, 2 * G_PI);
        }
        cairo_fill(cr);
        continue;
      }
      if (path.points.size() < 2) continue;
      cairo_set_line_width(cr, path.width);
      if (path.dashed) {
        const double dash[] = {3, 2};
        cairo_set_dash(cr, dash, 2, 0);
      }
      cairo_move_to(cr, path.points[0].first, path.points[0].second);
      for (std::size_t k = 1; k < path.points.size(); ++k) {
        cairo_line_to(cr, path.points[k].first, path.points[k].second);
      }
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const TextOp& text : p.texts) {
      if (!text.layout) continue;  // empty text is never laid out
      if (text.clipped) {
        cairo_save(cr);
        cairo_rectangle(cr, text.x - kPadding, text.y,
                        Points(pango_layout_get_width(text.layout)) + 2 * kPadding,
                        text.to - text.from);
        cairo_clip(cr);
      }
      cairo_move_to(cr, text.x, text.y - text.from);
      pango_cairo_show_layout(cr, text.layout);
      if (text.clipped) cairo_restore(cr);
    }
  }

  Result<std::string> Render() {
    EnsurePage();
    std::string out;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(&AppendToString, &out, page.width, page.height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "torikumi");
    cairo_t* cr = cairo_create(surface);
    for (std::size_t k = 0; k < pages.size(); ++k) {
      DrawPageBand(cr, k + 1);
      DrawPage(cr, pages[k]);
      cairo_show_page(cr);
      if ((k + 1) % 16 == 0 || k + 1 == pages.size()) {
        model::Report(report, {"描画", k + 1, pages.size(), "ページ"});
      }
    }
    const cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t finished = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
      return Error::Io(std::string("PDF を作れません: ") +
                       cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
    }
    return out;
  }

  PageSetup page;
  std::string title;
  std::string note;
  model::ProgressReport report;
  Typesetter typesetter;
  // The second threads' typesetters, whose layouts the pages refer to.
  std::vector<std::unique_ptr<Typesetter>> helpers;
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
void Document::AddTable(const Table& table) { impl_->AddTable(table); }
void Document::AddChart(const LineChart& chart) { impl_->AddChart(chart); }
Result<std::string> Document::Render() { return impl_->Render(); }
void Document::ReportTo(model::ProgressReport report) { impl_->report = std::move(report); }
double Document::BodyWidth() const { return impl_->BodyWidth(); }

}  // namespace torikumi::sheet::pdf
