import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase, testConfig } from '../../../test/support/platform.ts';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts';
import { freePort } from '../../../test/support/ports.ts';
import type { Database } from '../../platform/db/database.ts';
import { startJobQueue, type JobQueue } from '../../platform/jobs.ts';
import { AppError } from '../../platform/http/errors.ts';
import { upsertResident } from '../residents/index.ts';
import { countUnread, markNoticeRead, notificationsModule, type Notice, type NotifyResident } from './index.ts';
import { findNotice, listResidentNotices } from './store.ts';
import { sendNoticeMail } from './send-notice-mail.ts';

const COUNTRY = { name: { ko: '한결공화국', en: 'Republic of Hangyeol' }, languages: ['ko', 'en'], timeZone: 'Asia/Seoul' };
const PUBLIC_URL = 'https://portal.hangyeol.example';
const FAST_RETRY = { limit: 5, delaySeconds: 1, backoff: false };

async function addResident(database: Database, idNumber: string, name: string): Promise<string> {
  const { id } = await upsertResident(database.db, {
    id_number: idNumber, name, name_latin: null, birth_date: '1990-01-01', sex: 'F', household: `H-${idNumber}`,
    address: { ko: '한결시 중앙로 1', en: '1 Jungang-ro, Hangyeol' }, content_hash: idNumber,
  });
  return id;
}

/** A platform's worth of notices: a migrated database, the job queue and the mail worker. */
async function startNotices(database: Database, smtpUrl: string) {
  const jobs = await startJobQueue(database, (err) => console.error('job queue:', err.message));
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (details: object) => { warnings.push(JSON.stringify(details)); } };
  const config = testConfig({ smtpUrl, publicUrl: PUBLIC_URL, mailFrom: 'no-reply@hangyeol.example' });
  const notifications = notificationsModule(database.db, { config, jobs, country: COUNTRY, retry: FAST_RETRY });
  await notifications.startMailWorker(log);
  const notify = (notice: Notice) => database.db.transaction().execute((trx) => notifications.notifyResident(trx, notice));
  return { jobs, warnings, notify, notifyResident: notifications.notifyResident };
}

