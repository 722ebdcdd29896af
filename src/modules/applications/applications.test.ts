import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';

const idOf = (location: string | undefined) => /\/me\/applications\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

for (const target of databaseTargets()) {
  describe(`applications [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());
    const db = () => platform.database.db;
    const visitor = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const countRows = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;

    it('sends a visitor who is not signed in to sign in before applying', async () => {
      const res = await visitor().get('/services/resident-registration-certificate/apply');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/sign-in?return=%2Fservices%2Fresident-registration-certificate%2Fapply');
    });

    it('walks from a draft through a mistake to one submitted application, decided by the agency with a document', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.mirae, { email: 'mirae@example.org' });
      const started = await resident.post('/services/resident-registration-certificate/apply', {}, '/services/resident-registration-certificate/apply');
      const id = idOf(started.headers.location);
      assert.ok(id, 'a draft was opened');
      const again = await resident.post('/services/resident-registration-certificate/apply', {}, '/services/resident-registration-certificate/apply');
      assert.equal(idOf(again.headers.location), id, 'starting again resumes the draft');

      const page1 = `/me/applications/${id}/form/request`;
      const wrong = await resident.post(page1, { purpose: 'other', otherPurpose: '<script>x</script>', action: 'continue' }, page1);
      assert.equal(wrong.statusCode, 303, 'the first page is fine');
      const page2 = `/me/applications/${id}/form/contents`;
      const mistake = await resident.post(page2, { includeAddressHistory: 'yes', copies: '12a', action: 'continue' }, page2);
      assert.equal(mistake.statusCode, 400);
      assert.match(mistake.body, /class="error-summary"/);
      assert.match(mistake.body, /value="12a"/, 'what was typed is kept');
      const fixed = await resident.post(page2, { includeAddressHistory: 'yes', copies: '2', action: 'continue' }, page2);
      assert.equal(fixed.headers.location, `/me/applications/${id}/check`);
      const check = await resident.get(`/me/applications/${id}/check`);
      assert.match(check.body, /&lt;script>x&lt;\/script>/);
      assert.doesNotMatch(check.body, /<script>x/);

      const before = await countRows('applications');
      const [first, second] = await Promise.all([
        resident.post(`/me/applications/${id}/submit`, {}, `/me/applications/${id}/check`),
        resident.post(`/me/applications/${id}/submit`, {}, `/me/applications/${id}/check`),
      ]);
      assert.equal(first.headers.location, `/me/applications/${id}?submitted=1`);
      assert.equal(second.headers.location, `/me/applications/${id}?submitted=1`);
      assert.equal(await countRows('applications'), before, 'submitting twice made no second application');
      const submitted = await resident.get(`/me/applications/${id}?submitted=1`);
      const reference = /class="reference">([^<]+)</.exec(submitted.body)?.[1] ?? '';
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      const events = await sql<{ kind: string }>`select kind from application_events where application_id = ${id}`.execute(db());
      assert.deepEqual(events.rows.map((e) => e.kind), ['submitted'], 'one submission event');

      const officer = visitor();
      await officer.signIn('officer.interior@demo.hanaro.example');
      const queue = await officer.get('/office/applications');
      assert.match(queue.body, new RegExp(reference));
      const asked = await officer.post(`/office/applications/${id}/request-information`, { message: 'Which bank is it for?' }, `/office/applications/${id}`);
      assert.equal(asked.statusCode, 303);
      const mine = await resident.get(`/me/applications/${id}`);
      assert.match(mine.body, /Which bank is it for\?/);
      const inbox = await resident.get('/me/inbox');
      assert.match(inbox.body, /needs more information/);
      const empty = await resident.post(`/me/applications/${id}/reply`, { message: '  ' }, `/me/applications/${id}`);
      assert.equal(empty.statusCode, 400);
      await resident.post(`/me/applications/${id}/reply`, { message: 'Hangyeol Savings Bank' }, `/me/applications/${id}`);
      const approved = await officer.post(`/office/applications/${id}/complete-step`, { note: '' }, `/office/applications/${id}`);
      assert.equal(approved.statusCode, 303);
      const done = await resident.get(`/me/applications/${id}`);
      assert.match(done.body, /Approved/);
      const documentId = /\/me\/documents\/([^/]+)\/pdf/.exec(done.body)?.[1];
      assert.ok(documentId, 'a certificate was issued');
      const pdf = await resident.get(`/me/documents/${documentId}/pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.body.slice(0, 5), '%PDF-');
      const verify = await visitor().get(`/verify/${documentId}`);
      assert.equal(verify.statusCode, 200);
      const audit = await sql<{ action: string }>`select action from audit_log where target = ${`application:${id}`} order by id`.execute(db());
      assert.deepEqual(audit.rows.map((r) => r.action).filter((a) => a !== 'application.file_attached'),
        ['application.draft_started', 'application.submitted', 'application.info_requested', 'application.resident_replied', 'application.approved']);
    });

    it('keeps applications apart: another resident and another agency get 404', async () => {
      const owner = visitor();
      await owner.signUp(DEMO_RESIDENTS.junho);
      const id = idOf((await owner.post('/services/resident-registration-certificate/apply', {}, '/')).headers.location);
      const stranger = visitor();
      await stranger.signUp(DEMO_RESIDENTS.seoyeon);
      assert.equal((await stranger.get(`/me/applications/${id}/form/request`)).statusCode, 404);
      assert.equal((await stranger.post(`/me/applications/${id}/withdraw`, {}, '/')).statusCode, 404);
      await owner.post(`/me/applications/${id}/form/request`, { purpose: 'bank', action: 'continue' }, '/');
      await owner.post(`/me/applications/${id}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, '/');
      await owner.post(`/me/applications/${id}/submit`, {}, '/');
      const police = visitor();
      await police.signIn('officer.police@demo.hanaro.example');
      assert.equal((await police.get(`/office/applications/${id}`)).statusCode, 404);
      assert.equal((await police.post(`/office/applications/${id}/reject`, { reason: 'no' }, '/office')).statusCode, 404);
    });

    it('does not let the officer who reviewed a permit also approve it (four eyes)', async () => {
      const owner = visitor();
      await owner.signUp(DEMO_RESIDENTS.jiwoo);
      const id = idOf((await owner.post('/services/building-permit/apply', {}, '/')).headers.location);
      await owner.post(`/me/applications/${id}/form/site`, { siteAddress: '123-4 Saeteo-dong', zoning: 'residential', action: 'continue' }, '/');
      await owner.post(`/me/applications/${id}/form/building`, { constructionType: 'new-build', buildingUse: 'detached-house', grossFloorArea: '120', floors: '2', action: 'continue' }, '/');
      await sql`insert into application_files (application_id, field, filename, media_type, size, sha256, content)
        values (${id}, 'drawings', 'plan.pdf', 'application/pdf', 8, 'x', ${Buffer.from('%PDF-1.7')})`.execute(db());
      const last = await owner.post(`/me/applications/${id}/form/documents`, { architectOffice: 'Haneul Architects', action: 'continue' }, '/');
      assert.equal(last.headers.location, `/me/applications/${id}/check`);
      assert.equal((await owner.post(`/me/applications/${id}/submit`, {}, '/')).statusCode, 303);
      const reviewer = visitor();
      await reviewer.signIn('officer.land@demo.hanaro.example');
      await reviewer.post(`/office/applications/${id}/complete-step`, {}, '/office');
      const again = await reviewer.post(`/office/applications/${id}/complete-step`, {}, '/office');
      assert.equal(again.statusCode, 409);
      const second = visitor();
      await second.signIn('officer2.land@demo.hanaro.example');
      assert.equal((await second.post(`/office/applications/${id}/complete-step`, {}, '/office')).statusCode, 303);
      const row = (await sql<{ status: string }>`select status from applications where id = ${id}`.execute(db())).rows[0]!;
      assert.equal(row.status, 'approved');
    });
  });
}
