import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from './support/databases.ts';
import { startTestPlatform, Visitor } from './support/platform.ts';
import { findStaffByEmail } from '../src/modules/agencies/index.ts';

/**
 * Every route marked agencyScoped is probed with another agency's resources: an officer of one
 * agency must get 404, exactly as if the thing did not exist. A new scoped route without a probe
 * here fails the test, so nobody can add one and forget.
 */
interface Probe { method: 'GET' | 'POST'; url: string; form?: Record<string, string> }
type Ids = { service: string; staffId: string };

const PROBES: Record<string, (ids: Ids) => Probe> = {
  'GET /office/services/:id': (ids) => ({ method: 'GET', url: `/office/services/${ids.service}` }),
  'POST /office/services/:id/availability': (ids) => ({ method: 'POST', url: `/office/services/${ids.service}/availability`, form: { open: 'false' } }),
  'GET /office/staff/:id': (ids) => ({ method: 'GET', url: `/office/staff/${ids.staffId}` }),
};
// Lists of the acting agency's own data: probed for not showing another agency's rows.
const LISTS: Record<string, { url: string; mustNotShow: (ids: Ids) => string }> = {
  'GET /office/services': { url: '/office/services', mustNotShow: (ids) => `/office/services/${ids.service}` },
  'GET /office/staff': { url: '/office/staff', mustNotShow: (ids) => ids.staffId },
  'GET /office/audit': { url: '/office/audit', mustNotShow: () => 'agency:police' },
};

for (const target of databaseTargets()) {
  describe(`agency isolation [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    const scoped: string[] = [];
    let interiorAdmin: Visitor;
    let police: Ids, interior: Ids;

    before(async () => {
      platform = await startTestPlatform(target);
      for (const r of platform.app.routeTable) if (r.agencyScoped && r.method !== 'HEAD') scoped.push(`${r.method} ${r.url}`);
      police = { service: 'driving-licence-renewal', staffId: (await findStaffByEmail(platform.database.db, 'officer.police@demo.hanaro.example'))!.id };
      interior = { service: 'moving-in-report', staffId: (await findStaffByEmail(platform.database.db, 'officer.interior@demo.hanaro.example'))!.id };
      interiorAdmin = new Visitor(platform.app, { 'accept-language': 'en' });
      const res = await interiorAdmin.signIn('admin.interior@demo.hanaro.example');
      assert.equal(res.statusCode, 303);
    });
    after(() => platform.close());

    it('has a probe for every agency-scoped route', () => {
      assert.ok(scoped.length >= 6, `found ${scoped.length} scoped routes`);
      const missing = scoped.filter((r) => !PROBES[r] && !LISTS[r]);
      assert.deepEqual(missing, [], 'agency-scoped routes without a cross-agency probe');
    });

    for (const [route, probe] of Object.entries(PROBES)) {
      it(`${route}: another agency's resource is 404, the own one is not`, async () => {
        const foreign = probe(police);
        const res = foreign.method === 'GET' ? await interiorAdmin.get(foreign.url) : await interiorAdmin.post(foreign.url, foreign.form ?? {}, '/office');
        assert.equal(res.statusCode, 404, `${foreign.method} ${foreign.url}`);
        const own = probe(interior);
        const ok = own.method === 'GET' ? await interiorAdmin.get(own.url) : await interiorAdmin.post(own.url, own.form ?? {}, '/office');
        assert.ok([200, 303].includes(ok.statusCode), `own ${own.url} gave ${ok.statusCode}`);
      });
    }

    for (const [route, list] of Object.entries(LISTS)) {
      it(`${route}: lists only the acting agency's data`, async () => {
        const res = await interiorAdmin.get(list.url);
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(list.mustNotShow(police)), `${list.url} shows police data`);
      });
    }

    it('the police service stayed open: the refused change did not happen', async () => {
      const res = await new Visitor(platform.app).get('/services/driving-licence-renewal');
      assert.equal(res.statusCode, 200);
    });

    it('cannot switch to an agency where one holds no role', async () => {
      const res = await interiorAdmin.post('/office/acting-agency', { agency: 'police' }, '/office');
      assert.equal(res.statusCode, 404);
    });

    it('an officer without the admin role is refused admin pages with 403', async () => {
      const officer = new Visitor(platform.app);
      await officer.signIn('officer.interior@demo.hanaro.example');
      assert.equal((await officer.get('/office/staff')).statusCode, 403);
      assert.equal((await officer.get('/office/services')).statusCode, 200);
    });
  });
}
