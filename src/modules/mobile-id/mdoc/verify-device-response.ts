import { hash as digest, timingSafeEqual, type KeyObject } from 'node:crypto';
import { cborDecodeOrRefuse, cborEncode, ENCODED_CBOR, isBytes, isTag, Tag } from '../cose/cbor.ts';
import { publicKeyFromCoseKey } from '../cose/cose-key.ts';
import { decodeCoseSign1, HEADER, headerValue, verifyCoseSign1, type CoseSign1 } from '../cose/cose-sign1.ts';
import { refuse, VerificationRefused } from '../refusal.ts';
import { verifyCertificateChain, type TrustAnchor } from '../trust/certificate-chain.ts';
import { deviceAuthenticationBytes, verifyDeviceMac, verifyDeviceSignature } from './device-authentication.ts';
import type { SessionTranscript } from './session-transcript.ts';

const DIGEST_ALGORITHMS: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export interface VerifyDeviceResponseOptions {
  /** IACA roots (or pinned document-signer certificates) the verifier trusts. */
  trustAnchors: TrustAnchor[];
  sessionTranscript: SessionTranscript;
  /** The reader's ephemeral private key: needed only when the mdoc authenticates with deviceMac. */
  readerEphemeralKey?: KeyObject;
  now?: Date;
}

export interface VerifiedDocument {
  docType: string;
  issuer: string;
  /** Element values by namespace and element identifier. */
  claims: Record<string, Record<string, unknown>>;
  validity: { signed: Date; validFrom: Date; validUntil: Date };
  deviceAuthentication: 'signature' | 'mac';
  /**
   * The MSO's `status` (Token Status List: `{ status_list: { idx, uri } }`), as plain objects, for
   * the caller to check against the CWT list; absent when the issuer gave the document none.
   */
  status?: Record<string, unknown>;
}

/** ISO/IEC 18013-5 §9.3.1: issuer data authentication and mdoc authentication of every document. */
export function verifyDeviceResponse(bytes: Uint8Array, options: VerifyDeviceResponseOptions): VerifiedDocument[] {
  const response = asMap(decodeOrRefuse(bytes), 'DeviceResponse');
  const status = response.get('status');
  if (status !== 0) refuse('malformed', `DeviceResponse status ${String(status)}`);
  const documents = response.get('documents');
  if (!Array.isArray(documents) || documents.length === 0) return refuse('malformed', 'DeviceResponse has no documents');
  return documents.map((document) => verifyDocument(asMap(document, 'Document'), options));
}

function verifyDocument(document: Map<unknown, unknown>, options: VerifyDeviceResponseOptions): VerifiedDocument {
  const now = options.now ?? new Date();
  const docType = document.get('docType');
  if (typeof docType !== 'string') return refuse('malformed', 'Document has no docType');
  const issuerSigned = asMap(document.get('issuerSigned'), 'IssuerSigned');
  const { issuer, mso, validity } = verifyIssuerAuth(issuerSigned.get('issuerAuth'), docType, options.trustAnchors, now);
  const claims = checkValueDigests(mso, asMap(issuerSigned.get('nameSpaces') ?? new Map(), 'IssuerNameSpaces'));
  const deviceKey = publicKeyFromCoseKey(asMap(mso.get('deviceKeyInfo'), 'DeviceKeyInfo').get('deviceKey'));
  const deviceAuthentication = checkDeviceAuthentication(document, docType, deviceKey, options);
  const status = mso.get('status');
  return { docType, issuer, claims, validity, deviceAuthentication, ...(status === undefined ? {} : { status: statusOf(status) }) };
}

/**
 * Issuer data authentication (§9.3.1) of an IssuerAuth on its own, as CBOR bytes or decoded: the
 * document signer's x5chain up to a trust anchor at `now`, its signature over the MSO, and the
 * MSO's docType and validity. The verifier runs it on each document; the web wallet on each mdoc it
 * receives, with only the IssuerAuth sent (the elements stay on the phone).
 */
export function verifyIssuerAuth(value: unknown, docType: string, trustAnchors: TrustAnchor[], now: Date): { issuer: string; mso: Map<unknown, unknown>; validity: VerifiedDocument['validity'] } {
  const issuerAuth = decodeCoseSign1(value);
  const { leaf, publicKey } = verifyCertificateChain(x5chain(issuerAuth), trustAnchors, now);
  try {
    verifyCoseSign1(issuerAuth, publicKey);
  } catch (error) {
    if (error instanceof VerificationRefused && error.code === 'cose_signature_invalid') refuse('credential_signature_invalid', 'issuerAuth does not verify');
    throw error;
  }
  const mso = mobileSecurityObject(issuerAuth);
  if (mso.get('docType') !== docType) refuse('doc_type_mismatch', `MSO is for ${String(mso.get('docType'))}`);
  const validity = checkValidityInfo(asMap(mso.get('validityInfo'), 'ValidityInfo'), now);
  return { issuer: leaf.subject.replaceAll('\n', ', '), mso, validity };
}

