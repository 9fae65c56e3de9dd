/**
 * Master data routes: /skus, /locations, /suppliers (list, get, create, PATCH, bulk upsert).
 * Thin: validation by JSON schema, mapping in ../mappers/catalog.ts, work in src/catalog.
 */
import type { FastifyInstance } from 'fastify';
import * as catalog from '../../catalog/index.ts';
import {
  locationFromApi,
  locationInputProperties,
  locationSchema,
  locationToApi,
  skuFromApi,
  skuInputProperties,
  skuSchema,
  skuToApi,
  supplierFromApi,
  supplierInputProperties,
  supplierSchema,
  supplierToApi,
} from '../mappers/catalog.ts';
import { splitList } from '../schemas.ts';
import { masterDataRoutes } from './master-data.ts';

const q = { type: 'string', minLength: 1, maxLength: 200, description: 'Substring of code or name (case-insensitive)' } as const;
const active = { type: 'boolean', description: 'Only active (true) or inactive (false) rows' } as const;

/** Registers the master-data routes. */
export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  masterDataRoutes(app, {
    path: '/skus',
    what: 'SKU',
    tag: 'skus',
    itemSchema: skuSchema,
    inputProperties: skuInputProperties,
    requiredOnCreate: ['name'],
    filterProperties: {
      q,
      active,
      tag: { type: 'string', minLength: 1, maxLength: 100, description: 'SKUs carrying this tag' },
      supplier: { type: 'string', minLength: 1, maxLength: 100, description: 'Default supplier code' },
      code: { type: 'string', minLength: 1, maxLength: 100_000, description: 'Comma-separated exact SKU codes' },
    },
    toFilters: (f: { q?: string; active?: boolean; tag?: string; supplier?: string; code?: string }) => ({
      q: f.q,
      active: f.active,
      tag: f.tag,
      supplier: f.supplier,
      codes: splitList(f.code),
    }),
    toApi: skuToApi,
    fromApi: skuFromApi,
    service: {
      list: catalog.listSkus,
      get: catalog.getSku,
      create: catalog.createSku,
      update: catalog.updateSku,
      upsert: catalog.upsertSkus,
    },
  });

  masterDataRoutes(app, {
    path: '/locations',
    what: 'location',
    tag: 'locations',
    itemSchema: locationSchema,
    inputProperties: locationInputProperties,
    requiredOnCreate: ['name'],
    filterProperties: { q, active, kind: { type: 'string', enum: [...catalog.LOCATION_KINDS] } },
    toFilters: (f: { q?: string; active?: boolean; kind?: catalog.LocationKind }) => ({ q: f.q, active: f.active, kind: f.kind }),
    toApi: locationToApi,
    fromApi: locationFromApi,
    service: {
      list: catalog.listLocations,
      get: catalog.getLocation,
      create: catalog.createLocation,
      update: catalog.updateLocation,
      upsert: catalog.upsertLocations,
    },
  });

  masterDataRoutes(app, {
    path: '/suppliers',
    what: 'supplier',
    tag: 'suppliers',
    itemSchema: supplierSchema,
    inputProperties: supplierInputProperties,
    requiredOnCreate: ['name'],
    filterProperties: { q, active },
    toFilters: (f: { q?: string; active?: boolean }) => ({ q: f.q, active: f.active }),
    toApi: supplierToApi,
    fromApi: supplierFromApi,
    service: {
      list: catalog.listSuppliers,
      get: catalog.getSupplier,
      create: catalog.createSupplier,
      update: catalog.updateSupplier,
      upsert: catalog.upsertSuppliers,
    },
  });
}
