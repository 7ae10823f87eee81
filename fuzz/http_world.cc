#include "http_world.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "service/account_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"

namespace torikumi::fuzz {

World& TheWorld() {
  static World* world = [] {
    auto* w = new World;
    const auto dir =
        std::filesystem::temp_directory_path() / ("torikumi-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    w->store = std::move(store::OpenStore((dir / "fuzz.db").string()).value());
    std::ifstream seed(TORIKUMI_SOURCE_DIR "/data/kawanishi-r7-process-sheet.tsv",
                       std::ios::binary);
    std::ostringstream bytes;
    bytes << seed.rdbuf();
    service::SheetService sheets(*w->store);
    if (!sheets.Import("seed.tsv", bytes.str(), {}).ok()) std::abort();
    service::WorkspaceService workspace(*w->store);
    if (!workspace.Publish(service::Actor::CommandLine(), 2025, "2026-03-31").ok()) std::abort();
    service::AccountService accounts(*w->store);
    if (!accounts
             .AddUser(service::Actor::CommandLine(),
                      {"coordinator", "", model::Role::kCoordinator, {}, "fuzzing password"})
             .ok()) {
      std::abort();
    }
    auto session = accounts.Login("coordinator", "fuzzing password", "127.0.0.1");
    w->cookie = "torikumi_session=" + session->token;
    w->router = std::make_unique<web::Router>(*w->store);
    return w;
  }();
  return *world;
}

}  // namespace torikumi::fuzz
