import { inTransaction, type AnyDb } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actingForOf } from './give-consent.ts';
import { consentRevision } from './revisions.ts';
import * as store from './store.ts';

/**
 * The resident (or their representative, or the agency system recording it for them) withdraws a consent.
 * It takes effect at once: the mediator's next check finds it withdrawn. Withdrawing twice changes nothing.
 */
export async function withdrawConsent(conn: AnyDb, q: { consentId: string; residentId: string; actor: string; requestId?: string | null }): Promise<'withdrawn' | 'not_found'> {
  if (!store.isUuid(q.consentId) || !store.isUuid(q.residentId)) return 'not_found';
  return inTransaction(conn, async (trx) => {
    const consent = await store.findConsent(trx, q.consentId);
    if (!consent || consent.resident_id !== q.residentId) return 'not_found';
    await store.lockResidentAgreement(trx, consent.resident_id, consent.data_agreement_id);
    const latest = await store.latestConsentRevision(trx, consent.id);
    const current = await store.findConsent(trx, q.consentId);
    if (current!.state === 'withdrawn') return 'withdrawn';
    const now = new Date();
    const actingFor = actingForOf(q.actor, q.residentId);
    const revision = consentRevision({ record: { ...current!, state: 'withdrawn', withdrawn_at: now }, seq: latest!.seq + 1, at: now, actor: q.actor, actingFor, predecessorHash: latest!.hash });
    await store.markWithdrawn(trx, consent.id, now, revision.hash);
    await store.insertConsentRevision(trx, revision);
    await recordAudit(trx, { actor: q.actor, actingFor, requestId: q.requestId ?? null }, {
      agencyId: consent.controller_agency_id, action: 'consent.withdrawn', target: `consent:${consent.id}`,
      details: { resident: `resident:${consent.resident_id}`, dataAgreement: consent.data_agreement_id, version: consent.data_agreement_version, hash: revision.hash },
    });
    return 'withdrawn';
  });
}
