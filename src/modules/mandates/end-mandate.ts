import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { MandateRefused } from './mandate-errors.ts';
import * as store from './store.ts';

/**
 * The grantor withdraws a mandate at any time. The representative's next request already finds it
 * revoked: sessions check the mandate on every request, so nothing else needs telling.
 */
export async function revokeMandate(conn: AnyDb, grantorId: string, mandateId: string, who: Actor): Promise<void> {
  await end(conn, mandateId, (m) => m.grantor_id === grantorId, 'revoked_at', 'mandate.revoked', who);
}

/** The representative refuses (or gives up) a mandate given to them. */
export async function declineMandate(conn: AnyDb, representativeId: string, mandateId: string, who: Actor): Promise<void> {
  await end(conn, mandateId, (m) => m.representative_id === representativeId, 'declined_at', 'mandate.declined', who);
}

async function end(conn: AnyDb, mandateId: string, mayEnd: (m: store.Mandate) => boolean, how: 'revoked_at' | 'declined_at', action: string, who: Actor) {
  const mandate = await store.findMandate(conn, mandateId);
  // Someone else's mandate is answered as if it did not exist.
  if (!mandate || !mayEnd(mandate)) throw new MandateRefused('not_found');
  await conn.transaction().execute(async (trx) => {
    if (!await store.endMandate(trx, mandateId, how)) throw new MandateRefused('ended');
    await recordAudit(trx, who, {
      action, target: `mandate:${mandateId}`,
      details: { grantor: `resident:${mandate.grantor_id}`, representative: `resident:${mandate.representative_id}` },
    });
  });
}
