#ifndef TORIKUMI_MODEL_PROGRESS_H_
#define TORIKUMI_MODEL_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <string_view>

namespace torikumi::model {

// How far long work (an import, an export, a backup) has come: `done` of `total` `unit`s of
// its current step, or, with `total` 0, a step that cannot tell how long it takes. Steps are
// named for the person waiting: "書き込み", "割り付け".
struct Progress {
  std::string_view step;
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::string_view unit;
};

// Told of progress from the working thread, as often as the work likes; an empty one is
// never called. The command line draws it as a bar.
using ProgressReport = std::function<void(const Progress&)>;

inline void Report(const ProgressReport& report, const Progress& progress) {
  if (report) report(progress);
}

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_PROGRESS_H_
