/**
 * Mounts every module's routes under /api/v1. One route file per module; each is a Fastify plugin.
 */
import type { FastifyInstance } from 'fastify';
import { balanceRoutes } from './balances.ts';
import { catalogRoutes } from './catalog.ts';
import { countingRoutes } from './counting.ts';
import { demandRoutes } from './demand.ts';
import { healthRoutes } from './health.ts';
import { movementRoutes } from './movements.ts';
import { planningRoutes } from './planning.ts';
import { purchasingRoutes } from './purchasing.ts';
import { reservationRoutes } from './reservations.ts';
import { tokenRoutes } from './tokens.ts';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(tokenRoutes);
  await app.register(catalogRoutes);
  await app.register(movementRoutes);
  await app.register(reservationRoutes);
  await app.register(balanceRoutes);
  await app.register(demandRoutes);
  await app.register(purchasingRoutes);
  await app.register(countingRoutes);
  await app.register(planningRoutes);
}
