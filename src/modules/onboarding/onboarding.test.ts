import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from '../../../test/support/platform.ts';
import { seedFromDir } from '../../app.ts';
import { seedPack } from '../../seed-pack.ts';
import { issueDocument, verifyDocumentFile } from '../documents/index.ts';
import { addAgency, storageAllows } from './index.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey, REGISTRATION_SCOPES } from '../govstack-registration/index.ts';
import { FragmentInvalidError, loadPack } from '../packs/index.ts';
import { agencyScope } from '../../platform/tenancy.ts';

export const FRAGMENT = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'packs', 'fragments', 'environment.yaml'), 'utf8');
const decode = (html: string) => html.replaceAll('&#34;', '"').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

for (const target of databaseTargets()) {
  describe(`onboarding an agency on a running platform [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let operator: Visitor;
    before(async () => {
      platform = await startTestPlatform(target);
      operator = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await operator.signIn('operator@demo.hanaro.example')).statusCode, 303);
    });
    after(() => platform.close());
    const db = () => platform.database.db;
    const submit = (fragment: string, step: 'preview' | 'confirm') => operator.post('/ops/agencies/new', { fragment, step }, '/ops/agencies/new');

    it('lists every mistake of a fragment by its path and keeps what was pasted', async () => {
      const broken = FRAGMENT.replace('widget: number', 'widget: slider').replace('  storageBytes: 1073741824', '  storageBytes: -1');
      const res = await submit(broken, 'preview');
      assert.equal(res.statusCode, 400);
      const body = decode(res.body);
      assert.match(body, /services\[0\]\.form\.layout\.pages\[0\]\.sections\[0\]\.fields\[1\]\.widget.*must be one of: text, textarea/);
      assert.match(body, /quotas\.storageBytes.*must be &gt;= 0|quotas\.storageBytes.*must be >= 0/);
      assert.ok(body.includes('widget: slider'), 'the pasted fragment comes back in the text area');
      const rules = decode((await submit(FRAGMENT.replace('category: residence', 'category: nowhere').replace('lifeEvents: [moving]', 'lifeEvents: [moving, flying]'), 'preview')).body);
      assert.match(rules, /services\[0\]\.category.*there is no category "nowhere"/);
      assert.match(rules, /services\[0\]\.lifeEvents\[1\].*there is no life event "flying"/);
      const foreign = decode((await submit(FRAGMENT.replace('roles: [{ agency: environment, role: officer }]', 'roles: [{ agency: interior, role: officer }]'), 'preview')).body);
      assert.match(foreign, /staff\[0\]\.roles\[0\]\.agency.*a fragment gives roles in its own agency only/);
      assert.equal((await platform.app.inject({ url: '/services/bulky-waste-collection' })).statusCode, 404, 'nothing was created');
    });

    it('checks an uploaded fragment file and puts its text in the box to fix', async () => {
      const form = new FormData();
      form.set('fragment', '');
      form.set('step', 'preview');
      form.append('fragmentFile', new Blob([FRAGMENT.replace('processingDays: 3', 'processingDays: soon')], { type: 'application/yaml' }), 'environment.yaml');
      const res = await operator.postMultipart('/ops/agencies/new', form, '/ops/agencies/new');
      assert.equal(res.statusCode, 400);
      const body = decode(res.body);
      assert.match(body, /services\[0\]\.processingDays.*must be integer/);
      assert.ok(body.includes('processingDays: soon'));
    });

    it('refuses an agency id that exists, and a service id another agency uses', async () => {
      const taken = decode((await submit(FRAGMENT.replaceAll('agency: environment', 'agency: interior').replace('id: environment', 'id: interior'), 'preview')).body);
      assert.match(taken, /agency\.id.*an agency with the id "interior" already exists/);
      const service = decode((await submit(FRAGMENT.replace('id: bulky-waste-collection', 'id: income-certificate'), 'preview')).body);
      assert.match(service, /services\[0\]\.id.*the service id "income-certificate" is already used by the agency "tax"/);
    });

    it('adds the agency through the running app: its service page and the search answer at once, audited, with keys', async () => {
      const preview = await submit(FRAGMENT, 'preview');
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /The fragment is valid/);
      const added = await submit(FRAGMENT, 'confirm');
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, '/ops/agencies/environment?notice=added');
      const page = await platform.app.inject({ url: '/services/bulky-waste-collection', headers: { 'accept-language': 'en' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Bulky waste collection/);
      const search = await platform.app.inject({ url: `/services?q=${encodeURIComponent('폐기물')}` });
      assert.match(search.body, /\/services\/bulky-waste-collection/);
      assert.equal((await platform.app.inject({ url: '/agencies/environment' })).statusCode, 200);
      const audit = await sql<{ action: string }>`select action from audit_log where target = 'agency:environment' order by id`.execute(db());
      assert.ok(audit.rows.some((r) => r.action === 'onboarding.agency_added'));
      const keys = await sql<{ n: number }>`select count(*)::int as n from document_signing_keys where agency_id = 'environment'`.execute(db());
      assert.equal(keys.rows[0]!.n, 1);
      const again = decode((await submit(FRAGMENT, 'preview')).body);
      assert.match(again, /an agency with the id "environment" already exists/);
    });

    it('rotates the signing key and a document signed before still verifies', async () => {
      const issue = () => db().transaction().execute((trx) => issueDocument(trx, {
        agencyId: 'environment', serviceId: 'bulky-waste-collection', applicationId: 'test', residentId: 'test', holderName: '김민준',
        holderIdNumber: '900101-1234568', title: { ko: '확인증', en: 'Receipt' }, statements: [], issuedAt: new Date(), validityDays: 30, languages: ['ko', 'en'],
      }, { actor: 'system:test' }, testConfig()));
      const pdfOf = async (id: string) => (await sql<{ pdf: Uint8Array }>`select pdf from documents where id = ${id}`.execute(db())).rows[0]!.pdf;
      const before = await issue();
      const rotated = await operator.post('/ops/agencies/environment/keys/rotate', { kind: 'documents' }, '/ops/agencies/environment');
      assert.equal(rotated.statusCode, 303);
      const after = await issue();
      assert.equal((await verifyDocumentFile(db(), await pdfOf(before.documentId))).outcome, 'authentic');
      assert.equal((await verifyDocumentFile(db(), await pdfOf(after.documentId))).outcome, 'authentic');
      const keys = await sql<{ retired: boolean }>`select retired_at is not null as retired from document_signing_keys where agency_id = 'environment' order by created_at`.execute(db());
      assert.deepEqual(keys.rows.map((r) => r.retired), [true, false]);
      assert.match((await operator.get('/ops/agencies/environment')).body, /Retired .*kept for verification/);
    });

    it('rotates the exchange key and keeps the old public key published', async () => {
      const jwks = async () => (await platform.app.inject({ url: '/govstack/im/members/HG/GOV/environment/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid) as string[];
      const before = await jwks();
      assert.equal(before.length, 1, 'onboarding made the exchange key');
      const res = await operator.post('/ops/agencies/environment/keys/rotate', { kind: 'exchange' }, '/ops/agencies/environment');
      assert.equal(res.headers.location, '/ops/agencies/environment?notice=rotated_exchange');
      const after = await jwks();
      assert.equal(after.length, 2);
      assert.ok(after.includes(before[0]!));
      const signing = await sql<{ kid: string }>`select kid from exchange_member_keys where agency_id = 'environment' and holder = 'platform' and retired_at is null`.execute(db());
      assert.deepEqual(signing.rows.map((r) => r.kid).filter((k) => k !== before[0]).length, 1);
    });

    it('refuses a storage quota below what the agency keeps, beside the field with what was typed', async () => {
      const res = await operator.post('/ops/agencies/environment/quotas', { requestsPerMinute: '600', storageBytes: '10' }, '/ops/agencies/environment');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="storageBytes-error"[^>]*>The agency already keeps/);
      assert.match(res.body, /id="storageBytes"[^>]*value="10"/);
      const used = (await sql<{ n: string }>`select sum(octet_length(pdf))::bigint as n from documents where agency_id = 'environment'`.execute(db())).rows[0]!.n;
      assert.equal((await operator.post('/ops/agencies/environment/quotas', { requestsPerMinute: '600', storageBytes: used }, '/ops/agencies/environment')).statusCode, 303);
      assert.equal(await storageAllows(db(), 'environment', 0), true);
      assert.equal(await storageAllows(db(), 'environment', 1), false, 'a full agency cannot keep one more byte');
      const list = await operator.get('/ops/agencies');
      assert.match(list.body, /<meter[^>]*aria-label="Storage"[^>]*>/);
    });

    it('refuses a file beside its field, politely and keeping what was typed, when the agency storage is full', async () => {
      assert.equal((await operator.post('/ops/agencies/land/quotas', { requestsPerMinute: '100000', storageBytes: '10' }, '/ops/agencies/land')).statusCode, 303);
      const owner = new Visitor(platform.app, { 'accept-language': 'en' });
      await owner.signUp(DEMO_RESIDENTS.woosung);
      const id = String((await owner.post('/services/building-permit/apply', {}, '/')).headers.location).split('/')[3]!;
      const page = `/me/applications/${id}/form/documents`;
      const form = new FormData();
      form.set('architectOffice', 'Haneul Architects');
      form.set('action', 'continue');
      form.append('drawings', new Blob([Buffer.from('%PDF-1.7\n% a site plan longer than ten bytes\n%%EOF\n')], { type: 'application/pdf' }), 'site-plan.pdf');
      const res = await owner.postMultipart(page, form, page);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /the agency(’|&#39;|')s storage is full/);
      assert.match(res.body, /value="Haneul Architects"/);
      const kept = await sql<{ n: number }>`select count(*)::int as n from application_files where application_id = ${id}`.execute(db());
      assert.equal(kept.rows[0]!.n, 0);
    });

    it('refuses to issue a document past the agency storage quota, and the decision is not saved', async () => {
      const owner = new Visitor(platform.app, { 'accept-language': 'en' });
      await owner.signUp(DEMO_RESIDENTS.junho);
      const id = String((await owner.post('/services/resident-registration-certificate/apply', {}, '/')).headers.location).split('/')[3]!;
      await owner.post(`/me/applications/${id}/form/request`, { purpose: 'bank', action: 'continue' }, '/');
      await owner.post(`/me/applications/${id}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, '/');
      await owner.post(`/me/applications/${id}/submit`, {}, '/');
      assert.equal((await operator.post('/ops/agencies/interior/quotas', { requestsPerMinute: '100000', storageBytes: '0' }, '/ops/agencies/interior')).statusCode, 303);
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      await officer.signIn('officer.interior@demo.hanaro.example');
      const refused = await officer.post(`/office/applications/${id}/complete-step`, {}, `/office/applications/${id}`);
      assert.equal(refused.statusCode, 507);
      assert.match(refused.body, /The document was not issued: the agency(&#39;|')s storage quota is full/);
      const row = await sql<{ status: string; n: number }>`select status, (select count(*)::int from documents where application_id = ${id}) as n from applications where id = ${id}`.execute(db());
      assert.notEqual(row.rows[0]!.status, 'approved');
      assert.equal(row.rows[0]!.n, 0);
      await operator.post('/ops/agencies/interior/quotas', { requestsPerMinute: '100000', storageBytes: '1073741824' }, '/ops/agencies/interior');
      assert.equal((await officer.post(`/office/applications/${id}/complete-step`, {}, `/office/applications/${id}`)).statusCode, 303);
    });

    it('answers 429 quota_exceeded with Retry-After once an agency spends its requests per minute', async () => {
      assert.equal((await operator.post('/ops/agencies/interior/quotas', { requestsPerMinute: '3', storageBytes: '1073741824' }, '/ops/agencies/interior')).statusCode, 303);
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      await officer.signIn('officer.interior@demo.hanaro.example');
      const statuses = [];
      let last;
      for (let i = 0; i < 5; i++) statuses.push((last = await officer.get('/office/applications')).statusCode);
      assert.equal(statuses.filter((s) => s === 429).length >= 2, true, `statuses ${statuses.join(',')}`);
      assert.equal(last!.statusCode, 429);
      assert.match(last!.body, /used its quota of requests for this minute/);
      assert.ok(Number(last!.headers['retry-after']) >= 1);
      const cookie = [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const json = await platform.app.inject({ url: '/office/applications', headers: { cookie, accept: 'application/json' } });
      assert.equal(json.statusCode, 429);
      assert.equal(json.json().code, 'quota_exceeded');
      const throttled = platform.app.traffic.takeChanged().filter((r) => r.agencyId === 'interior').reduce((n, r) => n + r.throttled, 0);
      assert.ok(throttled >= 3, `the console counts the refusals for the agency (${throttled})`);
      assert.match((await operator.get('/ops/agencies/interior')).body, /requests were refused this minute/);
      await operator.post('/ops/agencies/interior/quotas', { requestsPerMinute: '100000', storageBytes: '1073741824' }, '/ops/agencies/interior');
    });

    it('counts an agency API key against its agency quota too, answering JSON', async () => {
      const admin = (await findStaffByEmail(db(), 'admin.police@demo.hanaro.example'))!;
      const key = await issueApiKey(db(), agencyScope('police'), { label: 'quota test', scopes: [REGISTRATION_SCOPES.read] }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(key.ok);
      await operator.post('/ops/agencies/police/quotas', { requestsPerMinute: '2', storageBytes: '1073741824' }, '/ops/agencies/police');
      const call = () => platform.app.inject({ url: '/govstack/registration/services', headers: { authorization: `Bearer ${key.secret}` } });
      const statuses = [(await call()).statusCode, (await call()).statusCode];
      const over = await call();
      assert.deepEqual(statuses, [200, 200]);
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().code, 'quota_exceeded');
      assert.ok(Number(over.headers['retry-after']) >= 1);
      await operator.post('/ops/agencies/police/quotas', { requestsPerMinute: '100000', storageBytes: '1073741824' }, '/ops/agencies/police');
    });

    it('updates an onboarded agency with --update, and refuses to update a pack agency that way', async () => {
      const settings = { pack: () => loadPack(DEMO_PACK), keySecret: testConfig().documentKeySecret, seedPack };
      const changed = FRAGMENT.replace('en: Bulky waste collection }', 'en: Bulky waste collection and recycling }');
      await addAgency(db(), changed, { update: true }, settings, { actor: 'system:test' });
      assert.match((await platform.app.inject({ url: '/services/bulky-waste-collection', headers: { 'accept-language': 'en' } })).body, /Bulky waste collection and recycling/);
      const pack = FRAGMENT.replaceAll('agency: environment', 'agency: tax').replace('id: environment', 'id: tax');
      await assert.rejects(addAgency(db(), pack, { update: true }, settings, { actor: 'system:test' }), (err: FragmentInvalidError) => /comes from the country pack/.test(err.errors[0]!.message));
    });

    it('keeps the onboarded agency when a restart seeds the pack again', async () => {
      await seedFromDir(platform.database, DEMO_PACK);
      assert.equal((await platform.app.inject({ url: '/services/bulky-waste-collection' })).statusCode, 200);
    });

    it('is for platform operators only', async () => {
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      await officer.signIn('admin.police@demo.hanaro.example');
      assert.equal((await officer.get('/ops/agencies')).statusCode, 403);
      assert.equal((await officer.post('/ops/agencies/new', { fragment: FRAGMENT, step: 'confirm' }, '/office')).statusCode, 403);
    });
  });
}
