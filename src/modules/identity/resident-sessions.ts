import { createHash } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { findResidentById, findResidentByIdNumber } from '../residents/index.ts';
import { verifyPassword, UNKNOWN_ACCOUNT_HASH } from './password.ts';
import { newSessionToken, sessionIdOf } from './session-token.ts';
import { isSlowedDown, type SessionPolicy, type SignInResult } from './staff-sessions.ts';
import { checkPasskeyAssertion, type RelyingParty } from './passkeys.ts';
import { checkSecondFactor, hasSecondFactor } from './second-factor.ts';
import { amrOf, type SignInMethod } from './authentication-methods.ts';
import * as store from './store.ts';

/** Failures are counted per ID number without keeping the number itself in that table. */
const loginKeyOf = (idNumber: string) => `resident:${createHash('sha256').update(idNumber).digest('base64url')}`;

/**
 * Checks an ID number and password. The answer is the same whether or not the ID number has an
 * account, and takes as long, so sign-in cannot be used to find out who has one.
 */
export async function signInResident(conn: AnyDb, input: { idNumber: string; password: string; userAgent?: string; requestId: string }): Promise<ResidentSignInResult> {
  const login = loginKeyOf(input.idNumber);
  if (await isSlowedDown(conn, login)) return { ok: false, reason: 'slowed_down' };
  const resident = await findResidentByIdNumber(conn, input.idNumber);
  const account = resident ? await store.findResidentAccount(conn, { residentId: resident.id }) : undefined;
  const matches = await verifyPassword(input.password, account?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!account || !matches || account.disabled_at) {
    await store.recordSignInFailure(conn, login);
    return { ok: false, reason: 'wrong_credentials' };
  }
  if (await hasSecondFactor(conn, account.id)) {
    const { token, id } = newSessionToken();
    await store.insertPendingSignIn(conn, { id, account_id: account.id, login, expires_at: new Date(Date.now() + PENDING_MINUTES * 60_000) });
    return { ok: 'code_needed', pendingToken: token };
  }
  const proof = await conn.transaction().execute(async (trx) => {
    await store.clearFailures(trx, login);
    return proveSignIn(trx, account, { assurance: 'low', method: 'password', requestId: input.requestId });
  });
  return { ok: true, token: proof.token, accountId: account.id };
}

/** After the right password on an account with an authenticator app: how long the code may take. */
export const PENDING_MINUTES = 5;
export type ResidentSignInResult = SignInResult | { ok: 'code_needed'; pendingToken: string };
export type CodeResult = { ok: true; token: string } | { ok: false; reason: 'wrong_code' | 'slowed_down' | 'expired' };

/**
 * The second step: a code from the app or a recovery code. Wrong codes count as failed sign-ins of
 * the same ID number, so the code cannot be guessed faster than the password.
 */
export async function completeSignInWithCode(conn: AnyDb, input: { pendingToken: string | undefined; code: string; userAgent?: string; requestId: string }): Promise<CodeResult> {
  if (!input.pendingToken || input.pendingToken.length > 100) return { ok: false, reason: 'expired' };
  const pendingId = sessionIdOf(input.pendingToken);
  const pending = await store.findPendingSignIn(conn, pendingId);
  if (!pending) return { ok: false, reason: 'expired' };
  if (await isSlowedDown(conn, pending.login)) return { ok: false, reason: 'slowed_down' };
  const method = input.code ? await checkSecondFactor(conn, pending.account_id, input.code) : undefined;
  const account = await store.findResidentAccount(conn, { id: pending.account_id });
  if (!method || !account || account.disabled_at) {
    await store.recordSignInFailure(conn, pending.login);
    return { ok: false, reason: 'wrong_code' };
  }
  const session = await conn.transaction().execute(async (trx) => {
    if (!await store.deletePendingSignIn(trx, pendingId)) return undefined;
    await store.clearFailures(trx, pending.login);
    if (method === 'recovery_code') {
      await recordAudit(trx, { actor: `resident:${account.resident_id}`, requestId: input.requestId }, { action: 'resident.recovery_code_used', target: `resident:${account.resident_id}` });
    }
    return proveSignIn(trx, account, { assurance: 'substantial', method: `password+${method}` as const, requestId: input.requestId });
  });
  return session ? { ok: true, token: session.token } : { ok: false, reason: 'expired' };
}

