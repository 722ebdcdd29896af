import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { exportJWK, generateKeyPair } from 'jose';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey } from '../govstack-registration/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const spec = parse(fs.readFileSync(path.join(import.meta.dirname, 'spec', 'GovStack_IM_Directory_Services_API.yaml'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
function conforms(body: unknown, p: string) {
  const schema = spec.paths[p].get.responses['200'].content['application/json'].schema;
  const validate = ajv.compile({ ...schema, components: spec.components });
  assert.ok(validate(body), JSON.stringify(validate.errors?.slice(0, 3)));
}
const R1 = '/r1/{instanceId}/{memberClass}/{memberCode}/{applicationCode}';

for (const target of databaseTargets()) {
  describe(`the GovStack IM directory and the exchange office page [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let policeToken: string, landToken: string;
    const get = (url: string, headers: Record<string, string> = {}) => platform.app.inject({ method: 'GET', url: `/govstack/im${url}`, headers: { 'accept-language': 'en', ...headers } });
    const keyFor = async (agency: string) => {
      const admin = (await findStaffByEmail(platform.database.db, `admin.${agency}@demo.hanaro.example`))!;
      const key = await issueApiKey(platform.database.db, agencyScope(agency), { label: 'directory', scopes: ['exchange'] }, { staffId: admin.id, who: { actor: 'system:test' } });
      assert.ok(key.ok);
      return key.secret;
    };

    before(async () => {
      platform = await startTestPlatform(target);
      policeToken = await keyFor('police');
      landToken = await keyFor('land');
    });
    after(() => platform.close());

    it('lists every agency as a member with its Hanaro subsystem (listClients)', async () => {
      const res = await get('/listClients');
      assert.equal(res.statusCode, 200);
      conforms(res.json(), '/listClients');
      const members = res.json().member.filter((m: Json) => m.id.objectType === 'MEMBER').map((m: Json) => m.id.memberCode);
      assert.deepEqual(members.sort(), ['foreign', 'health', 'interior', 'land', 'police', 'tax', 'welfare']);
      const welfare = res.json().member.find((m: Json) => m.id.objectType === 'APPLICATION' && m.id.memberCode === 'welfare');
      assert.deepEqual(welfare.id, { objectType: 'APPLICATION', instanceId: 'HG', memberClass: 'GOV', memberCode: 'welfare', applicationCode: 'hanaro' });
      assert.deepEqual((await get('/listClients?instanceId=XX')).json(), { member: [] });
    });

    it('lists a provider\'s data services, and those the calling member may use (listMethods, allowedMethods)', async () => {
      const client = { 'x-govstack-client': 'HG/GOV/police/records' };
      const all = await get('/r1/HG/GOV/tax/hanaro/listMethods', client);
      assert.equal(all.statusCode, 200);
      conforms(all.json(), `${R1}/listMethods`);
      assert.deepEqual(all.json().member.map((m: Json) => m.serviceCode), ['income-tax-status']);
      assert.equal((await get('/r1/HG/GOV/tax/hanaro/listMethods')).statusCode, 400, 'the client header is required');
      assert.equal((await get('/r1/HG/GOV/nobody/hanaro/listMethods', client)).statusCode, 404);

      const asPolice = await get('/r1/HG/GOV/tax/hanaro/allowedMethods', { ...client, authorization: `Bearer ${policeToken}` });
      conforms(asPolice.json(), `${R1}/allowedMethods`);
      assert.deepEqual(asPolice.json().member, [], 'police is no consumer of income-tax-status');
      const asLand = await get('/r1/HG/GOV/tax/hanaro/allowedMethods', { 'x-govstack-client': 'HG/GOV/land/cars', authorization: `Bearer ${landToken}` });
      assert.deepEqual(asLand.json().member.map((m: Json) => m.serviceCode), ['income-tax-status']);
      assert.equal((await get('/r1/HG/GOV/tax/hanaro/allowedMethods', client)).statusCode, 401);
      assert.equal((await get('/r1/HG/GOV/tax/hanaro/allowedMethods', { 'x-govstack-client': 'HG/GOV/land/cars', authorization: `Bearer ${policeToken}` })).json().error, 'client_mismatch');
    });

    it('describes a data service as OpenAPI, with the registry\'s schema of each returned field (getOpenAPI)', async () => {
      const res = await get('/r1/HG/GOV/interior/hanaro/getOpenAPI?serviceCode=proof-of-residence', { 'x-govstack-client': 'HG/GOV/welfare/benefits' });
      assert.equal(res.statusCode, 200);
      assert.ok(ajv.validate(spec.paths[`${R1}/getOpenAPI`].get.responses['200'].content['application/json'].schema, res.json()));
      const doc = JSON.parse(res.json());
      assert.equal(doc.openapi, '3.0.3');
      assert.match(doc.servers[0].url, /\/exchange\/r1\/HG\/GOV\/interior\/hanaro\/proof-of-residence$/);
      const fields = doc.components.schemas.Response.properties.records.items.properties;
      assert.deepEqual(Object.keys(fields).sort(), ['address', 'addressHistory', 'household', 'name']);
      assert.equal(fields.address.type, 'object');
      const yaml = await get('/r1/HG/GOV/interior/hanaro/getOpenAPI?serviceCode=proof-of-residence', { 'x-govstack-client': 'HG/GOV/welfare/benefits', accept: 'text/yaml' });
      assert.deepEqual(parse(yaml.body), doc);
      assert.equal((await get('/r1/HG/GOV/interior/hanaro/getOpenAPI?serviceCode=vehicle-ownership', { 'x-govstack-client': 'HG/GOV/welfare/benefits' })).statusCode, 404, 'land offers that one, not interior');
    });

    it('lets an agency admin register a system key (the error beside the field, the input kept) and shows only the own agency\'s keys and log', async () => {
      const admin = new Visitor(platform.app, { 'accept-language': 'en' });
      await admin.signIn('admin.welfare@demo.hanaro.example');
      const page = await admin.get('/office/exchange');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /HG\/GOV\/welfare/);
      const pair = await generateKeyPair('ES256', { extractable: true });
      const privateJwk = JSON.stringify(await exportJWK(pair.privateKey));
      const refused = await admin.post('/office/exchange/keys', { label: 'Benefits system', jwk: privateJwk }, '/office/exchange');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /id="jwk-error"[^>]*>This is a private key/);
      assert.match(refused.body, /value="Benefits system"/);
      const noCsrf = await platform.app.inject({ method: 'POST', url: '/office/exchange/keys', headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'label=x&jwk={}' });
      assert.equal(noCsrf.statusCode, 403);
      const ok = await admin.post('/office/exchange/keys', { label: 'Benefits system', jwk: JSON.stringify(await exportJWK(pair.publicKey)) }, '/office/exchange');
      assert.equal(ok.statusCode, 303);
      const after = await admin.get('/office/exchange?notice=registered');
      assert.match(after.body, /Benefits system/);
      const again = await admin.post('/office/exchange/keys', { label: 'Twice', jwk: JSON.stringify(await exportJWK(pair.publicKey)) }, '/office/exchange');
      assert.match(again.body, /already registered/);

      const jwks = await get('/members/HG/GOV/welfare/jwks.json');
      assert.equal(jwks.json().keys.length, 1);
      const police = new Visitor(platform.app, { 'accept-language': 'en' });
      await police.signIn('admin.police@demo.hanaro.example');
      const policePage = await police.get('/office/exchange');
      assert.equal(policePage.statusCode, 200);
      assert.ok(!policePage.body.includes('Benefits system'), 'another agency\'s keys are not shown');
      const officer = new Visitor(platform.app);
      await officer.signIn('officer.welfare@demo.hanaro.example');
      assert.equal((await officer.get('/office/exchange')).statusCode, 403);
    });
  });
}
