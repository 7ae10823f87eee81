#include "sheet/json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "model/review.h"
#include "sheet/json_document.h"
#include "text/entries.h"
#include "text/number.h"
#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

using model::Entry;
using model::Initiative;
using model::MonthSet;
using model::PeriodGoal;

// A pretty-printer with a fixed layout: every object member and array element on a line of
// its own, indented one space per level; [] and {} when empty.
class JsonWriter {
 public:
  std::string Take() { return std::move(out_); }
  // Hands what is written so far to `output` once there is at least `at_least` of it.
  Result<void> HandOn(const Output& output, std::size_t at_least) {
    if (out_.size() < at_least) return {};
    TORIKUMI_RETURN_IF_ERROR(output(out_));
    out_.clear();
    return {};
  }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view key) {
    Separate();
    Quoted(key);
    out_ += ": ";
    after_key_ = true;
  }
  void String(std::string_view s) {
    Value();
    Quoted(s);
  }
  void Number(double n) {
    Value();
    out_ += text::FormatNumber(n);
  }
  void Null() {
    Value();
    out_ += "null";
  }

 private:
  void Quoted(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        default:
          if (c < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 15];
          } else {
            out_ += static_cast<char>(c);
          }
      }
    }
    out_ += '"';
  }

  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Separate();
  }
  void Separate() {
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
      out_ += '\n';
      out_.append(first_.size(), ' ');
    }
  }
  void Open(char bracket) {
    Value();
    out_ += bracket;
    first_.push_back(true);
  }
  void Close(char bracket) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) {
      out_ += '\n';
      out_.append(first_.size(), ' ');
    }
    out_ += bracket;
    if (first_.empty()) out_ += '\n';
  }

  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

void WriteMonths(JsonWriter& w, MonthSet months) {
  w.BeginArray();
  for (int m : months.Months()) w.Number(m);
  w.EndArray();
}

template <typename Number>
void WriteNumberOrNull(JsonWriter& w, const std::optional<Number>& number) {
  if (number) {
    w.Number(*number);
  } else {
    w.Null();
  }
}

void WriteNumberedTitle(JsonWriter& w, const model::NumberedTitle& t) {
  w.BeginObject();
  w.Key("number");
  WriteNumberOrNull(w, t.number);
  w.Key("title");
  w.String(t.title);
  w.EndObject();
}

void WriteEntries(JsonWriter& w, const std::vector<Entry>& entries) {
  w.BeginArray();
  for (const Entry& e : entries) {
    w.BeginObject();
    w.Key("months");
    WriteMonths(w, e.months);
    w.Key("text");
    w.String(e.text);
    w.EndObject();
  }
  w.EndArray();
}

// A value with the fiscal year it belongs to; null when the value is unknown.
void WriteYearValue(JsonWriter& w, const std::optional<double>& value, int year) {
  if (!value) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("value");
  w.Number(*value);
  w.Key("fiscal_year");
  WriteNumberOrNull(w, year ? std::optional(year) : std::nullopt);
  w.EndObject();
}

