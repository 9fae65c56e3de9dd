/**
 * Adapter: the forecasting engine's `autoForecast` (model selection among ETS, SBA/TSB and simple
 * models, with a demand-class-aware distribution family) as a simulator `DemandModel`.
 * Stockout periods are passed through so censored sales are not read as demand.
 */
import { autoForecast } from '../forecast/index.ts';
import type { DemandForecast, DemandModel } from './demand-model.ts';

export interface AutoForecastModelOptions {
  /** Seasonal period (1 = none, 7 daily/weekly, 12 monthly). */
  season: number;
  /** Force a model by name (autoForecast's `model` option). */
  model?: string;
}

export function autoForecastModel(options: AutoForecastModelOptions): DemandModel {
  const season = Math.max(1, Math.floor(options.season));
  return {
    name: options.model ? `autoForecast(${options.model})` : 'autoForecast',
    forecast(history: Float64Array, horizon: number, stockout?: Uint8Array): DemandForecast {
      const r = autoForecast({ y: history, stockout, season, horizon: Math.max(1, Math.ceil(horizon)), model: options.model });
      return { model: r.model, family: r.family, horizonSum: (k: number) => r.horizonSum(k) };
    },
  };
}
