import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { sql } from 'kysely';
import { databaseTargets } from './support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from './support/platform.ts';
import { issueDocument } from '../src/modules/documents/index.ts';
import { credentialSettings, issueCredential } from '../src/modules/credentials/index.ts';
import { findCountry } from '../src/modules/country/index.ts';
import { findResidentByIdNumber } from '../src/modules/residents/index.ts';
import { translator } from '../src/platform/i18n/i18n.ts';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

/**
 * The two back-office lists an officer revokes from (issued e-certificates, issued mobile
 * credentials): a revocation without a reason is refused with 400 and the same list, the error
 * summary linking to the row's reason field, and nothing is revoked or audited.
 */
const LISTS = [
  { name: 'documents', path: '/office/documents', key: 'documents.office', make: issuedDocument, revoked: revokedDocuments },
  { name: 'credentials', path: '/office/credentials', key: 'credentials.office', make: issuedCredential, revoked: revokedCredentials },
];

for (const target of databaseTargets()) {
  describe(`revoking from the office lists [${target.name}]`, () => {
    let platform: TestPlatform;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());

    for (const list of LISTS) {
      for (const lang of ['ko', 'en'] as const) {
        it(`${list.name} (${lang}): a blank reason is refused with 400, the list again and its error summary, nothing revoked`, async () => {
          const id = await list.make(platform);
          const officer = new Visitor(platform.app, { 'accept-language': lang });
          assert.equal((await officer.signIn('officer.police@demo.hanaro.example')).statusCode, 303);
          const res = await officer.post(`${list.path}/${id}/revoke`, { reason: '   ' }, list.path);
          assert.equal(res.statusCode, 400);
          const tr = translator(lang, 'ko', 'Asia/Seoul');
          const title = tr.t(`${list.key}.title`);
          assert.match(res.body, new RegExp(`<title>${escape(`${tr.t('form.errorPrefix')} ${title}`)}`));
          assert.match(res.body, /class="error-summary" role="alert"/);
          assert.ok(res.body.includes(`<a href="#reason-${id}">${tr.t(`${list.key}.reasonRequired`)}</a>`), 'the summary links to the row\'s reason field');
          assert.match(res.body, new RegExp(`id="reason-${id}-error"`), 'the field says what is wrong');
          assert.match(res.body, new RegExp(`action="${list.path}/${id}/revoke"`), 'the form is there again');
          assert.deepEqual(await list.revoked(platform, id), { revoked: 0, audited: 0 });
        });
      }

      it(`${list.name}: a stated reason revokes, audits and goes back to the list`, async () => {
        const id = await list.make(platform);
        const officer = new Visitor(platform.app);
        await officer.signIn('officer.police@demo.hanaro.example');
        const res = await officer.post(`${list.path}/${id}/revoke`, { reason: '분실 신고' }, list.path);
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, list.path);
        assert.deepEqual(await list.revoked(platform, id), { revoked: 1, audited: 1 });
      });
    }
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function issuedDocument(platform: TestPlatform): Promise<string> {
  const input = {
    agencyId: 'police', serviceId: 'probe', applicationId: `probe-${Math.random()}`, residentId: 'probe-resident', holderName: '김민준', holderIdNumber: '900101-1234568',
    title: { ko: '확인서', en: 'Confirmation' }, statements: [], issuedAt: new Date(), validityDays: null, languages: ['ko', 'en'],
  };
  return (await platform.database.db.transaction().execute((trx) => issueDocument(trx, input, { actor: 'system:test' }, testConfig()))).documentId;
}

async function issuedCredential(platform: TestPlatform): Promise<string> {
  const db = platform.database.db;
  const settings = credentialSettings(testConfig(), (await findCountry(db))!);
  const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
  const residentId = (await findResidentByIdNumber(db, DEMO_RESIDENTS.woosung.idNumber))!.id;
  return (await issueCredential(db, { residentId, typeId: 'mobile-driving-licence', format: 'dc+sd-jwt', holderKey }, settings, { actor: 'system:test' })).id;
}

async function revokedDocuments(platform: TestPlatform, id: string): Promise<{ revoked: number; audited: number }> {
  const db = platform.database.db;
  const revoked = await sql<{ n: number }>`select count(*)::int as n from documents where id = ${id} and revoked_at is not null`.execute(db);
  return { revoked: revoked.rows[0]!.n, audited: await audited(platform, 'document.revoked', `document:${id}`) };
}

async function revokedCredentials(platform: TestPlatform, id: string): Promise<{ revoked: number; audited: number }> {
  const db = platform.database.db;
  const revoked = await sql<{ n: number }>`select count(*)::int as n from issued_credentials where id = ${id} and status = 'revoked'`.execute(db);
  return { revoked: revoked.rows[0]!.n, audited: await audited(platform, 'credential.revoked', `credential:${id}`) };
}

async function audited(platform: TestPlatform, action: string, target: string): Promise<number> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = ${action} and target = ${target}`.execute(platform.database.db);
  return rows.rows[0]!.n;
}
