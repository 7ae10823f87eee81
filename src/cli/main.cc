// torikumi: the command line. Each subcommand is a thin shell over the service layer.

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/notifier.h"
#include "cli/progress_bar.h"
#include "cli/settings.h"
#include "model/account.h"
#include "service/account_service.h"
#include "service/installation_service.h"
#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "sheet/pdf.h"
#include "store/store.h"
#include "text/entries.h"
#include "text/era.h"
#include "torikumi_version.h"
#include "web/log.h"
#include "web/metrics.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::cli {
namespace {

// The exit status of an expected failure: the one place errors meet the shell.
int ExitCodeOf(const Error& error) {
  switch (error.code()) {
    case Error::Code::kInvalidInput:
      return 2;
    case Error::Code::kNotFound:
      return 3;
    case Error::Code::kConflict:
      return 4;
    case Error::Code::kForbidden:
      return 5;
    case Error::Code::kUnavailable:
      return 75;  // EX_TEMPFAIL: try again once the disk or the database is back
    case Error::Code::kIo:
      return 1;
  }
  return 1;
}

int Fail(const Error& error) {
  std::cerr << "torikumi: " << error.ToString() << '\n';
  return ExitCodeOf(error);
}

// A file to read whole, mapped rather than copied where it can be: a 20,000-row sheet is
// over 100 MB, whose pages stay the page cache's and are read as the reader reaches them.
struct Unmap {
  std::size_t size = 0;
  void operator()(char* mapped) const { ::munmap(mapped, size); }
};

class InputFile {
 public:
  static Result<InputFile> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::Io(path + " を開けません");
    InputFile file;
    struct stat status {};
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
      const auto size = std::size_t(status.st_size);
      void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        ::madvise(mapped, size, MADV_SEQUENTIAL);
        file.mapped_ = {static_cast<char*>(mapped), Unmap{size}};
        ::close(fd);
        return file;
      }
    }
    // A pipe, a device, an empty file: read.
    char buffer[1 << 16];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) file.read_.append(buffer, std::size_t(n));
    const int failure = n < 0 ? errno : 0;
    ::close(fd);
    if (failure != 0) {
      return Error::Io(path + " を読めません: " + std::generic_category().message(failure));
    }
    return file;
  }

  // Lets go of the pages before `offset`, which are read from the file again if needed.
  void LetGoBefore(std::size_t offset) {
    static const auto kPage = std::size_t(::sysconf(_SC_PAGESIZE));
    const std::size_t end = offset / kPage * kPage;
    if (!mapped_ || end <= let_go_) return;
    ::madvise(mapped_.get() + let_go_, end - let_go_, MADV_DONTNEED);
    let_go_ = end;
  }

  std::string_view bytes() const {
    return mapped_ ? std::string_view(mapped_.get(), mapped_.get_deleter().size) : read_;
  }

 private:
  std::unique_ptr<char, Unmap> mapped_;
  std::size_t let_go_ = 0;  // the pages before it let go
  std::string read_;
};

// A new file written as the export makes it, then made durable; what failed says where. A
// full disk (ENOSPC, or EFBIG past the file-size limit) is a passing fault, told as such.
class FileOutput {
 public:
  explicit FileOutput(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) failure_ = errno;
  }
  FileOutput(const FileOutput&) = delete;
  FileOutput& operator=(const FileOutput&) = delete;
  ~FileOutput() {
    if (fd_ >= 0) ::close(fd_);
  }

  Result<void> Write(std::string_view bytes) {
    for (std::size_t done = 0; done < bytes.size() && failure_ == 0;) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += std::size_t(n);
      } else if (n < 0 && errno != EINTR) {
        failure_ = errno;
      }
    }
    return Failure();
  }

  Result<void> Close() {
    if (failure_ == 0 && ::fsync(fd_) != 0) failure_ = errno;
    if (fd_ >= 0 && ::close(fd_) != 0 && failure_ == 0) failure_ = errno;
    fd_ = -1;
    return Failure();
  }

 private:
  Result<void> Failure() const {
    if (failure_ == ENOSPC || failure_ == EFBIG || failure_ == EDQUOT) {
      return Error::Unavailable(path_ + " に書き込めません: ディスクの空きが足りません");
    }
    if (failure_ != 0) {
      return Error::Io(path_ + " に書き込めません: " + std::generic_category().message(failure_));
    }
    return {};
  }

  std::string path_;
  int fd_ = -1;
  int failure_ = 0;
};

// The database a command works on, and which municipality's part of it.
struct Place {
  std::string database;
  std::string municipality;  // 全国地方公共団体コード; "" for the installation's own
};

Result<std::unique_ptr<store::Store>> OpenPlace(const Place& place) {
  TORIKUMI_ASSIGN_OR_RETURN(auto store, store::OpenStore(place.database));
  if (place.municipality.empty()) return store;
  return store->OpenMunicipality(place.municipality);
}

void PrintPreview(const service::ImportPreview& preview) {
  std::cout << "この年度は報告が進んでいます。取り込みで変わる内容:\n";
  for (const service::InitiativeChanges& changes : preview.initiatives) {
    if (changes.added) {
      std::cout << "  No." << changes.no << ": 追加\n";
      continue;
    }
    for (const service::FieldChange& f : changes.fields) {
      std::cout << "  No." << changes.no << " " << f.field
                << (f.report_kept ? " (ワークスペースの報告を残すため、ファイルの内容は書きません)"
                                  : "")
                << "\n    - " << f.before << "\n    + " << f.after << '\n';
    }
  }
}

