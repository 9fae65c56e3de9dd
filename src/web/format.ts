/** Display formatting: integers with separators, money, percentages, days and instants. */

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 12,345 (rounded); '–' for null/undefined. */
export const int = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : intFmt.format(Math.round(n)));
/** One decimal: 1.3. */
export const num1 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : dec1.format(n));
/** Two decimals: 1.34. */
export const num2 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : dec2.format(n));
/** A decimal money string from the API ("384912.20") shown as 384,912.20 (kept exact, no float). */
export function money(s: string | null | undefined): string {
  if (s === null || s === undefined) return '–';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const whole = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (m[3] ?? '').padEnd(2, '0');
  return `${m[1]}${whole}.${frac}`;
}

/** An amount stored in integer micro-units (run summaries), shown as money. */
export function moneyMicros(n: number): string {
  return money((n / 1e6).toFixed(2));
}
/** Money rounded to whole units for headline figures: 384,912. */
export const moneyShort = (s: string | null | undefined) => (s === null || s === undefined ? '–' : intFmt.format(Math.round(Number(s))));
/** 0.98 -> 98%; 0.9745 -> 97.5%. */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  const p = x * 100;
  return `${Number.isInteger(Math.round(p * 10) / 10) ? Math.round(p) : (Math.round(p * 10) / 10).toFixed(1)}%`;
}
/** An ISO instant as 'YYYY-MM-DD HH:MM' UTC. */
export const instant = (s: string | null | undefined) => (s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : '–');
/** The UTC day 'YYYY-MM-DD' of `d` (default now). */
export const dayOf = (d: Date = new Date()) => d.toISOString().slice(0, 10);
/** The day `n` days before `day` ('YYYY-MM-DD'). */
/** Whole days from `from` to `to` (both 'YYYY-MM-DD', UTC); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return dayOf(d);
}
/** A signed quantity: +12 / −3. */
export const signed = (n: number) => (n > 0 ? `+${intFmt.format(n)}` : n < 0 ? `−${intFmt.format(-n)}` : '0');
/** movement kind / status 'transfer_out' -> 'transfer out'. */
export const label = (s: string) => s.replace(/_/g, ' ');
/** The signed effect of a movement on stock (sales and transfers out are stored as positive quantities). */
export const movementDelta = (kind: string, quantity: number) => (kind === 'sale' || kind === 'transfer_out' ? -quantity : quantity);
/** ISO weekday names, index = weekday - 1 (1 = Monday): policies' order days. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Order days as text: 'Mon, Thu', or 'any' (null: any day). */
export const orderDaysText = (days: number[] | null | undefined) => (days && days.length ? days.map((d) => WEEKDAYS[d - 1]).join(', ') : 'any');

/** The demand classes a policy can shift separately (class_shifts), in their display order. */
export const DEMAND_CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;

/** A policy's class shifts, one entry per class set, in demand-class order: ["smooth +0.30", "intermittent −0.90"]. */
export function classShiftParts(shifts: Record<string, number> | null | undefined): string[] {
  if (!shifts) return [];
  return DEMAND_CLASSES.filter((c) => shifts[c] !== undefined).map((c) => {
    const z = shifts[c];
    return `${c} ${z > 0 ? '+' : z < 0 ? '−' : ''}${Math.abs(z).toFixed(2)}`;
  });
}

/** A policy's class shifts as one line: "smooth +0.30, intermittent −0.90" ('' for none). */
export const classShiftsText = (shifts: Record<string, number> | null | undefined): string => classShiftParts(shifts).join(', ');

/** A policy selector in a few words: "ABC A · XYZ X,Y · 3 SKUs · at WH-MAIN", or "everything". */
export function selectorText(s: { abc?: string[]; xyz?: string[]; lifecycle?: string[]; skus?: string[]; locations?: string[] } | null | undefined): string {
  if (!s) return 'everything';
  const parts = [s.abc?.length && `ABC ${s.abc.join(',')}`, s.xyz?.length && `XYZ ${s.xyz.join(',')}`, s.lifecycle?.length && `${s.lifecycle.join(',')} SKUs`, s.skus?.length && `${s.skus.length} SKU${s.skus.length === 1 ? '' : 's'}`, s.locations?.length && `at ${s.locations.join(',')}`].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'everything';
}

/** A policy's lead-time mode: "learned", "supplier-default" or "fixed 14 ± 2 d". */
export const leadTimeText = (v: { lead_time_mode: string; lead_time_days: number | null; lead_time_sd_days: number | null }) =>
  v.lead_time_mode === 'fixed' ? `fixed ${v.lead_time_days} ± ${v.lead_time_sd_days ?? 0} d` : v.lead_time_mode;

/** A safety shift in standard deviations: +0.50 / −1.35 / 0; '–' when none. */
export const shiftText = (z: number | null | undefined): string => (z === null || z === undefined ? '–' : `${z > 0 ? '+' : z < 0 ? '−' : ''}${num2(Math.abs(z))}`);

/** Points of a measure against its target: +1.6 / −0.4; '–' without a measure. */
export const pointsText = (x: number | null, target: number): string => (x === null ? '–' : `${x >= target ? '+' : '−'}${(Math.abs(x - target) * 100).toFixed(1)}`);

/** A supplier's open POs in its lead time (GET /suppliers/:code/lead-time `open_orders`), e.g. "44.1 ± 9.0 d (3 open, oldest 52 d)". */
export function openOrdersText(o: { count: number; oldest_days: number | null; stale: number; mean_days: number | null; sd_days: number | null }): string {
  const stale = o.stale > 0 ? `; ${int(o.stale)} stale` : '';
  if (o.count === 0) return `none open${stale}`;
  if (o.mean_days === null || o.sd_days === null) return `${int(o.count)} open, too few receipts${stale}`;
  return `${num1(o.mean_days)} ± ${num1(o.sd_days)} d (${int(o.count)} open, oldest ${int(o.oldest_days ?? 0)} d${stale})`;
}

/** What a supplier's order-crossing evidence (GET /suppliers/:code/lead-time `crossing`) says, in a planner's words. */
export function crossingText(c: { overlapping: number; crossed: number; expected: number; independence: number | null }): string {
  if (c.independence === null) return c.overlapping === 0 ? 'no POs in transit together yet' : `too little evidence (the later PO arrived first in ${int(c.crossed)} of ${int(c.overlapping)} pairs; ${num1(c.expected)} expected if independent)`;
  return `independence ${num2(c.independence)}: the later PO arrived first in ${int(c.crossed)} of ${int(c.overlapping)} pairs in transit together (${num1(c.expected)} expected if independent)`;
}

/** Why a PO is flagged stale, for its badge's title: "open 111 days; stale after 70 (2 x the supplier's longest lead time): close it or chase the supplier". */
export function staleText(p: { open_days: number | null; draft_days: number | null; stale_after_days: number | null }): string {
  if (p.draft_days !== null) return `a draft for ${int(p.draft_days)} days, not placed; stale after ${int(p.stale_after_days ?? 0)}: plan runs count its lines as inbound, so it hides their need until it is placed or cancelled`;
  return `open ${int(p.open_days ?? 0)} days; stale after ${int(p.stale_after_days ?? 0)} (2 x the supplier's longest lead time or default): the plan still counts its open lines as inbound, so close it or chase the supplier`;
}

/** A policy's lot sizing: "economic (order 25.00, holding 25 %/yr)" or "review period". */
export function lotText(v: { order_cost: string | null; holding_rate: number }): string {
  return v.order_cost === null ? 'review period' : `economic (order ${v.order_cost}, holding ${Number((v.holding_rate * 100).toFixed(1))} %/yr)`;
}
