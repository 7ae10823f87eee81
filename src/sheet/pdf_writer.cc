#include "sheet/pdf_writer.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>
#include <vector>

#include "text/utf8.h"

namespace torikumi::sheet::pdf {
namespace {

// `value` as PDF writes a number: at most `decimals` decimals, without trailing zeros.
void AppendNumber(std::string& out, double value, int decimals = 2) {
  std::array<char, 32> digits{};
  char* end =
      std::to_chars(digits.begin(), digits.end(), value, std::chars_format::fixed, decimals).ptr;
  if (std::find(digits.begin(), end, '.') != end) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  const std::string_view number(digits.data(), std::size_t(end - digits.data()));
  out += number == "-0" ? "0" : number;
}

void AppendHex4(std::string& out, std::uint32_t value) {
  constexpr char kHex[] = "0123456789ABCDEF";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// `text` in UTF-16BE as four hex digits a unit, as ToUnicode maps and text strings want.
std::string HexUtf16(std::string_view text) {
  std::string hex;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = text::NextCodePoint(text, pos);
    if (c < 0x10000) {
      AppendHex4(hex, std::uint32_t(c));
    } else {
      AppendHex4(hex, 0xD800 + ((std::uint32_t(c) - 0x10000) >> 10));
      AppendHex4(hex, 0xDC00 + ((std::uint32_t(c) - 0x10000) & 0x3FF));
    }
  }
  return hex;
}

// Deflated at zlib's fastest level: the pages' text compresses to a fifth all the same, and
// the default level took as long as typesetting them.
std::optional<std::string> Deflated(std::string_view data) {
  uLongf size = compressBound(uLong(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), uLong(data.size()),
                Z_BEST_SPEED) != Z_OK) {
    return std::nullopt;  // out of memory, the only way it fails
  }
  out.resize(size);
  return out;
}

// Characters the ToUnicode map gives a glyph: a few, as one cluster's are. Longer runs (a
// piece whose glyphs HarfBuzz reordered) are marked where they are shown instead, since a
// map's entry holds at most 512 bytes.
constexpr std::size_t kMostMappedBytes = 32;

// The CID of each glyph of a CID-keyed CFF font (Noto Sans CJK's, whose CIDs are its glyph
// ids), from its charset (Adobe TN 5176, 13), which a subset keeps: a PDF names a glyph of
// such a font by its CID. Empty when the face has no CID-keyed CFF outlines.
std::vector<std::uint16_t> CidsOf(hb_face_t* face) {
  hb_blob_t* blob = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
  unsigned length = 0;
  const auto* cff = reinterpret_cast<const unsigned char*>(hb_blob_get_data(blob, &length));
  std::vector<std::uint16_t> cids;
  auto u16 = [&](std::size_t at) { return at + 2 <= length ? cff[at] << 8 | cff[at + 1] : -1; };
  // An INDEX at `at`: [first, last) of its element `k`, and where the INDEX ends.
  struct Element {
    std::size_t first = 0, last = 0, end = 0;
  };
  auto element = [&](std::size_t at, std::size_t k) -> std::optional<Element> {
    const int count = u16(at);
    if (count < 0) return std::nullopt;
    if (count == 0) return Element{0, 0, at + 2};
    if (at + 3 > length || k >= std::size_t(count)) return std::nullopt;
    const unsigned size = cff[at + 2];
    const std::size_t offsets = at + 3;
    const std::size_t data = offsets + (std::size_t(count) + 1) * size - 1;
    auto offset = [&](std::size_t n) {
      std::size_t value = 0;
      for (unsigned b = 0; b < size; ++b) value = value << 8 | cff[offsets + n * size + b];
      return value;
    };
    if (size < 1 || size > 4 || offsets + (std::size_t(count) + 1) * size > length) {
      return std::nullopt;
    }
    const Element e{data + offset(k), data + offset(k + 1), data + offset(std::size_t(count))};
    if (e.first > e.last || e.end > length) return std::nullopt;
    return e;
  };
  std::optional<Element> names = length > 4 ? element(cff[2], 0) : std::nullopt;
  std::optional<Element> top = names ? element(names->end, 0) : std::nullopt;
  // The Top DICT's operands of charset (15), CharStrings (17) and ROS (12 30).
  long charset = -1, charstrings = -1;
  bool cid_keyed = false;
  std::vector<long> operands;
  for (std::size_t p = top ? top->first : 0; top && p < top->last;) {
    const unsigned b = cff[p];
    if (b <= 21) {
      const unsigned op = b == 12 && p + 1 < top->last ? 1200 + cff[p + 1] : b;
      p += b == 12 ? 2 : 1;
      if (op == 15 && !operands.empty()) charset = operands.back();
      if (op == 17 && !operands.empty()) charstrings = operands.back();
      if (op == 1230) cid_keyed = true;
      operands.clear();
    } else if (b == 28 && p + 3 <= top->last) {
      operands.push_back(std::int16_t(cff[p + 1] << 8 | cff[p + 2]));
      p += 3;
    } else if (b == 29 && p + 5 <= top->last) {
      operands.push_back(std::int32_t(std::uint32_t(cff[p + 1]) << 24 | cff[p + 2] << 16 |
                                      cff[p + 3] << 8 | cff[p + 4]));
      p += 5;
    } else if (b == 30) {  // a real, nibble by nibble to 0xf
      operands.push_back(0);
      for (++p; p < top->last && (cff[p] & 0xf) != 0xf && cff[p] >> 4 != 0xf;) ++p;
      ++p;
    } else if (b >= 32 && b <= 246) {
      operands.push_back(long(b) - 139);
      ++p;
    } else if (b >= 247 && b <= 254 && p + 2 <= top->last) {
      const long magnitude = (long(b) - (b <= 250 ? 247 : 251)) * 256 + cff[p + 1] + 108;
      operands.push_back(b <= 250 ? magnitude : -magnitude);
      p += 2;
    } else {
      break;  // reserved: not a DICT
    }
  }
  const int glyphs = charstrings > 0 ? u16(std::size_t(charstrings)) : -1;
  if (cid_keyed && glyphs > 0 && charset > 2) {
    cids.assign(std::size_t(glyphs), 0);
    std::size_t at = std::size_t(charset) + 1;
    const int format = std::size_t(charset) < length ? cff[charset] : -1;
    for (std::size_t gid = 1; gid < cids.size();) {
      const int first = u16(at);
      if (first < 0 || format < 0 || format > 2) break;
      if (format == 0) {
        cids[gid++] = std::uint16_t(first);
        at += 2;
        continue;
      }
      const int left = format == 1 ? (at + 3 <= length ? cff[at + 2] : -1) : u16(at + 2);
      if (left < 0) break;
      for (int k = 0; k <= left && gid < cids.size(); ++k) cids[gid++] = std::uint16_t(first + k);
      at += format == 1 ? 3 : 4;
    }
  }
  hb_blob_destroy(blob);
  return cids;
}

// A glyph of a font as the pages have shown it.
struct Shown {
  int width = -1;          // in thousandths of an em; -1 until shown
  std::uint32_t text = 0;  // 1 + its entry in the font's `characters`; 0 for none yet
};

// A font the pages use: the glyphs shown, their widths and the characters each stands for.
struct FontUse {
  hb_font_t* font;
  std::uint32_t object;             // its Type0 font dictionary
  std::vector<std::uint16_t> cids;  // by glyph id
  std::vector<Shown> shown;         // by glyph id
  // Glyph ids and the characters each was first shown for, which the ToUnicode map gives
  // it. A glyph shown for others too (.notdef, for every character the font lacks) is
  // marked with those characters where it is shown.
  std::vector<std::pair<std::uint32_t, std::string>> characters;

