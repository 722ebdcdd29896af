import { createHash, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { ExchangeRefusal } from './errors.ts';
import type { SigningKey } from './member-keys.ts';

/** What a member asks: signed by the client member (ES256, its key's kid in the header). */
export interface RequestClaims {
  iss: string; aud: string; service: string; subject: string; purpose: string;
  serviceId?: string | null; applicationId?: string | null; consentId?: string | null;
  iat: number; jti: string;
}

/** What the provider answers, bound to the request by its jti and hash. Signed by the provider member. */
export interface ResponseClaims {
  iss: string; aud: string; jti: string; requestJti: string; requestHash: string;
  service: string; records: Record<string, unknown>[]; iat: number;
}

export const REQUEST_TYPE = 'hanaro-im-request+jws';
export const RESPONSE_TYPE = 'hanaro-im-response+jws';
const MAX_JWS = 16 * 1024;

/** base64url(sha256(the request's compact JWS)): what the response says it answers. */
export const requestHashOf = (jws: string) => createHash('sha256').update(jws).digest('base64url');

export async function signMessage(claims: RequestClaims | ResponseClaims, typ: string, signer: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', typ, kid: signer.kid }).sign(signer.key);
}

const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
const optionalText = (v: unknown, max: number) => v === undefined || v === null || text(v, max);

/** The request's claims and kid, read but not yet trusted: the signature is checked once the member is known. */
export function readRequest(jws: string): { kid: string; claims: RequestClaims } {
  if (jws.length > MAX_JWS || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jws)) throw new ExchangeRefusal('bad_request', 'not a compact JWS');
  let header, claims: RequestClaims;
  try {
    header = decodeProtectedHeader(jws);
    claims = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as RequestClaims;
  } catch {
    throw new ExchangeRefusal('bad_request', 'the JWS header or payload is not JSON');
  }
  if (header.alg !== 'ES256' || header.typ !== REQUEST_TYPE || !text(header.kid, 200)) throw new ExchangeRefusal('bad_request', `the header must name alg ES256, typ ${REQUEST_TYPE} and a kid`);
  const c = claims as unknown as Record<string, unknown>;
  const shaped = c && typeof c === 'object' && text(c.iss, 200) && text(c.aud, 200) && text(c.service, 64) && text(c.subject, 40) && text(c.purpose, 500)
    && text(c.jti, 100) && Number.isInteger(c.iat) && optionalText(c.serviceId, 64) && optionalText(c.applicationId, 64) && optionalText(c.consentId, 64);
  if (!shaped) throw new ExchangeRefusal('bad_request', 'the claims iss, aud, service, subject, purpose, iat and jti are required');
  return { kid: header.kid!, claims };
}

/** Whether `key` signed this message of type `typ`. */
export async function signedBy(jws: string, key: KeyObject, typ: string): Promise<boolean> {
  try {
    const { protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    return protectedHeader.typ === typ;
  } catch {
    return false;
  }
}

export function payloadOf<T>(jws: string): T {
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as T;
}
