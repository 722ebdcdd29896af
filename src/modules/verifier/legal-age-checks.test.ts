/**
 * The verifier's age checks come from the country pack's legal ages: a country whose adult age is
 * not 19 gets an "age over N" check that asks `age_over_N`, in its words, and no "over 19".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { buildPlatform } from '../../app.ts';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, DEMO_RESIDENTS, demoPackWithAdultAge, migratedDatabase, testConfig, Visitor, seedTestPack } from '../../../test/support/platform.ts';
import { credentialSettings, issueCredential } from '../credentials/index.ts';
import { findCountry } from '../country/index.ts';
import { loadPack } from '../packs/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { checksOf } from './checks.ts';
import { testWallet } from '../../../test/support/test-issuer.ts';

describe('age checks from the pack\'s legal ages', () => {
  it('the demo pack: an age check for each legal age a credential type carries a predicate for, then the fixed checks', () => {
    const checks = checksOf(loadPack(DEMO_PACK));
    assert.deepEqual([...checks.keys()], ['age-over-14', 'age-over-19', 'age-over-65', 'identity-account-opening', 'driving-licence']);
    assert.deepEqual(checks.get('age-over-19')!.credentialTypes, ['mobile-resident-card', 'mobile-driving-licence'], 'the ID card asked for first');
    assert.deepEqual(checks.get('age-over-14')!.credentialTypes, ['mobile-resident-card'], 'the licence carries no age_over_14');
    assert.deepEqual([checks.get('age-over-19')!.claims, checks.get('age-over-19')!.predicate], [['age_over_19'], 'age_over_19']);
  });

  it('a country without legal ages has no age check', () => {
    const pack = loadPack(DEMO_PACK);
    assert.deepEqual([...checksOf({ credentialTypes: pack.credentialTypes, country: {} }).keys()], ['identity-account-opening', 'driving-licence']);
  });

  const { mirae, woosung } = DEMO_RESIDENTS;
  // A year above a demo resident's age today: she is under it, and 19 would have said yes.
  const [y, m, d] = mirae.birthDate.split('-').map(Number) as [number, number, number];
  const now = new Date();
  const adult = now.getUTCFullYear() - y - (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d) ? 1 : 0) + 1;

  for (const target of databaseTargets()) {
    describe(`a country whose adult age is ${adult} [${target.name}]`, () => {
      let platform: Awaited<ReturnType<typeof buildPlatform>>;
      let close: () => Promise<void>;
      let key: string;
      let wallet: Awaited<ReturnType<typeof testWallet>>;
      before(async () => {
        wallet = await testWallet();
        const dir = demoPackWithAdultAge(adult);
        const database = await migratedDatabase(target);
        await seedTestPack(database, dir);
        platform = await buildPlatform(testConfig({ packDir: dir }), database, { jobs: false });
        await platform.app.ready();
        close = async () => { await platform.app.close(); await database.close(); };
      });
      after(() => close());

      it(`the office offers "Age ${adult} or over" (and "만 ${adult}세 이상 확인"), not 19, and refuses a registration for age-over-19`, async () => {
        for (const [locale, words, nineteen] of [['en', `Age ${adult} or over`, 'Age 19 or over'], ['ko', `만 ${adult}세 이상 확인`, '만 19세 이상 확인']] as const) {
          const operator = new Visitor(platform.app, { 'accept-language': locale });
          await operator.signIn('operator@demo.hanaro.example');
          const page = (await operator.get('/office/relying-parties')).body;
          assert.match(page, new RegExp(`value="age-over-${adult}"`));
          assert.ok(page.includes(words), words);
          assert.ok(!page.includes(nineteen) && !page.includes('value="age-over-19"'), `no ${nineteen}`);
        }
        const operator = new Visitor(platform.app, { 'accept-language': 'en' });
        await operator.signIn('operator@demo.hanaro.example');
        const form = { nameKo: '가게', nameEn: 'Shop', legalName: 'Shop Ltd', registrationNumber: '' };
        const refused = await operator.post('/office/relying-parties', { ...form, checks: ['age-over-19'] }, '/office/relying-parties');
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /Choose at least one check/);
        const registered = await operator.post('/office/relying-parties', { ...form, checks: [`age-over-${adult}`] }, '/office/relying-parties');
        assert.equal(registered.statusCode, 200, registered.body.slice(0, 300));
        key = /value="(hnr_rp_[^"]+)"/.exec(registered.body)![1]!;
      });

      const api = (check: string) => platform.app.inject({ method: 'POST', url: '/verifier/api/requests', headers: { authorization: `Bearer ${key}` }, payload: { check } });

      it(`a request for it asks age_over_${adult} of both credential types in both formats; age-over-19 is no check here`, async () => {
        const created = await api(`age-over-${adult}`);
        assert.equal(created.statusCode, 201, created.body);
        const request = await wallet.openRequest((await platform.app.inject({ method: 'GET', url: new URL(created.json().requestUri).pathname })).body);
        const claims = request.dcql_query.credentials.map((q: { claims: { path: string[] }[] }) => q.claims.map((c) => c.path.at(-1)));
        assert.equal(claims.length, 4);
        assert.ok(claims.every((c: string[]) => c.length === 1 && c[0] === `age_over_${adult}`), JSON.stringify(claims));
        const nineteen = await api('age-over-19');
        assert.equal(nineteen.statusCode, 400);
        assert.equal(nineteen.json().code, 'unknown_check');
      });

      it(`answers "Yes, ${adult} or over" for a resident well over it and "No, under ${adult}" for one a year younger`, async () => {
        const db = platform.database.db;
        const settings = credentialSettings(testConfig(), (await findCountry(db))!);
        const tablet = new Visitor(platform.app, { 'accept-language': 'en' });
        assert.equal((await tablet.post('/verify-id/pair', { key }, '/verify-id')).statusCode, 303);
        for (const [resident, answer, status] of [[woosung, `Yes, ${adult} or over`, 'verified'], [mirae, `No, under ${adult}`, 'refused']] as const) {
          await new Visitor(platform.app).signUp(resident);
          const { id: residentId } = (await findResidentByIdNumber(db, resident.idNumber))!;
          const { credential } = await issueCredential(db, { residentId, typeId: 'mobile-resident-card', format: 'dc+sd-jwt', holderKey: wallet.holder as JWK }, settings, { actor: `resident:${residentId}` });
          const created = (await api(`age-over-${adult}`)).json();
          const request = await wallet.openRequest((await platform.app.inject({ method: 'GET', url: new URL(created.requestUri).pathname })).body);
          const posted = await platform.app.inject({
            method: 'POST', url: new URL(request.response_uri).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ response: await wallet.respond(request, credential) }).toString(),
          });
          assert.equal(posted.statusCode, 200, posted.body);
          const result = (await platform.app.inject({ method: 'GET', url: `/verifier/api/requests/${created.id}`, headers: { authorization: `Bearer ${key}` } })).json();
          assert.equal(result.status, status, JSON.stringify(result));
          if (status === 'verified') assert.deepEqual(result.result.claims, { [`age_over_${adult}`]: true });
          else assert.equal(result.refusal, 'predicate_false');
          const page = (await tablet.get(`/verify-id/checks/${created.id}`)).body;
          assert.ok(page.includes(answer), answer);
          assert.ok(page.includes(`Age ${adult} or over`), 'the page names the check by its age');
        }
      });
    });
  }
});
