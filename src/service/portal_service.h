#ifndef TORIKUMI_SERVICE_PORTAL_SERVICE_H_
#define TORIKUMI_SERVICE_PORTAL_SERVICE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "service/initiative_list.h"
#include "store/store.h"

namespace torikumi::service {

// What the public reads: publications only, never the working sheet staff edit.
class PortalService {
 public:
  explicit PortalService(store::Store& store) : store_(store) {}

  // The years with a publication, newest first.
  Result<std::vector<int>> Years();
  // The year's publications, newest first.
  Result<std::vector<store::PublicationRecord>> Publications(int year);
  // The year's latest publication, or the one numbered `id` if it is of that year.
  // NotFound otherwise.
  Result<store::PublicationRecord> Publication(int year, std::optional<std::int64_t> id);

  Result<InitiativeList> List(const store::PublicationRecord& publication,
                              const store::InitiativeFilter& filter);
  Result<model::Initiative> Initiative(const store::PublicationRecord& publication, int no);
  Result<model::RatingScale> RatingScale(const store::PublicationRecord& publication);
  Result<model::Sheet> Sheet(const store::PublicationRecord& publication);

 private:
  store::Store& store_;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_PORTAL_SERVICE_H_
