import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey, REGISTRATION_SCOPES } from '../govstack-registration/index.ts';

const API = '/govstack/registration';

for (const target of databaseTargets()) {
  describe(`traffic counted for the service a route serves [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let apiKey: string;
    before(async () => {
      platform = await startTestPlatform(target);
      const admin = (await findStaffByEmail(platform.database.db, 'admin.interior@demo.hanaro.example'))!;
      const issued = await issueApiKey(platform.database.db, agencyScope('interior'), { label: 'interior system', scopes: Object.values(REGISTRATION_SCOPES) }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(issued.ok);
      apiKey = issued.secret;
    });
    after(() => platform.close());

    /** The requests Prometheus counts for `route` under the agency and service, answered `status`. */
    const counted = async (route: string, status: number, agency: string, service: string) => {
      const metrics = (await platform.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = metrics.split('\n').find((l) => l.startsWith('hanaro_http_requests_total{')
        && l.includes(`route="${route}"`) && l.includes(`status="${status}"`) && l.includes(`agency="${agency}",service="${service}"`));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const api = (method: 'GET' | 'POST', url: string, payload?: object) => platform.app.inject({
      method, url: `${API}${url}`, headers: { authorization: `Bearer ${apiKey}`, 'information-mediator-client': 'eGovStack/GOV/90000009/digitalregistries', 'accept-language': 'en' }, ...(payload ? { payload } : {}),
    });

    it('GovStack API: a service, its filing and an application count for that service; a list counts for the caller', async () => {
      assert.equal((await api('GET', '/services/resident-registration-certificate')).statusCode, 200);
      assert.equal(await counted(`${API}/services/:serviceId`, 200, 'interior', 'resident-registration-certificate'), 1);
      const filed = await api('POST', '/services/resident-registration-certificate/applications', {
        applicantId: DEMO_RESIDENTS.minjun.idNumber, formData: { data: { purpose: 'bank', includeAddressHistory: 'no', copies: 1 } },
      });
      assert.equal(filed.statusCode, 200, filed.body);
      assert.equal(await counted(`${API}/services/:serviceId/applications`, 200, 'interior', 'resident-registration-certificate'), 1);
      assert.equal((await api('GET', `/applications/${filed.json().fileId}`)).statusCode, 200);
      assert.equal(await counted(`${API}/applications/:fileId`, 200, 'interior', 'resident-registration-certificate'), 1);
      assert.equal((await api('GET', '/applications')).statusCode, 200);
      assert.equal(await counted(`${API}/applications`, 200, 'interior', 'unmatched'), 1);
    });

    it("a resident's consent step and a bundle's pages count for their services", async () => {
      const resident = new Visitor(platform.app, { 'accept-language': 'en' });
      await resident.signUp(DEMO_RESIDENTS.jimin);
      assert.equal((await resident.get('/services/child-allowance/apply/consent')).statusCode, 200);
      assert.equal(await counted('/services/:id/apply/consent', 200, 'welfare', 'child-allowance'), 1);
      assert.equal((await resident.get('/bundles/birth')).statusCode, 200);
      assert.equal(await counted('/bundles/:id', 200, 'interior', 'birth-registration'), 1, 'a bundle counts for its first service');
    });

    it("the counter's pages for an application count for its service", async () => {
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await officer.signIn('officer.interior@demo.hanaro.example')).statusCode, 303);
      const found = await officer.post('/office/counter', { ...DEMO_RESIDENTS.youngja, documentKind: 'resident_card', documentRef: 'A1B2C3' }, '/office/counter');
      assert.equal(found.statusCode, 303);
      const base = found.headers.location as string;
      assert.equal((await officer.post(`${base}/start`, { service: 'resident-registration-certificate' }, base)).statusCode, 303);
      assert.equal(await counted('/office/counter/:visit/start', 303, 'interior', 'resident-registration-certificate'), 1);
      assert.equal((await officer.get(`${base}/form`)).statusCode, 303);
      assert.equal(await counted('/office/counter/:visit/form', 303, 'interior', 'resident-registration-certificate'), 1);
    });
  });
}
