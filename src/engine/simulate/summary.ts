/**
 * Aggregates of many simulated series: aggregate fill rate (all units served / all units
 * demanded), mean per-series fill rate (series with demand only), mean cycle service, total and
 * mean average on hand, totals of stockout periods and orders.
 */
import type { SeriesSimulation } from './simulate-series.ts';

export interface SimulationSummary {
  series: number;
  aggregateFillRate: number;
  meanFillRate: number;
  meanCycleService: number;
  totalAvgOnHand: number;
  meanAvgOnHand: number;
  stockoutPeriods: number;
  orders: number;
  demanded: number;
  served: number;
}

export function summarizeSimulations(results: SeriesSimulation[]): SimulationSummary {
  let demanded = 0;
  let served = 0;
  let fillSum = 0;
  let fillN = 0;
  let csSum = 0;
  let onHand = 0;
  let stockouts = 0;
  let orders = 0;
  for (const r of results) {
    demanded += r.demanded;
    served += r.served;
    if (r.demanded > 0) {
      fillSum += r.fillRate;
      fillN++;
    }
    csSum += r.cycleService;
    onHand += r.avgOnHand;
    stockouts += r.stockoutPeriods;
    orders += r.orders;
  }
  const k = results.length;
  return {
    series: k,
    aggregateFillRate: demanded > 0 ? served / demanded : 1,
    meanFillRate: fillN > 0 ? fillSum / fillN : 1,
    meanCycleService: k > 0 ? csSum / k : 1,
    totalAvgOnHand: onHand,
    meanAvgOnHand: k > 0 ? onHand / k : 0,
    stockoutPeriods: stockouts,
    orders,
    demanded,
    served,
  };
}
