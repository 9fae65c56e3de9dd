import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

/** GET /api/v1/health — no token needed; checks the database answers. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database check (no token needed)',
        tags: ['health'],
        security: [],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, database: { type: 'string' }, version: { type: 'string' } },
          },
        },
      },
    },
    async () => {
      await sql`select 1`.execute(app.store.db);
      return { status: 'ok', database: app.store.dialect, version: '0.1.0' };
    },
  );
}