void WriteIndicator(JsonWriter& w, const model::Indicator& x) {
  w.BeginObject();
  w.Key("name");
  w.String(x.name);
  w.Key("unit");
  w.String(x.unit);
  w.Key("direction");
  w.String(model::DirectionName(x.direction));
  w.Key("kind");
  w.String(model::IndicatorKindName(x.kind));
  w.Key("baseline");
  WriteYearValue(w, x.baseline, x.baseline_year);
  w.Key("target");
  WriteNumberOrNull(w, x.target);
  w.Key("milestones");
  w.BeginArray();
  for (const model::Milestone& m : x.milestones) {
    w.BeginObject();
    w.Key("month");
    w.Number(m.month);
    w.Key("value");
    w.Number(m.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("final_target");
  WriteYearValue(w, x.final_target, x.final_year);
  w.Key("actuals");
  w.BeginArray();
  for (const model::Actual& a : x.actuals) {
    w.BeginObject();
    w.Key("month");
    w.Number(a.month);
    w.Key("value");
    w.Number(a.value);
    w.Key("note");
    w.String(a.note);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteInitiative(JsonWriter& w, const Initiative& i) {
  w.BeginObject();
  w.Key("no");
  w.Number(i.no);
  w.Key("department");
  w.String(i.department);
  w.Key("section");
  w.String(i.section);
  w.Key("goal");
  WriteNumberedTitle(w, i.goal);
  w.Key("policy");
  WriteNumberedTitle(w, i.policy);
  w.Key("project");
  w.String(i.project);
  w.Key("subproject");
  w.String(i.subproject);
  w.Key("title");
  w.String(i.title);
  w.Key("overview");
  w.String(i.overview);
  w.Key("period_goals");
  w.BeginArray();
  for (const PeriodGoal& g : i.period_goals) {
    w.BeginObject();
    w.Key("months");
    WriteMonths(w, g.months);
    w.Key("target_rate");
    WriteNumberOrNull(w, g.target_rate);
    w.Key("text");
    w.String(g.text);
    w.EndObject();
  }
  w.EndArray();
  w.Key("plan");
  WriteEntries(w, i.plan);
  w.Key("rating");
  w.String(i.rating);
  w.Key("progress");
  WriteEntries(w, i.progress);
  w.Key("co_owners");
  w.BeginArray();
  for (const std::string& name : i.co_owners) w.String(name);
  w.EndArray();
  if (!i.notes.empty()) {  // a sheet without notes keeps the shape DESIGN.md fixes
    w.Key("notes");
    w.BeginArray();
    for (const model::Note& n : i.notes) {
      w.BeginObject();
      w.Key("section");
      w.String(n.section);
      w.Key("month");
      w.Number(n.month);
      w.Key("text");
      w.String(n.text);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!i.achievements.empty()) {  // absent, as the indicators, where the sheet has none
    w.Key("achievements");
    w.BeginArray();
    for (const model::Achievement& a : i.achievements) {
      w.BeginObject();
      w.Key("month");
      w.Number(a.month);
      w.Key("rate");
      w.Number(a.rate);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!i.indicators.empty()) {
    w.Key("indicators");
    w.BeginArray();
    for (const model::Indicator& x : i.indicators) WriteIndicator(w, x);
    w.EndArray();
  }
  if (i.ending) {  // absent while the initiative goes on
    w.Key("ending");
    w.BeginObject();
    w.Key("kind");
    w.String(model::EndingKindName(i.ending->kind));
    w.Key("reason");
    w.String(i.ending->reason);
    w.EndObject();
  }
  w.EndObject();
}

// Reading: each accessor names the JSON path of a value of the wrong type.

constexpr double kMaxNo = 1'000'000;
constexpr double kMaxTitleNumber = 9999;
Error WrongType(const std::string& path, const char* expected) {
  return Error::InvalidInput("JSON の " + path + " は" + expected + "でなければなりません");
}

Result<std::string> GetString(const boost::json::object& o, std::string_view key,
                              const std::string& path) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return WrongType(path + "." + std::string(key), "文字列");
  return std::string(v->get_string());
}

Result<std::optional<double>> GetNumber(const boost::json::value* v, const std::string& path) {
  if (!v || v->is_null()) return std::optional<double>();
  if (v->is_int64()) return std::optional<double>(double(v->get_int64()));
  if (v->is_uint64()) return std::optional<double>(double(v->get_uint64()));
  if (v->is_double()) return std::optional<double>(v->get_double());
  return WrongType(path, "数値");
}

Result<const boost::json::array*> GetArray(const boost::json::object& o, std::string_view key,
                                           const std::string& path) {
  static const boost::json::array kEmpty;
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return &kEmpty;
  if (!v->is_array()) return WrongType(path + "." + std::string(key), "配列");
  return &v->get_array();
}

// A calendar month, 1 to 12.
Result<int> GetMonth(const boost::json::value* value, const std::string& path) {
  auto month = GetNumber(value, path);
  if (!month) return month.error();
  if (!*month || **month != std::floor(**month) || **month < 1 || **month > 12) {
    return WrongType(path, "1 から 12 の月");
  }
  return int(**month);
}

Result<MonthSet> GetMonths(const boost::json::object& o, const std::string& path) {
  auto array = GetArray(o, "months", path);
  if (!array) return array.error();
  MonthSet months;
  for (std::size_t k = 0; k < (*array)->size(); ++k) {
    const std::string item_path = path + ".months[" + std::to_string(k) + "]";
    auto month = GetMonth(&(**array)[k], item_path);
    if (!month) return month.error();
    months.Add(*month);
  }
  return months;
}

Result<model::NumberedTitle> GetNumberedTitle(const boost::json::object& o, std::string_view key,
                                              const std::string& path) {
  const std::string field_path = path + "." + std::string(key);
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return model::NumberedTitle{};
  if (!v->is_object()) return WrongType(field_path, "オブジェクト");
  auto number = GetNumber(v->get_object().if_contains("number"), field_path + ".number");
  if (!number) return number.error();
  auto title = GetString(v->get_object(), "title", field_path);
  if (!title) return title.error();
  if (*number && (**number < 0 || **number > kMaxTitleNumber || **number != std::floor(**number))) {
    return WrongType(field_path + ".number", "0 から 9999 の整数か null");
  }
  model::NumberedTitle result{std::nullopt, std::move(*title)};
  if (*number) result.number = int(**number);
  return result;
}

Result<std::vector<Entry>> GetEntries(const boost::json::object& o, std::string_view key,
                                      const std::string& path) {
  auto array = GetArray(o, key, path);
  if (!array) return array.error();
  std::vector<Entry> entries;
  for (std::size_t k = 0; k < (*array)->size(); ++k) {
    const std::string item_path = path + "." + std::string(key) + "[" + std::to_string(k) + "]";
    const boost::json::value& item = (**array)[k];
    if (!item.is_object()) return WrongType(item_path, "オブジェクト");
    auto months = GetMonths(item.get_object(), item_path);
    if (!months) return months.error();
    auto text = GetString(item.get_object(), "text", item_path);
    if (!text) return text.error();
    entries.push_back({*months, std::move(*text)});
  }
  return entries;
}

// An object member as an object; nullptr when absent or null.
Result<const boost::json::object*> GetObject(const boost::json::object& o, std::string_view key,
                                             const std::string& path) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) return WrongType(path + "." + std::string(key), "オブジェクト");
  return &v->get_object();
}

// A figure: a finite number of the size people count in.
Result<std::optional<double>> GetFigure(const boost::json::object& o, std::string_view key,
                                        const std::string& path) {
  const std::string field_path = path + "." + std::string(key);
  TORIKUMI_ASSIGN_OR_RETURN(auto number, GetNumber(o.if_contains(key), field_path));
  if (number && !(std::fabs(*number) < 1e14)) return WrongType(field_path, "100兆未満の数");
  return number;
}

Result<int> GetFiscalYear(const boost::json::object& o, const std::string& path) {
  TORIKUMI_ASSIGN_OR_RETURN(auto year,
                            GetNumber(o.if_contains("fiscal_year"), path + ".fiscal_year"));
  if (!year) return 0;
  if (*year < 1900 || *year > 2999 || *year != std::floor(*year)) {
    return WrongType(path + ".fiscal_year", "西暦の年か null");
  }
  return int(*year);
}

// A value with its fiscal year ({"value": 120, "fiscal_year": 2023}, or null).
Result<void> GetYearValue(const boost::json::object& o, std::string_view key,
                          const std::string& path, std::optional<double>& value, int& year) {
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::object* item, GetObject(o, key, path));
  if (!item) return {};
  const std::string item_path = path + "." + std::string(key);
  TORIKUMI_ASSIGN_OR_RETURN(value, GetFigure(*item, "value", item_path));
  if (!value) return WrongType(item_path + ".value", "数");
  TORIKUMI_ASSIGN_OR_RETURN(year, GetFiscalYear(*item, item_path));
  return {};
}

Result<model::Indicator> GetIndicator(const boost::json::value& value, const std::string& path) {
  if (!value.is_object()) return WrongType(path, "オブジェクト");
  const boost::json::object& o = value.get_object();
  model::Indicator x;
  TORIKUMI_ASSIGN_OR_RETURN(x.name, GetString(o, "name", path));
  if (x.name.empty()) return WrongType(path + ".name", "空でない文字列");
  TORIKUMI_ASSIGN_OR_RETURN(x.unit, GetString(o, "unit", path));
  TORIKUMI_ASSIGN_OR_RETURN(const std::string direction, GetString(o, "direction", path));
  const auto named_direction = model::DirectionNamed(direction);
  if (!named_direction) return WrongType(path + ".direction", "\"増加\" か \"減少\"");
  x.direction = *named_direction;
  TORIKUMI_ASSIGN_OR_RETURN(const std::string kind, GetString(o, "kind", path));
  const auto named_kind = model::IndicatorKindNamed(kind);
  if (!named_kind) return WrongType(path + ".kind", "\"累計\" か \"単月\"");
  x.kind = *named_kind;
  TORIKUMI_RETURN_IF_ERROR(GetYearValue(o, "baseline", path, x.baseline, x.baseline_year));
  TORIKUMI_ASSIGN_OR_RETURN(x.target, GetFigure(o, "target", path));
  TORIKUMI_RETURN_IF_ERROR(GetYearValue(o, "final_target", path, x.final_target, x.final_year));
  // Milestones and actuals: one per month, kept in fiscal order.
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::array* milestones, GetArray(o, "milestones", path));
  for (std::size_t k = 0; k < milestones->size(); ++k) {
    const std::string item_path = path + ".milestones[" + std::to_string(k) + "]";
    if (!(*milestones)[k].is_object()) return WrongType(item_path, "オブジェクト");
    const boost::json::object& item = (*milestones)[k].get_object();
    TORIKUMI_ASSIGN_OR_RETURN(const int month,
                              GetMonth(item.if_contains("month"), item_path + ".month"));
    TORIKUMI_ASSIGN_OR_RETURN(const auto figure, GetFigure(item, "value", item_path));
    if (!figure) return WrongType(item_path + ".value", "数");
    if (std::any_of(x.milestones.begin(), x.milestones.end(),
                    [month](const model::Milestone& m) { return m.month == month; })) {
      return Error::InvalidInput("JSON の " + item_path + " は同じ月の二つ目の目標です");
    }
    x.milestones.push_back({month, *figure});
  }
  std::stable_sort(x.milestones.begin(), x.milestones.end(), [](const auto& a, const auto& b) {
    return MonthSet::FiscalIndex(a.month) < MonthSet::FiscalIndex(b.month);
  });
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::array* actuals, GetArray(o, "actuals", path));
  for (std::size_t k = 0; k < actuals->size(); ++k) {
    const std::string item_path = path + ".actuals[" + std::to_string(k) + "]";
    if (!(*actuals)[k].is_object()) return WrongType(item_path, "オブジェクト");
    const boost::json::object& item = (*actuals)[k].get_object();
    TORIKUMI_ASSIGN_OR_RETURN(const int month,
                              GetMonth(item.if_contains("month"), item_path + ".month"));
    TORIKUMI_ASSIGN_OR_RETURN(const auto figure, GetFigure(item, "value", item_path));
    if (!figure) return WrongType(item_path + ".value", "数");
    TORIKUMI_ASSIGN_OR_RETURN(std::string note, GetString(item, "note", item_path));
    if (model::ActualOf(x, month)) {
      return Error::InvalidInput("JSON の " + item_path + " は同じ月の二つ目の実績です");
    }
    x.actuals = model::WithActual(std::move(x.actuals), month,
                                  model::Actual{month, *figure, std::move(note)});
  }
  return x;
}

