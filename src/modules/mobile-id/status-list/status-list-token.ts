import type { KeyObject } from 'node:crypto';
import { CompactSign, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { cborDecode, cborEncode, isBytes } from '../cose/cbor.ts';
import { decodeCoseSign1, HEADER, headerValue, signCoseSign1, verifyCoseSign1 } from '../cose/cose-sign1.ts';
import { refuse } from '../refusal.ts';
import { jsonObjectOf, splitCompactJws, verifiesWithAnyKey } from '../signature/verify-jws.ts';
import { JWS_ALGORITHMS, publicKeyOf } from '../signature/verify-signature.ts';
import { StatusList } from './status-list.ts';

export interface StatusListToken {
  list: StatusList;
  subject: string;
  iat: number;
  exp?: number;
  ttl?: number;
}

/** A key trusted to sign a status list: a WebCrypto key, a JWK or a node:crypto key. */
export type StatusListKey = CryptoKey | JWK | KeyObject;

export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';
export const STATUS_LIST_CWT_TYP = 'application/statuslist+cwt';
// CWT claim keys (RFC 8392 and the Token Status List registrations).
const CWT = { sub: 2, exp: 4, iat: 6, typ: 16, statusList: 65533, ttl: 65534 } as const;

export async function signStatusListJwt(token: StatusListToken & { issuer?: string }, signer: { key: CryptoKey | JWK | KeyObject; alg: string; kid?: string; x5c?: string[] }): Promise<string> {
  const payload = { ...(token.issuer ? { iss: token.issuer } : {}), sub: token.subject, iat: token.iat, ...(token.exp ? { exp: token.exp } : {}), ...(token.ttl ? { ttl: token.ttl } : {}), status_list: token.list.toJson() };
  const key = 'kty' in signer.key && typeof signer.key.kty === 'string' ? await importJWK(signer.key, signer.alg) : signer.key as CryptoKey | KeyObject;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: signer.alg, typ: STATUS_LIST_JWT_TYP, ...(signer.kid ? { kid: signer.kid } : {}), ...(signer.x5c ? { x5c: signer.x5c } : {}) })
    .sign(key);
}

/** Verifies a Status List Token in JWT form (§5.1) for the list at `uri`. */
export async function verifyStatusListJwt(jwt: string, keys: StatusListKey[], input: { uri: string; now?: Date }): Promise<StatusListToken> {
  const jws = splitCompactJws(jwt);
  const header = jws && jsonObjectOf(jws.protected);
  const usable = keys.map(publicKeyOf).filter((key) => key !== undefined);
  const claims = jws && header && verifiesWithAnyKey(jws, header, usable, JWS_ALGORITHMS) ? jsonObjectOf(jws.payload) : undefined;
  if (!claims) return refuse('status_list_invalid', 'the status list token does not verify with a trusted key');
  if (header!.typ !== STATUS_LIST_JWT_TYP) return refuse('status_list_invalid', `typ ${String(header!.typ)}`);
  return checkToken({ subject: claims.sub, iat: claims.iat, exp: claims.exp, ttl: claims.ttl, statusList: claims.status_list as never }, input);
}

export function signStatusListCwt(token: StatusListToken, signer: { key: KeyObject; kid?: Uint8Array; x5chain?: Uint8Array[] }): Buffer {
  const claims = new Map<number, unknown>([[CWT.sub, token.subject], [CWT.iat, token.iat], ...(token.exp ? [[CWT.exp, token.exp] as [number, unknown]] : []), ...(token.ttl ? [[CWT.ttl, token.ttl] as [number, unknown]] : []), [CWT.statusList, token.list.toCbor()]]);
  return signCoseSign1({ alg: 'ES256', key: signer.key, payload: cborEncode(claims), protectedHeader: new Map<number, unknown>([[CWT.typ, STATUS_LIST_CWT_TYP], ...(signer.kid ? [[4, Buffer.from(signer.kid)] as [number, unknown]] : []), ...(signer.x5chain ? [[33, signer.x5chain.length === 1 ? Buffer.from(signer.x5chain[0]!) : signer.x5chain.map((c) => Buffer.from(c))] as [number, unknown]] : [])]) });
}

/** Verifies a Status List Token in CWT form (§5.2) for the list at `uri`, with any of the trusted keys. */
export function verifyStatusListCwt(bytes: Uint8Array, keys: StatusListKey | StatusListKey[], input: { uri: string; now?: Date }): StatusListToken {
  const message = decodeCoseSign1(bytes);
  if (message.protectedHeader.get(CWT.typ) !== STATUS_LIST_CWT_TYP) refuse('status_list_invalid', 'protected typ is not application/statuslist+cwt');
  if (!(Array.isArray(keys) ? keys : [keys]).some((key) => verifiesWith(message, key))) return refuse('status_list_invalid', 'the status list CWT does not verify with a trusted key');
  const claims = cborDecode(message.payload ?? Buffer.alloc(0));
  if (!(claims instanceof Map)) return refuse('status_list_invalid', 'the CWT claims are not a map');
  const list = claims.get(CWT.statusList);
  return checkToken({ subject: claims.get(CWT.sub), iat: claims.get(CWT.iat), exp: claims.get(CWT.exp), ttl: claims.get(CWT.ttl), statusList: list instanceof Map ? Object.fromEntries(list) : list }, input);
}

function verifiesWith(message: ReturnType<typeof decodeCoseSign1>, key: StatusListKey): boolean {
  const keyObject = publicKeyOf(key);
  try {
    if (!keyObject) return false;
    verifyCoseSign1(message, keyObject);
    return true;
  } catch {
    return false;
  }
}

/** The certificates (DER, signer first) a status list token carries to say who signed it: JWT `x5c` or COSE `x5chain`. */
export function statusListCertificates(token: string | Uint8Array): Uint8Array[] {
  try {
    if (typeof token === 'string') {
      const x5c = decodeProtectedHeader(token).x5c;
      return Array.isArray(x5c) ? x5c.map((c) => Buffer.from(c, 'base64')) : [];
    }
    const chain = headerValue(decodeCoseSign1(token), HEADER.x5chain);
    if (isBytes(chain)) return [chain];
    return Array.isArray(chain) && chain.every(isBytes) ? chain : [];
  } catch {
    return [];
  }
}

function checkToken(raw: { subject: unknown; iat: unknown; exp: unknown; ttl: unknown; statusList: { bits: unknown; lst: unknown } | undefined }, input: { uri: string; now?: Date }): StatusListToken {
  if (raw.subject !== input.uri) refuse('status_list_invalid', `the token is for ${String(raw.subject)}, not ${input.uri}`);
  if (typeof raw.iat !== 'number') return refuse('status_list_invalid', 'no iat');
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (typeof raw.exp === 'number' && now >= raw.exp) refuse('status_list_invalid', 'the status list token has expired');
  if (!raw.statusList) return refuse('status_list_invalid', 'no status_list');
  return {
    list: StatusList.decode(raw.statusList),
    subject: raw.subject as string,
    iat: raw.iat,
    ...(typeof raw.exp === 'number' ? { exp: raw.exp } : {}),
    ...(typeof raw.ttl === 'number' ? { ttl: raw.ttl } : {}),
  };
}
