import { generateKeyPairSync, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import * as store from './store.ts';
import { openPrivateKey, sealPrivateKey } from './sealed-secret.ts';

const ALGS: readonly store.SigningAlg[] = ['ES256', 'RS256'];
// The order the provider sees them in: it signs with the first key of an algorithm.
const ORDER: Record<store.KeyState, number> = { current: 0, next: 1, previous: 2 };

export type PrivateJwk = JsonWebKey & { kid: string; alg: string; use: 'sig' };

function newKeyPair(alg: store.SigningAlg): KeyObject {
  return alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** The RFC 7638 thumbprint, so a key's id says which key it is. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

async function addKey(conn: AnyDb, alg: store.SigningAlg, state: store.KeyState, secret: string): Promise<void> {
  const privateKey = newKeyPair(alg);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = thumbprint(publicJwk);
  await store.insertSigningKey(conn, { kid, alg, state, public_jwk: { ...publicJwk, kid, alg, use: 'sig' } as store.SigningKeyRecord['public_jwk'], sealed_private_key: sealPrivateKey(privateKey, secret) });
}

/** On first start: a current and a next key for each algorithm. Running it again changes nothing. */
export async function ensureSigningKeys(conn: AnyDb, secret: string): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    await store.lockSigningKeys(trx);
    const keys = await store.listSigningKeys(trx);
    for (const alg of ALGS) {
      for (const state of ['current', 'next'] as const) {
        if (!keys.some((k) => k.alg === alg && k.state === state)) await addKey(trx, alg, state, secret);
      }
    }
    if (keys.length === 0) await recordAudit(trx, { actor: 'system:sso' }, { action: 'oidc.signing_keys_created', target: 'oidc:jwks' });
  });
}

/**
 * Rotation: the published next key starts signing, the current one stays published for
 * verification, the one before it is dropped, and a fresh next key is published.
 */
export async function rotateSigningKeys(conn: AnyDb, secret: string, who: Actor): Promise<void> {
  await ensureSigningKeys(conn, secret);
  await conn.transaction().execute(async (trx) => {
    await store.lockSigningKeys(trx);
    const keys = await store.listSigningKeys(trx);
    for (const alg of ALGS) {
      const of = (state: store.KeyState) => keys.find((k) => k.alg === alg && k.state === state);
      const previous = of('previous');
      if (previous) await store.deleteSigningKey(trx, previous.kid);
      await store.setSigningKeyState(trx, of('current')!.kid, 'previous');
      await store.setSigningKeyState(trx, of('next')!.kid, 'current');
      await addKey(trx, alg, 'next', secret);
    }
    await recordAudit(trx, who, { action: 'oidc.signing_keys_rotated', target: 'oidc:jwks' });
  });
}

/** Every published key with its private part, signing keys first: the provider's `jwks`. */
export async function loadSigningJwks(conn: AnyDb, secret: string): Promise<{ keys: PrivateJwk[] }> {
  const rows = (await store.listSigningKeys(conn)).sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.alg.localeCompare(b.alg));
  return {
    keys: rows.map((row) => ({ ...openPrivateKey(row.sealed_private_key, secret).export({ format: 'jwk' }), kid: row.kid, alg: row.alg, use: 'sig' })),
  };
}

/** The public keys, for verifying tokens the provider signed without asking it. */
export async function publicSigningKeys(conn: AnyDb): Promise<{ kid: string; alg: string; state: store.KeyState; jwk: JsonWebKey }[]> {
  return (await store.listSigningKeys(conn)).map((row) => ({ kid: row.kid, alg: row.alg, state: row.state, jwk: row.public_jwk }));
}
