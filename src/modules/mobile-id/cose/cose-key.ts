import type { KeyObject } from 'node:crypto';
import { refuse } from '../refusal.ts';
import { publicKeyFromCoordinates } from '../signature/public-key.ts';

/** COSE elliptic curves (RFC 9053 §7.1) by their JOSE names. */
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
  if (kty === 1 ? crv !== 'Ed25519' : kty !== 2 || crv === 'Ed25519' || !(y instanceof Uint8Array)) return refuse('device_key_missing', 'unsupported COSE_Key');
  return publicKeyFromCoordinates(crv, x, kty === 2 ? y as Uint8Array : undefined) ?? refuse('device_key_missing', 'the COSE_Key is not a point on its curve');
}
