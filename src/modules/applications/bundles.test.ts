import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, copyOfDemoPack, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { loadPack, PackInvalidError } from '../packs/index.ts';

const filingOf = (location: string | undefined) => /\/me\/bundles\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

/** Every page of the birth bundle after the shared one, with what a parent answers on it. */
const OWN_ANSWERS: [string, Record<string, string>][] = [
  ['birth-registration__child', { 'birth-registration__childSex': 'female', 'birth-registration__birthPlaceType': 'hospital' }],
  ['birth-registration__parents', { 'birth-registration__informantRelation': 'mother', 'birth-registration__otherParentIdNumber': '900101-1234568', 'birth-registration__parentsMarried': 'yes' }],
  ['birth-registration__proof', {}],
  ['child-allowance__child', { 'child-allowance__relationship': 'mother' }],
  ['child-allowance__payment', { 'child-allowance__accountHolder': 'applicant' }],
  ['parental-benefit__child', { 'parental-benefit__careType': 'home' }],
  ['parental-benefit__payment', { 'parental-benefit__consentDataUse': 'true' }],
  ['newborn-health-insurance-enrolment__baby', { 'newborn-health-insurance-enrolment__insuredParent': 'mother', 'newborn-health-insurance-enrolment__insuranceType': 'regional' }],
];

