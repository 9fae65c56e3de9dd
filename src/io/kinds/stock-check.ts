/**
 * Pre-write simulation of on hand per SKU x location, so that an import reports EVERY row that
 * would drive stock below zero (the ledger itself would stop at the first one). Starts from the
 * current balances and applies the file's rows in order with the ledger's on-hand effect of each
 * movement kind; a location that allows negative stock is never refused.
 */
import { getBalances, type MovementInput } from '../../ledger/index.ts';
import type { Executor } from '../../store/executor.ts';
import type { ResolvedRefs, RowIssues, RowValidator } from '../import-kind.ts';

/** Change of on hand a movement causes (inbound changes only expected stock). */
export function onHandEffect(m: Pick<MovementInput, 'kind' | 'quantity'>): number {
  switch (m.kind) {
    case 'receipt':
    case 'return':
    case 'transfer_in':
      return m.quantity;
    case 'sale':
    case 'transfer_out':
      return -m.quantity;
    case 'adjustment':
    case 'count_correction':
      return m.quantity;
    default:
      return 0;
  }
}

const pairKey = (sku: string, location: string) => `${sku}\u0000${location}`;

/** A RowValidator over rows that become movements (`toMovement(row)`). */
export function stockValidator<Row>(toMovement: (row: Row) => MovementInput): () => RowValidator<Row> {
  return () => {
    const skus = new Set<string>();
    const locations = new Set<string>();
    const onHand = new Map<string, number>();
    const reserved = new Map<string, number>();
    let refs: ResolvedRefs | null = null;
    return {
      observe(row) {
        const m = toMovement(row);
        if (onHandEffect(m) < 0) {
          skus.add(m.sku);
          locations.add(m.location);
        }
      },
      async prepare(ex: Executor, resolved: ResolvedRefs) {
        refs = resolved;
        // Only codes that exist (unknown ones are reported per row by the importer).
        const skuList = [...skus].filter((c) => resolved.skus.has(c));
        const locList = [...locations].filter((c) => resolved.locations.has(c));
        if (!locList.length) return;
        for (let i = 0; i < skuList.length; i += 500) {
          let cursor: string | null = null;
          do {
            const page = await getBalances(ex, { skus: skuList.slice(i, i + 500), locations: locList, onlyNonZero: true, cursor, limit: 10_000 });
            for (const b of page.items) {
              onHand.set(pairKey(b.sku, b.location), b.onHand);
              if (b.reserved) reserved.set(pairKey(b.sku, b.location), b.reserved);
            }
            cursor = page.nextCursor;
          } while (cursor);
        }
      },
      check(row, _line, issues: RowIssues) {
        const m = toMovement(row);
        const delta = onHandEffect(m);
        if (delta === 0) return;
        const key = pairKey(m.sku, m.location);
        const before = onHand.get(key) ?? 0;
        const after = before + delta;
        if (delta < 0 && !refs?.locations.get(m.location)?.negativeStockAllowed) {
          if (after < 0) {
            issues.error('quantity', `insufficient stock: ${m.sku} at ${m.location} would go from ${before} to ${after} on hand (the location does not allow negative stock)`);
            return; // the ledger would refuse it: later rows see the stock without it
          }
          // Shipments (sale, transfer_out) may not take stock reserved for open orders, unless the SKU allows backorders.
          const res = reserved.get(key) ?? 0;
          if ((m.kind === 'sale' || m.kind === 'transfer_out') && after - res < 0 && !refs?.skus.get(m.sku)?.backordersAllowed) {
            issues.error('quantity', `insufficient available stock: ${m.sku} at ${m.location} has ${before - res} available (on hand ${before}, reserved ${res}), ${m.kind} needs ${-delta}`);
            return;
          }
        }
        onHand.set(key, after);
      },
    };
  };
}
