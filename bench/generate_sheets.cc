// Writes process sheets for benchmarks, deterministically: the same arguments give the same
// bytes on every machine. Text is drawn from a real sheet's vocabulary (its sections,
// goals, policies, projects, titles, and the sentences of its overviews, plans and
// progress) and written in the notations real sheets vary in (～ 〜 ~ から, : and ：).
//
//   torikumi-generate-sheets --vocabulary SEED.tsv --municipalities N --initiatives M
//                            --output DIR [--figures]
// writes DIR/CODE.tsv for N municipalities (全国地方公共団体コード, Kawanishi's 282171 first);
// with --figures, DIR/CODE.json instead, each initiative with three indicators (a count to
// raise, a waiting time to lower, a monthly tally) reported for its reported months, and
// the 全体達成率 stated with each of them.

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "model/indicator.h"
#include "sheet/json.h"
#include "sheet/process_sheet.h"

namespace torikumi::bench {
namespace {

// splitmix64: small, fast, and the same everywhere, unlike std's distributions.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return int(Next() % std::uint64_t(n)); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[std::size_t(Below(int(items.size())))];
  }

 private:
  std::uint64_t state_;
};

struct Vocabulary {
  std::vector<std::pair<std::string, std::string>> sections;  // (department, section)
  std::vector<model::NumberedTitle> goals;
  std::vector<model::NumberedTitle> policies;
  std::vector<std::string> projects;
  std::vector<std::string> titles;
  std::vector<std::string> sentences;
  std::vector<std::string> ratings;
};

// Sentences of `text`, each ending in 。 (or the text's end).
void AddSentences(const std::string& text, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("。", start);
    end = end == std::string::npos ? text.size() : end + 3;
    std::string sentence = text.substr(start, end - start);
    for (std::size_t nl; (nl = sentence.find('\n')) != std::string::npos;) sentence[nl] = ' ';
    if (sentence.size() > 6) out.push_back(sentence);
    start = end;
  }
}

Vocabulary Learn(const model::Sheet& seed) {
  Vocabulary v;
  std::set<std::string> seen;
  for (const model::Initiative& i : seed.initiatives) {
    v.sections.emplace_back(i.department, i.section);
    for (const std::string& name : i.co_owners) v.sections.emplace_back(i.department, name);
    v.goals.push_back(i.goal);
    v.policies.push_back(i.policy);
    v.projects.push_back(i.project);
    v.projects.push_back(i.subproject);
    v.titles.push_back(i.title);
    AddSentences(i.overview, v.sentences);
    for (const auto& e : i.plan) AddSentences(e.text, v.sentences);
    for (const auto& e : i.progress) AddSentences(e.text, v.sentences);
    for (const auto& g : i.period_goals) AddSentences(g.text, v.sentences);
  }
  v.ratings = {"↗", "→", "→", "→", "↘", ""};
  return v;
}

std::string Sentences(Random& random, const Vocabulary& v, int count) {
  std::string text;
  for (int k = 0; k < count; ++k) text += random.Pick(v.sentences);
  return text;
}

model::Initiative Generate(Random& random, const Vocabulary& v, int no) {
  model::Initiative i;
  i.no = no;
  const auto& [department, section] = random.Pick(v.sections);
  i.department = department;
  i.section = section;
  i.goal = random.Pick(v.goals);
  i.policy = random.Pick(v.policies);
  i.project = random.Pick(v.projects);
  i.subproject = random.Pick(v.projects);
  i.title = random.Pick(v.titles) + "（" + std::to_string(no) + "）";
  i.overview = Sentences(random, v, 1 + random.Below(2));
  i.period_goals = {
      {model::MonthSet::Range(4, 9), double(30 + 10 * random.Below(5)), Sentences(random, v, 1)},
      {model::MonthSet::Range(10, 3), 100, Sentences(random, v, 1)}};
  for (int month_index = 0; month_index < 12; month_index += 1 + random.Below(3)) {
    const int first = model::MonthSet::MonthAt(month_index);
    const int last = model::MonthSet::MonthAt(std::min(11, month_index + random.Below(3)));
    i.plan.push_back({model::MonthSet::Range(first, last), Sentences(random, v, 1)});
  }
  const int reported = 3 + random.Below(10);
  for (int month_index = 0; month_index < reported; ++month_index) {
    if (random.Below(4) == 0) continue;
    const int month = model::MonthSet::MonthAt(month_index);
    i.progress.push_back(
        {model::MonthSet::Range(month, month), Sentences(random, v, 1 + random.Below(2))});
  }
  i.rating = random.Pick(v.ratings);
  if (random.Below(3) == 0) i.co_owners.push_back(random.Pick(v.sections).second);
  return i;
}

