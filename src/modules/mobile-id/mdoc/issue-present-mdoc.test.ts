/**
 * An mdoc issued and presented with this library verifies with it: only the elements asked for,
 * the MSO's status list entry handed back for the caller to check, and the device signature bound
 * to one session transcript.
 */
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { exportJWK } from 'jose';
import { cborDecode, cborEncode, Tag } from '../cose/cbor.ts';
import { issueMdoc } from './issue-mdoc.ts';
import { elementValueAsJson, presentMdoc } from './present-mdoc.ts';
import { SessionTranscript } from './session-transcript.ts';
import { verifyDeviceResponse } from './verify-device-response.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DOCTYPE = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const from = new Date(Date.now() - 3600_000);
const until = new Date(Date.now() + 86_400_000);

const signerKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
const signer = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Test DS', notBefore: from, notAfter: until, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, keys: signerKeys });
const device = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
const transcript = SessionTranscript.forOpenId4Vp({ clientId: 'x509_hash:reader', nonce: 'n-1', jwkThumbprint: null, responseUri: 'https://reader.example/response' });

const issuerSigned = issueMdoc({
  docType: DOCTYPE,
  nameSpaces: { [NS]: { family_name: '정', birth_date: new Tag('1975-09-30', 1004), age_over_19: true, driving_privileges: [new Map([['vehicle_category_code', 'B']])] } },
  validFrom: from, validUntil: until, status: { idx: 42, uri: 'https://issuer.example/status/cwt' }, deviceKey: await exportJWK(device.publicKey),
  signer: { key: KeyObject.from(signerKeys.privateKey), x5chain: [new Uint8Array(signer.rawData)] },
});
const present = (elements: string[], sessionTranscript = transcript) =>
  presentMdoc(issuerSigned, { docType: DOCTYPE, elements: { [NS]: elements }, sessionTranscript, deviceKey: KeyObject.from(device.privateKey) });
const options = { trustAnchors: [new Uint8Array(signer.rawData)], sessionTranscript: transcript };

describe('mdoc issued and presented with the library', () => {
  it('verifies, discloses only the asked elements, and hands back the MSO status entry', () => {
    const [document] = verifyDeviceResponse(present(['age_over_19', 'driving_privileges']), options);
    assert.equal(document?.deviceAuthentication, 'signature');
    assert.deepEqual(Object.keys(document!.claims[NS]!).sort(), ['age_over_19', 'driving_privileges']);
    assert.deepEqual(elementValueAsJson(document!.claims[NS]!.driving_privileges), [{ vehicle_category_code: 'B' }]);
    assert.deepEqual(document?.status, { status_list: { idx: 42, uri: 'https://issuer.example/status/cwt' } });
  });

  it('reads full-dates as their text', () => {
    const [document] = verifyDeviceResponse(present(['birth_date']), options);
    assert.equal(elementValueAsJson(document!.claims[NS]!.birth_date), '1975-09-30');
  });

  it('refuses a device signature made over another session transcript', () => {
    const elsewhere = SessionTranscript.forOpenId4Vp({ clientId: 'x509_hash:reader', nonce: 'n-2', jwkThumbprint: null, responseUri: 'https://reader.example/response' });
    assert.throws(() => verifyDeviceResponse(present(['age_over_19'], elsewhere), options), { code: 'device_signature_invalid' });
  });

  it('refuses a device signature or issuerAuth signature that is tampered with or cut short', () => {
    /** The presentation with one COSE_Sign1's signature (member 3) edited. */
    const withSignature = (which: 'device' | 'issuer', edit: (signature: Buffer) => Buffer) => {
      const response = cborDecode(present(['age_over_19'])) as Map<string, unknown>;
      const document = (response.get('documents') as Map<string, unknown>[])[0]!;
      const deviceAuth = (document.get('deviceSigned') as Map<string, unknown>).get('deviceAuth') as Map<string, unknown>;
      const sign1 = which === 'device' ? deviceAuth.get('deviceSignature') as unknown[] : ((document.get('issuerSigned') as Map<string, unknown>).get('issuerAuth') as Tag | unknown[]);
      const members = (sign1 instanceof Tag ? sign1.value : sign1) as unknown[];
      members[3] = edit(Buffer.from(members[3] as Uint8Array));
      return cborEncode(response);
    };
    const flipped = (signature: Buffer) => Buffer.concat([signature.subarray(0, 5), Buffer.from([signature[5]! ^ 1]), signature.subarray(6)]);
    for (const edit of [flipped, (s: Buffer) => s.subarray(0, 63), (s: Buffer) => Buffer.concat([s, Buffer.from([0])])]) {
      assert.throws(() => verifyDeviceResponse(withSignature('device', edit), options), { code: 'device_signature_invalid' });
      assert.throws(() => verifyDeviceResponse(withSignature('issuer', edit), options), { code: 'credential_signature_invalid' });
    }
  });
});
