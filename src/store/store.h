#ifndef TORIKUMI_STORE_STORE_H_
#define TORIKUMI_STORE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"

namespace torikumi::store {

// Narrows a year's list of initiatives; empty fields do not narrow.
struct InitiativeFilter {
  std::string department;
  std::string section;
  std::string goal;    // as FormatNumberedTitle writes it: "5.変革の歩みを止めない川西の実現"
  std::string policy;  // "12.行政経営"
  std::string rating;
  std::string query;   // words that must all occur (two characters or more find words)
};

// One row of the public list: what the sheet's own columns show at a glance.
struct InitiativeSummary {
  int no = 0;
  std::string department;
  std::string section;
  model::NumberedTitle goal;
  model::NumberedTitle policy;
  std::string title;
  std::string rating;
  std::optional<model::Entry> latest_progress;
};

// The distinct values of a year, for the list's filters, in sheet order.
struct Facets {
  std::vector<std::string> departments;
  std::vector<std::string> sections;
  std::vector<model::NumberedTitle> goals;
  std::vector<model::NumberedTitle> policies;
};

// What an import did, by No.
struct ImportOutcome {
  std::vector<int> added;
  std::vector<int> changed;
  std::vector<int> unchanged;
  std::vector<int> kept;  // in the database but not in the imported sheet: left as they were
};

// Storage of torikumi's domain. One interface for every backend; each method is one
// transaction, and implementations are safe to call from several threads at once.
class Store {
 public:
  virtual ~Store() = default;

  // The fiscal years held, newest first.
  virtual Result<std::vector<int>> FiscalYears() = 0;

  // The year's rating scale; nullopt when the year is not held.
  virtual Result<std::optional<model::RatingScale>> LoadRatingScale(int year) = 0;

  // The whole sheet of a year, initiatives ordered by No.; nullopt when the year is not held.
  virtual Result<std::optional<model::Sheet>> LoadSheet(int year) = 0;

  // One initiative; nullopt when the year or the No. is not held.
  virtual Result<std::optional<model::Initiative>> LoadInitiative(int year, int no) = 0;

  virtual Result<std::vector<InitiativeSummary>> ListInitiatives(
      int year, const InitiativeFilter& filter) = 0;

  virtual Result<Facets> ListFacets(int year) = 0;

  // Creates the year if new, sets its rating scale to sheet.rating_scale, and adds or
  // replaces each initiative by (year, No.); initiatives not in `sheet` are kept. All or
  // nothing.
  // REQUIRES: every owner section belongs to one department within `sheet`
  virtual Result<ImportOutcome> ImportSheet(const model::Sheet& sheet) = 0;
};

// Opens the store a location names, applying pending migrations: a file path (SQLite, the
// file is created when missing) or "sqlite:PATH".
Result<std::unique_ptr<Store>> OpenStore(std::string_view location);

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_STORE_H_
