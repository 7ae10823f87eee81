#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace torikumi::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return OpenPostgresStore(std::string(location));
  }
  std::string path(location);
  if (path.starts_with("sqlite:")) path.erase(0, std::string_view("sqlite:").size());
  if (path.empty()) return Error::InvalidInput("データベースの場所が空です");
  return OpenSqliteStore(path);
}

}  // namespace torikumi::store
