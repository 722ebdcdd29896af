import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { inTransaction, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { openPrivateKeyObject, sealPrivateKey } from '../documents/index.ts';
import * as store from './store.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface SigningKey { kid: string; key: KeyObject }

/**
 * The keys members sign with and are checked against. Opened private keys and imported public keys
 * are kept by kid (a thumbprint, so a kid always names the same key); revocation is read from the
 * database each time.
 */
export class Keyring {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(private readonly secret: string) {}

  /** The key Hanaro signs with for the agency, made (and audited) in `conn`'s transaction on first need. */
  async signingKeyOf(conn: AnyDb, agencyId: string, who: Actor): Promise<SigningKey> {
    const create = async (trx: AnyDb) => {
      await store.lockMemberKeys(trx, agencyId);
      return await store.findPlatformKey(trx, agencyId) ?? await this.createPlatformKey(trx, agencyId, who);
    };
    const row = await store.findPlatformKey(conn, agencyId) ?? await inTransaction(conn, create);
    let key = this.privateKeys.get(row.kid);
    if (!key) {
      key = openPrivateKeyObject(row.sealed_private_key!, this.secret);
      this.privateKeys.set(row.kid, key);
    }
    return { kid: row.kid, key };
  }

  /** The member's live key named `kid`, or null (unknown, revoked, or another member's). */
  async verificationKeyOf(conn: AnyDb, agencyId: string, kid: string): Promise<KeyObject | null> {
    const row = await store.findActiveKey(conn, agencyId, kid);
    if (!row) return null;
    let key = this.publicKeys.get(row.kid);
    if (!key) {
      key = createPublicKey({ key: row.public_jwk as never, format: 'jwk' });
      this.publicKeys.set(row.kid, key);
    }
    return key;
  }

  /** A new key Hanaro signs with for the agency; the old one is retired, still published and accepted. */
  async rotatePlatformKey(trx: AnyDb, agencyId: string, who: Actor): Promise<{ kid: string; retired: string | undefined }> {
    await store.lockMemberKeys(trx, agencyId);
    const retired = await store.retirePlatformKey(trx, agencyId);
    if (retired) await recordAudit(trx as never, who, { agencyId, action: 'exchange.member_key.retired', target: `exchange-key:${retired}`, details: { holder: 'platform' } });
    return { kid: (await this.createPlatformKey(trx, agencyId, who)).kid, retired };
  }

  private async createPlatformKey(trx: AnyDb, agencyId: string, who: Actor): Promise<store.MemberKeyRow> {
    const pair = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
    const jwk = publicPart(await exportJWK(pair.publicKey));
    const kid = await calculateJwkThumbprint(jwk);
    const row = { kid, agency_id: agencyId, holder: 'platform' as const, label: 'Hanaro', public_jwk: jwk, sealed_private_key: await sealPrivateKey(pair.privateKey, this.secret), created_by: who.actor };
    await store.insertMemberKey(trx, row);
    await recordAudit(trx as never, who, { agencyId, action: 'exchange.member_key.created', target: `exchange-key:${kid}`, details: { holder: 'platform' } });
    return { ...row, created_at: new Date(), revoked_at: null, revoked_by: null, retired_at: null };
  }
}

/** The agency's exchange signing key, made at onboarding rather than on its first request; returns its kid. */
export async function ensureExchangeKey(conn: AnyDb, secret: string, agencyId: string, who: Actor): Promise<string> {
  return (await new Keyring(secret).signingKeyOf(conn, agencyId, who)).kid;
}

/** Rotates the agency's exchange signing key inside `trx`; messages signed with the old key still verify. */
export async function rotateExchangeKey(trx: AnyDb, secret: string, agencyId: string, who: Actor): Promise<{ kid: string; retired: string | undefined }> {
  return new Keyring(secret).rotatePlatformKey(trx, agencyId, who);
}

const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });

export type KeyProblem = 'label' | 'jwk' | 'private_key' | 'duplicate';

/** An agency admin registers the public key of one of the agency's own systems (a P-256 JWK). */
export async function registerSystemKey(conn: AnyDb, scope: AgencyScope, input: { label: string; jwk: string }, who: Actor):
  Promise<{ ok: true; kid: string } | { ok: false; problem: KeyProblem }> {
  const label = input.label.trim();
  if (!label || label.length > 100) return { ok: false, problem: 'label' };
  let jwk: JWK;
  try {
    jwk = JSON.parse(input.jwk) as JWK;
  } catch {
    return { ok: false, problem: 'jwk' };
  }
  if (!jwk || typeof jwk !== 'object') return { ok: false, problem: 'jwk' };
  if ('d' in jwk) return { ok: false, problem: 'private_key' };
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return { ok: false, problem: 'jwk' };
  const pub = publicPart(jwk);
  try {
    createPublicKey({ key: pub as never, format: 'jwk' });
  } catch {
    return { ok: false, problem: 'jwk' };
  }
  const kid = await calculateJwkThumbprint(pub);
  return conn.transaction().execute(async (trx) => {
    // A kid is the key's thumbprint: the same key can serve one member once, ever.
    if (await store.kidTaken(trx, kid)) return { ok: false, problem: 'duplicate' as const };
    await store.insertMemberKey(trx, { kid, agency_id: scope.agencyId, holder: 'system', label, public_jwk: pub, sealed_private_key: null, created_by: who.actor });
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'exchange.member_key.registered', target: `exchange-key:${kid}`, details: { holder: 'system', label } });
    return { ok: true as const, kid };
  });
}

/** Revokes one of the agency's system keys: requests signed with it are refused from now on. */
export async function revokeSystemKey(conn: AnyDb, scope: AgencyScope, kid: string, who: Actor): Promise<boolean> {
  return conn.transaction().execute(async (trx) => {
    if (!await store.revokeSystemKey(trx, scope, kid, who.actor)) return false;
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'exchange.member_key.revoked', target: `exchange-key:${kid}` });
    return true;
  });
}

/** The member's live public keys as a JWK Set, for anyone who checks its signed messages. */
export async function memberJwks(conn: AnyDb, agencyId: string): Promise<{ keys: JWK[] }> {
  return { keys: (await store.listActiveKeys(conn, agencyId)).map((k) => ({ ...k.public_jwk, kid: k.kid, alg: 'ES256', use: 'sig' })) };
}
