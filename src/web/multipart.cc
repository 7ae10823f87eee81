#include "web/multipart.h"

#include <cctype>

namespace torikumi::web {
namespace {

Error Malformed() { return Error::InvalidInput("アップロードされた内容を読めません"); }

// The value of `key` in a header's parameters (name="x"; filename="y.tsv"), unquoted.
std::string Parameter(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = header.find(key, pos)) != std::string_view::npos) {
    const bool starts_word = pos == 0 || header[pos - 1] == ' ' || header[pos - 1] == ';';
    const std::size_t after = pos + key.size();
    if (starts_word && after < header.size() && header[after] == '=') {
      std::string_view value = header.substr(after + 1);
      if (value.starts_with('"')) {
        const std::size_t close = value.find('"', 1);
        return std::string(
            value.substr(1, close == std::string_view::npos ? value.npos : close - 1));
      }
      return std::string(value.substr(0, value.find(';')));
    }
    pos = after;
  }
  return "";
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(s[k])) != prefix[k]) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  if (!StartsWithNoCase(content_type, "multipart/form-data")) return Malformed();
  const std::string boundary = Parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return Malformed();
  const std::string delimiter = "--" + boundary;
  if (!body.starts_with(delimiter)) return Malformed();
  std::vector<FormPart> parts;
  std::size_t pos = delimiter.size();
  for (;;) {
    if (body.substr(pos).starts_with("--")) return parts;  // the closing delimiter
    if (!body.substr(pos).starts_with("\r\n")) return Malformed();
    pos += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return Malformed();
    FormPart part;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const std::size_t line_end = headers.find("\r\n");
      const std::string_view line = headers.substr(0, line_end);
      if (StartsWithNoCase(line, "content-disposition:")) {
        part.name = Parameter(line, "name");
        part.file_name = Parameter(line, "filename");
      }
      if (line_end == std::string_view::npos) break;
      headers.remove_prefix(line_end + 2);
    }
    const std::size_t content_start = headers_end + 4;
    const std::size_t next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) return Malformed();
    part.content = std::string(body.substr(content_start, next - content_start));
    if (part.name.empty()) return Malformed();
    parts.push_back(std::move(part));
    pos = next + 2 + delimiter.size();
  }
}

}  // namespace torikumi::web
