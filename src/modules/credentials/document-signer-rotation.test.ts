/**
 * An agency's document signer rotated from the console: what is issued after carries the new
 * certificate, which names the issuer as SD-JWT VC verifiers look for it, on either node of the
 * platform; what was issued before keeps its certificate and still verifies through Hanaro's
 * verifier, under the same IACA root.
 */
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startSecondNode, startTestPlatform, testConfig, Visitor, DEMO_RESIDENTS } from '../../../test/support/platform.ts';
import { testWallet } from '../../../test/support/test-issuer.ts';
import type { Platform } from '../../app.ts';
import { findCountry } from '../country/index.ts';
import { cborDecode } from '../mobile-id/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { credentialSettings, issueCredential } from './index.ts';
import type { CredentialFormat } from './store.ts';

const ISSUER = 'http://localhost:8080';

/** The document signer's certificate a credential carries: the SD-JWT's `x5c` leaf, or the mdoc issuerAuth's x5chain. */
function signerOf(credential: string, format: CredentialFormat): x509.X509Certificate {
  if (format === 'dc+sd-jwt') {
    const header = JSON.parse(Buffer.from(credential.split('.')[0]!, 'base64url').toString()) as { x5c: string[] };
    return new x509.X509Certificate(Buffer.from(header.x5c[0]!, 'base64'));
  }
  const issuerSigned = cborDecode(Buffer.from(credential, 'base64url')) as Map<string, unknown>;
  const unprotectedHeader = (issuerSigned.get('issuerAuth') as unknown[])[1] as Map<number, Uint8Array>;
  return new x509.X509Certificate(Buffer.from(unprotectedHeader.get(33)!));
}

