/**
 * Interoperability with an independent SD-JWT implementation, the OpenWallet Foundation's
 * `@sd-jwt/sd-jwt-vc`: what Hanaro issues over OpenID4VCI, @sd-jwt verifies (issuer signature under
 * the agency's published IACA root, disclosures, KB-JWT, status list); what @sd-jwt issues under an
 * authority Hanaro's verifier trusts, Hanaro's verifier accepts over OpenID4VP. A tampered
 * credential is refused by both, and so is one whose certificate does not name its `iss`.
 * @sd-jwt/sd-jwt-vc leaves issuer key validation to its `verifier` callback: here it is the X.509
 * validation an independent verifier makes, on OpenSSL (node:crypto) and @sd-jwt/crypto-nodejs,
 * none of it Hanaro's code.
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, KeyObject, randomUUID, sign, verify, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ES256 } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { type JWK } from 'jose';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from '../../../test/support/platform.ts';
import { certificateWithoutSan, restoreCertificateWithoutSan } from '../../../test/support/legacy-issuer-certificate.ts';
import { presentSdJwt, sdJwtVcIssuerKey, verifySdJwtPresentation } from '../mobile-id/index.ts';
import { rotateAgencyKeys } from '../onboarding/index.ts';
import { ISSUER, SoftwareWallet } from '../../../test/support/software-wallet.ts';
import { CARD_VCT, encryptResponse, TEST_ISSUER_URL, testIssuer, testWallet, trustIn, type TestIssuer } from '../../../test/support/test-issuer.ts';

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;

const hasher = (data: string | ArrayBuffer, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(typeof data === 'string' ? data : Buffer.from(data)).digest());
const es256 = (key: KeyObject) => (data: string) => sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
const es256Verifies = (key: KeyObject, data: string, signature: string) => verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));

const decodeSegment = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;

/** The SAN entries OpenSSL prints (`URI:…, DNS:…`; an entry with a comma or quote comes JSON-quoted). */
const subjectAltNames = (certificate: X509Certificate) =>
  (certificate.subjectAltName?.match(/(?:[^,"]|"(?:\\.|[^"\\])*")+/g) ?? []).map((entry) => entry.trim().replace(/^(\w+):"(.*)"$/, (_, kind, quoted) => `${kind}:${JSON.parse(`"${quoted}"`)}`));

/**
 * SD-JWT VC issuer key validation with X.509 (draft 13 §3.5; HAIP 1.0 §6.1.1), as an independent
 * verifier makes it: the `x5c` leaf is issued and signed by `root`, valid now and not a CA; `iss`
 * is one of its URI SANs (or, for an https `iss`, its host a DNS SAN); the JWS verifies under it.
 */
const x5cVerifier = (root: X509Certificate) => async (data: string, signature: string) => {
  const [header, payload] = data.split('.').map(decodeSegment) as [{ typ?: string; x5c?: string[] }, { iss?: string }];
  const leaf = new X509Certificate(Buffer.from(header.x5c?.[0] ?? '', 'base64'));
  const now = new Date();
  const chained = leaf.checkIssued(root) && leaf.verify(root.publicKey) && !leaf.ca && leaf.validFromDate <= now && now <= leaf.validToDate;
  const names = subjectAltNames(leaf);
  const iss = payload.iss ?? '';
  // A Status List Token, checked by the same callback, names no issuer: only its chain counts.
  const named = header.typ === 'statuslist+jwt' || names.includes(`URI:${iss}`) || (iss.startsWith('https://') && names.includes(`DNS:${new URL(iss).hostname}`));
  return chained && named && (await ES256.getVerifier(leaf.publicKey.export({ format: 'jwk' })))(data, signature);
};
const kbVerifier = (data: string, signature: string, payload: Record<string, unknown>) =>
  es256Verifies(createPublicKey({ key: (payload.cnf as { jwk: JWK }).jwk as JWK & { kty: string }, format: 'jwk' }), data, signature);

/** Hanaro's pre-authorized code flow, taken by a wallet that holds `holder`. */
function receiveFromHanaro(platform: Platform, resident: Visitor, holder: { privateKey: KeyObject; jwk: JWK }): Promise<string> {
  const wallet = new SoftwareWallet(platform.app);
  wallet.holder = holder;
  return wallet.receive(resident, 'mobile-resident-card', 'mobile-resident-card.sd-jwt');
}

/** Changes one character of the issuer-signed payload: the signature no longer covers it. */
function tamper(sdJwt: string): string {
  const [jwt, ...rest] = sdJwt.split('~');
  const [header, payload, signature] = jwt!.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  claims.exp += 86_400 * 365;
  return [[header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.'), ...rest].join('~');
}

for (const target of databaseTargets()) {
  describe(`SD-JWT VC interop with @sd-jwt/sd-jwt-vc [${target.name}]`, () => {
    let platform: Platform;
    let authority: TestIssuer;
    let rootOf: (agency: string) => Promise<X509Certificate>;
    const holder = (() => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return { privateKey, jwk: publicKey.export({ format: 'jwk' }) as JWK };
    })();

    before(async () => {
      authority = await testIssuer('Interop Authority');
      platform = await startTestPlatform(target, {}, { jobs: false, verifierTrust: trustIn([authority]) });
      rootOf = async (agency) => new X509Certificate((await platform.app.inject({ method: 'GET', url: `/credentials/trust/${agency}.pem` })).body);
    });
    after(() => platform?.close());

    describe('Hanaro issues, @sd-jwt verifies', () => {
      let credential: string;
      let sdjwt: SDJwtVcInstance;
      let resident: Visitor;
      const listReads: string[] = [];
      const present = (nonce: string) => presentSdJwt(credential, { age_over_19: true, given_name: true },
        { holderKey: holder.privateKey.export({ format: 'jwk' }) as JWK, alg: 'ES256', nonce, audience: 'x509_hash:interop', iat: Math.floor(Date.now() / 1000) }) as Promise<string>;
      const verifyAsHanaro = async (sdJwt: string) => {
        const roots = [await rootOf('interior')];
        // Only the issuer key is in question here: the status is read as valid.
        return verifySdJwtPresentation(sdJwt, { typ: 'dc+sd-jwt', resolveIssuerKeys: async ({ iss, header }) => [sdJwtVcIssuerKey(header.x5c, iss, roots, new Date())], checkStatus: async () => 0 });
      };
      /** The same credential as the version before signed it: same key and claims, the signer's certificate without a SAN. */
      const withoutSan = async (sdJwt: string) => {
        const { der, signingKey } = await certificateWithoutSan(platform.database.db, 'interior');
        const [jwt, ...rest] = sdJwt.split('~');
        const [header, payload] = jwt!.split('.');
        const resigned = `${Buffer.from(JSON.stringify({ ...decodeSegment(header!), x5c: [Buffer.from(der).toString('base64')] })).toString('base64url')}.${payload}`;
        return [`${resigned}.${es256(signingKey)(resigned)}`, ...rest].join('~');
      };
      before(async () => {
        resident = new Visitor(platform.app, { 'accept-language': 'en' });
        assert.equal((await resident.signUp(DEMO_RESIDENTS.mirae)).statusCode, 303);
        credential = await receiveFromHanaro(platform, resident, holder);
        const root = await rootOf('interior');
        sdjwt = new SDJwtVcInstance({
          hasher, hashAlg: 'sha-256', verifier: x5cVerifier(root), kbVerifier,
          statusListFetcher: async (uri) => {
            listReads.push(uri);
            return (await platform.app.inject({ method: 'GET', url: new URL(uri).pathname })).body;
          },
        });
      });

      it('verifies the issuer signature under the published IACA root, the disclosures, the KB-JWT and the status list', async () => {
        const result = await sdjwt.verify(await present('interop-nonce-1'), { keyBindingNonce: 'interop-nonce-1' });
        const claims = result.payload as Record<string, unknown>;
        assert.equal(claims.vct, 'urn:hangyeol:credential:mobile-resident-card:1');
        assert.equal(claims.age_over_19, true);
        assert.equal(claims.given_name, '미래');
        assert.equal(claims.birth_date, undefined, 'undisclosed claims stay hidden');
        assert.equal(result.kb?.payload.aud, 'x509_hash:interop');
        assert.deepEqual(listReads, [`${ISSUER}/credentials/status/interior-jwt-1`], 'it read Hanaro\'s status list');
        const all = await sdjwt.getClaims(credential) as Record<string, unknown>;
        assert.equal(all.birth_date, '2001-08-08', 'it reads every disclosure the credential holds');
      });

      it('refuses a presentation whose KB-JWT answers another nonce', async () => {
        await assert.rejects(sdjwt.verify(await present('old-nonce'), { keyBindingNonce: 'interop-nonce-2' }), /nonce/i);
      });

      it('refuses the tampered credential, as Hanaro\'s verifier does', async () => {
        const forged = tamper(credential);
        await assert.rejects(sdjwt.verify(forged));
        await assert.rejects(verifyAsHanaro(forged), { code: 'credential_signature_invalid' });
      });

      it('finds the issuer named in the signer certificate: iss as a URI and its host as a DNS subject alternative name', async () => {
        const leaf = new X509Certificate(Buffer.from((decodeSegment(credential.split('.')[0]!) as { x5c: string[] }).x5c[0]!, 'base64'));
        assert.deepEqual(subjectAltNames(leaf).sort(), ['DNS:localhost', `URI:${ISSUER}`]);
        assert.equal(leaf.ca, false);
        assert.ok(leaf.checkIssued(await rootOf('interior')));
      });

      it('refuses a credential signed under a certificate without the SAN (as issued before), as Hanaro\'s verifier does', async () => {
        const legacy = await withoutSan(credential);
        await assert.rejects(sdjwt.verify(legacy), /signature/i);
        await assert.rejects(verifyAsHanaro(legacy), { code: 'issuer_name_mismatch' });
        await assert.doesNotReject(verifyAsHanaro(credential), 'the same credential under its current certificate is accepted');
      });

      it('reads the suspension from Hanaro\'s status list after "I lost my phone"', async () => {
        assert.equal((await resident.post('/me/wallet/lost-phone', {}, '/me/wallet')).statusCode, 303);
        await assert.rejects(sdjwt.verify(await present('interop-nonce-3'), { keyBindingNonce: 'interop-nonce-3' }), /status/i);
      });
    });

    describe('@sd-jwt issues, Hanaro\'s verifier accepts', () => {
      let shopKey: string;
      let sdjwt: SDJwtVcInstance;
      const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', age_over_19: true };
      before(async () => {
        const operator = new Visitor(platform.app, { 'accept-language': 'en' });
        await operator.signIn('operator@demo.hanaro.example');
        const registered = await operator.post('/office/relying-parties', { nameKo: '가게', nameEn: 'Interop Shop', legalName: 'Interop Shop Ltd', registrationNumber: '', checks: 'age-over-19' }, '/office/relying-parties');
        shopKey = /value="(hnr_rp_[^"]+)"/.exec(registered.body)![1]!;
        sdjwt = new SDJwtVcInstance({
          hasher, hashAlg: 'sha-256', saltGenerator: () => randomUUID(), signer: es256(KeyObject.from(authority.signer.privateKey)), signAlg: 'ES256',
          kbSigner: es256(holder.privateKey), kbSignAlg: 'ES256', verifier: x5cVerifier(authority.root), kbVerifier,
          statusListFetcher: async () => authority.statusListJwt(),
        });
      });

      const issued = async (iss = TEST_ISSUER_URL) => {
        const iat = Math.floor(Date.now() / 1000) - 60;
        return sdjwt.issue(
          { iss, vct: CARD_VCT, iat, exp: iat + 86_400, cnf: { jwk: holder.jwk }, status: { status_list: { idx: 0, uri: authority.statusUri } }, ...CARD },
          { _sd: ['family_name', 'given_name', 'birth_date', 'age_over_19'] },
          { header: { x5c: authority.signer.x5c } },
        );
      };

      /** One OpenID4VP round with Hanaro's verifier, answered with what `present` makes of its request. */
      async function round(present: (request: Record<string, string>) => Promise<string>) {
        const created = (await platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${shopKey}` }, payload: { check: 'age-over-19' } })).json();
        const wallet = await testWallet();
        const request = await wallet.openRequest((await platform.app.inject({ method: 'GET', url: new URL(created.requestUri).pathname })).body);
        const query = request.dcql_query.credentials[0];
        const response = await encryptResponse(request, { vp_token: { [query.id]: [await present(request)] }, state: request.state });
        const posted = await platform.app.inject({ method: 'POST', url: new URL(request.response_uri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ response }).toString() });
        assert.equal(posted.statusCode, 200, posted.body);
        return (await platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${created.id}`, headers: { authorization: `Bearer ${shopKey}` } })).json();
      }
      const presentWith = (credential: string) => (request: Record<string, string>) =>
        sdjwt.present(credential, { age_over_19: true }, { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: request.client_id!, nonce: request.nonce! } } });

      it('verifies an @sd-jwt credential and presentation (its KB-JWT for this request) end to end', async () => {
        const credential = await issued();
        const result = await round(presentWith(credential));
        assert.equal(result.status, 'verified', JSON.stringify(result));
        assert.deepEqual(result.result.claims, { age_over_19: true });
      });

      it('refuses the tampered one, as @sd-jwt itself does', async () => {
        const forged = tamper(await issued());
        await assert.rejects(sdjwt.verify(forged));
        const result = await round(presentWith(forged));
        assert.deepEqual([result.status, result.refusal], ['refused', 'credential_signature_invalid']);
      });

      it('refuses one whose iss its certificate does not name, with the reason', async () => {
        const credential = await issued('https://other-authority.example');
        await assert.rejects(sdjwt.verify(credential), /signature/i);
        const result = await round(presentWith(credential));
        assert.deepEqual([result.status, result.refusal], ['refused', 'issuer_name_mismatch']);
      });
    });

    describe('a deployment whose document signer was certified without the SAN', () => {
      it('re-certifies the same key with the SAN at the next issuance, and @sd-jwt accepts what it signs', async () => {
        const legacy = new X509Certificate(Buffer.from(await restoreCertificateWithoutSan(platform.database.db, 'interior')));
        const resident = new Visitor(platform.app, { 'accept-language': 'en' });
        assert.equal((await resident.signUp(DEMO_RESIDENTS.jiwoo)).statusCode, 303);
        const credential = await receiveFromHanaro(platform, resident, holder);
        const leaf = new X509Certificate(Buffer.from((decodeSegment(credential.split('.')[0]!) as { x5c: string[] }).x5c[0]!, 'base64'));
        assert.ok(leaf.publicKey.equals(legacy.publicKey), 'the same document-signer key');
        assert.deepEqual(subjectAltNames(leaf).sort(), ['DNS:localhost', `URI:${ISSUER}`]);
        const sdjwt = new SDJwtVcInstance({
          hasher, hashAlg: 'sha-256', verifier: x5cVerifier(await rootOf('interior')),
          statusListFetcher: async (uri) => (await platform.app.inject({ method: 'GET', url: new URL(uri).pathname })).body,
        });
        assert.equal(((await sdjwt.verify(credential)).payload as { iss: string }).iss, ISSUER);
        const audit = await sql<{ action: string }>`select action from audit_log where target = 'credential-key:document_signer:interior' order by id`.execute(platform.database.db);
        assert.deepEqual(audit.rows.map((r) => r.action).slice(-1), ['credential.document_signer.recertified']);
      });
    });

    describe('an agency whose document signer was rotated', () => {
      it('signs with the new signer, whose certificate @sd-jwt accepts; what the old one signed @sd-jwt still accepts', async () => {
        const resident = new Visitor(platform.app, { 'accept-language': 'en' });
        assert.equal((await resident.signUp(DEMO_RESIDENTS.seoyeon)).statusCode, 303);
        const before = await receiveFromHanaro(platform, resident, holder);
        const rotated = await rotateAgencyKeys(platform.database.db, 'interior', ['credentials'], { keySecret: testConfig().documentKeySecret, publicUrl: ISSUER }, { actor: 'system:test' });
        const after = await receiveFromHanaro(platform, resident, holder);
        const leafOf = (sdJwt: string) => new X509Certificate(Buffer.from((decodeSegment(sdJwt.split('.')[0]!) as { x5c: string[] }).x5c[0]!, 'base64'));
        assert.equal(leafOf(after).serialNumber, rotated?.credentials?.serialNumber.toUpperCase(), 'the rotated signer signs');
        assert.ok(!leafOf(after).publicKey.equals(leafOf(before).publicKey), 'a new key');
        assert.deepEqual(subjectAltNames(leafOf(after)).sort(), ['DNS:localhost', `URI:${ISSUER}`]);
        const sdjwt = new SDJwtVcInstance({
          hasher, hashAlg: 'sha-256', verifier: x5cVerifier(await rootOf('interior')),
          statusListFetcher: async (uri) => (await platform.app.inject({ method: 'GET', url: new URL(uri).pathname })).body,
        });
        for (const credential of [after, before]) assert.equal(((await sdjwt.verify(credential)).payload as { iss: string }).iss, ISSUER);
      });
    });
  });
}
