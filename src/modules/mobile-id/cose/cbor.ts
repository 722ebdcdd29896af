import { Decoder, Encoder, Tag } from 'cbor-x';
import { refuse, type RefusalCode } from '../refusal.ts';

// Maps stay Maps (COSE and mdoc use integer keys); byte strings are plain bstr, never typed-array tags.
const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: false });

export const cborEncode = (value: unknown): Buffer => encoder.encode(value);
export const cborDecode = (bytes: Uint8Array): unknown => decoder.decode(bytes);

/** What a presented credential's bytes decode to, or its refusal with `code` when they are not CBOR. */
export function cborDecodeOrRefuse(bytes: Uint8Array, code: RefusalCode): unknown {
  try {
    return cborDecode(bytes);
  } catch {
    return refuse(code, 'not CBOR');
  }
}

export { Tag };

/** #6.24(bstr .cbor x): embedded CBOR, hashed and signed as the exact bytes that were sent. */
export const ENCODED_CBOR = 24;

export function isTag(value: unknown, tag: number): value is Tag {
  return value instanceof Tag && value.tag === tag;
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
