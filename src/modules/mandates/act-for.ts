import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { setActingMandate, type MandateCheck } from '../identity/index.ts';
import { findResidentById } from '../residents/index.ts';
import { recordRepresentationRead } from '../registries/index.ts';
import { findLegalRepresentation } from './legal-representation.ts';
import { MandateRefused } from './mandate-errors.ts';
import { stateOf, todayIn } from './mandate-state.ts';
import * as store from './store.ts';

/** Where the country's law makes a person an adult (packs' `legalAges.adult`) and which day it is there. */
export interface Law { timeZone: string; adultAge: number | undefined }

/**
 * The check every request of an acting session goes through (handed to identity in src/app.ts): a
 * mandate still in force, or a legal representation the registers still show (the child not of age yet).
 */
export function mandateCheck(law: Law): MandateCheck {
  return async (conn, { mandateId, representativeId }) => {
    const today = todayIn(law.timeZone);
    const mandate = await store.findMandate(conn, mandateId);
    if (!mandate) {
      const legal = await findLegalRepresentation(conn, mandateId, representativeId, today, law.adultAge);
      if (!legal?.active) return { ok: false, principalName: legal?.minor.name ?? '' };
      return { ok: true, principal: legal.minor, services: 'all' };
    }
    const principal = await findResidentById(conn, mandate.grantor_id);
    if (!principal || mandate.representative_id !== representativeId || stateOf(mandate, today) !== 'active') {
      return { ok: false, principalName: principal?.name ?? '' };
    }
    return { ok: true, principal: { residentId: principal.id, name: principal.name }, services: mandate.services ?? 'all' };
  };
}

/**
 * The representative (signed in as themselves) starts acting for the mandate's grantor, or for their
 * minor child, in this session. Audited with both identities.
 */
export async function startActing(conn: AnyDb, viewer: ResidentViewer, mandateId: string, ctx: { today: string; adultAge: number | undefined; locale: string }, who: Actor): Promise<void> {
  const mandate = await store.findMandate(conn, mandateId);
  if (!mandate) return startActingForChild(conn, viewer, mandateId, ctx, who);
  if (mandate.representative_id !== viewer.residentId) throw new MandateRefused('not_found');
  if (stateOf(mandate, ctx.today) !== 'active') throw new MandateRefused('not_active');
  await conn.transaction().execute(async (trx) => {
    await setActingMandate(trx, viewer, mandateId);
    await recordAudit(trx, { ...who, actingFor: `resident:${mandate.grantor_id}` }, { action: 'mandate.acting_started', target: `mandate:${mandateId}` });
  });
}

async function startActingForChild(conn: AnyDb, viewer: ResidentViewer, id: string, ctx: { today: string; adultAge: number | undefined; locale: string }, who: Actor): Promise<void> {
  const legal = await findLegalRepresentation(conn, id, viewer.residentId, ctx.today, ctx.adultAge);
  if (!legal) throw new MandateRefused('not_found');
  if (!legal.active) throw new MandateRefused('not_active');
  await conn.transaction().execute(async (trx) => {
    await setActingMandate(trx, viewer, id);
    await recordRepresentationRead(trx, { parentIdNumber: legal.representative.idNumber, childIdNumber: legal.minor.idNumber }, ctx.locale);
    await recordAudit(trx, { ...who, actingFor: `resident:${legal.minor.residentId}` }, {
      action: 'mandate.acting_started', target: `resident:${legal.minor.residentId}`, details: { basis: 'legal_representative', until: legal.endsOn },
    });
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
