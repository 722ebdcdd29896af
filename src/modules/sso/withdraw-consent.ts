import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { notFound } from '../../platform/http/errors.ts';
import { destroyByGrant, destroyModel, findGrantIds } from './store.ts';

/**
 * A resident takes back what they let a service know: the grant goes, with every token issued
 * under it, and the service has to ask again next time.
 */
export async function withdrawConsent(conn: AnyDb, residentId: string, clientId: string, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const grants = await findGrantIds(trx, residentId, clientId);
    if (!grants.length) throw notFound(`no consent of ${residentId} for ${clientId}`);
    for (const grantId of grants) {
      await destroyByGrant(trx, grantId);
      await destroyModel(trx, 'Grant', grantId);
    }
    await recordAudit(trx, who, { action: 'oidc.consent_withdrawn', target: `oidc-client:${clientId}` });
  });
}
