import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { registryApiRoutes } from './api-routes.ts';
import { databaseApiRoutes } from './database-routes.ts';
import { dataUsageRoutes } from './usage-routes.tsx';

export { seedRegistries } from './seed-registries.ts';
export { seedPopulation, type PopulationReport } from './seed-population.ts';
export { generatePopulation, type Person, type Household } from './population/generate.ts';
export { recordPersonalDataReads, type Reader, type ReadContext, type RecordRead } from './record-personal-data-reads.ts';
export { REGISTRY_SCOPES, readScopeFor, isRegistryScope, registryApiScopes } from './registry-access.ts';
export { childrenOf, parentsOf, recordRepresentationRead } from './family-relations.ts';
export { readRecordsAbout, publishedVersionOf } from './read-records-about.ts';
export { readSubjectRecord, hasSubjectRecord } from './read-subject-record.ts';
export { fieldTitle, valueTitle, fieldInWords, valueInWords, findRegistryWords, listRegistryWords, type RegistryWords } from './field-titles.ts';

export const registryMigrations: MigrationSource = { owner: 'registries', dir: path.join(import.meta.dirname, 'migrations') };

/** The GovStack Digital Registries API and the resident's "who used my data" page. */
export function registriesModule(conn: AnyDb, opts: { verifiers: readonly BearerVerifier[] }) {
  return async function registries(app: FastifyInstance) {
    await app.register(registryApiRoutes(conn, opts.verifiers));
    await app.register(databaseApiRoutes(conn, opts.verifiers));
    await app.register(dataUsageRoutes(conn, { verifiers: opts.verifiers }));
  };
}
