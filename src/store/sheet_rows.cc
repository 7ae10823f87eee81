#include "store/sheet_rows.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <span>
#include <unordered_map>

#include "model/review.h"
#include "text/entries.h"
#include "text/search.h"

namespace torikumi::store::rows {
namespace {

using sql::Connection;
using sql::Statement;

using model::Entry;
using model::Initiative;
using model::MonthSet;

// The queries below pick the sheet's initiatives, or the one numbered ?2, by this condition,
// which ForInitiatives writes out as "i.no = ?2" for one: the planner cannot use the index on
// (sheet_id, no) for the either-or, and would read the whole sheet to find one initiative.
constexpr std::string_view kAnyOrOneNo = "(CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)";

std::string ForInitiatives(std::string_view sql, std::optional<int> no) {
  std::string text(sql);
  if (no) text.replace(text.find(kAnyOrOneNo), kAnyOrOneNo.size(), "i.no = ?2");
  return text;
}

constexpr std::string_view kSelectInitiatives = R"sql(
SELECT i.id, i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title,
       pr.name, sp.name, i.title, i.overview, i.rating, i.ending, i.ending_reason
FROM initiative i
JOIN section s ON s.id = i.section_id
LEFT JOIN department d ON d.id = s.department_id
JOIN subproject sp ON sp.id = i.subproject_id
JOIN project pr ON pr.id = sp.project_id
JOIN policy p ON p.id = pr.policy_id
JOIN goal g ON g.id = p.goal_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY i.no)sql";

constexpr std::string_view kSelectPeriodGoals = R"sql(
SELECT x.initiative_id, x.months, x.target_rate, x.text
FROM period_goal x
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.position)sql";

constexpr std::string_view kSelectEntries = R"sql(
SELECT x.initiative_id, x.kind, x.months, x.text
FROM entry x
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.kind, x.position)sql";

constexpr std::string_view kSelectCoOwners = R"sql(
SELECT x.initiative_id, s.name
FROM co_owner x
JOIN section s ON s.id = x.section_id
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.position)sql";

constexpr std::string_view kSelectNotes = R"sql(
SELECT x.initiative_id, x.month, s.name, x.text
FROM note x
JOIN section s ON s.id = x.section_id
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.position)sql";

constexpr std::string_view kSelectIndicators = R"sql(
SELECT x.initiative_id, x.name, x.unit, x.direction, x.kind, x.baseline, x.baseline_year,
       x.target, x.final_target, x.final_year
FROM indicator x
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.position)sql";

// Milestones and actuals in fiscal month order.
constexpr std::string_view kSelectIndicatorValues = R"sql(
SELECT x.initiative_id, x.position, x.kind, x.month, x.value, x.note
FROM indicator_value x
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, x.position, x.kind, (x.month + 8) % 12)sql";

constexpr std::string_view kSelectAchievements = R"sql(
SELECT x.initiative_id, x.month, x.rate
FROM achievement x
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR i.no = ?2)
ORDER BY x.initiative_id, (x.month + 8) % 12)sql";

constexpr std::string_view kSelectSummaries = R"sql(
SELECT i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title, i.title,
       i.rating, e.months, e.text, pr.name, sp.name, i.ending
FROM initiative i
JOIN section s ON s.id = i.section_id
LEFT JOIN department d ON d.id = s.department_id
JOIN subproject sp ON sp.id = i.subproject_id
JOIN project pr ON pr.id = sp.project_id
JOIN policy p ON p.id = pr.policy_id
JOIN goal g ON g.id = p.goal_id
LEFT JOIN entry e ON e.initiative_id = i.id AND e.kind = 'progress'
  AND e.position = (SELECT MAX(position) FROM entry
                    WHERE initiative_id = i.id AND kind = 'progress')
WHERE i.sheet_id = ?1)sql";

constexpr std::string_view kSelectCoOwnersByNo = R"sql(
SELECT i.no, s.name
FROM co_owner x
JOIN section s ON s.id = x.section_id
JOIN initiative i ON i.id = x.initiative_id
WHERE i.sheet_id = ?1
ORDER BY i.no, x.position)sql";

// How the ending column keeps an Ending's kind.
std::optional<std::string_view> EndingColumn(const std::optional<model::Ending>& ending) {
  if (!ending) return std::nullopt;
  return ending->kind == model::Ending::Kind::kCompleted ? "completed" : "abolished";
}

model::Ending EndingOf(std::string_view column, std::string reason) {
  const auto kind =
      column == "abolished" ? model::Ending::Kind::kAbolished : model::Ending::Kind::kCompleted;
  return model::Ending{kind, std::move(reason)};
}

// Adds a note of `section` for `month` to `i` as the store reads notes back: two of one
// section and month, as a merge of two co-owning sections leaves, are read as one, and the
// notes are in the order of the fiscal year and of the co-owners.
void AddNoteAsRead(Initiative& i, int month, const std::string& section, std::string text) {
  if (const model::Note* earlier = model::FindNote(i, month, section)) {
    text = earlier->text + "\n" + text;
  }
  i.notes = model::WithNote(i, month, section, text);
}

// A part of the text an initiative is found by, numbered (sql::SearchEntry).
struct SearchPart {
  std::uint32_t number;
  std::string text;

  friend bool operator==(const SearchPart&, const SearchPart&) = default;
};

// The first part of the co-owners' notes; the owner's progress entries are numbered from 1.
constexpr std::uint32_t kFirstNotePart = sql::kMostSearchParts / 2;

