import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey } from '../govstack-registration/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { checkConsent, CONSENT_SCOPES } from './index.ts';

const API = '/govstack/consent';
const AGREEMENT = 'child-allowance';
const { minjun, seoyeon } = DEMO_RESIDENTS;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const spec = parse(fs.readFileSync(path.join(import.meta.dirname, 'spec', 'consent-openapi.yaml'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
addFormats.default(ajv);
/** The 200 response schema the spec gives for an operation. */
const responseSchema = (p: string, method: string) => ({ ...spec.paths[p][method].responses['200'].content['application/json'].schema, components: spec.components });
function conforms(body: unknown, p: string, method = 'get') {
  const validate = ajv.compile(responseSchema(p, method));
  assert.ok(validate(body), JSON.stringify(validate.errors?.slice(0, 3)));
}

for (const target of databaseTargets()) {
  describe(`GovStack Consent API [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let welfare: string, welfareReader: string, welfareAuditor: string, interior: string, police: string;
    const db = () => platform.database.db;
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
      platform.app.inject({
        method, url: `${API}${url}`,
        headers: { 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const keyFor = async (agency: string, scopes: string[]) => {
      const admin = (await findStaffByEmail(db(), `admin.${agency}@demo.hanaro.example`))!;
      const r = await issueApiKey(db(), agencyScope(agency), { label: `${agency} consent system`, scopes }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(r.ok);
      return r.secret;
    };
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;
    const residentId = async (idNumber: string) => (await findResidentByIdNumber(db(), idNumber))!.id;
    const create = (token: string, query: string) => call('POST', `/service/individual/record/data-agreement/${AGREEMENT}/?${query}`, token);

    before(async () => {
      platform = await startTestPlatform(target);
      welfare = await keyFor('welfare', [CONSENT_SCOPES.record, CONSENT_SCOPES.read]);
      welfareReader = await keyFor('welfare', [CONSENT_SCOPES.read]);
      welfareAuditor = await keyFor('welfare', [CONSENT_SCOPES.audit]);
      interior = await keyFor('interior', [CONSENT_SCOPES.read, CONSENT_SCOPES.record, CONSENT_SCOPES.audit]);
      police = await keyFor('police', [CONSENT_SCOPES.read, CONSENT_SCOPES.record, CONSENT_SCOPES.audit]);
    });
    after(() => platform.close());

    it('publishes its OpenAPI document and refuses callers without a key (401) or the scope (403)', async () => {
      const doc = (await platform.app.inject({ method: 'GET', url: `${API}/openapi.json` })).json();
      assert.ok(doc.paths['/service/individual/record/data-agreement/{dataAgreementId}/'].post);
      assert.ok(doc.paths['/config/policy/'].post);
      assert.equal(doc.paths['/config/webhook/'], undefined);
      for (const p of ['/config/individuals/', '/service/individual/{individualId}/', '/service/verification/data-agreements/', '/audit/data-agreement/{dataAgreementId}/']) assert.ok(doc.paths[p].get, p);
      assert.equal(doc.paths['/config/individual/'], undefined, 'individuals are not created through the API');
      const none = await call('GET', '/config/data-agreements/', null);
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      assert.equal((await call('GET', '/config/data-agreements/', 'hnr_not-a-real-key')).statusCode, 401);
      const scoped = await call('GET', '/audit/consent-records/', welfareReader);
      assert.deepEqual([scoped.statusCode, scoped.json().code], [403, 'insufficient_scope']);
      const mediator = await call('GET', '/config/data-agreements/', welfare, undefined, { 'information-mediator-client': 'not a member' });
      assert.deepEqual([mediator.statusCode, mediator.json().field], [400, 'Information-Mediator-Client']);
    });

    it('lists and reads an agency\'s own data agreements in the spec shape, and not another agency\'s', async () => {
      const list = await call('GET', '/config/data-agreements/', welfareReader);
      assert.equal(list.statusCode, 200);
      conforms(list.json(), '/config/data-agreements/');
      const agreement = list.json().dataAgreement.find((a: Json) => a.id === AGREEMENT);
      assert.deepEqual([agreement.controller.id, agreement.lawfulBasis, agreement.purpose], ['welfare', 'consent', 'Apply for child allowance']);
      assert.deepEqual(agreement.dataServices.map((d: Json) => [d.id, d.provider.id]), [['proof-of-residence', 'interior'], ['family-relations', 'interior']]);
      assert.ok(agreement.dataAttributes.some((a: Json) => a.id === 'proof-of-residence.address'));
      const read = await call('GET', `/config/data-agreement/${AGREEMENT}/`, welfareReader);
      conforms(read.json(), '/config/data-agreement/{dataAgreementId}/');
      assert.equal(read.json().revision.id, `${AGREEMENT}:1`);
      assert.ok(!(await call('GET', '/config/data-agreements/', police)).json().dataAgreement.some((a: Json) => a.id === AGREEMENT));
      const foreign = await call('GET', `/config/data-agreement/${AGREEMENT}/`, interior);
      assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'unknown_agreement']);
      // The agency answering for the agreement may read it; one not involved may not.
      const provider = await call('GET', `/service/data-agreement/${AGREEMENT}/`, interior);
      assert.equal(provider.statusCode, 200);
      conforms(provider.json(), '/service/data-agreement/{dataAgreementId}/');
      assert.equal((await call('GET', `/service/data-agreement/${AGREEMENT}/`, police)).statusCode, 404);
      const paging = await call('GET', '/config/data-agreements/?limit=0', welfareReader);
      assert.deepEqual([paging.statusCode, paging.json().code, paging.json().field], [400, 'invalid_request', 'limit']);
    });

    it('records an individual\'s consent for the agency\'s system, signed and audited', async () => {
      const res = await create(welfare, `individualId=${minjun.idNumber}&language=ko&applicationId=counter-7`);
      assert.equal(res.statusCode, 200);
      conforms(res.json(), '/service/individual/record/data-agreement/{dataAgreementId}/', 'post');
      const record = res.json().consentRecord;
      assert.deepEqual([record.optIn, record.status, record.channel, record.language, record.applicationId], [true, 'active', 'api', 'ko', 'counter-7']);
      assert.deepEqual([record.individual.id, record.individual.externalId], [await residentId(minjun.idNumber), minjun.idNumber]);
      assert.equal(record.dataAgreementRevisionHash, record.dataAgreementRevision.serializedHash);
      assert.equal(record.signature.verificationPayloadHash, res.json().revision.serializedHash);
      const [audit] = (await sql<Json>`select * from audit_log where target = ${`consent:${record.id}`}`.execute(db())).rows;
      assert.equal(audit.action, 'consent.given');
      assert.match(audit.actor, /^api_key:/);
      assert.deepEqual(await checkConsent(db(), { consentId: record.id, residentId: record.individual.id, consumerAgencyId: 'welfare', dataServiceId: 'family-relations' }), { ok: true });
      // The registry's id for the resident names them too, and the valid consent is answered again.
      const again = await create(welfare, `individualId=${record.individual.id}`);
      assert.equal(again.json().consentRecord.id, record.id);
    });

    it('refuses bad input with a reason, another agency\'s agreement with 404, and writes nothing', async () => {
      const before = [await count('consent_records'), await count('audit_log')];
      const refused = async (query: string, status: number, code: string, field?: string, token = welfare) => {
        const res = await create(token, query);
        assert.deepEqual([res.statusCode, res.json().code, res.json().field], [status, code, field], query);
      };
      await refused('', 400, 'individual_missing', 'individualId');
      await refused('individualId=000000-0000000', 404, 'unknown_individual', 'individualId');
      await refused(`individualId=${seoyeon.idNumber}&revisionId=${AGREEMENT}:0`, 409, 'revision_outdated', 'revisionId');
      await refused(`individualId=${seoyeon.idNumber}&language=%3Cscript%3E`, 400, 'invalid_input', 'language');
      await refused(`individualId=${seoyeon.idNumber}`, 404, 'unknown_agreement', 'dataAgreementId', police);
      const unknown = await call('POST', `/service/individual/record/data-agreement/no-such-service/?individualId=${seoyeon.idNumber}`, welfare);
      assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'unknown_agreement']);
      assert.deepEqual([await count('consent_records'), await count('audit_log')], before);
    });

    it('reads and lists an individual\'s consents by query or header, and verifies them for its own agency only', async () => {
      const { consentRecord: given } = (await create(welfare, `individualId=${seoyeon.idNumber}`)).json();
      const read = await call('GET', `/service/individual/record/data-agreement/${AGREEMENT}/`, welfare, undefined, { 'individual-id': seoyeon.idNumber });
      assert.equal(read.statusCode, 200);
      conforms(read.json(), '/service/individual/record/data-agreement/{dataAgreementId}/');
      assert.equal(read.json().consentRecord.id, given.id);
      const list = await call('GET', `/service/individual/record/consent-record/?individualId=${seoyeon.idNumber}`, welfare);
      conforms(list.json(), '/service/individual/record/consent-record/');
      assert.deepEqual(list.json().consentRecords.map((r: Json) => r.id), [given.id]);
      assert.deepEqual((await call('GET', `/service/individual/record/consent-record/?individualId=${seoyeon.idNumber}`, police)).json().consentRecords, []);
      assert.equal((await call('GET', '/service/individual/record/consent-record/', welfare)).json().code, 'individual_missing');

      const verify = await call('GET', `/service/verification/consent-records/?individualId=${seoyeon.idNumber}&dataAgreementId=${AGREEMENT}&optIn=true`, welfareReader);
      conforms(verify.json(), '/service/verification/consent-records/');
      assert.deepEqual(verify.json().consentRecords.map((r: Json) => r.id), [given.id]);
      assert.deepEqual((await call('GET', `/service/verification/consent-records/?individualId=${seoyeon.idNumber}&optIn=false`, welfareReader)).json().consentRecords, []);
      const one = await call('GET', `/service/verification/consent-record/${given.id}/`, welfareReader);
      conforms(one.json(), '/service/verification/consent-record/{consentRecordId}/');
      for (const [token, id] of [[interior, given.id], [police, given.id], [welfareReader, 'not-a-uuid'], [welfareReader, '00000000-0000-4000-8000-000000000000']] as const) {
        const res = await call('GET', `/service/verification/consent-record/${id}/`, token);
        assert.deepEqual([res.statusCode, res.json().code], [404, 'unknown_consent_record']);
      }
    });

    it('withdraws a consent through an update with optIn false, and nothing else', async () => {
      const { consentRecord: given } = (await create(welfare, `individualId=${seoyeon.idNumber}`)).json();
      const url = `/service/individual/record/consent-record/${given.id}/`;
      assert.deepEqual((await call('PUT', url, welfare, { consentRecord: { optIn: true } })).json().field, 'consentRecord.optIn');
      assert.equal((await call('PUT', url, welfare, {})).statusCode, 400);
      assert.equal((await call('PUT', url, police, { consentRecord: { optIn: false } })).statusCode, 404);
      assert.equal((await call('PUT', `${url}?individualId=${minjun.idNumber}`, welfare, { consentRecord: { optIn: false } })).statusCode, 404);
      const consentCheck = { consentId: given.id, residentId: given.individual.id, consumerAgencyId: 'welfare', dataServiceId: 'proof-of-residence' };
      assert.deepEqual(await checkConsent(db(), consentCheck), { ok: true });
      const res = await call('PUT', url, welfare, { consentRecord: { optIn: false } });
      assert.equal(res.statusCode, 200);
      conforms(res.json(), '/service/individual/record/consent-record/{consentRecordId}/', 'put');
      assert.deepEqual([res.json().consentRecord.optIn, res.json().consentRecord.status], [false, 'withdrawn']);
      assert.equal(res.json().revision.predecessorHash, given.signature.signature);
      assert.deepEqual(await checkConsent(db(), consentCheck), { ok: false, reason: 'consent_withdrawn' });
    });

    it('lets the agency\'s auditor read every record with its history and whether it is intact', async () => {
      const list = await call('GET', '/audit/consent-records/?limit=100', welfareAuditor);
      conforms(list.json(), '/audit/consent-records/');
      assert.ok(list.json().consentRecords.length >= 2);
      const withdrawn = list.json().consentRecords.find((r: Json) => r.status === 'withdrawn');
      const audit = await call('GET', `/audit/consent-record/${withdrawn.id}/`, welfareAuditor);
      conforms(audit.json(), '/audit/consent-record/{consentRecordId}/');
      assert.deepEqual(audit.json().revisions.map((r: Json) => JSON.parse(r.serializedSnapshot).objectData.state), ['given', 'withdrawn']);
      assert.deepEqual(audit.json().integrity, { intact: true });
      assert.deepEqual((await call('GET', '/audit/consent-records/', interior)).json().consentRecords, []);
      assert.equal((await call('GET', `/audit/consent-record/${withdrawn.id}/`, interior)).statusCode, 404);
      await sql`update consent_records set language = 'fr' where id = ${withdrawn.id}`.execute(db());
      assert.deepEqual((await call('GET', `/audit/consent-record/${withdrawn.id}/`, welfareAuditor)).json().integrity, { intact: false, problem: 'record_changed' });
    });
  });
}