/** Signs in with a discoverable passkey: the passkey itself says whose it is. */
export async function signInWithPasskey(conn: AnyDb, rp: RelyingParty, input: { response: AuthenticationResponseJSON; userAgent?: string; requestId: string }): Promise<{ ok: true; token: string } | { ok: false; problem: 'invalid' | 'expired' }> {
  const check = await checkPasskeyAssertion(conn, rp, 'resident', input.response, 'sign_in');
  if (!check.ok) return check;
  const account = await store.findResidentAccount(conn, { id: check.ownerId });
  if (!account || account.disabled_at) return { ok: false, problem: 'invalid' };
  const proof = await conn.transaction().execute((trx) =>
    proveSignIn(trx, account, { assurance: 'substantial', method: 'passkey', passkey: check.passkey, requestId: input.requestId }));
  return { ok: true, token: proof.token };
}

/** How long the proof of a sign-in waits for the OpenID provider to take it as its login. */
export const SIGN_IN_PROOF_MINUTES = 5;

/**
 * Records that the resident just proved who they are, for the OpenID provider's login step (the
 * token goes in the browser's cookie). Signing in is Hanaro's, as identity provider; the portal, as
 * its client, makes its own session from the ID token (`startPortalSession`).
 */
export async function proveSignIn(trx: Tx, account: store.ResidentAccount, how: { assurance: ResidentViewer['assurance']; method: SignInMethod; passkey?: store.Passkey; requestId: string }): Promise<{ token: string }> {
  const { token, id } = newSessionToken();
  await store.insertSignInProof(trx, {
    id, account_id: account.id, assurance: how.assurance, amr: amrOf(how.method, how.passkey),
    expires_at: new Date(Date.now() + SIGN_IN_PROOF_MINUTES * 60_000),
  });
  await recordAudit(trx, { actor: `resident:${account.resident_id}`, requestId: how.requestId }, { action: 'resident.signed_in', target: `resident:${account.resident_id}`, details: { assurance: how.assurance, method: how.method, ...(how.passkey ? { passkey: how.passkey.id } : {}) } });
  return { token };
}

/** Who the proof in this browser's cookie says signed in, and how; once only. */
export async function takeSignInProof(conn: AnyDb, token: string | undefined): Promise<{ residentId: string; assurance: ResidentViewer['assurance']; amr: string[]; authenticatedAt: Date } | null> {
  if (!token || token.length > 100) return null;
  const proof = await store.takeSignInProof(conn, sessionIdOf(token));
  const account = proof && await store.findResidentAccount(conn, { id: proof.account_id });
  if (!proof || !account || account.disabled_at) return null;
  return { residentId: account.resident_id, assurance: proof.assurance, amr: proof.amr, authenticatedAt: proof.authenticated_at };
}

/**
 * The portal's session, from an ID token it received and checked: who (`sub`), how (`acr`, `amr`)
 * and when (`auth_time`) the provider says the resident signed in.
 */
