import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { setActingMandate, type MandateCheck } from '../identity/index.ts';
import { findResidentById } from '../residents/index.ts';
import { MandateRefused } from './mandate-errors.ts';
import { stateOf, todayIn } from './mandate-state.ts';
import * as store from './store.ts';

/** The check every request of an acting session goes through (handed to identity in src/app.ts). */
export function mandateCheck(timeZone: string): MandateCheck {
  return async (conn, { mandateId, representativeId }) => {
    const mandate = await store.findMandate(conn, mandateId);
    const principal = mandate && await findResidentById(conn, mandate.grantor_id);
    if (!mandate || !principal || mandate.representative_id !== representativeId || stateOf(mandate, todayIn(timeZone)) !== 'active') {
      return { ok: false, principalName: principal?.name ?? '' };
    }
    return { ok: true, principal: { residentId: principal.id, name: principal.name }, services: mandate.services ?? 'all' };
  };
}

/** The representative (signed in as themselves) starts acting for the mandate's grantor in this session. */
export async function startActing(conn: AnyDb, viewer: ResidentViewer, mandateId: string, ctx: { today: string }, who: Actor): Promise<void> {
  const mandate = await store.findMandate(conn, mandateId);
  if (!mandate || mandate.representative_id !== viewer.residentId) throw new MandateRefused('not_found');
  if (stateOf(mandate, ctx.today) !== 'active') throw new MandateRefused('not_active');
  await conn.transaction().execute(async (trx) => {
    await setActingMandate(trx, viewer, mandateId);
    await recordAudit(trx, { ...who, actingFor: `resident:${mandate.grantor_id}` }, { action: 'mandate.acting_started', target: `mandate:${mandateId}` });
  });
}

/** Back to acting as oneself. */
export async function stopActing(conn: AnyDb, viewer: ResidentViewer, who: Actor): Promise<void> {
  const mandateId = viewer.representative?.mandateId;
  if (!mandateId) return;
  await conn.transaction().execute(async (trx) => {
    await setActingMandate(trx, viewer, null);
    await recordAudit(trx, who, { action: 'mandate.acting_stopped', target: `mandate:${mandateId}` });
  });
}
