import { createHash, createHmac, diffieHellman, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { cborEncode, ENCODED_CBOR, Tag } from '../cose/cbor.ts';
import { decodeCoseSign1, verifyCoseSign1, HEADER } from '../cose/cose-sign1.ts';
import { refuse, VerificationRefused } from '../refusal.ts';
import type { SessionTranscript } from './session-transcript.ts';

const HMAC_256_256 = 5;

/**
 * DeviceAuthenticationBytes (ISO 18013-5 §9.1.3.4): #6.24(bstr .cbor ["DeviceAuthentication",
 * SessionTranscript, DocType, DeviceNameSpacesBytes]). The transcript goes in as the reader's own
 * bytes, spliced rather than re-encoded.
 */
export function deviceAuthenticationBytes(transcript: SessionTranscript, docType: string, deviceNameSpacesBytes: Uint8Array): Buffer {
  const structure = Buffer.concat([
    Buffer.from([0x84]),
    cborEncode('DeviceAuthentication'),
    transcript.bytes,
    cborEncode(docType),
    cborEncode(new Tag(Buffer.from(deviceNameSpacesBytes), ENCODED_CBOR)),
  ]);
  return cborEncode(new Tag(structure, ENCODED_CBOR));
}

export function verifyDeviceSignature(coseSign1: unknown, deviceKey: KeyObject, payload: Buffer): void {
  try {
    verifyCoseSign1(decodeCoseSign1(coseSign1), deviceKey, { detachedPayload: payload });
  } catch (error) {
    if (error instanceof VerificationRefused) refuse('device_signature_invalid', error.detail);
    throw error;
  }
}

/**
 * deviceMac (§9.1.3.5): COSE_Mac0 with HMAC-SHA-256 under EMacKey = HKDF-SHA-256(ECDH(reader
 * ephemeral private key, device key), salt SHA-256(SessionTranscriptBytes), info "EMacKey").
 */
export function verifyDeviceMac(coseMac0: unknown, deviceKey: KeyObject, readerKey: KeyObject, transcript: SessionTranscript, payload: Buffer): void {
  const mac0 = (coseMac0 instanceof Tag ? coseMac0.value : coseMac0) as unknown[];
  if (!Array.isArray(mac0) || mac0.length !== 4 || !(mac0[0] instanceof Uint8Array) || !(mac0[3] instanceof Uint8Array)) {
    return refuse('device_mac_invalid', 'deviceMac is not a COSE_Mac0');
  }
  const [protectedBytes, , , tag] = mac0 as [Uint8Array, unknown, unknown, Uint8Array];
  const protectedHeader = protectedBytes.length ? (decodeCoseSign1([protectedBytes, new Map(), null, Buffer.alloc(0)]).protectedHeader) : new Map();
  if (protectedHeader.get(HEADER.alg) !== HMAC_256_256) return refuse('device_mac_invalid', `MAC alg ${String(protectedHeader.get(HEADER.alg))}`);
  const sharedSecret = diffieHellman({ privateKey: readerKey, publicKey: deviceKey });
  const salt = createHash('sha256').update(transcript.taggedBytes).digest();
  const eMacKey = Buffer.from(hkdfSync('sha256', sharedSecret, salt, 'EMacKey', 32));
  const macStructure = cborEncode(['MAC0', Buffer.from(protectedBytes), Buffer.alloc(0), payload]);
  const expected = createHmac('sha256', eMacKey).update(macStructure).digest();
  if (tag.length !== expected.length || !timingSafeEqual(Buffer.from(tag), expected)) refuse('device_mac_invalid', 'deviceMac does not match');
}
