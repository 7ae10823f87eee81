// The SQLite backend: one file in WAL mode with foreign keys, a small pool of connections
// so that server threads read concurrently, and writes serialised by BEGIN IMMEDIATE.

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "store/sqlite.h"
#include "store/sqlite_store.h"
#include "text/entries.h"
#include "text/search.h"

namespace torikumi::store {
namespace {

using model::Entry;
using model::Initiative;
using model::MonthSet;
using sqlite::Connection;
using sqlite::Statement;

// Versioned schema changes, applied in order on open; never edit one that has shipped.
constexpr std::array<std::string_view, 1> kMigrations{R"sql(
CREATE TABLE municipality (
  id INTEGER PRIMARY KEY,
  code TEXT UNIQUE,            -- 全国地方公共団体コード
  name TEXT NOT NULL DEFAULT ''
);
INSERT INTO municipality (id) VALUES (1);

CREATE TABLE fiscal_year (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  year INTEGER NOT NULL,
  UNIQUE (municipality_id, year)
);

CREATE TABLE rating_level (
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (fiscal_year_id, position),
  UNIQUE (fiscal_year_id, symbol)
);

CREATE TABLE department (
  id INTEGER PRIMARY KEY,
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (fiscal_year_id, name)
);

-- A section's department is NULL while it is known only as a co-owner (共同所管).
CREATE TABLE section (
  id INTEGER PRIMARY KEY,
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id) ON DELETE CASCADE,
  department_id INTEGER REFERENCES department (id),
  name TEXT NOT NULL,
  UNIQUE (fiscal_year_id, name)
);

-- The plan hierarchy of the 総合計画: goal → policy → project → sub-project.
CREATE TABLE goal (
  id INTEGER PRIMARY KEY,
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id) ON DELETE CASCADE,
  number INTEGER,
  title TEXT NOT NULL
);
CREATE INDEX goal_by_year ON goal (fiscal_year_id, title);

CREATE TABLE policy (
  id INTEGER PRIMARY KEY,
  goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
  number INTEGER,
  title TEXT NOT NULL
);
CREATE INDEX policy_by_goal ON policy (goal_id, title);

CREATE TABLE project (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (policy_id, name)
);

CREATE TABLE subproject (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE initiative (
  id INTEGER PRIMARY KEY,
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id) ON DELETE CASCADE,
  no INTEGER NOT NULL,
  section_id INTEGER NOT NULL REFERENCES section (id),
  subproject_id INTEGER NOT NULL REFERENCES subproject (id),
  title TEXT NOT NULL,
  overview TEXT NOT NULL,
  rating TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (fiscal_year_id, no)
);
CREATE INDEX initiative_by_section ON initiative (section_id);
CREATE INDEX initiative_by_subproject ON initiative (subproject_id);

-- months: a bit per fiscal month, bit 0 = April (model::MonthSet::bits).
CREATE TABLE period_goal (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  months INTEGER NOT NULL,
  target_rate REAL,
  text TEXT NOT NULL,
  PRIMARY KEY (initiative_id, position)
);

CREATE TABLE entry (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('plan', 'progress')),
  position INTEGER NOT NULL,
  months INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (initiative_id, kind, position)
);

CREATE TABLE co_owner (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  section_id INTEGER NOT NULL REFERENCES section (id),
  PRIMARY KEY (initiative_id, position)
);
CREATE INDEX co_owner_by_section ON co_owner (section_id);

-- Bigram tokens of each initiative's text (text::SearchTokens); rowid = initiative.id.
CREATE VIRTUAL TABLE initiative_search USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');
)sql"};

// The single municipality of an installation until several are supported.
constexpr int kMunicipality = 1;

constexpr std::string_view kSelectInitiatives = R"sql(
SELECT i.id, i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title,
       pr.name, sp.name, i.title, i.overview, i.rating
FROM initiative i
JOIN fiscal_year y ON y.id = i.fiscal_year_id
JOIN section s ON s.id = i.section_id
LEFT JOIN department d ON d.id = s.department_id
JOIN subproject sp ON sp.id = i.subproject_id
JOIN project pr ON pr.id = sp.project_id
JOIN policy p ON p.id = pr.policy_id
JOIN goal g ON g.id = p.goal_id
WHERE y.municipality_id = ?1 AND y.year = ?2 AND (?3 IS NULL OR i.no = ?3)
ORDER BY i.no)sql";

