/** A software wallet (node:crypto P-256 keys) takes the pre-authorized flow end to end over HTTP, then verifies what it got. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { type KeyObject } from 'node:crypto';
import { type JWK } from 'jose';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { disclosed, ISSUER, keyPair, offerFor, SoftwareWallet } from '../../../test/support/software-wallet.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey } from '../govstack-registration/index.ts';
import {
  cborDecode, cborEncode, createStatusChecker, presentSdJwt, SessionTranscript, signCoseSign1, Tag, verifyCertificateChain,
  verifyDeviceResponse, verifySdJwtPresentation, VerificationRefused,
} from '../mobile-id/index.ts';

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;

for (const target of databaseTargets()) {
  describe(`mobile ID issuance [${target.name}]`, () => {
    let platform: Platform;
    let resident: Visitor;
    let root: string;
    let sdJwt: string;
    let holder: KeyObject;
    const wallet = () => new SoftwareWallet(platform.app);
    const fetchPath = async (uri: string) => (await platform.app.inject({ method: 'GET', url: new URL(uri).pathname })).body;
    const verifySdJwt = async (presentation: string, nonce: string) => verifySdJwtPresentation(presentation, {
      typ: 'dc+sd-jwt',
      resolveIssuerKeys: async ({ header }) => [verifyCertificateChain((header.x5c ?? []).map((c) => Buffer.from(c, 'base64')), [root], new Date()).publicKey.export({ format: 'jwk' }) as JWK],
      keyBinding: { nonce, audience: 'x509_san_dns:shop.example' },
      checkStatus: createStatusChecker({
        fetchStatusList: fetchPath,
        resolveListKeys: async (uri) => {
          const header = JSON.parse(Buffer.from((await fetchPath(uri)).split('.')[0]!, 'base64url').toString()) as { x5c: string[] };
          return [verifyCertificateChain(header.x5c.map((c) => Buffer.from(c, 'base64')), [root], new Date()).publicKey.export({ format: 'jwk' }) as JWK];
        },
      }),
    });

    before(async () => {
      platform = await startTestPlatform(target);
      resident = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await resident.signUp(DEMO_RESIDENTS.woosung)).statusCode, 303);
    });
    after(() => platform.close());

    it('publishes issuer and authorization server metadata for both types in both formats', async () => {
      const metadata = (await platform.app.inject({ method: 'GET', url: '/.well-known/openid-credential-issuer' })).json();
      assert.equal(metadata.credential_issuer, ISSUER);
      assert.deepEqual(Object.keys(metadata.credential_configurations_supported).sort(),
        ['mobile-driving-licence.mdoc', 'mobile-driving-licence.sd-jwt', 'mobile-resident-card.mdoc', 'mobile-resident-card.sd-jwt']);
      assert.equal(metadata.credential_configurations_supported['mobile-driving-licence.mdoc'].doctype, 'org.iso.18013.5.1.mDL');
      const as = (await platform.app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' })).json();
      assert.deepEqual(as.dpop_signing_alg_values_supported, ['ES256']);
    });

    it('issues a driving licence as SD-JWT VC and mdoc to a DPoP-bound wallet, verifiable against the published IACA root', async () => {
      const w = wallet();
      const { code, txCode, offer } = await offerFor(resident, 'mobile-driving-licence');
      assert.ok(txCode, 'the licence offer carries a PIN');
      assert.equal(offer.credential_issuer, ISSUER);
      const token = await w.token(code, txCode);
      assert.equal(token.statusCode, 200, token.body);
      assert.equal(token.json().token_type, 'DPoP');
      const sdRes = await w.credential('mobile-driving-licence.sd-jwt', await w.proof(await w.nonce()));
      assert.equal(sdRes.statusCode, 200, sdRes.body);
      holder = w.holder.privateKey;
      root = (await platform.app.inject({ method: 'GET', url: '/credentials/trust/police.pem' })).body;
      assert.match(root, /BEGIN CERTIFICATE/);
      sdJwt = sdRes.json().credentials[0].credential;
      const payload = JSON.parse(Buffer.from(sdJwt.split('~')[0]!.split('.')[1]!, 'base64url').toString());
      assert.deepEqual(Object.keys(payload).filter((k) => !k.startsWith('_')).sort(), ['cnf', 'exp', 'iat', 'iss', 'nbf', 'status', 'vct'], 'only issuer, type, validity, status and key in the clear');
      assert.ok(payload._sd.length > 12, 'decoys beside the 12 claims');

      const nonce = 'verifier-nonce-1';
      const presentation = await presentSdJwt(sdJwt, { age_over_19: true, driving_privileges: true },
        { holderKey: w.holder.privateKey as never, alg: 'ES256', nonce, audience: 'x509_san_dns:shop.example', iat: Math.floor(Date.now() / 1000) }) as string;
      const verified = await verifySdJwt(presentation, nonce);
      assert.equal(verified.claims.age_over_19, true);
      assert.equal(verified.claims.birth_date, undefined, 'the birth date stays hidden');
      assert.deepEqual((verified.claims.driving_privileges as { vehicle_category_code: string }[]).map((p) => p.vehicle_category_code), ['B']);
      assert.equal(verified.status, 0);

      const mdocRes = await w.credential('mobile-driving-licence.mdoc', await w.proof(await w.nonce()));
      assert.equal(mdocRes.statusCode, 200, mdocRes.body);
      const issuerSigned = cborDecode(Buffer.from(mdocRes.json().credentials[0].credential, 'base64url')) as Map<string, unknown>;
      const transcript = SessionTranscript.forOpenId4Vp({ clientId: 'x509_san_dns:shop.example', nonce: 'n-2', jwkThumbprint: null, responseUri: 'https://shop.example/response' });
      const [document] = verifyDeviceResponse(deviceResponse(issuerSigned, transcript, w.holder.privateKey), { trustAnchors: [root], sessionTranscript: transcript });
      assert.equal(document!.docType, 'org.iso.18013.5.1.mDL');
      assert.equal(document!.claims['org.iso.18013.5.1']!.document_number, '11-95-123456-01');
      assert.equal(document!.claims['org.iso.18013.5.1']!.family_name, 'Jung', 'ISO 18013-5 names are in Latin letters');
      assert.equal(document!.claims['org.iso.18013.5.1']!.family_name_national_character, '정');
      assert.ok(document!.claims['org.iso.18013.5.1']!.portrait instanceof Uint8Array, 'the mDL keeps its mandatory portrait element');
      assert.equal(disclosed(sdJwt).portrait, undefined, 'the SD-JWT VC carries no made-up photo');
    });

    it('"I lost my phone" suspends the credentials: the status list says so and the verifier refuses', async () => {
      const res = await resident.post('/me/wallet/lost-phone', {}, '/me/wallet');
      assert.equal(res.statusCode, 303);
      const page = await resident.get('/me/wallet');
      assert.equal((page.body.match(/>Suspended</g) ?? []).length, 2, 'both credentials show as suspended');
      const nonce = 'verifier-nonce-2';
      const presentation = await presentSdJwt(sdJwt, { age_over_19: true }, { holderKey: holder as never, alg: 'ES256', nonce, audience: 'x509_san_dns:shop.example', iat: Math.floor(Date.now() / 1000) }) as string;
      await assert.rejects(verifySdJwt(presentation, nonce), (err: unknown) => err instanceof VerificationRefused && err.code === 'credential_suspended');
      const list = await platform.app.inject({ method: 'GET', url: '/credentials/status/police-jwt-1' });
      assert.match(String(list.headers['cache-control']), /max-age=\d+/);
      assert.equal(list.headers['content-type'], 'application/statuslist+jwt');
    });

    it('refuses a reused and an expired pre-authorized code, a wrong PIN, a wrong DPoP key, a stale nonce and a proof by another key', async () => {
      const w = wallet();
      const first = await offerFor(resident, 'mobile-driving-licence');
      assert.equal((await w.token(first.code, '000000' === first.txCode ? '111111' : '000000')).json().error, 'invalid_grant', 'wrong PIN');
      assert.equal((await w.token(first.code, first.txCode)).json().error, 'invalid_grant', 'a code is spent by its first try');

      const expired = await offerFor(resident, 'mobile-driving-licence');
      await sql`update credential_offers set expires_at = now() - interval '1 second' where used_at is null`.execute(platform.database.db);
      const late = await w.token(expired.code, expired.txCode);
      assert.equal(late.statusCode, 400);
      assert.match(late.json().error_description, /expired/);

      const good = await offerFor(resident, 'mobile-driving-licence');
      assert.equal((await w.token(good.code, good.txCode)).statusCode, 200);
      const thief = keyPair();
      const stolen = await w.credential('mobile-driving-licence.sd-jwt', await w.proof(await w.nonce()), thief);
      assert.equal(stolen.statusCode, 401, 'a DPoP proof by another key than the token is bound to');
      assert.match(String(stolen.headers['www-authenticate']), /^DPoP /);

      const nonce = await w.nonce();
      assert.equal((await w.credential('mobile-driving-licence.sd-jwt', await w.proof(nonce))).statusCode, 200);
      const replay = await w.credential('mobile-driving-licence.sd-jwt', await w.proof(nonce));
      assert.equal(replay.json().error, 'invalid_nonce');

      const other = keyPair();
      const forged = await w.credential('mobile-driving-licence.sd-jwt', await w.proof(await w.nonce(), other.privateKey, w.holder.jwk));
      assert.equal(forged.json().error, 'invalid_proof');
      assert.equal((await w.credential('mobile-resident-card.sd-jwt', await w.proof(await w.nonce()))).json().error, 'unknown_credential_configuration');
    });

    it('builds a new credential from the registry as it is now, and logs the read for the resident', async () => {
      const db = platform.database.db;
      const admin = (await findStaffByEmail(db, 'admin.police@demo.hanaro.example'))!;
      const key = await issueApiKey(db, agencyScope('police'), { label: 'licence register', scopes: ['registries:write'] }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(key.ok);
      const licence = { licenceNumber: '11-95-123456-01' };
      const changed = await platform.app.inject({
        method: 'PUT', url: '/govstack/registries/data/driving-licences/1.0/update', headers: { authorization: `Bearer ${key.secret}`, 'information-mediator-client': 'eGovStack/GOV/90000009/digitalregistries' },
        payload: { query: { content: licence }, write: { content: { classes: ['class1-large', 'class1-ordinary'], validUntil: '2031-06-30' } } },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const readsBefore = await issuanceReads(db);

      const w = wallet();
      const { code, txCode } = await offerFor(resident, 'mobile-driving-licence');
      assert.equal((await w.token(code, txCode)).statusCode, 200);
      const res = await w.credential('mobile-driving-licence.sd-jwt', await w.proof(await w.nonce()));
      assert.equal(res.statusCode, 200, res.body);
      const nonce = 'verifier-nonce-3';
      const presentation = await presentSdJwt(res.json().credentials[0].credential, { driving_privileges: true },
        { holderKey: w.holder.privateKey as never, alg: 'ES256', nonce, audience: 'x509_san_dns:shop.example', iat: Math.floor(Date.now() / 1000) }) as string;
      const privileges = (await verifySdJwt(presentation, nonce)).claims.driving_privileges as { vehicle_category_code: string; expiry_date: string }[];
      assert.deepEqual(privileges.map((p) => p.vehicle_category_code), ['C', 'B'], 'the class added in the register is in the new licence');
      assert.deepEqual(new Set(privileges.map((p) => p.expiry_date)), new Set(['2031-06-30']));

      const reads = (await issuanceReads(db)).slice(readsBefore.length);
      assert.deepEqual(reads.map((r) => r.registry_id).sort(), ['driving-licences', 'residents']);
      const licenceRead = reads.find((r) => r.registry_id === 'driving-licences')!;
      assert.deepEqual([...licenceRead.fields].sort(), ['classes', 'issued', 'licenceNumber', 'validUntil']);
      assert.equal(licenceRead.reader_agency_id, 'police');
      assert.deepEqual([...reads.find((r) => r.registry_id === 'residents')!.fields].sort(), ['birthDate', 'name', 'nameLatin']);
      assert.equal(await count(db, 'credential_source_records'), null, 'no copy of registry records is kept');
    });

    it('a resident without a licence is not offered one', async () => {
      const other = new Visitor(platform.app, { 'accept-language': 'en' });
      await other.signUp(DEMO_RESIDENTS.mirae);
      assert.equal((await other.get('/me/wallet/offer?type=mobile-driving-licence')).statusCode, 403);
      assert.equal((await other.get('/me/wallet/offer?type=mobile-resident-card')).statusCode, 200);
    });

    it('carries a text the registry holds in two languages as one claim per language, and makes up no photo', async () => {
      const w = wallet();
      const { code } = await offerFor(resident, 'mobile-resident-card');
      assert.equal((await w.token(code)).statusCode, 200);
      const sdRes = await w.credential('mobile-resident-card.sd-jwt', await w.proof(await w.nonce()));
      assert.equal(sdRes.statusCode, 200, sdRes.body);
      const claims = disclosed(sdRes.json().credentials[0].credential);
      assert.equal(claims.resident_address, '한결시 북구 솔숲로 21', 'the plain claim in the country\'s first language');
      assert.equal(claims['resident_address#en'], '21 Solsup-ro, Buk-gu, Hangyeol City');
      assert.equal(claims.issuing_authority, '행정안전부');
      assert.equal(claims['issuing_authority#en'], 'Ministry of the Interior and Safety');
      assert.equal(claims.portrait, undefined);

      const mdocRes = await w.credential('mobile-resident-card.mdoc', await w.proof(await w.nonce()));
      assert.equal(mdocRes.statusCode, 200, mdocRes.body);
      const issuerSigned = cborDecode(Buffer.from(mdocRes.json().credentials[0].credential, 'base64url')) as Map<string, Map<string, Tag[]>>;
      const elements = new Map([...issuerSigned.get('nameSpaces')!.values()].flat()
        .map((item) => cborDecode(item.value as Uint8Array) as Map<string, unknown>).map((item) => [item.get('elementIdentifier') as string, item.get('elementValue')]));
      assert.equal(elements.get('resident_address#en'), '21 Solsup-ro, Buk-gu, Hangyeol City');
      assert.equal(elements.get('issuing_authority#en'), 'Ministry of the Interior and Safety');
      assert.equal(elements.has('portrait'), false);
    });
  });
}

/** The claims an SD-JWT VC discloses at its top level. */
async function issuanceReads(db: Platform['database']['db']) {
  const { rows } = await sql<{ registry_id: string; fields: string[]; reader_agency_id: string }>`
    select r.registry_id, r.fields, r.reader_agency_id from personal_data_reads r join residents p on p.id = r.resident_id
    where r.channel = 'issuance' and p.id_number = ${DEMO_RESIDENTS.woosung.idNumber} order by r.id`.execute(db);
  return rows;
}

