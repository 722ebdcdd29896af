// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createHash, createPrivateKey, hkdfSync, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { AnyDb } from '../../platform/db/database.ts';
import { findAccessCa, insertAccessCa } from './store.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Private keys rest sealed (PKCS#8, AES-256-CBC) under a passphrase derived from the platform secret. */
const passphrase = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'hanaro', 'verifier-access-key/v1', 32)).toString('base64');

async function seal(key: CryptoKey, secret: string): Promise<Uint8Array> {
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return new Uint8Array(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: passphrase(secret) }));
}

export function openSealedKey(sealed: Uint8Array, secret: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(sealed), format: 'der', type: 'pkcs8', passphrase: passphrase(secret) });
}

async function accessCa(trx: AnyDb, country: string, secret: string): Promise<{ certificate: x509.X509Certificate; key: CryptoKey }> {
  let row = await findAccessCa(trx);
  if (!row) {
    const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
    const now = new Date();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: [{ O: [country] }, { CN: [`${country} Verifier Access CA`] }],
      notBefore: now, notAfter: new Date(now.getTime() + 20 * YEAR_MS), signingAlgorithm: SIGNING, keys,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
    });
    row = await insertAccessCa(trx, { certificate: new Uint8Array(certificate.rawData), encrypted_private_key: await seal(keys.privateKey, secret) });
  }
  const pkcs8 = openSealedKey(row.encrypted_private_key, secret).export({ format: 'der', type: 'pkcs8' });
  return { certificate: new x509.X509Certificate(Buffer.from(row.certificate)), key: await crypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['sign']) };
}

export interface AccessCertificate { certificate: Uint8Array; sealedKey: Uint8Array; clientId: string }

/**
 * A relying party's request-signing key and its access certificate under the verifier access CA.
 * The client id is `x509_hash:` + SHA-256 of the certificate (OpenID4VP 1.0 §5.9.3, the prefix HAIP 1.0 asks for).
 */
export async function issueAccessCertificate(trx: AnyDb, party: { legalName: string; country: string }, secret: string): Promise<AccessCertificate> {
  const ca = await accessCa(trx, party.country, secret);
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.create({
    subject: [{ O: [party.legalName] }, { CN: [party.legalName] }],
    issuer: ca.certificate.subject,
    notBefore: now, notAfter: new Date(now.getTime() + 3 * YEAR_MS), signingAlgorithm: SIGNING, publicKey: keys.publicKey, signingKey: ca.key,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey)],
  });
  const der = new Uint8Array(certificate.rawData);
  return { certificate: der, sealedKey: await seal(keys.privateKey, secret), clientId: clientIdOf(der) };
}

export const clientIdOf = (certificateDer: Uint8Array) => `x509_hash:${createHash('sha256').update(certificateDer).digest('base64url')}`;

/** The access CA certificate (DER): what a wallet's trust list holds for Hanaro-registered verifiers. */
export async function accessCaCertificate(conn: AnyDb): Promise<Uint8Array | null> {
  return (await findAccessCa(conn))?.certificate ?? null;
}
