#include "store/sheet_rows.h"

#include <unordered_map>

#include "text/entries.h"
#include "text/search.h"

namespace torikumi::store::rows {
namespace {

using sql::Connection;
using sql::Statement;

using model::Entry;
using model::Initiative;
using model::MonthSet;

constexpr std::string_view kSelectInitiatives = R"sql(
SELECT i.id, i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title,
       pr.name, sp.name, i.title, i.overview, i.rating
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

constexpr std::string_view kSelectSummaries = R"sql(
SELECT i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title, i.title,
       i.rating, e.months, e.text, pr.name, sp.name
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


// The text an initiative is found by.
std::string SearchTextOf(const Initiative& i) {
  std::string text;
  auto add = [&](std::string_view s) {
    text += s;
    text += '\n';
  };
  for (std::string_view s :
       {std::string_view(i.department), std::string_view(i.section), std::string_view(i.goal.title),
        std::string_view(i.policy.title), std::string_view(i.project),
        std::string_view(i.subproject), std::string_view(i.title), std::string_view(i.overview)}) {
    add(s);
  }
  for (const auto& g : i.period_goals) add(g.text);
  for (const auto& e : i.plan) add(e.text);
  for (const auto& e : i.progress) add(e.text);
  for (const auto& name : i.co_owners) add(name);
  return text;
}

}  // namespace

Result<std::vector<Initiative>> LoadInitiatives(Connection& db, std::int64_t sheet_id,
                                                std::optional<int> no) {
  std::vector<Initiative> initiatives;
  std::unordered_map<std::int64_t, std::size_t> index_of;
  auto prepare = [&](std::string_view sql) -> Result<Statement> {
    TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    stmt.Bind(1, sheet_id).Bind(2, no);
    return stmt;
  };
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectInitiatives));
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
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
      index_of[rows.Int(0)] = initiatives.size();
      initiatives.push_back(std::move(i));
    }
  }
  if (initiatives.empty()) return initiatives;
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectPeriodGoals));
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      initiatives[index_of.at(rows.Int(0))].period_goals.push_back(
          {MonthSet::FromBits(std::uint16_t(rows.Int(1))), rows.OptionalDouble(2), rows.Text(3)});
    }
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectEntries));
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      Initiative& i = initiatives[index_of.at(rows.Int(0))];
      (rows.Text(1) == "plan" ? i.plan : i.progress)
          .push_back({MonthSet::FromBits(std::uint16_t(rows.Int(2))), rows.Text(3)});
    }
  }
  {
    TORIKUMI_ASSIGN_OR_RETURN(Statement rows, prepare(kSelectCoOwners));
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      initiatives[index_of.at(rows.Int(0))].co_owners.push_back(rows.Text(1));
    }
  }
  return initiatives;
}

Result<model::RatingScale> LoadRatingScale(Connection& db, std::int64_t sheet_id) {
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT symbol, label FROM rating_level WHERE sheet_id = ?1 ORDER BY position"));
  stmt.Bind(1, sheet_id);
  std::vector<model::RatingLevel> levels;
  for (;;) {
    TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    levels.push_back({stmt.Text(0), stmt.Text(1)});
  }
  return model::RatingScale(std::move(levels));
}

Result<std::vector<InitiativeSummary>> LoadSummaries(Connection& db, std::int64_t sheet_id,
                                                     std::string_view query) {
  const std::vector<text::SearchPhrase> phrases = text::SearchPhrases(query);
  std::string sql(kSelectSummaries);
  if (!phrases.empty()) sql += " AND " + db.dialect().SearchCondition(2);
  sql += " ORDER BY i.no";
  TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.Bind(1, sheet_id);
  if (!phrases.empty()) stmt.Bind(2, db.dialect().SearchParameter(phrases));
  std::vector<InitiativeSummary> rows;
  for (;;) {
    TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
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
    rows.push_back(std::move(s));
  }
  // Co-owners decide who may add progress notes; one query for the whole sheet.
  TORIKUMI_ASSIGN_OR_RETURN(Statement co_owners, db.Prepare(kSelectCoOwnersByNo));
  co_owners.Bind(1, sheet_id);
  std::unordered_map<int, std::size_t> index_of;
  for (std::size_t k = 0; k < rows.size(); ++k) index_of[rows[k].no] = k;
  for (;;) {
    TORIKUMI_ASSIGN_OR_RETURN(bool row, co_owners.Step());
    if (!row) break;
    if (auto it = index_of.find(int(co_owners.Int(0))); it != index_of.end()) {
      rows[it->second].co_owners.push_back(co_owners.Text(1));
    }
  }
  return rows;
}

