// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { sql } from 'kysely';
import type { AnyDb } from '../../src/platform/db/database.ts';
import { openPrivateKeyObject } from '../../src/modules/documents/index.ts';
import { testConfig } from './platform.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * What a deployment made before document signers named the issuer: a certificate for the agency's
 * own document-signer key under its own IACA root, with the old profile (an issuer alternative name,
 * no subject alternative name). Also answers the signer's private key, to sign as that version did.
 */
export async function certificateWithoutSan(conn: AnyDb, agencyId: string): Promise<{ der: Uint8Array; signingKey: KeyObject }> {
  const rows = (await sql<{ kind: string; certificate: Uint8Array; encrypted_private_key: Uint8Array }>`
    select kind, certificate, encrypted_private_key from credential_issuer_keys where agency_id = ${agencyId} and retired_at is null`.execute(conn)).rows;
  const row = (kind: string) => rows.find((r) => r.kind === kind)!;
  const secret = testConfig().documentKeySecret;
  const root = new x509.X509Certificate(Buffer.from(row('iaca').certificate));
  const signer = new x509.X509Certificate(Buffer.from(row('document_signer').certificate));
  const rootKey = await crypto.subtle.importKey('pkcs8', openPrivateKeyObject(row('iaca').encrypted_private_key, secret).export({ format: 'der', type: 'pkcs8' }), EC, false, ['sign']);
  const publicKey = await signer.publicKey.export(EC, ['verify']);
  const legacy = await x509.X509CertificateGenerator.create({
    serialNumber: '01', subject: signer.subject, issuer: root.subject, notBefore: signer.notBefore, notAfter: signer.notAfter,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, publicKey, signingKey: rootKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root.publicKey),
      new x509.IssuerAlternativeNameExtension([{ type: 'url', value: testConfig().publicUrl }]),
    ],
  });
  return { der: new Uint8Array(legacy.rawData), signingKey: openPrivateKeyObject(row('document_signer').encrypted_private_key, secret) };
}

/** Puts the old certificate back in the agency's key row, as a database from before the change holds it. */
export async function restoreCertificateWithoutSan(conn: AnyDb, agencyId: string): Promise<Uint8Array> {
  const { der } = await certificateWithoutSan(conn, agencyId);
  await sql`update credential_issuer_keys set certificate = ${der} where agency_id = ${agencyId} and kind = 'document_signer' and retired_at is null`.execute(conn);
  return der;
}
