/**
 * Replenishment by transfer (distribution requirements planning, one level): a location with a
 * `replenishFrom` source (an Amazon FBA or 3PL location fed from the main warehouse) does not buy.
 * Its line is planned as any other, with the transfer lane's lead time (catalog
 * `transferLeadTimeDays`), and what it asks for is sent from the source:
 *
 * - the source's stock available to send is its on hand minus what is reserved or already on
 *   draft transfers out (the line's position inputs), before this run's own excess transfers;
 * - when the source cannot send every fed location what it asks for, the lines that run out
 *   soonest are served first (then the larger ask, then the location code), each whole before the
 *   next: the stock goes where a sale is lost first. What is not sent is the line's shortfall: it
 *   waits for the source's stock, which the source's purchase covers (the fed demand flows through
 *   the source's forecast: plan-run.ts);
 * - a fed line never buys: its purchase is 0 (rounding step `transfer`), its result carries
 *   `replenishment` {from, asked, sent, short} and `transfers.in`; the source's committed units
 *   per SKU are returned so its own line counts them as reserved before it is computed.
 *
 * Echelon stock (Clark & Scarf 1960) would let the source see the fed locations' stock too; this
 * installation-stock form with flow-through demand is what DRP practice runs (Orlicky's MRP
 * logic applied to distribution, Martin 1983) and keeps each line's numbers its own location's.
 */
import type { PlanItemResult } from './suggestion.ts';

/** A fed location's computed line. */
export interface FedLine {
  result: PlanItemResult;
  sku: string;
  location: string;
  /** The location it is replenished from. */
  source: string;
}

/** A transfer the run proposes from a source to a location it feeds. */
export interface ReplenishmentTransfer {
  sku: string;
  from: string;
  to: string;
  quantity: number;
}

/**
 * Sends each fed line what it asks for from its source's `available` stock (keyed by
 * `sku\u0000source`, consumed in place), as the file header says; returns the transfers (SKU, then
 * receiver order) and the units each source commits per SKU (same keys).
 */
export function planReplenishmentTransfers(lines: readonly FedLine[], available: Map<string, number>): { transfers: ReplenishmentTransfer[]; committed: Map<string, number> } {
  const transfers: ReplenishmentTransfer[] = [];
  const committed = new Map<string, number>();
  const order = lines
    .filter((l) => !l.result.error && l.result.suggestedQty > 0)
    .sort(
      (a, b) =>
        (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) ||
        (a.result.stockoutInDays ?? Infinity) - (b.result.stockoutInDays ?? Infinity) ||
        b.result.suggestedQty - a.result.suggestedQty ||
        (a.location < b.location ? -1 : a.location > b.location ? 1 : 0),
    );
  for (const l of lines) {
    if (l.result.error) continue;
    l.result.replenishment = { from: l.source, asked: 0, sent: 0, short: 0 };
  }
  for (const l of order) {
    const r = l.result;
    const key = `${l.sku}\u0000${l.source}`;
    const asked = r.suggestedQty;
    const left = Math.max(0, available.get(key) ?? 0);
    const sent = Math.min(asked, left);
    available.set(key, left - sent);
    const short = asked - sent;
    r.replenishment = { from: l.source, asked, sent, short };
    const note =
      sent === asked
        ? `replenished from ${l.source}: transfer ${sent}`
        : sent > 0
          ? `replenished from ${l.source}: transfer ${sent} of ${asked} (all ${l.source} has available); ${short} wait for its stock`
          : `replenished from ${l.source}: ${asked} asked, none available there; they wait for its stock`;
    r.rounding.push({ rule: 'transfer', from: asked, to: 0, note: `${note} (a location replenished by transfer does not buy)` });
    r.notes.push(note);
    r.suggestedQty = 0;
    if (sent > 0) {
      r.transfers ??= { in: [], out: [] };
      r.transfers.in.push({ location: l.source, quantity: sent });
      committed.set(key, (committed.get(key) ?? 0) + sent);
      transfers.push({ sku: l.sku, from: l.source, to: l.location, quantity: sent });
    }
  }
  return { transfers, committed };
}
