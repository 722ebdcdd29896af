import type { FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import type { StaffViewer } from '../../platform/http/types.ts';
import { findStaffById } from '../agencies/index.ts';
import { verifyPassword, UNKNOWN_ACCOUNT_HASH } from './password.ts';
import { checkPasskeyAssertion, staffHolder, type RelyingParty } from './passkeys.ts';
import { isSlowedDown } from './staff-sessions.ts';
import { SENSITIVE_ACTION_MINUTES } from './reauthentication.ts';
import * as store from './store.ts';

/**
 * The signed-in staff member, if they proved who they are within the last `minutes`; otherwise they
 * are sent to confirm it and then back to `returnTo` (default: this page). Before changing passkeys.
 */
export function requireRecentStaffAuthentication(request: FastifyRequest, returnTo?: string, minutes = SENSITIVE_ACTION_MINUTES): StaffViewer {
  const staff = requireStaff(request);
  if (Date.now() - staff.authenticatedAt.getTime() <= minutes * 60_000) return staff;
  const back = returnTo ?? (request.method === 'GET' ? request.url : '/office/passkeys');
  throw new AppError(401, 'staff_reauthentication_required', 'resident.reauth.required', { vars: { return: back } });
}

/** How a staff member can confirm it is them: their passkey, or, before they have one, the password from the pack. */
export async function staffReauthMethods(conn: AnyDb, staff: StaffViewer, passwords: Config['staffPasswordSignIn']): Promise<{ passkey: boolean; password: boolean }> {
  const passkey = await store.staffHasPasskey(conn, staff.id);
  return { passkey, password: !passkey && passwords === 'bootstrap' };
}

export type StaffReauthResult = { ok: true } | { ok: false; problem: 'wrong_password' | 'slowed_down' | 'invalid' | 'expired' | 'passkey_required' };

export async function reauthenticateStaffWithPasskey(conn: AnyDb, rp: RelyingParty, staff: StaffViewer, response: AuthenticationResponseJSON, who: Actor): Promise<StaffReauthResult> {
  const check = await checkPasskeyAssertion(conn, rp, 'staff', response, 'reauthenticate', staffHolder(staff));
  if (!check.ok) return check;
  await confirmed(conn, staff, 'substantial', 'passkey', who);
  return { ok: true };
}

/** The pack's password confirms it only while it still signs the person in: no passkey yet, and passwords allowed. */
export async function reauthenticateStaffWithPassword(conn: AnyDb, staff: StaffViewer, password: string, passwords: Config['staffPasswordSignIn'], who: Actor): Promise<StaffReauthResult> {
  if (!(await staffReauthMethods(conn, staff, passwords)).password) return { ok: false, problem: 'passkey_required' };
  const login = `staff-reauth:${staff.id}`;
  if (await isSlowedDown(conn, login)) return { ok: false, problem: 'slowed_down' };
  const row = await findStaffById(conn, staff.id);
  if (!await verifyPassword(password, row?.password_hash ?? UNKNOWN_ACCOUNT_HASH) || !row?.password_hash) {
    await store.recordSignInFailure(conn, login);
    return { ok: false, problem: 'wrong_password' };
  }
  await confirmed(conn, staff, 'low', 'password', who);
  await store.clearFailures(conn, login);
  return { ok: true };
}

async function confirmed(conn: AnyDb, staff: StaffViewer, assurance: 'low' | 'substantial', method: string, who: Actor) {
  await conn.transaction().execute(async (trx) => {
    await store.markStaffReauthenticated(trx, staff.sessionId, assurance);
    await recordAudit(trx, who, { action: 'staff.reauthenticated', target: `staff:${staff.id}`, details: { method } });
  });
}
