import type { KeyObject } from 'node:crypto';
import { base64urlBytes, isBase64url } from './base64url.ts';
import { verifySignature } from './verify-signature.ts';

/** A JWS as its three base64url segments (RFC 7515 §7.1, or one signature of §7.2). */
export interface JwsSegments { protected: string; payload: string; signature: string }

/** A compact JWS split into its segments, or undefined when it is not three. */
export function splitCompactJws(jwt: string): JwsSegments | undefined {
  const segments = jwt.split('.');
  return segments.length === 3 ? { protected: segments[0]!, payload: segments[1]!, signature: segments[2]! } : undefined;
}


/** A segment's JSON object (a protected header or a JWT claims set), or undefined. */
export function jsonObjectOf(segment: unknown): Record<string, unknown> | undefined {
  const bytes = base64urlBytes(segment);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * RFC 7515 §5.2 for one signature, as jose's verify did it, in one synchronous node:crypto call: the
 * header's `alg` is one of `algorithms`, no `crit` (no extension is understood here), the payload
 * and signature are base64url, and the signature verifies with one of the keys over the ASCII of
 * `protected.payload`. `header` is the decoded protected header.
 */
export function verifiesWithAnyKey(jws: JwsSegments, header: Record<string, unknown>, keys: readonly KeyObject[], algorithms: readonly string[]): boolean {
  const alg = header.alg;
  if (typeof alg !== 'string' || !algorithms.includes(alg) || header.crit !== undefined) return false;
  const signature = base64urlBytes(jws.signature);
  if (!signature || !isBase64url(jws.payload) || !isBase64url(jws.protected)) return false;
  const signingInput = Buffer.from(`${jws.protected}.${jws.payload}`, 'ascii');
  return keys.some((key) => verifySignature(alg, key, signingInput, signature));
}
