import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { refuse } from '../refusal.ts';
import { verifySignature } from '../signature/verify-signature.ts';
import { cborDecodeOrRefuse, cborEncode, isBytes, isTag, Tag } from './cbor.ts';

export const COSE_SIGN1_TAG = 18;
export const HEADER = { alg: 1, crit: 2, contentType: 3, kid: 4, x5chain: 33 } as const;

/** COSE algorithm identifiers (RFC 9053) we verify, by their JOSE names, and the hash node:crypto signs with. */
const ALGORITHMS = new Map<number, { name: string; hash: string | null }>([
  [-7, { name: 'ES256', hash: 'sha256' }],
  [-35, { name: 'ES384', hash: 'sha384' }],
  [-36, { name: 'ES512', hash: 'sha512' }],
  [-8, { name: 'EdDSA', hash: null }],
]);

export interface CoseSign1 {
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  payload: Uint8Array | null;
  signature: Uint8Array;
}

/** Reads a COSE_Sign1 from bytes or from an already decoded CBOR item; tag 18 is optional, any other tag is refused. */
export function decodeCoseSign1(input: Uint8Array | unknown): CoseSign1 {
  let item = input instanceof Uint8Array ? safeDecode(input) : input;
  if (item instanceof Tag) {
    if (item.tag !== COSE_SIGN1_TAG) return refuse('cose_malformed', `tag ${item.tag} is not COSE_Sign1`);
    item = item.value;
  }
  if (!Array.isArray(item) || item.length !== 4) return refuse('cose_malformed', 'COSE_Sign1 is not an array of 4');
  const [protectedBytes, unprotectedHeader, payload, signature] = item as unknown[];
  if (!isBytes(protectedBytes) || !(unprotectedHeader instanceof Map) || !(payload === null || isBytes(payload)) || !isBytes(signature)) {
    return refuse('cose_malformed', 'COSE_Sign1 members have the wrong types');
  }
  const protectedHeader = protectedBytes.length === 0 ? new Map() : safeDecode(protectedBytes);
  if (!(protectedHeader instanceof Map)) return refuse('cose_malformed', 'the protected header is not a map');
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature };
}

export function headerValue(message: CoseSign1, label: number): unknown {
  return message.protectedHeader.has(label) ? message.protectedHeader.get(label) : message.unprotectedHeader.get(label);
}

export interface VerifyCoseOptions {
  externalAad?: Uint8Array;
  /** The payload, when the message carries it detached (payload nil). */
  detachedPayload?: Uint8Array;
}

/** RFC 9052 §4.4: the signature covers Sig_structure ["Signature1", protected, external_aad, payload]. */
export function verifyCoseSign1(message: CoseSign1, key: KeyObject, options: VerifyCoseOptions = {}): void {
  const alg = ALGORITHMS.get(headerValue(message, HEADER.alg) as number);
  if (!alg) return refuse('cose_algorithm_unsupported', `alg ${String(headerValue(message, HEADER.alg))}`);
  if (message.protectedHeader.has(HEADER.crit)) return refuse('cose_malformed', 'critical headers are not supported');
  const payload = message.payload ?? options.detachedPayload;
  if (!payload) return refuse('cose_malformed', 'the payload is detached and was not given');
  const toBeSigned = sigStructure(message.protectedBytes, payload, options.externalAad);
  if (!verifySignature(alg.name, key, toBeSigned, message.signature)) refuse('cose_signature_invalid', `${alg.name} signature does not verify`);
}

const EMPTY = new Uint8Array(0);

function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array, externalAad?: Uint8Array): Buffer {
  // An empty protected map travels as h'' (RFC 9052 §3); a sender that wrote h'a0' signed h''.
  const protectedForSig = protectedBytes.length === 1 && protectedBytes[0] === 0xa0 ? EMPTY : protectedBytes;
  return cborEncode(['Signature1', protectedForSig, externalAad ?? EMPTY, payload]);
}

export interface SignCoseInput {
  alg: 'ES256' | 'ES384' | 'ES512' | 'EdDSA';
  key: KeyObject | string;
  payload: Uint8Array;
  protectedHeader?: Map<number, unknown>;
  unprotectedHeader?: Map<number, unknown>;
  externalAad?: Uint8Array;
  tagged?: boolean;
}

export function signCoseSign1(input: SignCoseInput): Buffer {
  const [id, alg] = [...ALGORITHMS].find(([, a]) => a.name === input.alg)!;
  const protectedBytes = cborEncode(new Map<number, unknown>([[HEADER.alg, id], ...(input.protectedHeader ?? [])]));
  const key = typeof input.key === 'string' ? createPrivateKey(input.key) : input.key;
  const toBeSigned = sigStructure(protectedBytes, input.payload, input.externalAad);
  const signature = nodeSign(alg.hash, toBeSigned, alg.hash ? { key, dsaEncoding: 'ieee-p1363' } : key);
  const message = [protectedBytes, input.unprotectedHeader ?? new Map(), Buffer.from(input.payload), signature];
  return cborEncode(input.tagged === false ? message : new Tag(message, COSE_SIGN1_TAG));
}

const safeDecode = (bytes: Uint8Array): unknown => cborDecodeOrRefuse(bytes, 'cose_malformed');

export { isTag };
