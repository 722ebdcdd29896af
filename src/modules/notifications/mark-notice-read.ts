import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { notFound } from '../../platform/http/errors.ts';
import { markNoticeRead as markRead } from './store.ts';

/** A resident marks one of their own notices read; anyone else's notice answers 404, as if it did not exist. */
export async function markNoticeRead(conn: AnyDb, residentId: string, noticeId: number, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const result = await markRead(trx, residentId, noticeId);
    if (!result.found) throw notFound(`notice ${noticeId} is not resident ${residentId}'s`);
    if (result.changed) await recordAudit(trx, who, { action: 'notice.read', target: `notice:${noticeId}` });
  });
}
