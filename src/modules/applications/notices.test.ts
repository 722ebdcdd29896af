import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts';

/** The platform as it runs, job workers included, mailing through a real SMTP server process. */
describe('notices about an application, by mail [pglite]', () => {
  let smtp: TestSmtpServer;
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  before(async () => {
    smtp = await startSmtpServer();
    platform = await startTestPlatform(databaseTargets()[0]!, { smtpUrl: smtp.url }, { jobs: true });
  });
  after(async () => {
    await platform?.close();
    await smtp?.stop();
  });

  it('mails the resident, in their language, when the application is received and when an officer asks for more', async () => {
    const resident = new Visitor(platform.app, { 'accept-language': 'ko' });
    await resident.signUp(DEMO_RESIDENTS.dohyun, { email: 'dohyun@example.org' });
    const id = /\/me\/applications\/([0-9a-f-]{36})/.exec((await resident.post('/services/resident-registration-certificate/apply', {}, '/')).headers.location ?? '')![1]!;
    await resident.post(`/me/applications/${id}/form/request`, { purpose: 'court', action: 'continue' }, '/');
    await resident.post(`/me/applications/${id}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, '/');
    assert.equal((await resident.post(`/me/applications/${id}/submit`, {}, '/')).statusCode, 303);

    const received = await smtp.waitForMail('dohyun@example.org', (m) => /접수/.test(m.subject));
    const reference = /[A-Z]{2,3}-\d{4}-\d{6}/.exec(received.subject)?.[0];
    assert.ok(reference, `the subject carries the reference: ${received.subject}`);
    assert.match(received.text, /주민등록표 등본/);
    assert.match(received.text, new RegExp(`/me/applications/${id}`));

    const officer = new Visitor(platform.app, { 'accept-language': 'en' });
    await officer.signIn('officer.interior@demo.hanaro.example');
    await officer.post(`/office/applications/${id}/request-information`, { message: '법원 사건번호를 알려 주세요.' }, '/office');
    const asked = await smtp.waitForMail('dohyun@example.org', (m) => /보완/.test(m.subject));
    assert.match(asked.text, /법원 사건번호를 알려 주세요/);
  });

  it('counts what the agency received and decided on its statistics page', async () => {
    const officer = new Visitor(platform.app, { 'accept-language': 'en' });
    await officer.signIn('officer.interior@demo.hanaro.example');
    const page = await officer.get('/office/statistics');
    assert.equal(page.statusCode, 200);
    const row = /<tr><td>Resident registration certificate<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(page.body);
    assert.ok(row, 'a row for the certificate service');
    assert.equal(row[1], '1', 'received');
    assert.equal(row[2], '0', 'decided');
  });
});