// The text `i` is found by, in parts, by number: what stays through the year (0), each entry
// of the owner's progress (from 1), each co-owner's note (from kFirstNotePart), so that a
// month's report changes a part of its own and leaves the others' numbers. The notes are
// numbered in the order the store reads them back: the index is written from what a writer
// holds, and the next write compares what it read.
std::vector<SearchPart> SearchPartsOf(const Initiative& i) {
  std::vector<SearchPart> parts{{0, {}}};
  auto add = [&](std::string& part, std::string_view s) {
    part += s;
    part += '\n';
  };
  for (std::string_view s :
       {std::string_view(i.department), std::string_view(i.section), std::string_view(i.goal.title),
        std::string_view(i.policy.title), std::string_view(i.project),
        std::string_view(i.subproject), std::string_view(i.title), std::string_view(i.overview)}) {
    add(parts[0].text, s);
  }
  for (const auto& g : i.period_goals) add(parts[0].text, g.text);
  for (const auto& e : i.plan) add(parts[0].text, e.text);
  for (const auto& name : i.co_owners) add(parts[0].text, name);
  for (const auto& indicator : i.indicators) add(parts[0].text, indicator.name);
  // Parts past the last number of their kind share it.
  auto report = [&](std::uint32_t first, std::uint32_t last, std::size_t k, std::string_view text) {
    const auto number = std::uint32_t(std::min<std::size_t>(first + k, last));
    if (parts.back().number != number) parts.push_back({number, {}});
    add(parts.back().text, text);
  };
  for (std::size_t k = 0; k < i.progress.size(); ++k) {
    report(1, kFirstNotePart - 1, k, i.progress[k].text);
  }
  Initiative read;  // what the notes are read back as
  read.co_owners = i.co_owners;
  for (const model::Note& n : i.notes) AddNoteAsRead(read, n.month, n.section, n.text);
  for (std::size_t k = 0; k < read.notes.size(); ++k) {
    report(kFirstNotePart, sql::kMostSearchParts - 1, k, read.notes[k].text);
  }
  return parts;
}

std::string SearchTextOf(const Initiative& i) {
  std::string text;
  for (const SearchPart& part : SearchPartsOf(i)) text += part.text;
  return text;
}

}  // namespace

Result<std::vector<Initiative>> LoadInitiatives(Connection& db, std::int64_t sheet_id,
                                                std::optional<int> no) {
  std::vector<Initiative> initiatives;
  std::unordered_map<std::int64_t, std::size_t> index_of;
  auto prepare = [&](std::string_view sql) -> Result<Statement> {
    TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(ForInitiatives(sql, no)));
    stmt.Bind(1, sheet_id).Bind(2, no);
    return stmt;
  };
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectInitiatives));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      Initiative i;
      i.no = int(rows.Int(1));
      i.department = rows.Text(2);
      i.section = rows.Text(3);
      i.goal = {rows.OptionalInt(4), rows.Text(5)};
      i.policy = {rows.OptionalInt(6), rows.Text(7)};
      i.project = rows.Text(8);
      i.subproject = rows.Text(9);
      i.title = rows.Text(10);
      i.overview = rows.Text(11);
      i.rating = rows.Text(12);
      if (!rows.IsNull(13)) i.ending = EndingOf(rows.Text(13), rows.Text(14));
      index_of[rows.Int(0)] = initiatives.size();
      initiatives.push_back(std::move(i));
    }));
  }
  if (initiatives.empty()) return initiatives;
  initiatives.shrink_to_fit();  // while the initiatives are still small
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectPeriodGoals));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      initiatives[index_of.at(rows.Int(0))].period_goals.push_back(
          {MonthSet::FromBits(std::uint16_t(rows.Int(1))), rows.OptionalDouble(2), rows.Text(3)});
    }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectEntries));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      Initiative& i = initiatives[index_of.at(rows.Int(0))];
      (rows.Text(1) == "plan" ? i.plan : i.progress)
          .push_back({MonthSet::FromBits(std::uint16_t(rows.Int(2))), rows.Text(3)});
    }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectCoOwners));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(
        rows, [&] { initiatives[index_of.at(rows.Int(0))].co_owners.push_back(rows.Text(1)); }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectNotes));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      Initiative& i = initiatives[index_of.at(rows.Int(0))];
      AddNoteAsRead(i, int(rows.Int(1)), rows.Text(2), rows.Text(3));
    }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectIndicators));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      model::Indicator indicator;
      indicator.name = rows.Text(1);
      indicator.unit = rows.Text(2);
      indicator.direction =
          rows.Text(3) == "lower" ? model::Direction::kLower : model::Direction::kHigher;
      indicator.kind = rows.Text(4) == "monthly" ? model::IndicatorKind::kMonthly
                                                 : model::IndicatorKind::kCumulative;
      indicator.baseline = rows.OptionalDouble(5);
      indicator.baseline_year = int(rows.Int(6));
      indicator.target = rows.OptionalDouble(7);
      indicator.final_target = rows.OptionalDouble(8);
      indicator.final_year = int(rows.Int(9));
      initiatives[index_of.at(rows.Int(0))].indicators.push_back(std::move(indicator));
    }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectIndicatorValues));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      model::Indicator& indicator =
          initiatives[index_of.at(rows.Int(0))].indicators.at(std::size_t(rows.Int(1)));
      const int month = int(rows.Int(3));
      if (rows.Text(2) == "milestone") {
        indicator.milestones.push_back({month, rows.Double(4)});
      } else {
        indicator.actuals.push_back({month, rows.Double(4), rows.Text(5)});
      }
    }));
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectAchievements));
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(rows, [&] {
      initiatives[index_of.at(rows.Int(0))].achievements.push_back(
          {int(rows.Int(1)), rows.Double(2)});
    }));
  }
  // Grown a row at a time, the vectors are left with room to spare: a fifth of the sheet's
  // size, which a long sheet would hold while its documents are written.
  for (Initiative& i : initiatives) {
    for (model::Indicator& x : i.indicators) {
      x.milestones.shrink_to_fit();
      x.actuals.shrink_to_fit();
    }
    i.indicators.shrink_to_fit();
    i.plan.shrink_to_fit();
    i.progress.shrink_to_fit();
  }
  return initiatives;
}

