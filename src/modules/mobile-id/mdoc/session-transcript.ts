import { hash } from 'node:crypto';
import { cborDecode, cborEncode, ENCODED_CBOR, isBytes, isTag, Tag } from '../cose/cbor.ts';
import { refuse } from '../refusal.ts';

/**
 * The SessionTranscript both sides computed (ISO 18013-5 §9.1.5.1), kept as the exact CBOR bytes
 * so that device authentication is checked over what the reader itself saw.
 */
export class SessionTranscript {
  private constructor(readonly bytes: Buffer) {}

  /** From the encoded SessionTranscript array. */
  static fromCbor(bytes: Uint8Array): SessionTranscript {
    return new SessionTranscript(Buffer.from(bytes));
  }

  /** From SessionTranscriptBytes, #6.24(bstr .cbor SessionTranscript). */
  static fromTaggedBytes(bytes: Uint8Array): SessionTranscript {
    const item = cborDecode(bytes);
    if (!isTag(item, ENCODED_CBOR) || !isBytes(item.value)) return refuse('malformed', 'SessionTranscriptBytes is not tag 24');
    return new SessionTranscript(Buffer.from(item.value));
  }

  /** OpenID4VP 1.0 Appendix B.2.6.1: [null, null, ["OpenID4VPHandover", sha-256(cbor([clientId, nonce, jwkThumbprint, responseUri]))]]. */
  static forOpenId4Vp(input: { clientId: string; nonce: string; jwkThumbprint: Uint8Array | null; responseUri: string }): SessionTranscript {
    const info = cborEncode([input.clientId, input.nonce, input.jwkThumbprint ? Buffer.from(input.jwkThumbprint) : null, input.responseUri]);
    return new SessionTranscript(cborEncode([null, null, ['OpenID4VPHandover', hash('sha256', info, 'buffer')]]));
  }

  get taggedBytes(): Buffer {
    return cborEncode(new Tag(this.bytes, ENCODED_CBOR));
  }
}
