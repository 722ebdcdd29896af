import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { StaffViewer } from '../../platform/http/types.ts';
import { findStaffByEmail, findStaffById, rolesOf } from '../agencies/index.ts';
import { verifyPassword, UNKNOWN_ACCOUNT_HASH } from './password.ts';
import * as store from './store.ts';
import { newSessionToken, sessionIdOf } from './session-token.ts';

export const FAILURE_WINDOW_MINUTES = 15;
export const MAX_FAILURES = 5;

export interface SessionPolicy { idleMinutes: number; absoluteHours: number }

export type SignInResult =
  | { ok: true; token: string; accountId: string }
  | { ok: false; reason: 'wrong_credentials' | 'slowed_down' };

/**
 * Checks a staff member's email and password. After repeated failures the account is paused for
 * a quarter of an hour, never longer, so an attacker cannot lock a person out for good.
 */
export async function signInStaff(conn: AnyDb, input: { email: string; password: string; userAgent?: string; requestId: string }, policy: SessionPolicy): Promise<SignInResult> {
  if (await store.recentFailures(conn, input.email, FAILURE_WINDOW_MINUTES) >= MAX_FAILURES) return { ok: false, reason: 'slowed_down' };
  const staff = await findStaffByEmail(conn, input.email);
  const matches = await verifyPassword(input.password, staff?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!staff || !matches || staff.disabled_at) {
    await store.recordSignInFailure(conn, input.email);
    return { ok: false, reason: 'wrong_credentials' };
  }
  const roles = await rolesOf(conn, staff.id);
  const { token, id } = newSessionToken();
  await conn.transaction().execute(async (trx) => {
    await store.clearFailures(trx, input.email);
    await store.insertSession(trx, {
      id, staff_id: staff.id,
      acting_agency_id: roles.find((r) => r.agency_id)?.agency_id ?? null,
      expires_at: new Date(Date.now() + policy.absoluteHours * 3_600_000),
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, { actor: `staff:${staff.id}`, requestId: input.requestId }, { action: 'staff.signed_in', target: `staff:${staff.id}` });
  });
  return { ok: true, token, accountId: staff.id };
}

export async function resolveStaffSession(conn: AnyDb, token: string | undefined, policy: SessionPolicy): Promise<StaffViewer | null> {
  if (!token || token.length > 100) return null;
  const session = await store.touchSession(conn, sessionIdOf(token), policy.idleMinutes);
  if (!session) return null;
  const staff = await findStaffById(conn, session.staff_id);
  if (!staff || staff.disabled_at) return null;
  const roles = await rolesOf(conn, staff.id);
  const agencyRoles = roles.filter((r) => r.agency_id !== null).map((r) => ({ agencyId: r.agency_id!, role: r.role }));
  const acting = session.acting_agency_id && agencyRoles.some((r) => r.agencyId === session.acting_agency_id) ? session.acting_agency_id : agencyRoles[0]?.agencyId ?? null;
  return {
    id: staff.id,
    names: staff.name,
    sessionId: session.id,
    agencyId: acting,
    agencyRoles,
    platformRoles: roles.filter((r) => r.agency_id === null).map((r) => r.role),
  };
}

export async function signOutStaff(conn: AnyDb, viewer: StaffViewer, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    await store.deleteSession(trx, viewer.sessionId);
    await recordAudit(trx, who, { action: 'staff.signed_out', target: `staff:${viewer.id}` });
  });
}

/** Acting in another agency needs a role there; otherwise it is as if the agency did not exist. */
export async function switchAgency(conn: AnyDb, viewer: StaffViewer, agencyId: string, who: Actor): Promise<boolean> {
  if (!viewer.agencyRoles.some((r) => r.agencyId === agencyId)) return false;
  await conn.transaction().execute(async (trx) => {
    await store.setActingAgency(trx, viewer.sessionId, agencyId);
    await recordAudit(trx, who, { agencyId, action: 'staff.switched_agency', target: `staff:${viewer.id}` });
  });
  return true;
}
