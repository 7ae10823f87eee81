// The request path after the HTTP parser: routing, query strings, forms, cookies and JSON
// bodies, on a real SQLite database holding the seed sheet, a publication and users.
// Input: "METHOD TARGET\nHeader: value\n…\n\nbody".

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "service/account_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/store.h"
#include "web/router.h"

namespace {

using namespace torikumi;

struct World {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<web::Router> router;
  std::string cookie;
};

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& world = TheWorld();
  const std::string input(reinterpret_cast<const char*>(data), size);
  web::Request request;
  std::size_t line_end = input.find('\n');
  const std::string first = input.substr(0, line_end);
  const std::size_t space = first.find(' ');
  request.method = first.substr(0, space);
  request.target = space == std::string::npos ? "/" : first.substr(space + 1);
  std::size_t pos = line_end == std::string::npos ? input.size() : line_end + 1;
  while (pos < input.size()) {
    line_end = input.find('\n', pos);
    const std::string line = input.substr(pos, line_end - pos);
    pos = line_end == std::string::npos ? input.size() : line_end + 1;
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = colon == std::string::npos ? "" : line.substr(colon + 1);
  }
  request.body = input.substr(std::min(pos, input.size()));
  request.peer = "127.0.0.1";
  // Half the inputs arrive signed in, so that the staff routes are reached too.
  if (!input.empty() && (input.back() & 1)) request.headers["cookie"] = world.cookie;
  const web::Response response = world.router->Handle(request);
  if (response.status < 200 || response.status > 599) std::abort();
  return 0;
}
