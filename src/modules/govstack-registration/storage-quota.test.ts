import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform } from '../../../test/support/platform.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { setAgencyQuotas, storageUse } from '../onboarding/index.ts';
import { issueApiKey } from './issue-api-key.ts';
import { ALL_SCOPES } from './scopes.ts';

const API = '/govstack/registration';
const BOUNDARY = 'hanaro-boundary';
const LEASE = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4_000, 'x'), Buffer.from('\n%%EOF\n')]);

for (const target of databaseTargets()) {
  describe(`the storage quota on the Registration API's filings [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let key: string;
    const db = () => platform.database.db;
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;
    const call = (method: 'POST', url: string, payload: object | Buffer, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `${API}${url}`, headers: { 'accept-language': 'en', 'information-mediator-client': 'eGovStack/GOV/90000009/digitalregistries', authorization: `Bearer ${key}`, ...headers }, payload });
    const setStorageQuota = async (bytes: number) => {
      const operator = (await findStaffByEmail(db(), 'operator@demo.hanaro.example'))!;
      const saved = await setAgencyQuotas(db(), 'interior', { requestsPerMinute: '100000', storageBytes: String(bytes) }, { actor: `staff:${operator.id}` });
      assert.ok(saved.ok, JSON.stringify(saved));
    };
    const send = () => {
      const payload = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="lease.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), LEASE, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
      return call('POST', '/documents', payload, { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` });
    };
    const upload = async () => {
      const res = await send();
      assert.equal(res.statusCode, 200, res.body);
      return res.json().url as string;
    };
    const movingIn = (document: string) => ({
      applicantId: DEMO_RESIDENTS.minjun.idNumber, documentUrls: [document],
      formData: { data: {
        newAddress: 'Hangyeol Apt 101-502, 12 Hana-ro', moveDate: new Date().toISOString().slice(0, 10), movingType: 'whole-household',
        memberCount: 1, applyFixedDate: true, leaseContract: [document], phone: '010-1234-5678',
      } },
    });

    before(async () => {
      platform = await startTestPlatform(target);
      const admin = (await findStaffByEmail(db(), 'admin.interior@demo.hanaro.example'))!;
      const issued = await issueApiKey(db(), agencyScope('interior'), { label: 'interior system', scopes: [...ALL_SCOPES] }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(issued.ok);
      key = issued.secret;
    });
    after(() => platform.close());

    it('counts uploads not yet filed against the quota, refuses an upload over it (413, storage_quota_exceeded) keeping nothing', async () => {
      const documents = await count('govstack_documents');
      const before = (await storageUse(db(), 'interior')).usedBytes;
      const document = await upload();
      assert.equal((await storageUse(db(), 'interior')).usedBytes, before + LEASE.length, 'a staged upload takes room');
      await setStorageQuota(before + LEASE.length + 100);
      const refused = await send();
      assert.equal(refused.statusCode, 413, refused.body);
      assert.equal(refused.json().code, 'storage_quota_exceeded');
      assert.equal(refused.json().field, 'file');
      assert.match(refused.json().message, /document was not kept/);
      assert.equal(await count('govstack_documents'), documents + 1, 'only the first upload is kept');
      const filed = await call('POST', '/services/moving-in-report/applications', movingIn(document));
      assert.equal(filed.statusCode, 200, 'filing moves the upload into the application: it takes no more room');
      assert.equal((await storageUse(db(), 'interior')).usedBytes, before + LEASE.length);
      assert.equal(await count('govstack_documents'), documents);
    });

    it('refuses a filing on an agency over its quota (413), files nothing and keeps the upload', async () => {
      await setStorageQuota((await storageUse(db(), 'interior')).usedBytes + 1_000_000);
      const document = await upload();
      // Over quota, as two uploads at once can leave it (an operator may not set a quota below use).
      await sql`update agency_quotas set storage_bytes = ${(await storageUse(db(), 'interior')).usedBytes - 1} where agency_id = 'interior'`.execute(db());
      const applications = await count('applications');
      const files = await count('application_files');
      const refused = await call('POST', '/services/moving-in-report/applications', movingIn(document));
      assert.equal(refused.statusCode, 413, refused.body);
      assert.equal(refused.json().code, 'storage_quota_exceeded');
      assert.equal(refused.json().field, 'documentUrls');
      assert.match(refused.json().message, /storage quota is full/);
      assert.equal(await count('applications'), applications, 'no application');
      assert.equal(await count('application_files'), files, 'no file');
      assert.equal(await count('govstack_documents'), 1, 'the upload is kept to file again');

      await setStorageQuota((await storageUse(db(), 'interior')).usedBytes + 1_000_000);
      const filed = await call('POST', '/services/moving-in-report/applications', movingIn(document));
      assert.equal(filed.statusCode, 200, filed.body);
      assert.equal(await count('application_files'), files + 1);
    });
  });
}
