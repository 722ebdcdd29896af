/**
 * The synchronous node:crypto path that now verifies every JWS and COSE signature (issuer, KB-JWT,
 * status list, issuerAuth, device signature) refuses what jose and WebCrypto refused before it.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportJWK, type JWK } from 'jose';
import { publicKeyFromCoseKey } from '../cose/cose-key.ts';
import { publicKeyFromCoordinates } from './public-key.ts';
import { splitCompactJws, verifiesWithAnyKey } from './verify-jws.ts';
import { JWS_ALGORITHMS, publicKeyOf, verifySignature } from './verify-signature.ts';

const data = Buffer.from('Sig_structure or JWS signing input');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed25519 = generateKeyPairSync('ed25519');
const p1363 = (key: KeyObject, bytes: Uint8Array = data) => sign('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' });

/** Signatures until one whose r starts with a zero byte and one whose r has its high bit set: both change the DER length. */
function edgeSignatures(): Buffer[] {
  const found = new Map<string, Buffer>();
  for (let i = 0; found.size < 2 && i < 20_000; i++) {
    const signature = p1363(p256.privateKey);
    if (signature[0] === 0 && !found.has('zero')) found.set('zero', signature);
    if (signature[0]! >= 0x80 && !found.has('high')) found.set('high', signature);
  }
  return [...found.values()];
}

describe('ECDSA and EdDSA signatures verified with node:crypto', () => {
  it('verifies r ‖ s signatures, also those whose DER integers need padding or are shorter', () => {
    assert.equal(verifySignature('ES256', p256.publicKey, data, p1363(p256.privateKey)), true);
    const edges = edgeSignatures();
    assert.equal(edges.length, 2);
    for (const signature of edges) assert.equal(verifySignature('ES256', p256.publicKey, data, signature), true);
    assert.equal(verifySignature('EdDSA', ed25519.publicKey, data, sign(null, data, ed25519.privateKey)), true);
  });

  it('refuses a tampered signature and a signature over other data', () => {
    const signature = p1363(p256.privateKey);
    signature[10]! ^= 1;
    assert.equal(verifySignature('ES256', p256.publicKey, data, signature), false);
    assert.equal(verifySignature('ES256', p256.publicKey, Buffer.from('other data'), p1363(p256.privateKey)), false);
  });

  it('refuses a signature of the wrong length, and a DER signature where r ‖ s is due', () => {
    const signature = p1363(p256.privateKey);
    for (const wrong of [signature.subarray(0, 63), Buffer.concat([signature, Buffer.from([0])]), Buffer.alloc(0), sign('sha256', data, p256.privateKey)]) {
      assert.equal(verifySignature('ES256', p256.publicKey, data, wrong), false);
    }
  });

  it('refuses a key of another curve or type than the algorithm names, and an algorithm it does not know', () => {
    const p384Signature = sign('sha256', data, { key: p384.privateKey, dsaEncoding: 'ieee-p1363' });
    assert.equal(verifySignature('ES256', p384.publicKey, data, p384Signature), false);
    assert.equal(verifySignature('ES384', p256.publicKey, data, p1363(p256.privateKey)), false);
    // node:crypto verifies an EC key's DER signature with no algorithm named, as SHA-256 ECDSA.
    assert.equal(verifySignature('EdDSA', p256.publicKey, data, sign(null, data, p256.privateKey)), false);
    assert.equal(verifySignature('ES256', ed25519.publicKey, data, sign(null, data, ed25519.privateKey)), false);
    for (const alg of ['none', 'HS256', 'RS256', 'PS256', 'ES256K']) assert.equal(verifySignature(alg, p256.publicKey, data, p1363(p256.privateKey)), false);
  });

  it('refuses to verify with a private key, as WebCrypto did', () => {
    assert.equal(verifySignature('ES256', p256.privateKey, data, p1363(p256.privateKey)), false);
    assert.equal(publicKeyOf(p256.privateKey), undefined);
  });
});