for (const target of databaseTargets()) {
  describe(`life-event bundles [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());
    const db = () => platform.database.db;
    const visitor = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const fetched = async (filingId: string) => (await sql<{ service_id: string; data_service_id: string; outcome: string; consent_id: string | null }>`
      select a.service_id, d.data_service_id, d.outcome, d.consent_id from application_agency_data d join applications a on a.id = d.application_id
      where a.bundle_id = ${filingId} order by a.service_id, d.data_service_id`.execute(db())).rows;
    const consentsOf = async (idNumber: string) => (await sql<{ data_agreement_id: string; controller_agency_id: string; channel: string; application_id: string; state: string }>`
      select c.data_agreement_id, c.controller_agency_id, c.channel, c.application_id, c.state from consent_records c join residents r on r.id = c.resident_id
      where r.id_number = ${idNumber} order by c.data_agreement_id`.execute(db())).rows;
    const bundleApps = async (filingId: string) => (await sql<{ id: string; service_id: string; agency_id: string; status: string; reference: string; answers: Record<string, unknown> }>`
      select id, service_id, agency_id, status, reference, answers from applications where bundle_id = ${filingId} order by service_id`.execute(db())).rows;

    it('offers the bundle on the life-event page and says what it files with which agencies', async () => {
      const page = await visitor().get('/services?lifeEvent=birth');
      assert.match(page.body, /href="\/bundles\/birth"/);
      const bundle = await visitor().get('/bundles/birth');
      assert.equal(bundle.statusCode, 200);
      for (const text of ['Register a birth', 'Apply for child allowance', 'Apply for parental benefit', 'Add your newborn to your health insurance', 'Ministry of the Interior']) {
        assert.ok(bundle.body.includes(text), `the page names ${text}`);
      }
      assert.match(bundle.body, /Sign in to start/);
      assert.equal((await visitor().get('/bundles/no-such-bundle')).statusCode, 404);
    });

    it('files a birth bundle as one application per service, each decided by its own agency, seen together by the parent', async () => {
      const parent = visitor();
      await parent.signUp(DEMO_RESIDENTS.jiwoo);
      const asked = await parent.post('/bundles/birth/apply', {}, '/bundles/birth');
      assert.equal(asked.headers.location, '/bundles/birth/apply/consent', 'two of its services take data from other agencies: asked once, first');
      const started = await parent.post('/bundles/birth/apply/consent', { decision: 'agree' }, '/bundles/birth/apply/consent');
      const filingId = filingOf(started.headers.location);
      assert.ok(filingId, 'a bundle draft was opened');
      assert.equal(filingOf((await parent.post('/bundles/birth/apply', {}, '/bundles/birth')).headers.location), filingId, 'starting again resumes it');
      assert.equal((await bundleApps(filingId)).length, 4, 'one draft per service');
      assert.deepEqual((await fetched(filingId)).map((r) => `${r.service_id}:${r.data_service_id}:${r.outcome}`),
        ['child-allowance:family-relations:fetched', 'child-allowance:proof-of-residence:fetched', 'newborn-health-insurance-enrolment:family-relations:fetched']);

      const base = `/me/bundles/${filingId}`;
      const shared = `${base}/form/shared`;
      const wrong = await parent.post(shared, { childName: 'X', birthDate: 'next spring', childIdNumber: '123', bankName: 'kb', accountNumber: '12', action: 'continue' }, shared);
      assert.equal(wrong.statusCode, 400);
      for (const field of ['childName', 'birthDate', 'childIdNumber', 'accountNumber']) assert.match(wrong.body, new RegExp(`id="f-${field}-error"`), `an error beside ${field}`);
      assert.match(wrong.body, /value="next spring"/, 'what was typed is kept');
      assert.equal((await bundleApps(filingId)).filter((a) => a.status !== 'draft').length, 0);

      const ok = await parent.post(shared, { childName: '김하늘', birthDate: '2026-03-01', childIdNumber: '980505-2330916', bankName: 'kb', accountNumber: '123-456789-01-011', action: 'save' }, shared);
      assert.equal(ok.headers.location, '/me/applications', 'saved for later');
      const list = await parent.get('/me/applications');
      assert.match(list.body, new RegExp(`href="${base}/form"`), 'the draft bundle can be resumed from the list');
      assert.equal((await parent.get(`${base}/form`)).headers.location, `${base}/form/shared`);
      assert.match((await parent.get(shared)).body, /value="김하늘"/, 'the saved answers come back');
      const next = await parent.post(shared, { childName: '김하늘', birthDate: '2026-03-01', childIdNumber: '980505-2330916', bankName: 'kb', accountNumber: '123-456789-01-011', action: 'continue' }, shared);
      assert.equal(next.headers.location, `${base}/form/birth-registration__child`);

      for (const [page, answers] of OWN_ANSWERS) {
        const url = `${base}/form/${page}`;
        const form = new FormData();
        for (const [k, v] of Object.entries({ ...answers, action: 'continue' })) form.set(k, v);
        if (page === 'birth-registration__proof') form.append('birth-registration__birthCertificate', new Blob([Buffer.from('%PDF-1.7 birth')], { type: 'application/pdf' }), 'birth.pdf');
        const res = await parent.postMultipart(url, form, url);
        assert.equal(res.statusCode, 303, `${page}: ${/class="field-error"[^>]*>([^<]+)/.exec(res.body)?.[1] ?? ''}`);
      }
      const check = await parent.get(`${base}/check`);
      assert.equal(check.statusCode, 200);
      assert.match(check.body, /birth\.pdf/);

      const [first, second] = await parent.postTwiceAtOnce(`${base}/submit`, {}, `${base}/check`);
      assert.equal(first.headers.location, `${base}?submitted=1`);
      assert.equal(second.headers.location, `${base}?submitted=1`);
      const again = await parent.post(`${base}/submit`, {}, base);
      assert.equal(again.headers.location, `${base}?submitted=1`, 'a third submit answers as the first');
      const apps = await bundleApps(filingId);
      assert.equal(apps.length, 4, 'one set of applications');
      assert.ok(apps.every((a) => a.status === 'submitted' && /^[A-Z]{2,3}-\d{4}-\d{6}$/.test(a.reference)));
      assert.equal(new Set(apps.map((a) => a.reference)).size, 4, 'each has its own reference');
      assert.deepEqual([...new Set(apps.map((a) => a.agency_id))].sort(), ['health', 'interior', 'welfare']);
      const byService = new Map(apps.map((a) => [a.service_id, a]));
      const welfare = visitor();
      await welfare.signIn('officer.welfare@demo.hanaro.example');
      const childCase = (await welfare.get(`/office/applications/${byService.get('child-allowance')!.id}`)).body;
      assert.match(childCase, /Signed response verified/, 'the officer sees what was fetched with the bundle, with its source');
      assert.doesNotMatch(childCase, /Not fetched/);
      const filedWith = childCase.slice(childCase.indexOf('id="filed-together-title"'), childCase.indexOf('</section>', childCase.indexOf('id="filed-together-title"')));
      assert.match(filedWith, /together with 3 other applications/, 'the officer sees the case was filed in a bundle');
      for (const service of ['birth-registration', 'newborn-health-insurance-enrolment', 'parental-benefit']) assert.ok(filedWith.includes(byService.get(service)!.reference), service);
      assert.ok(!filedWith.includes(byService.get('child-allowance')!.reference), 'the others, not this one');
      assert.doesNotMatch(filedWith, /123-456789-01-011|김하늘/, 'not the other agencies\' answers');
      assert.equal(byService.get('birth-registration')!.answers.childNameKo, '김하늘', 'the shared name under the service\'s own field');
      assert.equal(byService.get('child-allowance')!.answers.childName, '김하늘');
      assert.equal(byService.get('newborn-health-insurance-enrolment')!.answers.birthDate, '2026-03-01');
      assert.equal(byService.get('parental-benefit')!.answers.accountNumber, '123-456789-01-011');
      assert.equal(byService.get('birth-registration')!.answers.childIdNumber, undefined, 'a service gets only its own questions');
      assert.equal((byService.get('birth-registration')!.answers.birthCertificate as string[]).length, 1);
      const events = await sql<{ n: number }>`select count(*)::int as n from application_events e join applications a on a.id = e.application_id where a.bundle_id = ${filingId} and e.kind = 'submitted'`.execute(db());
      assert.equal(events.rows[0]!.n, 4, 'one submission event each');

      const queues = new Map<string, string>();
      for (const agency of ['interior', 'welfare', 'health', 'police']) {
        const officer = visitor();
        await officer.signIn(`officer.${agency}@demo.hanaro.example`);
        queues.set(agency, (await officer.get('/office/applications')).body);
      }
      for (const a of apps) {
        for (const [agency, queue] of queues) assert.equal(queue.includes(a.reference), agency === a.agency_id, `${a.service_id} in the ${agency} queue: ${agency === a.agency_id}`);
      }

      const decide = async (agency: string, serviceId: string, action: string, form: Record<string, string>) => {
        const officer = visitor();
        await officer.signIn(`officer.${agency}@demo.hanaro.example`);
        const id = byService.get(serviceId)!.id;
        const res = await officer.post(`/office/applications/${id}/${action}`, form, `/office/applications/${id}`);
        assert.equal(res.statusCode, 303, `${action} ${serviceId}`);
      };
      await decide('interior', 'birth-registration', 'complete-step', { note: '' });
      await decide('welfare', 'child-allowance', 'reject', { reason: 'The child is already paid under another guardian.' });
      await decide('health', 'newborn-health-insurance-enrolment', 'request-information', { message: 'Which employer insures the mother?' });
      const statuses = Object.fromEntries((await bundleApps(filingId)).map((a) => [a.service_id, a.status]));
      assert.deepEqual(statuses, {
        'birth-registration': 'approved', 'child-allowance': 'rejected', 'newborn-health-insurance-enrolment': 'info_requested', 'parental-benefit': 'submitted',
      });

      const together = await parent.get(base);
      assert.equal(together.statusCode, 200);
      for (const status of ['approved', 'rejected', 'info_requested', 'submitted']) assert.match(together.body, new RegExp(`status-tag status-${status}`));
      for (const a of apps) assert.ok(together.body.includes(a.reference), `the bundle page lists ${a.reference}`);
      const mine = await parent.get('/me/applications');
      assert.match(mine.body, /Having a baby - apply for everything at once/);
      for (const a of apps) assert.ok(mine.body.includes(`/me/applications/${a.id}`), 'each application links to its own page');
      assert.equal((await visitor().get(base)).statusCode, 303, 'someone not signed in is sent to sign in');
      const stranger = visitor();
      await stranger.signUp(DEMO_RESIDENTS.jimin);
      assert.equal((await stranger.get(base)).statusCode, 404, 'another resident does not see it');
    });

    it('asks once for every data service of every service, grouped by the agency that reads it; without consent nothing is fetched until the resident agrees', async () => {
      const parent = visitor();
      await parent.signUp(DEMO_RESIDENTS.minjun);
      const CONSENT = '/bundles/birth/apply/consent';
      const page = (await parent.get(CONSENT)).body;
      assert.equal([...page.matchAll(/class="consent-reader"/g)].length, 2, 'one group per reading agency');
      const welfareAt = page.indexOf('Read by Ministry of Social Welfare');
      const healthAt = page.indexOf('Read by Ministry of Health');
      assert.ok(welfareAt > 0 && healthAt > welfareAt, 'each agency that reads, in the order of the bundle');
      assert.match(page.slice(welfareAt, healthAt), /Proof of residence[\s\S]*Family relations[\s\S]*Apply for child allowance/);
      assert.match(page.slice(healthAt), /Family relations[\s\S]*Add your newborn to your health insurance/);
      assert.doesNotMatch(page, /Apply for parental benefit/, 'a service that takes nothing is not listed');
      assert.match(page, /Each agency gets its own consent/);

      const later = await parent.post(CONSENT, { decision: 'later' }, CONSENT);
      assert.match(later.body, /Resident registration certificate, for Ministry of Social Welfare/);
      assert.match(later.body, /Family relation certificate, for Ministry of Health/);
      const opened = await parent.post(CONSENT, { decision: 'without' }, CONSENT);
      const filingId = filingOf(opened.headers.location);
      assert.ok(filingId, 'the bundle opens without agreeing');
      assert.deepEqual(await fetched(filingId), [], 'nothing fetched without consent');
      assert.deepEqual(await consentsOf(DEMO_RESIDENTS.minjun.idNumber), []);
      const shared = `/me/bundles/${filingId}/form/shared`;
      const form = (await parent.get(shared)).body;
      assert.match(form, /For Apply for child allowance \(Ministry of Social Welfare\)/);
      assert.match(form, /Not fetched: you have not agreed to it\./);
      assert.match(form, new RegExp(`href="/me/bundles/${filingId}/consent"`), 'agreeing later happens on the bundle\'s own consent page');
      assert.equal((await parent.get(`/me/bundles/${filingId}/consent`)).statusCode, 200);

      const agreed = await parent.post(`/me/bundles/${filingId}/consent`, { decision: 'agree' }, shared);
      assert.equal(agreed.headers.location, `/me/bundles/${filingId}/form`);
      const rows = await fetched(filingId);
      assert.deepEqual(rows.map((r) => `${r.service_id}:${r.data_service_id}:${r.outcome}`),
        ['child-allowance:family-relations:fetched', 'child-allowance:proof-of-residence:fetched', 'newborn-health-insurance-enrolment:family-relations:fetched']);
      const apps = new Map((await bundleApps(filingId)).map((a) => [a.service_id, a.id]));
      const consents = await consentsOf(DEMO_RESIDENTS.minjun.idNumber);
      assert.deepEqual(consents.map((c) => [c.data_agreement_id, c.controller_agency_id, c.channel, c.application_id, c.state]), [
        ['child-allowance', 'welfare', 'portal', apps.get('child-allowance'), 'given'],
        ['newborn-health-insurance-enrolment', 'health', 'portal', apps.get('newborn-health-insurance-enrolment'), 'given'],
      ], 'each service\'s agency has its own consent, tied to its own application');
      assert.equal(new Set(rows.map((r) => r.consent_id)).size, 2);

      const filled = (await parent.get(shared)).body;
      assert.match(filled, /For Add your newborn to your health insurance \(Ministry of Health\)/);
      assert.match(filled, /12 Saeteo-ro, Dong-gu, Hangyeol City/);
      assert.match(filled, /이서연/, 'the spouse on the family register, by name');
      assert.doesNotMatch(filled, /Not fetched/);
      const report = `/me/applications/${apps.get('child-allowance')}/agency-data/proof-of-residence/report`;
      assert.ok(filled.includes(`${report}?return=${encodeURIComponent(shared)}`), 'a report comes back to the bundle page');
      const sent = await parent.post(report, { message: 'We moved last week.', return: shared }, shared);
      assert.equal(sent.headers.location, shared);
      const reads = await sql<{ registry_id: string; reader_agency_id: string }>`select registry_id, reader_agency_id from personal_data_reads p join residents r on r.id = p.resident_id
        where r.id_number = ${DEMO_RESIDENTS.minjun.idNumber} and p.channel = 'exchange' order by reader_agency_id, registry_id`.execute(db());
      assert.deepEqual(reads.rows.map((r) => `${r.reader_agency_id}:${r.registry_id}`), ['health:family-relations', 'welfare:family-relations', 'welfare:residents']);
    });

    it('opens nothing when one agency\'s consent cannot be recorded: no filing, no drafts, no consent, no data', async () => {
      const parent = visitor();
      await parent.signUp(DEMO_RESIDENTS.junho);
      await sql`update data_agreements set retired_at = now() where id = 'newborn-health-insurance-enrolment'`.execute(db());
      try {
        const res = await parent.post('/bundles/birth/apply/consent', { decision: 'agree' }, '/bundles/birth/apply/consent');
        assert.equal(res.statusCode, 409);
        const left = await sql<{ n: number }>`select (select count(*) from bundle_filings f join residents r on r.id = f.resident_id where r.id_number = ${DEMO_RESIDENTS.junho.idNumber})
          + (select count(*) from applications a join residents r on r.id = a.resident_id where r.id_number = ${DEMO_RESIDENTS.junho.idNumber})
          + (select count(*) from personal_data_reads p join residents r on r.id = p.resident_id where r.id_number = ${DEMO_RESIDENTS.junho.idNumber}) as n`.execute(db());
        assert.equal(Number(left.rows[0]!.n), 0);
        assert.deepEqual(await consentsOf(DEMO_RESIDENTS.junho.idNumber), [], 'not even the welfare consent given before it in the same request');
      } finally {
        await sql`update data_agreements set retired_at = null where id = 'newborn-health-insurance-enrolment'`.execute(db());
      }
    });

    it('refuses to send one application of a bundle draft on its own', async () => {
      const parent = visitor();
      await parent.signUp(DEMO_RESIDENTS.dohyun);
      const filingId = filingOf((await parent.post('/bundles/turning-65/apply', {}, '/bundles/turning-65')).headers.location);
      const [one] = await bundleApps(filingId);
      assert.equal((await parent.get(`/me/applications/${one!.id}/form`)).headers.location, `/me/bundles/${filingId}/form`);
      const alone = await parent.post(`/me/applications/${one!.id}/submit`, {}, '/me/applications');
      assert.equal(alone.statusCode, 409);
      assert.ok((await bundleApps(filingId)).every((a) => a.status === 'draft'));
    });
  });
}

describe('bundle rules in a pack', () => {
  const edit = (dir: string, from: string, to: string) => {
    const file = path.join(dir, 'bundles', 'birth.yaml');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `the demo bundle has ${from}`);
    fs.writeFileSync(file, text.replace(from, to));
  };
  const errorsOf = (dir: string) => {
    try {
      loadPack(dir);
    } catch (e) {
      if (e instanceof PackInvalidError) return e.errors.map((x) => `${x.file}:${x.line ?? ''} ${x.message}`);
      throw e;
    }
    return [];
  };

  it('loads the demo bundles', () => {
    assert.deepEqual(loadPack(copyOfDemoPack()).bundles.map((b) => b.id), ['birth', 'turning-65']);
  });

  it('rejects a bundle naming an unknown service, a shared field a member lacks, and answers that do not fit each other', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'services: [birth-registration,', 'services: [birth-certificate-by-owl, birth-registration,');
    edit(dir, '      parental-benefit: childName\n', '      parental-benefit: babyName\n');
    edit(dir, '      newborn-health-insurance-enrolment: birthDate\n', '      newborn-health-insurance-enrolment: birthDate\n      child-allowance: relationship\n');
    const errors = errorsOf(dir);
    assert.ok(errors.some((e) => /^bundles\/birth\.yaml:\d+ there is no service "birth-certificate-by-owl"/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /the service "parental-benefit" has no form field "babyName"/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /"relationship" of "child-allowance" does not take the same answer as "birthDate" of "birth-registration"/.test(e)), errors.join('\n'));
  });

  it('rejects a bundle text missing a language', () => {
    const dir = copyOfDemoPack();
    edit(dir, '    label: { ko: 태어난 날, en: Date of birth }', '    label: { ko: 태어난 날 }');
    assert.ok(errorsOf(dir).some((e) => /bundles\/birth\.yaml:\d+ the text has no en translation/.test(e)));
  });
});
