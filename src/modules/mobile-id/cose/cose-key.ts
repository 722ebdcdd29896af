import { createPublicKey, type KeyObject } from 'node:crypto';
import { refuse } from '../refusal.ts';

const CURVES = new Map<number, string>([
  [1, 'P-256'],
  [2, 'P-384'],
  [3, 'P-521'],
  [6, 'Ed25519'],
]);

/** A COSE_Key (RFC 9053 §7: EC2 kty 2 or OKP kty 1) as a node:crypto public key. */
export function publicKeyFromCoseKey(coseKey: unknown): KeyObject {
  if (!(coseKey instanceof Map)) return refuse('device_key_missing', 'the COSE_Key is not a map');
  const kty = coseKey.get(1);
  const crv = CURVES.get(coseKey.get(-1) as number);
  const x = coseKey.get(-2);
  const y = coseKey.get(-3);
  if (!crv || !(x instanceof Uint8Array)) return refuse('device_key_missing', 'unsupported COSE_Key');
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  if (kty === 1) return createPublicKey({ key: { kty: 'OKP', crv, x: b64(x) }, format: 'jwk' });
  if (kty !== 2 || !(y instanceof Uint8Array)) return refuse('device_key_missing', 'unsupported COSE_Key');
  return createPublicKey({ key: { kty: 'EC', crv, x: b64(x), y: b64(y) }, format: 'jwk' });
}
