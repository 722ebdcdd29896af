import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { catalogRoutes, type CatalogOptions } from './routes.tsx';
import { catalogOfficeRoutes } from './office-routes.tsx';

export { upsertService, retireServicesExcept, listAgencyServices, listPublicServices, listServiceIds, findService, type ServiceRow } from './store.ts';
export { setServiceAvailability } from './set-service-availability.ts';

export const catalogMigrations: MigrationSource = { owner: 'catalog', dir: path.join(import.meta.dirname, 'migrations') };

export type { CatalogOptions } from './routes.tsx';

export function catalogModule(conn: AnyDb, opts: CatalogOptions) {
  return async function catalog(app: FastifyInstance) {
    await app.register(catalogRoutes(conn, opts));
    await app.register(catalogOfficeRoutes(conn));
  };
}