// Three indicators and the stated rates, reported for the first `reported` months, some on
// their path and some behind it.
void AddFigures(Random& random, model::Initiative& i) {
  using model::Direction;
  using model::IndicatorKind;
  const int reported = 3 + random.Below(7);
  const double pace = 0.6 + 0.1 * random.Below(7);  // of the path's pace
  model::Indicator count{"参加者数",
                         "人",
                         Direction::kHigher,
                         IndicatorKind::kCumulative,
                         100,
                         2023,
                         double(400 + 50 * random.Below(10)),
                         {},
                         2000,
                         2030,
                         {}};
  count.milestones.push_back({9, (*count.baseline + *count.target) / 2});
  model::Indicator waiting{"待ち日数",
                           "日",
                           Direction::kLower,
                           IndicatorKind::kCumulative,
                           double(20 + random.Below(10)),
                           2024,
                           7,
                           {},
                           3,
                           2030,
                           {}};
  model::Indicator tally{"相談件数",
                         "件",
                         Direction::kHigher,
                         IndicatorKind::kMonthly,
                         std::nullopt,
                         0,
                         double(1200 + 100 * random.Below(6)),
                         {},
                         std::nullopt,
                         0,
                         {}};
  for (int index = 0; index < reported; ++index) {
    const int month = model::MonthSet::MonthAt(index);
    const double share = pace * (index + 1) / 12.0;
    count.actuals.push_back(
        {month, std::round(*count.baseline + (*count.target - *count.baseline) * share), ""});
    waiting.actuals.push_back(
        {month, std::round((*waiting.baseline - (*waiting.baseline - 7) * share) * 10) / 10, ""});
    tally.actuals.push_back({month, std::round(*tally.target / 12 * pace), "窓口と電話"});
    const std::size_t goal = index < 6 ? 0 : 1;
    const double target = *i.period_goals[goal].target_rate;
    i.achievements.push_back({month, std::round(target * pace * (index % 6 + 1) / 6)});
  }
  i.indicators = {std::move(count), std::move(waiting), std::move(tally)};
}

// Rewrites the month ranges and colons as different cities write them.
std::string VaryNotation(Random& random, std::string text) {
  static const std::vector<std::string> kRanges{"～", "〜", "~", "から"};
  static const std::vector<std::string> kColons{":", "："};
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size();) {
    if (text.compare(k, 3, "～") == 0) {
      out += random.Pick(kRanges);
      k += 3;
    } else if (text.compare(k, 4, "月:") == 0) {
      out += "月" + random.Pick(kColons);
      k += 4;
    } else {
      out += text[k++];
    }
  }
  return out;
}

int CheckDigit(int five_digits) {
  const int weights[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int k = 4; k >= 0; --k, five_digits /= 10) sum += (five_digits % 10) * weights[k];
  return (11 - sum % 11) % 10;
}

// Kawanishi (28217), then codes spread over the 47 prefectures.
std::vector<int> MunicipalityCodes(int count) {
  std::vector<int> codes;
  std::set<int> used;
  for (int k = 0; int(codes.size()) < count; ++k) {
    const int five = k == 0 ? 28217 : (1 + (k - 1) % 47) * 1000 + 200 + (k - 1) / 47;
    if (!used.insert(five).second) continue;
    codes.push_back(five * 10 + CheckDigit(five));
  }
  return codes;
}

}  // namespace
}  // namespace torikumi::bench

int main(int argc, char** argv) {
  using namespace torikumi;
  CLI::App app{"ベンチマーク用の取組実施プロセスシートを生成する"};
  std::string vocabulary_file;
  int municipalities = 1;
  int initiatives = 300;
  int year = 2025;
  std::string output;
  bool figures = false;
  app.add_option("--vocabulary", vocabulary_file, "語彙を採る実際のシート (TSV)")->required();
  app.add_option("--municipalities", municipalities, "自治体の数")->check(CLI::Range(1, 2000));
  app.add_option("--initiatives", initiatives, "自治体ごとの取組の数")
      ->check(CLI::Range(1, 100000));
  app.add_option("--year", year, "年度 (西暦)");
  app.add_option("--output", output, "出力先ディレクトリ")->required();
  app.add_flag("--figures", figures, "指標と達成率も付けて JSON で書く");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(vocabulary_file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto seed = sheet::ReadProcessSheet(bytes.str(), {});
  if (!seed.ok()) {
    std::cerr << seed.error().ToString() << '\n';
    return 2;
  }
  const bench::Vocabulary vocabulary = bench::Learn(seed->sheet);
  std::filesystem::create_directories(output);
  for (int code : bench::MunicipalityCodes(municipalities)) {
    bench::Random random(std::uint64_t(code) * 1000003u + std::uint64_t(year));
    model::Sheet sheet;
    sheet.fiscal_year = year;
    for (int no = 1; no <= initiatives; ++no) {
      sheet.initiatives.push_back(bench::Generate(random, vocabulary, no));
      if (figures) bench::AddFigures(random, sheet.initiatives.back());
    }
    char name[16];
    // 北海道's codes start with 0.
    std::snprintf(name, sizeof name, figures ? "%06d.json" : "%06d.tsv", code);
    std::ofstream file(std::filesystem::path(output) / name, std::ios::binary);
    if (figures) {
      file << sheet::WriteSheetJson(sheet);
    } else {
      file << bench::VaryNotation(random, sheet::WriteProcessSheet(sheet, {}).bytes);
    }
  }
  return 0;
}
