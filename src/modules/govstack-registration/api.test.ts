import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { issueApiKey } from './issue-api-key.ts';
import { apiKeyVerifier } from './verify-api-key.ts';
import { serviceUuid } from './service-directory.ts';
import { setServiceAvailability } from '../catalog/index.ts';
import { ALL_SCOPES, SCOPES } from './scopes.ts';
import { giveConsent, withdrawConsent } from '../consent/index.ts';

const API = '/govstack/registration';
const MEDIATOR = 'eGovStack/GOV/90000009/digitalregistries';

for (const target of databaseTargets()) {
  describe(`GovStack Registration API [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let interior: string, readOnly: string, police: string;
    let spec: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat('int32', true).addFormat('base64', true);

    const db = () => platform.database.db;
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `${API}${url}`, headers: { 'accept-language': 'en', 'information-mediator-client': MEDIATOR, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
    /** Checks a body against a schema of the served OpenAPI document. */
    const conforms = (body: unknown, schema: object) => {
      const validate = ajv.compile({ ...schema, components: spec.components });
      assert.ok(validate(body), JSON.stringify(validate.errors?.slice(0, 3)));
    };
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const listOf = (name: string) => ({ type: 'array', items: ref(name) });
    const keyFor = async (agency: string, scopes: readonly string[]) => {
      const admin = (await findStaffByEmail(db(), `admin.${agency}@demo.hanaro.example`))!;
      const r = await issueApiKey(db(), agencyScope(agency), { label: `${agency} system`, scopes: [...scopes] }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(r.ok);
      return r.secret;
    };
    const certificate = (extra: Record<string, unknown> = {}) => ({
      applicantId: DEMO_RESIDENTS.minjun.idNumber,
      formData: { data: { purpose: 'other', otherPurpose: '<script>alert(1)</script>', includeAddressHistory: 'no', copies: 2, ...extra } },
    });

    before(async () => {
      platform = await startTestPlatform(target);
      interior = await keyFor('interior', ALL_SCOPES);
      readOnly = await keyFor('interior', [SCOPES.read]);
      police = await keyFor('police', ALL_SCOPES);
      spec = (await platform.app.inject({ method: 'GET', url: `${API}/openapi.json` })).json();
    });
    after(() => platform.close());

    it('publishes its OpenAPI document with Hanaro as the server', () => {
      assert.equal(spec.openapi, '3.0.0');
      assert.match(spec.servers[0].url, /\/govstack\/registration$/);
      assert.ok(spec.paths['/data/statistics'] && spec.paths['/tasks/{taskId}/complete']);
    });

    it('refuses callers without a valid key (401) or without the scope (403)', async () => {
      const none = await call('GET', '/services', null);
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      assert.equal(none.json().code, 'unauthorized');
      assert.equal((await call('GET', '/services', 'hnr_not-a-real-key')).statusCode, 401);
      const before = await count('applications');
      const res = await call('POST', '/services/resident-registration-certificate/applications', readOnly, certificate());
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'insufficient_scope');
      assert.equal(await count('applications'), before);
    });

    it('lists services, one service and its eForm in the spec shapes', async () => {
      const list = await call('GET', '/services', interior);
      assert.equal(list.statusCode, 200);
      conforms(list.json(), listOf('service'));
      const found = list.json().find((s: { serviceBody: { code: string; value: string }[] }) => s.serviceBody.some((p) => p.value === 'resident-registration-certificate'));
      const one = await call('GET', `/services/${found.id}`, interior);
      conforms(one.json(), ref('service'));
      const forms = await call('GET', `/services/${found.id}/eForms`, interior);
      conforms(forms.json(), listOf('EFormListItem'));
      const form = await call('GET', `/eForms/${forms.json()[0].eFormId}`, interior);
      conforms(form.json(), ref('EForm'));
      assert.deepEqual(form.json().schema.required, ['purpose', 'includeAddressHistory', 'copies']);
      assert.equal((await call('GET', '/services/00000000-0000-5000-8000-000000000000', interior)).statusCode, 404);
      assert.equal((await call('GET', '/eForms/nope', interior)).statusCode, 404);
    });

    it('files one application per Idempotency-Key, keeps HTML as inert text, and lets the agency process it', async () => {
      const before = await count('applications');
      const headers = { 'idempotency-key': 'order-0001' };
      const first = await call('POST', '/services/resident-registration-certificate/applications', interior, certificate(), headers);
      assert.equal(first.statusCode, 200, first.body);
      conforms(first.json(), ref('applicationFileResponse'));
      assert.ok(!first.body.includes('<script>'), 'no raw markup in the JSON');
      assert.equal(first.json().applicationData.formData.data.otherPurpose, '<script>alert(1)</script>');
      const again = await call('POST', '/services/resident-registration-certificate/applications', interior, certificate(), headers);
      assert.equal(again.json().fileId, first.json().fileId);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(await count('applications'), before + 1, 'the same request twice made one application');
      const reused = await call('POST', '/services/resident-registration-certificate/applications', interior, certificate({ copies: 3 }), headers);
      assert.equal(reused.statusCode, 422);

      const fileId = first.json().fileId as string;
      const list = await call('GET', '/applications?maxResult=5', interior);
      conforms(list.json(), listOf('applicantApplicationFileListResponse'));
      assert.ok(list.json().some((a: { fileId: string }) => a.fileId === fileId));
      conforms((await call('GET', `/applications/${fileId}`, interior)).json(), ref('applicationFileResponse'));
      const amended = await call('PUT', `/applications/${fileId}`, interior, certificate({ copies: 4 }));
      assert.equal(amended.statusCode, 200, amended.body);
      assert.equal(amended.json().applicationData.formData.data.copies, 4);

      const tasks = await call('GET', `/tasks?fileId=${fileId}`, interior);
      conforms(tasks.json(), listOf('userTaskResponse'));
      const taskId = tasks.json()[0].taskId as string;
      const task = await call('GET', `/tasks/${encodeURIComponent(taskId)}`, interior);
      conforms(task.json(), ref('dataUserTaskResponse'));
      assert.equal((await call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, interior, { data: { decision: 'sendBack' } })).statusCode, 400);
      const done = await call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, interior, { data: { decision: 'complete', message: 'ok' } });
      assert.equal(done.statusCode, 200, done.body);
      conforms(done.json(), ref('completedTaskResponse'));
      assert.equal(done.json().status.code, 'APPROVED');
      assert.equal((await call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, interior, { data: {} })).statusCode, 404, 'a completed task is gone');

      const stats = await call('GET', '/data/statistics?timeframe=year', interior);
      assert.equal(stats.statusCode, 200);
      conforms(stats.json(), listOf('inline_response_200'));
      assert.ok(stats.json().some((s: { approved: number }) => s.approved >= 1));
      const audit = await sql<{ actor: string }>`select distinct actor from audit_log where target = ${`application:${fileId}`}`.execute(db());
      assert.ok(audit.rows.every((r) => r.actor.startsWith('api_key:')));
    });

    it('answers bad input with a machine-readable 4xx and writes nothing', async () => {
      const apps = await count('applications');
      const audit = await count('audit_log');
      const post = (body: unknown, service = 'resident-registration-certificate') => call('POST', `/services/${service}/applications`, interior, body);
      const wrongType = await post({ applicantId: 12345, formData: { data: {} } });
      assert.equal(wrongType.statusCode, 400);
      assert.deepEqual(Object.keys(wrongType.json()).sort(), ['code', 'field', 'message']);
      assert.equal(wrongType.json().field, 'applicantId');
      const missing = await post({ formData: { data: {} } });
      assert.equal(missing.json().field, 'applicantId');
      const badAnswer = await post(certificate({ copies: '2' }));
      assert.equal(badAnswer.statusCode, 400);
      assert.equal(badAnswer.json().field, 'formData.data.copies');
      assert.equal((await post({ ...certificate(), applicantId: '000000-0000000' })).json().code, 'unknown_applicant');
      assert.equal((await post(certificate(), 'no-such-service')).statusCode, 404);
      assert.equal((await post(certificate(), 'driving-licence-renewal')).statusCode, 403, 'another agency\'s service');
      const huge = await post({ ...certificate(), applicationName: 'x'.repeat(300 * 1024) });
      assert.equal(huge.statusCode, 413);
      const badHeader = await call('GET', '/services', interior, undefined, { 'information-mediator-client': 'not a mediator' });
      assert.equal(badHeader.statusCode, 400);
      assert.equal(await count('applications'), apps);
      assert.equal(await count('audit_log'), audit);
    });

    it('an agency administrator gives a new key scopes of every Hanaro API from the office, and an unknown one is refused', async () => {
      const admin = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await admin.signIn('admin.welfare@demo.hanaro.example')).statusCode, 303);
      const form = await admin.get('/office/api-keys');
      for (const scope of ['registration:apply', 'registries:read', 'consent:record', 'exchange', 'oidc-client:manage']) assert.match(form.body, new RegExp(`value="${scope}"`));
      const created = await admin.post('/office/api-keys', { label: 'Benefits system', scopes: ['exchange', 'consent:read'] }, '/office/api-keys');
      assert.equal(created.statusCode, 200);
      const secret = /id="secret"[^>]*value="([^"]+)"/.exec(created.body)?.[1] ?? '';
      const caller = await apiKeyVerifier(db())(secret);
      assert.deepEqual([...caller!.scopes].sort(), ['consent:read', 'exchange']);
      const refused = await admin.post('/office/api-keys', { label: 'Too much', scopes: ['exchange', 'registries:everything'] }, '/office/api-keys');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /value="Too much"/);
      assert.match(refused.body, /value="exchange" checked/);
    });

    it('shows a closed service by its UUID to its own agency only', async () => {
      const uuid = serviceUuid('resident-registration-certificate');
      await setServiceAvailability(db(), agencyScope('interior'), 'resident-registration-certificate', false, { actor: 'system:test' });
      try {
        assert.equal((await call('GET', `/services/${uuid}`, interior)).statusCode, 200);
        assert.equal((await call('GET', `/services/${uuid}`, police)).statusCode, 404);
        assert.equal((await call('GET', '/services/resident-registration-certificate', police)).statusCode, 404);
      } finally {
        await setServiceAvailability(db(), agencyScope('interior'), 'resident-registration-certificate', true, { actor: 'system:test' });
      }
      assert.equal((await call('GET', `/services/${uuid}`, police)).statusCode, 200);
    });

    it('hides one agency\'s applications and tasks from another agency\'s key (404)', async () => {
      const filed = await call('POST', '/services/resident-registration-certificate/applications', interior, certificate());
      const fileId = filed.json().fileId as string;
      assert.equal((await call('GET', `/applications/${fileId}`, police)).statusCode, 404);
      assert.equal((await call('PUT', `/applications/${fileId}`, police, certificate())).statusCode, 404);
      const task = (await call('GET', `/tasks?fileId=${fileId}`, interior)).json()[0].taskId as string;
      assert.equal((await call('GET', `/tasks/${encodeURIComponent(task)}`, police)).statusCode, 404);
      assert.equal((await call('POST', `/tasks/${encodeURIComponent(task)}/complete`, police, { data: { decision: 'reject', message: 'no' } })).statusCode, 404);
      assert.ok(!(await call('GET', '/applications', police)).json().some((a: { fileId: string }) => a.fileId === fileId));
      assert.equal((await call('GET', `/tasks/${encodeURIComponent(task)}`, interior)).statusCode, 200, 'still open for its own agency');
    });

    it('fetches the data a service takes from other agencies when the request carries the applicant\'s consent record, and says so when it does not', async () => {
      const welfare = await keyFor('welfare', ALL_SCOPES);
      const allowance = (applicantId: string, extra: Record<string, unknown> = {}) => ({
        applicantId, ...extra,
        formData: { data: { childName: '오하린', childIdNumber: '220412-4164326', relationship: 'mother', bankName: 'kb', accountNumber: '123-456789-01-011', accountHolder: 'applicant' } },
      });
      const URL = '/services/child-allowance/applications';
      const rows = async (fileId: string) => (await sql<{ data_service_id: string; outcome: string; consent_id: string | null }>`
        select data_service_id, outcome, consent_id from application_agency_data where application_id = ${fileId} order by data_service_id`.execute(db())).rows;

      const without = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.jimin.idNumber));
      assert.equal(without.statusCode, 200, without.body);
      conforms(without.json(), ref('applicationFileResponse'));
      assert.deepEqual(without.json().agencyData, [
        { dataServiceId: 'proof-of-residence', providerId: 'interior', status: 'not_fetched', reason: 'consent_missing', replacesDocument: 'Resident registration certificate' },
        { dataServiceId: 'family-relations', providerId: 'interior', status: 'not_fetched', reason: 'consent_missing', replacesDocument: 'Family relation certificate' },
      ], 'filed as before, with a note of what was not fetched');
      assert.deepEqual(await rows(without.json().fileId), []);

      const residentId = (await sql<{ id: string }>`select id from residents where id_number = ${DEMO_RESIDENTS.jimin.idNumber}`.execute(db())).rows[0]!.id;
      const apps = await count('applications');
      const unknown = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.jimin.idNumber, { consentId: '6f1c1d2e-9a55-4d36-b1a8-0d3c1b7c2a10' }));
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual([unknown.json().code, unknown.json().field], ['consent_not_found', 'consentId']);
      const consent = await giveConsent(db(), { residentId, dataAgreementId: 'child-allowance', language: 'en', channel: 'api', actor: 'api_key:test' });
      const someoneElse = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.dohyun.idNumber, { consentId: consent.id }));
      assert.equal(someoneElse.statusCode, 400, 'another resident\'s consent does not do');
      assert.equal(someoneElse.json().code, 'consent_not_found', 'and is answered as if it did not exist');
      const otherAgreement = await giveConsent(db(), { residentId, dataAgreementId: 'newborn-health-insurance-enrolment', language: 'en', channel: 'api', actor: 'api_key:test' });
      const notCovering = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.jimin.idNumber, { consentId: otherAgreement.id }));
      assert.equal(notCovering.json().code, 'consent_not_covering', 'a consent to another service\'s agreement does not cover this one');
      assert.equal(await count('applications'), apps, 'nothing filed on a bad consent');

      const withConsent = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.jimin.idNumber, { consentId: consent.id }));
      assert.equal(withConsent.statusCode, 200, withConsent.body);
      conforms(withConsent.json(), ref('applicationFileResponse'));
      const fileId = withConsent.json().fileId as string;
      assert.deepEqual(withConsent.json().agencyData.map((d: { dataServiceId: string; status: string }) => `${d.dataServiceId}:${d.status}`), ['proof-of-residence:fetched', 'family-relations:fetched']);
      assert.ok(withConsent.json().agencyData.every((d: { exchangeMessageId?: string }) => d.exchangeMessageId));
      assert.deepEqual((await rows(fileId)).map((r) => [r.data_service_id, r.outcome, r.consent_id]), [['family-relations', 'fetched', consent.id], ['proof-of-residence', 'fetched', consent.id]]);
      const reads = await sql<{ reader_kind: string; reader_agency_id: string }>`select distinct reader_kind, reader_agency_id from personal_data_reads where application_id = ${fileId}`.execute(db());
      assert.deepEqual(reads.rows, [{ reader_kind: 'api_key', reader_agency_id: 'welfare' }], 'read by the agency system that filed');
      assert.equal((await call('GET', `/applications/${fileId}`, welfare)).json().agencyData[0].status, 'fetched');

      assert.equal(await withdrawConsent(db(), { consentId: consent.id, residentId, actor: `resident:${residentId}` }), 'withdrawn');
      const withdrawn = await call('POST', URL, welfare, allowance(DEMO_RESIDENTS.jimin.idNumber, { consentId: consent.id }));
      assert.equal(withdrawn.json().code, 'consent_withdrawn', 'a withdrawn consent no longer does, and the answer says why');
      assert.ok(spec.components.schemas.applicationFileSubmit.properties.consentId, 'the served spec documents consentId');
    });

    it('takes a task completion whose body is the spec\'s additionalData, and answers an unknown task 404', async () => {
      const body = { data: { additionalProp1: {} } };
      assert.ok(ajv.compile({ ...spec.components.schemas.additionalData, components: spec.components })(body), 'the body is the spec\'s own shape');
      const unknown = await call('POST', '/tasks/no-such-file:review/complete', interior, body);
      assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'not_found']);
      const filed = await call('POST', '/services/resident-registration-certificate/applications', interior, certificate());
      const taskId = (await call('GET', `/tasks?fileId=${filed.json().fileId}`, interior)).json()[0].taskId as string;
      const done = await call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, interior, body);
      assert.equal(done.statusCode, 200, done.body);
      conforms(done.json(), ref('completedTaskResponse'));
    });

    it('answers 400 without the Information-Mediator-Client header where the spec requires it, and only there', async () => {
      const required = Object.entries(spec.paths as Record<string, Record<string, { parameters?: { $ref?: string; name?: string; required?: boolean }[] }>>)
        .flatMap(([p, ops]) => Object.entries(ops).filter(([, op]) => op.parameters?.some((x) => x.$ref?.endsWith('/Information-Mediator-Client') || (x.name === 'Information-Mediator-Client' && x.required)))
          .map(([method]) => [method.toUpperCase(), p.replace('{serviceId}', 'resident-registration-certificate').replace('{fileId}', 'no-such-file')]));
      assert.deepEqual(required.map(([m, p]) => `${m} ${p}`).sort(), ['GET /applications', 'GET /applications/no-such-file', 'GET /data/statistics',
        'POST /services/resident-registration-certificate/applications', 'PUT /applications/no-such-file']);
      for (const [method, url] of required) {
        const res = await platform.app.inject({ method: method as 'GET', url: `${API}${url}`, headers: { authorization: `Bearer ${interior}`, 'accept-language': 'en' }, ...(method === 'GET' ? {} : { payload: certificate() }) });
        assert.deepEqual([res.statusCode, res.json().code, res.json().field], [400, 'header_missing', 'Information-Mediator-Client'], `${method} ${url}`);
      }
      assert.equal((await platform.app.inject({ url: `${API}/services`, headers: { authorization: `Bearer ${interior}` } })).statusCode, 200, 'optional elsewhere');
    });

    it('uploads a document and files it into a file field of the eForm', async () => {
      const boundary = 'hanaro-boundary';
      const pdf = Buffer.from('%PDF-1.7\n% test\n');
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lease.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const up = await call('POST', '/documents', interior, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      assert.equal(up.statusCode, 200, up.body);
      conforms(up.json(), ref('uploadResponse'));
      assert.match(up.json().url, /^urn:uuid:/);
      assert.equal(await count('govstack_documents'), 1);
    });

    it('refuses a document upload without a multipart payload, or with one it cannot read, with 400 and the reason', async () => {
      const multipart = (parts: string) => ({ 'content-type': 'multipart/form-data; boundary=b' , body: Buffer.from(`${parts}--b--\r\n`) });
      const field = (value: string) => `--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n${value}\r\n`;
      const file = (name: string) => `--b\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n`;
      const send = (m: { 'content-type': string; body: Buffer }) => call('POST', '/documents', interior, m.body, { 'content-type': m['content-type'] });
      const refusal = async (res: Awaited<ReturnType<typeof call>>) => [res.statusCode, res.json().code, res.json().field];
      const documents = await count('govstack_documents');
      assert.deepEqual(await refusal(await call('POST', '/documents', interior)), [400, 'multipart_required', 'file'], 'no payload');
      assert.deepEqual(await refusal(await call('POST', '/documents', interior, { file: ['V2UgbG92ZSBqc29uIQ=='] })), [400, 'multipart_required', 'file'], 'JSON');
      assert.deepEqual(await refusal(await call('POST', '/documents', interior, Buffer.from('%PDF-1.7'), { 'content-type': 'application/pdf' })), [400, 'multipart_required', 'file'], 'bare bytes');
      assert.deepEqual(await refusal(await send(multipart(`--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n`))), [400, 'file_missing', 'file']);
      assert.deepEqual(await refusal(await send(multipart(field('not base64!')))), [400, 'file_not_base64', 'file']);
      assert.deepEqual(await refusal(await send(multipart(file('a.pdf') + file('b.pdf')))), [400, 'one_file_only', 'file']);
      assert.equal(await count('govstack_documents'), documents, 'nothing kept');

      const upload = spec.paths['/documents'].post.requestBody.content['multipart/form-data'].schema;
      const example = upload.properties.file.items.example as string;
      assert.ok(ajv.compile(upload)({ file: [example] }), 'the spec\'s own example value');
      const base64 = await send(multipart(field(example)));
      assert.equal(base64.statusCode, 200, base64.body);
      conforms(base64.json(), ref('uploadResponse'));
      const stored = await sql<{ content: Buffer }>`select content from govstack_documents where id = ${base64.json().documentId}`.execute(db());
      assert.equal(Buffer.from(stored.rows[0]!.content).toString(), Buffer.from(example, 'base64').toString(), 'a base64 field is stored as the bytes it encodes');
    });
  });
}
