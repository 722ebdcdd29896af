import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { issueApiKey } from './issue-api-key.ts';
import { ALL_SCOPES, SCOPES } from './scopes.ts';

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
  });
}
