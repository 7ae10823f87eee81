#include "model/month_set.h"

#include <cassert>

namespace torikumi::model {

MonthSet MonthSet::Of(std::initializer_list<int> months) {
  MonthSet set;
  for (int m : months) set.Add(m);
  return set;
}

MonthSet MonthSet::Range(int first, int last) {
  assert(first >= 1 && first <= 12 && last >= 1 && last <= 12);
  MonthSet set;
  for (int i = FiscalIndex(first);; i = (i + 1) % 12) {
    set.Add(MonthAt(i));
    if (i == FiscalIndex(last)) break;
  }
  return set;
}

std::vector<int> MonthSet::Months() const {
  std::vector<int> months;
  for (int i = 0; i < 12; ++i) {
    if (bits_ & (1u << i)) months.push_back(MonthAt(i));
  }
  return months;
}

std::string MonthSet::ToJapanese() const {
  std::string out;
  int i = 0;
  while (i < 12) {
    if (!(bits_ & (1u << i))) {
      ++i;
      continue;
    }
    int run_end = i;
    while (run_end + 1 < 12 && (bits_ & (1u << (run_end + 1)))) ++run_end;
    if (!out.empty()) out += "、";
    out += std::to_string(MonthAt(i)) + "月";
    if (run_end > i) out += "～" + std::to_string(MonthAt(run_end)) + "月";
    i = run_end + 1;
  }
  return out;
}

}  // namespace torikumi::model
