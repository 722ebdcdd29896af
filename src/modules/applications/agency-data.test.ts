import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { childBornThreeYearsAgo, copyOfDemoPack, DEMO_CHILDREN, DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { loadPack, PackInvalidError } from '../packs/index.ts';
import { isYoungerThan } from './pick-from-agency-data.ts';
import { withdrawConsent } from '../consent/index.ts';

const idOf = (location: string | undefined) => /\/me\/applications\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';
const APPLY = '/services/child-allowance/apply';

interface DataRow { data_service_id: string; outcome: string; refusal_reason: string | null; consent_id: string | null; exchange_message_id: string | null; records: Record<string, unknown>[] | null; response_jws: string | null }

for (const target of databaseTargets()) {
  describe(`data from other agencies instead of documents [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());
    const db = () => platform.database.db;
    const visitor = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const dataOf = async (applicationId: string) =>
      (await sql<DataRow>`select * from application_agency_data where application_id = ${applicationId} order by data_service_id`.execute(db())).rows;
    const draftsOf = async (idNumber: string) => (await sql<{ n: number }>`
      select count(*)::int as n from applications a join residents r on r.id = a.resident_id where r.id_number = ${idNumber}`.execute(db())).rows[0]!.n;
    const fillAndSubmit = async (resident: Visitor, id: string, child: { idNumber: string; name: string }) => {
      await resident.post(`/me/applications/${id}/form/child`, { childName: child.name, childIdNumber: child.idNumber, relationship: 'father', action: 'continue' }, '/');
      const paid = await resident.post(`/me/applications/${id}/form/payment`, { bankName: 'kb', accountNumber: '123-456789-01-011', accountHolder: 'applicant', action: 'continue' }, '/');
      assert.equal(paid.headers.location, `/me/applications/${id}/check`, 'the payment page is the last one: no consent tick box, no upload');
      return resident.post(`/me/applications/${id}/submit`, {}, `/me/applications/${id}/check`);
    };

    it('asks for consent first, then fetches residence and family relations with the draft, shows them read-only, and the officer sees their source', async () => {
      const { minjae } = DEMO_CHILDREN;
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.dohyun);
      const service = await resident.get('/services/child-allowance');
      assert.match(service.body, /We get the Resident registration certificate from Ministry of the Interior and Safety with your consent/);
      assert.match(service.body, /We get the Family relation certificate from Ministry of the Interior and Safety with your consent/);

      const started = await resident.post(APPLY, {}, APPLY);
      assert.equal(started.headers.location, `${APPLY}/consent`, 'no valid consent: asked first');
      assert.equal(await draftsOf(DEMO_RESIDENTS.dohyun.idNumber), 0, 'nothing is opened before the resident decides');
      const asked = await resident.get(`${APPLY}/consent`);
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /We will get these from Ministry of the Interior and Safety with your consent/);
      for (const words of [/Proof of residence/, /Family relations/, /Earlier addresses/, /Relation to you/, /Electronic Government Act, Article 36\(2\)/, /Ministry of Social Welfare/, /365 days/, /href="\/me\/consents"/]) assert.match(asked.body, words);
      const later = await resident.post(`${APPLY}/consent`, { decision: 'later' }, `${APPLY}/consent`);
      assert.equal(later.statusCode, 200);
      assert.match(later.body, /You can still apply without agreeing/);
      assert.match(later.body, /Resident registration certificate/);
      assert.equal(await draftsOf(DEMO_RESIDENTS.dohyun.idNumber), 0);

      const agreed = await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`);
      const id = idOf(agreed.headers.location);
      assert.ok(id, `agreeing opens the draft: ${agreed.statusCode} ${agreed.body.slice(0, 300)}`);
      const rows = await dataOf(id);
      assert.deepEqual(rows.map((r) => [r.data_service_id, r.outcome]), [['family-relations', 'fetched'], ['proof-of-residence', 'fetched']]);
      assert.ok(rows.every((r) => r.consent_id && r.exchange_message_id && r.response_jws?.split('.').length === 3));
      assert.equal(rows[0]!.records!.find((r) => r.relation === 'child')?.relativeIdNumber, minjae.idNumber);
      assert.deepEqual((rows[1]!.records![0]!.address as { en: string }).en, '16 Deungdae-gil, Nam-gu, Hangyeol City');

      const form = await resident.get(`/me/applications/${id}/form/child`);
      assert.match(form.body, /From other agencies/);
      assert.match(form.body, /From Ministry of the Interior and Safety \(fetched /);
      assert.match(form.body, /16 Deungdae-gil, Nam-gu, Hangyeol City/);
      assert.match(form.body, /200903-3\*{6}/, 'the child\'s number is shown masked');
      assert.match(form.body, /Relation to you<\/dt><dd><span>Child<\/span>/, 'fields and values in the words of the registry');
      assert.deepEqual([...form.body.matchAll(/type="file"[^>]* name="([^"]+)"/g)].map((m) => m[1]), ['guardianshipProof'], 'only a carer\'s proof is an upload: nothing the data replaces');
      assert.doesNotMatch(form.body, /consentDataUse/);
      const check = await fillAndSubmit(resident, id, minjae);
      assert.equal(check.headers.location, `/me/applications/${id}?submitted=1`);

      const reads = await sql<{ registry_id: string; channel: string; reader_agency_id: string; application_id: string; consent_id: string }>`
        select registry_id, channel, reader_agency_id, application_id, consent_id from personal_data_reads p join residents r on r.id = p.resident_id
        where r.id_number = ${DEMO_RESIDENTS.dohyun.idNumber} order by registry_id`.execute(db());
      assert.deepEqual(reads.rows.map((r) => [r.registry_id, r.channel, r.reader_agency_id, r.application_id]),
        [['family-relations', 'exchange', 'welfare', id], ['residents', 'exchange', 'welfare', id]]);
      const usage = await resident.get('/me/data-usage');
      assert.match(usage.body, /Apply for child allowance/);
      assert.match(usage.body, /Address, Earlier addresses, Household number, Name/, 'what was read, as the registry calls it');
      assert.doesNotMatch(usage.body, /addressHistory|relativeIdNumber/);
      assert.match(usage.body, /Electronic Government Act, Article 36\(2\)/, 'the data service\'s legal basis, in the reader\'s language');
      assert.doesNotMatch(usage.body, /전자정부법/);
      const csv = await resident.get('/me/data-usage.csv');
      assert.match(csv.body, /"Address, Earlier addresses, Household number, Name"/);
      assert.match(csv.body, /Electronic Government Act, Article 36\(2\)/);

      const officer = visitor();
      await officer.signIn('officer.welfare@demo.hanaro.example');
      const page = await officer.get(`/office/applications/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Data from other agencies/);
      assert.match(page.body, /Signed response verified/);
      for (const r of rows) assert.ok(page.body.includes(r.exchange_message_id!), 'the exchange message is named');
      assert.match(page.body, /16 Deungdae-gil, Nam-gu, Hangyeol City/);
      const police = visitor();
      await police.signIn('officer.police@demo.hanaro.example');
      assert.equal((await police.get(`/office/applications/${id}`)).statusCode, 404, 'another agency does not see the case');

      const stats = await officer.get('/office/statistics');
      assert.match(stats.body, /Residents did not have to bring 2 documents/);
      const home = await visitor().get('/');
      assert.match(home.body, /2 documents/);

      const second = await resident.post(APPLY, {}, APPLY);
      const secondId = idOf(second.headers.location);
      assert.ok(secondId && secondId !== id, 'with a valid consent the second application is not asked again');
      const again = await dataOf(secondId);
      assert.deepEqual(again.map((r) => r.outcome), ['fetched', 'fetched']);
      assert.equal(again[0]!.consent_id, rows[0]!.consent_id, 'the same consent');
      const audit = await sql<{ action: string }>`select action from audit_log where target = ${`application:${secondId}`} order by id`.execute(db());
      assert.deepEqual(audit.rows.map((r) => r.action), ['application.draft_started', 'application.agency_data_fetched', 'application.agency_data_fetched']);
      await resident.post(`/me/applications/${secondId}/withdraw`, {}, '/');

      const consentId = rows[0]!.consent_id!;
      const resident_id = (await sql<{ id: string }>`select id from residents where id_number = ${DEMO_RESIDENTS.dohyun.idNumber}`.execute(db())).rows[0]!.id;
      assert.equal(await withdrawConsent(db(), { consentId, residentId: resident_id, actor: `resident:${resident_id}` }), 'withdrawn');
      assert.equal((await resident.post(APPLY, {}, APPLY)).headers.location, `${APPLY}/consent`, 'after withdrawing, a new application asks again');
    });

    it('keeps a report that fetched data is wrong for the officer, and refuses an empty one keeping the page', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.jimin);
      const id = idOf((await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`)).headers.location);
      assert.ok(id);
      const reportUrl = `/me/applications/${id}/agency-data/proof-of-residence/report`;
      const form = await resident.get(`${reportUrl}?return=${encodeURIComponent(`/me/applications/${id}/check`)}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /What is wrong\?/);
      assert.match(form.body, /2 Kkotsaem-gil/);
      const empty = await resident.post(reportUrl, { message: '   ', return: `/me/applications/${id}/check` }, `${reportUrl}`);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /class="error-summary"/);
      assert.match(empty.body, /Say what is wrong/);
      const elsewhere = await resident.post(reportUrl, { message: 'I moved to <b>5 Haneul-gil</b> on 2 March.', return: 'https://evil.example/' }, reportUrl);
      assert.equal(elsewhere.headers.location, `/me/applications/${id}`, 'never sent back anywhere but the application');
      const reports = await sql<{ message: string; reported_by: string }>`select message, reported_by from application_data_reports where application_id = ${id}`.execute(db());
      assert.equal(reports.rows.length, 1);
      assert.equal(reports.rows[0]!.message, 'I moved to <b>5 Haneul-gil</b> on 2 March.');
      const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where target = ${`application:${id}`} and action = 'application.data_reported'`.execute(db());
      assert.equal(audit.rows[0]!.n, 1);
      const check = await resident.get(`/me/applications/${id}/check`);
      assert.match(check.body, /You reported that this is wrong/);
      assert.match(check.body, /I moved to &lt;b>5 Haneul-gil&lt;\/b> on 2 March\./);
      assert.equal((await resident.post(`/me/applications/${id}/agency-data/vehicle-ownership/report`, { message: 'x' }, reportUrl)).statusCode, 404);
      const stranger = visitor();
      await stranger.signUp(DEMO_RESIDENTS.junho);
      assert.equal((await stranger.post(reportUrl, { message: 'not mine' }, '/')).statusCode, 404);

      await fillAndSubmit(resident, id, DEMO_CHILDREN.harin);
      const officer = visitor();
      await officer.signIn('officer.welfare@demo.hanaro.example');
      const page = await officer.get(`/office/applications/${id}`);
      assert.match(page.body, /The applicant reported that this is wrong/);
      assert.match(page.body, /I moved to &lt;b>5 Haneul-gil&lt;\/b> on 2 March\./);
    });

    it('goes on when the exchange refuses: the refusal is kept and shown, the resident brings that paper, and trying again later fetches it', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.mirae);
      // Interior stops answering welfare's family-relations requests: the mediator refuses and logs it.
      await sql`update data_services set definition = jsonb_set(definition, '{consumers}', '["health", "tax"]') where id = 'family-relations'`.execute(db());
      try {
        const agreed = await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`);
        const id = idOf(agreed.headers.location);
        assert.ok(id, `${agreed.statusCode}`);
        const rows = await dataOf(id);
        assert.deepEqual(rows.map((r) => [r.data_service_id, r.outcome, r.refusal_reason]), [['family-relations', 'refused', 'service_not_allowed'], ['proof-of-residence', 'fetched', null]]);
        const logged = await sql<{ n: number }>`select count(*)::int as n from exchange_messages where outcome <> 'answered' and reason = 'service_not_allowed'`.execute(db());
        assert.ok(logged.rows[0]!.n >= 1, 'the exchange logged the refusal');
        const form = await resident.get(`/me/applications/${id}/form/child`);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /We could not get this from Ministry of the Interior and Safety: this agency may not ask for it\./);
        assert.match(form.body, /Instead, bring the Family relation certificate to a counter of Ministry of Social Welfare\./);
        await sql`update data_services set definition = jsonb_set(definition, '{consumers}', '["welfare", "health", "tax"]') where id = 'family-relations'`.execute(db());
        const retried = await resident.post(`/me/applications/${id}/consent`, { decision: 'agree' }, `/me/applications/${id}/form/child`);
        assert.equal(retried.headers.location, `/me/applications/${id}/form`);
        assert.deepEqual((await dataOf(id)).map((r) => r.outcome), ['fetched', 'fetched']);
      } finally {
        await sql`update data_services set definition = jsonb_set(definition, '{consumers}', '["welfare", "health", "tax"]') where id = 'family-relations'`.execute(db());
      }
    });

    it('leaves nothing behind when the consent cannot be recorded: no draft, no consent, no fetched data', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.sangcheol);
      await sql`update data_agreements set retired_at = now() where id = 'child-allowance'`.execute(db());
      try {
        const agreed = await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`);
        assert.equal(agreed.statusCode, 409);
        assert.match(agreed.body, /cannot take your consent at the moment, so nothing was saved/);
        assert.equal(await draftsOf(DEMO_RESIDENTS.sangcheol.idNumber), 0, 'the draft opened in the same transaction is gone');
        const left = await sql<{ n: number }>`select (select count(*) from consent_records c join residents r on r.id = c.resident_id where r.id_number = ${DEMO_RESIDENTS.sangcheol.idNumber})
          + (select count(*) from personal_data_reads p join residents r on r.id = p.resident_id where r.id_number = ${DEMO_RESIDENTS.sangcheol.idNumber}) as n`.execute(db());
        assert.equal(Number(left.rows[0]!.n), 0);
      } finally {
        await sql`update data_agreements set retired_at = null where id = 'child-allowance'`.execute(db());
      }
    });

    it('offers the children under the allowance age from the fetched family relations, fills the name and number from the choice, and keeps typing possible', async () => {
      const { minjae } = DEMO_CHILDREN;
      const born = await childBornThreeYearsAgo(db(), minjae.idNumber);
      const bornInWords = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${born}T00:00:00Z`));
      const resident = visitor();
      assert.equal((await resident.signInResident(DEMO_RESIDENTS.dohyun)).statusCode, 303, 'signed up in the first story');
      const id = idOf((await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`)).headers.location);
      assert.ok(id);
      const page = `/me/applications/${id}/form/child`;
      const form = (await resident.get(page)).body;
      assert.match(form, /Your children under 8 on the family register/);
      assert.ok(form.includes(`<label for="f-_pick">강민재, 200903-3******, ${bornInWords}</label>`), 'name, masked number and date of birth');
      assert.match(form, /id="f-_pick" name="_pick" value="0" checked/, 'the registered child is the choice until another is made');
      assert.doesNotMatch(form, /id="f-_pick-typed" name="_pick" value="" checked/, 'typing someone else is the exception');
      assert.doesNotMatch(form, /200903-3152273/, 'the full number is not on the page before it is chosen');

      const wrong = await resident.post(page, { _pick: '3', childName: '강민재', relationship: 'father', action: 'continue' }, page);
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /href="#f-_pick"/, 'the error links to the choice');
      assert.match(wrong.body, /value="강민재"/, 'what was typed is kept');
      const picked = await resident.post(page, { _pick: '0', childName: '', childIdNumber: '', relationship: 'father', action: 'continue' }, page);
      assert.equal(picked.headers.location, `/me/applications/${id}/form/payment`);
      const answers = async () => (await sql<{ answers: Record<string, string> }>`select answers from applications where id = ${id}`.execute(db())).rows[0]!.answers;
      assert.deepEqual([(await answers()).childName, (await answers()).childIdNumber], [minjae.name, minjae.idNumber]);
      assert.match((await resident.get(page)).body, /id="f-_pick" name="_pick" value="0" checked/);

      const typed = await resident.post(page, { _pick: '', childName: '강아기', childIdNumber: '260101-3123451', relationship: 'father', action: 'continue' }, page);
      assert.equal(typed.headers.location, `/me/applications/${id}/form/payment`, 'a child not (yet) on the register is typed in');
      assert.deepEqual([(await answers()).childName, (await answers()).childIdNumber], ['강아기', '260101-3123451']);
      await resident.post(`/me/applications/${id}/withdraw`, {}, '/');
    });

    it('offers no choice when no child on the register is under the allowance age', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.youngja);
      const id = idOf((await resident.post(`${APPLY}/consent`, { decision: 'agree' }, `${APPLY}/consent`)).headers.location);
      const form = (await resident.get(`/me/applications/${id}/form/child`)).body;
      assert.match(form, /박정호/, 'her grown-up son is in the fetched family relations');
      assert.doesNotMatch(form, /name="_pick"/);
      const tampered = await resident.post(`/me/applications/${id}/form/child`, { _pick: '0', relationship: 'grandparent', action: 'continue' }, `/me/applications/${id}/form/child`);
      assert.equal(tampered.statusCode, 400, 'a choice that was not offered fills nothing');
      assert.match(tampered.body, /id="f-_pick-error"|href="#f-_pick"/);
    });

    it('lets the resident apply without agreeing and bring the papers instead', async () => {
      const resident = visitor();
      await resident.signUp(DEMO_RESIDENTS.woosung);
      const opened = await resident.post(`${APPLY}/consent`, { decision: 'without' }, `${APPLY}/consent`);
      const id = idOf(opened.headers.location);
      assert.ok(id);
      assert.deepEqual(await dataOf(id), [], 'nothing fetched without consent');
      const form = await resident.get(`/me/applications/${id}/form/child`);
      assert.match(form.body, /Not fetched: you have not agreed to it\./);
      assert.match(form.body, new RegExp(`href="/me/applications/${id}/consent"`));
      const reads = await sql<{ n: number }>`select count(*)::int as n from personal_data_reads p join residents r on r.id = p.resident_id where r.id_number = ${DEMO_RESIDENTS.woosung.idNumber} and p.channel = 'exchange'`.execute(db());
      assert.equal(reads.rows[0]!.n, 0);
      assert.equal((await resident.post(`${APPLY}/consent`, { decision: 'maybe' }, `${APPLY}/consent`)).statusCode, 400);
    });
  });
}

