import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { migrate, type MigrationSource } from './platform/db/migrations.ts';
import { startJobQueue, type JobQueue } from './platform/jobs.ts';
import { buildServer } from './platform/http/server.tsx';
import { countryMigrations, findCountry, themeCss } from './modules/country/index.ts';
import { agencyMigrations, agenciesModule } from './modules/agencies/index.ts';
import { residentMigrations } from './modules/residents/index.ts';
import { identityMigrations, identityModule } from './modules/identity/index.ts';
import { catalogMigrations, catalogModule, findService, listAgencyServices } from './modules/catalog/index.ts';
import { countUnread, notificationsMigrations, notificationsModule } from './modules/notifications/index.ts';
import { documentMigrations, documentsModule, issueDocument } from './modules/documents/index.ts';
import { applicationMigrations, applicationsModule, type ApplicationsContext } from './modules/applications/index.ts';
import { apiKeyVerifier, govstackRegistrationMigrations, govstackRegistrationModule } from './modules/govstack-registration/index.ts';
import type { BearerVerifier } from './platform/http/api-callers.ts';
import { bundleMigrations } from './modules/bundles/index.ts';
import { ssoMigrations, ssoModule } from './modules/sso/index.ts';
import { mandateMigrations, mandatesModule } from './modules/mandates/index.ts';
import { registryMigrations, registriesModule, seedPopulation } from './modules/registries/index.ts';
import { loadPack, seedPack, type SeedReport } from './modules/packs/index.ts';
import { credentialMigrations, credentialSettings, credentialsModule, issuerRoots } from './modules/credentials/index.ts';
import { platformTrust, verifierMigrations, verifierModule, type VerifierTrust } from './modules/verifier/index.ts';
import { walletModule } from './modules/wallet/index.ts';

/** Kernel first, then modules in the order their tables depend on each other. */
export const migrationSources: readonly MigrationSource[] = [
  { owner: 'platform', dir: path.join(import.meta.dirname, 'platform', 'migrations') },
  countryMigrations,
  agencyMigrations,
  residentMigrations,
  identityMigrations,
  catalogMigrations,
  bundleMigrations,
  notificationsMigrations,
  documentMigrations,
  applicationMigrations,
  govstackRegistrationMigrations,
  ssoMigrations,
  mandateMigrations,
  registryMigrations,
  credentialMigrations,
  verifierMigrations,
];

export async function openAndMigrate(config: Readonly<Config>): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return { database, applied: await migrate(database, migrationSources) };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export async function seedFromDir(database: Database, packDir: string): Promise<SeedReport> {
  return seedPack(database.db, loadPack(packDir), { actor: 'system:seed' });
}

/** Seeds a synthetic population of `count` residents into the registries of the (already seeded) pack. */
export async function seedPopulationFromDir(database: Database, packDir: string, count: number): Promise<void> {
  const pack = loadPack(packDir);
  const started = performance.now();
  const report = await seedPopulation(database.db, { count, country: pack.country, registries: pack.registries, reserved: pack.residents.map((r) => r.idNumber) },
    { actor: 'system:seed' }, (done) => process.stdout.write(`\r  ${done.toLocaleString('en')} of ${count.toLocaleString('en')} residents`));
  const records = Object.entries(report.records).map(([id, n]) => `${id} ${n}`).join(', ');
  console.log(`\nSeeded a population of ${count} (${report.residents} new residents; records: ${records}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

export interface Platform { app: FastifyInstance; database: Database; jobs: JobQueue | null }

/** Builds the whole platform over an open, migrated, seeded database; `verifierTrust` replaces the issuers the verifier trusts (tests bring their own). */
export async function buildPlatform(config: Readonly<Config>, database: Database, opts: { jobs: boolean; verifierTrust?: VerifierTrust } = { jobs: true }): Promise<Platform> {
  const country = await findCountry(database.db);
  if (!country) throw new Error('No country pack is loaded yet: run `npm run hanaro -- seed` first.');
  const jobs = opts.jobs ? await startJobQueue(database, (err) => console.error('job queue:', err.message)) : null;
  const mandates = mandatesModule(database.db, country);
  const identity = identityModule(database.db, config, country, { checkMandate: mandates.checkMandate });
  // Hand `notifications.notifyResident` to modules that tell residents about a change.
  const notifications = notificationsModule(database.db, { config, jobs, country });
  const db = database.db;
  const applicationsContext: ApplicationsContext = {
    country,
    publicUrl: config.publicUrl,
    notify: notifications.notifyResident,
    issueDocument: (trx, input, who) => issueDocument(trx, input, who, config),
    findService: async (conn, id) => {
      const row = await findService(conn, id);
      return row && { definition: row.definition, open: row.open };
    },
  };
  const applications = applicationsModule(db, applicationsContext, async (scope) => (await listAgencyServices(db, scope)).map((row) => row.definition));
  // Who may call the JSON APIs: each kind of bearer credential adds its verifier here.
  const sso = await ssoModule(db, config);
  const bearerVerifiers: BearerVerifier[] = [apiKeyVerifier(db), sso.verifyAccessToken];
  const govstackRegistration = govstackRegistrationModule(db, applicationsContext, { verifiers: bearerVerifiers, publicUrl: config.publicUrl });
  let self: FastifyInstance | null = null;
  const verifier = verifierModule(db, {
    countryName: country.name.en ?? Object.values(country.name)[0] ?? 'Hanaro', publicUrl: config.publicUrl, keySecret: config.documentKeySecret,
    secureCookies: config.secureCookies, verifiers: bearerVerifiers, credentialTypes: () => loadPack(config.packDir).credentialTypes,
    trust: opts.verifierTrust ?? platformTrust({ issuerRoots: async () => (await issuerRoots(db)).map((r) => r.certificate), publicUrl: config.publicUrl, self: () => self }),
  });
  const app = await buildServer({
    config, database, jobs,
    shell: { countryName: country.name, emblem: country.theme.emblem, defaultLocale: country.languages[0]!, locales: country.languages },
    themeCss: themeCss(country),
    migrations: migrationSources,
    resolveStaff: identity.resolveStaff,
    resolveResident: async (request) => {
      const resident = await identity.resolveResident(request);
      // The inbox is the principal's only under a mandate for every service, so the count is too.
      const inboxShown = resident && (!resident.representative || resident.representative.services === 'all');
      return resident && { ...resident, unreadNotices: inboxShown ? await countUnread(db, resident.residentId) : 0 };
    },
    modules: [...identity.routes, agenciesModule(database.db), catalogModule(database.db), notifications.routes, documentsModule(database.db), ...applications, govstackRegistration, sso.routes(bearerVerifiers), mandates.routes, registriesModule(db, { verifiers: bearerVerifiers, timeZone: country.timeZone }), credentialsModule(db, credentialSettings(config, country)), verifier, walletModule(db, { countryName: country.name })],
  });
  self = app;
  await notifications.startMailWorker(app.log);
  return { app, database, jobs };
}

/** Stops taking requests, lets in-flight ones and running jobs finish, then closes the database. */
export async function shutdown(platform: Platform): Promise<void> {
  await platform.app.close();
  await platform.jobs?.stop();
  await platform.database.close();
}