Result<Initiative> GetInitiative(const boost::json::value& value, const std::string& path) {
  if (!value.is_object()) return WrongType(path, "オブジェクト");
  const boost::json::object& o = value.get_object();
  Initiative i;
  auto no = GetNumber(o.if_contains("no"), path + ".no");
  if (!no) return no.error();
  if (!*no || **no < 1 || **no > kMaxNo || **no != std::floor(**no)) {
    return WrongType(path + ".no", "1 から 1000000 の整数");
  }
  i.no = int(**no);
  struct StringField {
    std::string_view key;
    std::string* target;
  };
  for (auto [key, target] :
       {StringField{"department", &i.department}, StringField{"section", &i.section},
        StringField{"project", &i.project}, StringField{"subproject", &i.subproject},
        StringField{"title", &i.title}, StringField{"overview", &i.overview},
        StringField{"rating", &i.rating}}) {
    auto s = GetString(o, key, path);
    if (!s) return s.error();
    *target = std::move(*s);
  }
  TORIKUMI_ASSIGN_OR_RETURN(i.goal, GetNumberedTitle(o, "goal", path));
  TORIKUMI_ASSIGN_OR_RETURN(i.policy, GetNumberedTitle(o, "policy", path));

  auto goals = GetArray(o, "period_goals", path);
  if (!goals) return goals.error();
  for (std::size_t k = 0; k < (*goals)->size(); ++k) {
    const std::string item_path = path + ".period_goals[" + std::to_string(k) + "]";
    const boost::json::value& item = (**goals)[k];
    if (!item.is_object()) return WrongType(item_path, "オブジェクト");
    auto months = GetMonths(item.get_object(), item_path);
    if (!months) return months.error();
    auto rate = GetNumber(item.get_object().if_contains("target_rate"), item_path + ".target_rate");
    if (!rate) return rate.error();
    if (*rate && !model::IsValidTargetRate(**rate)) {
      return WrongType(item_path + ".target_rate", "0 から 100 の数 (小数は 2 桁まで)");
    }
    auto text = GetString(item.get_object(), "text", item_path);
    if (!text) return text.error();
    i.period_goals.push_back({*months, *rate, std::move(*text)});
  }
  TORIKUMI_ASSIGN_OR_RETURN(i.plan, GetEntries(o, "plan", path));
  TORIKUMI_ASSIGN_OR_RETURN(i.progress, GetEntries(o, "progress", path));
  auto co_owners = GetArray(o, "co_owners", path);
  if (!co_owners) return co_owners.error();
  for (std::size_t k = 0; k < (*co_owners)->size(); ++k) {
    const boost::json::value& name = (**co_owners)[k];
    if (!name.is_string()) {
      return WrongType(path + ".co_owners[" + std::to_string(k) + "]", "文字列");
    }
    i.co_owners.emplace_back(name.get_string());
  }
  auto notes = GetArray(o, "notes", path);
  if (!notes) return notes.error();
  for (std::size_t k = 0; k < (*notes)->size(); ++k) {
    const std::string item_path = path + ".notes[" + std::to_string(k) + "]";
    const boost::json::value& item = (**notes)[k];
    if (!item.is_object()) return WrongType(item_path, "オブジェクト");
    auto section = GetString(item.get_object(), "section", item_path);
    if (!section) return section.error();
    if (std::find(i.co_owners.begin(), i.co_owners.end(), *section) == i.co_owners.end()) {
      return WrongType(item_path + ".section", "co_owners にある課の名前");
    }
    auto month = GetMonth(item.get_object().if_contains("month"), item_path + ".month");
    if (!month) return month.error();
    auto text = GetString(item.get_object(), "text", item_path);
    if (!text) return text.error();
    if (text->empty()) return WrongType(item_path + ".text", "空でない文字列");
    if (model::FindNote(i, *month, *section)) {
      return Error::InvalidInput("JSON の " + item_path + " は同じ課・同じ月の二つ目の追記です");
    }
    i.notes = model::WithNote(i, *month, *section, *text);
  }
  if (const boost::json::value* ending = o.if_contains("ending"); ending && !ending->is_null()) {
    const std::string ending_path = path + ".ending";
    if (!ending->is_object()) return WrongType(ending_path, "オブジェクト");
    auto kind = GetString(ending->get_object(), "kind", ending_path);
    if (!kind) return kind.error();
    const auto named = model::EndingKindNamed(*kind);
    if (!named) return WrongType(ending_path + ".kind", "\"終了\" か \"廃止\"");
    auto reason = GetString(ending->get_object(), "reason", ending_path);
    if (!reason) return reason.error();
    i.ending = model::Ending{*named, std::move(*reason)};
  }
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::array* achievements,
                            GetArray(o, "achievements", path));
  for (std::size_t k = 0; k < achievements->size(); ++k) {
    const std::string item_path = path + ".achievements[" + std::to_string(k) + "]";
    if (!(*achievements)[k].is_object()) return WrongType(item_path, "オブジェクト");
    const boost::json::object& item = (*achievements)[k].get_object();
    TORIKUMI_ASSIGN_OR_RETURN(const int month,
                              GetMonth(item.if_contains("month"), item_path + ".month"));
    TORIKUMI_ASSIGN_OR_RETURN(const auto rate,
                              GetNumber(item.if_contains("rate"), item_path + ".rate"));
    if (!rate || !model::IsValidTargetRate(*rate)) {
      return WrongType(item_path + ".rate", "0 から 100 の数 (小数は 2 桁まで)");
    }
    if (model::AchievementOf(i.achievements, month)) {
      return Error::InvalidInput("JSON の " + item_path + " は同じ月の二つ目の達成率です");
    }
    i.achievements = model::WithAchievement(std::move(i.achievements), month, rate);
  }
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::array* indicators, GetArray(o, "indicators", path));
  for (std::size_t k = 0; k < indicators->size(); ++k) {
    const std::string item_path = path + ".indicators[" + std::to_string(k) + "]";
    TORIKUMI_ASSIGN_OR_RETURN(model::Indicator x, GetIndicator((*indicators)[k], item_path));
    for (const model::Indicator& other : i.indicators) {
      if (other.name == x.name) {
        return Error::InvalidInput("JSON の " + item_path + ".name 「" + x.name +
                                   "」は同じ取組の二つ目の指標です");
      }
    }
    i.indicators.push_back(std::move(x));
  }
  if (i.title.empty()) return WrongType(path + ".title", "空でない文字列");
  return i;
}

}  // namespace