int RunImport(const std::string& file, const Place& place, service::ImportOptions options,
              const std::string& publish_on, bool quiet) {
  auto input = InputFile::Open(file);
  if (!input) return Fail(input.error());
  auto store = OpenPlace(place);
  if (!store) return Fail(store.error());
  service::SheetService sheets(**store);
  ProgressBar bar(ProgressBar::StyleFor(quiet), std::cerr);
  options.progress = bar.Report();
  options.done_with = [&input](std::size_t bytes) { input->LetGoBefore(bytes); };
  // Where the year's reports are under way, what the file would change is said first, field
  // by field; the workspace's reports stay unless --replace-reports asks otherwise.
  options.before_writing = [&bar](const service::ImportPreview& preview) {
    bar.Finish();
    PrintPreview(preview);
  };
  auto report = sheets.Import(file, input->bytes(), options);
  bar.Finish();
  if (!report) return Fail(report.error());
  const auto& o = report->outcome;
  std::cout << text::FiscalYearName(report->fiscal_year) << " (" << report->fiscal_year
            << ") のシートを " << file << " (" << report->encoding << ") から取り込みました。\n";
  if (o.added.empty() && o.changed.empty()) {
    std::cout << "変更はありません: " << o.unchanged.size() << " 件の取組はすでに同じ内容です。\n";
  } else {
    std::cout << "追加 " << o.added.size() << " 件, 更新 " << o.changed.size() << " 件, 変更なし "
              << o.unchanged.size() << " 件\n";
    if (!o.added.empty())
      std::cout << "  追加した No.: " << text::FormatNumberRuns(o.added) << '\n';
    if (!o.changed.empty())
      std::cout << "  更新した No.: " << text::FormatNumberRuns(o.changed) << '\n';
  }
  if (o.reports_kept > 0) {
    std::cout << "ワークスペースで入力された報告 " << o.reports_kept
              << " 件はファイルの内容と違いますが、そのまま残しました (置き換えるには "
                 "--replace-reports)。\n";
  }
  if (o.reports_replaced > 0) {
    std::cout << "ワークスペースで入力された報告 " << o.reports_replaced
              << " 件をファイルの内容で置き換えました。\n";
  }
  if (!o.kept.empty()) {
    std::cout << "ファイルにない " << o.kept.size() << " 件はそのまま残しました (No. "
              << text::FormatNumberRuns(o.kept) << ")\n";
  }
  for (const std::string& rating : report->added_ratings) {
    std::cout << "進捗度「" << rating << "」は年度の評価区分になかったため追加しました。\n";
  }
  if (!publish_on.empty()) {
    service::WorkspaceService workspace(**store);
    // Publishing the same content twice would only add an identical publication.
    auto publications = workspace.Publications(service::Actor::CommandLine(), report->fiscal_year);
    if (!publications) return Fail(publications.error());
    if (o.added.empty() && o.changed.empty() && !publications->empty()) {
      std::cout << "内容に変更がないため、公開版は作りませんでした (最新の公開: "
                << publications->front().published_on << ")。\n";
      return 0;
    }
    auto published =
        workspace.Publish(service::Actor::CommandLine(), report->fiscal_year, publish_on);
    if (!published) return Fail(published.error());
    std::cout << published->published_on << " 付けで公開しました (公開版 " << published->id
              << ")。\n";
  }
  return 0;
}

int RunExport(const Place& place, int year, const std::string& format, const std::string& encoding,
              std::optional<int> initiative, const std::string& output, bool quiet) {
  service::ExportOptions options;
  options.format = format == "indicators" ? service::SheetFormat::kIndicators
                                          : *service::FormatOfFileName("." + format);
  options.encoding = encoding == "cp932" ? text::Encoding::kCp932 : text::Encoding::kUtf8;
  options.initiative = initiative;
  auto store = OpenPlace(place);
  if (!store) return Fail(store.error());
  service::SheetService sheets(**store);
  ProgressBar bar(ProgressBar::StyleFor(quiet), std::cerr);
  options.progress = bar.Report();
  Result<text::Cp932Substitutions> exported = text::Cp932Substitutions{};
  if (output.empty() || output == "-") {
    exported = sheets.Export(year, options, [](std::string_view bytes) -> Result<void> {
      std::cout.write(bytes.data(), std::streamsize(bytes.size()));
      if (!std::cout) return Error::Io("標準出力に書き込めません");
      return {};
    });
    std::cout.flush();
    bar.Finish();
    if (!exported) return Fail(exported.error());
  } else {
    // Written beside the target and renamed, so that a failed export never leaves half a file.
    const std::string partial = output + ".partial";
    std::error_code ignored;
    FileOutput file(partial);
    exported =
        sheets.Export(year, options, [&file](std::string_view bytes) { return file.Write(bytes); });
    bar.Finish();
    if (auto closed = file.Close(); exported && !closed) exported = closed.error();
    if (!exported) {
      std::filesystem::remove(partial, ignored);
      return Fail(exported.error());
    }
    if (std::rename(partial.c_str(), output.c_str()) != 0) {
      std::filesystem::remove(partial, ignored);
      return Fail(Error::Io(output + " を作れません"));
    }
  }
  if (const std::string note = text::DescribeSubstitutions(*exported); !note.empty()) {
    std::cerr << note << '\n';
  }
  return 0;
}

