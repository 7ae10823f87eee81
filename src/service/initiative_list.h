#ifndef TORIKUMI_SERVICE_INITIATIVE_LIST_H_
#define TORIKUMI_SERVICE_INITIATIVE_LIST_H_

#include <vector>

#include "model/initiative.h"
#include "store/store.h"

namespace torikumi::service {

// One page of a list: the rows that match, every value the filters offer, and the scale
// that labels the ratings.
struct InitiativeList {
  std::vector<store::InitiativeSummary> rows;
  store::Facets facets;
  model::RatingScale rating_scale;
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_INITIATIVE_LIST_H_
