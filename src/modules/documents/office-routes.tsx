import type { AnyDb } from '../../platform/db/database.ts';
import { revocableListRoutes } from '../../platform/http/revocable-list-routes.tsx';
import { listAgencyDocuments } from './store.ts';
import { revokeDocument } from './revoke-document.ts';
import { OfficeDocumentsPage } from './views/office.tsx';

/** The agency's issued e-certificates, with revocation for a reason. */
export function documentOfficeRoutes(conn: AnyDb) {
  return revocableListRoutes(conn, {
    path: '/office/documents',
    id: { type: 'string', maxLength: 64 },
    list: listAgencyDocuments,
    revoke: revokeDocument,
    page: (shell, documents, refused) => <OfficeDocumentsPage shell={shell} documents={documents} refused={refused} />,
  });
}
