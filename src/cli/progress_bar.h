#ifndef TORIKUMI_CLI_PROGRESS_BAR_H_
#define TORIKUMI_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "model/progress.h"

namespace torikumi::cli {

// Shows the progress of an import, an export or a backup on standard error: on a terminal,
// one line redrawn in place with a bar, the counts and the time left; elsewhere (a log, a
// pipe, a systemd journal) a plain line as each step begins and at each quarter of it;
// nothing when asked to be quiet. Standard output keeps only the result.
class ProgressBar {
 public:
  enum class Style { kBar, kLines, kSilent };
  // kBar when standard error is a terminal, kLines otherwise; kSilent with `quiet`.
  static Style StyleFor(bool quiet);

  ProgressBar(Style style, std::ostream& out);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // A report that draws on this bar, for as long as the bar lives.
  model::ProgressReport Report();
  // Ends the bar's line, so that what is printed next starts on its own.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  void Show(const model::Progress& progress);
  void DrawBar(const model::Progress& progress, Clock::time_point now);
  void WriteLine(const model::Progress& progress, Clock::time_point now);

  Style style_;
  std::ostream& out_;
  std::string step_;
  Clock::time_point step_began_;
  Clock::time_point drawn_at_;
  int quarter_ = -1;      // of the step last written as a line
  bool on_line_ = false;  // the bar's line is drawn and not yet ended
};

}  // namespace torikumi::cli

#endif  // TORIKUMI_CLI_PROGRESS_BAR_H_
