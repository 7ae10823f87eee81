#include "sheet/typesetter.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <functional>
#include <new>
#include <string_view>
#include <unordered_map>

#include "sheet/pdf_writer.h"
#include "text/utf8.h"

namespace torikumi::sheet::pdf {
namespace {

constexpr char kFamily[] = "Noto Sans CJK JP";

// One weight of the family, loaded once for the process and shared by every thread:
// HarfBuzz's font is immutable once made.
struct Face {
  hb_font_t* font = nullptr;
  double units_per_em = 1000;
  double ascender = 0;   // font units above the baseline
  double descender = 0;  // font units below it, as a positive number
};

Face LoadFace(int weight) {
  FcPattern* wanted = FcPatternCreate();
  FcPatternAddString(wanted, FC_FAMILY, reinterpret_cast<const FcChar8*>(kFamily));
  FcPatternAddInteger(wanted, FC_WEIGHT, weight);
  FcPatternAddString(wanted, FC_LANG, reinterpret_cast<const FcChar8*>("ja"));
  FcConfigSubstitute(nullptr, wanted, FcMatchPattern);
  FcDefaultSubstitute(wanted);
  FcResult result = FcResultNoMatch;
  FcPattern* found = FcFontMatch(nullptr, wanted, &result);
  FcPatternDestroy(wanted);

  Face face;
  hb_face_t* hb_face = hb_face_get_empty();
  FcChar8* file = nullptr;
  if (found && FcPatternGetString(found, FC_FILE, 0, &file) == FcResultMatch) {
    int index = 0;
    FcPatternGetInteger(found, FC_INDEX, 0, &index);
    hb_blob_t* blob = hb_blob_create_from_file(reinterpret_cast<const char*>(file));
    hb_face = hb_face_create(blob, unsigned(index));
    hb_blob_destroy(blob);
  }
  face.units_per_em = hb_face_get_upem(hb_face);
  face.font = hb_font_create(hb_face);
  hb_face_destroy(hb_face);
  hb_font_set_scale(face.font, int(face.units_per_em), int(face.units_per_em));
  hb_font_make_immutable(face.font);
  hb_font_extents_t extents{};
  hb_font_get_h_extents(face.font, &extents);
  face.ascender = extents.ascender;
  face.descender = -extents.descender;
  if (found) FcPatternDestroy(found);
  return face;
}

// Regular and bold, never let go: the server sets PDFs for as long as it runs.
const std::array<Face, 2>& Faces() {
  static const std::array<Face, 2> faces{LoadFace(FC_WEIGHT_REGULAR), LoadFace(FC_WEIGHT_BOLD)};
  return faces;
}

std::size_t WeightOf(Style style) { return style == Style::kBody ? 0 : 1; }

// A piece of text between two break opportunities, shaped: its glyphs, in font units.
struct Glyph {
  std::uint32_t id;
  std::uint32_t cluster;  // the byte of the piece its characters begin at
  std::int32_t advance;
  std::int32_t x_offset;
  std::int32_t y_offset;
};

struct Shaped {
  std::vector<Glyph> glyphs;
  std::int64_t advance = 0;
  std::int64_t trailing = 0;  // the advance of the spaces it ends with
  std::uint32_t spaces_from;  // the byte those spaces begin at
  bool monotonic = true;      // whether its clusters only grow (HarfBuzz kept their order)
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

using Shapes = std::unordered_map<std::string, Shaped, StringHash, std::equal_to<>>;

// A sheet's pieces are a few thousand characters, words and numbers, shaped once each. Text
// that repeats less (a prefecture's numbers, say) would grow the shapes without end, so they
// are begun again past this many, which bounds a typesetter's to a few MB.
constexpr std::size_t kMostShapesKept = std::size_t(1) << 14;

constexpr std::string_view kSeparators[] = {"\u0085", "\u2028", "\u2029"};

// `text` as the typesetter sets it: valid UTF-8, each invalid byte as U+FFFD, so that every
// glyph has characters; line and paragraph separators as line breaks, and the other control
// characters (a tab) as spaces, which the font would show as boxes.
std::string Settable(std::string text) {
  const bool controls = std::any_of(text.begin(), text.end(),
                                    [](char c) { return (unsigned char)c < 0x20 && c != '\n'; });
  const bool separators = std::any_of(
      std::begin(kSeparators), std::end(kSeparators),
      [&](std::string_view separator) { return text.find(separator) != std::string::npos; });
  if (!controls && !separators && text::FindInvalidUtf8(text) == std::string::npos) return text;
  std::string settable;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = text::NextCodePoint(text, pos);
    if (c == U'\u0085' || c == U'\u2028' || c == U'\u2029') {
      settable += '\n';
    } else if (c < 0x20 && c != U'\n') {
      settable += ' ';
    } else {
      text::AppendUtf8(settable, c);
    }
  }
  return settable;
}

}  // namespace

struct Typesetter::Impl {
  explicit Impl(const StyleSizes& style_sizes) : faces(Faces()), sizes(style_sizes) {
    UErrorCode status = U_ZERO_ERROR;
    breaks.reset(icu::BreakIterator::createLineInstance(icu::Locale::getJapanese(), status));
    // ICU's data always holds line breaking: only memory can have run out.
    if (U_FAILURE(status)) throw std::bad_alloc();
    buffer = hb_buffer_create();
    // Joiners and variation selectors the font lacks are kept in their cluster's text
    // rather than drawn as spaces.
    hb_buffer_set_flags(buffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
  }

  ~Impl() {
    hb_buffer_destroy(buffer);
    utext_close(utext);
  }

  const Face& FaceOf(Style style) const { return faces[WeightOf(style)]; }
  double Scale(Style style) const { return sizes[std::size_t(style)] / FaceOf(style).units_per_em; }

  double LineHeight(Style style) const {
    const Face& face = FaceOf(style);
    return (face.ascender + face.descender) * Scale(style);
  }

  // The byte offsets of `text` where a line may break, from 0 to its length; valid until
  // the next call.
  const std::vector<std::uint32_t>& Breaks(std::string_view text) {
    boundaries.clear();
    UErrorCode status = U_ZERO_ERROR;
    utext = utext_openUTF8(utext, text.data(), std::int64_t(text.size()), &status);
    breaks->setText(utext, status);
    if (U_FAILURE(status)) {  // nowhere to break but the ends
      boundaries = {0, std::uint32_t(text.size())};
      return boundaries;
    }
    for (std::int32_t at = breaks->first(); at != icu::BreakIterator::DONE; at = breaks->next()) {
      boundaries.push_back(std::uint32_t(at));
    }
    return boundaries;
  }

  const Shaped& Shape(Style style, std::string_view piece) {
    Shapes& kept = shapes[WeightOf(style)];
    if (auto found = kept.find(piece); found != kept.end()) return found->second;
    if (kept.size() >= kMostShapesKept) kept.clear();
    hb_buffer_clear_contents(buffer);  // keeps the flags
    hb_buffer_add_utf8(buffer, piece.data(), int(piece.size()), 0, int(piece.size()));
    hb_buffer_set_direction(buffer, HB_DIRECTION_LTR);
    hb_buffer_set_language(buffer, hb_language_from_string("ja", 2));
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(FaceOf(style).font, buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    Shaped shaped;
    shaped.glyphs.reserve(count);
    const std::size_t spaces_from = piece.find_last_not_of(' ') + 1;  // npos + 1 == 0
    shaped.spaces_from = std::uint32_t(spaces_from);
    for (unsigned k = 0; k < count; ++k) {
      const Glyph glyph{infos[k].codepoint, infos[k].cluster, positions[k].x_advance,
                        positions[k].x_offset, positions[k].y_offset};
      if (k > 0 && glyph.cluster < shaped.glyphs.back().cluster) shaped.monotonic = false;
      shaped.advance += glyph.advance;
      if (glyph.cluster >= spaces_from) shaped.trailing += glyph.advance;
      shaped.glyphs.push_back(glyph);
    }
    return kept.emplace(piece, std::move(shaped)).first->second;
  }

  // Breaks the paragraph [begin, end) of `set`'s text into lines no wider than `width`.
  void SetParagraph(SetText& set, std::uint32_t begin, std::uint32_t end, double width,
                    Alignment alignment) {
    const double scale = Scale(set.style);
    const double line_height = LineHeight(set.style);
    std::uint32_t line_begin = begin;
    double advanced = 0;  // the line's width so far, trailing spaces included
    double visible = 0;   // and without them
    auto end_line = [&](std::uint32_t at) {
      double left = 0;
      if (alignment == Alignment::kCenter) left = std::max(0.0, (width - visible) / 2);
      if (alignment == Alignment::kRight) left = std::max(0.0, width - visible);
      const double top = double(set.lines.size()) * line_height;
      set.lines.push_back({line_begin, at, left, top, top + line_height});
      set.width = std::max(set.width, visible);
      line_begin = at;
      advanced = 0;
      visible = 0;
    };
    constexpr double kRounding = 1e-6;
    const std::string_view paragraph = std::string_view(set.text).substr(begin, end - begin);
    const std::vector<std::uint32_t>& pieces = Breaks(paragraph);
    for (std::size_t k = 0; k + 1 < pieces.size(); ++k) {
      const std::uint32_t from = begin + pieces[k];
      const std::uint32_t to = begin + pieces[k + 1];
      const Shaped& shaped = Shape(set.style, paragraph.substr(pieces[k], to - from));
      const double piece_visible = double(shaped.advance - shaped.trailing) * scale;
      if (line_begin < from && advanced + piece_visible > width + kRounding) end_line(from);
      if (line_begin < from || piece_visible <= width + kRounding || !shaped.monotonic) {
        visible = advanced + piece_visible;
        advanced += double(shaped.advance) * scale;
        continue;
      }
      // A piece wider than any line (a long number, an address) is broken between its
      // characters, as many as each line holds.
      for (std::size_t g = 0; g < shaped.glyphs.size();) {
        const std::uint32_t cluster = shaped.glyphs[g].cluster;
        double cluster_advance = 0;
        for (; g < shaped.glyphs.size() && shaped.glyphs[g].cluster == cluster; ++g) {
          cluster_advance += shaped.glyphs[g].advance * scale;
        }
        // Spaces the piece ends with may pass the line's end, as they may at any piece's.
        const bool space = cluster >= shaped.spaces_from;
        if (line_begin < from + cluster && !space &&
            advanced + cluster_advance > width + kRounding) {
          visible = advanced;
          end_line(from + cluster);
        }
        advanced += cluster_advance;
      }
      visible = advanced - double(shaped.trailing) * scale;
    }
    end_line(end);
  }

  SetText Set(std::string text, double width, Style style, Alignment alignment) {
    SetText set{Settable(std::move(text)), style, 0, {}};
    if (set.text.empty()) return set;
    for (std::uint32_t begin = 0;;) {
      const std::size_t newline = set.text.find('\n', begin);
      const auto end = std::uint32_t(newline == std::string::npos ? set.text.size() : newline);
      SetParagraph(set, begin, end, width, alignment);
      if (newline == std::string::npos) break;
      begin = end + 1;
    }
    return set;
  }

  void Draw(PdfWriter& pdf, const SetText& set, std::size_t from, std::size_t to, double x,
            double y) {
    if (from >= to) return;
    const Face& face = FaceOf(set.style);
    const double scale = Scale(set.style);
    for (std::size_t k = from; k < to; ++k) {
      const SetLine& line = set.lines[k];
      if (line.begin == line.end) continue;
      const std::string_view text =
          std::string_view(set.text).substr(line.begin, line.end - line.begin);
      glyphs.clear();
      double pen = x + line.left;
      const std::vector<std::uint32_t>& pieces = Breaks(text);
      for (std::size_t p = 0; p + 1 < pieces.size(); ++p) {
        const std::string_view piece = text.substr(pieces[p], pieces[p + 1] - pieces[p]);
        const Shaped& shaped = Shape(set.style, piece);
        for (std::size_t g = 0; g < shaped.glyphs.size(); ++g) {
          const Glyph& glyph = shaped.glyphs[g];
          glyphs.push_back({glyph.id, pen + glyph.x_offset * scale, glyph.y_offset * scale,
                            CharactersOf(shaped, g, piece)});
          pen += glyph.advance * scale;
        }
      }
      const double baseline = y + line.top - set.lines[from].top + face.ascender * scale;
      pdf.ShowGlyphs(face.font, sizes[std::size_t(set.style)], baseline, glyphs);
    }
  }

  // The characters of `piece` that its glyph `g` shows: its cluster's, for the cluster's
  // first glyph; none for the others, or where HarfBuzz reordered the piece's glyphs.
  static std::string_view CharactersOf(const Shaped& shaped, std::size_t g,
                                       std::string_view piece) {
    const std::uint32_t cluster = shaped.glyphs[g].cluster;
    if (!shaped.monotonic) return g == 0 ? piece : std::string_view();
    if (g > 0 && shaped.glyphs[g - 1].cluster == cluster) return {};
    std::size_t next = g + 1;
    while (next < shaped.glyphs.size() && shaped.glyphs[next].cluster == cluster) ++next;
    const std::uint32_t end =
        next < shaped.glyphs.size() ? shaped.glyphs[next].cluster : std::uint32_t(piece.size());
    return piece.substr(cluster, end - cluster);
  }

  const std::array<Face, 2>& faces;
  StyleSizes sizes;
  std::array<Shapes, 2> shapes;  // by weight: shaping does not depend on the size
  hb_buffer_t* buffer = nullptr;
  std::unique_ptr<icu::BreakIterator> breaks;
  UText* utext = nullptr;
  std::vector<std::uint32_t> boundaries;
  std::vector<PlacedGlyph> glyphs;
};

Typesetter::Typesetter(const StyleSizes& sizes) : impl_(std::make_unique<Impl>(sizes)) {}
Typesetter::~Typesetter() = default;

SetText Typesetter::Set(std::string text, double width, Style style, Alignment alignment) {
  return impl_->Set(std::move(text), width, style, alignment);
}

double Typesetter::LineHeight(Style style) const { return impl_->LineHeight(style); }

Result<void> Typesetter::CheckFonts() const {
  for (const Face& face : impl_->faces) TORIKUMI_RETURN_IF_ERROR(PdfWriter::CheckFont(face.font));
  return {};
}

void Typesetter::Draw(PdfWriter& pdf, const SetText& text, std::size_t from, std::size_t to,
                      double x, double y) {
  impl_->Draw(pdf, text, from, to, x, y);
}

}  // namespace torikumi::sheet::pdf
