import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { consentApiRoutes, CONSENT_API_PREFIX } from './api-routes.ts';
import { consentOpenApi } from './openapi.ts';
import { consentRoutes } from './routes.tsx';

export { giveConsent, CONSENT_VALIDITY_DAYS, type GiveConsentInput } from './give-consent.ts';
export { findValidConsent } from './find-valid-consent.ts';
export { checkConsent, checkConsentToAgreement, type ConsentCheck, type ConsentRefusal } from './check-consent.ts';
export { withdrawConsent } from './withdraw-consent.ts';
export { seedDataAgreements } from './seed-data-agreements.ts';
export { findDataAgreement, type DataAgreementView } from './find-data-agreement.ts';
export { verifyConsentRecord } from './verify-consent-record.ts';
export { ConsentRefused } from './consent-errors.ts';
export { CONSENT_SCOPES, isConsentScope, consentApiScopes } from './scopes.ts';

export const consentMigrations: MigrationSource = { owner: 'consent', dir: path.join(import.meta.dirname, 'migrations') };

/** The resident's consents page and the GovStack Consent API. */
export function consentModule(conn: AnyDb, opts: { verifiers: readonly BearerVerifier[]; publicUrl: string }) {
  // Built from the YAML spec on the first request for it (parsing it cost ~0.15 s of every start).
  let openApi: ReturnType<typeof consentOpenApi> | undefined;
  return async function consent(app: FastifyInstance) {
    await app.register(consentRoutes(conn));
    app.get(`${CONSENT_API_PREFIX}/openapi.json`, { config: { csrf: false } }, async () => openApi ??= consentOpenApi(opts.publicUrl));
    await app.register(consentApiRoutes(conn, opts));
  };
}
