#include "text/cell.h"

#include <array>
#include <cctype>
#include <charconv>

#include "text/utf8.h"

namespace torikumi::text {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

constexpr std::array<NamedEntity, 12> kNamedEntities{{
    {"amp", '&'},
    {"lt", '<'},
    {"gt", '>'},
    {"quot", '"'},
    {"apos", '\''},
    {"nbsp", ' '},  // kept as a plain space: a non-breaking space has no meaning in a sheet
    {"yen", 0xa5},
    {"copy", 0xa9},
    {"times", 0xd7},
    {"divide", 0xf7},
    {"hellip", 0x2026},
    {"ensp", ' '},
}};

bool IsBreakTag(std::string_view name) {
  return name == "p" || name == "br" || name == "div" || name == "li" || name == "tr";
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Decodes the entity starting at cell[pos] == '&'. On success sets `decoded` and returns
// the position after ';'; otherwise returns pos, and the '&' is kept as text.
std::size_t DecodeEntity(std::string_view cell, std::size_t pos, char32_t& decoded) {
  const std::size_t semicolon = cell.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 10) return pos;
  const std::string_view body = cell.substr(pos + 1, semicolon - pos - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    unsigned long value = 0;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (ec != std::errc() || end != digits.data() + digits.size() || value == 0 ||
        value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      return pos;
    }
    decoded = static_cast<char32_t>(value);
    return semicolon + 1;
  }
  const std::string name = LowerAscii(body);
  for (const auto& entity : kNamedEntities) {
    if (entity.name == name) {
      decoded = entity.code_point;
      return semicolon + 1;
    }
  }
  return pos;
}

// Control characters other than tab and line breaks have no place in a sheet's text.
bool IsDroppedControl(char32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

// If cell[pos] == '<' opens a tag, returns the position after its '>' and sets `name` to
// its lower-case name; otherwise returns pos, and the '<' is kept as text.
std::size_t SkipTag(std::string_view cell, std::size_t pos, std::string& name) {
  std::size_t i = pos + 1;
  if (i < cell.size() && cell[i] == '/') ++i;
  const std::size_t name_start = i;
  while (i < cell.size() && std::isalnum(static_cast<unsigned char>(cell[i]))) ++i;
  if (i == name_start || !std::isalpha(static_cast<unsigned char>(cell[name_start]))) return pos;
  if (i < cell.size() && cell[i] != '>' && cell[i] != '/' &&
      !std::isspace(static_cast<unsigned char>(cell[i]))) {
    return pos;
  }
  const std::size_t close = cell.find('>', i);
  if (close == std::string_view::npos) return pos;
  name = LowerAscii(cell.substr(name_start, i - name_start));
  return close + 1;
}

void FinishParagraph(std::string& current, std::vector<std::string>& paragraphs) {
  const std::string_view trimmed = Trim(current);
  if (!trimmed.empty()) paragraphs.emplace_back(trimmed);
  current.clear();
}

}  // namespace

std::vector<std::string> CellParagraphs(std::string_view cell) {
  std::vector<std::string> paragraphs;
  std::string current;
  std::size_t pos = 0;
  while (pos < cell.size()) {
    const char c = cell[pos];
    if (c == '<') {
      std::string name;
      const std::size_t after = SkipTag(cell, pos, name);
      if (after != pos) {
        if (IsBreakTag(name)) FinishParagraph(current, paragraphs);
        pos = after;
        continue;
      }
    } else if (c == '&') {
      char32_t decoded = 0;
      const std::size_t after = DecodeEntity(cell, pos, decoded);
      if (after != pos) {
        // An encoded line break (&#10; &#13;) breaks the line like a raw one.
        if (decoded == '\n' || decoded == '\r') {
          FinishParagraph(current, paragraphs);
        } else if (!IsDroppedControl(decoded)) {
          AppendUtf8(current, decoded);
        }
        pos = after;
        continue;
      }
    } else if (IsDroppedControl(static_cast<unsigned char>(c))) {
      ++pos;
      continue;
    } else if (c == '\n' || c == '\r') {
      FinishParagraph(current, paragraphs);
      ++pos;
      continue;
    }
    current += c;
    ++pos;
  }
  FinishParagraph(current, paragraphs);
  return paragraphs;
}

std::vector<std::string> TextParagraphs(std::string_view plain) {
  std::vector<std::string> paragraphs;
  std::string current;
  for (char c : plain) {
    if (c == '\n' || c == '\r') {
      FinishParagraph(current, paragraphs);
    } else {
      current += c;
    }
  }
  FinishParagraph(current, paragraphs);
  return paragraphs;
}

std::string NormalizedText(std::string_view plain) {
  std::string text;
  for (const std::string& paragraph : TextParagraphs(plain)) {
    if (!text.empty()) text += '\n';
    text += paragraph;
  }
  return text;
}

std::string CellText(std::string_view cell) {
  std::string text;
  for (const std::string& paragraph : CellParagraphs(cell)) {
    if (!text.empty()) text += '\n';
    text += paragraph;
  }
  return text;
}

void AppendHtmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\0':
        break;  // never valid in HTML
      default:
        out += c;
    }
  }
}

std::string ParagraphsToCellHtml(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& paragraph : paragraphs) {
    if (!out.empty()) out += ' ';
    out += "<p>";
    AppendHtmlEscaped(out, paragraph);
    out += "</p>";
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) {
    if (!joined.empty()) joined += '\n';
    joined += line;
  }
  return joined;
}

}  // namespace torikumi::text
