import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { exchangeApiRoutes } from './api-routes.ts';
import { directoryRoutes } from './directory-routes.ts';
import { fetchFromDataService, type Fetched, type FetchInput } from './fetch-from-data-service.ts';
import { Keyring } from './member-keys.ts';
import type { CheckConsent, ExchangeSettings } from './mediate-request.ts';
import { exchangeOfficeRoutes } from './office-routes.tsx';
import { scheduleForgetRequestIds } from './forget-request-ids.ts';

export { seedDataServices } from './seed-data-services.ts';
export { findDataService, listDataServices, countRefusedRequests } from './store.ts';
export { ExchangeRefusal, type RefusalReason } from './errors.ts';
export { EXCHANGE_SCOPE, exchangeApiScopes } from './api-routes.ts';
export { memberIdOf, MEMBER_CLASS, SUBSYSTEM } from './members.ts';
export { registerSystemKey, revokeSystemKey, ensureExchangeKey, rotateExchangeKey } from './member-keys.ts';
export type { CheckConsent, ConsentCheck, ExchangeSettings } from './mediate-request.ts';
export type { Fetched, FetchInput } from './fetch-from-data-service.ts';

export const exchangeMigrations: MigrationSource = { owner: 'exchange', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/exchange', titleKey: 'exchange.office.title', leadKey: 'exchange.officeLink.lead', roles: ['agency_admin', 'auditor'] },
];

export interface ExchangeOptions {
  /** The country code: the instance every agency is a member of. */
  instance: string;
  /** The pack's first language: what the read log's legal basis is written in. */
  locale: string;
  keySecret: string;
  publicUrl: string;
  checkConsent: CheckConsent;
  verifiers: readonly BearerVerifier[];
}

/**
 * Hanaro's information mediator: agencies' data services answered over signed messages, the GovStack
 * IM directory, and each agency's keys and exchange log in the back office. `fetchFromDataService`
 * is how Hanaro itself asks for a consumer agency (the same path agency systems take over HTTP).
 */
export function exchangeModule(conn: AnyDb, opts: ExchangeOptions) {
  const settings: ExchangeSettings = { instance: opts.instance, locale: opts.locale, keyring: new Keyring(opts.keySecret), checkConsent: opts.checkConsent, clockSkewSeconds: 300 };
  return {
    settings,
    fetchFromDataService: (c: AnyDb, input: FetchInput): Promise<Fetched> => fetchFromDataService(c, settings, input),
    scheduleForgetRequestIds: (jobs: JobQueue) => scheduleForgetRequestIds(conn, jobs, settings.clockSkewSeconds),
    routes: async function exchange(app: FastifyInstance) {
      await app.register(exchangeApiRoutes(conn, settings, opts.verifiers));
      await app.register(directoryRoutes(conn, settings, { verifiers: opts.verifiers, publicUrl: opts.publicUrl }));
      await app.register(exchangeOfficeRoutes(conn, settings, opts.publicUrl));
    },
  };
}
