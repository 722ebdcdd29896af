import type { AnyDb } from '../../platform/db/database.ts';
import { revocableListRoutes } from '../../platform/http/revocable-list-routes.tsx';
import { revokeCredential } from './change-credential-status.ts';
import { listAgencyCredentials } from './store.ts';
import { OfficeCredentialsPage } from './views/office.tsx';

/** The agency's issued mobile credentials, with revocation for a reason. */
export function officeRoutes(conn: AnyDb) {
  return revocableListRoutes(conn, {
    path: '/office/credentials',
    id: { type: 'string', format: 'uuid' },
    list: listAgencyCredentials,
    revoke: revokeCredential,
    page: (shell, credentials, refused) => <OfficeCredentialsPage shell={shell} credentials={credentials} refused={refused} />,
  });
}
