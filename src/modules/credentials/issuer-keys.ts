// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createHash, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { openPrivateKeyObject, sealPrivateKey } from '../documents/index.ts';
import { findIssuerKey, insertIssuerKey, listDocumentSigners, listIssuerRoots, lockIssuerKeys, replaceIssuerCertificate, retireIssuerKey, type IssuerKeyRow } from './store.ts';

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
export async function agencyIssuerIdentity(trx: Tx, agencyId: string, names: IssuerNames, secret: string, who: Actor): Promise<IssuerIdentity> {
  await lockIssuerKeys(trx, agencyId);
  const iaca = (await findIssuerKey(trx, agencyId, 'iaca')) ?? await createIaca(trx, agencyId, names, secret, who);
  const found = await findIssuerKey(trx, agencyId, 'document_signer');
  const signer = !found ? await createDocumentSigner(trx, agencyId, names, iaca, secret, who)
    : namesIssuer(found.certificate, names.publicUrl) ? found : await recertifyDocumentSigner(trx, found, names, iaca, secret, who);
  return { signingKey: openPrivateKeyObject(signer.encrypted_private_key, secret), documentSigner: signer.certificate, iaca: iaca.certificate };
}

/** Every agency's published IACA root (what verifiers trust), created or not yet. */
export async function issuerRoots(conn: AnyDb): Promise<{ agencyId: string; certificate: Uint8Array }[]> {
  return (await listIssuerRoots(conn)).map((r) => ({ agencyId: r.agency_id, certificate: r.certificate }));
}

export function toPem(der: Uint8Array): string {
  return x509.PemConverter.encode(Buffer.from(der), 'CERTIFICATE');
}

async function createIaca(trx: Tx, agencyId: string, names: IssuerNames, secret: string, who: Actor): Promise<IssuerKeyRow> {
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

async function createDocumentSigner(trx: Tx, agencyId: string, names: IssuerNames, iaca: IssuerKeyRow, secret: string, who: Actor, id?: string): Promise<IssuerKeyRow> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const certificate = await certifyDocumentSigner(keys.publicKey, names, iaca, secret);
  return save(trx, { agencyId, kind: 'document_signer', id }, certificate, keys.privateKey, secret, who);
}

/** What the console shows of a document signer: its certificate, never the key. */
export interface DocumentSignerSummary { id: string; subject: string; serialNumber: string; subjectAltName: string[]; notAfter: Date; createdAt: Date; retiredAt: Date | null }

/**
 * A new document-signer key pair under the agency's IACA root, certified as every signer is; new
 * credentials are signed with it from the commit on, on every node (issuance reads the live signer
 * in its own transaction, under the same lock). The old signer is retired, not deleted: the
 * credentials it signed carry its certificate, which chains to the unchanged root and verifies
 * until they expire.
 */
export async function rotateDocumentSigner(trx: Tx, agencyId: string, names: IssuerNames, secret: string, who: Actor): Promise<DocumentSignerSummary & { retired: string | undefined }> {
  await lockIssuerKeys(trx, agencyId);
  const iaca = (await findIssuerKey(trx, agencyId, 'iaca')) ?? await createIaca(trx, agencyId, names, secret, who);
  const old = await findIssuerKey(trx, agencyId, 'document_signer');
  if (old) await retireIssuerKey(trx, old.id);
  const row = await createDocumentSigner(trx, agencyId, names, iaca, secret, who, old ? `document_signer:${agencyId}:${Date.now().toString(36)}` : undefined);
  const summary = summaryOf(row);
  const retired = old && new x509.X509Certificate(Buffer.from(old.certificate)).serialNumber;
  await recordAudit(trx, who, {
    agencyId, action: 'credential.document_signer.rotated', target: `credential-key:${row.id}`,
    details: { serialNumber: summary.serialNumber, subjectAltName: summary.subjectAltName, retired: old ? { id: old.id, serialNumber: retired } : null },
  });
  return { ...summary, retired };
}

/** Every document signer the agency has had, the live one first. */
export async function documentSigners(conn: AnyDb, agencyId: string): Promise<DocumentSignerSummary[]> {
  return (await listDocumentSigners(conn, agencyId)).map(summaryOf);
}

