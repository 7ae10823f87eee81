#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <ostream>

namespace torikumi::cli {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
// Before this much of a step has passed, its rate says too little to foretell the rest.
constexpr auto kForetellAfter = std::chrono::milliseconds(500);
constexpr auto kQuarterLinesAfter = std::chrono::seconds(1);

// 20000 → "20,000".
std::string Grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int at = int(digits.size()) - 3; at > 0; at -= 3) digits.insert(std::size_t(at), ",");
  return digits;
}

// 75 s → "1:15".
std::string MinutesAndSeconds(std::chrono::seconds s) {
  const auto minutes = s.count() / 60;
  const auto seconds = s.count() % 60;
  return std::to_string(minutes) + (seconds < 10 ? ":0" : ":") + std::to_string(seconds);
}

}  // namespace

ProgressBar::Style ProgressBar::StyleFor(bool quiet) {
  if (quiet) return Style::kSilent;
  return ::isatty(STDERR_FILENO) ? Style::kBar : Style::kLines;
}

ProgressBar::ProgressBar(Style style, std::ostream& out) : style_(style), out_(out) {}

ProgressBar::~ProgressBar() { Finish(); }

model::ProgressReport ProgressBar::Report() {
  if (style_ == Style::kSilent) return {};
  return [this](const model::Progress& progress) { Show(progress); };
}

void ProgressBar::Finish() {
  if (on_line_) out_ << '\n' << std::flush;
  on_line_ = false;
}

void ProgressBar::Show(const model::Progress& progress) {
  const Clock::time_point now = Clock::now();
  const bool new_step = progress.step != step_;
  if (new_step) {
    step_ = progress.step;
    step_began_ = now;
    quarter_ = -1;
  }
  if (style_ == Style::kLines) {
    WriteLine(progress, now);
    return;
  }
  const bool last = progress.total > 0 && progress.done >= progress.total;
  if (!new_step && !last && now - drawn_at_ < kRedrawEvery) return;
  drawn_at_ = now;
  DrawBar(progress, now);
}

void ProgressBar::DrawBar(const model::Progress& progress, Clock::time_point now) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - step_began_);
  std::string line = "\r\x1b[K" + step_ + " ";
  if (progress.total == 0) {
    // A step that cannot tell how long it takes: a turning mark and the time so far.
    static constexpr char kTurns[] = {'|', '/', '-', '\\'};
    const auto tenths =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - step_began_) / kRedrawEvery;
    line += std::string(1, kTurns[tenths % 4]) + "  経過 " + MinutesAndSeconds(elapsed);
  } else {
    const std::uint64_t done = std::min(progress.done, progress.total);
    const int filled = int(done * kBarWidth / progress.total);
    line +=
        "[" + std::string(std::size_t(filled), '=') +
        (filled < kBarWidth ? ">" + std::string(std::size_t(kBarWidth - filled - 1), ' ') : "") +
        "] " + std::to_string(done * 100 / progress.total) + "%  " + Grouped(done) + " / " +
        Grouped(progress.total) + " " + std::string(progress.unit);
    if (done > 0 && done < progress.total && now - step_began_ >= kForetellAfter) {
      const auto left = (now - step_began_) * double(progress.total - done) / double(done);
      line += "  残り " + MinutesAndSeconds(std::chrono::duration_cast<std::chrono::seconds>(left));
    }
  }
  out_ << line << std::flush;
  on_line_ = true;
}

void ProgressBar::WriteLine(const model::Progress& progress, Clock::time_point now) {
  if (progress.total == 0) {
    if (quarter_ < 0) out_ << step_ << "…\n" << std::flush;
    quarter_ = 0;
    return;
  }
  // A quick step is told once, done; a long one at each quarter.
  const std::uint64_t done = std::min(progress.done, progress.total);
  const int quarter = int(done * 4 / progress.total);
  if (quarter <= quarter_) return;
  if (done < progress.total && now - step_began_ < kQuarterLinesAfter) return;
  quarter_ = quarter;
  out_ << step_ << ": " << Grouped(done) << " / " << Grouped(progress.total) << " " << progress.unit
       << " (" << done * 100 / progress.total << "%)\n"
       << std::flush;
}

}  // namespace torikumi::cli
