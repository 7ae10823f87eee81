#ifndef TORIKUMI_TESTS_TEST_STORE_H_
#define TORIKUMI_TESTS_TEST_STORE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "store/postgres.h"
#include "store/store.h"
#include "testing.h"

namespace torikumi::testing {

// The PostgreSQL server the tests run on, when tests/store/with_postgres.sh started one:
// the URL of its maintenance database. Empty otherwise, and the tests use SQLite.
inline std::string TestPostgresServer() {
  const char* url = std::getenv("TORIKUMI_TEST_POSTGRES");
  return url ? url : "";
}

inline bool TestingOnPostgres() { return !TestPostgresServer().empty(); }

// The location of a fresh, empty database: a file in `dir`, or a new database on the test
// PostgreSQL server.
inline std::string NewTestDatabase(const TempDir& dir, const std::string& name) {
  const std::string server = TestPostgresServer();
  if (server.empty()) return dir.File(name);
  static std::atomic<int> counter{0};
  const std::string database = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  auto admin = store::postgres::Connection::Open(server);
  EXPECT_TRUE(admin.ok()) << admin.error().ToString();
  if (admin.ok()) {
    auto created = (*admin)->Execute("CREATE DATABASE " + database);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
  }
  return server.substr(0, server.rfind('/') + 1) + database;
}

inline std::unique_ptr<store::Store> OpenTestStore(const TempDir& dir,
                                                   const std::string& name = "torikumi.db") {
  auto opened = store::OpenStore(NewTestDatabase(dir, name));
  EXPECT_TRUE(opened.ok()) << opened.error().ToString();
  return opened.ok() ? std::move(*opened) : nullptr;
}

}  // namespace torikumi::testing

#endif  // TORIKUMI_TESTS_TEST_STORE_H_
