/**
 * The POST /movements body of a stock adjustment typed on a SKU's page (adjust-stock.tsx): a
 * signed whole number of units (+ found, − lost or damaged), at a location, with the reason the
 * ledger requires for an adjustment. A bad entry is refused before sending, naming the field.
 */
export function adjustmentBody(sku: string, location: string, quantity: string, reason: string, note: string): Record<string, unknown> {
  if (!location) throw new Error('location: choose where the stock is');
  // a typed minus sign (−, –) reads as -
  const t = quantity.trim().replace(/^\+/, '').replace(/^[\u2212\u2013]/, '-');
  const q = Number(t);
  if (t === '' || !Number.isInteger(q) || q === 0) throw new Error(`units: "${quantity.trim()}" is not a whole number of units other than 0 (+ found, − lost)`);
  const why = reason.trim();
  if (!why) throw new Error('reason: an adjustment needs its reason (damaged, found, lost, …)');
  return { kind: 'adjustment', sku, location, quantity: q, reason: why, ...(note.trim() ? { note: note.trim() } : {}) };
}
