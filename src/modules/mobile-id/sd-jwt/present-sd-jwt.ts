import { createHash } from 'node:crypto';
import { CompactSign, importJWK, type JWK } from 'jose';
import { SD_DIGESTS, digestOf, isSdAlg, parseDisclosure, type Disclosure, type SdAlg } from './disclosure.ts';
import { compactSdJwt, parseSdJwt, serializeSdJwt, type SdJwtJson } from './serialization.ts';
import { arrayElementDigest } from './unpack-claims.ts';
import { decodeJson } from './verify-sd-jwt.ts';

/**
 * What the holder reveals, shaped like the claims: `true` (or a nested frame) for a claim to
 * disclose, `false`/`null`/absent to keep it hidden; arrays are matched by position. Empty
 * objects and arrays count as "no" for an object member, as the reference tool does.
 */
export type DisclosureFrame = unknown;

export interface HolderKeyBinding {
  holderKey: CryptoKey | JWK;
  alg: string;
  nonce: string;
  audience: string;
  /** Seconds since the epoch. */
  iat: number;
}

/** The holder's side: keep only the chosen disclosures and, when asked, sign a KB-JWT over them. */
export async function presentSdJwt(sdJwt: string | SdJwtJson, frame: DisclosureFrame, keyBinding?: HolderKeyBinding): Promise<string | SdJwtJson> {
  const parts = parseSdJwt(sdJwt);
  const payload = decodeJson(parts.payload, 'payload');
  const alg = isSdAlg(payload._sd_alg) ? payload._sd_alg : 'sha-256';
  const chosen = selectDisclosures(payload, parts.disclosures, frame, alg);
  const presented = { ...parts, disclosures: chosen, kbJwt: undefined as string | undefined };
  delete presented.kbJwt;
  if (!keyBinding) return serializeSdJwt(presented);
  return serializeSdJwt({ ...presented, kbJwt: await signKeyBinding(compactSdJwt(presented), alg, keyBinding) });
}

export function selectDisclosures(payload: Record<string, unknown>, encoded: string[], frame: DisclosureFrame, alg: SdAlg): string[] {
  const byDigest = new Map(encoded.map((e) => [digestOf(e, alg), parseDisclosure(e)] as const));
  const chosen = new Set<Disclosure>();
  select(payload, frame, byDigest, chosen);
  return encoded.filter((e) => chosen.has(byDigest.get(digestOf(e, alg))!));
}

function select(node: unknown, frame: unknown, byDigest: Map<string, Disclosure>, chosen: Set<Disclosure>): void {
  if (frame === undefined || frame === null) return;
  if (Array.isArray(node)) {
    const wanted = Array.isArray(frame) ? frame : [];
    node.forEach((element, i) => {
      const digest = arrayElementDigest(element);
      if (digest === undefined) return select(element, wanted[i], byDigest, chosen);
      const disclosure = byDigest.get(String(digest));
      if (!disclosure || [false, null, undefined, 0].includes(wanted[i] as never)) return;
      chosen.add(disclosure);
      select(disclosure.value, wanted[i], byDigest, chosen);
    });
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const wanted = (frame !== null && typeof frame === 'object' && !Array.isArray(frame) ? frame : {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(node)) {
    if (name !== SD_DIGESTS) {
      select(value, wanted[name], byDigest, chosen);
      continue;
    }
    for (const digest of value as unknown[]) {
      const disclosure = byDigest.get(String(digest));
      if (!disclosure || !truthy(wanted[disclosure.name!])) continue;
      chosen.add(disclosure);
      select(disclosure.value, wanted[disclosure.name!], byDigest, chosen);
    }
  }
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

async function signKeyBinding(sdJwt: string, alg: SdAlg, kb: HolderKeyBinding): Promise<string> {
  const hash = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' }[alg];
  const payload = { nonce: kb.nonce, aud: kb.audience, iat: kb.iat, sd_hash: createHash(hash).update(sdJwt, 'ascii').digest('base64url') };
  const key = 'kty' in kb.holderKey ? await importJWK(kb.holderKey, kb.alg) : kb.holderKey;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: kb.alg, typ: 'kb+jwt' }).sign(key);
}
