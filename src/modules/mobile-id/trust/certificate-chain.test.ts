/**
 * The chain check keeps what it learnt about an issuer's certificates (parsed once, signatures
 * checked once), but a document signer it has trusted is still refused once its certificate has
 * expired, before it is valid, or when the root it chained to is no longer a trust anchor.
 */
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { exportJWK } from 'jose';
import { issueMdoc } from '../mdoc/issue-mdoc.ts';
import { presentMdoc } from '../mdoc/present-mdoc.ts';
import { SessionTranscript } from '../mdoc/session-transcript.ts';
import { verifyDeviceResponse } from '../mdoc/verify-device-response.ts';
import { verifyCertificateChain } from './certificate-chain.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DOCTYPE = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';

const keys = () => crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
const der = (certificate: x509.X509Certificate) => new Uint8Array(certificate.rawData);

async function root(name: string) {
  const pair = await keys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z'), signingAlgorithm: SIGNING, keys: pair,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return { keys: pair, certificate };
}

const iaca = await root('Chain IACA');
const otherIaca = await root('Other IACA');
// The document signer is valid for 2024 only; its MSO claims validity until 2026, so past 2024 only the certificate can refuse it.
const dsKeys = await keys();
const ds = await x509.X509CertificateGenerator.create({
  subject: 'CN=Chain DS', issuer: iaca.certificate.subject, notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-01-01T00:00:00Z'),
  signingAlgorithm: SIGNING, publicKey: dsKeys.publicKey, signingKey: iaca.keys.privateKey, extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
});
// Same names as the document signer, but signed by another root's key.
const forged = await x509.X509CertificateGenerator.create({
  subject: 'CN=Chain DS', issuer: iaca.certificate.subject, notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-01-01T00:00:00Z'),
  signingAlgorithm: SIGNING, publicKey: dsKeys.publicKey, signingKey: otherIaca.keys.privateKey, extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
});

const INSIDE = new Date('2024-06-01T00:00:00Z');
const AFTER = new Date('2025-03-01T00:00:00Z');
const BEFORE = new Date('2023-12-01T00:00:00Z');

const device = await keys();
const transcript = SessionTranscript.forOpenId4Vp({ clientId: 'x509_hash:reader', nonce: 'n-chain', jwkThumbprint: null, responseUri: 'https://reader.example/response' });
const deviceResponse = presentMdoc(issueMdoc({
  docType: DOCTYPE, nameSpaces: { [NS]: { age_over_19: true } }, validFrom: new Date('2024-01-01T00:00:00Z'), validUntil: new Date('2026-01-01T00:00:00Z'),
  deviceKey: await exportJWK(device.publicKey), signer: { key: KeyObject.from(dsKeys.privateKey), x5chain: [der(ds)] },
}), { docType: DOCTYPE, elements: { [NS]: ['age_over_19'] }, sessionTranscript: transcript, deviceKey: KeyObject.from(device.privateKey) });
const verifyAt = (now: Date, trustAnchors: Uint8Array[]) => verifyDeviceResponse(deviceResponse, { trustAnchors, sessionTranscript: transcript, now });

describe('certificate chain trust, kept between presentations', () => {
  it('answers the same key for the same certificate, and trusts it within its validity', () => {
    const first = verifyCertificateChain([der(ds)], [der(iaca.certificate)], INSIDE);
    const again = verifyCertificateChain([der(ds)], [der(iaca.certificate)], INSIDE);
    assert.equal(again.publicKey, first.publicKey);
    assert.equal(verifyAt(INSIDE, [der(iaca.certificate)])[0]?.claims[NS]?.age_over_19, true);
  });

  it('refuses the trusted document signer once its certificate has expired, and before it is valid', () => {
    verifyAt(INSIDE, [der(iaca.certificate)]);
    assert.throws(() => verifyAt(AFTER, [der(iaca.certificate)]), { code: 'certificate_expired' });
    assert.throws(() => verifyAt(BEFORE, [der(iaca.certificate)]), { code: 'certificate_expired' });
    assert.throws(() => verifyCertificateChain([der(ds)], [der(iaca.certificate)], AFTER), { code: 'certificate_expired' });
    assert.equal(verifyAt(INSIDE, [der(iaca.certificate)]).length, 1);
  });

  it('refuses the trusted document signer once its root is no longer a trust anchor, and trusts it again when the root is back', () => {
    verifyAt(INSIDE, [der(iaca.certificate)]);
    assert.throws(() => verifyAt(INSIDE, [der(otherIaca.certificate)]), { code: 'issuer_untrusted' });
    assert.throws(() => verifyAt(INSIDE, []), { code: 'issuer_untrusted' });
    assert.equal(verifyAt(INSIDE, [der(otherIaca.certificate), der(iaca.certificate)]).length, 1);
  });

  it('does not lend a trusted certificate’s standing to another one with the same names and key', () => {
    verifyCertificateChain([der(ds)], [der(iaca.certificate)], INSIDE);
    assert.throws(() => verifyCertificateChain([der(forged)], [der(iaca.certificate)], INSIDE), { code: 'issuer_untrusted' });
  });
});