Result<void> DeleteInitiatives(Connection& db, std::int64_t sheet_id, std::optional<int> no) {
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare(ForInitiatives(
          "SELECT i.id FROM initiative i WHERE i.sheet_id = ?1 AND " + std::string(kAnyOrOneNo),
          no)));
  select.Bind(1, sheet_id).Bind(2, no);
  std::vector<std::int64_t> ids;
  TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(select, [&] { ids.push_back(select.Int(0)); }));
  // A backend with an index beside the rows (SQLite's FTS5) would otherwise keep them, and
  // give a reused id another initiative's words.
  if (db.dialect().Search().column.empty()) {
    std::vector<sql::IndexChange> cleared;
    cleared.reserve(ids.size());
    for (const std::int64_t id : ids) cleared.push_back({id, std::nullopt, std::nullopt});
    TORIKUMI_RETURN_IF_ERROR(WriteIndex(db, std::move(cleared)));
  }
  return sql::RunForRows(db, "DELETE FROM initiative WHERE id IN (", ")", 1, ids.size(),
                         [&](Statement& s, int at, std::size_t k) { s.Bind(at, ids[k]); });
}

Result<model::RatingScale> LoadRatingScale(Connection& db, std::int64_t sheet_id) {
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT symbol, label, meaning FROM rating_level WHERE sheet_id = ?1 "
                 "ORDER BY position"));
  stmt.Bind(1, sheet_id);
  std::vector<model::RatingLevel> levels;
  TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
    levels.push_back(
        {stmt.Text(0), stmt.Text(1),
         model::ParseRatingMeaning(stmt.Text(2)).value_or(model::RatingMeaning::kOther)});
  }));
  return model::RatingScale(std::move(levels));
}

Result<std::vector<InitiativeSummary>> LoadSummaries(Connection& db, std::int64_t sheet_id,
                                                     std::string_view query) {
  const std::vector<text::SearchPhrase> phrases = text::SearchPhrases(query);
  const std::vector<std::string> parameters =
      phrases.empty() ? std::vector<std::string>() : db.dialect().SearchParameters(phrases);
  std::string sql(kSelectSummaries);
  if (!parameters.empty()) sql += " AND " + db.dialect().SearchCondition(2, parameters.size());
  sql += " ORDER BY i.no";
  TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.Bind(1, sheet_id);
  for (std::size_t k = 0; k < parameters.size(); ++k) stmt.Bind(2 + int(k), parameters[k]);
  std::vector<InitiativeSummary> rows;
  TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(stmt, [&] {
    InitiativeSummary s;
    s.no = int(stmt.Int(0));
    s.department = stmt.Text(1);
    s.section = stmt.Text(2);
    s.goal = {stmt.OptionalInt(3), stmt.Text(4)};
    s.policy = {stmt.OptionalInt(5), stmt.Text(6)};
    s.title = stmt.Text(7);
    s.rating = stmt.Text(8);
    if (!stmt.IsNull(9)) {
      s.latest_progress = Entry{MonthSet::FromBits(std::uint16_t(stmt.Int(9))), stmt.Text(10)};
    }
    s.project = stmt.Text(11);
    s.subproject = stmt.Text(12);
    if (!stmt.IsNull(13)) s.ending = EndingOf(stmt.Text(13), "").kind;
    rows.push_back(std::move(s));
  }));
  // Co-owners decide who may add progress notes; one query for the whole sheet.
  TORIKUMI_ASSIGN_OR_RETURN(Statement co_owners, db.Prepare(kSelectCoOwnersByNo));
  co_owners.Bind(1, sheet_id);
  std::unordered_map<int, std::size_t> index_of;
  for (std::size_t k = 0; k < rows.size(); ++k) index_of[rows[k].no] = k;
  TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(co_owners, [&] {
    if (auto it = index_of.find(int(co_owners.Int(0))); it != index_of.end()) {
      rows[it->second].co_owners.push_back(co_owners.Text(1));
    }
  }));
  return rows;
}

Result<void> SheetWriter::WriteRatingScale(const model::RatingScale& scale) {
  TORIKUMI_ASSIGN_OR_RETURN(Statement clear,
                            db_.Prepare("DELETE FROM rating_level WHERE sheet_id = ?1"));
  TORIKUMI_RETURN_IF_ERROR(clear.Bind(1, sheet_id_).Run());
  return sql::RunForRows(
      db_, "INSERT INTO rating_level (sheet_id, position, symbol, label, meaning) VALUES ", "", 5,
      scale.levels().size(), [&](Statement& s, int at, std::size_t k) {
        const auto& level = scale.levels()[k];
        s.Bind(at, sheet_id_).Bind(at + 1, std::int64_t(k));
        s.Bind(at + 2, level.symbol).Bind(at + 3, level.label);
        s.Bind(at + 4, model::RatingMeaningName(level.meaning));
      });
}

void SheetWriter::Write(Initiative i, std::optional<std::int64_t> existing_id) {
  queued_.push_back({std::move(i), kAllParts, 0, 0, {}, {}, existing_id, std::nullopt});
}

void SheetWriter::Replace(const Initiative& before, const Initiative& i, std::int64_t id) {
  unsigned parts = 0;
  if (i.period_goals != before.period_goals) parts |= kGoals;
  if (i.plan != before.plan || i.progress != before.progress) parts |= kEntries;
  if (i.co_owners != before.co_owners) parts |= kCoOwners;
  if (i.notes != before.notes) parts |= kNotes;
  if (i.indicators != before.indicators) parts |= kIndicators;
  if (i.achievements != before.achievements) parts |= kAchievements;
  // The numbers of the search text's parts that changed: a month's report changes one.
  std::optional<std::vector<std::uint32_t>> search_changed;
  const std::vector<SearchPart> search_before = SearchPartsOf(before);
  const std::vector<SearchPart> search_now = SearchPartsOf(i);
  if (search_now != search_before) {
    parts |= kSearchDocument;
    std::map<std::uint32_t, const std::string*> now;
    for (const SearchPart& part : search_now) now[part.number] = &part.text;
    std::set<std::uint32_t> changed;
    for (const SearchPart& part : search_before) {
      const auto found = now.find(part.number);
      if (found == now.end() || *found->second != part.text) changed.insert(part.number);
      if (found != now.end()) now.erase(found);
    }
    for (const auto& [number, text] : now) changed.insert(number);  // parts added
    search_changed.emplace(changed.begin(), changed.end());
  }
  queued_.push_back({i, parts, 0, 0, {}, {}, id, std::move(search_changed)});
}

