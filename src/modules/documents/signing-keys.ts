// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { AnyDb, Tx } from '../../platform/db/database.ts';

import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { findSigningKey, insertSigningKey, listSigningKeys, lockSigningKey, retireSigningKey, type SigningKeyRow } from './store.ts';
import { openPrivateKey, sealPrivateKey } from './sealed-key.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export interface SigningIdentity {
  privateKey: CryptoKey;
  certificate: x509.X509Certificate;
  root: x509.X509Certificate;
}

interface Names { country: string; agency: string }

/** The platform root CA: every agency certificate chains to it, and verification trusts only it. */
export async function platformRoot(conn: AnyDb): Promise<x509.X509Certificate | null> {
  const row = await findSigningKey(conn, null);
  return row ? new x509.X509Certificate(row.certificate.slice()) : null;
}

/** The agency's signing key and certificate, created (with the root, on first need) inside `trx`. */
export async function agencySigningIdentity(trx: Tx, agencyId: string, names: Names, secret: string, who: Actor): Promise<SigningIdentity> {
  const root = await ensureRoot(trx, names.country, secret, who);
  await lockSigningKey(trx, agencyId);
  const row = (await findSigningKey(trx, agencyId)) ?? await createAgencyKey(trx, agencyId, names, root, secret, who);
  return { privateKey: await openPrivateKey(row.encrypted_private_key, secret), certificate: new x509.X509Certificate(row.certificate.slice()), root: root.certificate };
}

/** What the console shows of an agency's signing keys: the certificate, never the key. */
export interface SigningKeySummary { id: string; subject: string; serialNumber: string; notAfter: Date; createdAt: Date; retiredAt: Date | null }

export async function agencySigningKeys(conn: AnyDb, agencyId: string): Promise<SigningKeySummary[]> {
  return (await listSigningKeys(conn, agencyId)).map((row) => {
    const c = new x509.X509Certificate(row.certificate.slice());
    return { id: row.id, subject: c.subject, serialNumber: c.serialNumber, notAfter: c.notAfter, createdAt: row.created_at, retiredAt: row.retired_at ?? null };
  });
}

/**
 * A new signing key for the agency; the old one is retired, not deleted. Documents it signed keep
 * verifying: verification checks the chain to the platform root, which the rotation leaves alone.
 */
export async function rotateAgencySigningKey(trx: Tx, agencyId: string, names: Names, secret: string, who: Actor): Promise<SigningKeySummary> {
  const root = await ensureRoot(trx, names.country, secret, who);
  await lockSigningKey(trx, agencyId);
  const old = await findSigningKey(trx, agencyId);
  if (old) {
    await retireSigningKey(trx, old.id);
    await recordAudit(trx, who, { agencyId, action: 'document.signing_key.retired', target: `signing-key:${old.id}` });
  }
  const row = await createAgencyKey(trx, agencyId, names, root, secret, who, old ? `agency:${agencyId}:${Date.now().toString(36)}` : undefined);
  const c = new x509.X509Certificate(row.certificate.slice());
  return { id: row.id, subject: c.subject, serialNumber: c.serialNumber, notAfter: c.notAfter, createdAt: row.created_at, retiredAt: null };
}

async function ensureRoot(trx: Tx, country: string, secret: string, who: Actor): Promise<{ certificate: x509.X509Certificate; key: CryptoKey }> {
  await lockSigningKey(trx, 'platform-root');
  const row = (await findSigningKey(trx, null)) ?? await createRoot(trx, country, secret, who);
  return { certificate: new x509.X509Certificate(row.certificate.slice()), key: await openPrivateKey(row.encrypted_private_key, secret) };
}

async function createRoot(trx: Tx, country: string, secret: string, who: Actor): Promise<SigningKeyRow> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ O: [country] }, { CN: [`${country} Document Root CA`] }],
    notBefore: now, notAfter: new Date(now.getTime() + 25 * YEAR_MS), signingAlgorithm: SIGNING, keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return saveKey(trx, { id: 'platform-root', agency_id: null }, certificate, keys.privateKey, secret, who);
}

async function createAgencyKey(trx: Tx, agencyId: string, names: Names, root: { certificate: x509.X509Certificate; key: CryptoKey }, secret: string, who: Actor, id = `agency:${agencyId}`): Promise<SigningKeyRow> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.create({
    subject: [{ O: [names.country] }, { CN: [names.agency] }],
    issuer: root.certificate.subject,
    notBefore: now, notAfter: new Date(now.getTime() + 10 * YEAR_MS),
    signingAlgorithm: SIGNING, publicKey: keys.publicKey, signingKey: root.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root.certificate.publicKey),
    ],
  });
  return saveKey(trx, { id, agency_id: agencyId }, certificate, keys.privateKey, secret, who);
}

async function saveKey(trx: Tx, owner: { id: string; agency_id: string | null }, certificate: x509.X509Certificate, privateKey: CryptoKey, secret: string, who: Actor): Promise<SigningKeyRow> {
  const row = { ...owner, certificate: new Uint8Array(certificate.rawData), encrypted_private_key: await sealPrivateKey(privateKey, secret) };
  await insertSigningKey(trx, row);
  await recordAudit(trx, who, {
    agencyId: owner.agency_id, action: 'document.signing_key.created', target: `signing-key:${owner.id}`,
    details: { subject: certificate.subject, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter.toISOString() },
  });
  return { ...row, created_at: new Date() };
}
