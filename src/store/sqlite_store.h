#ifndef TORIKUMI_STORE_SQLITE_STORE_H_
#define TORIKUMI_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

namespace torikumi::store {

// Opens (creating when missing) the SQLite database at `path` and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_SQLITE_STORE_H_