for (const target of databaseTargets()) {
  describe(`resident notices (${target.name})`, () => {
    let database: Database;
    let smtp: TestSmtpServer;
    let jobs: JobQueue;
    let notify: (notice: Notice) => Promise<{ noticeId: number; mailQueued: boolean }>;
    let notifyResident: NotifyResident;
    let minji: string;
    let james: string;

    before(async () => {
      database = await migratedDatabase(target);
      smtp = await startSmtpServer();
      ({ jobs, notify, notifyResident } = await startNotices(database, smtp.url));
      minji = await addResident(database, '900101-2000001', '김민지');
      james = await addResident(database, '900101-1000002', 'James Park');
    });
    after(async () => {
      await jobs.stop();
      await smtp.stop();
      await database.close();
    });

    it('puts the notice in the inbox and mails it in the resident\'s language, with a link on the portal', async () => {
      const { noticeId, mailQueued } = await notify({
        residentId: minji, email: 'minji@example.kr', locale: 'ko', subject: '전입신고가 처리되었습니다',
        body: '신청하신 전입신고가 처리되었습니다.\n\n새 주소로 등본을 발급받으실 수 있습니다.', link: '/me/applications/123', reference: 'A-2026-0001',
      });
      assert.equal(mailQueued, true);
      const inbox = await listResidentNotices(database.db, minji, 10);
      assert.deepEqual(inbox.map((n) => [n.id, n.subject, n.read_at]), [[noticeId, '전입신고가 처리되었습니다', null]]);

      const mail = await smtp.waitForMail('minji@example.kr');
      assert.deepEqual(mail.envelope.to, ['minji@example.kr']);
      assert.equal(mail.subject, '[한결공화국] 전입신고가 처리되었습니다');
      assert.match(mail.from ?? '', /한결공화국.*<no-reply@hangyeol\.example>/);
      assert.match(mail.text, /신청하신 전입신고가 처리되었습니다\./);
      assert.match(mail.text, /참조번호: A-2026-0001/);
      assert.match(mail.text, /자세히 보기: https:\/\/portal\.hangyeol\.example\/me\/applications\/123/);
      assert.match(mail.html, /<a href="https:\/\/portal\.hangyeol\.example\/me\/applications\/123">자세히 보기<\/a>/);
      assert.match(mail.messageId ?? '', new RegExp(`notice-${noticeId}@portal\\.hangyeol\\.example`));
    });

    it('writes an English-speaking resident\'s mail in English, and without a link points to the inbox', async () => {
      await notify({ residentId: james, email: 'james@example.com', locale: 'en', subject: 'Your document is ready', body: 'You can download it now.' });
      const mail = await smtp.waitForMail('james@example.com', (m) => m.subject.includes('document is ready'));
      assert.equal(mail.subject, '[Republic of Hangyeol] Your document is ready');
      assert.match(mail.text, /Open your inbox: https:\/\/portal\.hangyeol\.example\/me\/inbox/);
      assert.match(mail.text, /replies to it are not read/);
    });

    it('sends nothing and keeps no notice when the change\'s transaction rolls back', async () => {
      const before = (await listResidentNotices(database.db, james, 100)).length;
      await assert.rejects(database.db.transaction().execute(async (trx) => {
        await notifyResident(trx, { residentId: james, email: 'james@example.com', locale: 'en', subject: 'Rolled back', body: 'This change never happened.' });
        throw new Error('the change failed');
      }), /the change failed/);
      assert.equal((await listResidentNotices(database.db, james, 100)).length, before);

      // A notice committed after it arrives; the rolled-back one, queued earlier, never does.
      await notify({ residentId: james, email: 'james@example.com', locale: 'en', subject: 'Committed after', body: 'This one happened.' });
      await smtp.waitForMail('james@example.com', (m) => m.subject.endsWith('Committed after'));
      assert.equal(smtp.received().filter((m) => m.subject.includes('Rolled back')).length, 0);
      assert.equal((await listResidentNotices(database.db, james, 100)).filter((n) => n.subject === 'Rolled back').length, 0);
    });

    it('escapes HTML in the subject and body of the mail\'s HTML part', async () => {
      await notify({
        residentId: james, email: 'escape@example.com', locale: 'en', subject: '<b>Bold</b> & "quoted"',
        body: '<script>alert(1)</script>\nline two\n\n<img src=x onerror=alert(2)>',
      });
      const mail = await smtp.waitForMail('escape@example.com');
      assert.equal(mail.subject, '[Republic of Hangyeol] <b>Bold</b> & "quoted"');
      assert.doesNotMatch(mail.html, /<script|<img|<b>/);
      assert.match(mail.html, /<p>&lt;script(&gt;|>)alert\(1\)&lt;\/script(&gt;|>)<br>line two<\/p>/);
      assert.match(mail.html, /<title>&lt;b(&gt;|>)Bold&lt;\/b(&gt;|>) &amp; (&quot;|&#34;)quoted(&quot;|&#34;)<\/title>/);
      assert.match(mail.text, /<script>alert\(1\)<\/script>/);
    });

    it('lets a resident mark only their own notices read, and counts what is unread', async () => {
      const { noticeId } = await notify({ residentId: minji, email: null, locale: 'ko', subject: '서류 보완 요청', body: '서류를 보완해 주십시오.' });
      const unread = await countUnread(database.db, minji);
      assert.ok(unread >= 1);

      await assert.rejects(markNoticeRead(database.db, james, noticeId, { actor: `resident:${james}` }),
        (err: unknown) => err instanceof AppError && err.status === 404);
      assert.equal((await findNotice(database.db, noticeId))?.read_at, null);
      assert.equal(await countUnread(database.db, minji), unread);

      await markNoticeRead(database.db, minji, noticeId, { actor: `resident:${minji}` });
      await markNoticeRead(database.db, minji, noticeId, { actor: `resident:${minji}` });
      assert.ok((await findNotice(database.db, noticeId))?.read_at instanceof Date);
      assert.equal(await countUnread(database.db, minji), unread - 1);
      const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'notice.read' and target = ${`notice:${noticeId}`}`.execute(database.db);
      assert.equal(audited.rows[0]?.n, 1);
    });

    it('lists the inbox newest first', async () => {
      const inbox = await listResidentNotices(database.db, minji, 10);
      assert.deepEqual(inbox.map((n) => n.subject), ['서류 보완 요청', '전입신고가 처리되었습니다']);
    });

    it('refuses a notice that would link off the portal or break the mail header', async () => {
      const base = { residentId: james, email: 'james@example.com', locale: 'en', subject: 'Hello', body: 'Body' };
      await assert.rejects(notify({ ...base, link: 'https://evil.example/phish' }), /link must be a path on the portal/);
      await assert.rejects(notify({ ...base, link: '//evil.example' }), /link must be a path on the portal/);
      await assert.rejects(notify({ ...base, subject: 'Hello\r\nBcc: everyone@example.com' }), /subject must be one line/);
      await assert.rejects(notify({ ...base, email: 'not an address' }), /email is not an e-mail address/);
    });
  });

  describe(`notice mail when the mail server is down at first (${target.name})`, () => {
    it('is tried again and arrives once the server is up', async () => {
      const database = await migratedDatabase(target);
      const port = await freePort();
      const { jobs, warnings, notify } = await startNotices(database, `smtp://127.0.0.1:${port}`);
      let smtp: TestSmtpServer | null = null;
      try {
        const residentId = await addResident(database, '850505-1000003', '이서준');
        await notify({ residentId, email: 'seojun@example.kr', locale: 'ko', subject: '신청이 접수되었습니다', body: '신청이 접수되었습니다.' });
        // Not a timing assertion: wait until the worker has tried once and failed.
        for (let waited = 0; warnings.length === 0 && waited < 30_000; waited += 50) await sleep(50);
        assert.equal(warnings.length >= 1, true, 'the worker tried once and logged the failure');
        assert.match(warnings[0]!, /ECONNREFUSED|connect/i);

        smtp = await startSmtpServer(port);
        const mail = await smtp.waitForMail('seojun@example.kr');
        assert.equal(mail.subject, '[한결공화국] 신청이 접수되었습니다');
        assert.equal(smtp.received().length, 1);
      } finally {
        await jobs.stop();
        await smtp?.stop();
        await database.close();
      }
    });
  });
}

describe('notice mail without SMTP_URL', () => {
  it('is not sent, and a log line says so', async () => {
    const database = await migratedDatabase(databaseTargets()[0]!);
    try {
      const residentId = await addResident(database, '700101-2000004', '박하나');
      const notifications = notificationsModule(database.db, { config: testConfig(), jobs: null, country: COUNTRY });
      const { noticeId, mailQueued } = await database.db.transaction().execute((trx) =>
        notifications.notifyResident(trx, { residentId, email: 'hana@example.kr', locale: 'ko', subject: '안내', body: '안내드립니다.' }));
      assert.equal(mailQueued, false);
      const lines: string[] = [];
      await sendNoticeMail(database.db, null, { publicUrl: PUBLIC_URL, countryName: COUNTRY.name, defaultLocale: 'ko', timeZone: 'Asia/Seoul' },
        { info: (_d, message) => { lines.push(message); }, warn: () => undefined }, noticeId);
      assert.match(lines.join('\n'), /SMTP_URL is not set/);
      assert.equal((await findNotice(database.db, noticeId))?.mailed_at, null);
    } finally {
      await database.close();
    }
  });
});
