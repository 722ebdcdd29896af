import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { countResidentCredentials, findAgencyCredential, findResidentCredentialIds, setCredentialStatus } from './store.ts';

export const REASON_MAX = 200;

/** "I lost my phone": every valid credential of the resident is suspended at once; a new one replaces each later. */
export async function reportLostPhone(conn: AnyDb, residentId: string, who: Actor): Promise<number> {
  return conn.transaction().execute(async (trx) => {
    const valid = await findResidentCredentialIds(trx, residentId, 'valid');
    await setCredentialStatus(trx, valid.map((c) => c.id), { status: 'suspended', reason: 'lost_device', by: who.actor, at: new Date() });
    await recordAudit(trx, who, { action: 'credential.lost_device_reported', target: `resident:${residentId}`, details: { suspended: valid.length } });
    for (const agencyId of new Set(valid.map((c) => c.agency_id))) {
      const ids = valid.filter((c) => c.agency_id === agencyId).map((c) => c.id);
      await recordAudit(trx, who, { agencyId, action: 'credential.suspended', target: `resident:${residentId}`, details: { reason: 'lost_device', credentials: ids } });
    }
    return valid.length;
  });
}

/** How many of the resident's credentials a verifier would accept now: what a lost phone would leave open. */
export const credentialsInUse = (conn: AnyDb, residentId: string) => countResidentCredentials(conn, residentId, 'valid');

/** The issuing agency withdraws a credential for good; verifiers see it in the next status list. */
export async function revokeCredential(conn: AnyDb, scope: AgencyScope, id: string, reason: string, who: Actor): Promise<void> {
  const text = reason.trim();
  if (!text) throw badRequest('reason_required', 'credentials.office.reasonRequired', 'reason');
  if ([...text].length > REASON_MAX) throw badRequest('reason_too_long', 'credentials.office.reasonTooLong', 'reason');
  await conn.transaction().execute(async (trx) => {
    const credential = await findAgencyCredential(trx, scope, id);
    if (!credential) throw notFound(`credential ${id} not in ${scope.agencyId}`);
    if (credential.status === 'revoked') throw new AppError(409, 'already_revoked', 'credentials.office.alreadyRevoked');
    await setCredentialStatus(trx, [id], { status: 'revoked', reason: text, by: who.actor, at: new Date() });
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'credential.revoked', target: `credential:${id}`, details: { reason: text } });
  });
}
