import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import * as store from './store.ts';

/** Where passkeys are bound: the relying party is the portal's own host, from PUBLIC_URL. */
export interface RelyingParty { id: string; origin: string; name: string }

export function relyingPartyOf(publicUrl: string, name: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name };
}

const CHALLENGE_MINUTES = 5;
const expiry = () => new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
/** The challenge the browser signed, read back from the response so it can be taken (once) from the table. */
function challengeIn(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const client = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof client.challenge === 'string' ? client.challenge : undefined;
  } catch { return undefined; }
}

export async function passkeyRegistrationOptions(conn: AnyDb, rp: RelyingParty, viewer: ResidentViewer, userName: string) {
  const existing = await store.passkeysOf(conn, viewer.accountId);
  const options = await generateRegistrationOptions({
    rpName: rp.name, rpID: rp.id, userName, userDisplayName: viewer.name,
    userID: new TextEncoder().encode(viewer.accountId),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports ? p.transports.split(' ') : undefined })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: [-7, -8, -257],
  });
  await store.insertChallenge(conn, { challenge: options.challenge, purpose: 'register', account_id: viewer.accountId, expires_at: expiry() });
  return options;
}

export type AddPasskeyResult = { ok: true; id: string } | { ok: false; problem: 'invalid' | 'expired' | 'already_added' };

/** Checks the new credential against a challenge this resident was given, then keeps its public key. */
export async function addPasskey(conn: AnyDb, rp: RelyingParty, viewer: ResidentViewer, input: { response: RegistrationResponseJSON; name: string }, who: Actor): Promise<AddPasskeyResult> {
  const challenge = challengeIn(input.response);
  const taken = challenge ? await store.takeChallenge(conn, challenge, 'register') : undefined;
  if (!taken || taken.account_id !== viewer.accountId) return { ok: false, problem: 'expired' };
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true,
    });
  } catch { return { ok: false, problem: 'invalid' }; }
  if (!verified.verified) return { ok: false, problem: 'invalid' };
  const { credential, credentialBackedUp } = verified.registrationInfo;
  if (await store.findPasskey(conn, credential.id)) return { ok: false, problem: 'already_added' };
  await conn.transaction().execute(async (trx) => {
    await store.insertPasskey(trx, {
      id: credential.id, account_id: viewer.accountId, public_key: credential.publicKey, counter: String(credential.counter),
      transports: (credential.transports ?? []).join(' '), backed_up: credentialBackedUp, name: input.name,
    });
    await recordAudit(trx, who, { action: 'resident.passkey_added', target: `resident:${viewer.residentId}`, details: { passkey: credential.id, backedUp: credentialBackedUp } });
  });
  return { ok: true, id: credential.id };
}

/** Options for signing in with a discoverable passkey: no account is named, so none is revealed. */
export async function passkeySignInOptions(conn: AnyDb, rp: RelyingParty, viewer?: ResidentViewer) {
  const allow = viewer ? (await store.passkeysOf(conn, viewer.accountId)).map((p) => ({ id: p.id, transports: p.transports ? p.transports.split(' ') : undefined })) : undefined;
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required', ...(allow ? { allowCredentials: allow } : {}) });
  await store.insertChallenge(conn, { challenge: options.challenge, purpose: viewer ? 'reauthenticate' : 'sign_in', account_id: viewer?.accountId ?? null, expires_at: expiry() });
  return options;
}

export type PasskeyCheck = { ok: true; account: store.ResidentAccount; passkey: store.Passkey } | { ok: false; problem: 'invalid' | 'expired' };

/**
 * Verifies an assertion: a live challenge of ours, a passkey we know, a good signature with the user
 * verified, and a counter that moved forward (a cloned authenticator would repeat one).
 */
export async function checkPasskeyAssertion(conn: AnyDb, rp: RelyingParty, response: AuthenticationResponseJSON, purpose: 'sign_in' | 'reauthenticate', viewer?: ResidentViewer): Promise<PasskeyCheck> {
  const challenge = challengeIn(response);
  const taken = challenge ? await store.takeChallenge(conn, challenge, purpose) : undefined;
  if (!taken || (viewer && taken.account_id !== viewer.accountId)) return { ok: false, problem: 'expired' };
  const passkey = typeof response.id === 'string' ? await store.findPasskey(conn, response.id) : undefined;
  if (!passkey || (viewer && passkey.account_id !== viewer.accountId)) return { ok: false, problem: 'invalid' };
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter) },
    });
  } catch { return { ok: false, problem: 'invalid' }; }
  if (!result.verified) return { ok: false, problem: 'invalid' };
  if (!await store.advancePasskeyCounter(conn, passkey.id, passkey.counter, result.authenticationInfo.newCounter)) return { ok: false, problem: 'invalid' };
  const account = await store.findResidentAccount(conn, { id: passkey.account_id });
  if (!account || account.disabled_at) return { ok: false, problem: 'invalid' };
  return { ok: true, account, passkey };
}

export const listPasskeys = (conn: AnyDb, viewer: ResidentViewer) => store.passkeysOf(conn, viewer.accountId);

export type RemovePasskeyResult = { ok: true } | { ok: false; problem: 'not_found' | 'last_method' };

/** Removes one of the resident's passkeys, unless it is the only way left to sign in. */
export async function removePasskey(conn: AnyDb, viewer: ResidentViewer, id: string, who: Actor): Promise<RemovePasskeyResult> {
  return conn.transaction().execute(async (trx) => {
    const account = await store.findResidentAccount(trx, { id: viewer.accountId });
    const passkeys = await store.passkeysOf(trx, viewer.accountId);
    if (!passkeys.some((p) => p.id === id)) return { ok: false as const, problem: 'not_found' as const };
    if (!account?.password_hash && passkeys.length === 1) return { ok: false as const, problem: 'last_method' as const };
    await store.deletePasskey(trx, viewer.accountId, id);
    await recordAudit(trx, who, { action: 'resident.passkey_removed', target: `resident:${viewer.residentId}`, details: { passkey: id } });
    return { ok: true as const };
  });
}
