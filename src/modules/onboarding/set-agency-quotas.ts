import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { findAgency } from '../agencies/index.ts';
import { findQuotas, saveQuotas } from './store.ts';
import { storageUse } from './storage-quota.ts';

export type QuotaProblem = { field: 'requestsPerMinute' | 'storageBytes'; code: 'not_a_number' | 'too_small' | 'too_large' | 'below_use'; usedBytes?: number };

const MAX_RPM = 1_000_000;
const MAX_BYTES = 2 ** 50;

/** Parses the typed quotas; a storage quota below what the agency already keeps is refused. */
export async function setAgencyQuotas(conn: AnyDb, agencyId: string, typed: { requestsPerMinute: string; storageBytes: string }, who: Actor):
  Promise<{ ok: true } | { ok: false; problems: QuotaProblem[] } | { ok: false; notFound: true }> {
  if (!(await findAgency(conn, agencyId))) return { ok: false, notFound: true };
  const problems: QuotaProblem[] = [];
  const whole = (field: QuotaProblem['field'], text: string, min: number, max: number): number => {
    const n = Number(text.trim().replaceAll(',', '').replaceAll('_', ''));
    if (!text.trim() || !Number.isSafeInteger(n)) problems.push({ field, code: 'not_a_number' });
    else if (n < min) problems.push({ field, code: 'too_small' });
    else if (n > max) problems.push({ field, code: 'too_large' });
    return n;
  };
  const requestsPerMinute = whole('requestsPerMinute', typed.requestsPerMinute, 1, MAX_RPM);
  const storageBytes = whole('storageBytes', typed.storageBytes, 0, MAX_BYTES);
  if (!problems.some((p) => p.field === 'storageBytes')) {
    const { usedBytes } = await storageUse(conn, agencyId);
    if (storageBytes < usedBytes) problems.push({ field: 'storageBytes', code: 'below_use', usedBytes });
  }
  if (problems.length) return { ok: false, problems };
  const before = await findQuotas(conn, agencyId);
  await conn.transaction().execute(async (trx) => {
    await saveQuotas(trx, agencyId, { requestsPerMinute, storageBytes });
    await recordAudit(trx, who, { agencyId, action: 'onboarding.quotas_changed', target: `agency:${agencyId}`, details: { before: before ?? null, after: { requestsPerMinute, storageBytes } } });
  });
  return { ok: true };
}
