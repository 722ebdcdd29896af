import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, copyOfDemoPack, startTestPlatform, Visitor, seedTestPack } from '../../../test/support/platform.ts';
import { findStaffByEmail, rolesOf } from './index.ts';

const demo = (name: string) => `${name}@demo.hanaro.example`;

for (const target of databaseTargets()) {
  describe(`staff roles from the back office [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let admin: Visitor;
    before(async () => {
      platform = await startTestPlatform(target);
      admin = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await admin.signIn(demo('admin.interior'))).statusCode, 303);
    });
    after(() => platform.close());
    const db = () => platform.database.db;
    const idOf = async (email: string) => (await findStaffByEmail(db(), email))!.id;
    const roles = async (email: string) => (await rolesOf(db(), await idOf(email))).map((r) => `${r.agency_id ?? 'platform'}:${r.role}`);
    const change = async (who: Visitor, email: string, role: string, action: 'grant' | 'revoke') => {
      const id = await idOf(email);
      return who.post(`/office/staff/${id}/roles`, { role, action }, `/office/staff/${id}`);
    };
    const audited = async (action: string, email: string) => (await sql<{ agency_id: string | null; details: { role: string } }>`
      select agency_id, details from audit_log where action = ${action} and target = ${`staff:${await idOf(email)}`} and actor like 'staff:%' order by id`.execute(db())).rows;

    it('the office home lists the workspaces each role may open, and each of them opens', async () => {
      const links = async (who: Visitor) => [...(await who.get('/office')).body.matchAll(/<h3 class="card-title"><a href="(\/office\/[a-z-]+)">/g)].map((m) => m[1]!);
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      await officer.signIn(demo('officer.interior'));
      const auditor = new Visitor(platform.app, { 'accept-language': 'en' });
      await auditor.signIn(demo('auditor.interior'));
      const seen = { officer: await links(officer), admin: await links(admin), auditor: await links(auditor) };
      assert.deepEqual(seen.officer, ['/office/applications', '/office/counter', '/office/statistics', '/office/documents', '/office/credentials', '/office/services']);
      for (const href of ['/office/api-keys', '/office/oidc-clients', '/office/relying-parties', '/office/exchange', '/office/staff']) assert.ok(seen.admin.includes(href), href);
      assert.ok(seen.auditor.includes('/office/exchange') && seen.auditor.includes('/office/audit') && !seen.auditor.includes('/office/counter'));
      for (const [who, visitor] of [['officer', officer], ['admin', admin], ['auditor', auditor]] as const) {
        for (const href of seen[who]) assert.equal((await visitor.get(href)).statusCode, 200, `${who} ${href}`);
      }
    });

    it('an agency administrator grants a role, audited in the agency\'s log, and the page shows it', async () => {
      const res = await change(admin, demo('officer.interior'), 'auditor', 'grant');
      assert.equal(res.statusCode, 303);
      assert.deepEqual(await roles(demo('officer.interior')), ['interior:auditor', 'interior:officer']);
      assert.deepEqual(await audited('staff.role_granted', demo('officer.interior')), [{ agency_id: 'interior', details: { role: 'auditor' } }]);
      const page = await admin.get(`/office/staff/${await idOf(demo('officer.interior'))}`);
      assert.match(page.body, /Revoke the role Auditor/);
    });

    it('a revoked officer is refused on their very next click', async () => {
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      await officer.signIn(demo('officer.interior'));
      assert.equal((await officer.get('/office/applications')).statusCode, 200);
      assert.equal((await change(admin, demo('officer.interior'), 'officer', 'revoke')).statusCode, 303);
      assert.equal((await officer.get('/office/applications')).statusCode, 403, 'the same session, no sign-in again');
      assert.deepEqual((await audited('staff.role_revoked', demo('officer.interior'))).map((r) => r.details.role), ['officer']);
      assert.equal((await change(admin, demo('officer.interior'), 'officer', 'grant')).statusCode, 303);
      assert.equal((await officer.get('/office/applications')).statusCode, 200, 'and let in again at once');
    });

    it('cannot revoke the agency\'s last administrator, nor grant a platform role or reach another agency\'s staff', async () => {
      const last = await change(admin, demo('admin.interior'), 'agency_admin', 'revoke');
      assert.equal(last.statusCode, 409);
      assert.match(last.body, /the last person with this role/);
      assert.ok((await roles(demo('admin.interior'))).includes('interior:agency_admin'));
      assert.equal((await change(admin, demo('officer.interior'), 'platform_operator', 'grant')).statusCode, 400);
      assert.ok(!(await roles(demo('officer.interior'))).includes('platform:platform_operator'));
      assert.equal((await change(admin, demo('officer.police'), 'officer', 'revoke')).statusCode, 404);
      assert.deepEqual(await roles(demo('officer.police')), ['police:officer']);
      const officer = new Visitor(platform.app);
      await officer.signIn(demo('officer2.tax'));
      assert.equal((await change(officer, demo('officer.tax'), 'agency_admin', 'grant')).statusCode, 403);
    });

    it('with a second administrator, the first may step down', async () => {
      assert.equal((await change(admin, demo('auditor.interior'), 'agency_admin', 'grant')).statusCode, 303);
      assert.equal((await change(admin, demo('admin.interior'), 'agency_admin', 'revoke')).statusCode, 303);
      assert.equal((await admin.get('/office/staff')).statusCode, 403, 'no longer an administrator, from the next click');
    });

    it('platform operators manage platform roles; nobody else can, and the last operator stays', async () => {
      const operator = new Visitor(platform.app, { 'accept-language': 'en' });
      await operator.signIn(demo('operator'));
      assert.equal((await operator.get('/office/platform/roles')).statusCode, 200);
      const granted = await operator.post('/office/platform/roles', { email: demo('officer.health'), role: 'auditor', action: 'grant' }, '/office/platform/roles');
      assert.equal(granted.statusCode, 303);
      assert.ok((await roles(demo('officer.health'))).includes('platform:auditor'));
      assert.deepEqual((await audited('staff.role_granted', demo('officer.health'))).map((r) => r.agency_id), [null]);
      const last = await operator.post('/office/platform/roles', { staffId: await idOf(demo('operator')), role: 'platform_operator', action: 'revoke' }, '/office/platform/roles');
      assert.equal(last.statusCode, 400);
      assert.match(last.body, /the last person with this role/);
      assert.equal((await operator.post('/office/platform/roles', { email: demo('officer.health'), role: 'officer', action: 'grant' }, '/office/platform/roles')).statusCode, 400);
      const officer = new Visitor(platform.app);
      await officer.signIn(demo('officer.health'));
      assert.equal((await officer.get('/office/platform/roles')).statusCode, 403);
      assert.equal((await officer.post('/office/platform/roles', { email: demo('officer.health'), role: 'platform_operator', action: 'grant' }, '/office')).statusCode, 403);
    });

    it('a re-seed of the pack keeps what the back office changed; new staff get the pack\'s roles', async () => {
      const before = { officer: await roles(demo('officer.interior')), admin: await roles(demo('admin.interior')), health: await roles(demo('officer.health')) };
      const dir = copyOfDemoPack();
      fs.appendFileSync(path.join(dir, 'staff.yaml'), '\n- email: newcomer.interior@demo.hanaro.example\n  name: { ko: 신입, en: Newcomer }\n  password: hanaro-demo-2026\n  roles:\n    - { agency: interior, role: officer }\n  platformRoles: []\n');
      const report = await seedTestPack(platform.database, dir);
      assert.equal(report.staff.created, 1);
      assert.deepEqual({ officer: await roles(demo('officer.interior')), admin: await roles(demo('admin.interior')), health: await roles(demo('officer.health')) }, before);
      assert.deepEqual(await roles(demo('newcomer.interior')), ['interior:officer']);
      await seedTestPack(platform.database, DEMO_PACK);
      assert.deepEqual(await roles(demo('admin.interior')), before.admin, 'the original pack does not bring the revoked role back');
    });
  });
}
