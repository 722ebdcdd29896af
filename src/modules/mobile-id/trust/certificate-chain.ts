import { X509Certificate, type KeyObject } from 'node:crypto';
import { refuse } from '../refusal.ts';

export type TrustAnchor = X509Certificate | string | Uint8Array;

export const toCertificate = (anchor: TrustAnchor): X509Certificate => (anchor instanceof X509Certificate ? anchor : new X509Certificate(typeof anchor === 'string' ? anchor : Buffer.from(anchor)));

/**
 * Checks an x5chain (leaf first) up to one of the caller's trust anchors (an IACA root, or a pinned
 * certificate) at the given time, and answers the leaf's public key.
 */
export function verifyCertificateChain(chain: Uint8Array[], anchors: TrustAnchor[], now: Date): { leaf: X509Certificate; publicKey: KeyObject } {
  if (chain.length === 0) return refuse('certificate_chain_invalid', 'no certificate in x5chain');
  let certificates: X509Certificate[];
  try {
    certificates = chain.map((der) => new X509Certificate(Buffer.from(der)));
  } catch {
    return refuse('certificate_chain_invalid', 'x5chain holds something that is not a certificate');
  }
  const trusted = anchors.map(toCertificate);
  for (const certificate of certificates) checkValidity(certificate, now);
  for (let i = 0; i + 1 < certificates.length; i++) {
    if (!issuedBy(certificates[i]!, certificates[i + 1]!)) refuse('certificate_chain_invalid', `certificate ${i} is not signed by certificate ${i + 1}`);
  }
  const top = certificates.at(-1)!;
  const anchor = trusted.find((root) => root.fingerprint256 === top.fingerprint256 || issuedBy(top, root));
  if (!anchor) return refuse('issuer_untrusted', `${top.issuer.replaceAll('\n', ', ')} is not a trusted root`);
  checkValidity(anchor, now);
  return { leaf: certificates[0]!, publicKey: certificates[0]!.publicKey };
}

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function checkValidity(certificate: X509Certificate, now: Date): void {
  if (now < certificate.validFromDate || now > certificate.validToDate) {
    refuse('certificate_expired', `${certificate.subject.replaceAll('\n', ', ')} is valid ${certificate.validFrom} – ${certificate.validTo}`);
  }
}