// The rows Finish writes: the added initiatives' own and every queued part's, for the
// progress it reports.
std::uint64_t SheetWriter::RowsToWrite(std::size_t added) const {
  std::uint64_t rows_to_write = added;
  const bool separate_index = db_.dialect().Search().column.empty();
  for (const Queued& q : queued_) {
    const Initiative& i = q.initiative;
    const std::pair<unsigned, std::size_t> parts[] = {
        {kGoals, i.period_goals.size()},        {kEntries, i.plan.size() + i.progress.size()},
        {kCoOwners, i.co_owners.size()},        {kNotes, i.notes.size()},
        {kAchievements, i.achievements.size()}, {kSearchDocument, separate_index ? 1 : 0}};
    for (const auto& [part, rows] : parts) rows_to_write += q.parts & part ? rows : 0;
    if (q.parts & kIndicators) {
      for (const model::Indicator& x : i.indicators) {
        rows_to_write += 1 + x.milestones.size() + x.actuals.size();
      }
    }
  }
  return rows_to_write;
}

Result<void> SheetWriter::Finish() {
  if (queued_.empty()) return {};
  std::vector<const Queued*> replaced;
  std::vector<Queued*> added;
  for (Queued& q : queued_) {
    if (q.id) {
      replaced.push_back(&q);
    } else {
      added.push_back(&q);
    }
  }
  rows_written_ = 0;
  rows_to_write_ = report_ ? RowsToWrite(added.size()) : 0;
  TORIKUMI_RETURN_IF_ERROR(ResolveOrganisation());
  TORIKUMI_RETURN_IF_ERROR(ResolvePlan());
  TORIKUMI_RETURN_IF_ERROR(ReplaceRows(replaced));
  TORIKUMI_RETURN_IF_ERROR(InsertRows(added));
  TORIKUMI_RETURN_IF_ERROR(InsertParts());
  TORIKUMI_RETURN_IF_ERROR(IndexForSearch(replaced));
  queued_.clear();
  return {};
}

void SheetWriter::Written() {
  ++rows_written_;
  if (report_ && (rows_written_ % 1024 == 0 || rows_written_ == rows_to_write_)) {
    report_({"書き込み", std::min(rows_written_, rows_to_write_), rows_to_write_, "行"});
  }
}

// Updates the replaced initiatives' rows and removes their parts, which InsertParts writes
// anew.
Result<void> SheetWriter::ReplaceRows(const std::vector<const Queued*>& replaced) {
  if (replaced.empty()) return {};
  const std::string_view search_column = db_.dialect().Search().column;
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement update,
      db_.Prepare("UPDATE initiative SET section_id = ?1, subproject_id = ?2, title = ?3, "
                  "overview = ?4, rating = ?5, version = version + 1, updated_at = ?7, "
                  "ending = ?9, ending_reason = ?10" +
                  (search_column.empty() ? "" : ", " + std::string(search_column) + " = ?8") +
                  " WHERE id = ?6"));
  const std::string now = sql::UtcNow();
  for (const Queued* q : replaced) {
    const Initiative& i = q->initiative;
    update.Bind(1, q->section).Bind(2, q->subproject).Bind(3, i.title).Bind(4, i.overview);
    if (!search_column.empty()) update.Bind(8, SearchDocumentOf(i));
    update.Bind(9, EndingColumn(i.ending)).Bind(10, i.ending ? i.ending->reason : "");
    TORIKUMI_RETURN_IF_ERROR(update.Bind(5, i.rating).Bind(6, *q->id).Bind(7, now).Run());
  }
  for (const auto& [table, part] : {std::pair{"period_goal", kGoals},
                                    {"entry", kEntries},
                                    {"co_owner", kCoOwners},
                                    {"note", kNotes},
                                    {"indicator_value", kIndicators},
                                    {"indicator", kIndicators},
                                    {"achievement", kAchievements}}) {
    std::vector<std::int64_t> ids;
    for (const Queued* q : replaced) {
      if (q->parts & part) ids.push_back(*q->id);
    }
    TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
        db_, "DELETE FROM " + std::string(table) + " WHERE initiative_id IN (", ")", 1, ids.size(),
        [&](Statement& s, int at, std::size_t k) { s.Bind(at, ids[k]); }));
  }
  return {};
}

// Inserts the new initiatives' rows and learns their ids.
Result<void> SheetWriter::InsertRows(std::vector<Queued*>& added) {
  std::map<int, Queued*> by_no;
  for (Queued* q : added) by_no[q->initiative.no] = q;
  const std::string now = sql::UtcNow();
  const std::string_view search_column = db_.dialect().Search().column;
  return sql::RunForRows(
      db_,
      "INSERT INTO initiative (sheet_id, no, section_id, subproject_id, title, overview, rating, "
      "updated_at, in_latest_publication, ending, ending_reason" +
          (search_column.empty() ? "" : ", " + std::string(search_column)) + ") VALUES ",
      " RETURNING no, id", search_column.empty() ? 11 : 12, added.size(),
      Counted([&](Statement& s, int at, std::size_t k) {
        const Queued& q = *added[k];
        const Initiative& i = q.initiative;
        s.Bind(at, sheet_id_).Bind(at + 1, i.no).Bind(at + 2, q.section).Bind(at + 3, q.subproject);
        s.Bind(at + 4, i.title).Bind(at + 5, i.overview).Bind(at + 6, i.rating).Bind(at + 7, now);
        s.Bind(at + 8, std::int64_t(latest_publication_));
        s.Bind(at + 9, EndingColumn(i.ending)).Bind(at + 10, i.ending ? i.ending->reason : "");
        if (!search_column.empty()) s.Bind(at + 11, SearchDocumentOf(i));
      }),
      [&](Statement& s) {
        if (auto it = by_no.find(int(s.Int(0))); it != by_no.end()) it->second->id = s.Int(1);
      });
}

