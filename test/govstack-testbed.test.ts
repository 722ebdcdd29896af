/**
 * GovStack conformance, as an outside tester runs it: Hanaro on the testbed pack
 * (packs/govstack-testbed, the specifications' own example objects), keys made by
 * `hanaro api-key create`, and per building block the requests the specifications document (their
 * example values, their documented error cases), each request checked against the spec's request
 * schema and each answer's status and body against the spec's responses, with Ajv.
 * The specification files are the ones kept beside the modules (src/modules/<module>/spec/, each with
 * its SOURCES.md), byte for byte those of the GovStack repositories.
 */
import { describe, it, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from './support/databases.ts';
import { startTestPlatform, TESTBED_PACK } from './support/platform.ts';
import { apiKeyCommand } from '../src/modules/govstack-registration/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const MODULES = path.join(import.meta.dirname, '..', 'src', 'modules');
const specFile = (module: string, file: string) => fs.readFileSync(path.join(MODULES, module, 'spec', file), 'utf8');
const REGISTRATION = JSON.parse(specFile('govstack-registration', 'GovStack_Registration_BB_API.json'));
const STATISTICS = JSON.parse(specFile('govstack-registration', 'GovStack_Registration_BB_API_statistics.json'));
// The example payload file starts with a line of prose before its JSON.
const EXAMPLE_PAYLOAD = JSON.parse(specFile('govstack-registration', 'ExamplePayload.json').replace(/^#.*\n/, ''));
/**
 * `formData.data` types its values as objects, yet the spec's own ExamplePayload.json (the example of
 * that very element) carries strings, numbers and booleans: requests are checked with any value
 * there (deviation 2 in docs/govstack.md); everything else of the request schema as written.
 */
const REGISTRATION_REQUESTS = structuredClone(REGISTRATION);
REGISTRATION_REQUESTS.components.schemas.formData.properties.data.additionalProperties = {};
const REGISTRY_DATA = parse(specFile('registries', 'GovStack_Digital_registries_BB_Data_API_template-1.3.0.yaml'));
// The Database API file names its schemas in one case and refers to them in another (src/modules/registries/spec/SOURCES.md).
const REGISTRY_DATABASE = parse(specFile('registries', 'GovStack_Digital_registries_BB_Database_API_template-1.3.0.yaml')
  .replaceAll('#/components/schemas/DatabaseInfo', '#/components/schemas/databaseInfo').replaceAll('#/components/schemas/DatabasesSchema', '#/components/schemas/databasesSchema'));
const CONSENT = parse(specFile('consent', 'consent-openapi.yaml'));
const DIRECTORY = parse(specFile('exchange', 'GovStack_IM_Directory_Services_API.yaml'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// The Consent spec writes `format: ""` on many strings: no format at all.
ajv.addFormat('int32', true).addFormat('base64', true).addFormat('', true);

function valid(spec: Json, schema: object, value: unknown, what: string) {
  const validate = ajv.compile({ ...schema, components: spec.components });
  assert.ok(validate(value), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

/** The request body conforms to the spec's request schema of the operation (the test sends what the spec documents). */
function sends(spec: Json, method: Method, template: string, body: unknown) {
  const schema = spec.paths[template][method.toLowerCase()].requestBody.content['application/json'].schema;
  valid(spec, schema, body, `request of ${method} ${template}`);
  return body;
}

/** The answer has the status, the spec documents that status for the operation, and the body is the documented schema's. */
function answers(spec: Json, method: Method, template: string, res: LightMyRequestResponse, status: number) {
  assert.equal(res.statusCode, status, `${method} ${template}: ${res.body.slice(0, 400)}`);
  const documented = spec.paths[template][method.toLowerCase()].responses[String(status)];
  assert.ok(documented, `${method} ${template}: the spec documents ${status}`);
  const schema = documented.content?.['application/json']?.schema;
  if (schema) valid(spec, schema, res.json(), `answer of ${method} ${template}`);
  return status === 204 ? undefined : res.json();
}

/** An API refusal in Hanaro's format: `{code, message, field?}` (docs/govstack.md). */
function refused(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code);
  assert.equal(typeof res.json().message, 'string');
}

// Values of the specifications' examples.
const MEDIATOR = REGISTRY_DATA.components.parameters['Information-Mediator-Client'].example; // eGovStack/GOV/90000009/digitalregistries
const CITIZEN = { id: 'EE378627348834', firstName: 'John Helmut', lastName: 'Smith Carry', birthCertificateId: 'RR-1234567889' }; // DR `Example`
const CARETAKER = { id: 'EL129983773663', firstName: 'John', lastName: 'Smith' }; // DR `Caretaker`
const SERVICE_NAME = 'Mother and Child Registration'; // Registration `service.name`
const AGREEMENT = 'mother-and-child-registration';

for (const target of databaseTargets()) {
  describe(`GovStack conformance on the testbed pack [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let hospital: string, ministry: string;
    const db = () => platform.database.db;
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;
    /** A request with the spec's example Information-Mediator-Client header; a header given as '' is left out. */
    const call = (method: Method, url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) => platform.app.inject({
      method, url, headers: Object.fromEntries(Object.entries({ 'information-mediator-client': MEDIATOR, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }).filter(([, v]) => v !== '')),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    /** `hanaro api-key create …` as the command line runs it, on the test's database: its exit code, stdout and stderr. */
    const cli = async (...args: string[]) => {
      const out = mock.method(console, 'log', () => undefined);
      const err = mock.method(console, 'error', () => undefined);
      try {
        const database = Object.assign(Object.create(platform.database), { close: async () => undefined });
        const rc = await apiKeyCommand(['create', ...args], async () => ({ database }));
        return { rc, stdout: out.mock.calls.map((c) => c.arguments.join(' ')), stderr: err.mock.calls.map((c) => c.arguments.join(' ')) };
      } finally {
        out.mock.restore();
        err.mock.restore();
      }
    };
    const keyFromCli = async (agency: string, scopes: string) => {
      const made = await cli('--agency', agency, '--scopes', scopes);
      assert.equal(made.rc, 0, made.stderr.join('\n'));
      assert.equal(made.stdout.length, 1, 'the key alone on stdout');
      return made.stdout[0]!;
    };

    before(async () => {
      platform = await startTestPlatform(target, {}, { jobs: false }, TESTBED_PACK);
      hospital = await keyFromCli('east-hospital', 'registration:read,registration:apply,registration:process,consent:read,consent:record,consent:audit,exchange');
      ministry = await keyFromCli('social-affairs', 'registries:read,registries:write,registries:admin,registries:usage');
    });
    after(() => platform.close());

    it('hanaro api-key create prints one working key, audited; an unknown agency or scope exits non-zero with one line and writes nothing', async () => {
      assert.match(hospital, /^hnr_[A-Za-z0-9_-]{43}$/);
      assert.equal((await call('GET', '/govstack/registration/services', hospital)).statusCode, 200);
      const audit = (await sql<Json>`select actor, agency_id, details from audit_log where action = 'api_key.issued' order by id`.execute(db())).rows;
      assert.deepEqual(audit.map((a) => [a.actor, a.agency_id]), [['system:cli', 'east-hospital'], ['system:cli', 'social-affairs']]);
      assert.deepEqual(audit[1].details.scopes, ['registries:read', 'registries:write', 'registries:admin', 'registries:usage']);

      const before = [await count('api_keys'), await count('audit_log')];
      const noAgency = await cli('--agency', 'west-hospital', '--scopes', 'registration:read');
      assert.deepEqual([noAgency.rc, noAgency.stdout, noAgency.stderr], [1, [], ['there is no agency "west-hospital"']]);
      const noScope = await cli('--agency', 'east-hospital', '--scopes', 'registration:read,registration:everything');
      assert.equal(noScope.rc, 1);
      assert.deepEqual([noScope.stdout.length, noScope.stderr.length], [0, 1]);
      assert.match(noScope.stderr[0]!, /^not a scope: registration:everything /);
      assert.equal((await cli('--agency', 'east-hospital')).rc, 2, 'no scopes: the usage');
      assert.deepEqual([await count('api_keys'), await count('audit_log')], before);
    });

    it('Registration 0.1.1: services, eForms, documents, applications, tasks and statistics as the spec documents them', async () => {
      const R = '/govstack/registration';
      // GET /services?name= with the spec's example name.
      const found = answers(REGISTRATION, 'GET', '/services', await call('GET', `${R}/services?name=${encodeURIComponent('Register Mother and Child')}`, hospital), 200);
      assert.deepEqual(found.map((s: Json) => s.name), [SERVICE_NAME]);
      const service = answers(REGISTRATION, 'GET', '/services/{serviceId}', await call('GET', `${R}/services/${found[0].id}`, hospital), 200);
      assert.equal(service.id, found[0].id);
      answers(REGISTRATION, 'GET', '/services/{serviceId}', await call('GET', `${R}/services/f7d33db0-2809-484e-a780-76b7ccd4ecbf`, hospital), 404);
      const forms = answers(REGISTRATION, 'GET', '/services/{serviceId}/eForms', await call('GET', `${R}/services/${service.id}/eForms`, hospital), 200);
      const form = answers(REGISTRATION, 'GET', '/eForms/{eFormId}', await call('GET', `${R}/eForms/${forms[0].eFormId}`, hospital), 200);
      assert.deepEqual(Object.keys(form.schema.properties).sort(), ['applicantDateOfBirth', 'applicantEmail', 'applicantFirstName', 'applicantLastName', 'mccpCertificate', 'motherChildCareProgram']);
      answers(REGISTRATION, 'GET', '/eForms/{eFormId}', await call('GET', `${R}/eForms/d98a205a-679b-485b-823d-7a32a391e744`, hospital), 404);

      // POST /documents: the spec's example file (base64), and without a payload its documented 400.
      const example = REGISTRATION.paths['/documents'].post.requestBody.content['multipart/form-data'].schema.properties.file.items.example;
      const multipart = Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n${example}\r\n--b--\r\n`);
      answers(REGISTRATION, 'POST', '/documents', await call('POST', `${R}/documents`, hospital, multipart, { 'content-type': 'multipart/form-data; boundary=b' }), 200);
      answers(REGISTRATION, 'POST', '/documents', await call('POST', `${R}/documents`, hospital), 400);
      // The ExamplePayload's certificate, uploaded as a file part to be placed in the eForm's file field.
      const pdf = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="MCCP_certificate.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n% MCCP\n\r\n--b--\r\n')]);
      const certificate = answers(REGISTRATION, 'POST', '/documents', await call('POST', `${R}/documents?additionalMetadata=MCCP%20certificate`, hospital, pdf, { 'content-type': 'multipart/form-data; boundary=b' }), 200);

      // POST /services/{serviceId}/applications: the eForm's answers taken from the spec's ExamplePayload.json.
      const data = Object.fromEntries(Object.keys(form.schema.properties).filter((k) => k in EXAMPLE_PAYLOAD).map((k) => [k, EXAMPLE_PAYLOAD[k]]));
      const submit = (applicantId: string, extra: Record<string, unknown> = {}) => sends(REGISTRATION_REQUESTS, 'POST', '/services/{serviceId}/applications', {
        applicationName: 'Amya Yuko', applicantId, created: '2000-10-23T00:00:00.000Z', formData: { eFormId: form.eFormId, data }, ...extra,
      });
      const apps = await count('applications');
      refused(await call('POST', `${R}/services/${service.id}/applications`, hospital, submit('EE378129277266'), { 'information-mediator-client': '' }), 400, 'header_missing');
      answers(REGISTRATION, 'POST', '/services/{serviceId}/applications', await call('POST', `${R}/services/no-such-service/applications`, hospital, submit('EE378129277266')), 404);
      assert.equal(await count('applications'), apps, 'nothing filed on a refusal');
      const withDocument = { formData: { eFormId: form.eFormId, data: { ...data, mccpCertificate: [certificate.url] } }, documentUrls: [certificate.url] };
      const filed = answers(REGISTRATION, 'POST', '/services/{serviceId}/applications', await call('POST', `${R}/services/${service.id}/applications`, hospital, submit('EE378129277266', withDocument)), 200);
      assert.deepEqual([filed.serviceName, filed.applicationData.formData.data.applicantEmail], [SERVICE_NAME, 'inar@smail.com']);
      assert.equal(await count('govstack_documents'), 1, 'the placed document moved into the application; the unplaced example file stays staged');

      // GET /applications with the spec's example query (its applicantId is no resident here: an empty list), then by the applicant.
      answers(REGISTRATION, 'GET', '/applications', await call('GET', `${R}/applications?applicantId=42962de0-bdb2-11ed-9397-0242ac120004&firstResult=1&maxResult=10&sortBy=created&sortOrder=asc`, hospital), 200);
      // `firstResult` is "the index of the first result": 0 is the first (1, the spec's example, skips one).
      const mine = answers(REGISTRATION, 'GET', '/applications', await call('GET', `${R}/applications?applicantId=EE378129277266&firstResult=0&maxResult=10&sortBy=created&sortOrder=asc`, hospital), 200);
      assert.deepEqual(mine.map((a: Json) => a.fileId), [filed.fileId]);
      answers(REGISTRATION, 'GET', '/applications/{fileId}', await call('GET', `${R}/applications/${filed.fileId}`, hospital), 200);
      answers(REGISTRATION, 'GET', '/applications/{fileId}', await call('GET', `${R}/applications/8a70cd6d-bdb2-11ed-9397-0242ac120004`, hospital), 404);
      const corrected = answers(REGISTRATION, 'PUT', '/applications/{fileId}', await call('PUT', `${R}/applications/${filed.fileId}`, hospital, submit('EE378129277266')), 200);
      assert.equal(corrected.fileId, filed.fileId);
      answers(REGISTRATION, 'PUT', '/applications/{fileId}', await call('PUT', `${R}/applications/8a70cd6d-bdb2-11ed-9397-0242ac120004`, hospital, submit('EE378129277266')), 404);

      // Tasks: listed, read, completed with the spec's own additionalData example shape.
      const tasks = answers(REGISTRATION, 'GET', '/tasks', await call('GET', `${R}/tasks?fileId=${filed.fileId}`, hospital), 200);
      const taskId = encodeURIComponent(tasks[0].taskId);
      answers(REGISTRATION, 'GET', '/tasks/{taskId}', await call('GET', `${R}/tasks/${taskId}`, hospital), 200);
      answers(REGISTRATION, 'GET', '/tasks/{taskId}', await call('GET', `${R}/tasks/81c4445c-bff6-11ed-afa1-0242ac120002`, hospital), 404);
      const additionalData = sends(REGISTRATION, 'POST', '/tasks/{taskId}/complete', { data: { additionalProp1: {} } });
      answers(REGISTRATION, 'POST', '/tasks/{taskId}/complete', await call('POST', `${R}/tasks/81c4445c-bff6-11ed-afa1-0242ac120002/complete`, hospital, additionalData), 404);
      answers(REGISTRATION, 'POST', '/tasks/{taskId}/complete', await call('POST', `${R}/tasks/${taskId}/complete`, hospital, additionalData), 200);

      // Statistics with the spec's example query, and without its required header (400).
      const query = 'startDate=2021-01-30&endDate=2099-01-30&timeframe=year';
      const stats = answers(STATISTICS, 'GET', '/data/statistics', await call('GET', `${R}/data/statistics?${query}&registrationName=${encodeURIComponent(SERVICE_NAME)}`, hospital), 200);
      assert.deepEqual(stats.map((s: Json) => [s.references.registrationName, s.approved]), [[SERVICE_NAME, 1]]);
      assert.deepEqual(answers(STATISTICS, 'GET', '/data/statistics', await call('GET', `${R}/data/statistics?${query}&registrationName=MCTS`, hospital), 200), [], 'the spec\'s example name is a database, no registration');
      answers(STATISTICS, 'GET', '/data/statistics', await call('GET', `${R}/data/statistics?${query}`, hospital, undefined, { 'information-mediator-client': '' }), 400);
      // The path before the statistics spec moved (src/modules/govstack-registration/spec/SOURCES.md), answered alike.
      assert.deepEqual(answers(STATISTICS, 'GET', '/data/statistics', await call('GET', `${R}/data/statistics/1.0?${query}`, hospital), 200), stats);
    });

    it('Digital Registries 1.3.0 (and 1.4 mypersonalDataUsage): the MCTS database and its Example records as the spec documents them', async () => {
      const D = '/govstack/registries';
      const T = '/data/{registryName}/{versionNumber}';
      const list = answers(REGISTRY_DATA, 'GET', T, await call('GET', `${D}/data/MCTS/2.7?search=John&filter=firstName&ordering=descending&page=1&pageSize=10`, ministry), 200);
      assert.deepEqual(list.results, [CITIZEN]);
      const exists = answers(REGISTRY_DATA, 'POST', `${T}/exists`, await call('POST', `${D}/data/MCTS/2.7/exists`, ministry, sends(REGISTRY_DATA, 'POST', `${T}/exists`, { query: { content: { id: CITIZEN.id } } })), 200);
      assert.equal(exists.answer.status, true);
      const created = answers(REGISTRY_DATA, 'POST', `${T}/create`, await call('POST', `${D}/data/MCTS/2.7/create`, ministry, sends(REGISTRY_DATA, 'POST', `${T}/create`, { write: { content: CARETAKER } })), 200);
      assert.deepEqual(created.content, CARETAKER);
      const read = (id: string) => call('POST', `${D}/data/MCTS/2.7/read`, ministry, sends(REGISTRY_DATA, 'POST', `${T}/read`, { query: { content: { id } } }));
      assert.deepEqual(answers(REGISTRY_DATA, 'POST', `${T}/read`, await read(CARETAKER.id), 200).content, CARETAKER);
      answers(REGISTRY_DATA, 'POST', `${T}/read`, await read('EE378129277266'), 404);
      const update = { query: { content: { id: CARETAKER.id } }, write: { content: { ...CARETAKER, birthCertificateId: 'RR-1234567889' } } };
      answers(REGISTRY_DATA, 'PUT', `${T}/update`, await call('PUT', `${D}/data/MCTS/2.7/update`, ministry, sends(REGISTRY_DATA, 'PUT', `${T}/update`, update)), 200);
      const entries = { query: { content: { lastName: 'Smith' } }, write: { content: { firstName: 'John' } } };
      answers(REGISTRY_DATA, 'PUT', `${T}/updateEntries`, await call('PUT', `${D}/data/MCTS/2.7/updateEntries`, ministry, sends(REGISTRY_DATA, 'PUT', `${T}/updateEntries`, entries)), 200);
      const upsert = { query: { content: { id: CARETAKER.id } }, write: { content: CARETAKER } };
      answers(REGISTRY_DATA, 'POST', `${T}/updateOrCreate`, await call('POST', `${D}/data/MCTS/2.7/updateOrCreate`, ministry, sends(REGISTRY_DATA, 'POST', `${T}/updateOrCreate`, upsert)), 200);
      const value = await call('GET', `${D}/data/MCTS/2.7/${CARETAKER.id}/readValue/firstName.json`, ministry);
      answers(REGISTRY_DATA, 'GET', `${T}/{uuid}/readValue/{field}.{ext}`, value, 200);
      answers(REGISTRY_DATA, 'DELETE', `${T}/{ID}/delete`, await call('DELETE', `${D}/data/MCTS/2.7/${CARETAKER.id}/delete`, ministry), 204);
      answers(REGISTRY_DATA, 'POST', `${T}/read`, await read(CARETAKER.id), 404);
      refused(await call('GET', `${D}/data/MCTS/2.7`, ministry, undefined, { 'information-mediator-client': '' }), 400, 'header_missing');

      // The Database API: the MCTS database of the Ministry of Social Affairs, by its integer id; a well-formed id no database has is 404.
      const all = answers(REGISTRY_DATABASE, 'GET', '/databases', await call('GET', `${D}/databases`, ministry), 200);
      // Hanaro names a database by its registry's id, a lower-case slug; `MCTS` in a path finds it all the same.
      const mcts = all.databases.find((d: Json) => d.name === 'mcts');
      assert.deepEqual([mcts.version, mcts.institution], ['2.7', 'Ministry of Social Affairs']);
      answers(REGISTRY_DATABASE, 'GET', '/database/{id}', await call('GET', `${D}/database/${mcts.id}`, ministry), 200);
      refused(await call('GET', `${D}/database/353`, ministry), 404, 'unknown_registry');
      // POST /database/modify with the spec's example names, its required schema fields and the Example record's properties: a new draft version.
      const modify = sends(REGISTRY_DATABASE, 'POST', '/database/modify', {
        groupName: 'Test', catalogName: 'Mother and Child', code: 'MCTS',
        schema: { type: 'object', properties: REGISTRY_DATA.components.schemas.Example.properties, creationDate: '2021-10-03T08:35:01.775915Z', description: 'Database holding information about MCTS objects', filename: 'mcts.json' },
      });
      answers(REGISTRY_DATABASE, 'POST', '/database/modify', await call('POST', `${D}/database/modify`, ministry, modify), 200);
      const after = answers(REGISTRY_DATABASE, 'GET', '/database/{id}', await call('GET', `${D}/database/${mcts.id}`, ministry), 200);
      assert.deepEqual(after.versions, [{ version: '2.7', status: 'published' }, { version: '3.0', status: 'draft' }]);

      // mypersonalDataUsage with the spec's example query (1.4 spelling; 1.3's spelling too).
      const usage = REGISTRY_DATA.paths['/data/myPersonalDataUsage'].get.parameters;
      const example = (name: string) => usage.find((p: Json) => p.name === name).schema.example;
      for (const spelling of ['mypersonalDataUsage', 'myPersonalDataUsage']) {
        const res = await call('GET', `${D}/data/${spelling}?userId=${example('userId')}&databaseId=${example('databaseId')}`, ministry);
        assert.deepEqual(answers(REGISTRY_DATA, 'GET', '/data/myPersonalDataUsage', res, 200), []);
      }
    });

    it('Consent 1.1.0-rc1 and Registration together: the citizen consents, East Hospital files with it and reads MCTS, and the read is in the citizen\'s data usage', async () => {
      const C = '/govstack/consent';
      const agreements = answers(CONSENT, 'GET', '/config/data-agreements/', await call('GET', `${C}/config/data-agreements/`, hospital), 200);
      assert.deepEqual(agreements.dataAgreement.map((a: Json) => a.id), [AGREEMENT]);
      answers(CONSENT, 'GET', '/config/data-agreement/{dataAgreementId}/', await call('GET', `${C}/config/data-agreement/${AGREEMENT}/`, hospital), 200);
      const given = answers(CONSENT, 'POST', '/service/individual/record/data-agreement/{dataAgreementId}/',
        await call('POST', `${C}/service/individual/record/data-agreement/${AGREEMENT}/`, hospital, undefined, { 'individual-id': CITIZEN.id }), 200);
      const record = given.consentRecord;
      // The documented 400s: no individual named, a page size out of range. An agreement that does not
      // exist is 404, which the spec does not list (docs/govstack.md, Consent).
      answers(CONSENT, 'POST', '/service/individual/record/data-agreement/{dataAgreementId}/', await call('POST', `${C}/service/individual/record/data-agreement/${AGREEMENT}/`, hospital), 400);
      answers(CONSENT, 'GET', '/config/data-agreements/', await call('GET', `${C}/config/data-agreements/?limit=0`, hospital), 400);
      refused(await call('GET', `${C}/config/data-agreement/no-such-agreement/`, hospital), 404, 'unknown_agreement');
      answers(CONSENT, 'GET', '/service/individual/record/data-agreement/{dataAgreementId}/', await call('GET', `${C}/service/individual/record/data-agreement/${AGREEMENT}/?individualId=${CITIZEN.id}`, hospital), 200);
      answers(CONSENT, 'GET', '/service/individual/record/consent-record/', await call('GET', `${C}/service/individual/record/consent-record/?individualId=${CITIZEN.id}`, hospital), 200);
      answers(CONSENT, 'GET', '/service/verification/consent-records/', await call('GET', `${C}/service/verification/consent-records/?individualId=${CITIZEN.id}`, hospital), 200);
      answers(CONSENT, 'GET', '/service/verification/consent-record/{consentRecordId}/', await call('GET', `${C}/service/verification/consent-record/${record.id}/`, hospital), 200);
      answers(CONSENT, 'GET', '/audit/consent-records/', await call('GET', `${C}/audit/consent-records/`, hospital), 200);
      answers(CONSENT, 'GET', '/audit/consent-record/{consentRecordId}/', await call('GET', `${C}/audit/consent-record/${record.id}/`, hospital), 200);

      const R = '/govstack/registration';
      const service = (await call('GET', `${R}/services?name=${encodeURIComponent(SERVICE_NAME)}`, hospital)).json()[0];
      const body = sends(REGISTRATION_REQUESTS, 'POST', '/services/{serviceId}/applications', {
        applicantId: CITIZEN.id, formData: { data: { applicantFirstName: CITIZEN.firstName, applicantLastName: CITIZEN.lastName, applicantDateOfBirth: '1980-01-30' } },
      });
      const filed = answers(REGISTRATION, 'POST', '/services/{serviceId}/applications', await call('POST', `${R}/services/${service.id}/applications`, hospital, { ...body as object, consentId: record.id }), 200);
      assert.deepEqual(filed.agencyData.map((d: Json) => [d.dataServiceId, d.providerId, d.status]), [['mcts-record', 'social-affairs', 'fetched']]);

      const usage = await call('GET', `/govstack/registries/data/mypersonalDataUsage?userId=${CITIZEN.id}&databaseId=MCTS`, ministry);
      const reads = answers(REGISTRY_DATA, 'GET', '/data/myPersonalDataUsage', usage, 200);
      // The ministry's own reads of the record (the Digital Registries test above) are there too.
      assert.deepEqual(reads.filter((r: Json) => r.readerInstitutionName === 'East Hospital').length, 1);

      // Withdrawal (optIn false) is the one change Hanaro takes; a record of another id is 404.
      const withdraw = sends(CONSENT, 'PUT', '/service/individual/record/consent-record/{consentRecordId}/', { consentRecord: { ...record, optIn: false } });
      answers(CONSENT, 'PUT', '/service/individual/record/consent-record/{consentRecordId}/',
        await call('PUT', `${C}/service/individual/record/consent-record/${record.id}/?individualId=${CITIZEN.id}`, hospital, withdraw), 200);
    });

    it('Consent 1.1.0-rc1 individuals, verification and audit of data agreements: the agency\'s own only, each refusal in the API\'s format', async () => {
      const C = '/govstack/consent';
      const given = answers(CONSENT, 'POST', '/service/individual/record/data-agreement/{dataAgreementId}/',
        await call('POST', `${C}/service/individual/record/data-agreement/${AGREEMENT}/`, hospital, undefined, { 'individual-id': CITIZEN.id }), 200).consentRecord;
      const citizen = { id: given.individual.id, externalId: CITIZEN.id, externalIdType: 'national-id' };
      // Individuals are residents with a consent record to one of the caller's agreements; by resident id or ID number.
      for (const side of ['config', 'service']) {
        const list = answers(CONSENT, 'GET', `/${side}/individuals/`, await call('GET', `${C}/${side}/individuals/?offset=0&limit=10`, hospital), 200);
        assert.deepEqual(list.individuals, [citizen]);
        assert.deepEqual(answers(CONSENT, 'GET', `/${side}/individuals/`, await call('GET', `${C}/${side}/individuals/?offset=1`, hospital), 200).individuals, []);
        for (const id of [citizen.id, CITIZEN.id]) {
          assert.deepEqual(answers(CONSENT, 'GET', `/${side}/individual/{individualId}/`, await call('GET', `${C}/${side}/individual/${id}/`, hospital), 200).individual, citizen);
        }
        answers(CONSENT, 'GET', `/${side}/individuals/`, await call('GET', `${C}/${side}/individuals/?limit=0`, hospital), 400);
        // A resident who never consented to the hospital, and an ID no registry knows: 404 alike (the spec lists only 400).
        refused(await call('GET', `${C}/${side}/individual/EE378129277266/`, hospital), 404, 'unknown_individual');
        refused(await call('GET', `${C}/${side}/individual/EE000000000000/`, hospital), 404, 'unknown_individual');
      }
      // Verification lists the agreements the caller controls or answers for; audit, the caller's own.
      const verifiable = answers(CONSENT, 'GET', '/service/verification/data-agreements/', await call('GET', `${C}/service/verification/data-agreements/?offset=0&limit=10`, hospital), 200);
      assert.deepEqual(verifiable.dataAgreements.map((a: Json) => a.id), [AGREEMENT]);
      answers(CONSENT, 'GET', '/service/verification/data-agreements/', await call('GET', `${C}/service/verification/data-agreements/?limit=101`, hospital), 400);
      const audited = answers(CONSENT, 'GET', '/audit/data-agreements/', await call('GET', `${C}/audit/data-agreements/?offset=0&limit=10`, hospital), 200);
      assert.deepEqual(audited.dataAgreements, verifiable.dataAgreements);
      answers(CONSENT, 'GET', '/audit/data-agreements/', await call('GET', `${C}/audit/data-agreements/?offset=-1`, hospital), 400);
      const one = answers(CONSENT, 'GET', '/audit/data-agreement/{dataAgreementId}/', await call('GET', `${C}/audit/data-agreement/${AGREEMENT}/`, hospital), 200);
      assert.deepEqual(one.dataAgreement, audited.dataAgreements[0]);
      refused(await call('GET', `${C}/audit/data-agreement/no-such-agreement/`, hospital), 404, 'unknown_agreement');

      // Scopes as the other consent routes: audit needs consent:audit, service individuals consent:record.
      const reader = await keyFromCli('east-hospital', 'consent:read');
      refused(await call('GET', `${C}/audit/data-agreements/`, reader), 403, 'insufficient_scope');
      refused(await call('GET', `${C}/service/individuals/`, reader), 403, 'insufficient_scope');
      refused(await call('GET', `${C}/config/individuals/`, null), 401, 'unauthorized');
      // The ministry answers the agreement's data service: it verifies against it, but neither audits it nor sees the hospital's individuals.
      const provider = await keyFromCli('social-affairs', 'consent:read,consent:record,consent:audit');
      const provided = answers(CONSENT, 'GET', '/service/verification/data-agreements/', await call('GET', `${C}/service/verification/data-agreements/`, provider), 200);
      assert.deepEqual(provided.dataAgreements.map((a: Json) => a.id), [AGREEMENT]);
      assert.deepEqual(answers(CONSENT, 'GET', '/audit/data-agreements/', await call('GET', `${C}/audit/data-agreements/`, provider), 200).dataAgreements, []);
      refused(await call('GET', `${C}/audit/data-agreement/${AGREEMENT}/`, provider), 404, 'unknown_agreement');
      assert.deepEqual(answers(CONSENT, 'GET', '/config/individuals/', await call('GET', `${C}/config/individuals/`, provider), 200).individuals, []);
      for (const side of ['config', 'service']) refused(await call('GET', `${C}/${side}/individual/${CITIZEN.id}/`, provider), 404, 'unknown_individual');
    });

    it('Consent 1.1.0-rc1 policies: an agency writes its own (each write a revision and an audit entry), another agency\'s is 404', async () => {
      const C = '/govstack/consent';
      const writer = await keyFromCli('east-hospital', 'consent:read,consent:config');
      const policy = { id: '', name: 'East Hospital data policy', version: '1', url: 'https://east-hospital.example/policy', jurisdiction: 'EE', industrySector: 'Healthcare', dataRetentionPeriodDays: 365, geographicRestriction: 'EU', storageLocation: 'EU' };
      const body = sends(CONSENT, 'POST', '/config/policy/', { policy });
      // Refusals write nothing: no consent:config (the hospital's key reads and records only), a policy without its url.
      const before = [await count('consent_policies'), await count('audit_log')];
      refused(await call('POST', `${C}/config/policy/`, hospital, body), 403, 'insufficient_scope');
      answers(CONSENT, 'POST', '/config/policy/', await call('POST', `${C}/config/policy/`, writer, { policy: { name: 'No url' } }), 400);
      answers(CONSENT, 'POST', '/config/policy/', await call('POST', `${C}/config/policy/`, writer, { policy: { ...policy, dataRetentionPeriodDays: -1 } }), 400);
      assert.deepEqual([await count('consent_policies'), await count('audit_log')], before);

      const created = answers(CONSENT, 'POST', '/config/policy/', await call('POST', `${C}/config/policy/`, writer, body), 200);
      const id = created.policy.id;
      assert.deepEqual(created.policy, { ...policy, id, version: '1' });
      assert.deepEqual([created.revision.id, created.revision.objectId, created.revision.predecessorHash], [`${id}:1`, id, undefined]);
      assert.deepEqual(answers(CONSENT, 'GET', '/config/policy/{policyId}/', await call('GET', `${C}/config/policy/${id}/`, writer), 200), created);
      const changed = sends(CONSENT, 'PUT', '/config/policy/{policyId}/', { policy: { ...created.policy, dataRetentionPeriodDays: 730 } });
      const updated = answers(CONSENT, 'PUT', '/config/policy/{policyId}/', await call('PUT', `${C}/config/policy/${id}/`, writer, changed), 200);
      assert.deepEqual([updated.policy.version, updated.policy.dataRetentionPeriodDays, updated.revision.predecessorHash], ['2', 730, created.revision.serializedHash]);
      // A revision reads the policy as it was; one not of this policy is 404.
      const first = answers(CONSENT, 'GET', '/config/policy/{policyId}/', await call('GET', `${C}/config/policy/${id}/?revisionId=${id}:1`, writer), 200);
      assert.deepEqual([first.policy, first.revision], [created.policy, created.revision]);
      refused(await call('GET', `${C}/config/policy/${id}/?revisionId=${created.revision.id}x`, writer), 404, 'unknown_revision');
      assert.deepEqual(answers(CONSENT, 'GET', '/service/policy/{policyId}/', await call('GET', `${C}/service/policy/${id}/`, hospital), 200), updated);
      const history = answers(CONSENT, 'GET', '/config/policy/{policyId}/revisions/', await call('GET', `${C}/config/policy/${id}/revisions/?offset=0&limit=10`, writer), 200);
      assert.deepEqual([history.policy, history.revisions.map((r: Json) => r.id)], [updated.policy, [`${id}:1`, `${id}:2`]]);
      assert.deepEqual(answers(CONSENT, 'GET', '/config/policies/', await call('GET', `${C}/config/policies/?offset=0&limit=10`, writer), 200).policies, [updated.policy]);
      answers(CONSENT, 'GET', '/config/policies/', await call('GET', `${C}/config/policies/?limit=0`, writer), 400);

      // Another agency, with every consent scope: the hospital's policy is not there to it, to read or to write.
      const ministry = await keyFromCli('social-affairs', 'consent:read,consent:record,consent:config');
      assert.deepEqual(answers(CONSENT, 'GET', '/config/policies/', await call('GET', `${C}/config/policies/`, ministry), 200).policies, []);
      for (const [method, url] of [['GET', `/config/policy/${id}/`], ['GET', `/service/policy/${id}/`], ['GET', `/config/policy/${id}/revisions/`], ['PUT', `/config/policy/${id}/`], ['DELETE', `/config/policy/${id}/`]] as const) {
        refused(await call(method, `${C}${url}`, ministry, method === 'PUT' ? changed : undefined), 404, 'unknown_policy');
      }
      refused(await call('GET', `${C}/config/policy/not-a-policy/`, writer), 404, 'unknown_policy');

      const deleted = answers(CONSENT, 'DELETE', '/config/policy/{policyId}/', await call('DELETE', `${C}/config/policy/${id}/`, writer), 200);
      assert.deepEqual([deleted.revision.id, deleted.revision.predecessorHash], [`${id}:3`, updated.revision.serializedHash]);
      refused(await call('GET', `${C}/config/policy/${id}/`, writer), 404, 'unknown_policy');
      refused(await call('DELETE', `${C}/config/policy/${id}/`, writer), 404, 'unknown_policy');
      assert.deepEqual(answers(CONSENT, 'GET', '/config/policies/', await call('GET', `${C}/config/policies/`, writer), 200).policies, []);
      const audit = (await sql<Json>`select action, agency_id, target, details from audit_log where action like 'consent.policy.%' order by id`.execute(db())).rows;
      assert.deepEqual(audit.map((a) => [a.action, a.agency_id, a.target, a.details.version]), [
        ['consent.policy.created', 'east-hospital', `consent-policy:${id}`, 1], ['consent.policy.updated', 'east-hospital', `consent-policy:${id}`, 2], ['consent.policy.deleted', 'east-hospital', `consent-policy:${id}`, 3],
      ]);
    });

    it('Information Mediator directory 1.0: the testbed\'s members and the MCTS data service', async () => {
      const IM = '/govstack/im';
      const R1 = '/r1/{instanceId}/{memberClass}/{memberCode}/{applicationCode}';
      const clients = answers(DIRECTORY, 'GET', '/listClients', await call('GET', `${IM}/listClients`, null), 200);
      assert.deepEqual(clients.member.filter((m: Json) => m.id.objectType === 'MEMBER').map((m: Json) => m.id.memberCode).sort(), ['east-hospital', 'social-affairs']);
      const client = { 'x-govstack-client': 'GS/GOV/east-hospital/records' };
      const methods = answers(DIRECTORY, 'GET', `${R1}/listMethods`, await call('GET', `${IM}/r1/GS/GOV/social-affairs/hanaro/listMethods`, null, undefined, client), 200);
      assert.deepEqual(methods.member.map((m: Json) => m.serviceCode), ['mcts-record']);
      answers(DIRECTORY, 'GET', `${R1}/listMethods`, await call('GET', `${IM}/r1/GS/GOV/social-affairs/hanaro/listMethods`, null), 400);
      assert.equal((await call('GET', `${IM}/r1/GS/GOV/west-hospital/hanaro/listMethods`, null, undefined, client)).statusCode, 404, 'a member that does not exist (not in the spec\'s list)');
      const allowed = answers(DIRECTORY, 'GET', `${R1}/allowedMethods`, await call('GET', `${IM}/r1/GS/GOV/social-affairs/hanaro/allowedMethods`, hospital, undefined, client), 200);
      assert.deepEqual(allowed.member.map((m: Json) => m.serviceCode), ['mcts-record']);
      answers(DIRECTORY, 'GET', `${R1}/getOpenAPI`, await call('GET', `${IM}/r1/GS/GOV/social-affairs/hanaro/getOpenAPI?serviceCode=mcts-record`, null, undefined, client), 200);
    });

    it('answers a path it cannot parse in the API\'s own error format, never the web pages\' CSRF refusal', async () => {
      for (const url of ['/govstack/registration/applications/a%ZZ', '/govstack/registries/data/MCTS/2.7/a%ZZ/delete']) {
        const res = await call(url.includes('delete') ? 'DELETE' : 'GET', url, hospital);
        refused(res, 400, 'invalid_path');
      }
      refused(await call('POST', '/govstack/registration/tasks/a#b/complete', hospital, { data: {} }), 404, 'not_found');
    });
  });
}
