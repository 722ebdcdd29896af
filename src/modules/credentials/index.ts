import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { Country } from '../packs/index.ts';
import { protocolRoutes } from './protocol-routes.ts';
import { residentRoutes } from './resident-routes.tsx';
import { officeRoutes } from './office-routes.tsx';
import type { CredentialSettings } from './settings.ts';

export { seedCredentialTypes } from './seed-credential-types.ts';
export { issueCredential, type IssueCredentialInput } from './issue-credential.ts';
export { createOffer, type CredentialOffer } from './offers.ts';
export { credentialsInUse, reportLostPhone, revokeCredential } from './change-credential-status.ts';
export { documentSigners, issuerRoots, rotateDocumentSigner, toPem, type DocumentSignerSummary } from './issuer-keys.ts';
export { hasCredentialTypes as issuesCredentials } from './store.ts';
export type { CredentialSettings } from './settings.ts';
export { credentialResource, WALLET_CLIENT_ID } from './wallet-authorization.ts';

export const credentialMigrations: MigrationSource = { owner: 'credentials', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/credentials', titleKey: 'credentials.office.title', leadKey: 'credentials.officeLink.lead', roles: ['officer', 'agency_admin', 'auditor'] },
];

export function credentialSettings(config: { publicUrl: string; documentKeySecret: string }, country: Country): CredentialSettings {
  return { publicUrl: config.publicUrl, keySecret: config.documentKeySecret, country, offerTtlSeconds: 600, accessTokenTtlSeconds: 300, nonceTtlSeconds: 300 };
}

/** Mobile ID issuance (OpenID4VCI), status lists and trust roots, the resident's wallet page and the office's list. */
export function credentialsModule(conn: AnyDb, settings: CredentialSettings) {
  return async function credentials(app: FastifyInstance) {
    await app.register(protocolRoutes(conn, settings));
    await app.register(residentRoutes(conn, settings));
    await app.register(officeRoutes(conn));
  };
}
