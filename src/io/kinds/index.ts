/** Every CSV import kind, by the name `stockloop import <kind>` takes. */
import type { ImportKind } from '../import-kind.ts';
import { locationsKind, productsKind, suppliersKind } from './catalog.ts';
import { movementsKind, openingStockKind } from './movements.ts';
import { launchForecastsKind } from './launch-forecasts.ts';
import { salesHistoryKind } from './sales-history.ts';

export const IMPORT_KINDS: Record<string, ImportKind<any>> = {
  products: productsKind,
  locations: locationsKind,
  suppliers: suppliersKind,
  'opening-stock': openingStockKind,
  movements: movementsKind,
  'sales-history': salesHistoryKind,
  'launch-forecasts': launchForecastsKind,
};