Result<void> WriteSheetJson(const model::Sheet& sheet, const Output& output) {
  JsonWriter w;
  w.BeginObject();
  w.Key("fiscal_year");
  w.Number(sheet.fiscal_year);
  if (!sheet.municipality.name.empty() || !sheet.municipality.code.empty()) {
    w.Key("municipality");
    w.BeginObject();
    w.Key("code");
    w.String(sheet.municipality.code);
    w.Key("name");
    w.String(sheet.municipality.name);
    w.EndObject();
  }
  w.Key("initiatives");
  w.BeginArray();
  for (const Initiative& i : sheet.initiatives) {
    WriteInitiative(w, i);
    TORIKUMI_RETURN_IF_ERROR(w.HandOn(output, kOutputPiece));
  }
  w.EndArray();
  w.EndObject();
  return w.HandOn(output, 0);
}

std::string WriteSheetJson(const model::Sheet& sheet) {
  std::string bytes;
  (void)WriteSheetJson(sheet, IntoString(bytes));  // a string takes every piece
  return bytes;
}

std::string WriteInitiativeJson(const model::Initiative& initiative) {
  JsonWriter w;
  WriteInitiative(w, initiative);
  return w.Take();
}

namespace {

Result<boost::json::value> Parse(std::string_view json) { return ParseJsonDocument(json); }

}  // namespace

