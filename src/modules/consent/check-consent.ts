import type { AnyDb } from '../../platform/db/database.ts';
import * as store from './store.ts';

export type ConsentCheck = { ok: true } | { ok: false; reason: 'consent_not_found' | 'consent_withdrawn' | 'consent_expired' | 'consent_not_covering' };

/**
 * For the information mediator: may `consumerAgencyId` read `dataServiceId` about this resident on the
 * strength of this consent? It must be the resident's, given and not withdrawn or expired, to an agreement
 * that agency controls and that is still in force, whose version consented to lists the data service.
 */
export async function checkConsent(conn: AnyDb, q: { consentId: string; residentId: string; consumerAgencyId: string; dataServiceId: string }): Promise<ConsentCheck> {
  const consent = await store.findConsentToCheck(conn, q.consentId);
  // Someone else's consent is answered as if it did not exist.
  if (!consent || consent.resident_id !== q.residentId) return { ok: false, reason: 'consent_not_found' };
  if (consent.state === 'withdrawn') return { ok: false, reason: 'consent_withdrawn' };
  if (consent.expires_at.getTime() <= Date.now()) return { ok: false, reason: 'consent_expired' };
  const covers = consent.controller_agency_id === q.consumerAgencyId && consent.retired_at === null && consent.data_service_ids.includes(q.dataServiceId);
  return covers ? { ok: true } : { ok: false, reason: 'consent_not_covering' };
}
