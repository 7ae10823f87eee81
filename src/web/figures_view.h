#ifndef TORIKUMI_WEB_FIGURES_VIEW_H_
#define TORIKUMI_WEB_FIGURES_VIEW_H_

#include <cstddef>

#include "model/initiative.h"
#include "web/html.h"

namespace torikumi::web {

// How an initiative's figures read on its pages, public and staff alike.

// "65%（10月時点）、目標まで 5 ポイント" and the like: the period goal's achievement beside its
// target, with a status word for goals ended below target or behind their path.
void GoalAchievementCell(Html& h, const model::Initiative& initiative, std::size_t goal);

// The 指標 section: each indicator's definition, where it stands, a chart of its values
// against the path to its target (server-side SVG) and the chart's data as a table, which is
// the chart's text alternative. Nothing when the initiative has no indicators.
void IndicatorsSection(Html& h, const model::Initiative& initiative);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_FIGURES_VIEW_H_
