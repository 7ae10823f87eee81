#ifndef TORIKUMI_TEXT_NUMBER_H_
#define TORIKUMI_TEXT_NUMBER_H_

#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"

namespace torikumi::text {

// A number as people type it into a number field: ASCII or full-width digits, thousands
// separators ("1,234", "１，２３４"), a decimal part ("12.5", "１２．５"), a leading minus
// (-, －, −, or the ▲ and △ of Japanese accounts), spaces around it. Nothing else: "約30"
// and "30人" are not numbers, and neither is anything of 15 digits or more before the point.
std::optional<double> ReadNumber(std::string_view typed);

// ReadNumber for the field named `field`: nullopt when the field is blank; InvalidInput that
// names the field and quotes what was typed when it is not a number.
Result<std::optional<double>> NumberField(std::string_view typed, std::string_view field);

// A number as files and forms write it: the shortest text that reads back as the same
// value, without exponent or trailing zeros ("1234.5", "70", "-0.25").
std::string FormatNumber(double value);
// FormatNumber with thousands separators, as pages show figures ("1,234.5").
std::string FormatGroupedNumber(double value);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_NUMBER_H_