// The period goals, plan and progress entries and co-owners of every queued initiative.
Result<void> SheetWriter::InsertParts() {
  struct Part {
    const Queued* owner;
    std::size_t position;
  };
  std::vector<Part> goals, entries, co_owners, notes;
  for (const Queued& q : queued_) {
    const Initiative& i = q.initiative;
    if (q.parts & kNotes) {
      for (std::size_t k = 0; k < q.notes.size(); ++k) notes.push_back({&q, k});
    }
    if (q.parts & kGoals) {
      for (std::size_t k = 0; k < i.period_goals.size(); ++k) goals.push_back({&q, k});
    }
    if (q.parts & kEntries) {
      for (std::size_t k = 0; k < i.plan.size() + i.progress.size(); ++k)
        entries.push_back({&q, k});
    }
    if (q.parts & kCoOwners) {
      for (std::size_t k = 0; k < q.co_owners.size(); ++k) co_owners.push_back({&q, k});
    }
  }
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, "INSERT INTO period_goal (initiative_id, position, months, target_rate, text) VALUES ",
      "", 5, goals.size(), Counted([&](Statement& s, int at, std::size_t k) {
        const Part& p = goals[k];
        const auto& g = p.owner->initiative.period_goals[p.position];
        s.Bind(at, *p.owner->id).Bind(at + 1, std::int64_t(p.position));
        s.Bind(at + 2, std::int64_t(g.months.bits()))
            .Bind(at + 3, g.target_rate)
            .Bind(at + 4, g.text);
      })));
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, "INSERT INTO entry (initiative_id, kind, position, months, text) VALUES ", "", 5,
      entries.size(), Counted([&](Statement& s, int at, std::size_t k) {
        const Part& p = entries[k];
        const Initiative& i = p.owner->initiative;
        const bool plan = p.position < i.plan.size();
        const std::size_t position = plan ? p.position : p.position - i.plan.size();
        const Entry& e = plan ? i.plan[position] : i.progress[position];
        s.Bind(at, *p.owner->id).Bind(at + 1, plan ? "plan" : "progress");
        s.Bind(at + 2, std::int64_t(position)).Bind(at + 3, std::int64_t(e.months.bits()));
        s.Bind(at + 4, e.text);
      })));
  TORIKUMI_RETURN_IF_ERROR(
      sql::RunForRows(db_, "INSERT INTO co_owner (initiative_id, position, section_id) VALUES ", "",
                      3, co_owners.size(), Counted([&](Statement& s, int at, std::size_t k) {
                        const Part& p = co_owners[k];
                        s.Bind(at, *p.owner->id).Bind(at + 1, std::int64_t(p.position));
                        s.Bind(at + 2, p.owner->co_owners[p.position]);
                      })));
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, "INSERT INTO note (initiative_id, position, month, section_id, text) VALUES ", "", 5,
      notes.size(), Counted([&](Statement& s, int at, std::size_t k) {
        const Part& p = notes[k];
        const model::Note& n = p.owner->initiative.notes[p.position];
        s.Bind(at, *p.owner->id).Bind(at + 1, std::int64_t(p.position)).Bind(at + 2, n.month);
        s.Bind(at + 3, p.owner->notes[p.position]).Bind(at + 4, n.text);
      })));
  return InsertFigures();
}

// The indicators with their milestones and actuals, and the achievements, of every queued
// initiative.
Result<void> SheetWriter::InsertFigures() {
  std::vector<std::pair<const Queued*, std::size_t>> indicators, achievements;
  for (const Queued& q : queued_) {
    const Initiative& i = q.initiative;
    for (std::size_t k = 0; k < i.indicators.size() && (q.parts & kIndicators); ++k) {
      indicators.emplace_back(&q, k);
    }
    if (q.parts & kAchievements) {
      for (std::size_t k = 0; k < i.achievements.size(); ++k) achievements.emplace_back(&q, k);
    }
  }
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_,
      "INSERT INTO indicator (initiative_id, position, name, unit, direction, kind, baseline, "
      "baseline_year, target, final_target, final_year) VALUES ",
      "", 11, indicators.size(), Counted([&](Statement& s, int at, std::size_t k) {
        const auto& [q, position] = indicators[k];
        const model::Indicator& x = q->initiative.indicators[position];
        s.Bind(at, *q->id).Bind(at + 1, std::int64_t(position)).Bind(at + 2, x.name);
        s.Bind(at + 3, x.unit);
        s.Bind(at + 4, x.direction == model::Direction::kLower ? "lower" : "higher");
        s.Bind(at + 5, x.kind == model::IndicatorKind::kMonthly ? "monthly" : "cumulative");
        s.Bind(at + 6, x.baseline).Bind(at + 7, x.baseline_year).Bind(at + 8, x.target);
        s.Bind(at + 9, x.final_target).Bind(at + 10, x.final_year);
      })));
  // The milestones and actuals of a few hundred indicators at a time: a prefecture's sheet
  // has nearly a million, too many to list at once beside the sheet.
  struct Value {
    const Queued* owner;
    std::size_t indicator;
    const char* kind;
    int month;
    double value;
    std::string_view note;
  };
  constexpr std::size_t kIndicatorsAtOnce = 512;
  std::vector<Value> values;
  for (std::size_t first = 0; first < indicators.size(); first += kIndicatorsAtOnce) {
    values.clear();
    const std::size_t last = std::min(indicators.size(), first + kIndicatorsAtOnce);
    for (std::size_t k = first; k < last; ++k) {
      const auto& [q, position] = indicators[k];
      const model::Indicator& x = q->initiative.indicators[position];
      for (const model::Milestone& m : x.milestones) {
        values.push_back({q, position, "milestone", m.month, m.value, ""});
      }
      for (const model::Actual& a : x.actuals) {
        values.push_back({q, position, "actual", a.month, a.value, a.note});
      }
    }
    TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
        db_,
        "INSERT INTO indicator_value (initiative_id, position, kind, month, value, note) VALUES ",
        "", 6, values.size(), Counted([&](Statement& s, int at, std::size_t k) {
          const Value& v = values[k];
          s.Bind(at, *v.owner->id).Bind(at + 1, std::int64_t(v.indicator)).Bind(at + 2, v.kind);
          s.Bind(at + 3, v.month).Bind(at + 4, v.value).Bind(at + 5, v.note);
        })));
  }
  return sql::RunForRows(db_, "INSERT INTO achievement (initiative_id, month, rate) VALUES ", "", 3,
                         achievements.size(), Counted([&](Statement& s, int at, std::size_t k) {
                           const auto& [q, position] = achievements[k];
                           const model::Achievement& a = q->initiative.achievements[position];
                           s.Bind(at, *q->id).Bind(at + 1, a.month).Bind(at + 2, a.rate);
                         }));
}

