// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createHash, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { openPrivateKeyObject, sealPrivateKey } from '../documents/index.ts';
import { findIssuerKey, insertIssuerKey, listIssuerRoots, lockIssuerKeys, type IssuerKeyRow } from './store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Trx = Transaction<any>;

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;
/** ISO/IEC 18013-5 Annex B: extended key usage of an mDL document signer. */
const MDL_DOCUMENT_SIGNER = '1.0.18013.5.1.2';

/** What signs an agency's credentials: the document signer's key, and its chain up to the agency's IACA root. */
export interface IssuerIdentity {
  signingKey: KeyObject;
  documentSigner: Uint8Array;
  iaca: Uint8Array;
}

export interface IssuerNames { countryCode: string; agency: string; publicUrl: string }

/** The agency's issuing identity, created (IACA root, then the document signer) on first need inside `trx`. */
export async function agencyIssuerIdentity(trx: Trx, agencyId: string, names: IssuerNames, secret: string, who: Actor): Promise<IssuerIdentity> {
  await lockIssuerKeys(trx, agencyId);
  const iaca = (await findIssuerKey(trx, agencyId, 'iaca')) ?? await createIaca(trx, agencyId, names, secret, who);
  const signer = (await findIssuerKey(trx, agencyId, 'document_signer')) ?? await createDocumentSigner(trx, agencyId, names, iaca, secret, who);
  return { signingKey: openPrivateKeyObject(signer.encrypted_private_key, secret), documentSigner: signer.certificate, iaca: iaca.certificate };
}

/** Every agency's published IACA root (what verifiers trust), created or not yet. */
export async function issuerRoots(conn: AnyDb): Promise<{ agencyId: string; certificate: Uint8Array }[]> {
  return (await listIssuerRoots(conn)).map((r) => ({ agencyId: r.agency_id, certificate: r.certificate }));
}

export function toPem(der: Uint8Array): string {
  return x509.PemConverter.encode(Buffer.from(der), 'CERTIFICATE');
}

async function createIaca(trx: Trx, agencyId: string, names: IssuerNames, secret: string, who: Actor): Promise<IssuerKeyRow> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: [{ C: [names.countryCode] }, { O: [names.agency] }, { CN: [`${names.agency} IACA`] }],
    notBefore: now, notAfter: new Date(now.getTime() + 3650 * DAY_MS), signingAlgorithm: SIGNING, keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.IssuerAlternativeNameExtension([{ type: 'url', value: names.publicUrl }]),
    ],
  });
  return save(trx, { agencyId, kind: 'iaca' }, certificate, keys.privateKey, secret, who);
}

async function createDocumentSigner(trx: Trx, agencyId: string, names: IssuerNames, iaca: IssuerKeyRow, secret: string, who: Actor): Promise<IssuerKeyRow> {
  const root = new x509.X509Certificate(Buffer.from(iaca.certificate));
  const rootKey = await crypto.subtle.importKey('pkcs8', openPrivateKeyObject(iaca.encrypted_private_key, secret).export({ format: 'der', type: 'pkcs8' }), EC, false, ['sign']);
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: [{ C: [names.countryCode] }, { O: [names.agency] }, { CN: [`${names.agency} Document Signer`] }],
    issuer: root.subject, notBefore: now, notAfter: new Date(now.getTime() + 1095 * DAY_MS),
    signingAlgorithm: SIGNING, publicKey: keys.publicKey, signingKey: rootKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([MDL_DOCUMENT_SIGNER], true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root.publicKey),
      new x509.IssuerAlternativeNameExtension([{ type: 'url', value: names.publicUrl }]),
    ],
  });
  return save(trx, { agencyId, kind: 'document_signer' }, certificate, keys.privateKey, secret, who);
}

/** A positive 16-byte serial number (RFC 5280 allows up to 20). */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function save(trx: Trx, owner: { agencyId: string; kind: IssuerKeyRow['kind'] }, certificate: x509.X509Certificate, privateKey: CryptoKey, secret: string, who: Actor): Promise<IssuerKeyRow> {
  const row = {
    id: `${owner.kind}:${owner.agencyId}`, agency_id: owner.agencyId, kind: owner.kind,
    certificate: new Uint8Array(certificate.rawData), encrypted_private_key: await sealPrivateKey(privateKey, secret),
  };
  await insertIssuerKey(trx, row);
  await recordAudit(trx, who, {
    agencyId: owner.agencyId, action: `credential.${owner.kind}.created`, target: `credential-key:${row.id}`,
    details: { subject: certificate.subject, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter.toISOString(), sha256: createHash('sha256').update(row.certificate).digest('hex') },
  });
  return { ...row, created_at: new Date() };
}

/** The agency's identity if it has issued before; nothing is created here (read paths, e.g. publishing status lists). */
export async function existingIssuerIdentity(conn: AnyDb, agencyId: string, secret: string): Promise<IssuerIdentity | null> {
  const [iaca, signer] = await Promise.all([findIssuerKey(conn, agencyId, 'iaca'), findIssuerKey(conn, agencyId, 'document_signer')]);
  if (!iaca || !signer) return null;
  return { signingKey: openPrivateKeyObject(signer.encrypted_private_key, secret), documentSigner: signer.certificate, iaca: iaca.certificate };
}
