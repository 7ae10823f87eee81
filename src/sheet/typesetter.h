#ifndef TORIKUMI_SHEET_TYPESETTER_H_
#define TORIKUMI_SHEET_TYPESETTER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/error.h"

namespace torikumi::sheet::pdf {

class PdfWriter;

// The text engine of the printed forms, for pdf_document.cc alone. Text is broken into
// lines where ICU's Japanese line breaking allows (no break before 。、）, none inside a
// Latin word that fits its line; a word longer than a line is broken between its
// characters), and set in Noto Sans CJK JP by HarfBuzz. Almost every piece of text between
// two break opportunities (a kanji, a kana with the 。 after it, a number) recurs across
// the cells and pages of a sheet, so each is shaped once and its glyphs kept: shaping is
// no longer what a page costs. pdf_writer.h places the glyphs and embeds the fonts' subsets.

enum class Style { kBody, kBold, kHeading, kBand };
inline constexpr std::size_t kStyleCount = 4;
// The size of each Style, in points.
using StyleSizes = std::array<double, kStyleCount>;
enum class Alignment { kLeft, kCenter, kRight };

// A line of a set text: the bytes [begin, end) of its text, `left` points in from the
// left edge (its alignment), between `top` and `bottom` below the text's top.
struct SetLine {
  std::uint32_t begin;
  std::uint32_t end;
  double left;
  double top;
  double bottom;
};

// A text broken into lines for a width, in one style.
struct SetText {
  std::string text;
  Style style = Style::kBody;
  double width = 0;  // the widest line's, trailing spaces left out
  std::vector<SetLine> lines;

  double Height() const { return lines.empty() ? 0 : lines.back().bottom; }
  bool Empty() const { return lines.empty(); }
};

// Sets text in the sizes of one page setup. A typesetter keeps what it has shaped and is
// used by one thread at a time; the fonts it sets in are loaded once and shared.
class Typesetter {
 public:
  explicit Typesetter(const StyleSizes& sizes);
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // `text` broken into lines no wider than `width` points; none when it is empty.
  SetText Set(std::string text, double width, Style style, Alignment alignment);

  double LineHeight(Style style) const;

  // Whether the fonts found can be embedded in a PDF.
  Result<void> CheckFonts() const;

  // Draws lines [from, to) of `text` on `pdf`'s page with the top of line `from` at (x, y).
  void Draw(PdfWriter& pdf, const SetText& text, std::size_t from, std::size_t to, double x,
            double y);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace torikumi::sheet::pdf

#endif  // TORIKUMI_SHEET_TYPESETTER_H_
