import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { localFromInstant } from './local-time.ts';

const decode = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&#34;', '"').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const inSeoul = (offsetMs: number) => localFromInstant(new Date(Date.now() + offsetMs), 'Asia/Seoul');
const HOUR = 3600_000;

for (const target of databaseTargets()) {
  describe(`incidents and maintenance written in the console, shown on /status [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let operator: Visitor, interiorAdmin: Visitor, policeAdmin: Visitor, officer: Visitor, auditor: Visitor;
    const anyone = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const status = async () => (await platform.app.inject({ url: '/status.json' })).json();
    const serviceState = async (id: string) => (await status()).agencies.flatMap((a: { services: { id: string; state: string }[] }) => a.services).find((s: { id: string }) => s.id === id)?.state;
    const audit = async (target: string) => (await sql<{ action: string; agency_id: string | null }>`select action, agency_id from audit_log where target = ${target} order by id`.execute(platform.database.db)).rows;
    const openOne = (who: Visitor, form: Record<string, string | string[]>) => who.post('/ops/incidents', form, '/ops/incidents');
    const idFrom = (location: unknown) => Number(/\/ops\/incidents\/(\d+)/.exec(String(location))![1]);

    before(async () => {
      platform = await startTestPlatform(target);
      const signedIn = async (email: string) => {
        const v = anyone();
        assert.equal((await v.signIn(email)).statusCode, 303, email);
        return v;
      };
      [operator, interiorAdmin, policeAdmin, officer, auditor] = await Promise.all([
        'operator@demo.hanaro.example', 'admin.interior@demo.hanaro.example', 'admin.police@demo.hanaro.example', 'officer.interior@demo.hanaro.example', 'auditor@demo.hanaro.example',
      ].map(signedIn)) as [Visitor, Visitor, Visitor, Visitor, Visitor];
    });
    after(() => platform.close());

    it('refuses an incident without a Korean title or text, or without a service, keeping what was typed', async () => {
      const res = await openOne(operator, { 'title-ko': ' ', 'title-en': 'Slow sign-in', 'body-ko': '', 'body-en': 'We are looking into it.', impact: 'degraded' });
      assert.equal(res.statusCode, 400);
      const body = decode(res.body);
      assert.match(body, /href="#title-ko">Title: Write this in Korean\./);
      assert.match(body, /href="#body-ko">What residents should know: Write this in Korean\./);
      assert.match(body, /href="#affected">Choose at least one affected service\./);
      assert.match(body, /name="title-en" type="text" lang="en" maxlength="200" value="Slow sign-in"/);
      assert.match(body, /We are looking into it\.<\/textarea>/);
      const bogus = decode((await openOne(operator, { 'title-ko': '지연', 'body-ko': '조사 중', impact: 'gone', affected: 'service:no-such-service' })).body);
      assert.match(bogus, /href="#impact">Choose one of the options\./);
      assert.match(bogus, /href="#affected">One of the services chosen is not one you may write about/);
      assert.equal((await sql<{ n: number }>`select count(*)::int as n from status_incidents`.execute(platform.database.db)).rows[0]!.n, 0, 'nothing was written');
    });

    it('opens an incident: audited, the service degraded on the status page with the first update', async () => {
      const res = await openOne(operator, { 'title-ko': '전입신고 지연', 'title-en': 'Moving-in reports are slow', 'body-ko': '원인을 조사하고 있습니다.', 'body-en': '', impact: 'degraded', affected: ['service:moving-in-report'] });
      assert.equal(res.statusCode, 303);
      const id = idFrom(res.headers.location);
      assert.deepEqual(await audit(`incident:${id}`), [{ action: 'status.incident_opened', agency_id: 'interior' }], 'one interior service: the interior agency\'s incident');
      assert.equal(await serviceState('moving-in-report'), 'degraded', 'the page is taken again at once');
      assert.equal(await serviceState('driving-licence-renewal'), 'up');
      const [shown] = (await status()).incidents;
      assert.equal(shown.title.en, 'Moving-in reports are slow');
      assert.equal(shown.updates[0].body.ko, '원인을 조사하고 있습니다.');
      assert.equal(shown.updates[0].body.en, undefined, 'an empty language is left out and falls back');
      assert.equal(shown.created_by, undefined, 'no author on the public page');
      const page = decode((await anyone().get('/status')).body);
      assert.match(page, /Current incidents/);
      assert.match(page, /Moving-in reports are slow/);
      assert.match(page, /원인을 조사하고 있습니다\./, 'the English reader gets the Korean text where no English was written');
    });

    it('adds timed updates newest first, resolves, and refuses an update on a resolved incident', async () => {
      const opened = await openOne(operator, { 'title-ko': '로그인 중단', 'title-en': 'Sign-in is down', 'body-ko': '로그인이 되지 않습니다.', impact: 'outage', affected: ['component:sign-in', 'service:driving-licence-renewal'] });
      const id = idFrom(opened.headers.location);
      assert.equal((await audit(`incident:${id}`))[0]!.agency_id, null, 'a platform component: the platform\'s incident');
      assert.equal((await status()).components.find((c: { id: string }) => c.id === 'sign-in').state, 'outage');
      const page = `/ops/incidents/${id}`;
      const empty = await operator.post(`${page}/updates`, { state: 'identified', impact: 'outage', 'body-ko': '', 'body-en': 'Found it' }, page);
      assert.equal(empty.statusCode, 400);
      assert.match(decode(empty.body), /Found it<\/textarea>/);
      assert.equal((await operator.post(`${page}/updates`, { state: 'identified', impact: 'degraded', 'body-ko': '원인을 찾았습니다.', 'body-en': 'Cause found.' }, page)).statusCode, 303);
      assert.equal(await serviceState('driving-licence-renewal'), 'degraded', 'the impact chosen in the update');
      const timeline = (await status()).incidents.find((i: { id: number }) => i.id === id).updates;
      assert.deepEqual(timeline.map((u: { state: string }) => u.state), ['identified', 'investigating'], 'newest first');
      assert.ok(Date.parse(timeline[0].at) >= Date.parse(timeline[1].at));
      const resolved = await operator.post(`${page}/updates`, { state: 'resolved', impact: 'degraded', 'body-ko': '복구되었습니다.' }, page);
      assert.equal(resolved.headers.location, `${page}?notice=resolved`);
      const after = await status();
      assert.equal(after.incidents.some((i: { id: number }) => i.id === id), false);
      assert.equal(after.history.find((i: { id: number }) => i.id === id).updates[0].state, 'resolved');
      assert.equal(await serviceState('driving-licence-renewal'), 'up');
      const late = await operator.post(`${page}/updates`, { state: 'monitoring', impact: 'degraded', 'body-ko': '다시' }, '/ops/incidents');
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /This incident is resolved and takes no more updates/);
      assert.deepEqual((await audit(`incident:${id}`)).map((a) => a.action), ['status.incident_opened', 'status.incident_updated', 'status.incident_resolved']);
    });

    it('keeps an agency administrator to his agency\'s services, in the queries themselves', async () => {
      const interior = await openOne(interiorAdmin, { 'title-ko': '민원 지연', 'body-ko': '처리가 늦어지고 있습니다.', impact: 'degraded', affected: 'service:moving-in-report' });
      assert.equal(interior.statusCode, 303);
      const id = idFrom(interior.headers.location);
      const foreign = await openOne(policeAdmin, { 'title-ko': '남의 장애', 'body-ko': '...', impact: 'outage', affected: 'service:moving-in-report' });
      assert.equal(foreign.statusCode, 400);
      assert.match(decode(foreign.body), /not one you may write about/);
      assert.doesNotMatch(foreign.body, /value="service:moving-in-report"/, 'another agency\'s services are not offered');
      assert.equal((await openOne(policeAdmin, { 'title-ko': '부품', 'body-ko': '...', impact: 'outage', affected: 'component:portal' })).statusCode, 400, 'platform components are the platform\'s');
      assert.equal((await policeAdmin.get(`/ops/incidents/${id}`)).statusCode, 404);
      assert.equal((await policeAdmin.post(`/ops/incidents/${id}/updates`, { state: 'resolved', impact: 'degraded', 'body-ko': '끝' }, '/ops/incidents')).statusCode, 404);
      assert.doesNotMatch((await policeAdmin.get('/ops/incidents')).body, new RegExp(`/ops/incidents/${id}"`));
      assert.equal((await interiorAdmin.post(`/ops/incidents/${id}/updates`, { state: 'monitoring', impact: 'degraded', 'body-ko': '조치했습니다.' }, `/ops/incidents/${id}`)).statusCode, 303);
      assert.equal((await operator.get(`/ops/incidents/${id}`)).statusCode, 200, 'the platform sees every agency\'s');
      assert.equal((await officer.get('/ops/incidents')).statusCode, 403, 'an officer is not an administrator');
      assert.equal((await auditor.get('/ops/incidents')).statusCode, 200);
      assert.doesNotMatch((await auditor.get('/ops/incidents')).body, /action="\/ops\/incidents"/, 'the platform auditor reads only');
      assert.equal((await openOne(auditor, { 'title-ko': '감사', 'body-ko': '...', impact: 'degraded', affected: 'service:moving-in-report' })).statusCode, 403);
    });

    it('refuses a form sent without its CSRF token', async () => {
      const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await platform.app.inject({ method: 'POST', url: '/ops/incidents', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title-ko=x&body-ko=y&impact=degraded&affected=service%3Amoving-in-report' });
      assert.equal(res.statusCode, 403);
    });

    it('schedules maintenance: bad times refused, a window under way shows the service in maintenance, cancelled it is gone', async () => {
      const form = (startsAt: string, endsAt: string, affected = 'service:passport-application') => ({ startsAt, endsAt, 'body-ko': '시스템 점검', 'body-en': 'System upgrade', affected });
      const post = (f: Record<string, string>, who = operator) => who.post('/ops/maintenance', f, '/ops/maintenance');
      const backwards = decode((await post(form(inSeoul(2 * HOUR), inSeoul(HOUR)))).body);
      assert.match(backwards, /href="#endsAt">The end must come after the start\./);
      assert.match(backwards, /System upgrade<\/textarea>/);
      assert.match(decode((await post(form(inSeoul(-3 * HOUR), inSeoul(-2 * HOUR)))).body), /The end is already past/);
      assert.match(decode((await post(form('2026-02-31T10:00', inSeoul(HOUR)))).body), /href="#startsAt">Enter a date and time/);
      assert.match(decode((await post({ ...form(inSeoul(HOUR), inSeoul(2 * HOUR)), 'body-ko': '' })).body), /href="#body-ko">What residents should know: Write this in Korean/);
      assert.equal((await post(form(inSeoul(HOUR), inSeoul(2 * HOUR), 'service:passport-application'), policeAdmin)).statusCode, 400, 'not the police\'s service');

      assert.equal((await post(form(inSeoul(-HOUR), inSeoul(HOUR)))).statusCode, 303);
      assert.equal((await post(form(inSeoul(24 * HOUR), inSeoul(26 * HOUR), 'component:mediator'))).statusCode, 303);
      assert.equal(await serviceState('passport-application'), 'maintenance');
      const board = await status();
      assert.equal(board.maintenance.active.length, 1);
      assert.deepEqual(board.maintenance.upcoming.map((m: { components: string[] }) => m.components), [['mediator']]);
      assert.equal(board.components.find((c: { id: string }) => c.id === 'mediator').state, 'up', 'not yet');
      const page = decode((await anyone().get('/status')).body);
      assert.match(page, /System upgrade/);
      assert.match(page, /In maintenance/);

      const id = board.maintenance.active[0].id as number;
      assert.equal((await policeAdmin.post(`/ops/maintenance/${id}/cancel`, {}, '/ops/maintenance')).statusCode, 404);
      assert.equal((await operator.post(`/ops/maintenance/${id}/cancel`, {}, '/ops/maintenance')).statusCode, 303);
      assert.equal(await serviceState('passport-application'), 'up');
      const again = await operator.post(`/ops/maintenance/${id}/cancel`, {}, '/ops/maintenance');
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /cancelled already/);
      assert.deepEqual((await audit(`maintenance:${id}`)).map((a) => a.action), ['status.maintenance_scheduled', 'status.maintenance_cancelled']);
    });

    it('writes once when the same form is sent twice at once, and tells a text far too long beside its field', async () => {
      const formIdOn = async (page: string) => /name="formId" value="([0-9a-f-]{36})"/.exec((await operator.get(page)).body)![1]!;
      const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(platform.database.db)).rows[0]!.n;
      const before = { incidents: await count('status_incidents'), updates: await count('status_incident_updates'), windows: await count('status_maintenance') };
      const incident = { 'title-ko': '여권 지연', 'body-ko': '조사 중입니다.', impact: 'degraded', affected: 'service:passport-application' };
      const incidentFormId = await formIdOn('/ops/incidents');
      const [a, b] = await operator.postTwiceAtOnce('/ops/incidents', { ...incident, formId: incidentFormId }, '/ops/incidents');
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
      assert.equal(a.headers.location, b.headers.location, 'the second send answers with the incident the first opened');
      const id = idFrom(a.headers.location);
      const page = `/ops/incidents/${id}`;
      const update = { state: 'identified', impact: 'degraded', 'body-ko': '원인을 찾았습니다.', formId: await formIdOn(page) };
      const [c, d] = await operator.postTwiceAtOnce(`${page}/updates`, update, page);
      assert.deepEqual([c.statusCode, d.statusCode], [303, 303]);
      const windowForm = { startsAt: inSeoul(48 * HOUR), endsAt: inSeoul(49 * HOUR), 'body-ko': '점검', affected: 'service:passport-application', formId: await formIdOn('/ops/maintenance') };
      const [e, f] = await operator.postTwiceAtOnce('/ops/maintenance', windowForm, '/ops/maintenance');
      assert.deepEqual([e.statusCode, f.statusCode], [303, 303]);
      assert.deepEqual({ incidents: await count('status_incidents'), updates: await count('status_incident_updates'), windows: await count('status_maintenance') },
        { incidents: before.incidents + 1, updates: before.updates + 2, windows: before.windows + 1 }, 'one incident with its first update and one more, one window');
      assert.deepEqual((await audit(`incident:${id}`)).map((r) => r.action), ['status.incident_opened', 'status.incident_updated']);

      const copied = await openOne(interiorAdmin, { ...incident, affected: 'service:moving-in-report', formId: incidentFormId });
      assert.equal(copied.statusCode, 303, 'another sender\'s copy of a form id opens an incident of its own');
      assert.notEqual(idFrom(copied.headers.location), id);
      const copiedPage = `/ops/incidents/${idFrom(copied.headers.location)}`;
      const reused = await interiorAdmin.post(`${copiedPage}/updates`, update, copiedPage);
      assert.equal(reused.statusCode, 303, 'and an update sent with an id used on another incident is written');
      assert.equal(await count('status_incident_updates'), before.updates + 4);

      const long = 'ㄱ'.repeat(9000);
      const res = await openOne(operator, { ...incident, 'body-ko': long, formId: await formIdOn('/ops/incidents') });
      assert.equal(res.statusCode, 400);
      assert.match(decode(res.body), /href="#body-ko">What residents should know: /, 'told beside the field');
      assert.ok(res.body.includes(long), 'what was typed is kept');
      assert.equal(await count('status_incidents'), before.incidents + 2);
    });

    it('reads a typed start and end in the pack\'s time zone, and the form says which zone that is', async () => {
      const page = decode((await operator.get('/ops/maintenance')).body);
      assert.match(page, /id="startsAt-hint">Times are in Korean Standard Time \(GMT\+09:00, Asia\/Seoul\), for example \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./);
      assert.match(page, /aria-describedby="startsAt-hint"/);
      const korean = new Visitor(platform.app, { 'accept-language': 'ko' });
      korean.cookies = operator.cookies;
      assert.match(decode((await korean.get('/ops/maintenance')).body), /id="endsAt-hint">한국 표준시\(GMT\+09:00, Asia\/Seoul\) 기준 시각입니다\. 예: /);
      // 09:00 and 10:30 on a day next year, typed as a Korean operator reads the clock: 00:00 and 01:30 UTC.
      const day = `${new Date().getUTCFullYear() + 1}-06-10`;
      const res = await operator.post('/ops/maintenance', { startsAt: `${day}T09:00`, endsAt: `${day} 10:30`, 'body-ko': '정기 점검', affected: 'service:passport-application' }, '/ops/maintenance');
      assert.equal(res.statusCode, 303);
      const [stored] = (await sql<{ starts_at: Date; ends_at: Date }>`select starts_at, ends_at from status_maintenance where body->>'ko' = '정기 점검'`.execute(platform.database.db)).rows;
      assert.equal(stored!.starts_at.toISOString(), `${day}T00:00:00.000Z`);
      assert.equal(stored!.ends_at.toISOString(), `${day}T01:30:00.000Z`);
    });
  });
}
