/**
 * Policy simulator (backtest): replays demand under a re-planned (R, S) policy and measures fill
 * rate, cycle service, average on hand, stockout periods and orders.
 */
export * from './demand-model.ts';
export * from './ses-normal-model.ts';
export * from './ses-count-model.ts';
export * from './auto-forecast-model.ts';
export * from './simulate-series.ts';
export * from './summary.ts';
export * from './default-warmup.ts';
export * from './segment-calibration.ts';
export * from './simulate-portfolio.ts';
export * from './demand-segment.ts';
export * from './dormant-prior.ts';
export * from './demand-scale.ts';
export * from './service-feedback.ts';
