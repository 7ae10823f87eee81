// Loads a directory of generated sheets (CODE.tsv, as generate_sheets writes them) into one
// database, each as the municipality with that code, and publishes each: the national
// dataset. Prints how many initiatives it imported and how fast, importing and publishing
// together and importing alone (reading, checking and writing the working sheet).
//
//   torikumi-load-sheets --db LOCATION DIR [--publish 2026-03-31]

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "service/actor.h"
#include "service/installation_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/store.h"

int main(int argc, char** argv) {
  using namespace torikumi;
  CLI::App app{"生成したシートを自治体ごとに取り込んで公開する"};
  std::string database;
  std::string directory;
  std::string publish_on = "2026-03-31";
  app.add_option("--db", database, "データベース")->required();
  app.add_option("DIR", directory, "CODE.tsv のあるディレクトリ")->required();
  app.add_option("--publish", publish_on, "公開日");
  CLI11_PARSE(app, argc, argv);

  auto store = store::OpenStore(database);
  if (!store) {
    std::cerr << store.error().ToString() << '\n';
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  service::InstallationService installation(**store);
  const service::Actor cli = service::Actor::CommandLine();
  std::size_t initiatives = 0;
  std::chrono::steady_clock::duration importing{};
  const auto start = std::chrono::steady_clock::now();
  for (const auto& file : files) {
    const std::string code = file.stem().string();
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto added = installation.AddMunicipality(cli, code, "自治体" + code);
    if (!added) {
      std::cerr << added.error().ToString() << '\n';
      return 1;
    }
    auto municipality = (*store)->OpenMunicipality(code);
    service::SheetService sheets(**municipality);
    const auto import_start = std::chrono::steady_clock::now();
    auto report = sheets.Import(file.filename().string(), bytes.str(), {});
    importing += std::chrono::steady_clock::now() - import_start;
    if (!report) {
      std::cerr << report.error().ToString() << '\n';
      return 1;
    }
    initiatives += report->outcome.added.size();
    service::WorkspaceService workspace(**municipality);
    if (auto published = workspace.Publish(cli, report->fiscal_year, publish_on); !published) {
      std::cerr << published.error().ToString() << '\n';
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double import_seconds = std::chrono::duration<double>(importing).count();
  std::cout << files.size() << " municipalities, " << initiatives << " initiatives, " << seconds
            << " s, " << initiatives / seconds << " initiatives/s; importing alone "
            << initiatives / import_seconds << " initiatives/s\n";
  return 0;
}
