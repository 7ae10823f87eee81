#ifndef TORIKUMI_STORE_SHEET_ROWS_H_
#define TORIKUMI_STORE_SHEET_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/initiative.h"
#include "store/sql.h"
#include "store/store.h"

namespace torikumi::store::rows {

using sql::Connection;
using sql::Statement;

// Reading and writing one sheet's rows (organisation, plan hierarchy, initiatives and
// their parts, search tokens) on a connection, inside the caller's transaction.

// The initiatives of the sheet (all, or the one numbered `no`) with their parts, by No.
Result<std::vector<model::Initiative>> LoadInitiatives(Connection& db, std::int64_t sheet_id,
                                                       std::optional<int> no);

Result<model::RatingScale> LoadRatingScale(Connection& db, std::int64_t sheet_id);

// The sheet's list rows in No. order, narrowed by the user's search words unless empty.
Result<std::vector<InitiativeSummary>> LoadSummaries(Connection& db, std::int64_t sheet_id,
                                                     std::string_view query);

// Writes a sheet's rows, finding or creating the organisation and plan-hierarchy rows they
// refer to. Statements are prepared once per writer.
class SheetWriter {
 public:
  static Result<SheetWriter> Create(Connection& db, std::int64_t sheet_id);

  Result<void> WriteRatingScale(const model::RatingScale& scale);
  // Inserts `i`, or replaces the row `existing_id` and bumps its version.
  Result<void> Write(const model::Initiative& i, std::optional<std::int64_t> existing_id);

 private:
  SheetWriter(Connection& db, std::int64_t sheet_id) : db_(db), sheet_id_(sheet_id) {}
  Result<void> PrepareAll();
  template <typename Key, typename Bind>
  Result<std::int64_t> FindOrCreate(std::map<Key, std::int64_t>& cache, const Key& key,
                                    std::string_view find_sql, std::string_view insert_sql,
                                    Bind bind);
  // Inserts `rows` rows of `width` values in one statement, `bind(statement, first
  // parameter, row)` binding each row's.
  template <typename Bind>
  Result<void> InsertRows(std::string_view head, int width, std::size_t rows, Bind bind);
  Result<std::int64_t> Department(const std::string& name);
  Result<std::int64_t> Section(const std::string& name, std::optional<std::int64_t> department);
  Result<std::int64_t> Subproject(const model::Initiative& i);

  Connection& db_;
  std::int64_t sheet_id_;
  std::map<std::string, std::int64_t> departments_;
  std::map<std::string, std::int64_t> sections_;
  std::map<std::int64_t, std::int64_t> section_departments_;
  std::map<std::pair<std::optional<int>, std::string>, std::int64_t> goals_;
  std::map<std::tuple<std::int64_t, std::optional<int>, std::string>, std::int64_t> policies_;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> projects_;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> subprojects_;
  std::optional<Statement> update_, insert_, clear_goals_, clear_entries_, clear_co_owners_,
      clear_search_, insert_search_;
};

}  // namespace torikumi::store::rows

#endif  // TORIKUMI_STORE_SHEET_ROWS_H_
