#ifndef TORIKUMI_WEB_HTML_H_
#define TORIKUMI_WEB_HTML_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace torikumi::web {

// A string the program itself wrote: a tag name, an attribute name, a fragment of markup.
// Its constructor is consteval, so text that arrives at run time can never become one.
class Literal {
 public:
  consteval Literal(const char* s) : value_(s) {}
  std::string_view value() const { return value_; }

 private:
  std::string_view value_;
};

struct Attribute {
  Literal name;
  std::string_view value;  // escaped when written
};

// Builds an HTML document in which every run-time string is escaped: markup can only come
// from Literals, text and attribute values only through the escaping methods.
class Html {
 public:
  Html& Open(Literal tag, std::initializer_list<Attribute> attributes = {});
  // Opens with attributes decided at run time (names are still Literals).
  Html& Open(Literal tag, const std::vector<Attribute>& attributes);
  Html& Close(Literal tag);
  // A void element such as <input> or <meta>.
  Html& Void(Literal tag, std::initializer_list<Attribute> attributes = {});
  Html& Void(Literal tag, const std::vector<Attribute>& attributes);
  Html& Text(std::string_view text);
  // Text whose line breaks become <br>.
  Html& MultilineText(std::string_view text);
  // Text element: <tag attributes>escaped text</tag>.
  Html& Element(Literal tag, std::string_view text,
                std::initializer_list<Attribute> attributes = {});
  Html& Markup(Literal markup);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  template <typename Attributes>
  void WriteTag(Literal tag, const Attributes& attributes);

  std::string out_;
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_HTML_H_
