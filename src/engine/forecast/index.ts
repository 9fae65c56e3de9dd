/**
 * Public API of the demand forecasting engine (pure: no I/O). See docs/forecasting.md.
 */
export { autoForecast, censoredHistory, MODEL_NAMES } from './auto-forecast.ts';
export type { AutoForecastInput, DemandClass, DemandFamily, ForecastResult, ModelForecast } from './types.ts';
export { classifyDemand, ADI_CUTOFF, CV2_CUTOFF } from './demand-class.ts';
export { demandCdf, demandQuantile } from './demand-distribution.ts';
export { etsName, etsFilter, etsPointForecast, type EtsSpec, type EtsParams } from './ets-core.ts';
export { fitEts, evaluateEts, forecastEts, type EtsFit } from './ets-fit.ts';
export { autoEts, etsCandidates } from './ets-auto.ts';
export { forecastIntermittent, forecastIntermittentBuckets, type IntermittentMethod } from './intermittent.ts';
export { bucketSums } from './buckets.ts';
export { forecastNaive, forecastSeasonalNaive, forecastMean, forecastMovingAverage } from './simple-models.ts';
export { makeForecastResult } from './forecast-result.ts';
export { forecastTheta } from './theta.ts';
export { mase, rmsse, bias, pinball, coverage, naiveScale } from './accuracy.ts';
export { rollingOrigin, type BacktestOptions, type BacktestScore } from './backtest.ts';
export { forecastToData, fromBatchForecast, type BatchSeries, type BatchForecast } from './batch.ts';
export { launchForecast, blendLaunch, launchAfter, type LaunchInput } from './launch.ts';
