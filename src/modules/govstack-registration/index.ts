import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { ApplicationsContext } from '../applications/index.ts';
import { apiScope } from './api-setup.ts';
import { catalogApiRoutes } from './catalog-routes.ts';
import { workApiRoutes } from './work-routes.ts';
import { apiKeyOfficeRoutes } from './office-routes.tsx';
import { API_PREFIX, registrationOpenApi } from './openapi.ts';

export { apiKeyVerifier } from './verify-api-key.ts';
export { issueApiKey } from './issue-api-key.ts';
export { API_KEY_USAGE, apiKeyCommand } from './cli.ts';
export { stagedDocumentBytesOf } from './store.ts';
export { SCOPES as REGISTRATION_SCOPES, AGENCY_API_SCOPES } from './scopes.ts';

export const govstackRegistrationMigrations: MigrationSource = { owner: 'govstack-registration', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/api-keys', titleKey: 'govstack.keys.title', leadKey: 'govstack.officeLink.lead', roles: ['agency_admin'] },
];

/** The GovStack Registration BB API over Hanaro's catalog and applications, and the agency API keys it takes. */
export function govstackRegistrationModule(conn: AnyDb, ctx: ApplicationsContext, opts: { verifiers: readonly BearerVerifier[]; publicUrl: string }) {
  const openApi = registrationOpenApi(opts.publicUrl);
  return async function govstackRegistration(app: FastifyInstance) {
    await app.register(apiKeyOfficeRoutes(conn));
    await app.register(async (api) => {
      apiScope(api);
      api.get(`${API_PREFIX}/openapi.json`, { config: { csrf: false } }, async () => openApi);
      await api.register(catalogApiRoutes(conn, opts.verifiers, ctx.storage));
      await api.register(workApiRoutes(conn, ctx, opts.verifiers));
    });
  };
}