std::string SheetWriter::SearchDocumentOf(const Initiative& i) const {
  return db_.dialect().SearchDocument(text::SearchTokens(SearchTextOf(i)));
}

// The entries of the parts of `i` numbered `which` that it has, or of all its parts, added
// to `changes`.
void SheetWriter::EnterParts(std::int64_t id, const Initiative& i,
                             const std::optional<std::vector<std::uint32_t>>& which,
                             std::vector<sql::IndexChange>& changes) const {
  for (const SearchPart& part : SearchPartsOf(i)) {
    if (which && !std::binary_search(which->begin(), which->end(), part.number)) continue;
    changes.push_back(
        {id, part.number, db_.dialect().SearchDocument(text::SearchTokens(part.text))});
  }
}

// The index beside the rows, where the backend has one: the parts of a replaced initiative
// that changed, or all of them.
Result<void> SheetWriter::IndexForSearch(const std::vector<const Queued*>& replaced) {
  if (!db_.dialect().Search().column.empty()) return {};
  std::vector<sql::IndexChange> changes;
  for (const Queued* q : replaced) {
    if (!(q->parts & kSearchDocument)) continue;
    if (!q->search_changed) {
      changes.push_back({*q->id, std::nullopt, std::nullopt});
      continue;
    }
    // A part it no longer has is cleared alone; clearing one never written does nothing.
    for (const std::uint32_t k : *q->search_changed) changes.push_back({*q->id, k, std::nullopt});
  }
  // A few hundred initiatives at a time: a long sheet's would otherwise all be held at once.
  constexpr std::size_t kDocumentsAtOnce = 256;
  std::size_t documents = 0;
  for (const Queued& q : queued_) {
    if (!(q.parts & kSearchDocument)) continue;
    EnterParts(*q.id, q.initiative, q.search_changed, changes);
    if (++documents == kDocumentsAtOnce) {
      TORIKUMI_RETURN_IF_ERROR(WriteSearchDocuments(std::move(changes), documents));
      changes.clear();
      documents = 0;
    }
  }
  return WriteSearchDocuments(std::move(changes), documents);
}

Result<void> SheetWriter::IndexAgain() {
  TORIKUMI_ASSIGN_OR_RETURN(auto initiatives, LoadInitiatives(db_, sheet_id_, std::nullopt));
  TORIKUMI_ASSIGN_OR_RETURN(Statement select,
                            db_.Prepare("SELECT no, id FROM initiative WHERE sheet_id = ?1"));
  select.Bind(1, sheet_id_);
  std::map<int, std::int64_t> id_of;
  TORIKUMI_RETURN_IF_ERROR(
      sql::ForEachRow(select, [&] { id_of[int(select.Int(0))] = select.Int(1); }));
  const std::string_view column = db_.dialect().Search().column;
  if (column.empty()) {
    std::vector<sql::IndexChange> changes;
    for (const Initiative& i : initiatives) {
      const std::int64_t id = id_of.at(i.no);
      changes.push_back({id, std::nullopt, std::nullopt});
      EnterParts(id, i, std::nullopt, changes);
    }
    return WriteSearchDocuments(std::move(changes), initiatives.size());
  }
  std::vector<std::int64_t> ids;
  std::vector<std::string> documents;
  for (const Initiative& i : initiatives) {
    ids.push_back(id_of.at(i.no));
    documents.push_back(SearchDocumentOf(i));
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement update,
      db_.Prepare("UPDATE initiative SET " + std::string(column) + " = ?1 WHERE id = ?2"));
  for (std::size_t k = 0; k < ids.size(); ++k) {
    TORIKUMI_RETURN_IF_ERROR(update.Bind(1, documents[k]).Bind(2, ids[k]).Run());
  }
  return {};
}

// Writes `changes`, `documents` of them documents entered, counted as rows written.
Result<void> SheetWriter::WriteSearchDocuments(std::vector<sql::IndexChange> changes,
                                               std::size_t documents) {
  TORIKUMI_RETURN_IF_ERROR(WriteIndex(db_, std::move(changes)));
  for (std::size_t k = 0; k < documents; ++k) Written();
  return {};
}

