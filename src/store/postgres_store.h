#ifndef TORIKUMI_STORE_POSTGRES_STORE_H_
#define TORIKUMI_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

namespace torikumi::store {

// Connects to the PostgreSQL database `url` (postgresql://user@host:port/database) and
// applies pending migrations.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_POSTGRES_STORE_H_
