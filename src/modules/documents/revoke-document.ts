import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { revokeAgencyDocument } from './store.ts';

export const REVOCATION_REASON_MAX = 200;

/** An officer of the issuing agency withdraws a document; verification says so from then on, with the reason. */
export async function revokeDocument(conn: AnyDb, scope: AgencyScope, documentId: string, reason: string, who: Actor): Promise<void> {
  const text = reason.trim();
  if (!text) throw badRequest('reason_required', 'documents.office.reasonRequired', 'reason');
  if ([...text].length > REVOCATION_REASON_MAX) throw badRequest('reason_too_long', 'documents.office.reasonTooLong', 'reason');
  await conn.transaction().execute(async (trx) => {
    const result = await revokeAgencyDocument(trx, scope, documentId, { reason: text, by: who.actor, at: new Date() });
    if (result === 'missing') throw notFound(`document ${documentId} not in ${scope.agencyId}`);
    if (result === 'already') throw new AppError(409, 'already_revoked', 'documents.office.alreadyRevoked');
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'document.revoked', target: `document:${documentId}`, details: { reason: text } });
  });
}