constexpr std::string_view kSelectPeriodGoals = R"sql(
SELECT x.initiative_id, x.months, x.target_rate, x.text
FROM period_goal x
JOIN initiative i ON i.id = x.initiative_id
JOIN fiscal_year y ON y.id = i.fiscal_year_id
WHERE y.municipality_id = ?1 AND y.year = ?2 AND (?3 IS NULL OR i.no = ?3)
ORDER BY x.initiative_id, x.position)sql";

constexpr std::string_view kSelectEntries = R"sql(
SELECT x.initiative_id, x.kind, x.months, x.text
FROM entry x
JOIN initiative i ON i.id = x.initiative_id
JOIN fiscal_year y ON y.id = i.fiscal_year_id
WHERE y.municipality_id = ?1 AND y.year = ?2 AND (?3 IS NULL OR i.no = ?3)
ORDER BY x.initiative_id, x.kind, x.position)sql";

constexpr std::string_view kSelectCoOwners = R"sql(
SELECT x.initiative_id, s.name
FROM co_owner x
JOIN section s ON s.id = x.section_id
JOIN initiative i ON i.id = x.initiative_id
JOIN fiscal_year y ON y.id = i.fiscal_year_id
WHERE y.municipality_id = ?1 AND y.year = ?2 AND (?3 IS NULL OR i.no = ?3)
ORDER BY x.initiative_id, x.position)sql";

constexpr std::string_view kSelectSummaries = R"sql(
SELECT i.no, COALESCE(d.name, ''), s.name, g.number, g.title, p.number, p.title, i.title,
       i.rating, e.months, e.text
FROM initiative i
JOIN fiscal_year y ON y.id = i.fiscal_year_id
JOIN section s ON s.id = i.section_id
LEFT JOIN department d ON d.id = s.department_id
JOIN subproject sp ON sp.id = i.subproject_id
JOIN project pr ON pr.id = sp.project_id
JOIN policy p ON p.id = pr.policy_id
JOIN goal g ON g.id = p.goal_id
LEFT JOIN entry e ON e.initiative_id = i.id AND e.kind = 'progress'
  AND e.position = (SELECT MAX(position) FROM entry
                    WHERE initiative_id = i.id AND kind = 'progress')
WHERE y.municipality_id = ?1 AND y.year = ?2
  AND (?3 = '' OR i.id IN (SELECT rowid FROM initiative_search WHERE initiative_search MATCH ?3))
ORDER BY i.no)sql";

// Runs `body` inside a transaction on `db`, committing when it succeeds.
template <typename T, typename Body>
Result<T> InTransaction(Connection& db, std::string_view begin, Body body) {
  TORIKUMI_RETURN_IF_ERROR(db.Execute(begin));
  Result<T> result = body();
  if (!result.ok()) {
    (void)db.Execute("ROLLBACK");
    return result;
  }
  if (auto committed = db.Execute("COMMIT"); !committed.ok()) {
    (void)db.Execute("ROLLBACK");
    return committed.error();
  }
  return result;
}

