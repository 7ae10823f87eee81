#ifndef TORIKUMI_WEB_PAGES_H_
#define TORIKUMI_WEB_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/initiative.h"
#include "service/sheet_service.h"
#include "store/store.h"

namespace torikumi::web {

// The public pages, rendered on the server in Japanese. Every string from data is escaped
// by Html; the pages need no script.

// /YEAR/: the year's initiatives as the sheet lists them, with the filter form.
std::string RenderListPage(int year, const std::vector<int>& years,
                           const service::InitiativeList& list,
                           const store::InitiativeFilter& filter);

// /YEAR/initiatives/NO: one initiative, its period goals and the twelve months of plan
// beside progress.
std::string RenderInitiativePage(int year, const std::vector<int>& years,
                                 const model::Initiative& initiative,
                                 const model::RatingScale& scale);

// /: shown only while the database holds no sheet.
std::string RenderNoSheetPage();

std::string RenderErrorPage(int status, std::string_view message);

// The stylesheet served at /assets/style.css.
std::string_view StyleSheet();

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_PAGES_H_
