/**
 * `POST /wallet/issuer-check` for an mdoc: the IssuerAuth alone, checked as Hanaro's verifier checks
 * a document's issuer data (ISO 18013-5 §9.3.1) against the published IACA roots.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, testConfig } from '../../../test/support/platform.ts';
import { CARD_DOCTYPE, testIssuer } from '../../../test/support/test-issuer.ts';
import { openPrivateKeyObject } from '../documents/index.ts';
import { rotateDocumentSigner } from '../credentials/index.ts';
import { cborDecode, cborEncode, issueMdoc } from '../mobile-id/index.ts';

const holder = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
/** What the wallet sends of an mdoc (base64url IssuerSigned): its IssuerAuth, base64url CBOR. */
const issuerAuthOf = (mdoc: string) => cborEncode((cborDecode(Buffer.from(mdoc, 'base64url')) as Map<string, unknown>).get('issuerAuth')).toString('base64url');

for (const target of databaseTargets()) {
  describe(`the web wallet's issuer check of an mdoc [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let portalMdoc: string;
    const check = (body: Record<string, string>) => platform.app.inject({ method: 'POST', url: '/wallet/issuer-check', payload: body, headers: { accept: 'application/json' } });
    before(async () => {
      platform = await startTestPlatform(target);
      // An mdoc as the interior agency's live document signer signs it (made as an operator's rotation makes one).
      await platform.database.db.transaction().execute((trx) => rotateDocumentSigner(trx, 'interior', { countryCode: 'HG', agency: 'Interior', publicUrl: testConfig().publicUrl }, testConfig().documentKeySecret, { actor: 'system:test' }));
      const row = (await sql<{ certificate: Uint8Array; encrypted_private_key: Uint8Array }>`select certificate, encrypted_private_key from credential_issuer_keys where agency_id = 'interior' and kind = 'document_signer' and retired_at is null`.execute(platform.database.db)).rows[0]!;
      const now = Date.now();
      portalMdoc = issueMdoc({
        docType: CARD_DOCTYPE, nameSpaces: { [CARD_DOCTYPE]: { family_name: '김' } }, validFrom: new Date(now - 60_000), validUntil: new Date(now + 86_400_000), deviceKey: holder,
        signer: { key: openPrivateKeyObject(row.encrypted_private_key, testConfig().documentKeySecret), x5chain: [new Uint8Array(row.certificate)] },
      }).toString('base64url');
    });
    after(() => platform.close());

    it('trusts an mdoc whose document signer chains to a published root, and names the signer', async () => {
      const res = await check({ format: 'mso_mdoc', doctype: CARD_DOCTYPE, credential: issuerAuthOf(portalMdoc) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().trusted, true);
      assert.match(res.json().issuer, /Document Signer/);
    });

    it('refuses, with the reason, a foreign signer, another doctype, a broken signature and what is not a COSE_Sign1', async () => {
      const foreign = await testIssuer('Foreign Authority');
      const refusal = async (body: Record<string, string>) => {
        const res = await check(body);
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().trusted, false);
        return res.json().code as string;
      };
      assert.equal(await refusal({ format: 'mso_mdoc', doctype: CARD_DOCTYPE, credential: issuerAuthOf(foreign.mdoc({ family_name: '김' }, holder)) }), 'issuer_untrusted');
      assert.equal(await refusal({ format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL', credential: issuerAuthOf(portalMdoc) }), 'doc_type_mismatch');
      const issuerAuth = (cborDecode(Buffer.from(portalMdoc, 'base64url')) as Map<string, unknown>).get('issuerAuth') as [Uint8Array, unknown, Uint8Array, Uint8Array];
      const flipped = Buffer.from(issuerAuth[3]);
      flipped[0]! ^= 1;
      assert.equal(await refusal({ format: 'mso_mdoc', doctype: CARD_DOCTYPE, credential: cborEncode([issuerAuth[0], issuerAuth[1], issuerAuth[2], flipped]).toString('base64url') }), 'credential_signature_invalid');
      assert.equal(await refusal({ format: 'mso_mdoc', doctype: CARD_DOCTYPE, credential: Buffer.from('not cbor at all').toString('base64url') }), 'cose_malformed');
    });

    it('asks for the doctype an mdoc was offered as', async () => {
      const res = await check({ format: 'mso_mdoc', credential: issuerAuthOf(portalMdoc) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual([res.json().code, res.json().field], ['invalid_request', 'doctype']);
    });
  });
}
