import type { KeyObject } from 'node:crypto';
import { cborDecode, cborEncode, ENCODED_CBOR, isTag, Tag } from '../cose/cbor.ts';
import { signCoseSign1 } from '../cose/cose-sign1.ts';
import { deviceAuthenticationBytes } from './device-authentication.ts';
import type { SessionTranscript } from './session-transcript.ts';

export interface PresentMdocInput {
  docType: string;
  /** The element identifiers to disclose, by namespace; every other element stays behind. */
  elements: Record<string, string[]>;
  sessionTranscript: SessionTranscript;
  /** The holder's device private key (the MSO's deviceKey). */
  deviceKey: KeyObject;
}

/**
 * A holder's DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2) for one document: only the asked
 * elements, device-signed (ES256, detached COSE_Sign1) over DeviceAuthentication for this
 * session transcript. The wallet in the browser does the same with WebCrypto.
 */
export function presentMdoc(issuerSigned: Uint8Array, input: PresentMdocInput): Buffer {
  const held = cborDecode(issuerSigned) as Map<string, unknown>;
  const nameSpaces = new Map<string, Tag[]>();
  for (const [nameSpace, items] of held.get('nameSpaces') as Map<string, Tag[]>) {
    const wanted = new Set(input.elements[nameSpace] ?? []);
    const chosen = items.filter((item) => isTag(item, ENCODED_CBOR) && wanted.has((cborDecode(item.value as Uint8Array) as Map<string, unknown>).get('elementIdentifier') as string));
    if (chosen.length) nameSpaces.set(nameSpace, chosen);
  }
  const deviceNameSpaces = cborEncode(new Map());
  const signed = cborDecode(signCoseSign1({
    alg: 'ES256', key: input.deviceKey, payload: deviceAuthenticationBytes(input.sessionTranscript, input.docType, deviceNameSpaces), tagged: false,
  })) as unknown[];
  const deviceSignature = [signed[0], signed[1], null, signed[3]];
  const document = new Map<string, unknown>([
    ['docType', input.docType],
    ['issuerSigned', new Map<string, unknown>([['nameSpaces', nameSpaces], ['issuerAuth', held.get('issuerAuth')]])],
    ['deviceSigned', new Map<string, unknown>([['nameSpaces', new Tag(deviceNameSpaces, ENCODED_CBOR)], ['deviceAuth', new Map([['deviceSignature', deviceSignature]])]])],
  ]);
  return cborEncode(new Map<string, unknown>([['version', '1.0'], ['documents', [document]], ['status', 0]]));
}

/** An element value as JSON: full-dates (tag 1004) and tdates as their text, maps as objects, bytes as base64url. */
export function elementValueAsJson(value: unknown): unknown {
  if (value instanceof Tag) return elementValueAsJson(value.value);
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), elementValueAsJson(v)]));
  if (Array.isArray(value)) return value.map(elementValueAsJson);
  return value;
}
