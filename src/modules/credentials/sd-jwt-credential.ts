import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { issueSdJwt, sd } from '../mobile-id/index.ts';
import { FullDate, type ClaimValue } from './credential-claims.ts';

export interface SdJwtCredentialInput {
  issuer: string;
  vct: string;
  claims: { name: string; value: ClaimValue }[];
  plainClaims: ReadonlySet<string>;
  validFrom: Date;
  validUntil: Date;
  status: { idx: number; uri: string };
  holderKey: JWK;
  signingKey: KeyObject;
  /** The document signer's certificate (DER); the IACA root is not sent, verifiers hold it. */
  documentSigner: Uint8Array;
}

/**
 * An SD-JWT VC (`dc+sd-jwt`): every claim selectively disclosable except issuer, type, validity,
 * status and holder key (and what the pack keeps plain), with decoy digests.
 */
export async function issueSdJwtCredential(input: SdJwtCredentialInput): Promise<string> {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: input.issuer, vct: input.vct, iat: seconds(input.validFrom), nbf: seconds(input.validFrom), exp: seconds(input.validUntil),
    status: { status_list: input.status },
  };
  for (const { name, value } of input.claims) claims[name] = input.plainClaims.has(name) ? json(value) : sd(json(value));
  const issued = await issueSdJwt({
    claims, decoys: true, holderKey: input.holderKey,
    signers: [{ key: input.signingKey.export({ format: 'jwk' }) as JWK, alg: 'ES256', header: { typ: 'dc+sd-jwt', x5c: [Buffer.from(input.documentSigner).toString('base64')] } }],
  });
  return issued.sdJwt as string;
}

/** JSON shape of a claim: dates as full-date strings, bytes as a data URL (the only bytes claim is the portrait). */
function json(value: ClaimValue): unknown {
  if (value instanceof FullDate) return value.iso;
  if (value instanceof Uint8Array) return `data:image/jpeg;base64,${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return value.map(json);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v)]));
  return value;
}
