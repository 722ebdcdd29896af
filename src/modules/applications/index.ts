import path from 'node:path';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Service } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import { residentApplicationRoutes } from './resident-routes.tsx';
import { officeApplicationRoutes } from './office-routes.tsx';

export type { ApplicationsContext } from './context.ts';

export const applicationMigrations: MigrationSource = { owner: 'applications', dir: path.join(import.meta.dirname, 'migrations') };

/** Applying for services (residents) and deciding on applications (agencies' officers). */
export function applicationsModule(conn: AnyDb, ctx: ApplicationsContext, listServices: (scope: AgencyScope) => Promise<Service[]>) {
  return [residentApplicationRoutes(conn, ctx), officeApplicationRoutes(conn, ctx, listServices)];
}