  Shown& Show(std::uint32_t glyph) {
    if (glyph >= shown.size()) shown.resize(std::size_t(glyph) + 1);
    Shown& s = shown[glyph];
    if (s.width < 0) {
      int x_scale = 0;
      int y_scale = 0;
      hb_font_get_scale(font, &x_scale, &y_scale);
      const double advance = hb_font_get_glyph_h_advance(font, glyph);
      s.width = int(std::lround(advance * 1000 / std::max(1, x_scale)));
    }
    return s;
  }

  std::uint16_t Cid(std::uint32_t glyph) const { return glyph < cids.size() ? cids[glyph] : 0; }

  // Gives `glyph` `text` in the ToUnicode map, unless it has other characters there already
  // or `text` is none or too long for it; whether the map then says `text`.
  bool Map(std::uint32_t glyph, Shown& s, std::string_view text) {
    if (text.empty() || text.size() > kMostMappedBytes) return false;
    if (s.text == 0) {
      characters.emplace_back(glyph, std::string(text));
      s.text = std::uint32_t(characters.size());
    }
    return characters[s.text - 1].second == text;
  }
};

constexpr std::uint32_t kCatalog = 1;
constexpr std::uint32_t kPageTree = 2;
constexpr std::uint32_t kResources = 3;
constexpr std::uint32_t kInfo = 4;

// A subset's name begins with six capital letters of its own (PDF 32000, 9.6.4).
std::string SubsetTag(const FontUse& use) {
  std::uint64_t hash = 1469598103934665603ull;
  for (std::size_t glyph = 0; glyph < use.shown.size(); ++glyph) {
    if (use.shown[glyph].width >= 0) hash = (hash ^ glyph) * 1099511628211ull;
  }
  std::string tag;
  for (int k = 0; k < 6; ++k, hash /= 26) tag += char('A' + hash % 26);
  return tag + "+";
}

// The box every glyph of the font fits in, from its 'head' table, in thousandths of an em.
std::string BoundingBox(hb_face_t* face) {
  hb_blob_t* head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
  unsigned length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(hb_blob_get_data(head, &length));
  std::string box = "[";
  constexpr unsigned kBoxAt = 36;  // xMin, yMin, xMax, yMax: signed 16 bits, big-endian
  for (unsigned k = 0; k < 4; ++k) {
    const unsigned at = kBoxAt + 2 * k;
    const int value = length >= at + 2 ? std::int16_t(data[at] << 8 | data[at + 1]) : 0;
    box += std::to_string(std::lround(value * 1000.0 / hb_face_get_upem(face))) + ' ';
  }
  hb_blob_destroy(head);
  box.back() = ']';
  return box;
}

std::string PostScriptName(hb_face_t* face) {
  std::array<char, 128> name{};
  unsigned size = name.size();
  hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, name.data());
  std::string ps(name.data());
  // A PDF name holds no spaces or delimiters.
  std::erase_if(ps, [](char c) {
    return c <= ' ' || c > '~' || std::string_view("()<>[]{}/%#").find(c) != std::string_view::npos;
  });
  return ps.empty() ? "Font" : ps;
}

}  // namespace

