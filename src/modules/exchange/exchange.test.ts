import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { CompactSign, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { databaseTargets } from '../../../test/support/databases.ts';
import { clientPolicy, DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from '../../../test/support/platform.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { checkConsent, giveConsent, withdrawConsent } from '../consent/index.ts';
import { issueApiKey } from '../govstack-registration/index.ts';
import { registerClient } from '../sso/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { exchangeModule, ExchangeRefusal } from './index.ts';
import { registerSystemKey } from './member-keys.ts';
import { requestHashOf } from './signed-messages.ts';

const { minjun, seoyeon, woosung } = DEMO_RESIDENTS;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** An agency's own system: an API key with the exchange scope and a signing key whose public half its admin registered. */
interface AgencySystem { agency: string; token: string; kid: string; privateKey: CryptoKey }

for (const target of databaseTargets()) {
  describe(`the information mediator [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let welfare: AgencySystem, police: AgencySystem;
    const db = () => platform.database.db;

    const adminOf = async (agency: string) => (await findStaffByEmail(db(), `admin.${agency}@demo.hanaro.example`))!;
    const systemOf = async (agency: string): Promise<AgencySystem> => {
      const admin = await adminOf(agency);
      const key = await issueApiKey(db(), agencyScope(agency), { label: `${agency} exchange system`, scopes: ['exchange'] }, { staffId: admin.id, who: { actor: 'system:test' } });
      assert.ok(key.ok);
      const pair = await generateKeyPair('ES256', { extractable: true });
      const registered = await registerSystemKey(db(), agencyScope(agency), { label: `${agency} system`, jwk: JSON.stringify(await exportJWK(pair.publicKey)) }, { actor: 'system:test' });
      assert.ok(registered.ok);
      return { agency, token: key.secret, kid: registered.kid, privateKey: pair.privateKey };
    };
    const claimsFor = (from: string, to: string, service: string, subject: string, extra: Record<string, unknown> = {}) => ({
      iss: `HG/GOV/${from}`, aud: `HG/GOV/${to}`, service, subject, purpose: 'child allowance eligibility', serviceId: 'child-allowance',
      iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...extra,
    });
    const sign = (claims: object, key: CryptoKey, kid: string) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', typ: 'hanaro-im-request+jws', kid }).sign(key);
    const send = (system: AgencySystem, provider: string, service: string, jws: string, client = `HG/GOV/${system.agency}/benefits`) =>
      platform.app.inject({
        method: 'POST', url: `/exchange/r1/HG/GOV/${provider}/hanaro/${service}`, payload: jws,
        headers: { authorization: `Bearer ${system.token}`, 'information-mediator-client': client, 'content-type': 'application/jose', 'accept-language': 'en' },
      });
    const logOf = async (jws: string) => (await sql<Json>`select * from exchange_messages where request_jws = ${jws} order by side`.execute(db())).rows;
    const refusalAudits = async (messageId: string) => (await sql<Json>`select * from audit_log where action = 'exchange.request_refused' and target = ${`exchange-message:${messageId}`}`.execute(db())).rows;
    const residentId = async (idNumber: string) => (await findResidentByIdNumber(db(), idNumber))!.id;
    const consentOf = async (idNumber: string) => (await giveConsent(db(), { residentId: await residentId(idNumber), dataAgreementId: 'child-allowance', language: 'en', channel: 'portal', actor: 'system:test' })).id;

    /** A refusal is answered with its reason and kept in both ends' logs (the mediator's when no end is known), audited. */
    const assertRefused = async (res: Awaited<ReturnType<typeof send>>, jws: string, reason: string, ends: string[]) => {
      assert.equal(res.statusCode >= 400 && res.statusCode < 500, true, `${res.statusCode} ${res.body}`);
      assert.equal(res.json().error, reason, res.body);
      assert.ok(res.json().message);
      const rows = await logOf(jws);
      assert.deepEqual(rows.map((r: Json) => `${r.side}:${r.agency_id}`), ends);
      for (const r of rows) assert.deepEqual([r.outcome, r.reason, r.response_jws], ['refused', reason, null]);
      assert.equal(new Set(rows.map((r: Json) => r.message_id)).size, 1);
      assert.equal((await refusalAudits(rows[0].message_id)).length, new Set(rows.map((r: Json) => r.agency_id)).size);
    };

    before(async () => {
      platform = await startTestPlatform(target);
      welfare = await systemOf('welfare');
      police = await systemOf('police');
    });
    after(() => platform.close());

    it('answers a signed request with the provider\'s signed response, verifiable with its published keys, logged at both ends', async () => {
      const claims = claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber);
      const jws = await sign(claims, welfare.privateKey, welfare.kid);
      const res = await send(welfare, 'health', 'health-insurance-status', jws);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/jose/);
      const jwks = await platform.app.inject({ method: 'GET', url: '/govstack/im/members/HG/GOV/health/jwks.json' });
      assert.equal(jwks.statusCode, 200);
      const { payload, protectedHeader } = await compactVerify(res.body, createLocalJWKSet(jwks.json() as { keys: JWK[] }));
      assert.equal(protectedHeader.typ, 'hanaro-im-response+jws');
      const answer = JSON.parse(new TextDecoder().decode(payload));
      assert.deepEqual([answer.iss, answer.aud, answer.service, answer.requestJti, answer.requestHash], ['HG/GOV/health', 'HG/GOV/welfare', 'health-insurance-status', claims.jti, requestHashOf(jws)]);
      assert.equal(answer.records.length, 1);
      assert.deepEqual(Object.keys(answer.records[0]).sort(), ['monthlyPremium', 'since', 'type'], 'only the fields the data service returns');

      const rows = await logOf(jws);
      assert.deepEqual(rows.map((r: Json) => `${r.side}:${r.agency_id}`), ['consumer:welfare', 'provider:health']);
      for (const r of rows) assert.deepEqual([r.outcome, r.response_jws, r.record_count, r.message_id], ['answered', res.body, 1, res.headers['hanaro-exchange-message']]);
      const reads = (await sql<Json>`select * from personal_data_reads where request_id = ${rows[0].message_id}`.execute(db())).rows;
      assert.equal(reads.length, 1);
      assert.deepEqual([reads[0].channel, reads[0].mediator, reads[0].reader_agency_id, reads[0].reader_kind, reads[0].registry_id, reads[0].service_id, reads[0].resident_id],
        ['exchange', 'hanaro-im', 'welfare', 'api_key', 'health-insurance', 'child-allowance', await residentId(minjun.idNumber)]);
      assert.deepEqual([...reads[0].fields].sort(), ['monthlyPremium', 'since', 'type']);
      assert.equal(reads[0].legal_basis, '사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률 제7조', 'the data service\'s legal basis, in the pack\'s first language');
    });

    it('takes an OAuth client-credentials token with the exchange scope as the caller\'s credential', async () => {
      const registered = await registerClient(db(), agencyScope('welfare'), 'welfare-benefits', {
        name: 'Welfare benefits', logoUri: null, redirectUris: [], grantTypes: ['client_credentials'], authMethod: 'client_secret_basic',
        publicJwk: null, userClaims: [], apiScopes: ['exchange'], acrValues: [], status: 'active',
      }, clientPolicy(), { actor: 'system:test' });
      assert.ok(registered.ok && registered.clientSecret);
      const issuer = new URL(`${testConfig().publicUrl}/oidc/token`);
      const token = await platform.app.inject({
        method: 'POST', url: issuer.pathname, payload: 'grant_type=client_credentials&scope=exchange',
        headers: { host: issuer.host, 'x-forwarded-proto': issuer.protocol.slice(0, -1), 'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${registered.clientId}:${registered.clientSecret}`).toString('base64')}` },
      });
      assert.equal(token.statusCode, 200, token.body);
      const jws = await sign(claimsFor('welfare', 'health', 'health-insurance-status', woosung.idNumber), welfare.privateKey, welfare.kid);
      const res = await send({ ...welfare, token: token.json().access_token }, 'health', 'health-insurance-status', jws);
      assert.equal(res.statusCode, 200, res.body);
      const [read] = (await sql<Json>`select * from personal_data_reads where request_id = ${res.headers['hanaro-exchange-message']}`.execute(db())).rows;
      assert.deepEqual([read.reader_kind, read.reader_id, read.reader_agency_id], ['oauth', registered.clientId, 'welfare']);
    });

    it('refuses the same signed request a second time (replayed jti), and logs it', async () => {
      const jws = await sign(claimsFor('welfare', 'health', 'health-insurance-status', seoyeon.idNumber), welfare.privateKey, welfare.kid);
      assert.equal((await send(welfare, 'health', 'health-insurance-status', jws)).statusCode, 200);
      const again = await send(welfare, 'health', 'health-insurance-status', jws);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error, 'replayed_request');
      const rows = await logOf(jws);
      assert.deepEqual(rows.map((r: Json) => `${r.side}:${r.outcome}`).sort(), ['consumer:answered', 'consumer:refused', 'provider:answered', 'provider:refused']);
    });

    it('refuses a bad signature: another key under the member\'s kid, or a changed payload', async () => {
      const stranger = await generateKeyPair('ES256');
      const forged = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), stranger.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', forged), forged, 'bad_signature', ['consumer:welfare', 'provider:health']);
      const good = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      const [h, p, s] = good.split('.');
      const changed = JSON.parse(Buffer.from(p!, 'base64url').toString());
      changed.subject = woosung.idNumber;
      const tampered = `${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${s}`;
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', tampered), tampered, 'bad_signature', ['consumer:welfare', 'provider:health']);
    });

    it('refuses an unknown member', async () => {
      const jws = await sign(claimsFor('ministry-of-magic', 'health', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', jws, 'HG/GOV/welfare/benefits'), jws, 'unknown_member', ['consumer:welfare', 'provider:health']);
      const elsewhere = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber, { iss: 'XX/GOV/welfare' }), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', elsewhere), elsewhere, 'unknown_member', ['consumer:welfare', 'provider:health']);
      const nowhere = await sign(claimsFor('welfare', 'ministry-of-magic', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'ministry-of-magic', 'health-insurance-status', nowhere), nowhere, 'unknown_member', ['consumer:welfare']);
    });

    it('refuses a data service the caller is not a consumer of', async () => {
      const jws = await sign(claimsFor('police', 'tax', 'income-tax-status', woosung.idNumber), police.privateKey, police.kid);
      await assertRefused(await send(police, 'tax', 'income-tax-status', jws), jws, 'service_not_allowed', ['consumer:police', 'provider:tax']);
      const unknown = await sign(claimsFor('police', 'tax', 'shoe-sizes', woosung.idNumber), police.privateKey, police.kid);
      await assertRefused(await send(police, 'tax', 'shoe-sizes', unknown), unknown, 'unknown_service', ['consumer:police', 'provider:tax']);
    });

    it('refuses a header member that is not the bearer\'s agency, and a request signed as another member than the header', async () => {
      const jws = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', jws, 'HG/GOV/tax/benefits'), jws, 'client_mismatch', ['consumer:welfare', 'provider:health']);
      const asWelfare = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      await assertRefused(await send(police, 'health', 'health-insurance-status', asWelfare, 'HG/GOV/police/x'), asWelfare, 'client_mismatch', ['consumer:police', 'provider:health']);
    });

    it('answers a consent-bound data service only with a valid consent of that resident; withdrawn, it refuses', async () => {
      const none = await sign(claimsFor('welfare', 'interior', 'proof-of-residence', minjun.idNumber), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'interior', 'proof-of-residence', none), none, 'consent_required', ['consumer:welfare', 'provider:interior']);
      const consentId = await consentOf(minjun.idNumber);
      const othersConsent = await sign(claimsFor('welfare', 'interior', 'proof-of-residence', seoyeon.idNumber, { consentId }), welfare.privateKey, welfare.kid);
      const refused = await send(welfare, 'interior', 'proof-of-residence', othersConsent);
      await assertRefused(refused, othersConsent, 'consent_required', ['consumer:welfare', 'provider:interior']);
      assert.equal(refused.json().detail, 'consent_not_found');

      const jws = await sign(claimsFor('welfare', 'interior', 'proof-of-residence', minjun.idNumber, { consentId }), welfare.privateKey, welfare.kid);
      const res = await send(welfare, 'interior', 'proof-of-residence', jws);
      assert.equal(res.statusCode, 200, res.body);
      const [record] = JSON.parse(Buffer.from(res.body.split('.')[1]!, 'base64url').toString()).records;
      assert.equal(record.name, minjun.name);
      assert.ok(record.address.ko && Array.isArray(record.addressHistory));
      const [read] = (await sql<Json>`select * from personal_data_reads where consent_id = ${consentId}`.execute(db())).rows;
      assert.equal(read.channel, 'exchange');

      assert.equal(await withdrawConsent(db(), { consentId, residentId: await residentId(minjun.idNumber), actor: 'system:test' }), 'withdrawn');
      const after = await sign(claimsFor('welfare', 'interior', 'proof-of-residence', minjun.idNumber, { consentId }), welfare.privateKey, welfare.kid);
      const withdrawn = await send(welfare, 'interior', 'proof-of-residence', after);
      await assertRefused(withdrawn, after, 'consent_required', ['consumer:welfare', 'provider:interior']);
      assert.equal(withdrawn.json().detail, 'consent_withdrawn');
    });

    it('refuses a stale request, a malformed one, and callers without a credential or the exchange scope', async () => {
      const stale = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber, { iat: Math.floor(Date.now() / 1000) - 3600 }), welfare.privateKey, welfare.kid);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', stale), stale, 'stale_request', ['consumer:welfare', 'provider:health']);
      await assertRefused(await send(welfare, 'health', 'health-insurance-status', 'not-a-jws'), 'not-a-jws', 'bad_request', ['consumer:welfare']);
      const jws = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), welfare.privateKey, welfare.kid);
      const anonymous = await platform.app.inject({ method: 'POST', url: '/exchange/r1/HG/GOV/health/hanaro/health-insurance-status', payload: jws, headers: { 'content-type': 'application/jose', 'information-mediator-client': 'HG/GOV/welfare/x' } });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error, 'unauthorized');
      const admin = await adminOf('welfare');
      const narrow = await issueApiKey(db(), agencyScope('welfare'), { label: 'registration only', scopes: ['registration:read'] }, { staffId: admin.id, who: { actor: 'system:test' } });
      assert.ok(narrow.ok);
      const unscoped = await send({ ...welfare, token: narrow.secret }, 'health', 'health-insurance-status', jws);
      assert.deepEqual([unscoped.statusCode, unscoped.json().error], [403, 'insufficient_scope']);
      const noHeader = await platform.app.inject({ method: 'POST', url: '/exchange/r1/HG/GOV/health/hanaro/health-insurance-status', payload: jws, headers: { authorization: `Bearer ${welfare.token}`, 'content-type': 'application/jose' } });
      assert.deepEqual([noHeader.statusCode, noHeader.json().error], [400, 'bad_request']);
      assert.equal((await logOf(jws)).length, 0, 'nothing reached the mediator');
    });

    it('refuses requests signed with a key the agency admin revoked', async () => {
      const revoked = await systemOf('welfare');
      const admin = new Visitor(platform.app, { 'accept-language': 'en' });
      await admin.signIn('admin.welfare@demo.hanaro.example');
      const res = await admin.post(`/office/exchange/keys/${encodeURIComponent(revoked.kid)}/revoke`, {}, '/office/exchange');
      assert.equal(res.statusCode, 303);
      const jws = await sign(claimsFor('welfare', 'health', 'health-insurance-status', minjun.idNumber), revoked.privateKey, revoked.kid);
      await assertRefused(await send(revoked, 'health', 'health-insurance-status', jws), jws, 'bad_signature', ['consumer:welfare', 'provider:health']);
      const policeAdmin = new Visitor(platform.app, { 'accept-language': 'en' });
      await policeAdmin.signIn('admin.police@demo.hanaro.example');
      assert.equal((await policeAdmin.post(`/office/exchange/keys/${encodeURIComponent(welfare.kid)}/revoke`, {}, '/office/exchange')).statusCode, 404, 'another agency\'s key is not there');
    });

    it('fetches for an agency through the same path: Hanaro signs, the mediator checks, the answer is verified', async () => {
      const exchange = exchangeModule(db(), {
        instance: 'HG', locale: 'ko', keySecret: testConfig().documentKeySecret, publicUrl: 'http://localhost', verifiers: [], checkConsent,
      });
      const reader = { kind: 'system' as const, id: 'portal', agencyId: 'welfare' };
      const fetched = await exchange.fetchFromDataService(db(), { consumerAgencyId: 'welfare', dataServiceId: 'health-insurance-status', subjectIdNumber: seoyeon.idNumber, purpose: 'test', reader });
      assert.equal(fetched.providerAgencyId, 'health');
      assert.equal(fetched.records.length, 1);
      const rows = (await sql<Json>`select * from exchange_messages where message_id = ${fetched.messageId} order by side`.execute(db())).rows;
      assert.deepEqual(rows.map((r: Json) => `${r.side}:${r.agency_id}:${r.outcome}`), ['consumer:welfare:answered', 'provider:health:answered']);
      assert.equal(rows[0].response_jws, fetched.responseJws);

      await assert.rejects(exchange.fetchFromDataService(db(), { consumerAgencyId: 'police', dataServiceId: 'income-tax-status', subjectIdNumber: woosung.idNumber, purpose: 'test', reader: { ...reader, agencyId: 'police' } }),
        (err: unknown) => err instanceof ExchangeRefusal && err.reason === 'service_not_allowed' && err.status === 403);
      await assert.rejects(exchange.fetchFromDataService(db(), { consumerAgencyId: 'welfare', dataServiceId: 'family-relations', subjectIdNumber: minjun.idNumber, purpose: 'test', consentId: randomUUID(), reader }),
        (err: unknown) => err instanceof ExchangeRefusal && err.reason === 'consent_required');
      // Inside the caller's transaction, a refusal is rolled back to before the request and then logged there.
      const before = (await sql<{ n: number }>`select count(*)::int as n from exchange_messages where reason = 'service_not_allowed'`.execute(db())).rows[0]!.n;
      await db().transaction().execute(async (trx) => {
        await assert.rejects(exchange.fetchFromDataService(trx, { consumerAgencyId: 'police', dataServiceId: 'income-tax-status', subjectIdNumber: woosung.idNumber, purpose: 'test', reader: { ...reader, agencyId: 'police' } }));
        const ok = await exchange.fetchFromDataService(trx, { consumerAgencyId: 'welfare', dataServiceId: 'health-insurance-status', subjectIdNumber: woosung.idNumber, purpose: 'test', reader });
        assert.equal(ok.records.length, 1);
      });
      assert.equal((await sql<{ n: number }>`select count(*)::int as n from exchange_messages where reason = 'service_not_allowed'`.execute(db())).rows[0]!.n, before + 2);
    });

    it('keeps the exchange log append-only', async () => {
      await assert.rejects(sql`update exchange_messages set reason = 'edited'`.execute(db()), /append-only/);
      await assert.rejects(sql`delete from exchange_messages`.execute(db()), /append-only/);
    });
  });
}