Result<SheetWriter> SheetWriter::Create(Connection& db, std::int64_t sheet_id,
                                        bool latest_publication) {
  return SheetWriter(db, sheet_id, latest_publication);
}

Result<Statement*> SheetWriter::Prepared(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return &it->second;
  TORIKUMI_ASSIGN_OR_RETURN(Statement statement, db_.Prepare(sql));
  return &statements_.emplace(std::string(sql), std::move(statement)).first->second;
}

Result<void> SheetWriter::WriteRatingScale(const model::RatingScale& scale) {
  TORIKUMI_ASSIGN_OR_RETURN(Statement* clear,
                            Prepared("DELETE FROM rating_level WHERE sheet_id = ?1"));
  TORIKUMI_RETURN_IF_ERROR(clear->Bind(1, sheet_id_).Run());
  return sql::RunForRows(db_, "INSERT INTO rating_level (sheet_id, position, symbol, label) VALUES ",
                         "", 4, scale.levels().size(), [&](Statement& s, int at, std::size_t k) {
                           const auto& level = scale.levels()[k];
                           s.Bind(at, sheet_id_).Bind(at + 1, std::int64_t(k));
                           s.Bind(at + 2, level.symbol).Bind(at + 3, level.label);
                         });
}

Result<void> SheetWriter::Write(const Initiative& i, std::optional<std::int64_t> existing_id) {
  Queued q{i};
  TORIKUMI_ASSIGN_OR_RETURN(std::int64_t department, Department(i.department));
  TORIKUMI_ASSIGN_OR_RETURN(q.section, Section(i.section, department));
  TORIKUMI_ASSIGN_OR_RETURN(q.subproject, Subproject(i));
  for (const std::string& name : i.co_owners) {
    TORIKUMI_ASSIGN_OR_RETURN(std::int64_t co_owner, Section(name, std::nullopt));
    q.co_owners.push_back(co_owner);
  }
  q.id = existing_id;
  queued_.push_back(std::move(q));
  return {};
}

Result<void> SheetWriter::Finish() {
  std::vector<const Queued*> replaced;
  std::vector<Queued*> added;
  for (Queued& q : queued_) {
    if (q.id) {
      replaced.push_back(&q);
    } else {
      added.push_back(&q);
    }
  }
  TORIKUMI_RETURN_IF_ERROR(ReplaceRows(replaced));
  TORIKUMI_RETURN_IF_ERROR(InsertRows(added));
  TORIKUMI_RETURN_IF_ERROR(InsertParts());
  TORIKUMI_RETURN_IF_ERROR(IndexForSearch(replaced));
  queued_.clear();
  return {};
}

// Updates the replaced initiatives' rows and removes their parts, which InsertParts writes
// anew.
Result<void> SheetWriter::ReplaceRows(const std::vector<const Queued*>& replaced) {
  if (replaced.empty()) return {};
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement * update,
      Prepared("UPDATE initiative SET section_id = ?1, subproject_id = ?2, title = ?3, "
               "overview = ?4, rating = ?5, version = version + 1, updated_at = ?7 WHERE id = ?6"));
  const std::string now = sql::UtcNow();
  for (const Queued* q : replaced) {
    const Initiative& i = q->initiative;
    update->Bind(1, q->section).Bind(2, q->subproject).Bind(3, i.title).Bind(4, i.overview);
    TORIKUMI_RETURN_IF_ERROR(update->Bind(5, i.rating).Bind(6, *q->id).Bind(7, now).Run());
  }
  for (std::string_view table : {"period_goal", "entry", "co_owner"}) {
    TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
        db_, "DELETE FROM " + std::string(table) + " WHERE initiative_id IN (", ")", 1,
        replaced.size(), [&](Statement& s, int at, std::size_t k) { s.Bind(at, *replaced[k]->id); }));
  }
  return {};
}