namespace {

// Writes `changes` to the index as if in their order: each entry set to its last document,
// or cleared when it was cleared after it (an initiative cleared whole, each of the entries
// it has). SQLite's FTS5 writes its pending entries out as a new segment of the index
// whenever an entry comes below the last one written, or a statement of many rows opens a
// savepoint, and each segment is merged again later, in whichever commit comes upon the
// merge: so the entries go one a statement, in ascending order, an entry set again
// replacing its old document (a delete and an insert of the same entry keep the order).
Result<void> WriteIndexNow(Connection& db, std::span<const sql::IndexChange> changes) {
  const sql::Dialect::SearchStorage& search = db.dialect().Search();
  // Each entry's last document, or nullptr where it is cleared.
  std::map<std::int64_t, const std::string*> last;
  for (const sql::IndexChange& c : changes) {
    if (c.part) {
      last[sql::SearchEntry(c.initiative, *c.part)] = c.document ? &*c.document : nullptr;
      continue;
    }
    const std::int64_t first = sql::SearchEntry(c.initiative, 0);
    const std::int64_t end = sql::SearchEntry(c.initiative, sql::kMostSearchParts - 1);
    for (auto it = last.lower_bound(first); it != last.end() && it->first <= end; ++it) {
      it->second = nullptr;
    }
    TORIKUMI_ASSIGN_OR_RETURN(Statement indexed, db.Prepare(search.entries_between));
    indexed.Bind(1, first).Bind(2, end);
    TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(indexed, [&] { last[indexed.Int(0)] = nullptr; }));
    indexed.Reset();
  }
  const std::vector<std::pair<std::int64_t, const std::string*>> entries(last.begin(), last.end());
  // Runs of entries alike (all cleared, or all set), in as few statements as the backend
  // takes (on SQLite, one a row).
  for (std::size_t run = 0; run < entries.size();) {
    const bool clearing = entries[run].second == nullptr;
    std::size_t count = 1;
    while (run + count < entries.size() && (entries[run + count].second == nullptr) == clearing) {
      ++count;
    }
    TORIKUMI_RETURN_IF_ERROR(
        clearing ? sql::RunForRows(db, search.clear_head, search.clear_tail, 1, count,
                                   [&](Statement& s, int at, std::size_t k) {
                                     s.Bind(at, entries[run + k].first);
                                   })
                 : sql::RunForRows(
                       db, search.index_head, search.index_tail, 2, count,
                       [&](Statement& s, int at, std::size_t k) {
                         s.Bind(at, entries[run + k].first).Bind(at + 1, *entries[run + k].second);
                       }));
    run += count;
  }
  return {};
}

// The most changes one write puts off: a longer one (an import) is written at once, and
// its documents are never all held.
constexpr std::size_t kMostChangesPutOff = 64;

}  // namespace

Result<void> WriteIndex(Connection& db, std::vector<sql::IndexChange> changes) {
  if (changes.empty()) return {};
  if (db.put_off_index && changes.size() <= kMostChangesPutOff) {
    std::ranges::move(changes, std::back_inserter(db.put_off_index->changes));
    return {};
  }
  // What was put off goes first, so that the index sees the changes in their order.
  TORIKUMI_RETURN_IF_ERROR(WritePutOffIndex(db));
  return WriteIndexNow(db, changes);
}

Result<void> WritePutOffIndex(Connection& db) {
  if (!db.put_off_index) return {};
  sql::PutOffIndex& put_off = *db.put_off_index;
  TORIKUMI_RETURN_IF_ERROR(WriteIndexNow(db, std::span(put_off.changes).subspan(put_off.written)));
  put_off.written = put_off.changes.size();
  return {};
}

// The ids of the rows of one level of the organisation or plan hierarchy that the queued
// initiatives refer to by `wanted` keys: those the sheet has, then those inserted for the
// rest, a statement or two whatever their number. `load_sql` (?1 the sheet) and the insert's
// RETURNING give the key's columns and then the id, which `read` turns into an entry.
template <typename Key, typename Read, typename Bind>
Result<std::map<Key, std::int64_t>> SheetWriter::Resolve(const std::vector<Key>& wanted,
                                                         std::string_view load_sql, Read read,
                                                         std::string_view insert_head,
                                                         std::string_view returning, int width,
                                                         Bind bind) {
  std::map<Key, std::int64_t> ids;
  TORIKUMI_ASSIGN_OR_RETURN(Statement load, db_.Prepare(load_sql));
  load.Bind(1, sheet_id_);
  TORIKUMI_RETURN_IF_ERROR(sql::ForEachRow(load, [&] {
    ids.insert(read(load));  // the first of rows alike, as a lookup by key would find
  }));
  std::vector<const Key*> missing;
  std::set<Key> seen;
  for (const Key& key : wanted) {
    if (!ids.contains(key) && seen.insert(key).second) missing.push_back(&key);
  }
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, insert_head, returning, width, missing.size(),
      [&](Statement& s, int at, std::size_t k) { bind(s, at, *missing[k]); },
      [&](Statement& s) { ids.insert(read(s)); }));
  return ids;
}

