import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../../test/support/databases.ts';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { childBornThreeYearsAgo, DEMO_CHILDREN, DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { credentialSettings, issueCredential } from '../credentials/index.ts';
import { findCountry } from '../country/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';

const visitOf = (location: string | undefined) => /\/office\/counter\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';
const identity = (r: { idNumber: string; name: string; birthDate: string }, documentRef = '1745') => ({ ...r, documentKind: 'resident_card', documentRef });

/** Posts a form with files the way a browser does (multipart), with the page's CSRF token. */
async function postMultipart(visitor: Visitor, url: string, fields: Record<string, string>, files: { field: string; filename: string; type: string; content: Buffer }[], fromPage: string): Promise<LightMyRequestResponse> {
  const token = /name="_csrf" value="([^"]+)"/.exec((await visitor.get(fromPage)).body)?.[1] ?? '';
  const boundary = `----hanaro${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: token, ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return visitor.app.inject({
    method: 'POST', url, payload: Buffer.concat(parts),
    headers: { ...visitor.headers, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

for (const target of databaseTargets()) {
  describe(`counter service [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let officer: Visitor;
    let officerId: string;
    before(async () => {
      platform = await startTestPlatform(target);
      officer = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await officer.signIn('officer.interior@demo.hanaro.example')).statusCode, 303);
      officerId = (await findStaffByEmail(platform.database.db, 'officer.interior@demo.hanaro.example'))!.id;
    });
    after(() => platform.close());
    const db = () => platform.database.db;
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;

    it('needs a signed-in officer', async () => {
      const res = await new Visitor(platform.app).get('/office/counter');
      assert.notEqual(res.statusCode, 200);
    });

    it('keeps what was typed and says what is wrong beside each field', async () => {
      const visits = await count('counter_visits');
      const res = await officer.post('/office/counter', { idNumber: '12345', name: '윤미래', birthDate: '2001-02-30', documentKind: '', documentRef: '17' }, '/office/counter');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /id="idNumber-error"/);
      assert.match(res.body, /id="birthDate-error"/);
      assert.match(res.body, /id="documentKind-error"/);
      assert.match(res.body, /id="documentRef-error"/);
      assert.match(res.body, /value="윤미래"/);
      assert.match(res.body, /value="2001-02-30"/);
      assert.equal(await count('counter_visits'), visits);
    });

    it('records nothing when the details match no registered resident', async () => {
      const visits = await count('counter_visits');
      const audits = await count('audit_log');
      const res = await officer.post('/office/counter', identity({ ...DEMO_RESIDENTS.mirae, name: '윤미나' }), '/office/counter');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /No resident is registered with this/);
      assert.match(res.body, /nothing was recorded/);
      assert.equal(await count('counter_visits'), visits);
      assert.equal(await count('audit_log'), audits);
    });

    it('identifies a walk-in resident, files for them with a scanned paper, submits once and hands over a receipt', async () => {
      const found = await officer.post('/office/counter', identity(DEMO_RESIDENTS.mirae, '17 45'), '/office/counter');
      assert.equal(found.statusCode, 303);
      const visit = visitOf(found.headers.location);
      assert.ok(visit, 'a counter visit was recorded');
      const row = (await sql<{ resident_id: string; checked_by: string; document_kind: string; document_ref: string; checked_at: Date }>`
        select v.resident_id, v.checked_by, v.document_kind, v.document_ref, v.checked_at from counter_visits v where v.id = ${visit}`.execute(db())).rows[0]!;
      assert.equal(row.checked_by, officerId);
      assert.equal(row.document_kind, 'resident_card');
      assert.equal(row.document_ref, '1745');
      assert.ok(row.checked_at instanceof Date);
      const checked = (await sql<{ actor: string; agency_id: string; details: { counterVisit: string; document: string } }>`
        select actor, agency_id, details from audit_log where action = 'counter.identity_checked' and target = ${`resident:${row.resident_id}`}`.execute(db())).rows;
      assert.equal(checked.length, 1);
      assert.equal(checked[0]!.actor, `staff:${officerId}`);
      assert.equal(checked[0]!.agency_id, 'interior');
      assert.deepEqual(checked[0]!.details, { counterVisit: visit, document: 'resident_card' });

      const page = await officer.get(`/office/counter/${visit}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /윤미래/);
      assert.match(page.body, /Resident registration card/);
      assert.doesNotMatch(page.body, /driving-licence-renewal/, 'only the agency\'s own services are offered');
      const base = `/office/counter/${visit}`;
      const started = await officer.post(`${base}/start`, { service: 'moving-in-report' }, base);
      assert.equal(started.headers.location, `${base}/form`);
      const app = (await sql<{ id: string; resident_id: string; filed_by: string; status: string }>`
        select a.id, a.resident_id, a.filed_by, a.status from applications a join counter_visits v on v.application_id = a.id where v.id = ${visit}`.execute(db())).rows[0]!;
      assert.equal(app.resident_id, row.resident_id, 'the application is the resident\'s');
      assert.equal(app.filed_by, `staff:${officerId}`);
      assert.equal(app.status, 'draft');
      assert.equal((await officer.post(`${base}/start`, { service: 'moving-in-report' }, base)).headers.location, `${base}/form`, 'starting again keeps the one draft');

      assert.equal((await officer.post(`${base}/form/address`, { newAddress: 'Hangyeol Apt 101-502, 12 Hana-ro', moveDate: '2026-03-02', action: 'continue' }, base)).headers.location, `${base}/form/household`);
      assert.equal((await officer.post(`${base}/form/household`, { movingType: 'whole-household', memberCount: '1', action: 'continue' }, base)).headers.location, `${base}/form/lease`);
      const renamed = await postMultipart(officer, `${base}/form/lease`, { applyFixedDate: 'on', phone: '010-1234-5678', action: 'continue' },
        [{ field: 'leaseContract', filename: 'lease.pdf', type: 'application/pdf', content: Buffer.from('MZ not a pdf') }], `${base}/form/lease`);
      assert.equal(renamed.statusCode, 400, 'a file that is not what it claims is refused beside the field');
      assert.match(renamed.body, /value="010-1234-5678"/);
      const scanned = await postMultipart(officer, `${base}/form/lease`, { applyFixedDate: 'on', phone: '010-1234-5678', action: 'continue' },
        [{ field: 'leaseContract', filename: 'lease-scan.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.7\n%scan of the lease\n') }], `${base}/form/lease`);
      assert.equal(scanned.statusCode, 303);
      assert.equal(scanned.headers.location, `${base}/check`);
      const check = await officer.get(`${base}/check`);
      assert.equal(check.statusCode, 200);
      assert.match(check.body, /lease-scan\.pdf/);
      assert.match(check.body, /Filing for 윤미래 at the counter/);

      const applications = await count('applications');
      const [first, second] = await officer.postTwiceAtOnce(`${base}/submit`, {}, `${base}/check`);
      const answered = (r: typeof first) => `${r.statusCode} ${r.headers.location ?? /<title>([^<]*)/.exec(r.body)?.[1] ?? ''}`;
      assert.deepEqual([answered(first), answered(second)], [`303 ${base}/receipt`, `303 ${base}/receipt`]);
      assert.equal(await count('applications'), applications, 'submitting twice made no second application');
      const events = await sql<{ kind: string }>`select kind from application_events where application_id = ${app.id}`.execute(db());
      assert.deepEqual(events.rows.map((e) => e.kind), ['submitted']);
      const audit = await sql<{ action: string; actor: string; details: { counterVisit?: string } }>`
        select action, actor, details from audit_log where target = ${`application:${app.id}`} order by id`.execute(db());
      assert.deepEqual(audit.rows.map((r) => r.action), ['application.draft_started', 'application.file_attached', 'application.submitted']);
      assert.ok(audit.rows.every((r) => r.actor === `staff:${officerId}`), 'every step is in the officer\'s name');
      assert.equal(audit.rows[0]!.details.counterVisit, visit);
      assert.equal(audit.rows[2]!.details.counterVisit, visit);

      const receipt = await officer.get(`${base}/receipt?lang=en`);
      assert.equal(receipt.statusCode, 200);
      const reference = /class="reference">([^<]+)</.exec(receipt.body)?.[1] ?? '';
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      assert.match(receipt.body, /Moving-in report|moving/i);
      assert.match(receipt.body, /Decision expected by/);
      assert.match(receipt.body, /help@interior\.hangyeol\.example/);
      assert.match(receipt.body, /<article class="receipt" lang="en"/);
      const korean = await officer.get(`${base}/receipt?lang=ko`);
      assert.match(korean.body, /<article class="receipt" lang="ko"/);
      assert.match(korean.body, /민원 접수증/);
      assert.match(korean.body, /처리 예정일/);
      assert.match(korean.body, /<html lang="en"/, 'the officer\'s own screen stays in their language');

      const resident = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await resident.signUp(DEMO_RESIDENTS.mirae)).statusCode, 303);
      const mine = await resident.get('/me/applications');
      assert.equal(mine.statusCode, 200);
      assert.match(mine.body, new RegExp(reference));
      const inbox = await resident.get('/me/inbox');
      assert.match(inbox.body, new RegExp(reference), 'the usual notice reached the resident\'s inbox');
    });

    it('a resident who already has an account gets the notice and the receipt in their own language', async () => {
      const resident = new Visitor(platform.app, { 'accept-language': 'ko' });
      assert.equal((await resident.signUp(DEMO_RESIDENTS.youngja)).statusCode, 303);
      const base = `/office/counter/${visitOf((await officer.post('/office/counter', identity(DEMO_RESIDENTS.youngja, 'A1B2C3'), '/office/counter')).headers.location)}`;
      await officer.post(`${base}/start`, { service: 'resident-registration-certificate' }, base);
      await officer.post(`${base}/form/request`, { purpose: 'bank', action: 'continue' }, base);
      await officer.post(`${base}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, base);
      assert.equal((await officer.post(`${base}/submit`, {}, `${base}/check`)).headers.location, `${base}/receipt`);
      const receipt = await officer.get(`${base}/receipt`);
      assert.match(receipt.body, /<article class="receipt" lang="ko"/, 'the resident chose Korean for their account');
      const reference = /class="reference">([^<]+)</.exec(receipt.body)?.[1] ?? '';
      assert.match((await resident.get('/me/applications')).body, new RegExp(reference));
      assert.match((await resident.get('/me/inbox')).body, new RegExp(reference));
    });

    it('takes the report of a lost phone: every mobile ID of the resident suspended at once, as the officer, and nobody else\'s', async () => {
      const { id: residentId } = (await findResidentByIdNumber(db(), DEMO_RESIDENTS.woosung.idNumber))!;
      const settings = credentialSettings(testConfig(), (await findCountry(db()))!);
      const issued: string[] = [];
      for (const [typeId, format] of [['mobile-resident-card', 'dc+sd-jwt'], ['mobile-driving-licence', 'mso_mdoc']] as const) {
        const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
        issued.push((await issueCredential(db(), { residentId, typeId, format, holderKey }, settings, { actor: `resident:${residentId}` })).id);
      }
      const base = `/office/counter/${visitOf((await officer.post('/office/counter', identity(DEMO_RESIDENTS.woosung, '3321'), '/office/counter')).headers.location)}`;
      assert.match((await officer.get(base)).body, /2 mobile IDs of this resident can be shown now/);
      const police = new Visitor(platform.app);
      await police.signIn('officer.police@demo.hanaro.example');
      assert.equal((await police.post(`${base}/lost-phone`, {}, '/office')).statusCode, 404, 'another agency\'s officer cannot act on this visit');

      const reported = await officer.post(`${base}/lost-phone`, {}, base);
      assert.equal(reported.headers.location, `${base}?suspended=2`);
      const rows = (await sql<{ id: string; status: string; status_reason: string; status_changed_by: string }>`
        select id, status, status_reason, status_changed_by from issued_credentials where resident_id = ${residentId} order by id`.execute(db())).rows;
      assert.deepEqual(rows.map((r) => r.id).sort(), [...issued].sort());
      assert.ok(rows.every((r) => r.status === 'suspended' && r.status_reason === 'lost_device' && r.status_changed_by === `staff:${officerId}`), JSON.stringify(rows));
      const audit = (await sql<{ actor: string }>`select actor from audit_log where action = 'credential.lost_device_reported' and target = ${`resident:${residentId}`}`.execute(db())).rows;
      assert.deepEqual(audit, [{ actor: `staff:${officerId}` }]);
      const after = (await officer.get(reported.headers.location)).body;
      assert.match(after, /Suspended 2 mobile IDs/);
      assert.match(after, /no mobile ID in use/);
      assert.equal((await sql<{ n: number }>`select count(*)::int as n from issued_credentials where status = 'suspended'`.execute(db())).rows[0]!.n, 2, 'no one else\'s');
    });

    it('keeps another agency\'s officer out of the visit and its draft (404)', async () => {
      const base = `/office/counter/${visitOf((await officer.post('/office/counter', identity(DEMO_RESIDENTS.junho, '7652'), '/office/counter')).headers.location)}`;
      await officer.post(`${base}/start`, { service: 'resident-registration-certificate' }, base);
      const police = new Visitor(platform.app);
      await police.signIn('officer.police@demo.hanaro.example');
      for (const url of [base, `${base}/form`, `${base}/form/request`, `${base}/check`, `${base}/receipt`]) {
        assert.equal((await police.get(url)).statusCode, 404, url);
      }
      assert.equal((await police.post(`${base}/form/request`, { purpose: 'court', action: 'continue' }, '/office')).statusCode, 404);
      assert.equal((await police.post(`${base}/submit`, {}, '/office')).statusCode, 404);
      assert.equal((await police.post(`${base}/start`, { service: 'criminal-record-certificate' }, '/office')).statusCode, 404);
      const list = await police.get('/office/counter');
      assert.doesNotMatch(list.body, new RegExp(base));
      const own = new Visitor(platform.app);
      await own.signIn('officer.interior@demo.hanaro.example');
      assert.equal((await own.get(`${base}/form/request`)).statusCode, 200, 'any officer of the agency may carry on');
    });

    it('reads out what is fetched from whom; with the resident\'s yes the officer gets it, picks the child from it, and the receipt says which papers were spared', async () => {
      const welfare = new Visitor(platform.app, { 'accept-language': 'en' });
      await welfare.signIn('officer.welfare@demo.hanaro.example');
      const welfareId = (await findStaffByEmail(db(), 'officer.welfare@demo.hanaro.example'))!.id;
      const { harin } = DEMO_CHILDREN;
      await childBornThreeYearsAgo(db(), harin.idNumber);
      const base = `/office/counter/${visitOf((await welfare.post('/office/counter', identity(DEMO_RESIDENTS.jimin, '5670'), '/office/counter')).headers.location)}`;
      assert.equal((await welfare.post(`${base}/start`, { service: 'child-allowance' }, base)).headers.location, `${base}/consent`, 'asked before anything is read');
      const asked = await welfare.get(`${base}/consent`);
      for (const words of [/Ask 오지민 for consent/, /Read this out to 오지민/, /Proof of residence/, /Family relations/, /Ministry of the Interior and Safety/, /Electronic Government Act, Article 36\(2\)/, /The resident agreed/]) assert.match(asked.body, words);

      const unticked = await welfare.post(`${base}/consent`, { decision: 'agree' }, `${base}/consent`);
      assert.equal(unticked.statusCode, 400, 'agreeing needs the box ticked');
      assert.match(unticked.body, /class="error-summary"/);
      assert.match(unticked.body, /id="agreed-error"/);
      const residentId = (await sql<{ id: string }>`select id from residents where id_number = ${DEMO_RESIDENTS.jimin.idNumber}`.execute(db())).rows[0]!.id;
      const consents = async () => (await sql<{ channel: string; actor: string; acting_for: string; application_id: string }>`
        select channel, actor, acting_for, application_id from consent_records where resident_id = ${residentId}`.execute(db())).rows;
      assert.deepEqual(await consents(), []);

      const agreed = await welfare.post(`${base}/consent`, { agreed: 'yes', decision: 'agree' }, `${base}/consent`);
      assert.equal(agreed.headers.location, `${base}/form`);
      const appId = (await sql<{ id: string }>`select application_id as id from counter_visits where id = ${base.split('/').at(-1)!}`.execute(db())).rows[0]!.id;
      assert.deepEqual(await consents(), [{ channel: 'counter', actor: `staff:${welfareId}`, acting_for: `resident:${residentId}`, application_id: appId }],
        'given at the counter, by the officer for the resident');
      const data = await sql<{ data_service_id: string; outcome: string }>`select data_service_id, outcome from application_agency_data where application_id = ${appId} order by data_service_id`.execute(db());
      assert.deepEqual(data.rows.map((r) => `${r.data_service_id}:${r.outcome}`), ['family-relations:fetched', 'proof-of-residence:fetched']);
      const reads = await sql<{ reader_kind: string; reader_id: string; reader_role: string; reader_agency_id: string; channel: string }>`
        select distinct reader_kind, reader_id, reader_role, reader_agency_id, channel from personal_data_reads where application_id = ${appId}`.execute(db());
      assert.deepEqual(reads.rows, [{ reader_kind: 'staff', reader_id: welfareId, reader_role: 'officer', reader_agency_id: 'welfare', channel: 'exchange' }], 'the officer is the reader');
      const fetchedAudit = await sql<{ actor: string; acting_for: string }>`select actor, acting_for from audit_log where target = ${`application:${appId}`} and action = 'application.agency_data_fetched'`.execute(db());
      assert.deepEqual(fetchedAudit.rows.map((r) => [r.actor, r.acting_for]), [[`staff:${welfareId}`, `resident:${residentId}`], [`staff:${welfareId}`, `resident:${residentId}`]]);

      const form = await welfare.get(`${base}/form/child`);
      assert.match(form.body, /Data from other agencies/);
      assert.match(form.body, /Signed response verified/);
      assert.match(form.body, /2 Kkotsaem-gil, Dong-gu, Hangyeol City/);
      assert.match(form.body, /name="_pick" value="0"/, 'the child on the register is offered');
      assert.match(form.body, /오하린, 220412-4\*{6}/);
      const wrong = await welfare.post(`${base}/form/child`, { _pick: '7', relationship: 'mother', action: 'continue' }, `${base}/form/child`);
      assert.equal(wrong.statusCode, 400, 'a choice that is not on offer');
      assert.match(wrong.body, /id="f-_pick-error"/);
      const picked = await welfare.post(`${base}/form/child`, { _pick: '0', childName: 'typed over', relationship: 'mother', action: 'continue' }, `${base}/form/child`);
      assert.equal(picked.headers.location, `${base}/form/payment`);
      const answers = (await sql<{ answers: Record<string, string> }>`select answers from applications where id = ${appId}`.execute(db())).rows[0]!.answers;
      assert.deepEqual([answers.childName, answers.childIdNumber], [harin.name, harin.idNumber], 'the chosen child fills the name and number');
      assert.match((await welfare.get(`${base}/form/child`)).body, /id="f-_pick" name="_pick" value="0" checked/, 'the choice shows as made');
      await welfare.post(`${base}/form/payment`, { bankName: 'kb', accountNumber: '123-456789-01-011', accountHolder: 'applicant', action: 'continue' }, base);
      assert.match((await welfare.get(`${base}/check`)).body, /Data from other agencies/);
      assert.equal((await welfare.post(`${base}/submit`, {}, `${base}/check`)).headers.location, `${base}/receipt`);
      const receipt = await welfare.get(`${base}/receipt?lang=en`);
      assert.match(receipt.body, /Papers you did not have to bring/);
      assert.match(receipt.body, /Resident registration certificate: we got it from Ministry of the Interior and Safety with your consent/);
      assert.match(receipt.body, /Family relation certificate: we got it from Ministry of the Interior and Safety with your consent/);
      assert.match((await welfare.get(`${base}/receipt?lang=ko`)).body, /내지 않아도 된 서류/);
    });

    it('tells the officer which papers to ask for when the resident does not agree, and reads nothing', async () => {
      const welfare = new Visitor(platform.app, { 'accept-language': 'en' });
      await welfare.signIn('officer.welfare@demo.hanaro.example');
      const base = `/office/counter/${visitOf((await welfare.post('/office/counter', identity(DEMO_RESIDENTS.seoyeon, '8428'), '/office/counter')).headers.location)}`;
      await welfare.post(`${base}/start`, { service: 'child-allowance' }, base);
      const refused = await welfare.post(`${base}/consent`, { decision: 'refuse' }, `${base}/consent`);
      assert.equal(refused.statusCode, 200);
      assert.match(refused.body, /Ask 이서연 for these papers/);
      assert.match(refused.body, /<li>Resident registration certificate<\/li>/);
      assert.match(refused.body, /<li>Family relation certificate<\/li>/);
      assert.match(refused.body, new RegExp(`href="${base}/form"`));
      const appId = (await sql<{ id: string }>`select application_id as id from counter_visits where id = ${base.split('/').at(-1)!}`.execute(db())).rows[0]!.id;
      const left = await sql<{ n: number }>`select (select count(*) from application_agency_data where application_id = ${appId})
        + (select count(*) from consent_records where application_id = ${appId}) + (select count(*) from personal_data_reads where application_id = ${appId}) as n`.execute(db());
      assert.equal(Number(left.rows[0]!.n), 0, 'nothing read, no consent');
      const form = await welfare.get(`${base}/form/child`);
      assert.match(form.body, /Ask the applicant for the Resident registration certificate\./);
      assert.match(form.body, new RegExp(`href="${base}/consent"`), 'the officer can still ask again');
      assert.doesNotMatch(form.body, /name="_pick"/, 'nothing fetched, nothing to choose from');
    });

    it('does not start another agency\'s service at the counter', async () => {
      const base = `/office/counter/${visitOf((await officer.post('/office/counter', identity(DEMO_RESIDENTS.dohyun, '0252'), '/office/counter')).headers.location)}`;
      assert.equal((await officer.post(`${base}/start`, { service: 'driving-licence-renewal' }, base)).statusCode, 404);
      assert.equal((await sql<{ n: number }>`select count(*)::int as n from counter_visits where application_id is not null and id = ${base.split('/').at(-1)!}`.execute(db())).rows[0]!.n, 0);
    });
  });
}
