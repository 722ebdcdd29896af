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
      const [first, second] = await resident.postTwiceAtOnce(`/me/applications/${id}/submit`, {}, `/me/applications/${id}/check`);
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
      assert.match((await resident.get('/me')).body, /class="badge">2 new</, 'the header counts unread notices');
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
      const wallet = await resident.get('/me/documents');
      assert.equal(wallet.statusCode, 200);
      assert.ok(wallet.body.includes(documentId), 'the certificate is in the resident\'s document wallet');
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

describe('attachments [pglite]', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  before(async () => { platform = await startTestPlatform(databaseTargets()[0]!); });
  after(() => platform.close());

  it('takes a real PDF, refuses a disguised file, an oversized one and a 50 MB one with a message beside the field, keeping what was typed', async () => {
    const owner = new Visitor(platform.app, { 'accept-language': 'en' });
    await owner.signUp(DEMO_RESIDENTS.woosung);
    const id = idOf((await owner.post('/services/building-permit/apply', {}, '/')).headers.location);
    const page = `/me/applications/${id}/form/documents`;
    const send = (file: Blob, name: string) => {
      const form = new FormData();
      form.set('architectOffice', 'Haneul <b>Architects</b>');
      form.set('action', 'continue');
      form.append('drawings', file, name);
      return owner.postMultipart(page, form, page);
    };
    const files = async () => (await sql<{ filename: string }>`select filename from application_files where application_id = ${id}`.execute(platform.database.db)).rows.map((r) => r.filename);

    const disguised = await send(new Blob([Buffer.from('MZ\x90\x00 not a pdf')], { type: 'application/pdf' }), 'plan.pdf');
    assert.equal(disguised.statusCode, 400);
    assert.match(disguised.body, /“plan.pdf” is not a file type we accept/);
    assert.match(disguised.body, /value="Haneul &lt;b>Architects&lt;\/b>"|value="Haneul <b>Architects<\/b>"/);
    assert.deepEqual(await files(), []);

    const huge = await send(new Blob([Buffer.alloc(50 * 1024 * 1024, 0x25)], { type: 'application/pdf' }), 'huge.pdf');
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /“huge.pdf” is larger than 20 MB/);
    assert.deepEqual(await files(), []);

    const good = await send(new Blob([Buffer.from('%PDF-1.7\n%%EOF\n')], { type: 'application/pdf' }), 'site-plan.pdf');
    assert.equal(good.statusCode, 303);
    assert.deepEqual(await files(), ['site-plan.pdf']);
    const download = await owner.get(`/me/applications/${id}/files/${(await sql<{ id: string }>`select id from application_files where application_id = ${id}`.execute(platform.database.db)).rows[0]!.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /attachment/);
  });
});

describe('bad input to the application pages [pglite]', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  before(async () => { platform = await startTestPlatform(databaseTargets()[0]!); });
  after(() => platform.close());

  it('answers unknown services, unknown applications and oversized bodies with a clear 4xx and writes nothing', async () => {
    const owner = new Visitor(platform.app, { 'accept-language': 'en' });
    await owner.signUp(DEMO_RESIDENTS.sangcheol);
    const before = (await sql<{ n: number }>`select count(*)::int as n from applications`.execute(platform.database.db)).rows[0]!.n;
    assert.equal((await owner.post('/services/no-such-service/apply', {}, '/')).statusCode, 404);
    assert.equal((await owner.get('/me/applications/not-a-uuid')).statusCode, 404);
    assert.equal((await owner.get('/me/applications/00000000-0000-4000-8000-000000000000/check')).statusCode, 404);
    const id = idOf((await owner.post('/services/resident-registration-certificate/apply', {}, '/')).headers.location);
    const huge = await owner.post(`/me/applications/${id}/form/request`, { purpose: 'other', otherPurpose: 'x'.repeat(2 * 1024 * 1024), action: 'continue' }, '/');
    assert.equal(huge.statusCode, 413);
    const typed = await owner.post(`/me/applications/${id}/form/request`, { purpose: 'not-an-option', action: 'continue' }, '/');
    assert.equal(typed.statusCode, 400);
    assert.match(typed.body, /error-summary/);
    const premature = await owner.post(`/me/applications/${id}/submit`, {}, '/');
    assert.equal(premature.statusCode, 400, 'an incomplete draft cannot be submitted');
    const after = (await sql<{ n: number; submitted: number }>`select count(*)::int as n, count(submitted_at)::int as submitted from applications`.execute(platform.database.db)).rows[0]!;
    assert.equal(after.n, before + 1, 'only the one draft');
    assert.equal(after.submitted, 0);
  });
});

describe('the agency queue filters [pglite]', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  before(async () => { platform = await startTestPlatform(databaseTargets()[0]!); });
  after(() => platform.close());

  it('filters by service, status and due date, and never shows drafts', async () => {
    const add = async (reference: string, service: string, status: string, dueInDays: number) => sql`
      insert into applications (reference, service_id, agency_id, resident_id, status, answers, filed_by, submitted_at, due_at)
      select ${reference}, ${service}, 'interior', id, ${status}, '{}'::jsonb, 'system:test', now(), now() + make_interval(days => ${dueInDays})
      from residents where id_number = ${DEMO_RESIDENTS.minjun.idNumber}`.execute(platform.database.db);
    await add('Q-LATE', 'moving-in-report', 'submitted', -2);
    await add('Q-SOON', 'moving-in-report', 'info_requested', 2);
    await add('Q-LATER', 'resident-registration-certificate', 'submitted', 20);
    await add('Q-DONE', 'resident-registration-certificate', 'approved', -5);
    await add('Q-DRAFT', 'resident-registration-certificate', 'draft', 1);
    const officer = new Visitor(platform.app, { 'accept-language': 'en' });
    await officer.signIn('officer.interior@demo.hanaro.example');
    const shown = async (query: string) => [...new Set((await officer.get(`/office/applications${query}`)).body.match(/Q-[A-Z]+/g) ?? [])].sort();
    assert.deepEqual(await shown(''), ['Q-DONE', 'Q-LATE', 'Q-LATER', 'Q-SOON']);
    assert.deepEqual(await shown('?due=overdue'), ['Q-LATE']);
    assert.deepEqual(await shown('?due=3'), ['Q-LATE', 'Q-SOON']);
    assert.deepEqual(await shown('?service=resident-registration-certificate'), ['Q-DONE', 'Q-LATER']);
    assert.deepEqual(await shown('?status=info_requested'), ['Q-SOON']);
    assert.equal((await officer.get('/office/applications?due=never')).statusCode, 400);
  });
});
