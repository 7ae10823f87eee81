#ifndef TORIKUMI_TEXT_CELL_H_
#define TORIKUMI_TEXT_CELL_H_

#include <string>
#include <string_view>
#include <vector>

namespace torikumi::text {

// Splits one sheet cell into plain-text paragraphs. Published sheets hold cell HTML:
// <p>…</p> paragraphs, <br> line breaks, <span> and other inline tags, character entities;
// spreadsheets hold raw line breaks. Paragraphs and lines both become elements; each is
// trimmed of whitespace (U+3000 included) and empty ones are dropped. Tags are removed,
// entities decoded, and no markup survives in the result.
std::vector<std::string> CellParagraphs(std::string_view cell);

// Splits plain text typed by a person (a form's textarea) into its trimmed, non-empty
// lines. Nothing is taken for markup: "<b>" stays "<b>".
std::vector<std::string> TextParagraphs(std::string_view plain);

// TextParagraphs joined by '\n': typed text as torikumi stores it.
std::string NormalizedText(std::string_view plain);

// How torikumi keeps multi-line text, as lines joined by '\n': the lines of `text` ("" has
// none), and lines joined.
std::vector<std::string> SplitLines(std::string_view text);
std::string JoinLines(const std::vector<std::string>& lines);

// The paragraphs of `cell` joined by '\n': the plain text of a one-value cell.
std::string CellText(std::string_view cell);

// Writes paragraphs back as the sheet's cell HTML, "<p>a</p> <p>b</p>", escaping &, <, >
// and " so that CellParagraphs gives the same paragraphs back.
std::string ParagraphsToCellHtml(const std::vector<std::string>& paragraphs);
// Appends `text` with & < > " ' escaped as HTML; NUL, never valid in HTML, is dropped.
void AppendHtmlEscaped(std::string& out, std::string_view text);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_CELL_H_