/** Whether a table exists: null when it does not. */
async function count(db: Platform['database']['db'], table: string): Promise<number | null> {
  const { rows } = await sql<{ name: string | null }>`select to_regclass(${table})::text as name`.execute(db);
  if (!rows[0]?.name) return null;
  return Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
}

/** What a wallet hands a reader: the issuer-signed part as issued, and a device signature over the session transcript. */
function deviceResponse(issuerSigned: Map<string, unknown>, transcript: SessionTranscript, deviceKey: KeyObject): Buffer {
  const docType = 'org.iso.18013.5.1.mDL';
  const nameSpacesBytes = cborEncode(new Map());
  const authentication = cborEncode(new Tag(cborEncode(['DeviceAuthentication', cborDecode(transcript.bytes), docType, new Tag(nameSpacesBytes, 24)]), 24));
  const signed = cborDecode(signCoseSign1({ alg: 'ES256', key: deviceKey, payload: authentication, tagged: false })) as unknown[];
  signed[2] = null;
  const document = new Map<string, unknown>([['docType', docType], ['issuerSigned', issuerSigned],
    ['deviceSigned', new Map<string, unknown>([['nameSpaces', new Tag(nameSpacesBytes, 24)], ['deviceAuth', new Map([['deviceSignature', signed]])]])]]);
  return cborEncode(new Map<string, unknown>([['version', '1.0'], ['documents', [document]], ['status', 0]]));
}
