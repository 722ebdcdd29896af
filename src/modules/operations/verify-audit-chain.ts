import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, verifyAuditLog, type Actor } from '../../platform/audit/audit.ts';
import { saveAuditCheck, type AuditCheck } from './store.ts';

/** Walks every hash chain of the audit log and keeps the result; the check itself is audited. */
export async function verifyAuditChain(conn: AnyDb, who: Actor): Promise<Omit<AuditCheck, 'checked_at'>> {
  const result = await verifyAuditLog(conn);
  const check = {
    checked_by: who.actor, entries: result.entries, chains: result.chains, ok: !result.firstBreak,
    break_chain: result.firstBreak?.chain ?? null, break_seq: result.firstBreak?.seq ?? null, break_reason: result.firstBreak?.reason ?? null,
  };
  await conn.transaction().execute(async (trx) => {
    await saveAuditCheck(trx, check);
    await recordAudit(trx, who, { action: 'operations.audit_chain_verified', details: { ok: check.ok, entries: check.entries, chains: check.chains } });
  });
  return check;
}
