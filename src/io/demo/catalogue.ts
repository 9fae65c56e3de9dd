/**
 * The demo brand's master data: "Tidewater Outfitters", an outdoor-lifestyle ecommerce brand
 * selling on its own web shop (shipped from two warehouses and an EU 3PL) and on Amazon (FBA).
 *
 * Product families (tees, hoodies, socks, headwear, drinkware, bags, home, stickers, spare parts)
 * expand into variants (style x colour x size). Each SKU gets a demand profile: a long-tailed
 * (Pareto) base rate, one of the four Syntetos-Boylan demand patterns (smooth, erratic,
 * intermittent, lumpy), a yearly seasonality curve, its sales channels (locations) and a lifecycle
 * (launched during the year, or demand ending: dead stock). All random choices come from `rng`.
 */
import type { Rng } from './prng.ts';

export type DemandPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
export type Seasonality = 'none' | 'summer' | 'winter' | 'gifting';

export interface DemoSupplier {
  code: string;
  name: string;
  leadTimeDays: number;
  leadTimeSdDays: number;
  moq: number;
  minOrderValue: number | null;
  receiptTolerancePct: number;
  /** Payment terms: percent paid on placing, days after delivery the rest is due. */
  depositPct: number;
  paymentTermsDays: number;
}

export interface DemoLocation {
  code: string;
  name: string;
  kind: 'warehouse' | 'fba' | '3pl' | 'store';
  /**
   * Replenished by transfers from this location instead of by supplier receipts; the history's
   * transfers take 6 to 9 days (simulate.ts), so the location's transfer lead time is their mean
   * 7.5 days and sd 1.1 (a discrete uniform's).
   */
  replenishedFrom: string | null;
  /** The catalogue's transfer region: the US locations exchange stock, the EU partner alone. */
  transferRegion: string;
}

export interface DemoSku {
  code: string;
  name: string;
  category: string;
  supplier: string;
  unitCost: number;
  price: number;
  packSize: number;
  tags: string[];
  pattern: DemandPattern;
  seasonality: Seasonality;
  /** Mean units per day over all channels at seasonal factor 1, once launched. */
  baseRate: number;
  /** First day (index into the history) with demand; 0 = sold all year. */
  launchDay: number;
  /** Day from which demand stops (dead stock); Infinity = still selling. */
  endDay: number;
  /** Share of demand per location code (sums to 1). */
  channels: Record<string, number>;
  /** Safety factor z the simulated planner used for this SKU (low z -> more stockouts). */
  z: number;
}

/**
 * MOQs are per SKU, in whole packs, about one to three months of a typical SKU's demand at each
 * supplier (tees 60 = 6 packs, about 45 days of the average tee; a sock mill's 96 = 8 packs; 240
 * bottles from the drinkware importer, whose 65-day lead time makes a long order cycle anyway).
 * The slow tail still meets them: the plan then notes the cover an MOQ forces. (Earlier demos
 * asked 200-1,000 per SKU, 1-2 years of an average sock or cap: every plan and policy review was
 * the MOQ's, not the policy's.)
 * Payment terms: the Asian factories take a 30 % deposit with the order and the rest on delivery
 * (a balance before shipment is not modelled), Anatolia a deposit and net 30, the US and Portuguese
 * suppliers invoice on delivery at net 15 to 60 days.
 */
