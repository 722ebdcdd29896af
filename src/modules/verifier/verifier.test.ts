/**
 * A relying party asks for a check, a software wallet fetches the signed request, answers with an
 * encrypted direct_post.jwt, and the party reads the verified result; then every refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { clientIdOf } from './access-certificates.ts';
import { testIssuer, testWallet, trustIn, type TestIssuer } from './testing/test-issuer.ts';

const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', resident_number: '010808-4221745', resident_address: '한결시 중앙로 1', age_over_19: true };

for (const target of databaseTargets()) {
  describe(`verifier: OpenID4VP with DCQL [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let issuer: TestIssuer, stranger: TestIssuer;
    let wallet: Awaited<ReturnType<typeof testWallet>>;
    let shopKey: string, bankKey: string;

    const api = (key: string) => ({
      create: (check: string) => platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${key}` }, payload: { check } }),
      result: (id: string) => platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${id}`, headers: { authorization: `Bearer ${key}` } }),
    });
    const fetchRequest = (uri: string) => platform.app.inject({ method: 'GET', url: new URL(uri).pathname });
    const post = (responseUri: string, response: string) => platform.app.inject({ method: 'POST', url: new URL(responseUri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ response }).toString() });

    /** The whole round: create, fetch the request object, answer, read the result. */
    async function round(key: string, check: string, sdJwt: string, tweak: Parameters<typeof wallet.respond>[2] = {}) {
      const created = await api(key).create(check);
      assert.equal(created.statusCode, 201, created.body);
      const { id, requestUri } = created.json();
      const request = await wallet.openRequest((await fetchRequest(requestUri)).body);
      const answered = await post(request.response_uri, await wallet.respond(request, sdJwt, tweak));
      assert.equal(answered.statusCode, 200, answered.body);
      return (await api(key).result(id)).json();
    }

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
      issuer.list.set(1, 1);
      issuer.list.set(2, 2);
      platform = await startTestPlatform(target, {}, { jobs: false, verifierTrust: trustIn([issuer]) });
      wallet = await testWallet();
      const operator = new Visitor(platform.app, { 'accept-language': 'en' });
      await operator.signIn('operator@demo.hanaro.example');
      shopKey = await register(operator, ['age-over-19'], 'Corner Shop');
      bankKey = await register(operator, ['age-over-19', 'identity-account-opening'], 'Hangyeol Bank');
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
      const stored = await sql<{ result: unknown }>`select result from presentation_requests where id = ${result.id}`.execute(platform.database.db);
      assert.doesNotMatch(JSON.stringify(stored.rows[0]), /2001-08-08/);
    });

    it('returns the account-opening claims to a bank registered for them', async () => {
      const result = await round(bankKey, 'identity-account-opening', await issuer.credential(CARD, wallet.holder));
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.deepEqual(Object.keys(result.result.claims).sort(), ['birth_date', 'family_name', 'given_name', 'resident_address', 'resident_number']);
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

    it('keeps verifying from the cached status list while the issuer is offline', async () => {
      await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder));
      const fetches = issuer.state.fetches;
      issuer.state.online = false;
      try {
        const result = await round(shopKey, 'age-over-19', await issuer.credential(CARD, wallet.holder));
        assert.equal(result.status, 'verified');
        assert.equal(issuer.state.fetches, fetches);
      } finally {
        issuer.state.online = true;
      }
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
