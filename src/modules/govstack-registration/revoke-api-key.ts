import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import * as store from './store.ts';

/** The key stops working at once; another agency's key, or one already revoked, is not found. */
export async function revokeApiKey(conn: AnyDb, scope: AgencyScope, id: string, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    if (!(await store.revokeApiKeyRow(trx, scope, id))) throw notFound(`no live API key ${id} in ${scope.agencyId}`);
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'api_key.revoked', target: `api_key:${id}` });
  });
}