export const DEMO_SUPPLIERS: DemoSupplier[] = [
  { code: 'SUP-ANATOLIA', name: 'Anatolia Textiles (Izmir, TR)', leadTimeDays: 42, leadTimeSdDays: 7, moq: 60, minOrderValue: null, receiptTolerancePct: 5, depositPct: 30, paymentTermsDays: 30 },
  { code: 'SUP-SOCKMILL', name: 'Barcelos Sock Mill (PT)', leadTimeDays: 30, leadTimeSdDays: 5, moq: 96, minOrderValue: null, receiptTolerancePct: 3, depositPct: 0, paymentTermsDays: 60 },
  { code: 'SUP-CAPCO', name: 'CapCo Headwear (Dhaka, BD)', leadTimeDays: 35, leadTimeSdDays: 6, moq: 48, minOrderValue: null, receiptTolerancePct: 5, depositPct: 30, paymentTermsDays: 0 },
  { code: 'SUP-DRINKWARE', name: 'Ningbo Drinkware Co. (CN)', leadTimeDays: 65, leadTimeSdDays: 14, moq: 240, minOrderValue: 5_000_000_000, receiptTolerancePct: 2, depositPct: 30, paymentTermsDays: 0 },
  { code: 'SUP-PACKWORKS', name: 'Packworks Vietnam (HCMC, VN)', leadTimeDays: 80, leadTimeSdDays: 15, moq: 50, minOrderValue: 8_000_000_000, receiptTolerancePct: 2, depositPct: 30, paymentTermsDays: 0 },
  { code: 'SUP-HEARTH', name: 'Hearth & Field Goods (Portland, US)', leadTimeDays: 14, leadTimeSdDays: 3, moq: 0, minOrderValue: 500_000_000, receiptTolerancePct: 0, depositPct: 0, paymentTermsDays: 30 },
  { code: 'SUP-PRINTSHOP', name: 'Riverside Print Shop (US)', leadTimeDays: 6, leadTimeSdDays: 1, moq: 50, minOrderValue: null, receiptTolerancePct: 10, depositPct: 0, paymentTermsDays: 15 },
];

export const DEMO_LOCATIONS: DemoLocation[] = [
  { code: 'WH-MAIN', name: 'Main warehouse (Reno, NV)', kind: 'warehouse', replenishedFrom: null, transferRegion: 'US' },
  { code: 'WH-EAST', name: 'East warehouse (Columbus, OH)', kind: 'warehouse', replenishedFrom: null, transferRegion: 'US' },
  { code: 'FBA-US', name: 'Amazon FBA (US)', kind: 'fba', replenishedFrom: 'WH-MAIN', transferRegion: 'US' },
  { code: '3PL-EU', name: 'EU fulfilment partner (Venlo, NL)', kind: '3pl', replenishedFrom: null, transferRegion: 'EU' },
];

interface Family {
  category: string;
  prefix: string;
  supplier: string;
  styles: string[];
  colours: string[];
  sizes: string[];
  /** Unit cost range in currency units. */
  cost: [number, number];
  markup: [number, number];
  pack: number;
  seasonality: Seasonality | ((style: string) => Seasonality);
  /** Pattern of SKUs with a low base rate (below 1.2/day; lumpy families below 3/day). */
  slowPattern: DemandPattern;
  /** Relative popularity of the family. */
  weight: number;
}

const APPAREL_SIZES = ['S', 'M', 'L', 'XL'];
const SIZE_SHARE: Record<string, number> = { S: 0.2, M: 0.32, L: 0.3, XL: 0.18, 'S/M': 0.45, 'L/XL': 0.55 };

