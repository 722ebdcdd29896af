import path from 'node:path';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { Country } from '../packs/index.ts';
import { mandateCheck } from './act-for.ts';
import { mandateRoutes } from './routes.tsx';

export { actionsTakenFor, listMandates, type ActionTaken, type MandateView } from './list-mandates.ts';

export const mandateMigrations: MigrationSource = { owner: 'mandates', dir: path.join(import.meta.dirname, 'migrations') };

/**
 * Mandates and legal representation of minors: the routes, and the check identity runs on every
 * request of a session acting for someone.
 */
export function mandatesModule(conn: AnyDb, country: Country) {
  return { routes: mandateRoutes(conn, country), checkMandate: mandateCheck({ timeZone: country.timeZone, adultAge: country.legalAges?.adult }) };
}