struct PdfWriter::Impl {
  Impl(const Output& out, double page_width, double page_height, std::string_view title_text)
      : output(out), width(page_width), height(page_height), title(title_text) {
    offsets.assign(kInfo, 0);
    Write("%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
  }

  double Y(double y) const { return height - y; }

  void Write(std::string_view bytes) {
    pending += bytes;
    if (pending.size() >= kOutputPiece) Flush();
  }

  void Flush() {
    if (written && !pending.empty()) written = output(pending);
    offset += pending.size();
    pending.clear();
  }

  std::uint32_t NewObject() {
    offsets.push_back(0);
    return std::uint32_t(offsets.size());
  }

  void BeginObject(std::uint32_t object) {
    offsets[object - 1] = offset + pending.size();
    Write(std::to_string(object) + " 0 obj\n");
  }

  void WriteObject(std::uint32_t object, std::string_view body) {
    BeginObject(object);
    Write(body);
    Write("\nendobj\n");
  }

  void WriteStream(std::uint32_t object, std::string_view data, std::string_view entries = {}) {
    const std::optional<std::string> deflated = Deflated(data);
    if (!deflated) {
      if (written) written = Error::Unavailable("メモリが足りないため、PDF を作れませんでした。");
      return;
    }
    BeginObject(object);
    Write("<< /Length " + std::to_string(deflated->size()) + " /Filter /FlateDecode");
    Write(entries);
    Write(" >>\nstream\n");
    Write(*deflated);
    Write("\nendstream\nendobj\n");
  }

  void Point(double x, double y) {
    AppendNumber(path, x);
    path += ' ';
    AppendNumber(path, Y(y));
    path += ' ';
  }

  void Rectangle(double x, double y, double w, double h) {
    Point(x, y + h);
    AppendNumber(path, w);
    path += ' ';
    AppendNumber(path, h);
    path += " re\n";
  }

  void Circle(double x, double y, double r) {
    // Four Bézier quarters, each as near a quarter circle as a cubic curve comes.
    const double k = 4 * (std::numbers::sqrt2 - 1) / 3 * r;
    Point(x + r, y);
    path += "m ";
    auto curve = [&](double x1, double y1, double x2, double y2, double x3, double y3) {
      Point(x1, y1);
      Point(x2, y2);
      Point(x3, y3);
      path += "c\n";
    };
    curve(x + r, y + k, x + k, y + r, x, y + r);
    curve(x - k, y + r, x - r, y + k, x - r, y);
    curve(x - r, y - k, x - k, y - r, x, y - r);
    curve(x + k, y - r, x + r, y - k, x + r, y);
  }

  // The path gathered, after `state` (its colour, its line) and before `painting` (f, S).
  void Paint(std::string_view state, std::string_view painting) {
    if (path.empty()) return;
    content += state;
    content += path;
    content += painting;
    path.clear();
  }

  // The index of `font` among the fonts the pages use, counted in on first use.
  std::size_t Use(hb_font_t* font) {
    for (std::size_t index = 0; index < fonts.size(); ++index) {
      if (fonts[index].font == font) return index;
    }
    fonts.push_back({font, NewObject(), CidsOf(hb_font_get_face(font)), {}, {}});
    return fonts.size() - 1;
  }

  void ShowGlyphs(hb_font_t* font, double size, double baseline,
                  std::span<const PlacedGlyph> glyphs) {
    if (glyphs.empty()) return;
    const std::size_t index = Use(font);
    FontUse& use = fonts[index];
    if (fill != 0) content += "0 g\n";
    fill = 0;
    content += "BT /F" + std::to_string(index) + ' ';
    AppendNumber(content, size);
    content += " Tf ";
    AppendNumber(content, glyphs[0].x, 3);
    content += ' ';
    AppendNumber(content, Y(baseline), 3);
    content += " Td [";
    double pen = glyphs[0].x;  // where the PDF's reader will place the next glyph
    double rise = 0;
    bool in_string = false;
    auto end_string = [&] {
      if (in_string) content += '>';
      in_string = false;
    };
    for (const PlacedGlyph& glyph : glyphs) {
      if (glyph.rise != rise) {
        end_string();
        content += "] TJ ";
        AppendNumber(content, glyph.rise, 3);
        content += " Ts [";
        rise = glyph.rise;
      }
      // A shift from where the glyph before left off, in thousandths of the size, against
      // the direction of writing.
      const double shift = (glyph.x - pen) * 1000 / size;
      if (std::abs(shift) >= 0.05) {
        end_string();
        AppendNumber(content, -shift, 1);
      }
      Shown& shown = use.Show(glyph.id);
      pen = glyph.x + shown.width * size / 1000;
      // A glyph whose characters the map cannot say, or that shows none of its own (the
      // second of a cluster's), is marked with them, so that no reader takes the map's.
      if (!use.Map(glyph.id, shown, glyph.text)) {
        end_string();
        content += "] TJ /Span << /ActualText <FEFF" + HexUtf16(glyph.text) + "> >> BDC <";
        AppendHex4(content, use.Cid(glyph.id));
        content += "> Tj EMC [";
        continue;
      }
      if (!in_string) content += '<';
      in_string = true;
      AppendHex4(content, use.Cid(glyph.id));
    }
    end_string();
    content += "] TJ";
    if (rise != 0) content += " 0 Ts";
    content += " ET\n";
  }

  void EndPage() {
    const std::uint32_t contents = NewObject();
    const std::uint32_t page = NewObject();
    WriteStream(contents, content);
    content.clear();
    std::string body = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ";
    AppendNumber(body, width);
    body += ' ';
    AppendNumber(body, height);
    body += "] /Contents " + std::to_string(contents) + " 0 R /Resources 3 0 R >>";
    WriteObject(page, body);
    pages.push_back(page);
  }

  // The font's subset, its widths and its characters, under its dictionary's object.
  Result<void> WriteFont(const FontUse& use) {
    hb_face_t* face = hb_font_get_face(use.font);
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) return Error::Unavailable("メモリが足りないため、PDF を作れませんでした。");
    hb_set_t* glyphs = hb_subset_input_glyph_set(input);
    for (std::size_t glyph = 0; glyph < use.shown.size(); ++glyph) {
      if (use.shown[glyph].width >= 0) hb_set_add(glyphs, hb_codepoint_t(glyph));
    }
    // Only the glyphs' outlines are embedded: every other table is left out, and with it
    // the closure of the glyphs its substitutions could reach.
    constexpr hb_tag_t kOutlines = HB_TAG('C', 'F', 'F', ' ');
    std::array<hb_tag_t, 64> tags{};
    unsigned count = tags.size();
    hb_face_get_table_tags(face, 0, &count, tags.data());
    hb_set_t* dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (unsigned k = 0; k < count; ++k) {
      if (tags[k] != kOutlines) hb_set_add(dropped, tags[k]);
    }
    // The font was checked before the first page (CheckFont): only memory can fail here.
    hb_face_t* subset = hb_subset_or_fail(face, input);
    hb_subset_input_destroy(input);
    hb_blob_t* outlines = subset ? hb_face_reference_table(subset, kOutlines) : nullptr;
    unsigned length = 0;
    const char* data = outlines ? hb_blob_get_data(outlines, &length) : nullptr;
    if (length == 0) {
      hb_blob_destroy(outlines);
      hb_face_destroy(subset);
      return Error::Unavailable("メモリが足りないため、PDF を作れませんでした。");
    }
    const std::uint32_t cid_font = NewObject();
    const std::uint32_t descriptor = NewObject();
    const std::uint32_t program = NewObject();
    const std::uint32_t to_unicode = NewObject();
    WriteStream(program, std::string_view(data, length), " /Subtype /CIDFontType0C");
    hb_blob_destroy(outlines);
    hb_face_destroy(subset);

    const std::string name = SubsetTag(use) + PostScriptName(face);
    WriteObject(use.object, "<< /Type /Font /Subtype /Type0 /BaseFont /" + name +
                                "-Identity-H /Encoding /Identity-H /DescendantFonts [" +
                                std::to_string(cid_font) + " 0 R] /ToUnicode " +
                                std::to_string(to_unicode) + " 0 R >>");
    // Each run of consecutive CIDs shown with its widths: "12 [1000 1000 500]".
    std::vector<std::pair<std::uint16_t, int>> shown;
    for (std::size_t glyph = 0; glyph < use.shown.size(); ++glyph) {
      if (use.shown[glyph].width >= 0) {
        shown.emplace_back(use.Cid(std::uint32_t(glyph)), use.shown[glyph].width);
      }
    }
    std::sort(shown.begin(), shown.end());
    std::string widths = "[";
    for (std::size_t k = 0; k < shown.size(); ++k) {
      const bool run_goes_on = k > 0 && shown[k].first == shown[k - 1].first + 1;
      if (!run_goes_on) widths += (k > 0 ? "] " : "") + std::to_string(shown[k].first) + " [";
      widths += std::to_string(shown[k].second) + ' ';
    }
    widths += shown.empty() ? "]" : "]]";
    WriteObject(cid_font, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /" + name +
                              " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                              "/Supplement 0 >> /FontDescriptor " +
                              std::to_string(descriptor) + " 0 R /W " + widths + " >>");
    WriteObject(descriptor, Descriptor(use.font, name, program));
    WriteStream(to_unicode, ToUnicode(use));
    return {};
  }

