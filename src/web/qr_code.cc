#include "web/qr_code.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace torikumi::web {
namespace {

struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

constexpr int kQuietZone = 4;

}  // namespace

bool QrCodeSvg(Html& h, std::string_view text, std::string_view label) {
  const std::string data(text);
  const std::unique_ptr<QRcode, QrDeleter> code(
      QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return false;
  const int width = code->width;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // The low bit of each module is its colour; the others say what it belongs to.
      if (code->data[y * width + x] & 1) {
        path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) +
                "h1v1h-1z";
      }
    }
  }
  const std::string size = std::to_string(width + 2 * kQuietZone);
  const std::string view_box = "0 0 " + size + " " + size;
  h.Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                 {"class", "qr-code"},
                 {"viewBox", view_box},
                 {"width", "240"},
                 {"height", "240"},
                 {"role", "img"},
                 {"aria-label", label},
                 {"shape-rendering", "crispEdges"}});
  h.Element("title", label);
  // Closed, not void: in SVG inside HTML an unclosed element would hold the next one.
  h.Open("rect", {{"width", size}, {"height", size}, {"fill", "#fff"}}).Close("rect");
  h.Open("path", {{"d", path}, {"fill", "#000"}}).Close("path");
  h.Close("svg");
  return true;
}

}  // namespace torikumi::web
