/** Validation and defaults of plan-run parameters. */
import { MODEL_NAMES } from '../engine/forecast/index.ts';
import { validationError } from '../shared/errors.ts';
import { utcDay } from './dates.ts';
import { BUDGET_OBJECTIVES, type BudgetObjective } from './budget.ts';
import { DEFAULT_EXCESS_DAYS } from './excess.ts';
import type { PlanParameters } from './types.ts';
import { checkDay, checkInt, checkNumber, checkText } from './validate.ts';
import { defaultThreads } from './worker-pool.ts';

export type ResolvedParameters = Required<Omit<PlanParameters, 'location'>> & { location: string | null };

const KEYS = ['asOf', 'location', 'historyDays', 'forecastModel', 'season', 'threads', 'defaultLeadTimeDays', 'minSkuLeadTimeObservations', 'minSupplierLeadTimeObservations', 'budget', 'budgetObjective', 'excessDays'];

/** Checks `p` (unknown keys refused) and fills the defaults; `today` is the default as-of day. */
export function resolveParameters(p: PlanParameters = {}, today = utcDay()): ResolvedParameters {
  if (!p || typeof p !== 'object') throw validationError('plan parameters must be an object');
  for (const k of Object.keys(p)) if (!KEYS.includes(k)) throw validationError(`unknown plan parameter ${JSON.stringify(k)} (known: ${KEYS.join(', ')})`, { field: k });
  const model = p.forecastModel === undefined ? 'auto' : checkText('forecastModel', p.forecastModel, 40).toLowerCase();
  if (!(MODEL_NAMES as readonly string[]).includes(model) && !/^ets\((a|m),(n|a|ad),(n|a|m)\)$/.test(model.replace(/\s+/g, ''))) {
    throw validationError(`forecastModel must be one of ${MODEL_NAMES.join(', ')} or ETS(E,T,S) (got ${JSON.stringify(p.forecastModel)})`, { field: 'forecastModel' });
  }
  const asOf = p.asOf === undefined ? today : checkDay('asOf', p.asOf);
  // Days after today have no history yet: planning them would read them as zero demand.
  if (asOf > today) throw validationError(`asOf ${asOf} is after today (${today}, UTC): the demand of days to come is not known`, { field: 'asOf' });
  return {
    asOf,
    location: p.location === undefined || p.location === null ? null : checkText('location', p.location, 200),
    historyDays: p.historyDays === undefined ? 365 : checkInt('historyDays', p.historyDays, 28, 1095),
    forecastModel: model,
    season: p.season === undefined ? 7 : checkInt('season', p.season, 1, 366),
    threads: p.threads === undefined ? defaultThreads() : checkInt('threads', p.threads, 0, 64),
    defaultLeadTimeDays: p.defaultLeadTimeDays === undefined ? 14 : checkNumber('defaultLeadTimeDays', p.defaultLeadTimeDays, 0, 730),
    minSkuLeadTimeObservations: p.minSkuLeadTimeObservations === undefined ? 5 : checkInt('minSkuLeadTimeObservations', p.minSkuLeadTimeObservations, 1, 1000),
    minSupplierLeadTimeObservations: p.minSupplierLeadTimeObservations === undefined ? 3 : checkInt('minSupplierLeadTimeObservations', p.minSupplierLeadTimeObservations, 1, 1000),
    budget: p.budget === undefined || p.budget === null ? null : checkInt('budget', p.budget, 0),
    budgetObjective: p.budgetObjective === undefined ? 'margin' : checkObjective(p.budgetObjective),
    excessDays: p.excessDays === undefined ? DEFAULT_EXCESS_DAYS : checkInt('excessDays', p.excessDays, 30, 1095),
  };
}

function checkObjective(v: unknown): BudgetObjective {
  if (!(BUDGET_OBJECTIVES as readonly unknown[]).includes(v)) throw validationError(`budgetObjective must be one of ${BUDGET_OBJECTIVES.join(', ')} (got ${JSON.stringify(v)})`, { field: 'budgetObjective' });
  return v as BudgetObjective;
}
