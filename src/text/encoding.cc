#include "text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <array>
#include <memory>

#include "text/utf8.h"

namespace torikumi::text {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr char32_t kGeta = 0x3013;  // 〓

struct Substitute {
  char32_t from;
  char32_t to;
};

// Characters that CP932 lacks but that have a CP932 look-alike.
constexpr std::array<Substitute, 14> kSubstitutes{{
    {0x301c, 0xff5e},  // 〜 → ～
    {0x2016, 0x2225},  // ‖ → ∥
    {0x2212, 0xff0d},  // − → －
    {0x2014, 0x2015},  // — → ―
    {0x2013, 0xff0d},  // – → －
    {0x00a2, 0xffe0},  // ¢ → ￠
    {0x00a3, 0xffe1},  // £ → ￡
    {0x00ac, 0xffe2},  // ¬ → ￢
    {0x2197, 0x2191},  // ↗ → ↑
    {0x2196, 0x2191},  // ↖ → ↑
    {0x2198, 0x2193},  // ↘ → ↓
    {0x2199, 0x2193},  // ↙ → ↓
    {0x00a0, 0x0020},  // no-break space → space
    {0x00a5, 0x005c},  // ¥ → the CP932 yen sign at 0x5C
}};

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter OpenCp932() {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) std::abort();  // ICU's data always holds windows-31j: a broken install
  return converter;
}

// Writes the CP932 bytes of `c` to `out`; returns their count, or 0 when CP932 lacks `c`.
int32_t EncodeCodePoint(UConverter* converter, char32_t c, char (&out)[8]) {
  UChar units[2];
  int32_t length = 0;
  if (c < 0x10000) {
    units[length++] = static_cast<UChar>(c);
  } else {
    units[length++] = static_cast<UChar>(0xd7c0 + (c >> 10));
    units[length++] = static_cast<UChar>(0xdc00 | (c & 0x3ff));
  }
  UErrorCode status = U_ZERO_ERROR;
  ucnv_reset(converter);
  const int32_t written = ucnv_fromUChars(converter, out, sizeof out, units, length, &status);
  return U_SUCCESS(status) ? written : 0;
}

// Decodes bytes of CP932 with ICU; false when they hold a sequence CP932 does not define.
bool DecodeCp932Run(UConverter* converter, std::string_view run, std::string& out) {
  if (run.empty()) return true;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_reset(converter);
  ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string units(run.size() + 1, u'\0');
  const int32_t length =
      ucnv_toUChars(converter, reinterpret_cast<UChar*>(units.data()), int32_t(units.size()),
                    run.data(), int32_t(run.size()), &status);
  if (U_FAILURE(status)) return false;
  for (int32_t i = 0; i < length; ++i) {
    char32_t c = units[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (units[++i] - 0xdc00);
    }
    AppendUtf8(out, c);
  }
  return true;
}

// ICU's windows-31j is IBM's table (ibm-943_P15A-2003), which swaps three control codes as
// IBM hosts do: 0x1A reads as U+001C, 0x1C as U+007F, 0x7F as U+001A. Windows reads them as
// themselves, and EncodeCp932 writes them so. None can be part of a two-byte character
// (lead bytes are 0x81 and up; trail bytes 0x40 and up, never 0x7F).
bool IsSwappedControl(char byte) { return byte == 0x1a || byte == 0x1c || byte == 0x7f; }

// Decodes one line of CP932; false when it holds a byte sequence CP932 does not define.
bool DecodeCp932Line(UConverter* converter, std::string_view line, std::string& out) {
  for (;;) {
    const std::size_t control =
        std::find_if(line.begin(), line.end(), IsSwappedControl) - line.begin();
    if (!DecodeCp932Run(converter, line.substr(0, control), out)) return false;
    if (control == line.size()) return true;
    out += line[control];
    line.remove_prefix(control + 1);
  }
}

int LineOf(std::string_view bytes, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) line += bytes[i] == '\n';
  return line;
}

}  // namespace

Result<DecodedText> DecodeText(std::string_view bytes) {
  if (const std::size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    return Error::InvalidInput("テキストではないファイルです (バイナリデータを含みます)",
                               {"", LineOf(bytes, nul), 0});
  }
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  const std::size_t invalid = FindInvalidUtf8(bytes);
  if (invalid == std::string_view::npos) return DecodedText{Encoding::kUtf8, bytes, {}};

  Converter converter = OpenCp932();
  DecodedText decoded{Encoding::kCp932, {}, {}};
  decoded.converted.reserve(bytes.size() * 3 / 2);
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    if (!DecodeCp932Line(converter.get(), bytes.substr(start, end - start), decoded.converted)) {
      // A file that reads as UTF-8 up to a bad byte was meant as UTF-8: name that byte's line.
      const bool meant_utf8 = invalid > 0 && std::any_of(bytes.begin(), bytes.begin() + invalid,
                                                         [](char c) { return c & 0x80; });
      const int line = meant_utf8 ? LineOf(bytes, invalid) : LineOf(bytes, start);
      return Error::InvalidInput("文字コードを読めません (UTF-8 でも CP932 でもない文字があります)",
                                 {"", line, 0});
    }
    start = end;
  }
  return decoded;
}

Cp932Text EncodeCp932(std::string_view utf8) {
  Converter converter = OpenCp932();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setFromUCallBack(converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
  Cp932Text result;
  result.bytes.reserve(utf8.size());
  std::size_t pos = 0;
  char bytes[8];
  while (pos < utf8.size()) {
    const std::size_t start = pos;
    const char32_t c = NextCodePoint(utf8, pos);
    if (c < 0x80) {
      result.bytes += static_cast<char>(c);
      continue;
    }
    int32_t written = EncodeCodePoint(converter.get(), c, bytes);
    if (written > 0) {
      result.bytes.append(bytes, written);
      continue;
    }
    char32_t target = kGeta;
    for (const Substitute& s : kSubstitutes) {
      if (s.from == c) target = s.to;
    }
    std::string change(utf8.substr(start, pos - start));
    change += "→";
    AppendUtf8(change, target);
    ++result.substitutions.counts[change];
    ++result.substitutions.total;
    written = EncodeCodePoint(converter.get(), target, bytes);
    result.bytes.append(bytes, written);
  }
  return result;
}

std::string DescribeSubstitutions(const Cp932Substitutions& substitutions) {
  if (substitutions.total == 0) return "";
  std::string out =
      "CP932 にない文字を " + std::to_string(substitutions.total) + " 字置き換えました:";
  bool first = true;
  for (const auto& [change, count] : substitutions.counts) {
    out += first ? " " : ", ";
    out += change + " " + std::to_string(count) + " 字";
    first = false;
  }
  return out;
}

}  // namespace torikumi::text
