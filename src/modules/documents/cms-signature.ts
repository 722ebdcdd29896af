import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { X509Certificate } from '@peculiar/x509';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));

const OID = {
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signedData: '1.2.840.113549.1.7.2',
} as const;

const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

/**
 * A detached CMS SignedData over `content`, CAdES baseline style (content type, message digest,
 * ESS signing-certificate-v2; signing time lives in the PDF signature dictionary), carrying the chain.
 */
export async function signDetached(content: Uint8Array, signer: { privateKey: CryptoKey; certificate: X509Certificate; root: X509Certificate }): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const root = pkijs.Certificate.fromBER(signer.root.rawData);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: [
        attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
        attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: sha256(content) })),
        attribute(OID.signingCertificateV2, essSigningCertificateV2(signer.certificate.rawData)),
      ] }),
    })],
    certificates: [cert, root],
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, hash algorithm SHA-256 (the default, so omitted). */
function essSigningCertificateV2(certificateDer: ArrayBuffer): asn1js.Sequence {
  const certHash = new asn1js.OctetString({ valueHex: sha256(new Uint8Array(certificateDer)) });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certHash] })] })] });
}

export type CmsCheck =
  | { kind: 'unreadable' }
  | { kind: 'foreign' }
  | { kind: 'invalid' }
  | { kind: 'valid' };

/**
 * Checks a detached CMS signature over `content`: the signer's certificate must be issued by
 * `root` (our platform root), then the message digest and the signature must hold.
 */
export async function checkDetached(cmsDer: Uint8Array, content: Uint8Array, root: X509Certificate | null): Promise<CmsCheck> {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cmsDer).buffer);
    if (info.contentType !== OID.signedData) return { kind: 'unreadable' };
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    return { kind: 'unreadable' };
  }
  const signerCert = signerCertificate(signedData);
  if (!root || !signerCert || !(await issuedBy(signerCert, root))) return { kind: 'foreign' };
  const data = new Uint8Array(content).buffer;
  try {
    const result = await signedData.verify({ signer: 0, data, extendedMode: true, checkChain: false });
    return result.signatureVerified ? { kind: 'valid' } : { kind: 'invalid' };
  } catch {
    return { kind: 'invalid' };
  }
}

function signerCertificate(signedData: pkijs.SignedData): pkijs.Certificate | undefined {
  const sid = signedData.signerInfos[0]?.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  return signedData.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate
    && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
}

async function issuedBy(cert: pkijs.Certificate, root: X509Certificate): Promise<boolean> {
  try {
    const issuer = pkijs.Certificate.fromBER(root.rawData);
    return cert.issuer.isEqual(issuer.subject) && await cert.verify(issuer);
  } catch {
    return false;
  }
}

function sha256(data: Uint8Array): ArrayBuffer {
  const d = createHash('sha256').update(data).digest();
  return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
}
