#include "model/error.h"

namespace torikumi {

Error Error::InFile(std::string file) const {
  Error copy = *this;
  copy.where_.file = std::move(file);
  return copy;
}

std::string Error::ToString() const {
  std::string out;
  if (!where_.file.empty()) out += where_.file + ":";
  if (where_.line > 0) out += std::to_string(where_.line) + ":";
  if (where_.line > 0 && where_.column > 0) out += std::to_string(where_.column) + ":";
  if (!out.empty()) out += " ";
  return out + message_;
}

}  // namespace torikumi
