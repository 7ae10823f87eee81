#ifndef TORIKUMI_STORE_SQLITE_SCHEMA_H_
#define TORIKUMI_STORE_SQLITE_SCHEMA_H_

#include <span>
#include <string_view>

namespace torikumi::store::sqlite {

// The schema's versioned changes, applied in order on open. Never edit one that has
// shipped: add the next.
std::span<const std::string_view> Migrations();

}  // namespace torikumi::store::sqlite

#endif  // TORIKUMI_STORE_SQLITE_SCHEMA_H_
