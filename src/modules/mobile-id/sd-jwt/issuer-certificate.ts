import type { KeyObject } from 'node:crypto';
import { refuse } from '../refusal.ts';
import { leafProfile, toCertificate, verifyCertificateChain, type LeafProfile, type TrustAnchor } from '../trust/certificate-chain.ts';

/**
 * The issuer key of an SD-JWT VC from its `x5c` header (base64 DER, leaf first), checked as
 * SD-JWT VC (draft 13 §3.5) and HAIP 1.0 (§6.1.1) ask: the chain validates at `now` up to one of
 * the trust anchors, which is not itself sent; the leaf is not a CA nor self-signed, may sign
 * (key usage digitalSignature), and names `iss` in a subject alternative name.
 */
export function sdJwtVcIssuerKey(x5c: unknown, iss: unknown, anchors: TrustAnchor[], now: Date): KeyObject {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) return refuse('issuer_untrusted', 'the issuer-signed JWT has no x5c');
  const chain = x5c.map((c: string) => Buffer.from(c, 'base64'));
  const { leaf, publicKey, certificates } = verifyCertificateChain(chain, anchors, now);
  const sent = new Set(certificates.map((c) => c.fingerprint256));
  if (anchors.some((a) => sent.has(toCertificate(a).fingerprint256))) refuse('certificate_profile_invalid', 'x5c carries the trust anchor');
  const profile = leafProfile(leaf);
  if (profile.ca || profile.selfSigned) refuse('certificate_profile_invalid', 'the x5c leaf is a CA or self-signed certificate');
  if (!profile.digitalSignature) refuse('certificate_profile_invalid', 'the x5c leaf has no key usage digitalSignature');
  if (typeof iss !== 'string' || !namesIssuer(profile, iss)) refuse('issuer_name_mismatch', `iss ${String(iss)} matches no subject alternative name of the x5c leaf`);
  return publicKey;
}

/**
 * `iss` equal to a URI SAN; a `dns:` URI's name, or an https URL's host (HAIP's reading), equal
 * to a dNSName SAN.
 */
function namesIssuer(profile: LeafProfile, iss: string): boolean {
  if (profile.uris.includes(iss)) return true;
  const host = iss.startsWith('dns:') ? iss.slice(4) : iss.startsWith('https://') ? hostOf(iss) : undefined;
  return host !== undefined && profile.dnsNames.includes(host.toLowerCase());
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
