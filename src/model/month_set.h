#ifndef TORIKUMI_MODEL_MONTH_SET_H_
#define TORIKUMI_MODEL_MONTH_SET_H_

#include <cstdint>
#include <string>
#include <vector>

namespace torikumi::model {

// A set of months of one fiscal year (April to March). Months are calendar numbers 1..12;
// iteration and listing follow the fiscal order 4, 5, …, 12, 1, 2, 3.
class MonthSet {
 public:
  MonthSet() = default;

  static MonthSet Of(std::initializer_list<int> months);
  // The months from `first` to `last` inclusive, in fiscal order: (11, 3) is 11,12,1,2,3.
  // REQUIRES: both in 1..12
  static MonthSet Range(int first, int last);
  static MonthSet WholeYear() { return FromBits(kAllBits); }
  // The set with fiscal-order bit i (0 = April) set; used by storage.
  static MonthSet FromBits(std::uint16_t bits) { return MonthSet(bits & kAllBits); }

  // REQUIRES: month in 1..12
  void Add(int month) { bits_ |= Bit(month); }
  void Add(MonthSet other) { bits_ |= other.bits_; }
  bool Contains(int month) const { return (bits_ & Bit(month)) != 0; }
  bool empty() const { return bits_ == 0; }
  std::uint16_t bits() const { return bits_; }

  // Calendar month numbers in fiscal order.
  std::vector<int> Months() const;

  // The set as a Japanese sheet writes it: 4月, 4月～6月, 11月～3月, 7月、9月. Runs of
  // consecutive months become ranges, separate runs are joined by 、; empty gives "".
  std::string ToJapanese() const;

  // Position of a calendar month in the fiscal year: April 0 … March 11.
  static int FiscalIndex(int month) { return (month + 8) % 12; }
  static int MonthAt(int fiscal_index) { return (fiscal_index + 3) % 12 + 1; }

  friend bool operator==(MonthSet, MonthSet) = default;

 private:
  static constexpr std::uint16_t kAllBits = 0x0fff;
  explicit MonthSet(std::uint16_t bits) : bits_(bits) {}
  static std::uint16_t Bit(int month) { return std::uint16_t(1u << FiscalIndex(month)); }

  std::uint16_t bits_ = 0;
};

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_MONTH_SET_H_
