/**
 * The issuer key of an SD-JWT VC is taken from `x5c` only under the X.509 rules of SD-JWT VC
 * (draft 13 §3.5) and HAIP 1.0 (§6.1.1); each broken rule is refused with its reason.
 */
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { sdJwtVcIssuerKey } from './issuer-certificate.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const ISS = 'https://issuer.example/agency';
const NOW = new Date('2026-06-01T00:00:00Z');
const keys = () => crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
const b64 = (certificate: x509.X509Certificate) => Buffer.from(certificate.rawData).toString('base64');

const rootKeys = await keys();
const root = await x509.X509CertificateGenerator.createSelfSigned({
  name: 'CN=Rules IACA', notBefore: new Date('2025-01-01'), notAfter: new Date('2035-01-01'), signingAlgorithm: SIGNING, keys: rootKeys,
  extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
});
const anchors = [new Uint8Array(root.rawData)];

interface LeafOptions { names?: x509.JsonGeneralName[]; usage?: x509.KeyUsageFlags | null; ca?: boolean; notAfter?: Date }
async function leaf(options: LeafOptions = {}): Promise<x509.X509Certificate> {
  const pair = await keys();
  return x509.X509CertificateGenerator.create({
    subject: 'CN=Rules DS', issuer: root.subject, notBefore: new Date('2026-01-01'), notAfter: options.notAfter ?? new Date('2029-01-01'),
    signingAlgorithm: SIGNING, publicKey: pair.publicKey, signingKey: rootKeys.privateKey,
    extensions: [
      ...(options.ca ? [new x509.BasicConstraintsExtension(true, 0, true)] : []),
      ...(options.usage === null ? [] : [new x509.KeyUsagesExtension(options.usage ?? x509.KeyUsageFlags.digitalSignature, true)]),
      ...((options.names ?? [{ type: 'url', value: ISS }]).length ? [new x509.SubjectAlternativeNameExtension(options.names ?? [{ type: 'url', value: ISS }])] : []),
    ],
  });
}

const refused = (x5c: unknown, code: string, iss: unknown = ISS) => assert.throws(() => sdJwtVcIssuerKey(x5c, iss, anchors, NOW), { code });

describe('SD-JWT VC issuer certificate rules', () => {
  it('takes the key of a leaf under a trusted root that names iss as a URI', async () => {
    const certificate = await leaf();
    const key = sdJwtVcIssuerKey([b64(certificate)], ISS, anchors, NOW);
    assert.deepEqual(key.export({ format: 'jwk' }), await crypto.subtle.exportKey('jwk', await certificate.publicKey.export()).then(({ kty, crv, x, y }) => ({ kty, crv, x, y })));
  });

  it('takes an https iss whose host is a DNS name of the leaf, and a dns: iss', async () => {
    const certificate = await leaf({ names: [{ type: 'dns', value: 'issuer.example' }] });
    assert.ok(sdJwtVcIssuerKey([b64(certificate)], ISS, anchors, NOW));
    assert.ok(sdJwtVcIssuerKey([b64(certificate)], 'dns:issuer.example', anchors, NOW));
    refused([b64(certificate)], 'issuer_name_mismatch', 'http://issuer.example/agency');
  });

  it('refuses an iss the leaf does not name', async () => {
    refused([b64(await leaf({ names: [] }))], 'issuer_name_mismatch');
    refused([b64(await leaf({ names: [{ type: 'url', value: 'https://issuer.example/other' }] }))], 'issuer_name_mismatch');
    refused([b64(await leaf())], 'issuer_name_mismatch', null);
  });

  it('refuses a CA leaf, a leaf without digitalSignature, and a trust anchor sent in x5c', async () => {
    refused([b64(await leaf({ ca: true }))], 'certificate_profile_invalid');
    refused([b64(await leaf({ usage: null }))], 'certificate_profile_invalid');
    refused([b64(await leaf({ usage: x509.KeyUsageFlags.keyAgreement }))], 'certificate_profile_invalid');
    refused([b64(await leaf()), b64(root)], 'certificate_profile_invalid');
  });

  it('refuses a leaf out of its validity, one under another root, and no x5c at all', async () => {
    refused([b64(await leaf({ notAfter: new Date('2026-03-01') }))], 'certificate_expired');
    const stranger = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Stranger', notBefore: new Date('2025-01-01'), notAfter: new Date('2035-01-01'), signingAlgorithm: SIGNING, keys: await keys() });
    refused([b64(stranger)], 'issuer_untrusted');
    refused(undefined, 'issuer_untrusted');
    refused(['not a certificate'], 'certificate_chain_invalid');
  });
});
