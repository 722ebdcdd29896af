import { createPublicKey, type KeyObject } from 'node:crypto';

/** What a signature algorithm asks of its key: an EC curve by OpenSSL's name, or the key type of an Edwards curve. */
export type KeyKind = 'prime256v1' | 'secp384r1' | 'secp521r1' | 'ed25519';

/**
 * SubjectPublicKeyInfo (RFC 5480 §2, RFC 8410 §4) up to the key bytes, by JOSE curve name (COSE
 * curves map to the same); an EC key follows as 04 ‖ x ‖ y, an Edwards key as x.
 */
const CURVES = new Map<string, { kind: KeyKind; size: number; spkiPrefix: Buffer }>([
  ['P-256', { kind: 'prime256v1', size: 32, spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d03010703420004', 'hex') }],
  ['P-384', { kind: 'secp384r1', size: 48, spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b8104002203620004', 'hex') }],
  ['P-521', { kind: 'secp521r1', size: 66, spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b810400230381860004', 'hex') }],
  ['Ed25519', { kind: 'ed25519', size: 32, spkiPrefix: Buffer.from('302a300506032b6570032100', 'hex') }],
]);

/** The kind of each key imported or seen here, so that a verification need not read it back from the key (a native call each time). */
const kinds = new WeakMap<KeyObject, KeyKind>();

/**
 * A public key from its curve and coordinates (a COSE_Key or a JWK's), or undefined when the curve
 * is not one of ours, a coordinate has the wrong length or the point is not on the curve (OpenSSL
 * checks it on import). Imported from PEM text: node:crypto's object inputs (`{ key: jwk, format:
 * 'jwk' }` and the like) cost four thrown type checks per import, more than the import itself.
 */
export function publicKeyFromCoordinates(crv: string, x: Uint8Array, y?: Uint8Array): KeyObject | undefined {
  const curve = CURVES.get(crv);
  if (!curve || x.length !== curve.size) return undefined;
  const edwards = curve.kind === 'ed25519';
  if (edwards ? y !== undefined : y?.length !== curve.size) return undefined;
  const spki = Buffer.concat(edwards ? [curve.spkiPrefix, x] : [curve.spkiPrefix, x, y!]);
  try {
    const key = createPublicKey(`-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`);
    kinds.set(key, curve.kind);
    return key;
  } catch {
    return undefined;
  }
}

/** The key's curve (EC) or Edwards key type; undefined for any other key. */
export function kindOf(key: KeyObject): KeyKind | undefined {
  const known = kinds.get(key);
  if (known) return known;
  const type = key.asymmetricKeyType;
  const kind = type === 'ec' ? key.asymmetricKeyDetails?.namedCurve : type;
  if (kind !== 'prime256v1' && kind !== 'secp384r1' && kind !== 'secp521r1' && kind !== 'ed25519') return undefined;
  kinds.set(key, kind);
  return kind;
}
