import type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ResidentViewer, StaffViewer } from '../../platform/http/types.ts';
import * as store from './store.ts';

// SimpleWebAuthn and its ASN.1/X.509 stack (0.6 MB of code) load with the first passkey ceremony, not at start.
const webauthn = () => import('@simplewebauthn/server');

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

/**
 * Whoever a passkey belongs to: a resident's account or a staff member. The WebAuthn ceremonies are
 * the same for both; only where the keys are kept and what the audit log names differ.
 */
export interface PasskeyHolder {
  kind: store.HolderKind;
  /** The resident account's id or the staff member's id. */
  id: string;
  /** Shown by the authenticator's account chooser. */
  userName: string; displayName: string;
  /** The audit target, e.g. `resident:<id>` or `staff:<id>`. */
  auditTarget: string;
}

export const residentHolder = (viewer: ResidentViewer): PasskeyHolder =>
  ({ kind: 'resident', id: viewer.accountId, userName: viewer.name, displayName: viewer.name, auditTarget: `resident:${viewer.residentId}` });

export const staffHolder = (staff: StaffViewer): PasskeyHolder => {
  const name = Object.values(staff.names)[0] ?? staff.id;
  return { kind: 'staff', id: staff.id, userName: name, displayName: name, auditTarget: `staff:${staff.id}` };
};

const descriptorsOf = async (conn: AnyDb, holder: PasskeyHolder) =>
  (await store.passkeysOf(conn, holder.kind, holder.id)).map((p) => ({ id: p.id, transports: p.transports ? p.transports.split(' ') as AuthenticatorTransport[] : undefined }));

export async function passkeyRegistrationOptions(conn: AnyDb, rp: RelyingParty, holder: PasskeyHolder) {
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: rp.name, rpID: rp.id, userName: holder.userName, userDisplayName: holder.displayName,
    userID: new TextEncoder().encode(holder.id),
    attestationType: 'none',
    excludeCredentials: await descriptorsOf(conn, holder),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: [-7, -8, -257],
  });
  await store.insertChallenge(conn, { challenge: options.challenge, purpose: 'register', holder: holder.kind, ownerId: holder.id, expiresAt: expiry() });
  return options;
}

export type AddPasskeyResult = { ok: true; id: string } | { ok: false; problem: 'invalid' | 'expired' | 'already_added' };

/** Checks the new credential against a challenge this holder was given, then keeps its public key. */
export async function addPasskey(conn: AnyDb, rp: RelyingParty, holder: PasskeyHolder, input: { response: RegistrationResponseJSON; name: string }, who: Actor): Promise<AddPasskeyResult> {
  const challenge = challengeIn(input.response);
  const taken = challenge ? await store.takeChallenge(conn, challenge, 'register', holder.kind) : undefined;
  if (!taken || taken.ownerId !== holder.id) return { ok: false, problem: 'expired' };
  let verified;
  try {
    verified = await (await webauthn()).verifyRegistrationResponse({
      response: input.response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true,
    });
  } catch { return { ok: false, problem: 'invalid' }; }
  if (!verified.verified) return { ok: false, problem: 'invalid' };
  const { credential, credentialBackedUp } = verified.registrationInfo;
  if (await store.findPasskey(conn, holder.kind, credential.id)) return { ok: false, problem: 'already_added' };
  await conn.transaction().execute(async (trx) => {
    await store.insertPasskey(trx, holder.kind, {
      id: credential.id, owner_id: holder.id, public_key: credential.publicKey, counter: String(credential.counter),
      transports: (credential.transports ?? []).join(' '), backed_up: credentialBackedUp, name: input.name,
    });
    await recordAudit(trx, who, { action: `${holder.kind}.passkey_added`, target: holder.auditTarget, details: { passkey: credential.id, backedUp: credentialBackedUp } });
  });
  return { ok: true, id: credential.id };
}

/** Options for signing in with a discoverable passkey: no one is named, so no one is revealed. With a holder: confirming it is them. */
export async function passkeySignInOptions(conn: AnyDb, rp: RelyingParty, kind: store.HolderKind, holder?: PasskeyHolder) {
  const allow = holder ? await descriptorsOf(conn, holder) : undefined;
  const options = await (await webauthn()).generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required', ...(allow ? { allowCredentials: allow } : {}) });
  await store.insertChallenge(conn, { challenge: options.challenge, purpose: holder ? 'reauthenticate' : 'sign_in', holder: kind, ownerId: holder?.id ?? null, expiresAt: expiry() });
  return options;
}