const subjectAltNames = (c: x509.X509Certificate) => c.getExtension(x509.SubjectAlternativeNameExtension)!.names.items.map((n) => `${n.type}:${n.value}`).sort();

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`rotating an agency's document signer [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let other: Awaited<ReturnType<typeof startSecondNode>>;
    let operator: Visitor;
    let wallet: Awaited<ReturnType<typeof testWallet>>;
    let shopKey: string;
    let residentId: string;
    const issued: Record<'before' | 'after', Partial<Record<CredentialFormat, string>>> = { before: {}, after: {} };
    const issue = async (node: Platform, format: CredentialFormat) => {
      const db = node.database.db;
      const settings = credentialSettings(testConfig(), (await findCountry(db))!);
      return (await issueCredential(db, { residentId, typeId: 'mobile-resident-card', format, holderKey: wallet.holder }, settings, { actor: `resident:${residentId}` })).credential;
    };

    /** One OpenID4VP round with Hanaro's verifier (its own trust: the published IACA roots, its status lists). */
    async function verify(credential: string, format: CredentialFormat) {
      const created = (await platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${shopKey}` }, payload: { check: 'age-over-19' } })).json();
      const request = await wallet.openRequest((await platform.app.inject({ method: 'GET', url: new URL(created.requestUri).pathname })).body);
      const response = format === 'dc+sd-jwt' ? await wallet.respond(request, credential) : await wallet.respondMdoc(request, credential);
      const posted = await platform.app.inject({ method: 'POST', url: new URL(request.response_uri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ response }).toString() });
      assert.equal(posted.statusCode, 200, posted.body);
      return (await platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${created.id}`, headers: { authorization: `Bearer ${shopKey}` } })).json() as { status: string; refusal?: string };
    }

    before(async () => {
      platform = await startTestPlatform(target);
      other = await startSecondNode(platform);
      wallet = await testWallet();
      residentId = (await findResidentByIdNumber(platform.database.db, DEMO_RESIDENTS.mirae.idNumber))!.id;
      operator = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await operator.signIn('operator@demo.hanaro.example')).statusCode, 303);
      const registered = await operator.post('/office/relying-parties', { nameKo: '가게', nameEn: 'Rotation Shop', legalName: 'Rotation Shop Ltd', registrationNumber: '', checks: 'age-over-19' }, '/office/relying-parties');
      shopKey = /value="(hnr_rp_[^"]+)"/.exec(registered.body)![1]!;
      // Both nodes issue under the first signer before the rotation.
      issued.before['dc+sd-jwt'] = await issue(platform, 'dc+sd-jwt');
      issued.before.mso_mdoc = await issue(other, 'mso_mdoc');
    });
    after(async () => { await other?.close(); await platform?.close(); });

    it('rotates from the agency page: a new signer, the old one retired and kept, audited', async () => {
      const page = await operator.get('/ops/agencies/interior');
      assert.match(page.body, /Mobile ID document signer/);
      const res = await operator.post('/ops/agencies/interior/keys/rotate', { kind: 'credentials' }, '/ops/agencies/interior');
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, '/ops/agencies/interior?notice=rotated_credentials');
      const shown = (await operator.get(String(res.headers.location))).body;
      assert.match(shown, /A new document signer signs the agency&#39;s mobile ID credentials|A new document signer signs the agency's mobile ID credentials/);
      const keys = await sql<{ id: string; retired: boolean }>`select id, retired_at is not null as retired from credential_issuer_keys where agency_id = 'interior' and kind = 'document_signer' order by created_at`.execute(platform.database.db);
      assert.deepEqual(keys.rows.map((r) => r.retired), [true, false]);
      const audit = await sql<{ action: string; target: string }>`select action, target from audit_log where action like 'credential.document_signer.%' order by id`.execute(platform.database.db);
      assert.deepEqual(audit.rows.slice(-1), [{ action: 'credential.document_signer.rotated', target: `credential-key:${keys.rows[1]!.id}` }]);
      assert.match(shown, /Retired .*kept for verification/);
      assert.match(shown, /Subject alternative names \(what verifiers match iss against\)<\/span>: <code>url:http:\/\/localhost:8080, dns:localhost<\/code>/);
    });

    it('signs what either node issues after it with the new certificate, which names the issuer, under the same IACA root', async () => {
      issued.after['dc+sd-jwt'] = await issue(other, 'dc+sd-jwt');
      issued.after.mso_mdoc = await issue(platform, 'mso_mdoc');
      const root = new x509.X509Certificate((await platform.app.inject({ url: '/credentials/trust/interior.pem' })).body);
      for (const format of ['dc+sd-jwt', 'mso_mdoc'] as const) {
        const before = signerOf(issued.before[format]!, format);
        const now = signerOf(issued.after[format]!, format);
        assert.notEqual(now.serialNumber, before.serialNumber, `${format}: a new certificate`);
        assert.notEqual(Buffer.from(now.publicKey.rawData).toString('hex'), Buffer.from(before.publicKey.rawData).toString('hex'), `${format}: a new key`);
        assert.deepEqual(subjectAltNames(now), ['dns:localhost', `url:${ISSUER}`], `${format}: iss as a URI and its host as a DNS name`);
        assert.equal(now.issuer, root.subject);
        assert.ok(await now.verify({ publicKey: root.publicKey, signatureOnly: true }), `${format}: certified under the agency's IACA root`);
      }
      const payload = JSON.parse(Buffer.from(issued.after['dc+sd-jwt']!.split('.')[1]!, 'base64url').toString()) as { iss: string };
      assert.equal(payload.iss, ISSUER);
    });

    it('verifies what was issued before and after, in both formats, through Hanaro\'s verifier', async () => {
      for (const format of ['dc+sd-jwt', 'mso_mdoc'] as const) assert.notEqual(signerOf(issued.after[format]!, format).serialNumber, signerOf(issued.before[format]!, format).serialNumber, 'two signers');
      for (const when of ['before', 'after'] as const) {
        for (const format of ['dc+sd-jwt', 'mso_mdoc'] as const) {
          const result = await verify(issued[when][format]!, format);
          assert.equal(result.status, 'verified', `${when} ${format}: ${JSON.stringify(result)}`);
        }
      }
    });

    it('refuses an agency that issues no credentials, and one that does not exist', async () => {
      const none = await operator.post('/ops/agencies/tax/keys/rotate', { kind: 'credentials' }, '/ops/agencies/tax');
      assert.equal(none.statusCode, 409);
      assert.match(none.body, /issues no mobile ID credentials/);
      assert.match((await operator.get('/ops/agencies/tax')).body, /This agency issues no mobile ID credentials, so it has no document signer\./);
      assert.doesNotMatch((await operator.get('/ops/agencies/tax')).body, /value="credentials"/, 'no button to press');
      assert.equal((await operator.post('/ops/agencies/nowhere/keys/rotate', { kind: 'credentials' }, '/ops/agencies/interior')).statusCode, 404);
    });
  });
}
