/**
 * The demo catalogue's true daily demand per SKU x location (src/io/demo: the demand model the demo
 * data is drawn from), for the plan benchmarks: `days` days from Monday 2024-01-01, each pair with
 * its SKU's supplier lead time (mean, sd), demand pattern, unit cost and price (currency units).
 */
import { DEMO_LOCATIONS, DEMO_SUPPLIERS, generateSkus } from '../../src/io/demo/catalogue.ts';
import { drawDemand, meanDemand } from '../../src/io/demo/demand.ts';
import { Rng } from '../../src/io/demo/prng.ts';

export interface DemoSeries {
  id: string;
  /** Demand pattern. */
  group: string;
  y: Float64Array;
  leadTime: number;
  leadTimeSd: number;
  season: number;
  unitCost: number;
  price: number;
  /** The SKU's supplier (its code). */
  supplier: string;
}

export function demoSeries(days: number, seed: number): DemoSeries[] {
  const rng = new Rng(seed);
  const skus = generateSkus(rng.fork('catalogue'), days);
  const draw = rng.fork('demand');
  const start = Date.UTC(2024, 0, 1);
  const out: DemoSeries[] = [];
  for (const sku of skus) {
    const supplier = DEMO_SUPPLIERS.find((s) => s.code === sku.supplier)!;
    for (const loc of DEMO_LOCATIONS) {
      if (!sku.channels[loc.code]) continue;
      const y = new Float64Array(days);
      for (let d = 0; d < days; d++) y[d] = drawDemand(draw, sku.pattern, meanDemand(sku, loc.code, new Date(start + d * 86_400_000), d));
      out.push({ id: `${sku.code}@${loc.code}`, group: sku.pattern, y, leadTime: supplier.leadTimeDays, leadTimeSd: supplier.leadTimeSdDays, season: 7, unitCost: sku.unitCost / 1e6, price: sku.price / 1e6, supplier: supplier.code });
    }
  }
  return out;
}