// Inserts the new initiatives' rows and learns their ids.
Result<void> SheetWriter::InsertRows(std::vector<Queued*>& added) {
  std::map<int, Queued*> by_no;
  for (Queued* q : added) by_no[q->initiative.no] = q;
  const std::string now = sql::UtcNow();
  return sql::RunForRows(
      db_,
      "INSERT INTO initiative (sheet_id, no, section_id, subproject_id, title, overview, rating, "
      "updated_at, in_latest_publication) VALUES ",
      " RETURNING no, id", 9, added.size(),
      [&](Statement& s, int at, std::size_t k) {
        const Queued& q = *added[k];
        const Initiative& i = q.initiative;
        s.Bind(at, sheet_id_).Bind(at + 1, i.no).Bind(at + 2, q.section).Bind(at + 3, q.subproject);
        s.Bind(at + 4, i.title).Bind(at + 5, i.overview).Bind(at + 6, i.rating).Bind(at + 7, now);
        s.Bind(at + 8, std::int64_t(latest_publication_));
      },
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
  std::vector<Part> goals, entries, co_owners;
  for (const Queued& q : queued_) {
    for (std::size_t k = 0; k < q.initiative.period_goals.size(); ++k) goals.push_back({&q, k});
    for (std::size_t k = 0; k < q.initiative.plan.size() + q.initiative.progress.size(); ++k) {
      entries.push_back({&q, k});
    }
    for (std::size_t k = 0; k < q.co_owners.size(); ++k) co_owners.push_back({&q, k});
  }
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, "INSERT INTO period_goal (initiative_id, position, months, target_rate, text) VALUES ",
      "", 5, goals.size(), [&](Statement& s, int at, std::size_t k) {
        const Part& p = goals[k];
        const auto& g = p.owner->initiative.period_goals[p.position];
        s.Bind(at, *p.owner->id).Bind(at + 1, std::int64_t(p.position));
        s.Bind(at + 2, std::int64_t(g.months.bits())).Bind(at + 3, g.target_rate).Bind(at + 4, g.text);
      }));
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, "INSERT INTO entry (initiative_id, kind, position, months, text) VALUES ", "", 5,
      entries.size(), [&](Statement& s, int at, std::size_t k) {
        const Part& p = entries[k];
        const Initiative& i = p.owner->initiative;
        const bool plan = p.position < i.plan.size();
        const std::size_t position = plan ? p.position : p.position - i.plan.size();
        const Entry& e = plan ? i.plan[position] : i.progress[position];
        s.Bind(at, *p.owner->id).Bind(at + 1, plan ? "plan" : "progress");
        s.Bind(at + 2, std::int64_t(position)).Bind(at + 3, std::int64_t(e.months.bits()));
        s.Bind(at + 4, e.text);
      }));
  return sql::RunForRows(
      db_, "INSERT INTO co_owner (initiative_id, position, section_id) VALUES ", "", 3,
      co_owners.size(), [&](Statement& s, int at, std::size_t k) {
        const Part& p = co_owners[k];
        s.Bind(at, *p.owner->id).Bind(at + 1, std::int64_t(p.position));
        s.Bind(at + 2, p.owner->co_owners[p.position]);
      });
}

Result<void> SheetWriter::IndexForSearch(const std::vector<const Queued*>& replaced) {
  const sql::Dialect& dialect = db_.dialect();
  TORIKUMI_RETURN_IF_ERROR(sql::RunForRows(
      db_, dialect.ClearSearchHead(), dialect.ClearSearchTail(), 1, replaced.size(),
      [&](Statement& s, int at, std::size_t k) { s.Bind(at, *replaced[k]->id); }));
  std::vector<std::string> documents;
  documents.reserve(queued_.size());
  for (const Queued& q : queued_) {
    documents.push_back(dialect.SearchDocument(text::SearchTokens(SearchTextOf(q.initiative))));
  }
  return sql::RunForRows(db_, dialect.IndexSearchHead(), dialect.IndexSearchTail(), 2,
                         queued_.size(), [&](Statement& s, int at, std::size_t k) {
                           s.Bind(at, *queued_[k].id).Bind(at + 1, documents[k]);
                         });
}

