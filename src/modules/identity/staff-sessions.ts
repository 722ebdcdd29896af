import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { StaffViewer } from '../../platform/http/types.ts';
import { findStaffByEmail, findStaffById, rolesOf, type StaffRow } from '../agencies/index.ts';
import { verifyPassword, UNKNOWN_ACCOUNT_HASH } from './password.ts';
import { checkPasskeyAssertion, type RelyingParty } from './passkeys.ts';
import * as store from './store.ts';
import { newSessionToken, sessionIdOf } from './session-token.ts';

export const FAILURE_WINDOW_MINUTES = 15;
export const MAX_FAILURES = 5;
/** Whether sign-in is refused for this login a while, after too many failures. */
export const isSlowedDown = (conn: AnyDb, login: string) => store.slowedDown(conn, login, FAILURE_WINDOW_MINUTES, MAX_FAILURES);

export interface SessionPolicy { idleMinutes: number; absoluteHours: number }

export type SignInResult =
  | { ok: true; token: string; accountId: string }
  | { ok: false; reason: 'wrong_credentials' | 'slowed_down' };

export type StaffSignInResult = SignInResult | { ok: false; reason: 'passkey_required' };

/**
 * Checks a staff member's email and password. The password from the pack is only a bootstrap: once
 * the person has a passkey (or when the platform allows no staff passwords at all) it is refused.
 * After repeated failures the account is paused for a quarter of an hour, never longer, so an
 * attacker cannot lock a person out for good.
 */
export async function signInStaff(conn: AnyDb, input: { email: string; password: string; userAgent?: string; requestId: string }, policy: SessionPolicy, passwords: Config['staffPasswordSignIn'] = 'bootstrap'): Promise<StaffSignInResult> {
  // The same answer for every email, before any password is checked: nothing to guess, nothing revealed.
  if (passwords === 'never') return { ok: false, reason: 'passkey_required' };
  if (await isSlowedDown(conn, input.email)) return { ok: false, reason: 'slowed_down' };
  const staff = await findStaffByEmail(conn, input.email);
  const matches = await verifyPassword(input.password, staff?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!staff || !matches || staff.disabled_at) {
    await store.recordSignInFailure(conn, input.email);
    return { ok: false, reason: 'wrong_credentials' };
  }
  if (await store.staffHasPasskey(conn, staff.id)) return { ok: false, reason: 'passkey_required' };
  const token = await conn.transaction().execute(async (trx) => {
    await store.clearFailures(trx, input.email);
    return startStaffSession(trx, staff, { assurance: 'low', method: 'password', userAgent: input.userAgent, requestId: input.requestId }, policy);
  });
  return { ok: true, token, accountId: staff.id };
}

/** Signs a staff member in with a discoverable passkey: the passkey itself says whose it is. */
export async function signInStaffWithPasskey(conn: AnyDb, rp: RelyingParty, input: { response: AuthenticationResponseJSON; userAgent?: string; requestId: string }, policy: SessionPolicy): Promise<{ ok: true; token: string } | { ok: false; problem: 'invalid' | 'expired' }> {
  const check = await checkPasskeyAssertion(conn, rp, 'staff', input.response, 'sign_in');
  if (!check.ok) return check;
  const staff = await findStaffById(conn, check.ownerId);
  if (!staff || staff.disabled_at) return { ok: false, problem: 'invalid' };
  const token = await conn.transaction().execute((trx) =>
    startStaffSession(trx, staff, { assurance: 'substantial', method: 'passkey', passkey: check.passkey.id, userAgent: input.userAgent, requestId: input.requestId }, policy));
  return { ok: true, token };
}

async function startStaffSession(trx: Tx, staff: StaffRow, how: { assurance: 'low' | 'substantial'; method: string; passkey?: string; userAgent?: string; requestId: string }, policy: SessionPolicy): Promise<string> {
  const roles = await rolesOf(trx, staff.id);
  const { token, id } = newSessionToken();
  await store.insertSession(trx, {
    id, staff_id: staff.id, assurance: how.assurance,
    acting_agency_id: roles.find((r) => r.agency_id)?.agency_id ?? null,
    expires_at: new Date(Date.now() + policy.absoluteHours * 3_600_000),
    user_agent: how.userAgent?.slice(0, 300) ?? null,
  });
  await recordAudit(trx, { actor: `staff:${staff.id}`, requestId: how.requestId }, {
    action: 'staff.signed_in', target: `staff:${staff.id}`, details: { assurance: how.assurance, method: how.method, ...(how.passkey ? { passkey: how.passkey } : {}) },
  });
  return token;
}

/** Roles are read again on every request, so a role granted or revoked applies to the very next click. */
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
    assurance: session.assurance,
    authenticatedAt: session.authenticated_at,
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
