#ifndef TORIKUMI_WEB_QR_CODE_H_
#define TORIKUMI_WEB_QR_CODE_H_

#include <string_view>

#include "web/html.h"

namespace torikumi::web {

// `text` as a QR code (libqrencode, error correction M), drawn as an inline SVG image named
// `label`: one path of dark modules inside the four-module quiet zone readers need. False,
// and nothing written, when the text does not fit a QR code.
bool QrCodeSvg(Html& h, std::string_view text, std::string_view label);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_QR_CODE_H_
