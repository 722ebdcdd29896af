import { createHash, randomBytes, randomInt, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { cborDecode, cborEncode, ENCODED_CBOR, signCoseSign1, Tag } from '../mobile-id/index.ts';
import { FullDate, type ClaimValue } from './credential-claims.ts';

export interface MdocCredentialInput {
  docType: string;
  nameSpace: string;
  claims: { name: string; value: ClaimValue }[];
  validFrom: Date;
  validUntil: Date;
  status: { idx: number; uri: string };
  holderKey: JWK;
  signingKey: KeyObject;
  documentSigner: Uint8Array;
}

const X5CHAIN = 33;

/**
 * ISO/IEC 18013-5 IssuerSigned: each element a salted IssuerSignedItem, its digest in the mobile
 * security object, the MSO signed (COSE_Sign1, ES256) under the document signer with its x5chain.
 */
export function issueMdocCredential(input: MdocCredentialInput): Buffer {
  const ids = shuffledIds(input.claims.length);
  const items = input.claims.map(({ name, value }, i) => {
    const item = new Map<string, unknown>([['digestID', ids[i]], ['random', randomBytes(32)], ['elementIdentifier', name], ['elementValue', cbor(value)]]);
    return new Tag(cborEncode(item), ENCODED_CBOR);
  });
  const digests = new Map(items.map((bytes, i) => [ids[i]!, createHash('sha256').update(cborEncode(bytes)).digest()]));
  const mso = new Map<string, unknown>([
    ['version', '1.0'],
    ['digestAlgorithm', 'SHA-256'],
    ['valueDigests', new Map([[input.nameSpace, digests]])],
    ['deviceKeyInfo', new Map([['deviceKey', coseKey(input.holderKey)]])],
    ['docType', input.docType],
    ['validityInfo', new Map([['signed', tdate(input.validFrom)], ['validFrom', tdate(input.validFrom)], ['validUntil', tdate(input.validUntil)]])],
    ['status', new Map([['status_list', new Map<string, unknown>([['idx', input.status.idx], ['uri', input.status.uri]])]])],
  ]);
  const payload = cborEncode(new Tag(cborEncode(mso), ENCODED_CBOR));
  const issuerAuth = signCoseSign1({ alg: 'ES256', key: input.signingKey, payload, unprotectedHeader: new Map([[X5CHAIN, Buffer.from(input.documentSigner)]]), tagged: false });
  return cborEncode(new Map<string, unknown>([['nameSpaces', new Map([[input.nameSpace, items]])], ['issuerAuth', decodeArray(issuerAuth)]]));
}

/** Digest IDs in random order, so their order says nothing about the elements'. */
function shuffledIds(n: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

function cbor(value: ClaimValue): unknown {
  if (value instanceof FullDate) return new Tag(value.iso, 1004);
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(cbor);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, cbor(v)]));
  return value;
}

/** tdate (RFC 8949 tag 0) without fractional seconds, as ISO 18013-5 §9.1.2.4 asks. */
const tdate = (d: Date) => new Tag(d.toISOString().replace(/\.\d{3}Z$/, 'Z'), 0);

function coseKey(jwk: JWK): Map<number, unknown> {
  return new Map<number, unknown>([[1, 2], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]);
}

/** The COSE_Sign1 as the array IssuerAuth is (untagged); its signed members are byte strings, so they survive re-encoding. */
function decodeArray(encoded: Buffer): unknown {
  return cborDecode(encoded);
}