const FAMILIES: Family[] = [
  { category: 'tees', prefix: 'TEE', supplier: 'SUP-ANATOLIA', styles: ['Classic Crew', 'Pocket Tee', 'Long Sleeve', 'Heavyweight', 'Ringer', 'Summit Graphic', 'Wave Graphic'], colours: ['Black', 'White', 'Navy', 'Sage', 'Sand'], sizes: APPAREL_SIZES, cost: [4.5, 8], markup: [3, 3.8], pack: 10, seasonality: 'summer', slowPattern: 'erratic', weight: 5 },
  { category: 'hoodies', prefix: 'HOOD', supplier: 'SUP-ANATOLIA', styles: ['Harbour Hoodie', 'Zip Hoodie', 'Fleece Crew', 'Quarter Zip'], colours: ['Black', 'Heather Grey', 'Forest'], sizes: APPAREL_SIZES, cost: [13, 21], markup: [2.8, 3.4], pack: 6, seasonality: 'winter', slowPattern: 'erratic', weight: 4 },
  { category: 'socks', prefix: 'SOCK', supplier: 'SUP-SOCKMILL', styles: ['Trail Sock', 'Wool Hiker', 'Ankle 3-pack', 'Camp Sock', 'Merino Crew', 'Compression Run'], colours: ['Charcoal', 'Rust', 'Teal'], sizes: ['S/M', 'L/XL'], cost: [2.2, 6], markup: [3, 4], pack: 12, seasonality: 'gifting', slowPattern: 'intermittent', weight: 3 },
  { category: 'headwear', prefix: 'HAT', supplier: 'SUP-CAPCO', styles: ['Dad Cap', 'Trucker', 'Beanie', 'Bucket Hat', 'Five Panel'], colours: ['Black', 'Olive', 'Navy', 'Khaki'], sizes: [''], cost: [3.5, 7], markup: [3.2, 4], pack: 12, seasonality: (s) => (s === 'Beanie' ? 'winter' : s === 'Bucket Hat' ? 'summer' : 'none'), slowPattern: 'intermittent', weight: 2 },
  { category: 'drinkware', prefix: 'DRK', supplier: 'SUP-DRINKWARE', styles: ['Bottle 500ml', 'Bottle 750ml', 'Bottle 1L', 'Tumbler 350ml', 'Camp Mug', 'Coffee Flask'], colours: ['Steel', 'Black', 'Glacier', 'Coral', 'Moss'], sizes: [''], cost: [4, 11], markup: [2.8, 3.5], pack: 24, seasonality: 'summer', slowPattern: 'intermittent', weight: 4 },
  { category: 'bags', prefix: 'BAG', supplier: 'SUP-PACKWORKS', styles: ['Daypack 20L', 'Roll-top 28L', 'Duffel 40L', 'Sling', 'Tote', 'Hip Pack'], colours: ['Black', 'Olive', 'Sand'], sizes: [''], cost: [11, 38], markup: [2.4, 3], pack: 5, seasonality: 'none', slowPattern: 'lumpy', weight: 2 },
  { category: 'home', prefix: 'HOME', supplier: 'SUP-HEARTH', styles: ['Wool Blanket', 'Enamel Plate Set', 'Cedar Candle', 'Sea Salt Candle', 'Camp Chair', 'Lantern', 'Picnic Rug', 'Hammock'], colours: [''], sizes: [''], cost: [6, 45], markup: [2.2, 2.8], pack: 4, seasonality: 'gifting', slowPattern: 'lumpy', weight: 1.5 },
  { category: 'stickers', prefix: 'STK', supplier: 'SUP-PRINTSHOP', styles: ['Mountain', 'Wave', 'Pine', 'Sun', 'Compass', 'Trail Map', 'Campfire', 'Tent', 'Kayak', 'Canyon', 'Aurora', 'Logo Round', 'Logo Script', 'Bear', 'Fox', 'Owl', 'Cactus', 'Lighthouse', 'Ridge', 'Moon', 'Patch Mountain', 'Patch Wave', 'Patch Logo', 'Patch Bear'], colours: [''], sizes: [''], cost: [0.25, 1.4], markup: [4, 8], pack: 50, seasonality: 'none', slowPattern: 'intermittent', weight: 1 },
  { category: 'spares', prefix: 'SPR', supplier: 'SUP-DRINKWARE', styles: ['Lid 500ml', 'Lid 750ml', 'Lid 1L', 'Straw Lid', 'Tumbler Lid', 'Flask Cap', 'Bag Strap', 'Buckle Set', 'Chair Feet', 'Lantern Glass', 'Gasket Set', 'Carry Loop'], colours: [''], sizes: [''], cost: [0.6, 3], markup: [3, 5], pack: 20, seasonality: 'none', slowPattern: 'intermittent', weight: 0.6 },
];

const abbrev = (s: string, n: number) => s.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, n);
/** Style code: a single word up to 8 letters, else the first four letters of each word ("Classic Crew" -> CLASCREW, not CLASSICC). */
const styleCode = (s: string) => {
  const words = s.split(/\s+/).filter(Boolean);
  return words.length === 1 ? abbrev(s, 8) : words.map((w) => abbrev(w, 4)).join('').slice(0, 8);
};
const roundPrice = (p: number) => Math.max(0.99, Math.round(p) - 0.1);
const micro = (units: number) => Math.round(units * 100) * 10_000; // whole cents

