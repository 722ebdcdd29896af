import type { AnyDb } from '../../platform/db/database.ts';
import * as store from './store.ts';

/**
 * The consent that lets the service read now: given by the resident to the agreement's current version,
 * neither withdrawn nor expired. None means the resident is asked (again).
 */
export async function findValidConsent(conn: AnyDb, q: { residentId: string; dataAgreementId: string }): Promise<{ id: string } | undefined> {
  if (!store.isUuid(q.residentId)) return undefined;
  const agreement = await store.findAgreement(conn, q.dataAgreementId);
  if (!agreement || agreement.retired_at) return undefined;
  const found = await store.findGivenConsent(conn, { residentId: q.residentId, agreementId: agreement.id, version: agreement.version, now: new Date() });
  return found && { id: found.id };
}
