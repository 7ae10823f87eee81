#ifndef TORIKUMI_TESTS_SERVICE_FIXTURE_H_
#define TORIKUMI_TESTS_SERVICE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>

#include "service/account_service.h"
#include "service/actor.h"
#include "service/portal_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/store.h"
#include "test_store.h"
#include "testing.h"

namespace torikumi::testing {

// The code of a failure; kIo stands for success, which no expectation here names.
inline Error::Code CodeOf(const Result<void>& r) {
  return r.ok() ? Error::Code::kIo : r.error().code();
}
template <typename T>
Error::Code CodeOf(const Result<T>& r) {
  return r.ok() ? Error::Code::kIo : r.error().code();
}

// A real database (an SQLite file, or PostgreSQL under tests/store/with_postgres.sh) holding
// the seed sheet (No. 1–2 owned by 企画政策課, No. 3–4 by
// ICT推進課; ICT推進課 co-owns No. 1 and 企画政策課 co-owns No. 4) and one user of each kind.
class WorkspaceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(dir_);
    ASSERT_NE(store_, nullptr);
    sheets_ = std::make_unique<service::SheetService>(*store_);
    workspace_ = std::make_unique<service::WorkspaceService>(*store_, [this] { return now_; });
    portal_ = std::make_unique<service::PortalService>(*store_);
    accounts_ = std::make_unique<service::AccountService>(*store_, [this] { return now_; });
    ASSERT_TRUE(
        sheets_
            ->Import("seed.tsv", ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {})
            .ok());
    administrator_ = AddUser("admin", model::Role::kAdministrator, {});
    coordinator_ = AddUser("coordinator", model::Role::kCoordinator, {});
    kikaku_ = AddUser("kikaku", model::Role::kEditor, {"企画政策課"});
    ict_ = AddUser("ict", model::Role::kEditor, {"ICT推進課"});
    viewer_ = AddUser("viewer", model::Role::kViewer, {});
  }

  service::Actor AddUser(const std::string& login, model::Role role,
                         std::vector<std::string> sections) {
    auto user = accounts_->AddUser(service::Actor::CommandLine(),
                                   {login, login + "さん", role, std::move(sections), kPassword});
    EXPECT_TRUE(user.ok()) << user.error().ToString();
    return service::Actor::Staff(user.ok() ? *user : model::User{});
  }

  store::StoredInitiative Stored(int no) {
    auto stored = workspace_->Initiative(coordinator_, 2025, no);
    EXPECT_TRUE(stored.ok());
    return stored.ok() ? *stored : store::StoredInitiative{};
  }

  static constexpr const char* kPassword = "correct horse battery";

  TempDir dir_;
  std::int64_t now_ = 1'800'000'000;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<service::SheetService> sheets_;
  std::unique_ptr<service::WorkspaceService> workspace_;
  std::unique_ptr<service::PortalService> portal_;
  std::unique_ptr<service::AccountService> accounts_;
  service::Actor administrator_ = service::Actor::CommandLine();
  service::Actor coordinator_ = service::Actor::CommandLine();
  service::Actor kikaku_ = service::Actor::CommandLine();
  service::Actor ict_ = service::Actor::CommandLine();
  service::Actor viewer_ = service::Actor::CommandLine();
};

}  // namespace torikumi::testing

#endif  // TORIKUMI_TESTS_SERVICE_FIXTURE_H_