  static std::string Descriptor(hb_font_t* font, const std::string& name, std::uint32_t program) {
    int x_scale = 0;
    int y_scale = 0;
    hb_font_get_scale(font, &x_scale, &y_scale);
    auto thousandths = [&](hb_ot_metrics_tag_t tag) {
      hb_position_t value = 0;
      hb_ot_metrics_get_position(font, tag, &value);
      return std::to_string(std::lround(value * 1000.0 / std::max(1, y_scale)));
    };
    return "<< /Type /FontDescriptor /FontName /" + name + " /Flags 4 /FontBBox " +
           BoundingBox(hb_font_get_face(font)) + " /ItalicAngle 0 /Ascent " +
           thousandths(HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER) + " /Descent " +
           thousandths(HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER) + " /CapHeight " +
           thousandths(HB_OT_METRICS_TAG_CAP_HEIGHT) + " /StemV 80 /FontFile3 " +
           std::to_string(program) + " 0 R >>";
  }

  // Which characters each glyph shows, as a CMap (PDF 32000, 9.10.3).
  static std::string ToUnicode(const FontUse& use) {
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    constexpr std::size_t kMostInABlock = 100;
    for (std::size_t from = 0; from < use.characters.size(); from += kMostInABlock) {
      const std::size_t to = std::min(use.characters.size(), from + kMostInABlock);
      cmap += std::to_string(to - from) + " beginbfchar\n";
      for (std::size_t k = from; k < to; ++k) {
        cmap += '<';
        AppendHex4(cmap, use.Cid(use.characters[k].first));
        cmap += "> <" + HexUtf16(use.characters[k].second) + ">\n";
      }
      cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return cmap;
  }

  Result<void> Finish() {
    for (const FontUse& use : fonts) {
      if (!written) break;
      TORIKUMI_RETURN_IF_ERROR(WriteFont(use));
    }
    std::string resources = "<< /Font << ";
    for (std::size_t k = 0; k < fonts.size(); ++k) {
      resources += "/F" + std::to_string(k) + ' ' + std::to_string(fonts[k].object) + " 0 R ";
    }
    WriteObject(kResources, resources + ">> >>");
    std::string kids;
    for (std::uint32_t page : pages) kids += std::to_string(page) + " 0 R ";
    WriteObject(kPageTree, "<< /Type /Pages /Kids [" + kids + "] /Count " +
                               std::to_string(pages.size()) + " >>");
    WriteObject(kCatalog, "<< /Type /Catalog /Pages 2 0 R >>");
    WriteObject(kInfo, "<< /Title <FEFF" + HexUtf16(title) +
                           "> /Creator (torikumi) /Producer (torikumi) >>");
    const std::uint64_t xref = offset + pending.size();
    Write("xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n");
    for (std::uint64_t at : offsets) {
      // Each entry is 20 bytes: a ten-digit offset, the generation, "n", a two-byte end.
      const std::string digits = std::to_string(at);
      Write(std::string(10 - std::min<std::size_t>(10, digits.size()), '0') + digits +
            " 00000 n \n");
    }
    Write("trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
          " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n");
    Flush();
    return written;
  }

  const Output& output;
  double width;
  double height;
  std::string title;
  std::string pending;  // written, not yet handed to the output
  Result<void> written;
  std::uint64_t offset = 0;            // of `pending` in the file
  std::vector<std::uint64_t> offsets;  // of each object, by its number less one
  std::vector<std::uint32_t> pages;
  std::string content;  // the current page's
  std::string path;     // gathered until painted
  double fill = 0;      // the page's fill gray, as it was last set
  std::vector<FontUse> fonts;
};

PdfWriter::PdfWriter(const Output& output, double width, double height, std::string_view title)
    : impl_(std::make_unique<Impl>(output, width, height, title)) {}
PdfWriter::~PdfWriter() = default;

void PdfWriter::BeginPage() {
  impl_->content.clear();
  impl_->fill = 0;
}
void PdfWriter::EndPage() { impl_->EndPage(); }
void PdfWriter::Rectangle(double x, double y, double width, double height) {
  impl_->Rectangle(x, y, width, height);
}
void PdfWriter::MoveTo(double x, double y) {
  impl_->Point(x, y);
  impl_->path += "m\n";
}
void PdfWriter::LineTo(double x, double y) {
  impl_->Point(x, y);
  impl_->path += "l\n";
}
void PdfWriter::Circle(double x, double y, double radius) { impl_->Circle(x, y, radius); }

void PdfWriter::Fill(double gray) {
  std::string painting;
  AppendNumber(painting, gray);
  if (!impl_->path.empty()) impl_->fill = gray;
  impl_->Paint(painting + " g\n", "f\n");
}

void PdfWriter::Stroke(double gray, double line_width, double dash, double gap) {
  std::string painting;
  AppendNumber(painting, gray);
  painting += " G ";
  AppendNumber(painting, line_width);
  painting += " w [";
  if (dash > 0) {
    AppendNumber(painting, dash);
    painting += ' ';
    AppendNumber(painting, gap);
  }
  impl_->Paint(painting + "] 0 d\n", "S\n");
}

void PdfWriter::ShowGlyphs(hb_font_t* font, double size, double baseline,
                           std::span<const PlacedGlyph> glyphs) {
  impl_->ShowGlyphs(font, size, baseline, glyphs);
}

Result<void> PdfWriter::Finish() { return impl_->Finish(); }

Result<void> PdfWriter::CheckFont(hb_font_t* font) {
  if (!CidsOf(hb_font_get_face(font)).empty()) return {};
  return Error::Unavailable(
      "PDF を作れません: 埋め込めるフォント (CID の OpenType CFF、Noto Sans CJK JP) "
      "が見つかりません。fonts-noto-cjk を入れてください。");
}
bool PdfWriter::Failed() const { return !impl_->written; }

}  // namespace torikumi::sheet::pdf