describe('keys from JWKs and COSE_Keys', () => {
  it('imports the same key node:crypto imports from the JWK, for each curve', async () => {
    for (const { publicKey } of [p256, p384, generateKeyPairSync('ec', { namedCurve: 'P-521' }), ed25519]) {
      const jwk = await exportJWK(publicKey);
      assert.ok(publicKeyOf(jwk)?.equals(createPublicKey({ key: jwk as JWK & { kty: string }, format: 'jwk' })), jwk.crv);
    }
  });

  it('refuses a JWK with a private part, for encryption, without verify in key_ops, or with coordinates of the wrong length', async () => {
    const jwk = await exportJWK(p256.publicKey);
    for (const bad of [await exportJWK(p256.privateKey), { ...jwk, use: 'enc' }, { ...jwk, key_ops: ['sign'] }, { ...jwk, x: jwk.x!.slice(0, 40) }, { ...jwk, crv: 'P-384' }, { ...jwk, x: `${jwk.x!}!` }]) {
      assert.equal(publicKeyOf(bad), undefined, JSON.stringify(bad));
    }
  });

  it('refuses a COSE_Key whose point is not on its curve, or whose curve does not fit its key type', async () => {
    const jwk = await exportJWK(p256.publicKey);
    const [x, y] = [Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')];
    assert.ok(publicKeyFromCoseKey(new Map<number, unknown>([[1, 2], [-1, 1], [-2, x], [-3, y]])).equals(p256.publicKey));
    const offCurve = Buffer.from(y);
    offCurve[31]! ^= 1;
    assert.equal(publicKeyFromCoordinates('P-256', x, offCurve), undefined);
    for (const bad of [new Map<number, unknown>([[1, 2], [-1, 1], [-2, x], [-3, offCurve]]), new Map<number, unknown>([[1, 1], [-1, 1], [-2, x]]), new Map<number, unknown>([[1, 2], [-1, 6], [-2, x], [-3, y]])]) {
      assert.throws(() => publicKeyFromCoseKey(bad), { code: 'device_key_missing' });
    }
  });
});

describe('JWS checks jose made', () => {
  // By hand: jose will not sign a crit it does not know.
  const signed = async (header: Record<string, unknown>) => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'ES256', ...header })).toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}`;
    return `${input}.${p1363(p256.privateKey, Buffer.from(input)).toString('base64url')}`;
  };
  const verifies = async (jwt: string, algorithms = JWS_ALGORITHMS) => {
    const jws = splitCompactJws(jwt)!;
    return verifiesWithAnyKey(jws, JSON.parse(Buffer.from(jws.protected, 'base64url').toString()), [p256.publicKey], algorithms);
  };

  it('verifies with any of the keys, and only with one that signed', async () => {
    const jws = splitCompactJws(await signed({}))!;
    assert.equal(verifiesWithAnyKey(jws, { alg: 'ES256' }, [p384.publicKey, p256.publicKey], JWS_ALGORITHMS), true);
    assert.equal(verifiesWithAnyKey(jws, { alg: 'ES256' }, [p384.publicKey], JWS_ALGORITHMS), false);
  });

  it('refuses an algorithm outside the allowed list, and any crit extension', async () => {
    assert.equal(await verifies(await signed({})), true);
    assert.equal(await verifies(await signed({}), ['EdDSA']), false);
    assert.equal(await verifies(await signed({ crit: ['exp'], exp: 1 })), false);
  });

  it('refuses segments that are not strict base64url, which Buffer alone would skip over', async () => {
    const [h, p, s] = (await signed({})).split('.') as [string, string, string];
    for (const jwt of [`${h}.${p}.${s}!`, `${h}.${p}.${s}==`, `${h}.${p}.${s} `, `${h}.${p}*.${s}`]) assert.equal(await verifies(jwt), false, jwt);
  });
});
