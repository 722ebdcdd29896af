import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { issueMdoc, issueSdJwt, sd, Tag } from '../mobile-id/index.ts';
import { FullDate, type ClaimValue } from './credential-claims.ts';

/** What a credential signs in either format: the claims, its validity and status entry, the holder's key, the agency's document signer. */
interface SignedCredential {
  claims: { name: string; value: ClaimValue }[];
  validFrom: Date;
  validUntil: Date;
  status: { idx: number; uri: string };
  holderKey: JWK;
  signingKey: KeyObject;
  /** The document signer's certificate (DER); the IACA root is not sent, verifiers hold it. */
  documentSigner: Uint8Array;
}

export type SignCredentialInput = SignedCredential & (
  | { format: 'dc+sd-jwt'; issuer: string; vct: string; plainClaims: ReadonlySet<string> }
  | { format: 'mso_mdoc'; docType: string; nameSpace: string });

/** The credential as its format delivers it: an SD-JWT VC, or an mdoc's IssuerSigned in base64url. */
export async function signCredential(input: SignCredentialInput): Promise<string> {
  return input.format === 'mso_mdoc' ? signMdoc(input) : signSdJwt(input);
}

/**
 * An SD-JWT VC (`dc+sd-jwt`): every claim selectively disclosable except issuer, type, validity,
 * status and holder key (and what the pack keeps plain), with decoy digests.
 */
async function signSdJwt(input: SignedCredential & { issuer: string; vct: string; plainClaims: ReadonlySet<string> }): Promise<string> {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: input.issuer, vct: input.vct, iat: seconds(input.validFrom), nbf: seconds(input.validFrom), exp: seconds(input.validUntil),
    status: { status_list: input.status },
  };
  // A language-tagged claim (`name#en`) is as plain as the claim it translates.
  for (const { name, value } of input.claims) claims[name] = input.plainClaims.has(name.split('#')[0]!) ? json(value) : sd(json(value));
  const issued = await issueSdJwt({
    claims, decoys: true, holderKey: input.holderKey,
    signers: [{ key: input.signingKey.export({ format: 'jwk' }) as JWK, alg: 'ES256', header: { typ: 'dc+sd-jwt', x5c: [Buffer.from(input.documentSigner).toString('base64')] } }],
  });
  return issued.sdJwt as string;
}

/** ISO/IEC 18013-5 IssuerSigned, all the claims in the type's one namespace, signed under the document signer. */
function signMdoc(input: SignedCredential & { docType: string; nameSpace: string }): string {
  return issueMdoc({
    docType: input.docType, nameSpaces: { [input.nameSpace]: Object.fromEntries(input.claims.map(({ name, value }) => [name, cbor(value)])) },
    validFrom: input.validFrom, validUntil: input.validUntil, status: input.status, deviceKey: input.holderKey,
    signer: { key: input.signingKey, x5chain: [input.documentSigner] },
  }).toString('base64url');
}

/** JSON shape of a claim: dates as full-date strings, bytes as a data URL (the only bytes claim is the portrait). */
function json(value: ClaimValue): unknown {
  if (value instanceof FullDate) return value.iso;
  if (value instanceof Uint8Array) return `data:image/jpeg;base64,${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return value.map(json);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v)]));
  return value;
}

/** CBOR shape of a claim: dates as full-date (tag 1004), bytes as a byte string, objects as maps. */
function cbor(value: ClaimValue): unknown {
  if (value instanceof FullDate) return new Tag(value.iso, 1004);
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(cbor);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, cbor(v)]));
  return value;
}
