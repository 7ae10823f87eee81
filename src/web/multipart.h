#ifndef TORIKUMI_WEB_MULTIPART_H_
#define TORIKUMI_WEB_MULTIPART_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace torikumi::web {

// One part of a multipart/form-data body (RFC 7578): a form field, or a file with its name.
struct FormPart {
  std::string name;
  std::string file_name;  // empty for plain fields
  std::string content;
};

// Splits a multipart/form-data body; `content_type` is the request's Content-Type, which
// names the boundary. InvalidInput for anything malformed.
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_MULTIPART_H_
