import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import { matchingStep, newRecoveryCodes, newTotpSecret, recoveryCodeHash } from './totp.ts';
import * as store from './store.ts';

/** The secret being set up: a new one the first time, the same one while it is not confirmed yet. */
export async function startTotpSetup(conn: AnyDb, viewer: ResidentViewer): Promise<{ secret: string } | { alreadyOn: true }> {
  const current = await store.findTotp(conn, viewer.accountId);
  if (current?.confirmed_at) return { alreadyOn: true };
  if (current) return { secret: current.secret };
  const secret = newTotpSecret();
  await store.putUnconfirmedTotp(conn, viewer.accountId, secret);
  return { secret };
}

export type ConfirmTotpResult = { ok: true; recoveryCodes: string[] } | { ok: false; problem: 'missing' | 'wrong_code' | 'not_started' };

/** Turns the authenticator app on once the resident proves it shows the right codes; hands out recovery codes. */
export async function confirmTotp(conn: AnyDb, viewer: ResidentViewer, code: string, who: Actor, nowMs = Date.now()): Promise<ConfirmTotpResult> {
  if (!code) return { ok: false, problem: 'missing' };
  const totp = await store.findTotp(conn, viewer.accountId);
  if (!totp || totp.confirmed_at) return { ok: false, problem: 'not_started' };
  const step = matchingStep(totp.secret, code, nowMs);
  if (step === undefined) return { ok: false, problem: 'wrong_code' };
  const recoveryCodes = newRecoveryCodes();
  await conn.transaction().execute(async (trx) => {
    await store.confirmTotp(trx, viewer.accountId, step);
    await store.replaceRecoveryCodes(trx, viewer.accountId, recoveryCodes.map(recoveryCodeHash));
    await recordAudit(trx, who, { action: 'resident.totp_enabled', target: `resident:${viewer.residentId}` });
    await recordAudit(trx, who, { action: 'resident.recovery_codes_created', target: `resident:${viewer.residentId}`, details: { count: recoveryCodes.length } });
  });
  return { ok: true, recoveryCodes };
}

/** Turns the authenticator app off and drops its recovery codes: signing in is then by password or passkey. */
export async function disableTotp(conn: AnyDb, viewer: ResidentViewer, who: Actor): Promise<boolean> {
  return conn.transaction().execute(async (trx) => {
    const removed = await store.deleteTotp(trx, viewer.accountId);
    await store.replaceRecoveryCodes(trx, viewer.accountId, []);
    if (removed) await recordAudit(trx, who, { action: 'resident.totp_disabled', target: `resident:${viewer.residentId}` });
    return removed;
  });
}

/** New recovery codes replace every old one, used or not. */
export async function renewRecoveryCodes(conn: AnyDb, viewer: ResidentViewer, who: Actor): Promise<string[] | undefined> {
  const totp = await store.findTotp(conn, viewer.accountId);
  if (!totp?.confirmed_at) return undefined;
  const codes = newRecoveryCodes();
  await conn.transaction().execute(async (trx) => {
    await store.replaceRecoveryCodes(trx, viewer.accountId, codes.map(recoveryCodeHash));
    await recordAudit(trx, who, { action: 'resident.recovery_codes_created', target: `resident:${viewer.residentId}`, details: { count: codes.length } });
  });
  return codes;
}

export async function hasSecondFactor(conn: AnyDb, accountId: string): Promise<boolean> {
  return Boolean((await store.findTotp(conn, accountId))?.confirmed_at);
}

/**
 * Checks a six-digit code from the app (each usable once) or, failing that, a recovery code (each
 * usable once, ever). Returns which one matched.
 */
export async function checkSecondFactor(conn: AnyDb, accountId: string, code: string, nowMs = Date.now()): Promise<'totp' | 'recovery_code' | undefined> {
  const totp = await store.findTotp(conn, accountId);
  if (!totp?.confirmed_at) return undefined;
  const typed = code.replace(/\s/g, '');
  const step = matchingStep(totp.secret, typed, nowMs);
  if (step !== undefined) return await store.useTotpStep(conn, accountId, step) ? 'totp' : undefined;
  if (/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/.test(typed) && await store.useRecoveryCode(conn, accountId, recoveryCodeHash(typed))) return 'recovery_code';
  return undefined;
}

export async function secondFactorStatus(conn: AnyDb, viewer: ResidentViewer): Promise<{ totp: boolean; recoveryCodesLeft: number }> {
  const totp = await hasSecondFactor(conn, viewer.accountId);
  return { totp, recoveryCodesLeft: totp ? await store.unusedRecoveryCodes(conn, viewer.accountId) : 0 };
}