/**
 * Generates the SKU list for a history of `days` days. `scale` multiplies the number of colours
 * kept per style (1 = about 300 SKUs).
 */
export function generateSkus(rng: Rng, days: number, scale = 1): DemoSku[] {
  const out: DemoSku[] = [];
  for (const fam of FAMILIES) {
    for (const style of fam.styles) {
      // Long tail: style popularity is Pareto-distributed (alpha ~1.16 gives the 80/20 rule).
      const stylePop = fam.weight * Math.min(40, Math.pow(1 - rng.next(), -1 / 1.16));
      const nColours = fam.colours.length === 1 ? 1 : Math.max(1, Math.min(fam.colours.length, Math.round(rng.uniform(2, 4.4) * scale)));
      const colours = fam.colours.slice(0, nColours);
      const season = typeof fam.seasonality === 'function' ? fam.seasonality(style) : fam.seasonality;
      const cost = rng.uniform(fam.cost[0], fam.cost[1]);
      const price = roundPrice(cost * rng.uniform(fam.markup[0], fam.markup[1]));
      const launched = rng.bernoulli(0.08) ? rng.int(Math.floor(days * 0.55), Math.floor(days * 0.9)) : 0;
      const dead = !launched && rng.bernoulli(0.04) ? rng.int(Math.floor(days * 0.3), Math.floor(days * 0.6)) : Infinity;
      colours.forEach((colour, ci) => {
        const colourShare = fam.colours.length === 1 ? 1 : Math.pow(0.55, ci) * (1 - 0.55) / (1 - Math.pow(0.55, nColours));
        for (const size of fam.sizes) {
          const sizeShare = size ? SIZE_SHARE[size] : 1;
          const rate = 0.9 * stylePop * colourShare * sizeShare * rng.lognormal(0, 0.35);
          const parts = [fam.prefix, styleCode(style), colour ? abbrev(colour, 3) : '', size ? abbrev(size, 3) : ''].filter(Boolean);
          const pattern: DemandPattern = fam.slowPattern === 'lumpy' && rate < 3 ? 'lumpy' : rate < 1.2 ? fam.slowPattern : rng.bernoulli(0.3) ? 'erratic' : 'smooth';
          out.push({
            code: parts.join('-'),
            name: [style, colour, size].filter(Boolean).join(', '),
            category: fam.category,
            supplier: fam.supplier,
            unitCost: micro(cost),
            price: micro(price),
            packSize: fam.pack,
            tags: [fam.category, season !== 'none' ? `season:${season}` : '', launched ? 'new' : '', Number.isFinite(dead) ? 'discontinued' : ''].filter(Boolean),
            pattern,
            seasonality: season,
            baseRate: rate,
            launchDay: launched,
            endDay: dead,
            channels: {},
            z: rng.bernoulli(0.15) ? rng.uniform(0, 0.6) : rng.uniform(1.2, 2.2),
          });
        }
      });
    }
  }
  // Channels: every SKU ships from WH-MAIN; the more popular ones also from WH-EAST, Amazon and the EU 3PL.
  const byRate = [...out].sort((a, b) => b.baseRate - a.baseRate);
  byRate.forEach((s, rank) => {
    const top = rank / byRate.length;
    const ch: Record<string, number> = { 'WH-MAIN': 0.5 };
    if (top < 0.6) ch['WH-EAST'] = 0.2;
    if (top < 0.45 || rng.bernoulli(0.1)) ch['FBA-US'] = 0.3;
    if (top < 0.5 && s.category !== 'home') ch['3PL-EU'] = 0.12;
    const sum = Object.values(ch).reduce((a, b) => a + b, 0);
    for (const k of Object.keys(ch)) ch[k] /= sum;
    s.channels = ch;
  });
  return out;
}