function statusOf(status: unknown): Record<string, unknown> {
  const plain = (value: unknown): unknown => (value instanceof Map ? Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)])) : value);
  const object = plain(status);
  return object !== null && typeof object === 'object' && !Array.isArray(object) ? object as Record<string, unknown> : refuse('malformed', 'the MSO status is not a map');
}

function x5chain(message: CoseSign1): Uint8Array[] {
  const chain = headerValue(message, HEADER.x5chain);
  if (isBytes(chain)) return [chain];
  if (Array.isArray(chain) && chain.every(isBytes)) return chain;
  return refuse('certificate_chain_invalid', 'issuerAuth has no x5chain');
}

function mobileSecurityObject(issuerAuth: CoseSign1): Map<unknown, unknown> {
  const payload = issuerAuth.payload && decodeOrRefuse(issuerAuth.payload);
  if (!isTag(payload, ENCODED_CBOR) || !isBytes(payload.value)) return refuse('malformed', 'the MSO is not MobileSecurityObjectBytes');
  return asMap(decodeOrRefuse(payload.value), 'MobileSecurityObject');
}

function checkValueDigests(mso: Map<unknown, unknown>, nameSpaces: Map<unknown, unknown>): Record<string, Record<string, unknown>> {
  const hash = DIGEST_ALGORITHMS[String(mso.get('digestAlgorithm'))];
  if (!hash) return refuse('malformed', `digestAlgorithm ${String(mso.get('digestAlgorithm'))}`);
  const valueDigests = asMap(mso.get('valueDigests'), 'ValueDigests');
  const claims: Record<string, Record<string, unknown>> = {};
  for (const [nameSpace, items] of nameSpaces) {
    const digests = valueDigests.get(nameSpace);
    if (!(digests instanceof Map) || !Array.isArray(items)) return refuse('value_digest_missing', `no digests for ${String(nameSpace)}`);
    const values: Record<string, unknown> = {};
    for (const itemBytes of items) {
      if (!isTag(itemBytes, ENCODED_CBOR) || !isBytes(itemBytes.value)) return refuse('malformed', 'IssuerSignedItemBytes is not tag 24');
      const item = asMap(decodeOrRefuse(itemBytes.value), 'IssuerSignedItem');
      const expected = digests.get(item.get('digestID'));
      if (!isBytes(expected)) return refuse('value_digest_missing', `no digest ${String(item.get('digestID'))} in ${String(nameSpace)}`);
      const actual = digest(hash, cborEncode(new Tag(itemBytes.value, ENCODED_CBOR)), 'buffer');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        refuse('value_digest_mismatch', `${String(nameSpace)}/${String(item.get('elementIdentifier'))} does not match its digest`);
      }
      values[String(item.get('elementIdentifier'))] = item.get('elementValue');
    }
    claims[String(nameSpace)] = values;
  }
  return claims;
}

function checkValidityInfo(info: Map<unknown, unknown>, now: Date): VerifiedDocument['validity'] {
  const [signed, validFrom, validUntil] = ['signed', 'validFrom', 'validUntil'].map((k) => info.get(k));
  if (!(signed instanceof Date) || !(validFrom instanceof Date) || !(validUntil instanceof Date)) return refuse('malformed', 'validityInfo dates are missing');
  if (now < validFrom) refuse('credential_not_yet_valid', `valid from ${validFrom.toISOString()}`);
  if (now > validUntil) refuse('credential_expired', `valid until ${validUntil.toISOString()}`);
  return { signed, validFrom, validUntil };
}

function checkDeviceAuthentication(document: Map<unknown, unknown>, docType: string, deviceKey: KeyObject, options: VerifyDeviceResponseOptions): 'signature' | 'mac' {
  const deviceSigned = asMap(document.get('deviceSigned'), 'DeviceSigned');
  const nameSpacesBytes = deviceSigned.get('nameSpaces');
  if (!isTag(nameSpacesBytes, ENCODED_CBOR) || !isBytes(nameSpacesBytes.value)) return refuse('malformed', 'DeviceNameSpacesBytes is not tag 24');
  const payload = deviceAuthenticationBytes(options.sessionTranscript, docType, nameSpacesBytes.value);
  const deviceAuth = asMap(deviceSigned.get('deviceAuth'), 'DeviceAuth');
  if (deviceAuth.has('deviceSignature')) {
    verifyDeviceSignature(deviceAuth.get('deviceSignature'), deviceKey, payload);
    return 'signature';
  }
  if (deviceAuth.has('deviceMac')) {
    if (!options.readerEphemeralKey) return refuse('device_mac_invalid', 'deviceMac needs the reader ephemeral key');
    verifyDeviceMac(deviceAuth.get('deviceMac'), deviceKey, options.readerEphemeralKey, options.sessionTranscript, payload);
    return 'mac';
  }
  return refuse('device_authentication_missing', 'neither deviceSignature nor deviceMac');
}

function asMap(value: unknown, what: string): Map<unknown, unknown> {
  return value instanceof Map ? value : refuse('malformed', `${what} is not a map`);
}

const decodeOrRefuse = (bytes: Uint8Array): unknown => cborDecodeOrRefuse(bytes, 'malformed');
