#ifndef TORIKUMI_SHEET_PDF_WRITER_H_
#define TORIKUMI_SHEET_PDF_WRITER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "model/error.h"
#include "sheet/output.h"

struct hb_font_t;

namespace torikumi::sheet::pdf {

// Writes a PDF of equal pages for pdf_document.cc: gray rectangles, lines and dots, and
// glyphs of OpenType CFF fonts (Noto Sans CJK), each embedded as a subset of the glyphs the
// pages show (HarfBuzz's subsetter) with the characters they stand for, so that the text
// can be searched and copied. Each page goes to the output as it ends (handed on a MB at a
// time); only the fonts' use is held until the end. Coordinates are points from the page's
// top left.
//
// It is small because the forms need little; it is ours because the general PDF surface it
// replaced (cairo's) spent more time than the rest of the document put together.

// A glyph placed on a line: its id in the font, the left of its origin, how far above the
// baseline it sits, and the characters it shows (empty for the second glyph of a cluster).
struct PlacedGlyph {
  std::uint32_t id;
  double x;
  double rise;
  std::string_view text;
};

class PdfWriter {
 public:
  PdfWriter(const Output& output, double width, double height, std::string_view title);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  void BeginPage();
  void EndPage();

  // Paths: rectangles, lines and circles gathered, then filled or stroked in a gray.
  void Rectangle(double x, double y, double width, double height);
  void MoveTo(double x, double y);
  void LineTo(double x, double y);
  void Circle(double x, double y, double radius);
  void Fill(double gray);
  // `dash` points drawn and `gap` left alternately; a solid line when `dash` is 0.
  void Stroke(double gray, double line_width, double dash = 0, double gap = 0);

  // Glyphs of `font` at `size` points on the baseline at `baseline`, in black.
  void ShowGlyphs(hb_font_t* font, double size, double baseline,
                  std::span<const PlacedGlyph> glyphs);

  // The fonts, the page tree and the cross-reference table: the PDF made whole. The
  // first error of the output, if it failed, then or before.
  Result<void> Finish();

  // Whether `font` can be embedded: a CID-keyed OpenType CFF font, as Noto Sans CJK is.
  // Checked before the first page, so that no PDF is begun that could not be finished.
  static Result<void> CheckFont(hb_font_t* font);

  // Whether the output has failed, after which nothing more is written.
  bool Failed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace torikumi::sheet::pdf

#endif  // TORIKUMI_SHEET_PDF_WRITER_H_
