import { createHash, randomBytes, randomInt, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { cborDecode, cborEncode, ENCODED_CBOR, Tag } from '../cose/cbor.ts';
import { HEADER, signCoseSign1 } from '../cose/cose-sign1.ts';

export interface IssueMdocInput {
  docType: string;
  /** Element values (CBOR-ready: full-dates as tag 1004, maps as Maps) by namespace and identifier. */
  nameSpaces: Record<string, Record<string, unknown>>;
  validFrom: Date;
  validUntil: Date;
  /** The Token Status List entry the MSO points at. */
  status?: { idx: number; uri: string };
  /** The holder's device key (P-256 public JWK): what the device signature must verify with. */
  deviceKey: JWK;
  /** The document signer's key and its certificate chain (DER, signer first). */
  signer: { key: KeyObject; x5chain: Uint8Array[] };
}

/**
 * ISO/IEC 18013-5 IssuerSigned: each element a salted IssuerSignedItem (digest IDs in random
 * order), their digests in the mobile security object, the MSO signed (COSE_Sign1, ES256) under
 * the document signer with its x5chain.
 */
export function issueMdoc(input: IssueMdocInput): Buffer {
  const nameSpaces = new Map<string, Tag[]>();
  const valueDigests = new Map<string, Map<number, Buffer>>();
  for (const [nameSpace, elements] of Object.entries(input.nameSpaces)) {
    const ids = shuffledIds(Object.keys(elements).length);
    const items = Object.entries(elements).map(([identifier, value], i) =>
      new Tag(cborEncode(new Map<string, unknown>([['digestID', ids[i]], ['random', randomBytes(32)], ['elementIdentifier', identifier], ['elementValue', value]])), ENCODED_CBOR));
    nameSpaces.set(nameSpace, items);
    valueDigests.set(nameSpace, new Map(items.map((item, i) => [ids[i]!, createHash('sha256').update(cborEncode(item)).digest()])));
  }
  const tdate = (d: Date) => new Tag(d.toISOString().replace(/\.\d{3}Z$/, 'Z'), 0);
  const mso = new Map<string, unknown>([
    ['version', '1.0'],
    ['digestAlgorithm', 'SHA-256'],
    ['valueDigests', valueDigests],
    ['deviceKeyInfo', new Map([['deviceKey', coseKeyOf(input.deviceKey)]])],
    ['docType', input.docType],
    ['validityInfo', new Map([['signed', tdate(input.validFrom)], ['validFrom', tdate(input.validFrom)], ['validUntil', tdate(input.validUntil)]])],
    ...(input.status ? [['status', new Map([['status_list', new Map<string, unknown>([['idx', input.status.idx], ['uri', input.status.uri]])]])] as [string, unknown]] : []),
  ]);
  const x5chain = input.signer.x5chain.length === 1 ? Buffer.from(input.signer.x5chain[0]!) : input.signer.x5chain.map((c) => Buffer.from(c));
  const issuerAuth = signCoseSign1({
    alg: 'ES256', key: input.signer.key, payload: cborEncode(new Tag(cborEncode(mso), ENCODED_CBOR)), unprotectedHeader: new Map([[HEADER.x5chain, x5chain]]), tagged: false,
  });
  return cborEncode(new Map<string, unknown>([['nameSpaces', nameSpaces], ['issuerAuth', cborDecode(issuerAuth)]]));
}

function shuffledIds(n: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

/** An EC2 P-256 COSE_Key (RFC 9053 §7.1). */
export function coseKeyOf(jwk: JWK): Map<number, unknown> {
  return new Map<number, unknown>([[1, 2], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]);
}
