import { hash } from 'node:crypto';
import type { JWK } from 'jose';
import { epochSeconds, refuse, type Clock } from '../refusal.ts';
import { jsonObjectOf, splitCompactJws, verifiesWithAnyKey } from '../signature/verify-jws.ts';
import { JWS_ALGORITHMS, publicKeyOf } from '../signature/verify-signature.ts';
import type { SdAlg } from './disclosure.ts';

export interface KeyBindingExpectation {
  nonce: string;
  /** The verifier's client id, as the KB-JWT's `aud` must name it. */
  audience: string;
  /** How old a KB-JWT may be (default 300 s). */
  maxAgeSeconds?: number;
}

export interface VerifiedKeyBinding {
  iat: number;
  nonce: string;
  aud: string;
}

const HASH: Record<SdAlg, string> = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

/** RFC 9901 §7.3: the holder signed this very presentation for this verifier, just now. */
export async function verifyKeyBinding(
  kbJwt: string,
  input: { holderKey: JWK; sdJwt: string; sdAlg: SdAlg; expected: KeyBindingExpectation; clock: Clock },
): Promise<VerifiedKeyBinding> {
  const header = jsonObjectOf(kbJwt.split('.')[0]) ?? refuse('malformed', 'the KB-JWT header is not JSON');
  if (header.typ !== 'kb+jwt') refuse('malformed', 'the KB-JWT typ is not kb+jwt');
  if (typeof header.alg !== 'string' || !JWS_ALGORITHMS.includes(header.alg)) return refuse('key_binding_signature_invalid', `KB-JWT alg ${String(header.alg)}`);
  // The holder's key is imported once per presentation: each credential has a key of its own.
  const holderKey = publicKeyOf(input.holderKey);
  const jws = splitCompactJws(kbJwt);
  const payload = jws && holderKey && verifiesWithAnyKey(jws, header, [holderKey], JWS_ALGORITHMS) ? jsonObjectOf(jws.payload) : undefined;
  if (!payload) return refuse('key_binding_signature_invalid', 'the KB-JWT does not verify with the cnf key');
  const sdHash = hash(HASH[input.sdAlg], input.sdJwt, 'base64url');
  if (payload.sd_hash !== sdHash) refuse('key_binding_sd_hash_mismatch', 'sd_hash does not cover this presentation');
  if (payload.nonce !== input.expected.nonce) refuse('key_binding_nonce_mismatch', 'the KB-JWT nonce is not the one asked for');
  if (payload.aud !== input.expected.audience) refuse('key_binding_audience_mismatch', `the KB-JWT is for ${String(payload.aud)}`);
  const iat = payload.iat;
  if (typeof iat !== 'number') return refuse('malformed', 'the KB-JWT has no iat');
  const now = epochSeconds(input.clock);
  const skew = input.clock.skewSeconds ?? 30;
  if (iat > now + skew) refuse('key_binding_issued_in_future', `KB-JWT iat ${iat} is after ${now}`);
  if (iat < now - skew - (input.expected.maxAgeSeconds ?? 300)) refuse('key_binding_too_old', `KB-JWT iat ${iat} is too long before ${now}`);
  return { iat, nonce: input.expected.nonce, aud: input.expected.audience };
}
