#include "web/html.h"

#include "text/cell.h"

namespace torikumi::web {

template <typename Attributes>
void Html::WriteTag(Literal tag, const Attributes& attributes) {
  out_ += '<';
  out_ += tag.value();
  for (const Attribute& a : attributes) {
    out_ += ' ';
    out_ += a.name.value();
    out_ += "=\"";
    text::AppendHtmlEscaped(out_, a.value);
    out_ += '"';
  }
  out_ += '>';
}

Html& Html::Open(Literal tag, std::initializer_list<Attribute> attributes) {
  WriteTag(tag, attributes);
  return *this;
}

Html& Html::Open(Literal tag, const std::vector<Attribute>& attributes) {
  WriteTag(tag, attributes);
  return *this;
}

Html& Html::Close(Literal tag) {
  out_ += "</";
  out_ += tag.value();
  out_ += '>';
  return *this;
}

Html& Html::Void(Literal tag, std::initializer_list<Attribute> attributes) {
  WriteTag(tag, attributes);
  return *this;
}

Html& Html::Void(Literal tag, const std::vector<Attribute>& attributes) {
  WriteTag(tag, attributes);
  return *this;
}

Html& Html::Text(std::string_view text) {
  text::AppendHtmlEscaped(out_, text);
  return *this;
}

Html& Html::MultilineText(std::string_view text) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    text::AppendHtmlEscaped(out_, text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    out_ += "<br>";
    start = end + 1;
  }
  return *this;
}

Html& Html::Element(Literal tag, std::string_view text,
                    std::initializer_list<Attribute> attributes) {
  WriteTag(tag, attributes);
  text::AppendHtmlEscaped(out_, text);
  return Close(tag);
}

Html& Html::Markup(Literal markup) {
  out_ += markup.value();
  return *this;
}

}  // namespace torikumi::web
