import type { FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireOwnIdentity } from '../../platform/http/guards.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { verifyPassword, UNKNOWN_ACCOUNT_HASH } from './password.ts';
import { checkPasskeyAssertion, residentHolder, type RelyingParty } from './passkeys.ts';
import { checkSecondFactor, hasSecondFactor } from './second-factor.ts';
import { isSlowedDown } from './staff-sessions.ts';
import { amrOf, type SignInMethod } from './authentication-methods.ts';
import * as store from './store.ts';

/** How recent a sign-in must be before changing how one signs in. */
export const SENSITIVE_ACTION_MINUTES = 5;

/**
 * The signed-in resident, if they proved who they are within the last `minutes`; otherwise they are
 * sent to confirm it (password and code, or a passkey) and then back to `returnTo` (default: this page).
 * Call it before anything sensitive: changing sign-in methods, granting a mandate. A representative
 * acting for someone is refused: these are their own account's actions, never the principal's.
 */
export function requireRecentAuthentication(request: FastifyRequest, minutes = SENSITIVE_ACTION_MINUTES, returnTo?: string): ResidentViewer {
  const resident = requireOwnIdentity(request);
  if (Date.now() - resident.authenticatedAt.getTime() <= minutes * 60_000) return resident;
  const back = returnTo ?? (request.method === 'GET' ? request.url : '/me/account');
  throw new AppError(401, 'reauthentication_required', 'resident.reauth.required', { vars: { return: back } });
}

const loginOf = (viewer: ResidentViewer) => `resident-reauth:${viewer.accountId}`;

export type ReauthResult = { ok: true } | { ok: false; problem: 'wrong_password' | 'wrong_code' | 'code_missing' | 'slowed_down' | 'invalid' | 'expired' };

/** Confirms it is still the resident with their password, and their app's code when they have one. */
export async function reauthenticateWithPassword(conn: AnyDb, viewer: ResidentViewer, input: { password: string; code: string }, who: Actor): Promise<ReauthResult> {
  const login = loginOf(viewer);
  if (await isSlowedDown(conn, login)) return { ok: false, problem: 'slowed_down' };
  const account = await store.findResidentAccount(conn, { id: viewer.accountId });
  if (!await verifyPassword(input.password, account?.password_hash ?? UNKNOWN_ACCOUNT_HASH)) {
    await store.recordSignInFailure(conn, login);
    return { ok: false, problem: 'wrong_password' };
  }
  const needsCode = await hasSecondFactor(conn, viewer.accountId);
  if (needsCode && !input.code) return { ok: false, problem: 'code_missing' };
  if (needsCode && !await checkSecondFactor(conn, viewer.accountId, input.code)) {
    await store.recordSignInFailure(conn, login);
    return { ok: false, problem: 'wrong_code' };
  }
  await confirmed(conn, viewer, needsCode ? 'substantial' : 'low', needsCode ? 'password+totp' : 'password', who);
  await store.clearFailures(conn, login);
  return { ok: true };
}

export async function reauthenticateWithPasskey(conn: AnyDb, rp: RelyingParty, viewer: ResidentViewer, response: AuthenticationResponseJSON, who: Actor): Promise<ReauthResult> {
  const check = await checkPasskeyAssertion(conn, rp, 'resident', response, 'reauthenticate', residentHolder(viewer));
  if (!check.ok) return check;
  await confirmed(conn, viewer, 'substantial', 'passkey', who, check.passkey);
  return { ok: true };
}

async function confirmed(conn: AnyDb, viewer: ResidentViewer, assurance: ResidentViewer['assurance'], method: SignInMethod, who: Actor, passkey?: store.Passkey) {
  await conn.transaction().execute(async (trx) => {
    await store.markReauthenticated(trx, viewer.sessionId, assurance, amrOf(method, passkey));
    await recordAudit(trx, who, { action: 'resident.reauthenticated', target: `resident:${viewer.residentId}`, details: { method } });
  });
}
