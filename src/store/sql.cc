#include "store/sql.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace torikumi::store::sql {

Result<void> Statement::Run() {
  auto row = Step();
  Reset();
  if (!row) return row.error();
  return {};
}

std::optional<int> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return int(Int(column));
}

std::optional<double> Statement::OptionalDouble(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Double(column);
}

Result<std::int64_t> InsertedId(Statement& insert) {
  TORIKUMI_ASSIGN_OR_RETURN(bool row, insert.Step());
  if (!row) return Error::Io("INSERT が id を返しませんでした");
  const std::int64_t id = insert.Int(0);
  insert.Reset();
  return id;
}

std::string ParameterRows(int width, std::size_t rows) {
  std::string sql;
  sql.reserve(rows * std::size_t(width) * 3 + rows * 2);
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < width; ++c) sql += c ? ", ?" : "?";
    sql += ')';
  }
  return sql;
}

std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  (void)std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, int(millis));
  return buffer;
}

}  // namespace torikumi::store::sql
