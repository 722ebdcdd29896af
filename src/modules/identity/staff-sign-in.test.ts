import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { MAX_FAILURES } from './staff-sessions.ts';

for (const target of databaseTargets()) {
  describe(`staff sign-in [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());

    it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
      const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
      const res = await visitor.get('/office/staff');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/office/sign-in?return=%2Foffice%2Fstaff');
      const signedIn = await visitor.post('/office/sign-in', { email: 'admin.tax@demo.hanaro.example', password: 'hanaro-demo-2026', return: '/office/staff' }, '/office/sign-in');
      assert.equal(signedIn.headers.location, '/office/staff');
      const page = await visitor.get('/office/staff');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /officer2\.tax@demo\.hanaro\.example/);
    });

    it('keeps the email after a wrong password and does not say which of the two was wrong', async () => {
      const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
      const res = await visitor.post('/office/sign-in', { email: 'officer.health@demo.hanaro.example', password: 'wrong-password' }, '/office/sign-in');
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /value="officer\.health@demo\.hanaro\.example"/);
      assert.match(res.body, /The email or the password is not right/);
      const unknown = await visitor.post('/office/sign-in', { email: 'nobody@demo.hanaro.example', password: 'wrong-password' }, '/office/sign-in');
      assert.match(unknown.body, /The email or the password is not right/);
    });

    it(`pauses an account after ${MAX_FAILURES} failures, for a while only, even for the right password`, async () => {
      const email = 'officer.welfare@demo.hanaro.example';
      const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
      for (let i = 0; i < MAX_FAILURES; i++) await visitor.post('/office/sign-in', { email, password: `guess-${i}` }, '/office/sign-in');
      const paused = await visitor.post('/office/sign-in', { email, password: 'hanaro-demo-2026' }, '/office/sign-in');
      assert.equal(paused.statusCode, 429);
      assert.match(paused.body, /Wait 15 minutes/);
      await sql`update sign_in_failures set failed_at = failed_at - interval '16 minutes' where lower(login) = ${email}`.execute(platform.database.db);
      const later = await visitor.post('/office/sign-in', { email, password: 'hanaro-demo-2026' }, '/office/sign-in');
      assert.equal(later.statusCode, 303);
    });

    it('lets a person with roles in two agencies switch, and signing out ends the session on the server', async () => {
      const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
      await visitor.signIn('multi.officer@demo.hanaro.example');
      assert.match((await visitor.get('/office')).body, /Working for Ministry of the Interior and Safety/);
      assert.equal((await visitor.post('/office/acting-agency', { agency: 'welfare' }, '/office')).statusCode, 303);
      assert.match((await visitor.get('/office')).body, /Working for Ministry of Social Welfare/);
      const stolen = new Map(visitor.cookies);
      await visitor.post('/office/sign-out', {}, '/office');
      const thief = new Visitor(platform.app);
      thief.cookies = stolen;
      assert.equal((await thief.get('/office')).statusCode, 303, 'the old session cookie no longer works');
    });
  });
}
