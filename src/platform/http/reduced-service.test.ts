import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { clusterTarget, startPostgresCluster, postgresClusterUnavailable, type PostgresCluster } from '../../../test/support/postgres-cluster.ts';
import { startTestPlatform, testConfig, Visitor, DEMO_PASSWORD } from '../../../test/support/platform.ts';
import { buildPlatform } from '../../app.ts';
import { postForms } from './form-labels.ts';
import { isDatabaseUnreachable } from '../db/unreachable.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastKnown } from '../db/last-known.ts';
import { presentStatus, type StatusSnapshot } from '../../modules/status/index.ts';

const unavailable = postgresClusterUnavailable();
/** An attribute's text as a browser posts it. */
if (unavailable && process.env.CI === 'true') throw new Error(`CI needs a scratch PostgreSQL cluster: ${unavailable}`);

describe('reduced service: the database stops', { skip: unavailable ?? false }, () => {
  let cluster: PostgresCluster;
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  // Another node on the same database: it never rendered the forms the first node gave out.
  let otherNode: Awaited<ReturnType<typeof buildPlatform>>;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-status-'));
  before(async () => {
    cluster = await startPostgresCluster();
    platform = await startTestPlatform(clusterTarget(cluster), { dataDir, statusRefreshSeconds: 0 });
    otherNode = await buildPlatform(testConfig({ dataDir, statusRefreshSeconds: 0 }), platform.database, { jobs: false });
  });
  after(async () => { await otherNode?.app.close().catch(() => {}); await platform?.close().catch(() => {}); await cluster?.destroy(); rmSync(dataDir, { recursive: true, force: true }); });

  it('answers pages, forms and APIs with 503 while it is down, and takes the form again once it is back', async () => {
    const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
    const form = await visitor.get('/office/sign-in');
    assert.equal(form.statusCode, 200);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const live = await visitor.get('/status');
    assert.equal(live.statusCode, 200);
    assert.match(live.body, /Last updated at/);
    const operator = new Visitor(platform.app, { 'accept-language': 'en' });
    await operator.signIn('operator@demo.hanaro.example');
    const incident = { 'title-ko': '전입신고 지연', 'title-en': 'Moving-in reports are slow', 'body-ko': '원인을 조사하고 있습니다.', impact: 'outage', affected: 'service:moving-in-report' };
    assert.equal((await operator.post('/ops/incidents', incident, '/ops/incidents')).statusCode, 303);
    assert.match((await visitor.get('/status')).body, /Moving-in reports are slow/);
    await cluster.stop();

    const status = await visitor.get('/status');
    assert.equal(status.statusCode, 200, 'the status page answers with the database stopped');
    assert.match(status.body, /Mobile ID verification/);
    assert.match(status.body, /reduced service/);
    assert.match(status.body, /Last updated at/);
    const machine = await platform.app.inject({ url: '/status.json' });
    assert.equal(machine.statusCode, 200);
    assert.ok(machine.json().agencies.length > 0, 'services grouped by agency');
    assert.equal(machine.json().reduced, true);
    assert.match(status.body, /Moving-in reports are slow/, 'the open incident is in the kept copy');
    assert.equal(machine.json().incidents[0].updates[0].body.ko, '원인을 조사하고 있습니다.');
    const movingIn = machine.json().agencies.flatMap((a: { services: { id: string; state: string }[] }) => a.services).find((s: { id: string }) => s.id === 'moving-in-report');
    assert.equal(movingIn.state, 'outage');
    const onDisk = await lastKnown<StatusSnapshot>(path.join(dataDir, 'status-cache.json')).get();
    assert.equal(onDisk?.takenAt, machine.json().takenAt, 'kept on disk for a restart');
    // The copy keeps measured health; incidents and windows are applied to it when it is shown.
    assert.deepEqual(presentStatus(onDisk!).agencies, machine.json().agencies);
    assert.deepEqual(onDisk?.incidents.map((i) => i.title.en), ['Moving-in reports are slow']);

    const page = await visitor.get('/services');
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /temporarily unavailable/);
    assert.match(page.body, /href="\/status"/);
    assert.doesNotMatch(page.body, /ECONNREFUSED|at .*\.ts:\d+/);
    assert.equal(page.headers['retry-after'], '120');

    const api = await platform.app.inject({ url: '/services', headers: { accept: 'application/json' } });
    assert.equal(api.statusCode, 503);
    assert.equal(api.json().code, 'service_unavailable');
    assert.ok(api.headers['retry-after']);

    const sent = await platform.app.inject({
      method: 'POST', url: '/office/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: token, email: 'operator@demo.hanaro.example', password: DEMO_PASSWORD }).toString(),
    });
    assert.equal(sent.statusCode, 503);
    assert.match(sent.body, /<form method="post" action="\/office\/sign-in"/);
    assert.match(sent.body, /name="email" value="operator@demo.hanaro.example"/);
    assert.match(sent.body, new RegExp(`type="hidden" name="_csrf" value="${token}"`));
    assert.doesNotMatch(sent.body, new RegExp(DEMO_PASSWORD), 'a password is never sent back');
    assert.match(sent.body, /Passwords are never sent back/);

    // The same form, rendered by the first node, reaches the other node: it comes back there under the labels the person saw.
    const labels = postForms(form.body).find((f) => f.action === '/office/sign-in')!.labels.fields;
    assert.ok(labels.email && labels.password, 'the sign-in form labels its fields');
    const elsewhere = await otherNode.app.inject({
      method: 'POST', url: '/office/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: token, _labels: postForms(form.body).find((f) => f.action === '/office/sign-in')?.sealed ?? '', email: 'operator@demo.hanaro.example', password: DEMO_PASSWORD }).toString(),
    });
    assert.equal(elsewhere.statusCode, 503);
    assert.match(elsewhere.body, /name="email" value="operator@demo.hanaro.example"/);
    for (const label of [labels.email, labels.password]) assert.match(elsewhere.body, new RegExp(`<label for="kept-\\d+">${label}</label>`), `"${label}" on the other node's page`);
    assert.doesNotMatch(elsewhere.body, /<label for="kept-\d+">(email|password)<\/label>/, 'not under the bare field names');

    await cluster.start();
    const again = await visitor.post('/office/sign-in', { email: 'operator@demo.hanaro.example', password: DEMO_PASSWORD }, '/office/sign-in');
    assert.ok([302, 303].includes(again.statusCode), `signed in once the database is back (got ${again.statusCode})`);
  });

  it('tells a refused connection from a wrong query', () => {
    assert.equal(isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isDatabaseUnreachable(new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') })), true);
    assert.equal(isDatabaseUnreachable(Object.assign(new Error('syntax error'), { code: '42601' })), false);
  });
});
