import type { PDFDocument } from 'pdf-lib';
import * as asn1js from 'asn1js';
import { SignPdf } from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { signDetached } from './cms-signature.ts';
import type { SigningIdentity } from './signing-keys.ts';

class AgencySigner extends Signer {
  constructor(private readonly identity: SigningIdentity) { super(); }
  override async sign(signedContent: Buffer): Promise<Buffer> {
    return signDetached(signedContent, this.identity);
  }
}

/** Adds a PAdES-style signature field (ByteRange + detached CMS) and signs the whole file. */
export async function signPdf(pdfDoc: PDFDocument, identity: SigningIdentity, info: { name: string; reason: string; location: string; contact: string; at: Date }): Promise<Buffer> {
  pdflibAddPlaceholder({
    pdfDoc, reason: info.reason, contactInfo: info.contact, name: info.name, location: info.location,
    signingTime: info.at, subFilter: SUBFILTER_ETSI_CADES_DETACHED, signatureLength: 8192, appName: 'Hanaro',
  });
  const unsigned = Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
  return new SignPdf().sign(unsigned, new AgencySigner(identity));
}

export interface EmbeddedSignature {
  /** The bytes the signature covers: everything but the /Contents hex string. */
  signedContent: Uint8Array;
  cms: Uint8Array;
  /** False when bytes were appended after the signed range (an incremental update). */
  coversWholeFile: boolean;
}

/** The last signature in a PDF, read from its ByteRange; null when there is none or it does not parse. */
export function readPdfSignature(pdf: Uint8Array): EmbeddedSignature | null {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = bytes.lastIndexOf('/ByteRange');
  if (at < 0) return null;
  const match = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(bytes.subarray(at, at + 120).toString('latin1'));
  if (!match) return null;
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d > bytes.length || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return null;
  const hex = bytes.subarray(b + 1, c - 1).toString('latin1');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) return null;
  const cms = derPrefix(Buffer.from(hex, 'hex'));
  if (!cms) return null;
  return {
    signedContent: Buffer.concat([bytes.subarray(a, b), bytes.subarray(c, c + d)]),
    cms,
    coversWholeFile: c + d === bytes.length,
  };
}

/** The /Contents string is zero-padded: keep exactly the one DER object at its start. */
function derPrefix(padded: Buffer): Uint8Array | null {
  const parsed = asn1js.fromBER(new Uint8Array(padded));
  if (parsed.offset === -1 || parsed.offset <= 0) return null;
  return new Uint8Array(padded.subarray(0, parsed.offset));
}
