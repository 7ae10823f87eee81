#ifndef TORIKUMI_STORE_SHEET_ROWS_H_
#define TORIKUMI_STORE_SHEET_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/initiative.h"
#include "model/progress.h"
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

// Deletes the initiative `no` of the sheet, or all of them, with everything that hangs off
// them and their entries in the search index.
Result<void> DeleteInitiatives(Connection& db, std::int64_t sheet_id, std::optional<int> no);

// Changes the search index beside the rows (Dialect::Search), in the order given: at once,
// or, while the connection puts index changes off (Connection::put_off_index) and these are
// few, when WritePutOffIndex is called.
Result<void> WriteIndex(Connection& db, std::vector<sql::IndexChange> changes);
// Writes the index changes put off and not yet written.
Result<void> WritePutOffIndex(Connection& db);

// The sheet's list rows in No. order, narrowed by the user's search words unless empty.
Result<std::vector<InitiativeSummary>> LoadSummaries(Connection& db, std::int64_t sheet_id,
                                                     std::string_view query);

// Writes a sheet's rows, finding or creating the organisation and plan-hierarchy rows they
// refer to. Write queues an initiative; Finish writes everything queued a kind of row at a
// time (one statement per kind on PostgreSQL, one prepared statement run per row on
// SQLite), whatever the number of initiatives, and the search index last: SQLite's FTS5
// writes its pending index out at the start of every later statement of the transaction.
class SheetWriter {
 public:
  // `latest_publication`: the sheet is its year's latest publication, whose initiatives the
  // search across municipalities looks in.
  SheetWriter(Connection& db, std::int64_t sheet_id, bool latest_publication = false)
      : db_(db), sheet_id_(sheet_id), latest_publication_(latest_publication) {}

  Result<void> WriteRatingScale(const model::RatingScale& scale);
  // Queues `i` to be inserted, or to replace the row `existing_id` and bump its version.
  void Write(model::Initiative i, std::optional<std::int64_t> existing_id);
  // Queues `i` to replace the row `id`, which holds `before`: only the parts that differ
  // (goals, entries, indicators …) and the search document, if it differs, are written
  // again, so that a month's report dirties a few pages rather than the whole initiative's.
  void Replace(const model::Initiative& before, const model::Initiative& i, std::int64_t id);
  // Writes what Write queued; nothing queued is written without it.
  Result<void> Finish();
  // Tells `report` of the rows Finish writes, as the step "書き込み".
  void ReportTo(model::ProgressReport report) { report_ = std::move(report); }
  // Writes the search documents of every initiative of the sheet again, as after a rename
  // of a section or plan element, whose names the initiatives are found by.
  Result<void> IndexAgain();

 private:
  // The parts of an initiative kept in rows of their own, written again when they change.
  enum Part : unsigned {
    kGoals = 1,
    kEntries = 2,
    kCoOwners = 4,
    kNotes = 8,
    kIndicators = 16,
    kAchievements = 32,
    kSearchDocument = 64,
    kAllParts = 127,
  };
  struct Queued {
    model::Initiative initiative;
    unsigned parts = kAllParts;  // those to write
    // Given by Finish: the ids of the rows the initiative refers to.
    std::int64_t section = 0;
    std::int64_t subproject = 0;
    std::vector<std::int64_t> co_owners;
    std::vector<std::int64_t> notes;  // each note's section
    std::optional<std::int64_t> id;   // known for a replaced row, given by Finish to a new one
    // For a replaced row whose search text changed: the numbers of the parts that changed
    // (SearchPartsOf), in order.
    std::optional<std::vector<std::uint32_t>> search_changed;
  };

  template <typename Key, typename Read, typename Bind>
  Result<std::map<Key, std::int64_t>> Resolve(const std::vector<Key>& wanted,
                                              std::string_view load_sql, Read read,
                                              std::string_view insert_head,
                                              std::string_view returning, int width, Bind bind);
  Result<void> ResolveOrganisation();
  Result<void> ResolvePlan();
  Result<void> ReplaceRows(const std::vector<const Queued*>& replaced);
  Result<void> InsertRows(std::vector<Queued*>& added);
  Result<void> InsertParts();
  Result<void> InsertFigures();
  Result<void> IndexForSearch(const std::vector<const Queued*>& replaced);
  void EnterParts(std::int64_t id, const model::Initiative& i,
                  const std::optional<std::vector<std::uint32_t>>& which,
                  std::vector<sql::IndexChange>& changes) const;
  Result<void> WriteSearchDocuments(std::vector<sql::IndexChange> changes, std::size_t documents);
  std::string SearchDocumentOf(const model::Initiative& i) const;
  // `bind` for a row of RunForRows that also counts the row as written.
  template <typename Bind>
  auto Counted(Bind bind) {
    return [this, bind](Statement& s, int at, std::size_t k) {
      bind(s, at, k);
      Written();
    };
  }
  void Written();
  std::uint64_t RowsToWrite(std::size_t added) const;

  Connection& db_;
  std::int64_t sheet_id_;
  bool latest_publication_;
  std::vector<Queued> queued_;
  model::ProgressReport report_;
  std::uint64_t rows_written_ = 0;
  std::uint64_t rows_to_write_ = 0;
};

}  // namespace torikumi::store::rows

#endif  // TORIKUMI_STORE_SHEET_ROWS_H_
