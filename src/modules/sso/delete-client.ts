import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import { deleteAgencyClient } from './store.ts';

/** Removes an agency's client: it can no longer sign residents in nor get tokens. */
export async function deleteClient(conn: AnyDb, scope: AgencyScope, clientId: string, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    if (!await deleteAgencyClient(trx, scope, clientId)) throw notFound(`oidc client ${clientId} not in ${scope.agencyId}`);
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'oidc.client_deleted', target: `oidc-client:${clientId}` });
  });
}