// Finds or creates the departments and sections the queued initiatives name, and gives each
// its section's and co-owners' ids.
Result<void> SheetWriter::ResolveOrganisation() {
  using std::optional, std::pair, std::string, std::vector;
  vector<string> department_names;
  for (const Queued& q : queued_) department_names.push_back(q.initiative.department);
  TORIKUMI_ASSIGN_OR_RETURN(
      auto departments,
      Resolve(
          department_names, "SELECT name, id FROM department WHERE sheet_id = ?1",
          [](Statement& s) { return pair(s.Text(0), s.Int(1)); },
          "INSERT INTO department (sheet_id, name) VALUES ", " RETURNING name, id", 2,
          [&](Statement& s, int at, const string& name) {
            s.Bind(at, sheet_id_).Bind(at + 1, name);
          }));

  // A section is in the department of the last initiative it owns; one known only as a
  // co-owner (共同所管) keeps the department it has, or none.
  std::map<string, optional<std::int64_t>> section_departments;
  vector<string> section_names;
  for (const Queued& q : queued_) {
    section_departments[q.initiative.section] = departments.at(q.initiative.department);
    section_names.push_back(q.initiative.section);
    for (const string& name : q.initiative.co_owners) {
      section_departments.try_emplace(name);
      section_names.push_back(name);
    }
    for (const model::Note& n : q.initiative.notes) {
      section_departments.try_emplace(n.section);
      section_names.push_back(n.section);
    }
  }
  std::map<string, optional<std::int64_t>> current_departments;
  TORIKUMI_ASSIGN_OR_RETURN(
      auto sections,
      Resolve(
          section_names, "SELECT name, id, department_id FROM section WHERE sheet_id = ?1",
          [&](Statement& s) {
            current_departments.emplace(
                s.Text(0), s.IsNull(2) ? optional<std::int64_t>() : optional(s.Int(2)));
            return pair(s.Text(0), s.Int(1));
          },
          "INSERT INTO section (sheet_id, name, department_id) VALUES ",
          " RETURNING name, id, department_id", 3,
          [&](Statement& s, int at, const string& name) {
            s.Bind(at, sheet_id_).Bind(at + 1, name).Bind(at + 2, section_departments.at(name));
          }));
  for (const auto& [name, department] : section_departments) {
    if (!department || current_departments.at(name) == department) continue;
    TORIKUMI_ASSIGN_OR_RETURN(Statement move,
                              db_.Prepare("UPDATE section SET department_id = ?1 WHERE id = ?2"));
    TORIKUMI_RETURN_IF_ERROR(move.Bind(1, *department).Bind(2, sections.at(name)).Run());
  }
  for (Queued& q : queued_) {
    q.section = sections.at(q.initiative.section);
    q.co_owners.clear();
    for (const string& name : q.initiative.co_owners) q.co_owners.push_back(sections.at(name));
    q.notes.clear();
    for (const model::Note& n : q.initiative.notes) q.notes.push_back(sections.at(n.section));
  }
  return {};
}

// Finds or creates the goals, policies, projects and sub-projects the queued initiatives
// name, level by level, and gives each its sub-project's id.
Result<void> SheetWriter::ResolvePlan() {
  using std::optional, std::pair, std::string, std::tuple, std::vector;

  using GoalKey = pair<optional<int>, string>;
  vector<GoalKey> goal_keys;
  for (const Queued& q : queued_)
    goal_keys.emplace_back(q.initiative.goal.number, q.initiative.goal.title);
  TORIKUMI_ASSIGN_OR_RETURN(
      auto goals,
      Resolve(
          goal_keys, "SELECT number, title, id FROM goal WHERE sheet_id = ?1",
          [](Statement& s) { return pair(GoalKey(s.OptionalInt(0), s.Text(1)), s.Int(2)); },
          "INSERT INTO goal (sheet_id, number, title) VALUES ", " RETURNING number, title, id", 3,
          [&](Statement& s, int at, const GoalKey& key) {
            s.Bind(at, sheet_id_).Bind(at + 1, key.first).Bind(at + 2, key.second);
          }));

  using PolicyKey = tuple<std::int64_t, optional<int>, string>;
  vector<PolicyKey> policy_keys;
  for (const Queued& q : queued_) {
    const Initiative& i = q.initiative;
    policy_keys.emplace_back(goals.at(GoalKey(i.goal.number, i.goal.title)), i.policy.number,
                             i.policy.title);
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      auto policies, Resolve(
                         policy_keys,
                         "SELECT p.goal_id, p.number, p.title, p.id FROM policy p "
                         "JOIN goal g ON g.id = p.goal_id WHERE g.sheet_id = ?1",
                         [](Statement& s) {
                           return pair(PolicyKey(s.Int(0), s.OptionalInt(1), s.Text(2)), s.Int(3));
                         },
                         "INSERT INTO policy (goal_id, number, title) VALUES ",
                         " RETURNING goal_id, number, title, id", 3,
                         [](Statement& s, int at, const PolicyKey& key) {
                           s.Bind(at, std::get<0>(key))
                               .Bind(at + 1, std::get<1>(key))
                               .Bind(at + 2, std::get<2>(key));
                         }));

  using NameKey = pair<std::int64_t, string>;  // the parent's id and the name
  auto read_name_key = [](Statement& s) { return pair(NameKey(s.Int(0), s.Text(1)), s.Int(2)); };
  auto bind_name_key = [](Statement& s, int at, const NameKey& key) {
    s.Bind(at, key.first).Bind(at + 1, key.second);
  };
  vector<NameKey> project_keys;
  for (std::size_t k = 0; k < queued_.size(); ++k) {
    project_keys.emplace_back(policies.at(policy_keys[k]), queued_[k].initiative.project);
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto projects,
                            Resolve(project_keys,
                                    "SELECT pr.policy_id, pr.name, pr.id FROM project pr JOIN "
                                    "policy p ON p.id = pr.policy_id "
                                    "JOIN goal g ON g.id = p.goal_id WHERE g.sheet_id = ?1",
                                    read_name_key, "INSERT INTO project (policy_id, name) VALUES ",
                                    " RETURNING policy_id, name, id", 2, bind_name_key));
  vector<NameKey> subproject_keys;
  for (std::size_t k = 0; k < queued_.size(); ++k) {
    subproject_keys.emplace_back(projects.at(project_keys[k]), queued_[k].initiative.subproject);
  }
  TORIKUMI_ASSIGN_OR_RETURN(
      auto subprojects,
      Resolve(subproject_keys,
              "SELECT sp.project_id, sp.name, sp.id FROM subproject sp "
              "JOIN project pr ON pr.id = sp.project_id JOIN policy p ON p.id = pr.policy_id "
              "JOIN goal g ON g.id = p.goal_id WHERE g.sheet_id = ?1",
              read_name_key, "INSERT INTO subproject (project_id, name) VALUES ",
              " RETURNING project_id, name, id", 2, bind_name_key));

  for (std::size_t k = 0; k < queued_.size(); ++k) {
    queued_[k].subproject = subprojects.at(subproject_keys[k]);
  }
  return {};
}

}  // namespace torikumi::store::rows