// Tells systemd that the server lives, every half of its watchdog interval, as long as the
// server's threads take up work (sd_watchdog_enabled(3)); stops with the server.
class Watchdog {
 public:
  Watchdog(web::Server& server, std::chrono::microseconds interval)
      : thread_([this, &server, interval] {
          std::unique_lock lock(mutex_);
          while (!stop_.wait_for(lock, interval / 2, [this] { return stopping_; })) {
            lock.unlock();
            if (server.Responsive(
                    std::chrono::duration_cast<std::chrono::milliseconds>(interval / 4))) {
              (void)sd_notify(0, "WATCHDOG=1");
            }
            lock.lock();
          }
        }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

// Shows the first administrator's password once: on the terminal, or, when systemd runs
// the server (its output going to the journal, which must never hold a password), in a file
// of the service's state directory that only the service's user can read.
Result<void> ShowFirstAdministrator(const service::NewUser& admin, const char* state_directory) {
  if (state_directory == nullptr || ::isatty(STDOUT_FILENO)) {
    std::cout << "管理者アカウントを作りました。この表示は一度だけです。\n"
              << "  ログイン名: " << admin.login << "\n"
              << "  パスワード: " << admin.password << "\n"
              << "初回のログインで、このパスワードを自分のものに変えてください。\n";
    return {};
  }
  const std::string path = std::string(state_directory) + "/initial-administrator.txt";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::Io(path + " を作れません: " + std::generic_category().message(errno));
  const std::string text =
      "ログイン名: " + admin.login + "\nパスワード: " + admin.password +
      "\n(初回のログインで変更してください。読んだら、このファイルを消してください)\n";
  const bool written = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  if (::close(fd) != 0 || !written) return Error::Io(path + " に書き込めません");
  web::LogInfo("first_administrator", "管理者アカウント「" + admin.login +
                                          "」を作りました。パスワードは " + path + " にあります");
  return {};
}

int RunServe(const Settings& settings) {
  auto listen = ParseListen(settings.listen);
  if (!listen) return Fail(listen.error());
  web::ServerOptions options;
  options.address = listen->address;
  options.port = static_cast<std::uint16_t>(listen->port);
  options.threads = settings.threads;
  options.behind_tls_proxy = settings.behind_tls_proxy;
  options.trusted_proxies = settings.trusted_proxies;
  // PostgreSQL writes side by side, each write on a connection of its own, and lets 100
  // connections in by default, shared by every server of the installation: four writers
  // per core are enough where commits are not shared.
  if (settings.db.starts_with("postgres")) {
    options.write_workers = 4 * int(std::max(1u, std::thread::hardware_concurrency()));
  }
  web::ConfigureLog(settings.log_level, settings.log_access);
  web::Metrics::Process().Allow(settings.metrics_allow);
  // Read before any thread starts, so getenv's lack of thread safety cannot matter.
  const char* state_directory = std::getenv("STATE_DIRECTORY");  // NOLINT(concurrency-mt-unsafe)
  std::uint64_t watchdog_usec = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0;

  auto store = store::OpenStore(settings.db);
  if (!store) return Fail(store.error());
  service::AccountService accounts(**store);
  auto admin = accounts.EnsureAdministrator();
  if (!admin) return Fail(admin.error());
  if (*admin) {
    if (auto shown = ShowFirstAdministrator(**admin, state_directory); !shown) {
      return Fail(shown.error());
    }
  }
  web::Router router(**store, NotificationSettingsOf(settings));
  auto server =
      web::Server::Start([&router](const web::Request& r) { return router.Handle(r); }, options);
  if (!server) return Fail(server.error());
  const std::string url = "http://" + settings.listen.substr(0, settings.listen.rfind(':')) + ":" +
                          std::to_string((*server)->port()) + "/";
  std::cout << "torikumi: " << url << " で公開しています (" << settings.db
            << ")。Ctrl+C で停止します。" << std::endl;
  web::LogInfo("started", "torikumi " TORIKUMI_VERSION " が " + url + " で待ち受けています");
  (void)sd_notify(0, ("READY=1\nSTATUS=" + url + " で公開しています").c_str());
  {
    std::optional<Watchdog> pings;
    if (watchdog) pings.emplace(**server, std::chrono::microseconds(watchdog_usec));
    const NotifierThread notifier(**store, settings);
    (*server)->WaitForSignal();
    (void)sd_notify(0, "STOPPING=1\nSTATUS=停止しています");
    web::LogInfo("stopping", "答えている途中の要求を終えてから停止します");
  }
  (*server)->Shutdown(std::chrono::seconds(30));
  web::LogInfo("stopped", "停止しました");
  return 0;
}

// Japan's "2025-07-08T09:00" as Unix seconds.
Result<std::int64_t> JapanTimeOf(const std::string& text) {
  auto field = [&text](std::size_t from, std::size_t length, unsigned& value) {
    const char* first = text.data() + from;
    const auto [end, error] = std::from_chars(first, first + length, value);
    return error == std::errc() && end == first + length;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (text.size() != 16 || !field(0, 4, y) || text[4] != '-' || !field(5, 2, mo) ||
      text[7] != '-' || !field(8, 2, d) || text[10] != 'T' || !field(11, 2, h) || text[13] != ':' ||
      !field(14, 2, mi)) {
    return Error::InvalidInput("--now は 2025-07-08T09:00 の形 (日本時間) で指定してください");
  }
  const auto day = std::chrono::year(int(y)) / std::chrono::month(mo) / std::chrono::day(d);
  if (!day.ok() || h > 23 || mi > 59)
    return Error::InvalidInput("--now の日時がありません: " + text);
  const auto at =
      std::chrono::sys_days(day) + std::chrono::hours(int(h) - 9) + std::chrono::minutes(mi);
  return std::int64_t(
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
}

int RunNotify(const Settings& settings, const std::string& now) {
  service::Clock clock;
  if (!now.empty()) {
    auto at = JapanTimeOf(now);
    if (!at) return Fail(at.error());
    clock = [at = *at] { return at; };
  }
  auto store = store::OpenStore(settings.db);
  if (!store) return Fail(store.error());
  Notifier notifier(**store, settings, clock);
  auto round = notifier.RunOnce();
  if (!round) return Fail(round.error());
  std::cout << "リマインダー " << round->reminders << " 件、まとめたメール " << round->digests
            << " 通、送信したメール " << round->sent << " 通\n";
  return 0;
}

int RunMunicipality(const std::string& action, const Place& place, const std::string& code,
                    const std::string& name) {
  auto store = OpenPlace(place);
  if (!store) return Fail(store.error());
  service::InstallationService installation(**store);
  if (action == "name") {
    auto named = installation.NameMunicipality(service::Actor::CommandLine(), code, name);
    if (!named) return Fail(named.error());
    std::cout << named->name << " (" << named->code
              << ") としました。公開ページとダウンロードの表題に載ります。\n";
    return 0;
  }
  if (action == "add") {
    auto added = installation.AddMunicipality(service::Actor::CommandLine(), code, name);
    if (!added) return Fail(added.error());
    std::cout << added->name << " (" << added->code << ") を追加しました。公開ページは /m/"
              << added->code << "/ です。\n";
    return 0;
  }
  auto list = installation.Municipalities();
  if (!list) return Fail(list.error());
  for (const auto& m : *list) {
    std::cout << (m.code.empty() ? "(既定)" : m.code) << "\t" << m.name << "\n";
  }
  return 0;
}

int RunBackup(const std::string& database, const std::string& destination, bool quiet) {
  auto store = store::OpenStore(database);
  if (!store) return Fail(store.error());
  ProgressBar bar(ProgressBar::StyleFor(quiet), std::cerr);
  auto done = (*store)->Backup(destination, bar.Report());
  bar.Finish();
  if (!done) return Fail(done.error());
  std::cout << database << " を " << destination << " にバックアップしました。\n";
  return 0;
}

// Runs `program` with `arguments` (no shell between) and waits for it; its exit status.
Result<int> RunProgram(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  argv.reserve(arguments.size() + 1);
  for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int failed = ::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ)) {
    return Error::Io(arguments[0] +
                     " を実行できません: " + std::generic_category().message(failed));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error::Io(arguments[0] + " の終了を待てません");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The scheduled backup (the systemd timer's): a new backup in the folder of backup.folder,
// named by the time, torikumi-20260401T030000.db (SQLite's online backup) or .dump
// (pg_dump's custom format, for pg_restore); then the oldest of the folder's backups are
// removed, so that backup.keep are left.
int RunScheduledBackup(const Settings& settings) {
  namespace fs = std::filesystem;
  if (settings.backup_folder.empty()) {
    return Fail(Error::InvalidInput(
        "バックアップ先のフォルダを設定ファイルの [backup] folder か TORIKUMI_BACKUP_FOLDER "
        "で指定してください"));
  }
  std::error_code error;
  fs::create_directories(settings.backup_folder, error);
  if (error) {
    return Fail(Error::Io(settings.backup_folder + " を作れません: " + error.message()));
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  (void)::localtime_r(&now, &local);
  char stamp[32];
  (void)std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &local);
  const bool postgres = settings.db.starts_with("postgres");
  const std::string file =
      settings.backup_folder + "/torikumi-" + stamp + (postgres ? ".dump" : ".db");
  const std::string partial = file + ".partial";
  if (postgres) {
    auto status =
        RunProgram({"pg_dump", "--format=custom", "--file=" + partial, "--dbname=" + settings.db});
    if (!status || *status != 0) {
      fs::remove(partial, error);
      return Fail(status ? Error::Unavailable("pg_dump が失敗しました (終了状態 " +
                                              std::to_string(*status) + ")")
                         : status.error());
    }
  } else {
    auto store = store::OpenStore(settings.db);
    if (!store) return Fail(store.error());
    // The timer's backup tells the journal only its result.
    if (auto done = (*store)->Backup(partial, {}); !done) {
      fs::remove(partial, error);
      return Fail(done.error());
    }
  }
  fs::rename(partial, file, error);
  if (error) return Fail(Error::Io(file + " を作れません: " + error.message()));
  std::vector<fs::path> backups;
  for (const auto& entry : fs::directory_iterator(settings.backup_folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("torikumi-") && (name.ends_with(".db") || name.ends_with(".dump"))) {
      backups.push_back(entry.path());
    }
  }
  // The names sort as their times do.
  std::sort(backups.begin(), backups.end());
  std::size_t removed = 0;
  for (std::size_t k = 0; k + std::size_t(settings.backup_keep) < backups.size(); ++k) {
    if (fs::remove(backups[k], error)) ++removed;
  }
  std::cout << file << " にバックアップしました";
  if (removed > 0) std::cout << " (古いバックアップ " << removed << " 件を消しました)";
  std::cout << "。\n";
  return 0;
}

int RunCheckConfig(const std::string& path, const Settings& settings) {
  std::cout << (path.empty() ? std::string("設定ファイルなし (既定値と環境変数)") : path)
            << " を読みました。設定は次のとおりです:\n\n"
            << DescribeSettings(settings);
  return 0;
}

int RunAuditVerify(const Place& place) {
  auto store = OpenPlace(place);
  if (!store) return Fail(store.error());
  service::WorkspaceService workspace(**store);
  auto check = workspace.VerifyAudit(service::Actor::CommandLine());
  if (!check) return Fail(check.error());
  if (check->broken_id) {
    std::cerr << "監査ログの記録 id " << check->broken_id << ": " << check->problem
              << "。それより前の " << check->chained << " 件は連鎖しています。\n";
    return 1;
  }
  std::cout << "監査ログの連鎖を確認しました: " << check->chained << " 件、異常なし";
  if (check->unchained > 0)
    std::cout << " (連鎖導入前の記録 " << check->unchained << " 件は対象外)";
  std::cout << "。\n最後の記録: 連鎖番号 " << check->last_seq << "、ハッシュ " << check->last_hash
            << "\n(この 2 つを別の場所に控えておくと、最新の記録の削除も分かります)\n";
  return 0;
}

int RunRestore(const std::string& source, const std::string& database) {
  // A refused restore leaves no new database file behind it.
  std::string file = database.starts_with("sqlite:") ? database.substr(7) : database;
  const bool new_file = !database.starts_with("postgres") && !std::filesystem::exists(file);
  auto forget = [&](const Error& error) {
    if (new_file) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
    }
    return Fail(error);
  };
  auto store = store::OpenStore(database);
  if (!store) return forget(store.error());
  if (auto done = (*store)->Restore(source); !done) {
    store->reset();
    return forget(done.error());
  }
  std::cout << source << " を " << database << " に復元しました。\n";
  return 0;
}

// Reads a password from standard input (one line), so that it appears in no process list.
Result<std::string> ReadPassword() {
  std::string password;
  if (!std::getline(std::cin, password))
    return Error::InvalidInput("標準入力からパスワードを読めません");
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

std::vector<std::string> SplitSections(const std::string& text) {
  std::vector<std::string> names;
  std::string current;
  for (char c : text + ",") {
    if (c == ',') {
      if (!current.empty()) names.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return names;
}

struct UserOptions {
  std::string login;
  std::string name;
  std::string role;  // add: editor when not given; update: unchanged when not given
  std::string sections;
  int year = 0;          // add-sections; update and import: the year of the sections, 0 all
  std::string argument;  // import: the CSV file; revoke-token: the token's id or its start
  int days = service::AccountService::kDefaultTokenDays;  // token: how long it is valid
};

// The year of sections an option gives, 0 being every year.
std::optional<int> YearOf(int year) { return year ? std::optional(year) : std::nullopt; }

int RunUser(const std::string& action, const Place& place, const UserOptions& o) {
  auto store = OpenPlace(place);
  if (!store) return Fail(store.error());
  service::AccountService accounts(**store);
  const service::Actor cli = service::Actor::CommandLine();
  if (action == "add") {
    const auto role = model::ParseRole(o.role.empty() ? "editor" : o.role);
    if (!role)
      return Fail(Error::InvalidInput(
          "--role は administrator, coordinator, editor, viewer のいずれかです"));
    std::cerr << "パスワードを入力してください (" << service::AccountService::kMinPasswordLength
              << " 文字以上): " << std::flush;
    auto password = ReadPassword();
    if (!password) return Fail(password.error());
    auto added =
        accounts.AddUser(cli, {o.login, o.name, *role, SplitSections(o.sections), *password});
    if (!added) return Fail(added.error());
    std::cout << "利用者「" << added->login << "」を追加しました。\n";
  } else if (action == "passwd") {
    std::cerr << "新しいパスワードを入力してください ("
              << service::AccountService::kMinPasswordLength << " 文字以上): " << std::flush;
    auto password = ReadPassword();
    if (!password) return Fail(password.error());
    if (auto done = accounts.SetPassword(cli, o.login, *password); !done) return Fail(done.error());
    std::cout << "「" << o.login
              << "」のパスワードを変更し、ログイン中のセッションを終了しました。\n";
  } else if (action == "disable" || action == "enable") {
    if (auto done = accounts.SetDisabled(cli, o.login, action == "disable"); !done)
      return Fail(done.error());
    std::cout << "「" << o.login << "」を" << (action == "disable" ? "無効" : "有効")
              << "にしました。\n";
  } else if (action == "list") {
    auto users = accounts.Users(cli);
    if (!users) return Fail(users.error());
    for (const auto& u : *users) {
      std::cout << u.login << "\t" << u.display_name << "\t" << model::RoleName(u.role) << "\t";
      for (std::size_t k = 0; k < u.sections.size(); ++k)
        std::cout << (k ? "," : "") << u.sections[k];
      std::cout << (u.disabled ? "\t(無効)" : "") << "\n";
    }
  } else if (action == "add-sections") {
    auto added = accounts.AddSectionEditors(cli, o.year);
    if (!added) return Fail(added.error());
    if (added->empty()) std::cout << "すべての課にすでに担当者がいます。\n";
    for (const auto& u : *added) {
      std::cout << u.login << "\t" << u.password << "\t" << u.display_name << "\n";
    }
    if (!added->empty())
      std::cout << "(ログイン名、パスワード、課。パスワードの表示はこの一度だけです)\n";
  } else if (action == "token") {
    auto token = accounts.IssueApiToken(cli, o.login, o.name.empty() ? "API" : o.name, o.days);
    if (!token) return Fail(token.error());
    std::cout << *token << "\n";
  } else if (action == "update") {
    auto users = accounts.Users(cli);
    if (!users) return Fail(users.error());
    auto user = std::find_if(users->begin(), users->end(),
                             [&](const model::User& u) { return u.login == o.login; });
    if (user == users->end()) return Fail(Error::NotFound("利用者「" + o.login + "」はいません"));
    model::User changed = *user;
    if (!o.name.empty()) changed.display_name = o.name;
    if (!o.role.empty()) {
      const auto role = model::ParseRole(o.role);
      if (!role) {
        return Fail(Error::InvalidInput(
            "--role は administrator, coordinator, editor, viewer のいずれかです"));
      }
      changed.role = *role;
    }
    changed.sections = o.sections.empty() ? user->SectionsIn(o.year) : SplitSections(o.sections);
    if (auto done = accounts.UpdateUser(cli, changed, YearOf(o.year)); !done) {
      return Fail(done.error());
    }
    std::cout << "「" << o.login << "」を変更しました"
              << (o.year ? " (" + text::FiscalYearName(o.year) + "の担当課)" : "") << "。\n";
  } else if (action == "reset-password") {
    auto password = accounts.ResetPassword(cli, o.login);
    if (!password) return Fail(password.error());
    std::cout << *password
              << "\n(新しいパスワード。表示はこの一度だけです。次回ログイン時に変更を求めます)\n";
  } else if (action == "reset-second-factor") {
    if (auto done = accounts.ResetSecondFactor(cli, o.login); !done) return Fail(done.error());
    std::cout << "「" << o.login << "」の二段階認証を解除し、ログインを終了させました。\n";
  } else if (action == "tokens") {
    auto tokens = accounts.ApiTokens(cli, o.login);
    if (!tokens) return Fail(tokens.error());
    for (const auto& t : *tokens) {
      std::cout << t.id.substr(0, 12) << "\t" << t.name << "\t" << t.created_at << "\t"
                << (t.last_used_at.empty() ? "未使用" : t.last_used_at) << "\t" << t.expires_at
                << "まで\n";
    }
  } else if (action == "revoke-token") {
    auto tokens = accounts.ApiTokens(cli, o.login);
    if (!tokens) return Fail(tokens.error());
    std::vector<std::string> matching;
    for (const auto& t : *tokens) {
      if (!o.argument.empty() && t.id.starts_with(o.argument)) matching.push_back(t.id);
    }
    if (matching.size() != 1) {
      return Fail(Error::NotFound("「" + o.argument + "」で始まる " + o.login +
                                  " の API トークンが" +
                                  (matching.empty() ? "ありません" : "複数あります")));
    }
    if (auto done = accounts.RevokeApiToken(cli, o.login, matching.front()); !done) {
      return Fail(done.error());
    }
    std::cout << "API トークンを取り消しました。\n";
  } else if (action == "import") {
    auto input = InputFile::Open(o.argument);
    if (!input) return Fail(input.error());
    auto imported = accounts.ImportUsers(cli, o.argument, input->bytes(), YearOf(o.year));
    if (!imported) return Fail(imported.error());
    std::cout << "追加 " << imported->added.size() << " 人, 変更 " << imported->changed.size()
              << " 人, 変更なし " << imported->unchanged << " 人\n";
    for (const auto& c : imported->changed) {
      std::cout << "  " << c.login << ": " << c.before << " → " << c.after << "\n";
    }
    for (const auto& u : imported->added) {
      std::cout << "  " << u.login << "\t" << u.password
                << "\t(追加。パスワードの表示はこの一度だけです)\n";
    }
  }
  return 0;
}

int Run(int argc, char** argv) {
  CLI::App app{"torikumi: 取組実施プロセスシートの作成・進捗管理・公開"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "torikumi " TORIKUMI_VERSION);
  // Options of the program given after a subcommand's name are the program's still.
  app.fallthrough();
  std::string config_path;
  // Read before any thread starts, so getenv's lack of thread safety cannot matter.
  // NOLINTNEXTLINE(concurrency-mt-unsafe)
  if (const char* env = std::getenv("TORIKUMI_CONFIG")) config_path = env;
  app.add_option("--config", config_path,
                 "設定ファイル (TOML。環境変数 TORIKUMI_CONFIG でも指定できる。"
                 "設定は、ファイル、環境変数 TORIKUMI_*、コマンドのオプションの順に上書きされる)");
  // The database given on the command line; "" leaves the settings' (torikumi.db by default).
  std::string database;
  std::string municipality;
  auto add_place_options = [&](CLI::App* command) {
    command->add_option("--db", database,
                        "データベース (SQLite のファイル、または postgresql://…)");
    command->add_option(
        "--municipality", municipality,
        "自治体の全国地方公共団体コード (複数の自治体を収めるとき。省略時は既定の自治体)");
  };

  auto* import = app.add_subcommand("import", "シート (TSV, CSV, JSON) を取り込む");
  std::string import_file;
  torikumi::service::ImportOptions import_options;
  import->add_option("FILE", import_file, "取り込むファイル (TSV, CSV, XLSX, JSON)")->required();
  add_place_options(import);
  import
      ->add_option("--year", import_options.fiscal_year,
                   "年度 (西暦, 例: 2025)。省略時はタイトル行から")
      ->check(CLI::Range(1900, 2999));
  import->add_option("--sheet", import_options.worksheet,
                     "XLSX の読み込むワークシート名 (省略時は最初のシート)");
  std::string publish_on;
  bool replace_reports = false;
  import->add_flag("--replace-reports", replace_reports,
                   "ワークスペースで入力された報告もファイルの内容で置き換える");
  import->add_option("--publish", publish_on,
                     "取り込んだ内容をこの日付 (YYYY-MM-DD) で公開する (公開ページに表示される)");
  // Progress goes to standard error: a bar on a terminal, plain lines elsewhere.
  bool quiet = false;
  constexpr const char* kQuietHelp = "進み具合を表示しない (結果だけを表示する)";
  import->add_flag("--quiet,-q", quiet, kQuietHelp);

  auto* export_command = app.add_subcommand("export", "シートを書き出す");
  int export_year = 0;
  std::string format = "json";
  std::string encoding = "utf-8";
  std::string output;
  add_place_options(export_command);
  export_command->add_option("--year", export_year, "年度 (西暦)")
      ->required()
      ->check(CLI::Range(1900, 2999));
  export_command
      ->add_option("--format", format,
                   "json, tsv, csv, xlsx, pdf, indicators (指標の表 CSV。取り込みはファイル名を "
                   "…-indicators.csv に)")
      ->check(CLI::IsMember({"json", "tsv", "csv", "xlsx", "pdf", "indicators"}));
  std::optional<int> export_initiative;
  export_command
      ->add_option("--initiative", export_initiative,
                   "この No. の取組だけを A4 の PDF に書き出す (--format pdf)")
      ->check(CLI::PositiveNumber);
  export_command->add_option("--encoding", encoding, "utf-8 または cp932 (TSV, CSV, 指標の表)")
      ->check(CLI::IsMember({"utf-8", "cp932"}));
  export_command->add_option("--output,-o", output, "出力ファイル (省略時は標準出力)");
  export_command->add_flag("--quiet,-q", quiet, kQuietHelp);

  auto* serve = app.add_subcommand("serve", "公開ページとワークスペースを配信する");
  std::string listen;
  std::optional<int> threads;
  serve->add_option("--db", database, "データベース");
  serve->add_option("--listen", listen, "待ち受けるアドレスとポート (既定 127.0.0.1:8080)");
  serve->add_option("--threads", threads, "スレッド数 (0 はコア数)")->check(CLI::Range(0, 256));
  bool behind_tls_proxy = false;
  serve->add_flag("--behind-tls-proxy", behind_tls_proxy,
                  "TLS を終端するリバースプロキシの後ろで動かす (プロキシの X-Forwarded-Proto と "
                  "X-Forwarded-For を信頼し Cookie に Secure を付ける)");
  std::vector<std::string> trusted_proxies;
  serve->add_option(
      "--trusted-proxy", trusted_proxies,
      "X-Forwarded-For と X-Forwarded-Proto を信頼するプロキシのアドレス (繰り返し可。"
      "--behind-tls-proxy だけなら 127.0.0.1 と ::1)");

  auto* municipality_command = app.add_subcommand(
      "municipality", "自治体の団体コードと名称を設定する、自治体を追加する、一覧する");
  municipality_command->require_subcommand(1);
  std::string municipality_action;
  std::string municipality_code;
  std::string municipality_name;
  auto* municipality_add = municipality_command->add_subcommand("add", "自治体を追加する");
  municipality_add->add_option("CODE", municipality_code, "全国地方公共団体コード (例: 282171)")
      ->required();
  municipality_add->add_option("--name", municipality_name, "自治体名 (例: 川西市)")->required();
  municipality_add->add_option("--db", database, "データベース");
  municipality_add->callback([&] { municipality_action = "add"; });
  auto* municipality_name_command = municipality_command->add_subcommand(
      "name",
      "自治体の団体コードと名称を設定する (既定の自治体にも。公開ページとダウンロードに載る)");
  municipality_name_command
      ->add_option("CODE", municipality_code, "全国地方公共団体コード (例: 282171)")
      ->required();
  municipality_name_command->add_option("--name", municipality_name, "自治体名 (例: 川西市)")
      ->required();
  add_place_options(municipality_name_command);
  municipality_name_command->callback([&] { municipality_action = "name"; });
  auto* municipality_list = municipality_command->add_subcommand("list", "自治体の一覧");
  municipality_list->add_option("--db", database, "データベース");
  municipality_list->callback([&] { municipality_action = "list"; });

  auto* backup = app.add_subcommand(
      "backup", "データベースをバックアップする (サーバーが動いていても一貫した複製を作る)");
  std::string backup_file;
  backup->add_option("FILE", backup_file,
                     "作るバックアップファイル (既存のファイルは上書きしない)");
  backup->add_option("--db", database, "データベース");
  backup->add_flag("--quiet,-q", quiet, kQuietHelp);
  bool scheduled_backup = false;
  backup->add_flag(
      "--scheduled", scheduled_backup,
      "設定の [backup] folder に日時の名前でバックアップし、新しい [backup] keep "
      "件だけを残す (PostgreSQL では pg_dump を使う。systemd のタイマーが毎日実行する)");

  auto* notify = app.add_subcommand(
      "notify", "期限のリマインダーを出し、送信待ちのメールを送る (サーバーも定期的に行う)");
  notify->add_option("--db", database, "データベース");
  std::string notify_now;
  notify->add_option("--now", notify_now,
                     "この日時 (日本時間、2025-07-08T09:00) を今として行う (試験と確認のため)");

  auto* check_config = app.add_subcommand(
      "check-config", "設定ファイル (--config) と環境変数を確かめ、誤りがあれば行を示す");

  auto* audit = app.add_subcommand("audit", "監査ログ");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "監査ログの連鎖 (ハッシュ) を確かめ、変更・削除・挿入された最初の記録を示す");
  add_place_options(audit_verify);

  auto* restore = app.add_subcommand("restore", "バックアップを空のデータベースに復元する");
  std::string restore_file;
  restore->add_option("BACKUP", restore_file, "バックアップファイル")->required();
  restore->add_option("--db", database, "復元先のデータベース (空であること)");

  auto* user = app.add_subcommand("user", "利用者を管理する");
  user->require_subcommand(1);
  UserOptions user_options;
  std::string user_action;
  struct UserCommand {
    const char* name;
    const char* description;
  };
  for (auto [name, description] :
       {UserCommand{"add", "利用者を追加する (パスワードは標準入力から)"},
        UserCommand{"passwd", "パスワードを変更する (標準入力から)"},
        UserCommand{"disable", "利用者を無効にし、ログインを終了させる"},
        UserCommand{"enable", "利用者を有効に戻す"}, UserCommand{"list", "利用者の一覧"},
        UserCommand{"add-sections", "年度のシートの課ごとに所管課担当を作る (パスワードを表示)"},
        UserCommand{"token", "他システム用の API トークンを発行する"},
        UserCommand{"update", "表示名・役割・担当課を変える (--year でその年度だけの担当課)"},
        UserCommand{"reset-password", "パスワードを再設定して表示する (次回ログイン時に変更)"},
        UserCommand{"reset-second-factor", "二段階認証を解除する (端末をなくしたとき)"},
        UserCommand{"tokens", "利用者の API トークンの一覧 (ID, 用途, 発行, 最終利用)"},
        UserCommand{"revoke-token", "API トークンを取り消す (ID またはその先頭)"},
        UserCommand{"import",
                    "CSV (ログイン名, 表示名, 役割, 担当課) で利用者をまとめて追加・変更する"}}) {
    auto* sub = user->add_subcommand(name, description);
    add_place_options(sub);
    const std::string action = name;
    sub->callback([&user_action, action] { user_action = action; });
    if (action == "list") continue;
    if (action == "import") {
      sub->add_option("FILE", user_options.argument, "CSV ファイル (UTF-8 または CP932)")
          ->required();
      sub->add_option("--year", user_options.year, "担当課をこの年度だけのものにする (人事異動)")
          ->check(CLI::Range(1900, 2999));
      continue;
    }
    if (action == "add-sections") {
      sub->add_option("--year", user_options.year, "年度 (西暦)")
          ->required()
          ->check(CLI::Range(1900, 2999));
      continue;
    }
    sub->add_option("LOGIN", user_options.login, "ログイン名")->required();
    if (action == "add") {
      sub->add_option("--name", user_options.name, "表示名");
      sub->add_option("--role", user_options.role, "administrator, coordinator, editor, viewer");
      sub->add_option("--sections", user_options.sections, "担当課 (editor)。カンマ区切り");
    }
    if (action == "token") {
      sub->add_option("--name", user_options.name, "トークンの用途");
      sub->add_option("--days", user_options.days, "有効期間の日数 (1〜365、既定 90)");
    }
    if (action == "update") {
      sub->add_option("--name", user_options.name, "表示名");
      sub->add_option("--role", user_options.role, "administrator, coordinator, editor, viewer");
      sub->add_option("--sections", user_options.sections, "担当課。カンマ区切り");
      sub->add_option("--year", user_options.year, "担当課をこの年度だけのものにする (人事異動)")
          ->check(CLI::Range(1900, 2999));
    }
    if (action == "revoke-token") {
      sub->add_option("ID", user_options.argument, "tokens が示す ID (先頭だけでもよい)")
          ->required();
    }
  }

  CLI11_PARSE(app, argc, argv);
  auto loaded = LoadSettings(config_path, [](const char* name) {
    return std::getenv(name);  // NOLINT(concurrency-mt-unsafe): before any thread starts
  });
  if (!loaded) return Fail(loaded.error());
  Settings& settings = *loaded;
  if (!database.empty()) settings.db = database;
  if (!listen.empty()) {
    if (auto parsed = ParseListen(listen); !parsed) return Fail(parsed.error());
    settings.listen = listen;
  }
  if (threads) settings.threads = *threads;
  if (behind_tls_proxy) settings.behind_tls_proxy = true;
  if (!trusted_proxies.empty()) settings.trusted_proxies = trusted_proxies;
  if (*check_config) return RunCheckConfig(config_path, settings);
  const Place place{settings.db, municipality};
  if (*import) {
    if (replace_reports) import_options.reports = torikumi::store::ReportsOnImport::kReplace;
    return RunImport(import_file, place, import_options, publish_on, quiet);
  }
  if (*export_command) {
    return RunExport(place, export_year, format, encoding, export_initiative, output, quiet);
  }
  if (*serve) return RunServe(settings);
  if (*notify) return RunNotify(settings, notify_now);
  if (*user) return RunUser(user_action, place, user_options);
  if (*municipality_command) {
    return RunMunicipality(municipality_action, place, municipality_code, municipality_name);
  }
  if (*backup) {
    if (scheduled_backup) return RunScheduledBackup(settings);
    if (backup_file.empty()) {
      return Fail(Error::InvalidInput("バックアップファイルか --scheduled を指定してください"));
    }
    return RunBackup(settings.db, backup_file, quiet);
  }
  if (*audit) return RunAuditVerify(place);
  if (*restore) return RunRestore(restore_file, settings.db);
  return 0;
}

}  // namespace
}  // namespace torikumi::cli

int main(int argc, char** argv) {
  // A write past the file-size limit (ulimit -f, a quota) fails with EFBIG, told as a full
  // disk, rather than killing the process mid-transaction.
  (void)std::signal(SIGXFSZ, SIG_IGN);
  // What the commands do not catch (memory exhausted, a library's exception) ends the
  // program with a message rather than std::terminate's abort.
  try {
    return torikumi::cli::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "torikumi: " << e.what() << "\n";
    return 1;
  }
}
