import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey } from '../govstack-registration/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { REGISTRY_SCOPES, readScopeFor } from './registry-access.ts';

const API = '/govstack/registries';
const MEDIATOR = 'eGovStack/GOV/90000009/digitalregistries';
const { minjun, seoyeon, youngja, jungho, woosung } = DEMO_RESIDENTS;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const specDir = path.join(import.meta.dirname, 'spec');
const dataSpec = parse(fs.readFileSync(path.join(specDir, 'GovStack_Digital_registries_BB_Data_API_template-1.3.0.yaml'), 'utf8'));
// The Database API file names its schemas in one case and refers to them in another (see spec/SOURCES.md).
const databaseSpec = parse(fs.readFileSync(path.join(specDir, 'GovStack_Digital_registries_BB_Database_API_template-1.3.0.yaml'), 'utf8')
  .replaceAll('#/components/schemas/DatabaseInfo', '#/components/schemas/databaseInfo').replaceAll('#/components/schemas/DatabasesSchema', '#/components/schemas/databasesSchema'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
/** The 200 response schema of an operation, with the spec's placeholder record (`Example`) left open: each registry has its own. */
function responseSchema(spec: Json, p: string, method: string, status = '200'): object {
  const schema = spec.paths[p][method].responses[status].content['application/json'].schema;
  return { ...schema, components: { schemas: { ...spec.components.schemas, Example: { type: 'object' } } } };
}
function conforms(body: unknown, schema: object) {
  const validate = ajv.compile(schema);
  assert.ok(validate(body), JSON.stringify(validate.errors?.slice(0, 3)));
}

for (const target of databaseTargets()) {
  describe(`GovStack Digital Registries API [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let interior: string, police: string, policeOwnOnly: string, land: string;
    const db = () => platform.database.db;
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
      platform.app.inject({
        method, url: `${API}${url}`,
        headers: { 'accept-language': 'en', 'information-mediator-client': MEDIATOR, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const keyFor = async (agency: string, scopes: string[]) => {
      const admin = (await findStaffByEmail(db(), `admin.${agency}@demo.hanaro.example`))!;
      const r = await issueApiKey(db(), agencyScope(agency), { label: `${agency} system`, scopes }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(r.ok);
      return r.secret;
    };
    const residentId = async (idNumber: string) => (await findResidentByIdNumber(db(), idNumber))!.id;
    const readsOf = async (idNumber: string) => (await sql<Json>`select * from personal_data_reads where resident_id = ${await residentId(idNumber)} order by id`.execute(db())).rows;
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;

    before(async () => {
      platform = await startTestPlatform(target);
      interior = await keyFor('interior', [REGISTRY_SCOPES.read, REGISTRY_SCOPES.write, REGISTRY_SCOPES.admin]);
      police = await keyFor('police', [readScopeFor('residents'), readScopeFor('family-relations')]);
      policeOwnOnly = await keyFor('police', [REGISTRY_SCOPES.read]);
      land = await keyFor('land', [REGISTRY_SCOPES.read, REGISTRY_SCOPES.write]);
    });
    after(() => platform.close());

    it('refuses a caller without a valid token (401) and names an unknown registry or version (404)', async () => {
      const none = await call('POST', '/data/residents/1.0/read', null, { query: { content: { idNumber: minjun.idNumber } } });
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      assert.equal((await call('GET', '/data/residents/1.0', 'hnr_not-a-real-key')).statusCode, 401);
      const unknown = await call('GET', '/data/dogs/1.0', interior);
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual([unknown.json().code, unknown.json().field], ['unknown_registry', 'registryName']);
      assert.equal((await call('GET', '/data/residents/9.9', interior)).json().field, 'versionNumber');
    });

    it('reads one resident in the spec shape and logs the read for that resident', async () => {
      const before = (await readsOf(minjun.idNumber)).length;
      const res = await call('POST', '/data/residents/1.0/read', interior, { query: { content: { idNumber: minjun.idNumber } } },
        { 'hanaro-purpose': 'address check', 'hanaro-service': 'resident-registration-certificate' });
      assert.equal(res.statusCode, 200);
      conforms(res.json(), responseSchema(dataSpec, '/data/{registryName}/{versionNumber}/read', 'post'));
      const record = res.json().content;
      assert.deepEqual([record.name, record.household, record.address.ko], [minjun.name, 'h-saeteo-12', '한결시 동구 새터로 12']);
      assert.ok(Array.isArray(record.addressHistory));
      const reads = await readsOf(minjun.idNumber);
      assert.equal(reads.length, before + 1);
      const read = reads.at(-1);
      assert.equal(read.reader_agency_id, 'interior');
      assert.equal(read.purpose, 'address check');
      assert.equal(read.service_id, 'resident-registration-certificate');
      assert.equal(read.legal_basis, 'Resident Registration Act, Article 30');
      assert.ok(read.fields.includes('address') && read.fields.includes('idNumber'));
      const missing = await call('POST', '/data/residents/1.0/read', interior, { query: { content: { idNumber: '000000-0000000' } } });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().detail, 'no record found');
    });

    it('holds the demo families, cars and licences the pack promises', async () => {
      const household = await call('GET', '/data/residents/1.0?query.household=h-saeteo-12', interior);
      conforms(household.json(), responseSchema(dataSpec, '/data/{registryName}/{versionNumber}', 'get'));
      assert.deepEqual(household.json().results.map((r: Json) => r.name).sort(), [minjun.name, seoyeon.name].sort());
      const spouse = await call('POST', '/data/family-relations/1.0/read', police, { query: { content: { personIdNumber: minjun.idNumber, relation: 'spouse' } } });
      assert.equal(spouse.json().content.relativeIdNumber, seoyeon.idNumber);
      const mother = await call('POST', '/data/family-relations/1.0/exists', police, { query: { content: { personIdNumber: youngja.idNumber, relativeIdNumber: jungho.idNumber, relation: 'child' } } });
      conforms(mother.json(), responseSchema(dataSpec, '/data/{registryName}/{versionNumber}/exists', 'post'));
      assert.equal(mother.json().answer.status, true);
      const car = await call('GET', `/data/vehicles/2.0?query.ownerIdNumber=${woosung.idNumber}`, land);
      assert.equal(car.json().count, 1);
      const licence = await call('POST', '/data/driving-licences/1.0/read', policeOwnOnly, { query: { content: { holderIdNumber: woosung.idNumber } } });
      assert.equal(licence.json().content.status, 'valid');
    });

    it('lets another agency read only with the registry\'s scope, and write never', async () => {
      const denied = await call('POST', '/data/residents/1.0/read', policeOwnOnly, { query: { content: { idNumber: minjun.idNumber } } });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().code, 'insufficient_scope');
      const read = await call('POST', '/data/residents/1.0/read', police, { query: { content: { idNumber: minjun.idNumber } } });
      assert.equal(read.statusCode, 200);
      assert.equal((await readsOf(minjun.idNumber)).at(-1).reader_agency_id, 'police');
      const rows = await count('registry_records');
      const write = await call('PUT', '/data/residents/1.0/update', police, { query: { content: { idNumber: minjun.idNumber } }, write: { content: { name: '김철수' } } });
      assert.equal(write.statusCode, 403);
      assert.equal(write.json().code, 'not_owner');
      const other = await call('POST', '/data/vehicles/2.0/create', interior, { write: { content: { plateNumber: '99가9999', ownerIdNumber: minjun.idNumber, model: 'x', kind: 'van', firstRegistered: '2020-01-01' } } });
      assert.equal(other.statusCode, 403);
      assert.equal(await count('registry_records'), rows);
    });

    it('refuses a record that does not fit the schema, naming the field, and writes nothing', async () => {
      const tax = await keyFor('tax', [REGISTRY_SCOPES.write]);
      const rows = await count('registry_records');
      const audit = await count('audit_log');
      const bad = await call('POST', '/data/businesses/1.0/create', tax,
        { write: { content: { businessNumber: '12345', ownerIdNumber: minjun.idNumber, tradeName: '민준상회', sector: 'retail', opened: '2024-01-01', status: 'active' } } });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual([bad.json().code, bad.json().field], ['invalid_record', 'write.content.businessNumber']);
      const unknownField = await call('POST', '/data/residents/1.0/exists', interior, { query: { content: { shoeSize: 42 } } });
      assert.deepEqual([unknownField.statusCode, unknownField.json().field], [400, 'query.content.shoeSize']);
      const notJson = await call('POST', '/data/residents/1.0/create', interior, { write: 'nope' });
      assert.equal(notJson.statusCode, 400);
      assert.equal(await count('registry_records'), rows);
      assert.equal(await count('audit_log'), audit);
    });

    it('creates, updates (one, many, or create-if-missing) and deletes records, old and new paths alike', async () => {
      const tax = await keyFor('tax', [REGISTRY_SCOPES.read, REGISTRY_SCOPES.write]);
      const business = { businessNumber: '321-54-09876', ownerIdNumber: minjun.idNumber, tradeName: '민준공방', sector: 'services', opened: '2024-02-01', status: 'active' };
      const created = await call('POST', '/data/businesses/1.0/create', tax, { write: { content: business } });
      assert.equal(created.statusCode, 200);
      conforms(created.json(), responseSchema(dataSpec, '/data/{registryName}/{versionNumber}/create', 'post'));
      assert.equal((await call('POST', '/data/businesses/1.0/create', tax, { write: { content: business } })).statusCode, 409);
      const updated = await call('PUT', '/data/businesses/1.0/update', tax, { query: { content: { businessNumber: business.businessNumber } }, write: { content: { status: 'suspended' } } });
      assert.equal(updated.json().content.status, 'suspended');
      for (const p of ['updateEntries', 'update-entries']) {
        const many = await call('PUT', `/data/businesses/1.0/${p}`, tax, { query: { content: { ownerIdNumber: minjun.idNumber } }, write: { content: { sector: 'it' } } });
        assert.deepEqual([many.statusCode, many.json().count], [200, 1]);
      }
      for (const [p, plate] of [['updateOrCreate', '555-55-55555'], ['update-or-create', '555-55-55555']] as const) {
        const upserted = await call('POST', `/data/businesses/1.0/${p}`, tax, { query: { content: { businessNumber: plate } }, write: { content: { ...business, businessNumber: plate, tradeName: p } } });
        assert.equal(upserted.json().content.tradeName, p);
      }
      for (const p of ['readValue', 'read-value']) {
        const value = await call('GET', `/data/businesses/1.0/${encodeURIComponent(business.businessNumber)}/${p}/tradeName.json`, tax);
        assert.deepEqual(value.json(), { value: '민준공방' });
      }
      const gone = await call('DELETE', `/data/businesses/1.0/${encodeURIComponent(business.businessNumber)}/delete`, tax);
      assert.equal(gone.statusCode, 204);
      assert.equal((await call('POST', '/data/businesses/1.0/exists', tax, { query: { content: { businessNumber: business.businessNumber } } })).json().answer.status, false);
    });

    it('keeps an archived version readable and closed to writes', async () => {
      const read = await call('GET', '/data/vehicles/1.0', land);
      assert.equal(read.statusCode, 200);
      const write = await call('POST', '/data/vehicles/1.0/create', land, { write: { content: { plateNumber: '11가1111', ownerIdNumber: minjun.idNumber, model: 'x' } } });
      assert.deepEqual([write.statusCode, write.json().code], [409, 'version_archived']);
    });

    it('describes its registries through the Database API, and lets only the owner add a draft version', async () => {
      const all = await call('GET', '/databases', interior);
      conforms(all.json(), { $ref: '#/components/schemas/databasesSchema', components: databaseSpec.components });
      const residents = all.json().databases.find((d: Json) => d.name === 'residents');
      const one = await call('GET', `/database/${residents.id}`, police);
      conforms(one.json(), { $ref: '#/components/schemas/databaseInfo', components: databaseSpec.components });
      assert.ok(one.json().schemaFlags.some((f: Json) => f.name === 'personal' && f.path === '/address'));
      for (const id of ['999', '0', '-1', '99999999999']) {
        const none = await call('GET', `/database/${id}`, police);
        assert.deepEqual([none.statusCode, none.json().code], [404, 'unknown_registry'], `a well-formed integer id no registry has (${id})`);
      }
      assert.equal((await call('GET', '/database/residents', police)).statusCode, 400, 'an id that is not an integer');
      const schema = { type: 'object', required: ['idNumber'], properties: { idNumber: { type: 'string' }, name: { type: 'string' } } };
      assert.equal((await call('POST', '/database/modify', police, { code: 'residents', schema })).statusCode, 403);
      const draft = await call('POST', '/database/modify', interior, { code: 'residents', schema });
      assert.equal(draft.statusCode, 200);
      assert.equal((await call('GET', '/data/residents/2.0', police)).statusCode, 404, 'a draft is its owner\'s alone');
      assert.equal((await call('GET', '/data/residents/2.0', interior)).statusCode, 200);
      const fixed = await call('POST', '/database/modify', interior, { code: 'residents', version: '1.0', status: 'published', schema });
      assert.deepEqual([fixed.statusCode, fixed.json().code], [409, 'version_fixed']);
    });

    it('shows the resident every read on /me/data-usage and through myPersonalDataUsage, officers by role', async () => {
      const reads = await readsOf(minjun.idNumber);
      assert.ok(reads.length >= 3);
      const visitor = new Visitor(platform.app);
      await visitor.signUp(minjun);
      const page = await visitor.get('/me/data-usage');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /내 정보 이용 내역|Who used my data/);
      assert.match(page.body, /경찰|Police/);
      const police = await visitor.get('/me/data-usage?agency=police');
      assert.ok(!police.body.includes('주민등록법 제30조') || police.body.includes('police'));
      const badDate = await visitor.get('/me/data-usage?from=2026-13-45');
      assert.equal(badDate.statusCode, 400);
      assert.match(badDate.body, /value="2026-13-45"/);
      const csv = await visitor.get('/me/data-usage.csv');
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines.length, reads.length + 1);
      const portal = await keyFor('interior', [REGISTRY_SCOPES.usage]);
      assert.equal((await call('GET', `/data/myPersonalDataUsage?userId=${minjun.idNumber}&databaseId=residents`, interior)).statusCode, 403);
      const usage = await call('GET', `/data/myPersonalDataUsage?userId=${minjun.idNumber}&databaseId=residents`, portal);
      assert.equal(usage.statusCode, 200);
      conforms(usage.json(), responseSchema(dataSpec, '/data/myPersonalDataUsage', 'get'));
      assert.equal(usage.json().length, reads.filter((r: Json) => r.registry_id === 'residents').length);
      assert.ok(usage.json().some((u: Json) => u.readerInstitutionId === 'police'));
      assert.equal((await call('GET', `/data/myPersonalDataUsage?userId=${minjun.idNumber}&databaseId=dogs`, portal)).statusCode, 404);
      const spelled = await call('GET', `/data/mypersonalDataUsage?userId=${minjun.idNumber}&databaseId=residents`, portal);
      assert.equal(spelled.statusCode, 200, 'Digital Registries 1.4 spells the path mypersonalDataUsage');
      assert.deepEqual(spelled.json(), usage.json());
    });

    it('answers 400 without the Information-Mediator-Client header, which every endpoint of both specs requires', async () => {
      const everywhere = [dataSpec, databaseSpec].flatMap((spec: Json) => Object.values(spec.paths).flatMap((ops: Json) => Object.values(ops)))
        .every((op: Json) => op.parameters?.some((x: Json) => x.$ref === '#/components/parameters/Information-Mediator-Client'));
      assert.ok(everywhere, 'the specs name the header on every operation');
      for (const [method, url] of [['GET', '/data/residents/1.0'], ['POST', '/data/residents/1.0/read'], ['GET', '/databases'], ['GET', '/database/1'],
        ['GET', `/data/mypersonalDataUsage?userId=${minjun.idNumber}&databaseId=residents`]] as const) {
        const res = await platform.app.inject({ method, url: `${API}${url}`, headers: { authorization: `Bearer ${interior}` }, ...(method === 'POST' ? { payload: { query: { content: { idNumber: minjun.idNumber } } } } : {}) });
        assert.deepEqual([res.statusCode, res.json().code, res.json().field], [400, 'header_missing', 'Information-Mediator-Client'], `${method} ${url}`);
      }
      const malformed = await call('GET', '/databases', interior, undefined, { 'information-mediator-client': 'not a client' });
      assert.deepEqual([malformed.statusCode, malformed.json().code], [400, 'invalid_header']);
    });

    it('keeps the read log append-only', async () => {
      await assert.rejects(sql`update personal_data_reads set purpose = 'x'`.execute(db()), /append-only/);
      await assert.rejects(sql`delete from personal_data_reads`.execute(db()), /append-only/);
    });
  });
}
