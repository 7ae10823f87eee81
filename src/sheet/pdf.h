#ifndef TORIKUMI_SHEET_PDF_H_
#define TORIKUMI_SHEET_PDF_H_

#include <cstddef>
#include <string>

#include "model/error.h"
#include "model/initiative.h"
#include "model/progress.h"
#include "sheet/layout.h"
#include "sheet/output.h"

namespace torikumi::sheet {

// The sheet as a council would print it: A3 landscape, the 14 columns of layout.h with the
// two-row header (総合計画 over 分野別目標 and 施策) on every page, the title
// (R7取組実施プロセスシート) and the edition's date at the top of each page and "3 / 39" at
// its foot. A row longer than a page goes on to the next with its No., 所管 and 取組名
// repeated. Fonts are embedded.
// Written to `output` a piece at a time, in memory bounded whatever the sheet's length;
// `progress` hears of the rows laid out and the pages drawn.
Result<void> WriteSheetPdf(const model::Sheet& sheet, const SheetEdition& edition,
                           const Output& output, const model::ProgressReport& progress = {});
Result<std::string> WriteSheetPdf(const model::Sheet& sheet, const SheetEdition& edition);

// One initiative of `fiscal_year` on A4 portrait: its facts, rating (with its label from
// `scale`), co-owners, period goals, and the twelve-month table of plan beside progress.
Result<std::string> WriteInitiativePdf(int fiscal_year, std::string_view municipality_name,
                                       const model::RatingScale& scale,
                                       const model::Initiative& initiative,
                                       const SheetEdition& edition);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_PDF_H_
