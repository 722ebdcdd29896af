import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { documentRoutes } from './routes.tsx';
import { documentOfficeRoutes } from './office-routes.tsx';

export { issueDocument, maskIdNumber, type IssueDocumentInput, type DocumentSettings } from './issue-document.ts';
export { revokeDocument } from './revoke-document.ts';
export { agencySigningIdentity, agencySigningKeys, rotateAgencySigningKey, type SigningKeySummary } from './signing-keys.ts';
export { documentBytesOf } from './store.ts';
export { sealPrivateKey, openPrivateKeyObject } from './sealed-key.ts';
export { verifyDocumentId, verifyDocumentFile, type Verdict } from './verify-document.ts';
export { listResidentDocuments as listDocumentsOfResident, documentBytes, type DocumentSummary, type Statement } from './store.ts';

export const documentMigrations: MigrationSource = { owner: 'documents', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/documents', titleKey: 'documents.office.title', leadKey: 'documents.officeLink.lead', roles: ['officer', 'agency_admin', 'auditor'] },
];

export function documentsModule(conn: AnyDb) {
  return async function documents(app: FastifyInstance) {
    await app.register(documentRoutes(conn));
    await app.register(documentOfficeRoutes(conn));
  };
}