Result<model::Initiative> ReadInitiativeJson(std::string_view json) {
  TORIKUMI_ASSIGN_OR_RETURN(auto root, Parse(json));
  return GetInitiative(root, "$");
}

Result<model::Sheet> ReadSheetJson(std::string_view json,
                                   const std::function<void(std::size_t bytes)>& done_with) {
  // The initiatives are read one at a time as the parser meets them: only one is held as a
  // JSON value beside the sheet read so far.
  model::Sheet sheet;
  std::set<int> seen;
  const StreamedArray initiatives{
      "initiatives",
      [&](boost::json::value item, std::size_t k) -> Result<void> {
        const std::string path = "$.initiatives[" + std::to_string(k) + "]";
        TORIKUMI_ASSIGN_OR_RETURN(Initiative initiative, GetInitiative(item, path));
        sheet.carries_figures = sheet.carries_figures ||
                                item.get_object().contains("achievements") ||
                                item.get_object().contains("indicators");
        if (!seen.insert(initiative.no).second) {
          return Error::InvalidInput("JSON の " + path + ".no " + std::to_string(initiative.no) +
                                     " が重複しています");
        }
        sheet.initiatives.push_back(std::move(initiative));
        return {};
      },
      done_with};
  TORIKUMI_ASSIGN_OR_RETURN(const boost::json::value root, ParseJsonDocument(json, initiatives));
  if (!root.is_object()) return WrongType("$", "オブジェクト");
  const boost::json::object& o = root.get_object();
  auto year = GetNumber(o.if_contains("fiscal_year"), "$.fiscal_year");
  if (!year) return year.error();
  if (!*year || **year < 1900 || **year > 2999) return WrongType("$.fiscal_year", "西暦の年");
  sheet.fiscal_year = int(**year);
  if (const boost::json::value* m = o.if_contains("municipality"); m && !m->is_null()) {
    if (!m->is_object()) return WrongType("$.municipality", "オブジェクト");
    TORIKUMI_ASSIGN_OR_RETURN(sheet.municipality.code,
                              GetString(m->get_object(), "code", "$.municipality"));
    TORIKUMI_ASSIGN_OR_RETURN(sheet.municipality.name,
                              GetString(m->get_object(), "name", "$.municipality"));
  }
  // Streamed, the array is left empty; any other value in its place is refused here.
  TORIKUMI_RETURN_IF_ERROR(GetArray(o, "initiatives", "$"));
  std::sort(sheet.initiatives.begin(), sheet.initiatives.end(),
            [](const Initiative& a, const Initiative& b) { return a.no < b.no; });
  return sheet;
}

}  // namespace torikumi::sheet