describe('prefill rules in a pack', () => {
  /** The demo pack with one edit to child allowance is refused, with an error like `wanted`. */
  const refused = (from: string, to: string, wanted: RegExp) => {
    const dir = copyOfDemoPack();
    const file = path.join(dir, 'services', 'child-allowance.yaml');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes(from), from);
    fs.writeFileSync(file, text.replace(from, to));
    assert.throws(() => loadPack(dir), (e: unknown) => e instanceof PackInvalidError && e.errors.some((x) => wanted.test(`${x.file}:${x.line ?? ''} ${x.message}`)), String(wanted));
  };

  it('refuses a prefill from a data service the service does not take, or of fields it does not return or the page does not ask', () => {
    refused('    from: family-relations\n', '    from: vehicle-ownership\n', /services\/child-allowance\.yaml:\d+ "vehicle-ownership" is not among the service's dataFromOtherAgencies/);
    refused('fills: { childName: relativeName, childIdNumber: relativeIdNumber }', 'fills: { bankName: relativeName }', /"bankName" is not a field of the page "child"/);
    refused('fills: { childName: relativeName, childIdNumber: relativeIdNumber }', 'fills: { childName: relativeNickname }', /"relativeNickname" is not a field family-relations returns/);
    refused('youngerThan: { field: relativeBirthDate, years: 8 }', 'youngerThan: { field: birthDay, years: 8 }', /"birthDay" is not a field family-relations returns/);
    refused('  - page: child\n', '  - page: children\n', /there is no page "children"/);
  });
});

describe('the allowance age of a fetched record', () => {
  it('counts a child as under 8 until the day of their 8th birthday, and an unreadable date as not', () => {
    assert.equal(isYoungerThan('2020-09-03', 8, '2028-09-02'), true);
    assert.equal(isYoungerThan('2020-09-03', 8, '2028-09-03'), false);
    assert.equal(isYoungerThan('2020-02-29', 8, '2028-02-28'), true);
    assert.equal(isYoungerThan('2020-9-3', 8, '2021-01-01'), false);
    assert.equal(isYoungerThan(undefined, 8, '2021-01-01'), false);
  });
});