export type PasskeyCheck = { ok: true; ownerId: string; passkey: store.Passkey } | { ok: false; problem: 'invalid' | 'expired' };

/**
 * Verifies an assertion: a live challenge of ours for this kind of holder, a passkey we know, a good
 * signature with the user verified, and a counter that moved forward (a cloned authenticator would
 * repeat one). Whether the owner may still sign in (not disabled) is the caller's to check.
 */
export async function checkPasskeyAssertion(conn: AnyDb, rp: RelyingParty, kind: store.HolderKind, response: AuthenticationResponseJSON, purpose: 'sign_in' | 'reauthenticate', holder?: PasskeyHolder): Promise<PasskeyCheck> {
  const challenge = challengeIn(response);
  const taken = challenge ? await store.takeChallenge(conn, challenge, purpose, kind) : undefined;
  if (!taken || (holder && taken.ownerId !== holder.id)) return { ok: false, problem: 'expired' };
  const passkey = typeof response.id === 'string' ? await store.findPasskey(conn, kind, response.id) : undefined;
  if (!passkey || (holder && passkey.owner_id !== holder.id)) return { ok: false, problem: 'invalid' };
  let result;
  try {
    result = await (await webauthn()).verifyAuthenticationResponse({
      response, expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter) },
    });
  } catch { return { ok: false, problem: 'invalid' }; }
  if (!result.verified) return { ok: false, problem: 'invalid' };
  if (!await store.advancePasskeyCounter(conn, kind, passkey.id, passkey.counter, result.authenticationInfo.newCounter)) return { ok: false, problem: 'invalid' };
  return { ok: true, ownerId: passkey.owner_id, passkey };
}

export const listPasskeys = (conn: AnyDb, holder: PasskeyHolder) => store.passkeysOf(conn, holder.kind, holder.id);

export type RemovePasskeyResult = { ok: true } | { ok: false; problem: 'not_found' | 'last_method' };

/** Removes one of the resident's passkeys, unless it is the only way left to sign in. */
export async function removePasskey(conn: AnyDb, viewer: ResidentViewer, id: string, who: Actor): Promise<RemovePasskeyResult> {
  return conn.transaction().execute(async (trx) => {
    const account = await store.findResidentAccount(trx, { id: viewer.accountId });
    const passkeys = await store.lockPasskeysOf(trx, 'resident', viewer.accountId);
    if (!passkeys.some((p) => p.id === id)) return { ok: false as const, problem: 'not_found' as const };
    if (!account?.password_hash && passkeys.length === 1) return { ok: false as const, problem: 'last_method' as const };
    await store.deletePasskey(trx, 'resident', viewer.accountId, id);
    await recordAudit(trx, who, { action: 'resident.passkey_removed', target: `resident:${viewer.residentId}`, details: { passkey: id } });
    return { ok: true as const };
  });
}

export type RemoveStaffPasskeyResult = { ok: true } | { ok: false; problem: 'not_found' | 'last_passkey' };

/**
 * Removes one of a staff member's passkeys, never the last: staff sign in with a passkey only, and
 * without one the only door left would be the pack's bootstrap password (or none at all).
 */
export async function removeStaffPasskey(conn: AnyDb, staff: StaffViewer, id: string, who: Actor): Promise<RemoveStaffPasskeyResult> {
  return conn.transaction().execute(async (trx) => {
    const passkeys = await store.lockPasskeysOf(trx, 'staff', staff.id);
    if (!passkeys.some((p) => p.id === id)) return { ok: false as const, problem: 'not_found' as const };
    if (passkeys.length === 1) return { ok: false as const, problem: 'last_passkey' as const };
    await store.deletePasskey(trx, 'staff', staff.id, id);
    await recordAudit(trx, who, { action: 'staff.passkey_removed', target: `staff:${staff.id}`, details: { passkey: id } });
    return { ok: true as const };
  });
}
