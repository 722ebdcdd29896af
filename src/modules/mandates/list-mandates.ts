import type { AnyDb } from '../../platform/db/database.ts';
import { listAuditActingFor } from '../../platform/audit/audit.ts';
import { findResidentById } from '../residents/index.ts';
import { stateOf, type MandateState } from './mandate-state.ts';
import * as store from './store.ts';

export interface MandateView {
  id: string; otherName: string; services: string[] | 'all'; validFrom: string; validUntil: string; state: MandateState;
}
export interface ActionTaken { at: Date; representativeName: string; action: string; target: string | null }

/** The mandates a resident gave and received, each with the other person's name and its state today. */
export async function listMandates(conn: AnyDb, residentId: string, today: string): Promise<{ given: MandateView[]; received: MandateView[] }> {
  const names = nameCache(conn);
  const view = async (m: store.Mandate, other: string): Promise<MandateView> => ({
    id: m.id, otherName: await names(other), services: m.services ?? 'all', validFrom: m.valid_from, validUntil: m.valid_until, state: stateOf(m, today),
  });
  const [given, received] = await Promise.all([store.listGiven(conn, residentId), store.listReceived(conn, residentId)]);
  return {
    given: await Promise.all(given.map((m) => view(m, m.representative_id))),
    received: await Promise.all(received.map((m) => view(m, m.grantor_id))),
  };
}

/** Everything representatives did for this resident, from the audit log, newest first. */
export async function actionsTakenFor(conn: AnyDb, residentId: string, limit = 50): Promise<ActionTaken[]> {
  const names = nameCache(conn);
  const rows = await listAuditActingFor(conn, `resident:${residentId}`, { limit });
  return Promise.all(rows.map(async (r) => ({
    at: r.at, action: r.action, target: r.target,
    representativeName: r.actor.startsWith('resident:') ? await names(r.actor.slice('resident:'.length)) : r.actor,
  })));
}

function nameCache(conn: AnyDb) {
  const known = new Map<string, Promise<string>>();
  return (residentId: string) => {
    let name = known.get(residentId);
    if (!name) known.set(residentId, name = findResidentById(conn, residentId).then((r) => r?.name ?? ''));
    return name;
  };
}
