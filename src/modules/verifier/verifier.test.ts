/**
 * A relying party asks for a check, a software wallet fetches the signed request, answers with an
 * encrypted direct_post.jwt, and the party reads the verified result; then every refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { loadPack } from '../packs/index.ts';
import { checksOf } from './checks.ts';
import { clientIdOf } from './access-certificates.ts';
import { createPresentationRequest } from './create-presentation-request.ts';
import { engagementHash } from './engage-wallet.ts';
import { rpKeyHashOf } from './register-relying-party.ts';
import { findRelyingPartyByKeyHash } from './store.ts';
import { MDL_DOCTYPE, MDL_NAMESPACE, testIssuer, testWallet, trustIn, type TestIssuer } from '../../../test/support/test-issuer.ts';

const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', resident_number: '010808-4221745', resident_address: '한결시 중앙로 1', age_over_19: true };
const LICENCE = {
  family_name: '윤', given_name: '미래', birth_date: '2001-08-08', document_number: '11-21-654321-01', expiry_date: '2029-08-07', age_over_19: true,
  driving_privileges: [{ vehicle_category_code: 'B', issue_date: '2021-08-09', expiry_date: '2029-08-07' }],
};

for (const target of databaseTargets()) {
  describe(`verifier: OpenID4VP with DCQL [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let issuer: TestIssuer, stranger: TestIssuer, unreachable: TestIssuer;
    let wallet: Awaited<ReturnType<typeof testWallet>>;
    let shopKey: string, bankKey: string, rentalKey: string;

    const api = (key: string) => ({
      create: (check: string) => platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${key}` }, payload: { check } }),
      result: (id: string) => platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${id}`, headers: { authorization: `Bearer ${key}` } }),
    });
    const fetchRequest = (uri: string) => platform.app.inject({ method: 'GET', url: new URL(uri).pathname });
    const post = (responseUri: string, response: string) => platform.app.inject({ method: 'POST', url: new URL(responseUri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ response }).toString() });

    /** The whole round: create, fetch the request object, answer it with `respond`, read the result. */
    async function roundWith(key: string, check: string, respond: (request: Awaited<ReturnType<typeof wallet.openRequest>>) => Promise<string>) {
      const created = await api(key).create(check);
      assert.equal(created.statusCode, 201, created.body);
      const { id, requestUri } = created.json();
      const request = await wallet.openRequest((await fetchRequest(requestUri)).body);
      const answered = await post(request.response_uri, await respond(request));
      assert.equal(answered.statusCode, 200, answered.body);
      return (await api(key).result(id)).json();
    }
    const round = (key: string, check: string, sdJwt: string, tweak: Parameters<typeof wallet.respond>[2] = {}) =>
      roundWith(key, check, (request) => wallet.respond(request, sdJwt, tweak));
    /** The same round, answered with an mdoc DeviceResponse to the request's mso_mdoc query. */
    const mdocRound = (key: string, check: string, mdoc: string, tweak: Parameters<typeof wallet.respondMdoc>[2] = {}) =>
      roundWith(key, check, (request) => wallet.respondMdoc(request, mdoc, tweak));
    const licence = (statusIdx = 0) => issuer.mdoc(LICENCE, wallet.holder, { docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, statusIdx });

    /** Posts the registration form as a browser does, one `checks` value per ticked box. */
    async function register(operator: Visitor, checks: string[], name: string): Promise<string> {
      const token = /name="_csrf" value="([^"]+)"/.exec((await operator.get('/office/relying-parties')).body)![1]!;
      const form = new URLSearchParams({ _csrf: token, nameKo: name, nameEn: name, legalName: `${name} Ltd`, registrationNumber: '123-45-67890' });
      for (const c of checks) form.append('checks', c);
      const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await platform.app.inject({ method: 'POST', url: '/office/relying-parties', headers: { cookie, 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return /value="(hnr_rp_[^"]+)"/.exec(res.body)![1]!;
    }

    before(async () => {
      issuer = await testIssuer('Hangyeol Interior');
      stranger = await testIssuer('Nobody');
      unreachable = await testIssuer('Hangyeol Offline');
      unreachable.state.online = false;
      issuer.list.set(1, 1);
      issuer.list.set(2, 2);
      platform = await startTestPlatform(target, {}, { jobs: false, verifierTrust: trustIn([issuer, unreachable]) });
      wallet = await testWallet();
      const operator = new Visitor(platform.app, { 'accept-language': 'en' });
      await operator.signIn('operator@demo.hanaro.example');
      shopKey = await register(operator, ['age-over-19'], 'Corner Shop');
      bankKey = await register(operator, ['age-over-19', 'identity-account-opening'], 'Hangyeol Bank');
      rentalKey = await register(operator, ['driving-licence'], 'Hangyeol Car Rental');
    });
    after(() => platform?.close());

    it('answers a request id, a request URI and an openid4vp:// link for the party\'s client id', async () => {
      const res = await api(shopKey).create('age-over-19');
      assert.equal(res.statusCode, 201);
      const body = res.json();
      assert.match(body.authorizationRequest, /^openid4vp:\/\/\?client_id=x509_hash%3A/);
      assert.equal(body.status, 'pending');
      const jwt = (await fetchRequest(body.requestUri));
      assert.equal(jwt.headers['content-type'], 'application/oauth-authz-req+jwt');
      const request = await wallet.openRequest(jwt.body);
      const header = JSON.parse(Buffer.from(jwt.body.split('.')[0]!, 'base64url').toString());
      assert.equal(request.client_id, clientIdOf(Buffer.from(header.x5c[0], 'base64')), 'x509_hash is the hash of the signing certificate');
      assert.equal(request.response_mode, 'direct_post.jwt');
      assert.equal(request.dcql_query.credentials[0].claims[0].path[0], 'age_over_19');
      assert.equal(new URL(body.authorizationRequest.replace('openid4vp://', 'https://x/')).searchParams.get('client_id'), request.client_id);
    });

    it('verifies "over 19" and returns yes only, never the birth date the wallet also sent', async () => {
      const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder), { extraClaims: ['birth_date'] });
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.deepEqual(result.result.claims, { age_over_19: true });
      assert.deepEqual(result.result.trust, { source: 'live' });
      const stored = await sql<{ result: unknown }>`select result from presentation_requests where id = ${result.id}`.execute(platform.database.db);
      assert.doesNotMatch(JSON.stringify(stored.rows[0]), /2001-08-08/);
    });

    it('returns the account-opening claims to a bank registered for them', async () => {
      const result = await round(bankKey, 'identity-account-opening', await issuer.credential(CARD, wallet.holder));
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.deepEqual(Object.keys(result.result.claims).sort(), ['birth_date', 'family_name', 'given_name', 'resident_address', 'resident_number']);
    });

    it('verifies an mdoc for "over 19": issuer chain, digests, device signature over the transcript, CWT status; yes only', async () => {
      const result = await mdocRound(shopKey, 'age-over-19', issuer.mdoc(CARD, wallet.holder), { extraClaims: ['birth_date'] });
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.equal(result.result.format, 'mso_mdoc');
      assert.equal(result.result.credentialType, 'mobile-resident-card');
      assert.deepEqual(result.result.claims, { age_over_19: true });
    });

    it('asks a licence check for the ISO mDL first, and reads its elements as plain values', async () => {
      const created = (await api(rentalKey).create('driving-licence')).json();
      const request = await wallet.openRequest((await fetchRequest(created.requestUri)).body);
      assert.deepEqual(request.dcql_query.credentials.map((q: { format: string }) => q.format), ['mso_mdoc', 'dc+sd-jwt']);
      assert.deepEqual(request.dcql_query.credentials[0].claims[0].path, [MDL_NAMESPACE, 'family_name']);
      assert.equal((await post(request.response_uri, await wallet.respondMdoc(request, licence()))).statusCode, 200);
      const result = (await api(rentalKey).result(created.id)).json();
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.deepEqual(result.result.claims, {
        family_name: '윤', given_name: '미래', document_number: '11-21-654321-01', expiry_date: '2029-08-07',
        driving_privileges: [{ vehicle_category_code: 'B', issue_date: '2021-08-09', expiry_date: '2029-08-07' }],
      });
    });

    it('refuses a revoked and a suspended mdoc through the CWT status list', async () => {
      const revoked = await mdocRound(rentalKey, 'driving-licence', licence(1));
      assert.deepEqual([revoked.status, revoked.refusal], ['refused', 'credential_revoked']);
      const suspended = await mdocRound(rentalKey, 'driving-licence', licence(2));
      assert.deepEqual([suspended.status, suspended.refusal], ['refused', 'credential_suspended']);
    });

    for (const [what, tweak] of [
      ['nonce', { nonce: 'an-old-nonce' }],
      ['client id', { clientId: 'x509_hash:someone-else' }],
      ['response URI', { responseUri: 'https://elsewhere.example/response' }],
    ] as const) {
      it(`refuses an mdoc device-signed over another session transcript (${what} changed)`, async () => {
        const result = await mdocRound(rentalKey, 'driving-licence', licence(), tweak);
        assert.deepEqual([result.status, result.refusal], ['refused', 'device_signature_invalid']);
      });
    }

    it('refuses an mdoc from an issuer it does not trust', async () => {
      const result = await mdocRound(shopKey, 'age-over-19', stranger.mdoc(CARD, wallet.holder));
      assert.deepEqual([result.status, result.refusal], ['refused', 'issuer_untrusted']);
    });

    it('refuses a check outside the party\'s registration (403)', async () => {
      const res = await api(shopKey).create('identity-account-opening');
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'check_not_registered');
    });

    it('refuses a wrong nonce', async () => {
      const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder), { nonce: 'an-old-nonce' });
      assert.deepEqual([result.status, result.refusal], ['refused', 'key_binding_nonce_mismatch']);
    });

    it('refuses a wrong audience (another verifier\'s client id)', async () => {
      const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder), { audience: 'x509_hash:someone-else' });
      assert.deepEqual([result.status, result.refusal], ['refused', 'key_binding_audience_mismatch']);
    });

    it('refuses a KB-JWT signed long ago', async () => {
      const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder), { iat: Math.floor(Date.now() / 1000) - 3600 });
      assert.deepEqual([result.status, result.refusal], ['refused', 'key_binding_too_old']);
    });

    it('refuses a replayed response, to the same request and to a new one', async () => {
      const created = (await api(shopKey).create('age-over-19')).json();
      const request = await wallet.openRequest((await fetchRequest(created.requestUri)).body);
      const response = await wallet.respond(request, await issuer.credential(CARD, wallet.holder));
      assert.equal((await post(request.response_uri, response)).statusCode, 200);
      const again = await post(request.response_uri, response);
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().code, 'response_replayed');
      const other = (await api(shopKey).create('age-over-19')).json();
      const elsewhere = await post(`${new URL(other.requestUri).origin}/verifier/requests/${other.id}/response`, response);
      assert.equal(elsewhere.statusCode, 400);
      assert.equal((await api(shopKey).result(other.id)).json().status, 'pending', 'a response for another request leaves this one open');
    });

    it('refuses a credential from an issuer it does not trust', async () => {
      const result = await round(shopKey, 'age-over-19', await stranger.credential(CARD, wallet.holder));
      assert.deepEqual([result.status, result.refusal], ['refused', 'issuer_untrusted']);
    });

    it('refuses a revoked and a suspended credential through the status list', async () => {
      const revoked = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder, { statusIdx: 1 }));
      assert.deepEqual([revoked.status, revoked.refusal], ['refused', 'credential_revoked']);
      const suspended = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder, { statusIdx: 2 }));
      assert.deepEqual([suspended.status, suspended.refusal], ['refused', 'credential_suspended']);
    });

    it('keeps verifying from the cached status lists (JWT and CWT) while the issuer is offline', async () => {
      await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder));
      await mdocRound(shopKey, 'age-over-19', issuer.mdoc(CARD, wallet.holder));
      const fetches = issuer.state.fetches;
      issuer.state.online = false;
      try {
        const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder));
        assert.equal(result.status, 'verified');
        assert.equal(result.result.trust.source, 'kept', 'the answer says the list was the kept copy');
        const mdoc = await mdocRound(shopKey, 'age-over-19', issuer.mdoc(CARD, wallet.holder));
        assert.equal(mdoc.status, 'verified', JSON.stringify(mdoc));
        assert.equal(issuer.state.fetches, fetches);
      } finally {
        issuer.state.online = true;
      }
    });

    it('refuses when the status cannot be known: the issuer is offline and its list was never read', async () => {
      const result = await mdocRound(shopKey, 'age-over-19', unreachable.mdoc(CARD, wallet.holder));
      assert.deepEqual([result.status, result.refusal], ['refused', 'credential_status_unchecked']);
    });

    it('hands a reader\'s request to the wallet that showed it its QR code, once; a second reader and an unknown code are refused', async () => {
      const started = await platform.app.inject({ method: 'POST', url: '/verifier/engagements' });
      assert.equal(started.statusCode, 201, started.body);
      const { code, link, qr } = started.json();
      assert.equal(new URL(link).pathname, '/verify-id/engage');
      assert.equal(new URL(link).searchParams.get('code'), code);
      assert.match(qr, /^data:image\/png;base64,/);
      const poll = () => platform.app.inject({ method: 'GET', url: `/verifier/engagements/${code}` });
      assert.deepEqual((await poll()).json(), { status: 'waiting' });

      const db = platform.database.db;
      const party = (await findRelyingPartyByKeyHash(db, rpKeyHashOf(shopKey)))!;
      const reader = { publicUrl: new URL(link).origin, checks: checksOf(loadPack(DEMO_PACK)), who: { actor: `relying_party:${party.id}` }, engagement: engagementHash(code) };
      const created = await createPresentationRequest(db, party, 'age-over-19', reader);
      const ready = (await poll()).json();
      assert.deepEqual(ready, { status: 'ready', clientId: party.client_id, requestUri: created.requestUri, authorizationRequest: created.authorizationRequest });
      const request = await wallet.openRequest((await fetchRequest(ready.requestUri)).body);
      assert.equal((await post(request.response_uri, await wallet.respond(request, await issuer.credential(CARD, wallet.holder)))).statusCode, 200);
      assert.equal((await api(shopKey).result(created.id)).json().status, 'verified');

      const requests = async () => Number((await sql<{ n: string }>`select count(*) as n from presentation_requests`.execute(db)).rows[0]!.n);
      const before = await requests();
      await assert.rejects(createPresentationRequest(db, party, 'age-over-19', reader), { code: 'engagement_closed' });
      assert.equal(await requests(), before, 'the second reader\'s request is not left behind');
      const unknown = await platform.app.inject({ method: 'GET', url: `/verifier/engagements/${'A'.repeat(22)}` });
      assert.equal(unknown.statusCode, 410);
      assert.equal(unknown.json().code, 'engagement_closed');
    });

    it('refuses an expired request: no request object, no response, and the party sees "expired"', async () => {
      const created = (await api(shopKey).create('age-over-19')).json();
      const request = await wallet.openRequest((await fetchRequest(created.requestUri)).body);
      const response = await wallet.respond(request, await issuer.credential(CARD, wallet.holder));
      await sql`update presentation_requests set expires_at = now() - interval '1 second' where id = ${created.id}`.execute(platform.database.db);
      assert.equal((await fetchRequest(created.requestUri)).statusCode, 410);
      const late = await post(request.response_uri, response);
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().code, 'request_closed');
      assert.equal((await api(shopKey).result(created.id)).json().status, 'expired');
    });

    it('shows a party only its own requests, and refuses callers without a key', async () => {
      const created = (await api(shopKey).create('age-over-19')).json();
      assert.equal((await api(bankKey).result(created.id)).statusCode, 404);
      const anonymous = await platform.app.inject({ method: 'POST', url: '/verifier/api/requests', payload: { check: 'age-over-19' } });
      assert.equal(anonymous.statusCode, 401);
    });

    it('keeps what was typed and says what is wrong when a registration is incomplete', async () => {
      const operator = new Visitor(platform.app, { 'accept-language': 'en' });
      await operator.signIn('operator@demo.hanaro.example');
      const res = await operator.post('/office/relying-parties', { nameKo: '가게', nameEn: 'Shop', legalName: 'Shop Ltd', registrationNumber: '' }, '/office/relying-parties');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Choose at least one check/);
      assert.match(res.body, /value="Shop Ltd"/);
    });
  });
}
