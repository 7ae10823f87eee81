#ifndef TORIKUMI_WEB_PORTAL_PAGES_H_
#define TORIKUMI_WEB_PORTAL_PAGES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/initiative.h"
#include "model/review.h"
#include "service/initiative_list.h"
#include "service/portal_service.h"
#include "store/records.h"
#include "web/html.h"
#include "web/layout.h"

namespace torikumi::web {

// The public portal's pages, rendered on the server in Japanese, and the pieces of them the
// staff pages share. Every string from data is escaped by Html; no page needs script.

// Where a portal page stands: which year and publication, and the links around it.
struct PortalContext {
  int year = 0;
  std::vector<int> years;  // the published years, for the navigation
  store::PublicationRecord publication;
  bool latest = true;        // the year's latest publication
  std::string base;          // "/2025/" for the latest, "/2025/publications/7/" for an earlier one
  std::string municipality;  // whose: "川西市", or "" until named
};

// BASE: the list of a publication, with the filter form.
std::string RenderListPage(const PortalContext& context, const service::InitiativeList& list,
                           const store::InitiativeFilter& filter);
// BASE/initiatives/NO: one initiative.
std::string RenderInitiativePage(const PortalContext& context, const model::Initiative& initiative,
                                 const model::RatingScale& scale);
// BASE/downloads/: the publication as files, with the licence.
std::string RenderDownloadsPage(const PortalContext& context,
                                const std::vector<std::pair<std::string, std::string>>& files,
                                const service::Licence& licence);
// /YEAR/publications/: every publication of the year.
std::string RenderPublicationsPage(int year, const std::vector<int>& years,
                                   const std::vector<store::PublicationRecord>& publications,
                                   std::string_view municipality);
// A withdrawn publication's pages (410): when and why it was withdrawn.
std::string RenderWithdrawnPage(const PortalContext& context);
// /: shown only while nothing is published.
std::string RenderNothingPublishedPage(std::string_view municipality);
// アクセシビリティ: the level the site meets, the date, the pages tested and how.
std::string RenderAccessibilityPage(std::string_view municipality);
// /search: every municipality's latest publications searched at once (at most
// kSearchHitsShown hits, the most recently published first), and the municipalities of the
// installation.
inline constexpr std::size_t kSearchHitsShown = 200;
std::string RenderSearchPage(std::string_view query, const std::vector<store::PublishedHit>& hits,
                             const std::vector<store::Municipality>& municipalities);
std::string RenderErrorPage(int status, std::string_view message);

// Shared with the staff pages.

// The filter form of a list, submitting to `action`.
void FilterForm(Html& h, std::string_view action, const service::InitiativeList& list,
                const store::InitiativeFilter& filter);
// The list as the sheet shows it; links go to `base` + "initiatives/NO". With `reports`,
// a column shows each initiative's report state of the month.
void InitiativeTable(Html& h, std::string_view caption, std::string_view base,
                     const service::InitiativeList& list,
                     const std::map<int, model::MonthReport>* reports);
// An initiative's facts, overview, period goals and twelve-month table.
void InitiativeBody(Html& h, const model::Initiative& initiative, const model::RatingScale& scale);

// The stylesheet served at /assets/style.css.
std::string_view StyleSheet();
// The script served at /assets/working.js: says when long work is under way.
std::string_view WorkingScript();

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_PORTAL_PAGES_H_
