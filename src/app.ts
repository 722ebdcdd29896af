import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type AnyDb, type Database } from './platform/db/database.ts';
import { listMigrations, migrate, scheduleMonthPartitions, type MigrationSource } from './platform/db/migrations.ts';
import { startJobQueue, type JobQueue } from './platform/jobs.ts';
import { buildServer } from './platform/http/server.tsx';
import { countryMigrations, findCountry, findSeededDigest, recordSeededDigest, themeCss } from './modules/country/index.ts';
import { agencyMigrations, agenciesModule } from './modules/agencies/index.ts';
import { residentMigrations } from './modules/residents/index.ts';
import { identityMigrations, identityModule } from './modules/identity/index.ts';
import { catalogMigrations, catalogModule, findService, listAgencyServices } from './modules/catalog/index.ts';
import { countUnread, notificationsMigrations, notificationsModule } from './modules/notifications/index.ts';
import { documentMigrations, documentsModule, issueDocument, officeLinks as documentsOfficeLinks } from './modules/documents/index.ts';
import { ApplicationRefused, applicationMigrations, applicationsModule, countDocumentsSpared, type ApplicationsContext, officeLinks as applicationsOfficeLinks } from './modules/applications/index.ts';
import { AGENCY_API_SCOPES, apiKeyVerifier, govstackRegistrationMigrations, govstackRegistrationModule, officeLinks as govstackRegistrationOfficeLinks } from './modules/govstack-registration/index.ts';
import type { BearerVerifier } from './platform/http/api-callers.ts';
import { bundleMigrations } from './modules/bundles/index.ts';
import { endProviderSessions, PROVIDER_SESSION_COOKIE, ssoMigrations, ssoModule, officeLinks as ssoOfficeLinks } from './modules/sso/index.ts';
import { mandateMigrations, mandatesModule } from './modules/mandates/index.ts';
import { registryMigrations, registriesModule, seedPopulation } from './modules/registries/index.ts';
import { loadPack, packDigest, withFragments } from './modules/packs/index.ts';
import { seedPack, type SeedReport } from './seed-pack.ts';
import { listOnboardedFragments, onboardingMigrations, onboardingModule, refuseOverStorage, storageAllows, opsLinks as onboardingOpsLinks } from './modules/onboarding/index.ts';
import { credentialMigrations, credentialsInUse, reportLostPhone, credentialResource, credentialSettings, credentialsModule, issuerRoots, officeLinks as credentialsOfficeLinks } from './modules/credentials/index.ts';
import { platformTrust, verifierMigrations, verifierModule, type VerifierTrust, officeLinks as verifierOfficeLinks } from './modules/verifier/index.ts';
import { walletModule } from './modules/wallet/index.ts';
import { ExchangeRefusal, exchangeMigrations, exchangeModule, findDataService, officeLinks as exchangeOfficeLinks } from './modules/exchange/index.ts';
import { operationsMigrations, operationsModule, opsLinks as operationsOpsLinks, scheduleAuditVerification, officeLinks as operationsOfficeLinks } from './modules/operations/index.ts';
import type { Country, OperationsSettings } from './modules/packs/index.ts';
import { statusMigrations, statusModule, opsLinks as statusOpsLinks } from './modules/status/index.ts';
import type { OpsLink } from './platform/web/office-links.ts';
import { checkConsent, checkConsentToAgreement, consentMigrations, consentModule, CONSENT_VALIDITY_DAYS, ConsentRefused, findValidConsent, giveConsent } from './modules/consent/index.ts';

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
  exchangeMigrations,
  consentMigrations,
  onboardingMigrations,
  operationsMigrations,
  statusMigrations,
];

export async function openAndMigrate(config: Readonly<Config>): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    return { database, applied: await migrate(database, migrationSources) };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export async function seedFromDir(database: Database, packDir: string): Promise<SeedReport> {
  // Agencies onboarded at run time live beside the pack: seeding without them would retire them.
  const fragments = await listOnboardedFragments(database.db);
  const report = await seedPack(database.db, withFragments(loadPack(packDir), fragments), { actor: 'system:seed' });
  await recordSeededDigest(database.db, seedDigest(packDir, fragments));
  return report;
}

/** `hanaro start`: seeds only when the pack, the onboarded agencies or the migrations changed since the last seed; null when skipped. */
export async function seedFromDirIfChanged(database: Database, packDir: string): Promise<SeedReport | null> {
  const digest = seedDigest(packDir, await listOnboardedFragments(database.db));
  return digest === await findSeededDigest(database.db) ? null : seedFromDir(database, packDir);
}

