import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { TrafficRecorder } from '../../platform/http/traffic.ts';
import { recordTraffic } from './index.ts';
import { showConsole } from './show-console.ts';

for (const target of databaseTargets()) {
  describe(`operations console [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let operator: Visitor, interiorAdmin: Visitor, officer: Visitor, auditor: Visitor;

    before(async () => {
      platform = await startTestPlatform(target);
      const signedIn = async (email: string) => {
        const v = new Visitor(platform.app, { 'accept-language': 'en' });
        assert.equal((await v.signIn(email)).statusCode, 303, email);
        return v;
      };
      operator = await signedIn('operator@demo.hanaro.example');
      interiorAdmin = await signedIn('admin.interior@demo.hanaro.example');
      officer = await signedIn('officer.interior@demo.hanaro.example');
      auditor = await signedIn('auditor@demo.hanaro.example');
      const anyone = new Visitor(platform.app);
      for (let i = 0; i < 5; i++) assert.equal((await anyone.get('/services/moving-in-report')).statusCode, 200);
      assert.equal((await anyone.get('/services/driving-licence-renewal')).statusCode, 200);
      await recordTraffic(platform.database.db, platform.app.traffic);
    });
    after(() => platform.close());

    it('shows the operator every agency and service, with the traffic each service had', async () => {
      const res = await operator.get('/ops');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="\/ops\/services\/moving-in-report"/);
      assert.match(res.body, /href="\/ops\/services\/driving-licence-renewal"/);
      assert.match(res.body, /<svg class="ops-sparkline"[^>]+aria-label="Requests per minute to [^"]+ in the last hour: 5 in all, at most 5 in a minute"/);
      for (const link of ['/ops/capacity', '/ops/security', '/ops/consolidation']) assert.ok(res.body.includes(`href="${link}"`), link);
    });

    it("sums every node's rows for the same minute", async () => {
      const other = new TrafficRecorder();
      for (let i = 0; i < 3; i++) other.record('interior', 'moving-in-report', i ? 200 : 503, 40);
      await recordTraffic(platform.database.db, other, 'node-b');
      const interior = (await showConsole(platform.database.db, 'platform', undefined)).find((a) => a.id === 'interior')!;
      const moving = interior.services.find((s) => s.id === 'moving-in-report')!;
      assert.equal(moving.hour.requests, 8);
      assert.equal(moving.hour.errors5xx, 1);
      assert.equal(moving.health, 'degraded');
    });

    it("shows a service's charts, objective, error budget and burn rates", async () => {
      const res = await operator.get('/ops/services/passport-application');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<svg[^>]+role="img"/);
      assert.match(res.body, /95 % of requests within 1,000 ms/); // the pack's override for this service
      assert.match(res.body, /99\.5 %/);
      assert.match(res.body, /Burn rate/);
      assert.match(res.body, /<li><svg[^>]*aria-hidden="true"[^>]*>.*?<\/svg><span>p95<\/span><\/li>/s); // a visible legend
    });

    it("gives an agency administrator their agency's slice only; another agency's service is 404", async () => {
      const res = await interiorAdmin.get('/ops');
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('/ops/services/moving-in-report'));
      assert.ok(!res.body.includes('/ops/services/driving-licence-renewal'), 'shows a police service');
      assert.equal((await interiorAdmin.get('/ops/services/driving-licence-renewal')).statusCode, 404);
      assert.equal((await interiorAdmin.get('/ops/services/moving-in-report')).statusCode, 200);
      for (const page of ['/ops/capacity', '/ops/security', '/ops/consolidation']) {
        const slice = await interiorAdmin.get(page);
        assert.equal(slice.statusCode, 200, page);
        assert.ok(!slice.body.includes('National Police Agency'), `${page} names the police`);
      }
    });

    it('refuses other staff (403) and sends the signed-out to the staff sign-in', async () => {
      assert.equal((await officer.get('/ops')).statusCode, 403);
      const res = await new Visitor(platform.app).get('/ops/capacity');
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/office\/sign-in\?return=/);
    });

    it('measures database size per agency and the job queues', async () => {
      const res = await operator.get('/ops/capacity');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /The whole database: [\d.,]+ [KMG]B/);
      assert.match(res.body, /Database size per agency/);
    });

    it('verifies the audit chains on an operator’s click, audited; an auditor may read but not click', async () => {
      assert.match((await auditor.get('/ops/security')).body, /not been verified yet/);
      assert.ok(!(await auditor.get('/ops/security')).body.includes('/ops/security/verify-audit'));
      assert.equal((await auditor.post('/ops/security/verify-audit', {}, '/ops/security')).statusCode, 403);
      const res = await operator.post('/ops/security/verify-audit', {}, '/ops/security');
      assert.equal(res.statusCode, 303);
      const page = await operator.get('/ops/security');
      assert.match(page.body, /Whole: \d+ entries in \d+ chains/);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'operations.audit_chain_verified'`.execute(platform.database.db);
      assert.equal(rows[0]!.n, 1);
      const csrfless = await platform.app.inject({ method: 'POST', url: '/ops/security/verify-audit', headers: { cookie: [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      assert.equal(csrfless.statusCode, 403);
    });

    it('reports what each agency would pay alone and what the center saves, printable', async () => {
      const res = await operator.get('/ops/consolidation');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Every agency alone, per month/);
      assert.match(res.body, /href="\/ops\/consolidation\?print=1"/);
      assert.match((await operator.get('/ops/consolidation?print=1')).body, /class="ops-print-view"/);
    });

    it('exposes the figures to Prometheus, labelled by agency and service', async () => {
      const res = await platform.app.inject({ method: 'GET', url: '/metrics' });
      assert.match(res.body, /hanaro_http_requests_total\{[^}]*agency="interior",service="moving-in-report"\} 5/);
      assert.match(res.body, /hanaro_applications_backlog\{agency="police"\} 0/);
      assert.match(res.body, /hanaro_database_agency_bytes\{agency="interior"\} \d+/);
      assert.match(res.body, /hanaro_audit_chain_ok 1/);
    });

    it("tells an agency a chain broke, but not where in another agency's part of the log", async () => {
      await sql`insert into ops_audit_checks (checked_by, entries, chains, ok, break_chain, break_seq, break_reason)
        values ('system:test', 10, 2, false, 'agency:police/3', 4, 'does not link to the entry before it')`.execute(platform.database.db);
      assert.match((await operator.get('/ops/security')).body, /chain agency:police\/3, entry 4/);
      const slice = (await interiorAdmin.get('/ops/security')).body;
      assert.match(slice, /not your agency’s/);
      assert.ok(!slice.includes('agency:police'));
    });
  });
}
