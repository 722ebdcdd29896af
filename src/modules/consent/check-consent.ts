import type { AnyDb } from '../../platform/db/database.ts';
import { findValidConsent } from './find-valid-consent.ts';
import * as store from './store.ts';

export type ConsentRefusal = 'consent_not_found' | 'consent_withdrawn' | 'consent_expired' | 'consent_not_covering';
export type ConsentCheck = { ok: true } | { ok: false; reason: ConsentRefusal };

type ConsentToCheck = NonNullable<Awaited<ReturnType<typeof store.findConsentToCheck>>>;

/** Why a consent record cannot be used by anyone now, whatever it is used for; undefined when it can. */
function unusable(consent: ConsentToCheck | undefined, residentId: string): ConsentRefusal | undefined {
  // Someone else's consent is answered as if it did not exist.
  if (!consent || consent.resident_id !== residentId) return 'consent_not_found';
  if (consent.state === 'withdrawn') return 'consent_withdrawn';
  if (consent.expires_at.getTime() <= Date.now()) return 'consent_expired';
  return undefined;
}

/**
 * For the information mediator: may `consumerAgencyId` read `dataServiceId` about this resident on the
 * strength of this consent? It must be the resident's, given and not withdrawn or expired, to an agreement
 * that agency controls and that is still in force, whose version consented to lists the data service.
 */
export async function checkConsent(conn: AnyDb, q: { consentId: string; residentId: string; consumerAgencyId: string; dataServiceId: string }): Promise<ConsentCheck> {
  const consent = await store.findConsentToCheck(conn, q.consentId);
  const reason = unusable(consent, q.residentId);
  if (reason) return { ok: false, reason };
  const covers = consent!.controller_agency_id === q.consumerAgencyId && consent!.retired_at === null && consent!.data_service_ids.includes(q.dataServiceId);
  return covers ? { ok: true } : { ok: false, reason: 'consent_not_covering' };
}

/**
 * For an agency filing an application with a consent id: is it the resident's consent in force to the
 * current version of the service's data agreement? A consent to another agreement or an older version
 * does not cover it.
 */
export async function checkConsentToAgreement(conn: AnyDb, q: { consentId: string; residentId: string; dataAgreementId: string }): Promise<ConsentCheck> {
  const reason = unusable(await store.findConsentToCheck(conn, q.consentId), q.residentId);
  if (reason) return { ok: false, reason };
  return (await findValidConsent(conn, q))?.id === q.consentId ? { ok: true } : { ok: false, reason: 'consent_not_covering' };
}
