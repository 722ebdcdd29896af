// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { hash as digest, X509Certificate, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { refuse } from '../refusal.ts';

export type TrustAnchor = X509Certificate | string | Uint8Array;

/** A certificate as parsed once, with its public key as one KeyObject (so jose converts it to a CryptoKey once too). */
interface Parsed { certificate: X509Certificate; publicKey: KeyObject }

/**
 * What an issuer's every presentation would otherwise redo: parsing its certificates and checking
 * each one's signature under its issuer. Both depend on the certificates' bytes alone, so they are
 * kept by SHA-256 of those bytes; validity times and the choice of anchor are checked on every call.
 */
const CACHE_SIZE = 256;
const parsedByHash = new Map<string, Parsed>();
/** `${child sha-256}>${issuer sha-256}` for each certificate seen to be issued and signed by the other. */
const signedBy = new Map<string, true>();

export const toCertificate = (anchor: TrustAnchor): X509Certificate => (anchor instanceof X509Certificate ? anchor : parse(typeof anchor === 'string' ? Buffer.from(anchor) : anchor).certificate);

/**
 * Checks an x5chain (leaf first) up to one of the caller's trust anchors (an IACA root, or a pinned
 * certificate) at the given time, and answers the leaf's public key.
 */
export function verifyCertificateChain(chain: Uint8Array[], anchors: TrustAnchor[], now: Date): { leaf: X509Certificate; publicKey: KeyObject; certificates: X509Certificate[] } {
  if (chain.length === 0) return refuse('certificate_chain_invalid', 'no certificate in x5chain');
  let parsed: Parsed[];
  try {
    parsed = chain.map(parse);
  } catch {
    return refuse('certificate_chain_invalid', 'x5chain holds something that is not a certificate');
  }
  const certificates = parsed.map((p) => p.certificate);
  const trusted = anchors.map(toCertificate);
  for (const certificate of certificates) checkValidity(certificate, now);
  for (let i = 0; i + 1 < certificates.length; i++) {
    if (!issuedBy(certificates[i]!, certificates[i + 1]!)) refuse('certificate_chain_invalid', `certificate ${i} is not signed by certificate ${i + 1}`);
  }
  const top = certificates.at(-1)!;
  const anchor = trusted.find((root) => root.fingerprint256 === top.fingerprint256 || issuedBy(top, root));
  if (!anchor) return refuse('issuer_untrusted', `${top.issuer.replaceAll('\n', ', ')} is not a trusted root`);
  checkValidity(anchor, now);
  return { leaf: certificates[0]!, publicKey: parsed[0]!.publicKey, certificates };
}

/** What an end-entity certificate says of its use and names (node:crypto reads neither key usage nor SAN types). */
export interface LeafProfile {
  ca: boolean;
  selfSigned: boolean;
  digitalSignature: boolean;
  uris: string[];
  dnsNames: string[];
}
const profiles = new Map<string, LeafProfile>();

/** The leaf's profile, read once per certificate. */
export function leafProfile(certificate: X509Certificate): LeafProfile {
  const known = profiles.get(certificate.fingerprint256);
  if (known) return touch(profiles, certificate.fingerprint256, known);
  const parsed = new x509.X509Certificate(certificate.raw);
  const names = parsed.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  const usage = parsed.getExtension(x509.KeyUsagesExtension);
  return remember(profiles, certificate.fingerprint256, {
    // The basic constraints' cA flag itself: node's `ca` also asks for keyCertSign.
    ca: parsed.getExtension(x509.BasicConstraintsExtension)?.ca === true,
    selfSigned: issuedBy(certificate, certificate),
    digitalSignature: usage !== null && (usage.usages & x509.KeyUsageFlags.digitalSignature) !== 0,
    uris: names.filter((n) => n.type === 'url').map((n) => n.value),
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
  });
}

/** Throws when the bytes (DER, or PEM text) are not a certificate; nothing is kept for those. */
function parse(bytes: Uint8Array): Parsed {
  const hash = digest('sha256', bytes, 'base64url');
  const known = parsedByHash.get(hash);
  if (known) return touch(parsedByHash, hash, known);
  const certificate = new X509Certificate(Buffer.from(bytes));
  return remember(parsedByHash, hash, { certificate, publicKey: certificate.publicKey });
}

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  const pair = `${certificate.fingerprint256}>${issuer.fingerprint256}`;
  if (signedBy.has(pair)) return touch(signedBy, pair, true);
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey) && remember(signedBy, pair, true);
  } catch {
    return false;
  }
}

function checkValidity(certificate: X509Certificate, now: Date): void {
  if (now < certificate.validFromDate || now > certificate.validToDate) {
    refuse('certificate_expired', `${certificate.subject.replaceAll('\n', ', ')} is valid ${certificate.validFrom} – ${certificate.validTo}`);
  }
}

/** A Map in insertion order is a least-recently-used list: a hit moves to the end, the oldest goes first. */
function touch<V>(cache: Map<string, V>, key: string, value: V): V {
  cache.delete(key);
  cache.set(key, value);
  return value;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  touch(cache, key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return value;
}
