import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { invalidDpop, invalidToken } from './oauth-error.ts';
import { rememberDpopProof } from './store.ts';

const MAX_AGE_SECONDS = 300;
const SKEW_SECONDS = 60;

export interface DpopExpectation { method: string; url: string; accessToken?: string }

/**
 * RFC 9449 §4.3: a fresh `dpop+jwt` signed by the key in its header, for this method and URL (and,
 * at a resource, over this access token), seen only once. Answers the key's JWK thumbprint.
 */
export async function verifyDpopProof(conn: AnyDb, proof: string | string[] | undefined, expected: DpopExpectation): Promise<string> {
  const fail = expected.accessToken ? invalidToken : invalidDpop;
  if (typeof proof !== 'string' || !proof) throw fail('a single DPoP proof header is required');
  let verified;
  try {
    verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'], maxTokenAge: MAX_AGE_SECONDS, clockTolerance: SKEW_SECONDS });
  } catch (err) {
    throw fail(`the DPoP proof does not verify (${(err as Error).message})`);
  }
  const { payload, protectedHeader } = verified;
  const jwk = protectedHeader.jwk as JWK;
  if ('d' in jwk) throw fail('the DPoP key must be a public key');
  if (payload.htm !== expected.method) throw fail('htm does not match the request method');
  if (typeof payload.htu !== 'string' || stripQuery(payload.htu) !== stripQuery(expected.url)) throw fail('htu does not match the request URL');
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 200) throw fail('the DPoP proof needs a jti');
  if (expected.accessToken && payload.ath !== createHash('sha256').update(expected.accessToken).digest('base64url')) throw fail('ath does not match the access token');
  if (!(await rememberDpopProof(conn, payload.jti, new Date(Date.now() + (MAX_AGE_SECONDS + SKEW_SECONDS) * 1000)))) throw fail('the DPoP proof was already used');
  return calculateJwkThumbprint(jwk, 'sha256');
}

const stripQuery = (url: string) => url.split(/[?#]/)[0];
