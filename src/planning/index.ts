/**
 * The planning module: versioned replenishment policies, plan runs (forecast + policy + order
 * sizing for every SKU x location, in worker threads), stored explained recommendations,
 * planner overrides, draft purchase orders from a run, and the nightly schedule. Other modules
 * import only from here. See docs/planning.md.
 */
export * from './types.ts';
export { createPolicy, addPolicyVersion, getPolicy, listPolicies, listPolicyVersions, DEFAULT_RULES } from './policies.ts';
export { DEFAULT_POLICIES } from './default-policies.ts';
export { startPlanRun, runPlan, budgetMessage, excessMessage, replenishmentMessage, STALE_AFTER_MS, type PlanContext, type PlanProgress } from './plan-run.ts';
export { applyBudget, BUDGET_OBJECTIVES, type BudgetObjective, type BudgetSummary, type CapUse } from './budget.ts';
export { getPlanRun, listPlanRuns, listRecommendations, recommendationCounts, getRecommendation, listOverrides, overrideRecommendation, orderStepOf, latestSucceededRunId } from './plan-queries.ts';
export { createTransfersFromRun, runTransferNumber, type RunTransfersResult } from './plan-transfers.ts';
export { createPurchaseOrdersFromRun, planSupplierSummary, type RunOrdersResult, type SupplierSummary } from './plan-orders.ts';
export { startPlanScheduler, parseSchedule, parseRetention, parseReviewEvery, nextOccurrence, type PlanScheduler, type SchedulerOptions } from './scheduler.ts';
export { resolveParameters } from './parameters.ts';
export { computeSuggestion, daysUntilDepleted, projectedStockoutDay, forecastHorizon, MIN_DEMAND_PER_DAY, type PlanItem, type PlanItemResult } from './suggestion.ts';
export { segmentSkus, weeklyCv, xyzClass, XYZ_LIMITS } from './segmentation.ts';
export { choosePolicy, selectorMatches } from './policy-match.ts';
export { runPolicyReview, autoCalibrateTargets, saveReview, getReview, listReviews, lastReviewAt, type SavedPolicyReview, type ReviewTrigger, type RunReviewOptions, type SkippedCalibration } from './review-history.ts';
export { reviewPolicies, applyCalibration, MIN_REVIEW_HISTORY_DAYS, CALIBRATION_GRID, CALIBRATION_TOLERANCE, type PolicyReview, type PolicyReviewOptions, type PolicyOutcome, type PolicyCalibration, type AppliedCalibration } from './policy-review.ts';
export { backtestGroup, backtestPlanPolicy, backtestPlanShifts, type BacktestGroupJob, type BacktestJob, type BacktestSeries, type BacktestOptions, type BacktestOutcome } from './plan-backtest.ts';
export { consolidateToMoq, applySupplierMoqs, type MoqLine, type MoqResult, type SkuMoqRaise } from './moq-consolidation.ts';
export { topUpToMinimumOrderValue, applySupplierMinimumOrderValues, urgencyOrder, type TopUpLine, type TopUpResult, type SupplierTopUp } from './min-order-top-up.ts';
export { leadTimeFor, type LeadTimeAssumption } from './lead-time.ts';
export { prunePlanRuns } from './retention.ts';
export { reviewLaunches, launchFigures, MIN_LAUNCH_OBSERVED_DAYS, MIN_LAUNCHES_FOR_PROPOSAL, type LaunchReview, type LaunchOutcome, type LaunchFigures } from './launch-review.ts';
export { setLaunchForecast, listLaunchForecasts, removeLaunchForecast, DEFAULT_LAUNCH_CV, DEFAULT_HAND_OVER_DAYS, type LaunchForecast, type LaunchForecastInput } from './launch-forecasts.ts';
export { startReviewJob, getReviewJob, runGuardedReview, runningReview, acquireReviewSlot, type ReviewJob } from './review-jobs.ts';
