import type { AnyDb } from '../../platform/db/database.ts';
import { checkIntegrity, type IntegrityProblem } from './revisions.ts';
import * as store from './store.ts';

/** Whether a consent record and its history are as they were written; the first problem when not. */
export async function verifyConsentRecord(conn: AnyDb, consentId: string): Promise<{ ok: true } | { ok: false; problem: IntegrityProblem | 'not_found'; seq?: number }> {
  const record = await store.findConsent(conn, consentId);
  if (!record) return { ok: false, problem: 'not_found' };
  return checkIntegrity(record, await store.listConsentRevisions(conn, consentId));
}
