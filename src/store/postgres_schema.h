#ifndef TORIKUMI_STORE_POSTGRES_SCHEMA_H_
#define TORIKUMI_STORE_POSTGRES_SCHEMA_H_

#include <span>
#include <string_view>

namespace torikumi::store::postgres {

// The schema's versioned changes for PostgreSQL, applied in order on open. Never edit one
// that has shipped: add the next, here and in sqlite_schema.cc.
std::span<const std::string_view> Migrations();

}  // namespace torikumi::store::postgres

#endif  // TORIKUMI_STORE_POSTGRES_SCHEMA_H_
