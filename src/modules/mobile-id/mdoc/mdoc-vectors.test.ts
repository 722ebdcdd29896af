/**
 * ISO/IEC 18013-5 Annex D (test/vectors/mdoc/annex-d.json) and a real OpenID4VP 1.0 response from
 * the Animo wallet (examples/animo-mdoc-05.json), verified with a fixed clock.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SessionTranscript } from './session-transcript.ts';
import { verifyDeviceResponse } from './verify-device-response.ts';

const DIR = new URL('../../../../test/vectors/mdoc/', import.meta.url);
const annexD = JSON.parse(readFileSync(new URL('annex-d.json', DIR), 'utf8'));
const animo = JSON.parse(readFileSync(new URL('examples/animo-mdoc-05.json', DIR), 'utf8'));

const hex = (s: string) => Buffer.from(s, 'hex');
const b64 = (s: string) => Buffer.from(s, 'hex').toString('base64url');
const readerKey = createPrivateKey({
  key: { kty: 'EC', crv: 'P-256', x: b64(annexD.eReaderKey.x), y: b64(annexD.eReaderKey.y), d: b64(annexD.eReaderKey.d) },
  format: 'jwk',
});
const annexDOptions = {
  trustAnchors: [annexD.derived_here.dsCertificatePem as string],
  sessionTranscript: SessionTranscript.fromTaggedBytes(hex(annexD.sessionTranscriptBytes)),
  readerEphemeralKey: readerKey,
  now: new Date('2021-06-01T00:00:00Z'),
};

describe('mdoc DeviceResponse vectors', () => {
  it('Annex D: issuer signature, value digests, validity and device MAC verify', () => {
    const [document] = verifyDeviceResponse(hex(annexD.deviceResponse), annexDOptions);
    assert.equal(document?.docType, 'org.iso.18013.5.1.mDL');
    assert.equal(document?.deviceAuthentication, 'mac');
    const mdl = document!.claims['org.iso.18013.5.1']!;
    assert.deepEqual(Object.keys(mdl).sort(), ['document_number', 'driving_privileges', 'expiry_date', 'family_name', 'issue_date', 'portrait']);
    assert.equal(mdl.family_name, 'Doe');
    assert.deepEqual(Buffer.from(mdl.portrait as Uint8Array), hex(annexD.deviceResponsePortrait));
  });

  it('Animo OpenID4VP 1.0: chains to its IACA root and the device signature covers the handover', () => {
    const p = animo.verification.sessionTranscript.parameters;
    const transcript = SessionTranscript.forOpenId4Vp({ clientId: p.clientId, nonce: p.nonce, jwkThumbprint: hex(p.jwkThumbprintHex), responseUri: p.responseUri });
    assert.equal(transcript.bytes.toString('hex'), animo.verification.sessionTranscript.sessionTranscriptHex_computedHere);
    const [document] = verifyDeviceResponse(Buffer.from(animo.deviceResponse.value, 'base64url'), {
      trustAnchors: [animo.certificates.rootCertificate.pem],
      sessionTranscript: transcript,
      now: new Date(`${animo.verification.now}T12:00:00Z`),
    });
    assert.equal(document?.deviceAuthentication, 'signature');
    assert.equal(document?.claims['eu.europa.ec.eudi.pid.1']?.given_name, 'Erika');
  });

  it('refuses a response whose session transcript is not this session\'s', () => {
    const other = SessionTranscript.forOpenId4Vp({ clientId: 'x509_san_dns:shop.example', nonce: 'n', jwkThumbprint: null, responseUri: 'https://shop.example/r' });
    assert.throws(() => verifyDeviceResponse(hex(annexD.deviceResponse), { ...annexDOptions, sessionTranscript: other }), { code: 'device_mac_invalid' });
  });

  it('refuses an issuer that chains to no trusted root', () => {
    assert.throws(() => verifyDeviceResponse(hex(annexD.deviceResponse), { ...annexDOptions, trustAnchors: [animo.certificates.rootCertificate.pem] }), { code: 'issuer_untrusted' });
  });

  it('refuses a document signer certificate outside its validity', () => {
    assert.throws(() => verifyDeviceResponse(hex(annexD.deviceResponse), { ...annexDOptions, now: new Date('2022-01-01T00:00:00Z') }), { code: 'certificate_expired' });
  });

  it('refuses an element value changed after issuance', () => {
    const doe = Buffer.from('family_name').toString('hex') + '6c656c656d656e7456616c7565' + '63446f65';
    const tampered = annexD.deviceResponse.replace(doe, doe.slice(0, -2) + '66');
    assert.notEqual(tampered, annexD.deviceResponse);
    assert.throws(() => verifyDeviceResponse(hex(tampered), annexDOptions), { code: 'value_digest_mismatch' });
  });
});
