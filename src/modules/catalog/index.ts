import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { catalogRoutes } from './routes.tsx';
import { catalogOfficeRoutes } from './office-routes.tsx';

export { upsertService, retireServicesExcept, listAgencyServices, listPublicServices, findService, type ServiceRow } from './store.ts';

export const catalogMigrations: MigrationSource = { owner: 'catalog', dir: path.join(import.meta.dirname, 'migrations') };

export function catalogModule(conn: AnyDb) {
  return async function catalog(app: FastifyInstance) {
    await app.register(catalogRoutes(conn));
    await app.register(catalogOfficeRoutes(conn));
  };
}