Result<void> Migrate(Connection& db) {
  TORIKUMI_RETURN_IF_ERROR(db.Execute(
      "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, "
      "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"));
  auto migrated = InTransaction<bool>(db, "BEGIN IMMEDIATE", [&]() -> Result<bool> {
    TORIKUMI_ASSIGN_OR_RETURN(Statement current,
                              db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migration"));
    TORIKUMI_RETURN_IF_ERROR(current.Step());
    const auto applied = std::size_t(current.Int(0));
    if (applied > kMigrations.size()) {
      return Error::Io("データベースのスキーマ (版 " + std::to_string(applied) +
                       ") がこの torikumi より新しいため開けません");
    }
    for (std::size_t version = applied + 1; version <= kMigrations.size(); ++version) {
      TORIKUMI_RETURN_IF_ERROR(db.Execute(kMigrations[version - 1]));
      TORIKUMI_ASSIGN_OR_RETURN(Statement record,
                                db.Prepare("INSERT INTO schema_migration (version) VALUES (?1)"));
      TORIKUMI_RETURN_IF_ERROR(record.Bind(1, std::int64_t(version)).Run());
    }
    return true;
  });
  if (!migrated) return migrated.error();
  return {};
}

// The text an initiative is found by.
std::string SearchTextOf(const Initiative& i) {
  std::string text;
  auto add = [&](std::string_view s) {
    text += s;
    text += '\n';
  };
  for (std::string_view s : {std::string_view(i.department), std::string_view(i.section),
                             std::string_view(i.goal.title), std::string_view(i.policy.title),
                             std::string_view(i.project), std::string_view(i.subproject),
                             std::string_view(i.title), std::string_view(i.overview)}) {
    add(s);
  }
  for (const auto& g : i.period_goals) add(g.text);
  for (const auto& e : i.plan) add(e.text);
  for (const auto& e : i.progress) add(e.text);
  for (const auto& name : i.co_owners) add(name);
  return text;
}

// The FTS5 query for a user's words: each phrase quoted, all required.
std::string SearchQueryOf(std::string_view query) {
  std::string fts;
  for (const text::SearchPhrase& phrase : text::SearchPhrases(query)) {
    if (!fts.empty()) fts += " AND ";
    fts += '"';
    for (std::size_t k = 0; k < phrase.tokens.size(); ++k) {
      if (k > 0) fts += ' ';
      for (char c : phrase.tokens[k]) fts += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    fts += '"';
    if (phrase.prefix) fts += '*';
  }
  return fts;
}

// Loads the initiatives of `year` (all, or the one numbered `no`) with their parts.
Result<std::vector<Initiative>> LoadInitiatives(Connection& db, int year, std::optional<int> no) {
  std::vector<Initiative> initiatives;
  std::unordered_map<std::int64_t, std::size_t> index_of;
  auto prepare = [&](std::string_view sql) -> Result<Statement> {
    TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    stmt.Bind(1, kMunicipality).Bind(2, year).Bind(3, no);
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

Result<std::optional<std::int64_t>> FindFiscalYear(Connection& db, int year) {
  TORIKUMI_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT id FROM fiscal_year WHERE municipality_id = ?1 AND year = ?2"));
  stmt.Bind(1, kMunicipality).Bind(2, year);
  TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt.Int(0));
}

// Writes one sheet's rows within an open transaction, finding or creating the organisation
// and plan-hierarchy rows it refers to. Statements are prepared once per import.
class SheetWriter {
 public:
  static Result<SheetWriter> Create(Connection& db, std::int64_t fiscal_year_id) {
    SheetWriter w(db, fiscal_year_id);
    TORIKUMI_RETURN_IF_ERROR(w.PrepareAll());
    return w;
  }

  Result<void> WriteRatingScale(const model::RatingScale& scale) {
    TORIKUMI_ASSIGN_OR_RETURN(Statement clear,
                              db_.Prepare("DELETE FROM rating_level WHERE fiscal_year_id = ?1"));
    TORIKUMI_RETURN_IF_ERROR(clear.Bind(1, fiscal_year_id_).Run());
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement insert,
        db_.Prepare("INSERT INTO rating_level (fiscal_year_id, position, symbol, label) "
                    "VALUES (?1, ?2, ?3, ?4)"));
    for (std::size_t k = 0; k < scale.levels().size(); ++k) {
      const auto& level = scale.levels()[k];
      insert.Bind(1, fiscal_year_id_).Bind(2, std::int64_t(k)).Bind(3, level.symbol);
      TORIKUMI_RETURN_IF_ERROR(insert.Bind(4, level.label).Run());
    }
    return {};
  }

  // Inserts `i`, or replaces the row `existing_id` and bumps its version.
  Result<void> Write(const Initiative& i, std::optional<std::int64_t> existing_id) {
    TORIKUMI_ASSIGN_OR_RETURN(std::int64_t department, Department(i.department));
    TORIKUMI_ASSIGN_OR_RETURN(std::int64_t section, Section(i.section, department));
    TORIKUMI_ASSIGN_OR_RETURN(std::int64_t subproject, Subproject(i));
    std::int64_t id;
    if (existing_id) {
      id = *existing_id;
      update_->Bind(1, section).Bind(2, subproject).Bind(3, i.title).Bind(4, i.overview);
      TORIKUMI_RETURN_IF_ERROR(update_->Bind(5, i.rating).Bind(6, id).Run());
      for (auto* clear : {&clear_goals_, &clear_entries_, &clear_co_owners_, &clear_search_}) {
        TORIKUMI_RETURN_IF_ERROR((*clear)->Bind(1, id).Run());
      }
    } else {
      insert_->Bind(1, fiscal_year_id_).Bind(2, i.no).Bind(3, section).Bind(4, subproject);
      TORIKUMI_RETURN_IF_ERROR(
          insert_->Bind(5, i.title).Bind(6, i.overview).Bind(7, i.rating).Run());
      id = db_.LastInsertId();
    }
    for (std::size_t k = 0; k < i.period_goals.size(); ++k) {
      const auto& g = i.period_goals[k];
      insert_goal_->Bind(1, id).Bind(2, std::int64_t(k)).Bind(3, std::int64_t(g.months.bits()));
      TORIKUMI_RETURN_IF_ERROR(insert_goal_->Bind(4, g.target_rate).Bind(5, g.text).Run());
    }
    for (auto [kind, entries] : {std::pair{"plan", &i.plan}, std::pair{"progress", &i.progress}}) {
      for (std::size_t k = 0; k < entries->size(); ++k) {
        const Entry& e = (*entries)[k];
        insert_entry_->Bind(1, id).Bind(2, std::string_view(kind)).Bind(3, std::int64_t(k));
        TORIKUMI_RETURN_IF_ERROR(
            insert_entry_->Bind(4, std::int64_t(e.months.bits())).Bind(5, e.text).Run());
      }
    }
    for (std::size_t k = 0; k < i.co_owners.size(); ++k) {
      TORIKUMI_ASSIGN_OR_RETURN(std::int64_t co_owner, Section(i.co_owners[k], std::nullopt));
      TORIKUMI_RETURN_IF_ERROR(
          insert_co_owner_->Bind(1, id).Bind(2, std::int64_t(k)).Bind(3, co_owner).Run());
    }
    return insert_search_->Bind(1, id).Bind(2, text::SearchTokens(SearchTextOf(i))).Run();
  }

 private:
  SheetWriter(Connection& db, std::int64_t fiscal_year_id)
      : db_(db), fiscal_year_id_(fiscal_year_id) {}

  Result<void> PrepareAll() {
    struct Sql {
      std::optional<Statement>* target;
      std::string_view sql;
    };
    const Sql all[] = {
        {&update_,
         "UPDATE initiative SET section_id = ?1, subproject_id = ?2, title = ?3, overview = ?4, "
         "rating = ?5, version = version + 1, "
         "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?6"},
        {&insert_,
         "INSERT INTO initiative (fiscal_year_id, no, section_id, subproject_id, title, "
         "overview, rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&clear_goals_, "DELETE FROM period_goal WHERE initiative_id = ?1"},
        {&clear_entries_, "DELETE FROM entry WHERE initiative_id = ?1"},
        {&clear_co_owners_, "DELETE FROM co_owner WHERE initiative_id = ?1"},
        {&clear_search_, "DELETE FROM initiative_search WHERE rowid = ?1"},
        {&insert_goal_,
         "INSERT INTO period_goal (initiative_id, position, months, target_rate, text) "
         "VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&insert_entry_,
         "INSERT INTO entry (initiative_id, kind, position, months, text) "
         "VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&insert_co_owner_,
         "INSERT INTO co_owner (initiative_id, position, section_id) VALUES (?1, ?2, ?3)"},
        {&insert_search_, "INSERT INTO initiative_search (rowid, tokens) VALUES (?1, ?2)"},
    };
    for (const Sql& s : all) {
      TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(s.sql));
      s.target->emplace(std::move(stmt));
    }
    return {};
  }

  // Finds or creates a row by a key, caching ids for the rest of the import.
  template <typename Key>
  Result<std::int64_t> FindOrCreate(std::map<Key, std::int64_t>& cache, const Key& key,
                                    std::string_view find_sql, std::string_view insert_sql,
                                    auto bind) {
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    TORIKUMI_ASSIGN_OR_RETURN(Statement find, db_.Prepare(find_sql));
    bind(find);
    TORIKUMI_ASSIGN_OR_RETURN(bool found, find.Step());
    std::int64_t id;
    if (found) {
      id = find.Int(0);
    } else {
      TORIKUMI_ASSIGN_OR_RETURN(Statement insert, db_.Prepare(insert_sql));
      bind(insert);
      TORIKUMI_RETURN_IF_ERROR(insert.Run());
      id = db_.LastInsertId();
    }
    cache.emplace(key, id);
    return id;
  }

  Result<std::int64_t> Department(const std::string& name) {
    return FindOrCreate(
        departments_, name, "SELECT id FROM department WHERE fiscal_year_id = ?1 AND name = ?2",
        "INSERT INTO department (fiscal_year_id, name) VALUES (?1, ?2)",
        [&](Statement& s) { s.Bind(1, fiscal_year_id_).Bind(2, name); });
  }

  // The section named `name`; an owner's section also gets (or moves to) `department`.
  Result<std::int64_t> Section(const std::string& name, std::optional<std::int64_t> department) {
    TORIKUMI_ASSIGN_OR_RETURN(
        std::int64_t id,
        FindOrCreate(sections_, name,
                     "SELECT id FROM section WHERE fiscal_year_id = ?1 AND name = ?2",
                     "INSERT INTO section (fiscal_year_id, name) VALUES (?1, ?2)",
                     [&](Statement& s) { s.Bind(1, fiscal_year_id_).Bind(2, name); }));
    if (department && section_departments_[id] != *department) {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement move, db_.Prepare("UPDATE section SET department_id = ?1 WHERE id = ?2"));
      TORIKUMI_RETURN_IF_ERROR(move.Bind(1, *department).Bind(2, id).Run());
      section_departments_[id] = *department;
    }
    return id;
  }

  Result<std::int64_t> Subproject(const Initiative& i) {
    TORIKUMI_ASSIGN_OR_RETURN(
        std::int64_t goal,
        FindOrCreate(goals_, std::pair(i.goal.number, i.goal.title),
                     "SELECT id FROM goal WHERE fiscal_year_id = ?1 AND number IS ?2 AND title = ?3",
                     "INSERT INTO goal (fiscal_year_id, number, title) VALUES (?1, ?2, ?3)",
                     [&](Statement& s) {
                       s.Bind(1, fiscal_year_id_).Bind(2, i.goal.number).Bind(3, i.goal.title);
                     }));
    TORIKUMI_ASSIGN_OR_RETURN(
        std::int64_t policy,
        FindOrCreate(policies_, std::tuple(goal, i.policy.number, i.policy.title),
                     "SELECT id FROM policy WHERE goal_id = ?1 AND number IS ?2 AND title = ?3",
                     "INSERT INTO policy (goal_id, number, title) VALUES (?1, ?2, ?3)",
                     [&](Statement& s) {
                       s.Bind(1, goal).Bind(2, i.policy.number).Bind(3, i.policy.title);
                     }));
    TORIKUMI_ASSIGN_OR_RETURN(
        std::int64_t project,
        FindOrCreate(projects_, std::pair(policy, i.project),
                     "SELECT id FROM project WHERE policy_id = ?1 AND name = ?2",
                     "INSERT INTO project (policy_id, name) VALUES (?1, ?2)",
                     [&](Statement& s) { s.Bind(1, policy).Bind(2, i.project); }));
    return FindOrCreate(subprojects_, std::pair(project, i.subproject),
                        "SELECT id FROM subproject WHERE project_id = ?1 AND name = ?2",
                        "INSERT INTO subproject (project_id, name) VALUES (?1, ?2)",
                        [&](Statement& s) { s.Bind(1, project).Bind(2, i.subproject); });
  }

  Connection& db_;
  std::int64_t fiscal_year_id_;
  std::map<std::string, std::int64_t> departments_;
  std::map<std::string, std::int64_t> sections_;
  std::map<std::int64_t, std::int64_t> section_departments_;
  std::map<std::pair<std::optional<int>, std::string>, std::int64_t> goals_;
  std::map<std::tuple<std::int64_t, std::optional<int>, std::string>, std::int64_t> policies_;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> projects_;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> subprojects_;

  std::optional<Statement> update_, insert_, clear_goals_, clear_entries_, clear_co_owners_,
      clear_search_, insert_goal_, insert_entry_, insert_co_owner_, insert_search_;
};


class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}

  // Opens the first connection and brings the schema up to date.
  Result<void> Initialise() {
    TORIKUMI_ASSIGN_OR_RETURN(auto db, NewConnection());
    TORIKUMI_RETURN_IF_ERROR(Migrate(*db));
    idle_.push_back(std::move(db));
    return {};
  }

  Result<std::vector<int>> FiscalYears() override {
    return WithConnection<std::vector<int>>([&](Connection& db) -> Result<std::vector<int>> {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT year FROM fiscal_year WHERE municipality_id = ?1 ORDER BY year DESC"));
      stmt.Bind(1, kMunicipality);
      std::vector<int> years;
      for (;;) {
        TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) return years;
        years.push_back(int(stmt.Int(0)));
      }
    });
  }

  Result<std::optional<model::RatingScale>> LoadRatingScale(int year) override {
    using Scale = std::optional<model::RatingScale>;
    return WithConnection<Scale>([&](Connection& db) { return RatingScaleOf(db, year); });
  }

  Result<std::optional<model::Sheet>> LoadSheet(int year) override {
    using Loaded = std::optional<model::Sheet>;
    return WithConnection<Loaded>([&](Connection& db) {
      return InTransaction<Loaded>(db, "BEGIN", [&]() -> Result<Loaded> {
        TORIKUMI_ASSIGN_OR_RETURN(auto scale, RatingScaleOf(db, year));
        if (!scale) return Loaded();
        model::Sheet sheet;
        sheet.fiscal_year = year;
        sheet.rating_scale = std::move(*scale);
        TORIKUMI_ASSIGN_OR_RETURN(sheet.initiatives, LoadInitiatives(db, year, std::nullopt));
        return Loaded(std::move(sheet));
      });
    });
  }

  Result<std::optional<Initiative>> LoadInitiative(int year, int no) override {
    using Loaded = std::optional<Initiative>;
    return WithConnection<Loaded>([&](Connection& db) -> Result<Loaded> {
      TORIKUMI_ASSIGN_OR_RETURN(auto initiatives, LoadInitiatives(db, year, no));
      if (initiatives.empty()) return Loaded();
      return Loaded(std::move(initiatives.front()));
    });
  }

  Result<std::vector<InitiativeSummary>> ListInitiatives(int year,
                                                         const InitiativeFilter& filter) override {
    using Rows = std::vector<InitiativeSummary>;
    return WithConnection<Rows>([&](Connection& db) -> Result<Rows> {
      TORIKUMI_ASSIGN_OR_RETURN(Rows rows, Summaries(db, year, SearchQueryOf(filter.query)));
      std::erase_if(rows, [&](const InitiativeSummary& s) { return !Matches(s, filter); });
      return rows;
    });
  }

  Result<Facets> ListFacets(int year) override {
    return WithConnection<Facets>([&](Connection& db) -> Result<Facets> {
      TORIKUMI_ASSIGN_OR_RETURN(auto summaries, Summaries(db, year, ""));
      Facets facets;
      for (const InitiativeSummary& s : summaries) {
        AddOnce(facets.departments, s.department);
        AddOnce(facets.sections, s.section);
        AddOnce(facets.goals, s.goal);
        AddOnce(facets.policies, s.policy);
      }
      return facets;
    });
  }

  Result<ImportOutcome> ImportSheet(const model::Sheet& sheet) override {
    return WithConnection<ImportOutcome>([&](Connection& db) {
      return InTransaction<ImportOutcome>(db, "BEGIN IMMEDIATE", [&]() -> Result<ImportOutcome> {
        return Import(db, sheet);
      });
    });
  }

 private:
  static Result<ImportOutcome> Import(Connection& db, const model::Sheet& sheet) {
    TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, sheet.fiscal_year));
    if (!year_id) {
      TORIKUMI_ASSIGN_OR_RETURN(
          Statement insert,
          db.Prepare("INSERT INTO fiscal_year (municipality_id, year) VALUES (?1, ?2)"));
      TORIKUMI_RETURN_IF_ERROR(insert.Bind(1, kMunicipality).Bind(2, sheet.fiscal_year).Run());
      year_id = db.LastInsertId();
    }
    TORIKUMI_ASSIGN_OR_RETURN(auto existing, LoadInitiatives(db, sheet.fiscal_year, std::nullopt));
    std::map<int, const Initiative*> existing_by_no;
    for (const Initiative& i : existing) existing_by_no[i.no] = &i;
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement find_id,
        db.Prepare("SELECT id FROM initiative WHERE fiscal_year_id = ?1 AND no = ?2"));

    TORIKUMI_ASSIGN_OR_RETURN(SheetWriter writer, SheetWriter::Create(db, *year_id));
    TORIKUMI_RETURN_IF_ERROR(writer.WriteRatingScale(sheet.rating_scale));
    ImportOutcome outcome;
    for (const Initiative& i : sheet.initiatives) {
      auto it = existing_by_no.find(i.no);
      if (it == existing_by_no.end()) {
        TORIKUMI_RETURN_IF_ERROR(writer.Write(i, std::nullopt));
        outcome.added.push_back(i.no);
        continue;
      }
      const bool same = *it->second == i;
      existing_by_no.erase(it);
      if (same) {
        outcome.unchanged.push_back(i.no);
        continue;
      }
      find_id.Bind(1, *year_id).Bind(2, i.no);
      TORIKUMI_ASSIGN_OR_RETURN(bool found, find_id.Step());
      const std::int64_t id = found ? find_id.Int(0) : 0;
      find_id.Reset();
      TORIKUMI_RETURN_IF_ERROR(writer.Write(i, id));
      outcome.changed.push_back(i.no);
    }
    for (const auto& [no, initiative] : existing_by_no) outcome.kept.push_back(no);
    return outcome;
  }

  // The year's rows in No. order, narrowed by an FTS5 query unless `search` is empty.
  static Result<std::vector<InitiativeSummary>> Summaries(Connection& db, int year,
                                                          const std::string& search) {
    TORIKUMI_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectSummaries));
    stmt.Bind(1, kMunicipality).Bind(2, year).Bind(3, search);
    std::vector<InitiativeSummary> rows;
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return rows;
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
      rows.push_back(std::move(s));
    }
  }

  static Result<std::optional<model::RatingScale>> RatingScaleOf(Connection& db, int year) {
    using Scale = std::optional<model::RatingScale>;
    TORIKUMI_ASSIGN_OR_RETURN(auto year_id, FindFiscalYear(db, year));
    if (!year_id) return Scale();
    TORIKUMI_ASSIGN_OR_RETURN(
        Statement stmt, db.Prepare("SELECT symbol, label FROM rating_level "
                                   "WHERE fiscal_year_id = ?1 ORDER BY position"));
    stmt.Bind(1, *year_id);
    std::vector<model::RatingLevel> levels;
    for (;;) {
      TORIKUMI_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      levels.push_back({stmt.Text(0), stmt.Text(1)});
    }
    return Scale(model::RatingScale(std::move(levels)));
  }

  static bool Matches(const InitiativeSummary& s, const InitiativeFilter& f) {
    return (f.department.empty() || s.department == f.department) &&
           (f.section.empty() || s.section == f.section) &&
           (f.goal.empty() || text::FormatNumberedTitle(s.goal) == f.goal) &&
           (f.policy.empty() || text::FormatNumberedTitle(s.policy) == f.policy) &&
           (f.rating.empty() || s.rating == f.rating);
  }

  template <typename T>
  static void AddOnce(std::vector<T>& values, const T& value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }

  Result<std::unique_ptr<Connection>> NewConnection() {
    TORIKUMI_ASSIGN_OR_RETURN(Connection db, Connection::Open(path_));
    // FULL makes each commit durable before it is acknowledged, power loss included.
    TORIKUMI_RETURN_IF_ERROR(db.Execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
    return std::make_unique<Connection>(std::move(db));
  }

  // Runs `work` on a pooled connection; the connection goes back to the pool afterwards.
  template <typename T, typename Work>
  Result<T> WithConnection(Work work) {
    std::unique_ptr<Connection> db;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        db = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!db) {
      TORIKUMI_ASSIGN_OR_RETURN(db, NewConnection());
    }
    Result<T> result = work(*db);
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
    return result;
  }

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto store = std::make_unique<SqliteStore>(path);
  TORIKUMI_RETURN_IF_ERROR(store->Initialise());
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view location) {
  std::string path(location);
  if (path.starts_with("sqlite:")) path.erase(0, std::string_view("sqlite:").size());
  if (path.empty()) return Error::InvalidInput("データベースの場所が空です");
  return OpenSqliteStore(path);
}

}  // namespace torikumi::store
