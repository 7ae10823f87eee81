#include "service/portal_service.h"

#include "text/era.h"

namespace torikumi::service {
namespace {

store::SheetKey KeyOf(const store::PublicationRecord& publication) {
  return store::SheetKey::Published(publication.year, publication.id);
}

Error NotPublished(int year) {
  return Error::NotFound(text::FiscalYearName(year) + "のシートはまだ公開されていません");
}

}  // namespace

Result<std::vector<int>> PortalService::Years() { return store_.PublishedYears(); }

Result<std::vector<store::PublicationRecord>> PortalService::Publications(int year) {
  return store_.Publications(year);
}

Result<store::PublicationRecord> PortalService::Publication(int year,
                                                            std::optional<std::int64_t> id) {
  if (id) {
    TORIKUMI_ASSIGN_OR_RETURN(auto found, store_.FindPublication(*id));
    if (!found || found->year != year) return Error::NotFound("この公開版はありません");
    return std::move(*found);
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto publications, store_.Publications(year));
  if (publications.empty()) return NotPublished(year);
  return std::move(publications.front());
}

Result<InitiativeList> PortalService::List(const store::PublicationRecord& publication,
                                           const store::InitiativeFilter& filter) {
  InitiativeList list;
  TORIKUMI_ASSIGN_OR_RETURN(list.rating_scale, RatingScale(publication));
  TORIKUMI_ASSIGN_OR_RETURN(list.facets, store_.ListFacets(KeyOf(publication)));
  TORIKUMI_ASSIGN_OR_RETURN(list.rows, store_.ListInitiatives(KeyOf(publication), filter));
  return list;
}

Result<model::Initiative> PortalService::Initiative(const store::PublicationRecord& publication,
                                                    int no) {
  TORIKUMI_ASSIGN_OR_RETURN(auto initiative, store_.LoadInitiative(KeyOf(publication), no));
  if (!initiative) {
    return Error::NotFound(text::FiscalYearName(publication.year) + "の No." +
                           std::to_string(no) + " の取組はありません");
  }
  return std::move(*initiative);
}

Result<model::RatingScale> PortalService::RatingScale(const store::PublicationRecord& publication) {
  TORIKUMI_ASSIGN_OR_RETURN(auto scale, store_.LoadRatingScale(KeyOf(publication)));
  if (!scale) return NotPublished(publication.year);
  return std::move(*scale);
}

Result<model::Sheet> PortalService::Sheet(const store::PublicationRecord& publication) {
  TORIKUMI_ASSIGN_OR_RETURN(auto sheet, store_.LoadSheet(KeyOf(publication)));
  if (!sheet) return NotPublished(publication.year);
  return std::move(*sheet);
}

}  // namespace torikumi::service
