#ifndef TORIKUMI_FUZZ_HTTP_WORLD_H_
#define TORIKUMI_FUZZ_HTTP_WORLD_H_

#include <memory>
#include <string>

#include "store/store.h"
#include "web/router.h"

namespace torikumi::fuzz {

// What the HTTP fuzz targets route requests through: a real SQLite database (in a
// directory of the temporary directory named after the process) holding the seed sheet, a
// publication and a coordinator, who is signed in with `cookie`.
struct World {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<web::Router> router;
  std::string cookie;  // "torikumi_session=…"
};

// Made at the first call, kept for the process.
World& TheWorld();

}  // namespace torikumi::fuzz

#endif  // TORIKUMI_FUZZ_HTTP_WORLD_H_