function seedDigest(packDir: string, fragments: unknown): string {
  return packDigest(packDir, { fragments, migrations: listMigrations(migrationSources).map((m) => [m.id, m.checksum]) });
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

/** The back office's workspaces, in the order the office home lists them. */
const officeLinks = [
  ...applicationsOfficeLinks, ...documentsOfficeLinks, ...credentialsOfficeLinks, ...exchangeOfficeLinks,
  ...govstackRegistrationOfficeLinks, ...ssoOfficeLinks, ...verifierOfficeLinks, ...operationsOfficeLinks,
];

/** The operations console's pages, in the order its navigation lists them: a module adds its own here. */
const opsLinks: readonly OpsLink[] = [...operationsOpsLinks, ...statusOpsLinks, ...onboardingOpsLinks];

/** Builds the whole platform over an open, migrated, seeded database; `verifierTrust` replaces the issuers the verifier trusts (tests bring their own). */
export async function buildPlatform(config: Readonly<Config>, database: Database, opts: { jobs: boolean; verifierTrust?: VerifierTrust } = { jobs: true }): Promise<Platform> {
  const country = await findCountry(database.db);
  if (!country) throw new Error('No country pack is loaded yet: run `npm run hanaro -- seed` first.');
  const jobs = opts.jobs ? await startJobQueue(database, (err) => console.error('job queue:', err.message)) : null;
  const mandates = mandatesModule(database.db, country);
  const identity = identityModule(database.db, config, country, {
    checkMandate: mandates.checkMandate,
    signedOut: (conn, residentId, browser) => endProviderSessions(conn, residentId, { sessionId: browser.cookies[PROVIDER_SESSION_COOKIE], everywhere: browser.everywhere }),
  });
  // Hand `notifications.notifyResident` to modules that tell residents about a change.
  const notifications = notificationsModule(database.db, { config, jobs, country });
  const db = database.db;
  const applicationsContext: ApplicationsContext = {
    country,
    publicUrl: config.publicUrl,
    notify: notifications.notifyResident,
    issueDocument: async (trx, input, who) => {
      const issued = await issueDocument(trx, input, who, config);
      await refuseOverStorage(trx, input.agencyId);
      return issued;
    },
    findService: async (conn, id) => {
      const row = await findService(conn, id);
      return row && { definition: row.definition, open: row.open };
    },
    mobileIds: { inUse: credentialsInUse, reportLostPhone },
    storage: { allows: storageAllows },
    agencyData: {
      findDataService, findValidConsent, checkConsent: checkConsentToAgreement,
      giveConsent: async (conn, input) => {
        try {
          return await giveConsent(conn, input);
        } catch (err) {
          if (err instanceof ConsentRefused) throw new ApplicationRefused('consent_unavailable', err.code);
          throw err;
        }
      },
      // `exchange` is built below; a draft fetches only once the platform serves requests.
      fetch: async (conn, request) => {
        try {
          return { ok: true, ...await exchange.fetchFromDataService(conn, request) };
        } catch (err) {
          if (err instanceof ExchangeRefusal) return { ok: false, reason: err.reason };
          throw err;
        }
      },
      consentDays: async () => CONSENT_VALIDITY_DAYS,
    },
  };
  const applications = applicationsModule(db, applicationsContext, async (scope) => (await listAgencyServices(db, scope)).map((row) => row.definition));
  // Who may call the JSON APIs: each kind of bearer credential adds its verifier here.
  const credentials = credentialSettings(config, country);
  // The credential issuer is a resource of Hanaro's OpenID Provider, for the wallet's authorization code flow.
  const sso = await ssoModule(db, config, { resources: [credentialResource(db, credentials)], apiScopes: AGENCY_API_SCOPES });
  const bearerVerifiers: BearerVerifier[] = [apiKeyVerifier(db), sso.verifyAccessToken];
  const govstackRegistration = govstackRegistrationModule(db, applicationsContext, { verifiers: bearerVerifiers, publicUrl: config.publicUrl });
  const exchange = exchangeModule(db, { instance: country.code, locale: country.languages[0]!, keySecret: config.documentKeySecret, publicUrl: config.publicUrl, checkConsent, verifiers: bearerVerifiers });
  let self: FastifyInstance | null = null;
  const verifier = verifierModule(db, {
    countryName: country.name.en ?? Object.values(country.name)[0] ?? 'Hanaro', publicUrl: config.publicUrl, keySecret: config.documentKeySecret,
    secureCookies: config.secureCookies, verifiers: bearerVerifiers, pack: () => loadPack(config.packDir), keptDir: path.join(config.dataDir, 'verifier'),
    trust: opts.verifierTrust ?? platformTrust({ issuerRoots: async () => (await issuerRoots(db)).map((r) => r.certificate), publicUrl: config.publicUrl, self: () => self }),
  });
  const onboarding = await onboardingModule(db, { pack: () => loadPack(config.packDir), keySecret: config.documentKeySecret, publicUrl: config.publicUrl, seedPack }, bearerVerifiers);
  const app = await buildServer({
    config, database, jobs,
    ...shellOf(country),
    resolveStaff: identity.resolveStaff,
    resolveResident: async (request) => {
      const resident = await identity.resolveResident(request);
      // The inbox is the principal's only under a mandate for every service, so the count is too.
      const inboxShown = resident && (!resident.representative || resident.representative.services === 'all');
      return resident && { ...resident, unreadNotices: inboxShown ? await countUnread(db, resident.residentId) : 0 };
    },
    modules: [onboarding.quotaHook, ...identity.routes, agenciesModule(database.db, officeLinks), catalogModule(database.db, { findDataService, documentsSpared: countDocumentsSpared, changes: database.changes('hanaro_catalog') }), notifications.routes, documentsModule(database.db), ...applications, govstackRegistration, sso.routes(bearerVerifiers), mandates.routes, registriesModule(db, { verifiers: bearerVerifiers }), credentialsModule(db, credentials), verifier, walletModule(db, { countryName: country.name }), consentModule(db, { verifiers: bearerVerifiers, publicUrl: config.publicUrl }), exchange.routes, onboarding.routes,
      operationsModule(db, { settings: operationsSettings(config.packDir), jobs, timeZone: country.timeZone, links: opsLinks }),
      statusOf(config, db, country)],
  });
  self = app;
  await notifications.startMailWorker(app.log);
  if (jobs) {
    await sso.schedulePurge(jobs);
    await exchange.scheduleForgetRequestIds(jobs);
    await scheduleAuditVerification(db, jobs);
    await scheduleMonthPartitions(database, jobs);
  }
  return { app, database, jobs };
}

const shellOf = (country: Country) => ({
  shell: { countryName: country.name, emblem: country.theme.emblem, defaultLocale: country.languages[0]!, locales: country.languages, timeZone: country.timeZone },
  themeCss: themeCss(country),
  migrations: migrationSources,
});

const statusOf = (config: Readonly<Config>, db: AnyDb, country: Country) => statusModule(db, {
  cacheFile: path.join(config.dataDir, 'status-cache.json'), maxAgeSeconds: config.statusRefreshSeconds,
  languages: { all: country.languages, fallback: country.languages[0]! }, timeZone: country.timeZone, links: opsLinks,
});

/**
 * What a node serves while its database has not answered since it started: the shell from the pack
 * on disk, /status from the kept copy, /healthz alive and /readyz not ready; every other page and
 * API is the 503 of reduced service (a posted form comes back with its values).
 */
export async function buildReducedPlatform(config: Readonly<Config>, database: Database): Promise<FastifyInstance> {
  const country = loadPack(config.packDir).country;
  const notYetReached = async (app: FastifyInstance) => {
    app.all('/*', { config: { csrf: false } }, async () => {
      throw Object.assign(new Error('the database has not answered since this node started'), { code: '08001' });
    });
  };
  return buildServer({
    config, database, jobs: null, ...shellOf(country),
    resolveStaff: async () => null, resolveResident: async () => null,
    modules: [statusOf(config, database.db, country), notYetReached],
  });
}

/** The pack's operations.yaml, read once when the console first needs it (the pack was checked when it was seeded). */
function operationsSettings(packDir: string): () => OperationsSettings | undefined {
  let settings: { value: OperationsSettings | undefined } | undefined;
  return () => (settings ??= { value: loadPack(packDir).operations }).value;
}

/** Stops taking requests, lets in-flight ones and running jobs finish, then closes the database. */
export async function shutdown(platform: Platform): Promise<void> {
  await platform.app.close();
  await platform.jobs?.stop();
  await platform.database.close();
}