function summaryOf(row: IssuerKeyRow): DocumentSignerSummary {
  const c = new x509.X509Certificate(Buffer.from(row.certificate));
  const san = c.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`) ?? [];
  return { id: row.id, subject: c.subject, serialNumber: c.serialNumber, subjectAltName: san, notAfter: c.notAfter, createdAt: row.created_at, retiredAt: row.retired_at ?? null };
}

/**
 * A document signer certified before its certificate named the issuer (or under another
 * PUBLIC_URL): the same key gets a new certificate that does, so what it signs from now on is
 * accepted by SD-JWT VC verifiers; credentials signed before keep the old one and are re-issued.
 */
async function recertifyDocumentSigner(trx: Tx, signer: IssuerKeyRow, names: IssuerNames, iaca: IssuerKeyRow, secret: string, who: Actor): Promise<IssuerKeyRow> {
  const previous = new x509.X509Certificate(Buffer.from(signer.certificate));
  const publicKey = await previous.publicKey.export(EC, ['verify']);
  const certificate = await certifyDocumentSigner(publicKey, names, iaca, secret);
  const der = new Uint8Array(certificate.rawData);
  await replaceIssuerCertificate(trx, signer.id, der);
  await recordAudit(trx, who, {
    agencyId: signer.agency_id, action: 'credential.document_signer.recertified', target: `credential-key:${signer.id}`,
    details: { ...certificateDetails(certificate), replaced: previous.serialNumber, subjectAltName: issuerAltNames(names.publicUrl).map((n) => n.value) },
  });
  return { ...signer, certificate: der };
}

/**
 * The document signer's certificate under the agency's IACA root. One signer serves both formats:
 * ISO 18013-5 asks for the mDL document-signer extended key usage and the issuer alternative
 * name; SD-JWT VC (draft 13 §3.5, HAIP 1.0 §6.1.1) asks that `iss` match a subject alternative
 * name, so the certificate names PUBLIC_URL as a URI and its host as a DNS name.
 */
async function certifyDocumentSigner(publicKey: CryptoKey, names: IssuerNames, iaca: IssuerKeyRow, secret: string): Promise<x509.X509Certificate> {
  const root = new x509.X509Certificate(Buffer.from(iaca.certificate));
  const rootKey = await crypto.subtle.importKey('pkcs8', openPrivateKeyObject(iaca.encrypted_private_key, secret).export({ format: 'der', type: 'pkcs8' }), EC, false, ['sign']);
  const now = new Date();
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: [{ C: [names.countryCode] }, { O: [names.agency] }, { CN: [`${names.agency} Document Signer`] }],
    issuer: root.subject, notBefore: now, notAfter: new Date(now.getTime() + 1095 * DAY_MS),
    signingAlgorithm: SIGNING, publicKey, signingKey: rootKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([MDL_DOCUMENT_SIGNER], true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root.publicKey),
      new x509.IssuerAlternativeNameExtension([{ type: 'url', value: names.publicUrl }]),
      new x509.SubjectAlternativeNameExtension(issuerAltNames(names.publicUrl)),
    ],
  });
}

/** The names `iss` (PUBLIC_URL) is matched against: the URL itself, and its host (a DNS name, or an IP address for a loopback trial). */
function issuerAltNames(publicUrl: string): x509.JsonGeneralName[] {
  const host = new URL(publicUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  return [{ type: 'url', value: publicUrl }, isIP(host) ? { type: 'ip', value: host } : { type: 'dns', value: host }];
}

/** Whether the certificate names the issuer as SD-JWT VC verifiers look for it (a URI SAN equal to `iss`). */
function namesIssuer(der: Uint8Array, publicUrl: string): boolean {
  const san = new x509.X509Certificate(Buffer.from(der)).getExtension(x509.SubjectAlternativeNameExtension);
  return san?.names.items.some((n) => n.type === 'url' && n.value === publicUrl) ?? false;
}

/** A positive 16-byte serial number (RFC 5280 allows up to 20). */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function save(trx: Tx, owner: { agencyId: string; kind: IssuerKeyRow['kind']; id?: string | undefined }, certificate: x509.X509Certificate, privateKey: CryptoKey, secret: string, who: Actor): Promise<IssuerKeyRow> {
  const row = {
    id: owner.id ?? `${owner.kind}:${owner.agencyId}`, agency_id: owner.agencyId, kind: owner.kind,
    certificate: new Uint8Array(certificate.rawData), encrypted_private_key: await sealPrivateKey(privateKey, secret),
  };
  await insertIssuerKey(trx, row);
  await recordAudit(trx, who, {
    agencyId: owner.agencyId, action: `credential.${owner.kind}.created`, target: `credential-key:${row.id}`,
    details: certificateDetails(certificate),
  });
  return { ...row, created_at: new Date(), retired_at: null };
}

function certificateDetails(certificate: x509.X509Certificate) {
  return { subject: certificate.subject, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter.toISOString(), sha256: createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex') };
}

/** The agency's identity if it has issued before; nothing is created here (read paths, e.g. publishing status lists). */
export async function existingIssuerIdentity(conn: AnyDb, agencyId: string, secret: string): Promise<IssuerIdentity | null> {
  const [iaca, signer] = await Promise.all([findIssuerKey(conn, agencyId, 'iaca'), findIssuerKey(conn, agencyId, 'document_signer')]);
  if (!iaca || !signer) return null;
  return { signingKey: openPrivateKeyObject(signer.encrypted_private_key, secret), documentSigner: signer.certificate, iaca: iaca.certificate };
}