export async function startPortalSession(conn: AnyDb, input: { residentId: string; assurance: ResidentViewer['assurance']; amr: string[]; authenticatedAt: Date; userAgent?: string; requestId: string }, policy: SessionPolicy): Promise<{ token: string } | null> {
  const account = await store.findResidentAccount(conn, { residentId: input.residentId });
  if (!account || account.disabled_at) return null;
  const { token, id } = newSessionToken();
  await conn.transaction().execute(async (trx) => {
    await store.insertResidentSession(trx, {
      id, account_id: account.id, assurance: input.assurance, amr: input.amr, authenticated_at: input.authenticatedAt,
      expires_at: new Date(Date.now() + policy.absoluteHours * 3_600_000),
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, { actor: `resident:${account.resident_id}`, requestId: input.requestId }, {
      action: 'resident.session_started', target: `resident:${account.resident_id}`, details: { assurance: input.assurance, amr: input.amr, via: 'openid-connect' },
    });
  });
  return { token };
}

/**
 * What a mandate the session acts under allows now: the principal and the services, or, when it was
 * revoked, declined or has expired, only the principal's name for the message.
 */
export type MandateCheck = (conn: AnyDb, input: { mandateId: string; representativeId: string }) =>
  Promise<{ ok: true; principal: { residentId: string; name: string }; services: string[] | 'all' } | { ok: false; principalName: string }>;

export async function resolveResidentSession(conn: AnyDb, token: string | undefined, policy: SessionPolicy, checkMandate?: MandateCheck): Promise<ResidentViewer | null> {
  if (!token || token.length > 100) return null;
  const session = await store.touchResidentSession(conn, sessionIdOf(token), policy.idleMinutes);
  if (!session) return null;
  const account = await store.findResidentAccount(conn, { id: session.account_id });
  if (!account || account.disabled_at) return null;
  const resident = await findResidentById(conn, account.resident_id);
  if (!resident) return null;
  const own: ResidentViewer = {
    residentId: resident.id, accountId: account.id, name: resident.name, email: account.email,
    locale: account.locale, sessionId: session.id, assurance: session.assurance, authenticatedAt: session.authenticated_at, amr: session.amr,
  };
  if (!session.acting_mandate_id) return own;
  const mandate = checkMandate
    ? await checkMandate(conn, { mandateId: session.acting_mandate_id, representativeId: resident.id })
    : { ok: false as const, principalName: '' };
  if (!mandate.ok) {
    // Back to their own identity for good; this one request is refused so nothing lands on the wrong person.
    await store.setActingMandate(conn, session.id, null);
    return { ...own, mandateEnded: { principalName: mandate.principalName } };
  }
  return {
    ...own, residentId: mandate.principal.residentId, name: mandate.principal.name,
    representative: { residentId: resident.id, name: resident.name, mandateId: session.acting_mandate_id, services: mandate.services },
  };
}

/** Acting for someone (a mandate the caller has checked) or, with null, as oneself again. */
export const setActingMandate = (conn: AnyDb, viewer: Pick<ResidentViewer, 'sessionId'>, mandateId: string | null) =>
  store.setActingMandate(conn, viewer.sessionId, mandateId);

/** Ends this session, or with `everywhere` every session of the account, on every device. */
export async function signOutResident(conn: AnyDb, viewer: ResidentViewer, who: Actor, opts: { everywhere?: boolean } = {}): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    await store.deleteResidentSessions(trx, viewer.accountId, opts.everywhere ? undefined : viewer.sessionId);
    await recordAudit(trx, who, { action: opts.everywhere ? 'resident.signed_out_everywhere' : 'resident.signed_out', target: `resident:${viewer.residentId}` });
  });
}

/** Ends one of the resident's other sessions (a lost phone); another account's session is not found. */
export async function endResidentSession(conn: AnyDb, viewer: ResidentViewer, sessionId: string, who: Actor): Promise<boolean> {
  return conn.transaction().execute(async (trx) => {
    const ended = await store.deleteResidentSessions(trx, viewer.accountId, sessionId);
    if (ended) await recordAudit(trx, who, { action: 'resident.session_ended', target: `resident:${viewer.residentId}` });
    return ended > 0;
  });
}

export const listResidentSessions = (conn: AnyDb, viewer: ResidentViewer, policy: SessionPolicy) =>
  store.liveResidentSessions(conn, viewer.accountId, policy.idleMinutes);