// Finds or creates a row by a key, caching ids for the rest of the writer's life.
template <typename Key, typename Bind>
Result<std::int64_t> SheetWriter::FindOrCreate(std::map<Key, std::int64_t>& cache, const Key& key,
                                               std::string_view find_sql,
                                               std::string_view insert_sql, Bind bind) {
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  TORIKUMI_ASSIGN_OR_RETURN(Statement * find, Prepared(find_sql));
  bind(*find);
  TORIKUMI_ASSIGN_OR_RETURN(bool found, find->Step());
  std::int64_t id;
  if (found) {
    id = find->Int(0);
    find->Reset();
  } else {
    find->Reset();
    TORIKUMI_ASSIGN_OR_RETURN(Statement * insert, Prepared(insert_sql));
    bind(*insert);
    TORIKUMI_ASSIGN_OR_RETURN(id, sql::InsertedId(*insert));
  }
  cache.emplace(key, id);
  return id;
}

Result<std::int64_t> SheetWriter::Department(const std::string& name) {
  return FindOrCreate(departments_, name,
                      "SELECT id FROM department WHERE sheet_id = ?1 AND name = ?2",
                      "INSERT INTO department (sheet_id, name) VALUES (?1, ?2) RETURNING id",
                      [&](Statement& s) { s.Bind(1, sheet_id_).Bind(2, name); });
}

// The section named `name`; an owner's section also gets (or moves to) `department`.
Result<std::int64_t> SheetWriter::Section(const std::string& name,
                                          std::optional<std::int64_t> department) {
  TORIKUMI_ASSIGN_OR_RETURN(
      std::int64_t id,
      FindOrCreate(sections_, name, "SELECT id FROM section WHERE sheet_id = ?1 AND name = ?2",
                   "INSERT INTO section (sheet_id, name) VALUES (?1, ?2) RETURNING id",
                   [&](Statement& s) { s.Bind(1, sheet_id_).Bind(2, name); }));
  if (department && section_departments_[id] != *department) {
    TORIKUMI_ASSIGN_OR_RETURN(Statement * move,
                              Prepared("UPDATE section SET department_id = ?1 WHERE id = ?2"));
    TORIKUMI_RETURN_IF_ERROR(move->Bind(1, *department).Bind(2, id).Run());
    section_departments_[id] = *department;
  }
  return id;
}

Result<std::int64_t> SheetWriter::Subproject(const Initiative& i) {
  TORIKUMI_ASSIGN_OR_RETURN(
      std::int64_t goal,
      FindOrCreate(goals_, std::pair(i.goal.number, i.goal.title),
                   "SELECT id FROM goal WHERE sheet_id = ?1 AND number IS NOT DISTINCT FROM ?2 AND "
                   "title = ?3",
                   "INSERT INTO goal (sheet_id, number, title) VALUES (?1, ?2, ?3) RETURNING id",
                   [&](Statement& s) {
                     s.Bind(1, sheet_id_).Bind(2, i.goal.number).Bind(3, i.goal.title);
                   }));
  TORIKUMI_ASSIGN_OR_RETURN(
      std::int64_t policy,
      FindOrCreate(
          policies_, std::tuple(goal, i.policy.number, i.policy.title),
          "SELECT id FROM policy WHERE goal_id = ?1 AND number IS NOT DISTINCT FROM ?2 AND title = "
          "?3",
          "INSERT INTO policy (goal_id, number, title) VALUES (?1, ?2, ?3) RETURNING id",
          [&](Statement& s) { s.Bind(1, goal).Bind(2, i.policy.number).Bind(3, i.policy.title); }));
  TORIKUMI_ASSIGN_OR_RETURN(
      std::int64_t project,
      FindOrCreate(projects_, std::pair(policy, i.project),
                   "SELECT id FROM project WHERE policy_id = ?1 AND name = ?2",
                   "INSERT INTO project (policy_id, name) VALUES (?1, ?2) RETURNING id",
                   [&](Statement& s) { s.Bind(1, policy).Bind(2, i.project); }));
  return FindOrCreate(subprojects_, std::pair(project, i.subproject),
                      "SELECT id FROM subproject WHERE project_id = ?1 AND name = ?2",
                      "INSERT INTO subproject (project_id, name) VALUES (?1, ?2) RETURNING id",
                      [&](Statement& s) { s.Bind(1, project).Bind(2, i.subproject); });
}

}  // namespace torikumi::store::rows
