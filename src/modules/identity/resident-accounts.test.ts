import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { MAX_FAILURES } from './staff-sessions.ts';

const count = async (db: Kysely<unknown>, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;

for (const target of databaseTargets()) {
  describe(`resident accounts [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());
    const english = () => new Visitor(platform.app, { 'accept-language': 'en' });

    it('opens an account for a resident the registry knows, signs them in and shows their page', async () => {
      const visitor = english();
      const res = await visitor.signUp(DEMO_RESIDENTS.minjun, { email: 'minjun@example.org' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/me');
      const me = await visitor.get('/me');
      assert.equal(me.statusCode, 200);
      assert.match(me.body, /Hello, 김민준/);
      const audit = await sql<{ action: string }>`select action from audit_log where action like 'resident.%' order by id`.execute(platform.database.db);
      assert.deepEqual(audit.rows.map((r) => r.action).slice(0, 2), ['resident.account_created', 'resident.signed_in']);
    });

    it('refuses details that do not match the registry, keeping what was typed and creating nothing', async () => {
      const before = await count(platform.database.db, 'resident_accounts');
      const res = await english().post('/sign-up', {
        idNumber: DEMO_RESIDENTS.seoyeon.idNumber, name: '"><b>Lee', birthDate: '1992-03-16',
        email: 'seoyeon@example.org', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD,
      }, '/sign-up');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /do not match the resident registry/);
      assert.match(res.body, /value="&#34;><b>Lee"/, 'a quote cannot end the attribute');
      assert.match(res.body, /value="seoyeon@example.org"/);
      assert.doesNotMatch(res.body, /blue-river-lamp/, 'passwords are never sent back');
      assert.equal(await count(platform.database.db, 'resident_accounts'), before);
    });

    it('says what is wrong with each field: a bad check digit, a weak password, passwords that differ', async () => {
      const res = await english().post('/sign-up', {
        idNumber: '900101-1234567', name: '', birthDate: '1990-02-30', email: 'not-an-email', password: 'password1234', passwordAgain: 'x',
      }, '/sign-up');
      assert.equal(res.statusCode, 400);
      for (const message of [/does not add up: a digit is probably mistyped/, /Enter your full name/, /Enter a real date/, /Enter an email address like/, /too easy to guess/]) {
        assert.match(res.body, message);
      }
      assert.match(res.body, /href="#idNumber"/);
      assert.doesNotMatch(res.body, /with the hyphen/, 'the hyphen was there: the check digit is what is wrong');
      const noHyphen = await english().post('/sign-up', { idNumber: '9001011234568', name: '', birthDate: '', email: '', password: '', passwordAgain: '' }, '/sign-up');
      assert.match(noHyphen.body, /exactly as on your card, with the hyphen/);
      const korean = await new Visitor(platform.app, { 'accept-language': 'ko' }).post('/sign-up', { idNumber: '900101-1234567', name: '', birthDate: '', email: '', password: '', passwordAgain: '' }, '/sign-up');
      assert.match(korean.body, /주민등록번호의 숫자가 맞지 않습니다/);
      const differ = await english().post('/sign-up', { ...DEMO_RESIDENTS.jiwoo, email: '', password: RESIDENT_PASSWORD, passwordAgain: `${RESIDENT_PASSWORD}!` }, '/sign-up');
      assert.match(differ.body, /The two passwords are not the same/);
    });

    it('gives the form back with what was typed when a field is far too long, the field marked with its limit', async () => {
      const page = await english().get('/sign-up');
      assert.match(page.body, /id="name" name="name" type="text" value="" autocomplete="name" required maxlength="100"/);
      const name = '가'.repeat(10_000);
      const res = await english().post('/sign-up', { idNumber: DEMO_RESIDENTS.minjun.idNumber, name, birthDate: '1990-01-01', email: 'minjun@example.org', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD }, '/sign-up');
      assert.equal(res.statusCode, 400);
      assert.ok(!res.body.includes('We could not do that') && res.body.includes('Some of what you typed is too long'));
      assert.ok(res.body.includes('“Full name” can be at most 200 characters long; it has 10,000.'), 'the field says its limit');
      assert.ok(/name="name" value="(가+)" maxlength="200" aria-describedby="kept-\d+-error" aria-invalid="true"/.exec(res.body)?.[1]?.length === 10_000, 'the name comes back whole');
      assert.match(res.body, /value="minjun@example.org"/);
      assert.match(res.body, /value="1990-01-01"/);
      assert.doesNotMatch(res.body, new RegExp(RESIDENT_PASSWORD), 'passwords are never sent back');
    });

    it('allows one account per resident, and the name may be given in Latin letters', async () => {
      const first = await english().signUp(DEMO_RESIDENTS.lan);
      assert.equal(first.statusCode, 303);
      const second = await english().signUp({ ...DEMO_RESIDENTS.lan, name: 'nguyen thi lan' } as never);
      assert.equal(second.statusCode, 400);
      assert.match(second.body, /already an account/);
    });

    it('answers a wrong password and an ID number without an account the same way', async () => {
      await english().signUp(DEMO_RESIDENTS.dohyun);
      const wrong = await english().signInResident(DEMO_RESIDENTS.dohyun, 'not-the-password');
      const nobody = await english().signInResident(DEMO_RESIDENTS.junho, 'not-the-password');
      assert.equal(wrong.statusCode, 401);
      assert.equal(nobody.statusCode, 401);
      const message = (body: string) => /<p class="field-error"[^>]*>([^<]*)</.exec(body)?.[1];
      assert.equal(message(wrong.body), message(nobody.body));
      assert.match(wrong.body, /value="880404-1390252"/);
    });

    it(`pauses sign-in for an ID number after ${MAX_FAILURES} failures, then lets the right password in`, async () => {
      await english().signUp(DEMO_RESIDENTS.jimin);
      const visitor = english();
      for (let i = 0; i < MAX_FAILURES; i++) await visitor.signInResident(DEMO_RESIDENTS.jimin, `guess-${i}`);
      const paused = await visitor.signInResident(DEMO_RESIDENTS.jimin);
      assert.equal(paused.statusCode, 429);
      await sql`update sign_in_failures set failed_at = failed_at - interval '16 minutes' where login like 'resident:%'`.execute(platform.database.db);
      const later = await visitor.signInResident(DEMO_RESIDENTS.jimin);
      assert.equal(later.statusCode, 303);
      const failures = await sql<{ login: string }>`select login from sign_in_failures`.execute(platform.database.db);
      assert.ok(failures.rows.every((r) => !r.login.includes('960616')), 'the ID number itself is not kept');
    });

    it('lists sessions, ends another device, and signs out everywhere', async () => {
      const phone = english();
      await phone.signUp(DEMO_RESIDENTS.woosung);
      const laptop = english();
      await laptop.signInResident(DEMO_RESIDENTS.woosung);
      const account = await phone.get('/me/account');
      assert.equal(account.statusCode, 200);
      const other = [...account.body.matchAll(/action="\/me\/sessions\/([^/"]+)\/end"/g)].map((m) => m[1]!);
      assert.equal(other.length, 1);
      const ended = await phone.post(`/me/sessions/${other[0]}/end`, {}, '/me/account');
      assert.equal(ended.statusCode, 303);
      assert.equal((await laptop.get('/me')).statusCode, 303, 'the laptop is signed out');
      await laptop.signInResident(DEMO_RESIDENTS.woosung);
      const stranger = english();
      await stranger.signUp(DEMO_RESIDENTS.sangcheol);
      const notMine = await stranger.post(`/me/sessions/${encodeURIComponent('whatever')}/end`, {}, '/me/account');
      assert.equal(notMine.statusCode, 404);
      await phone.post('/sign-out', { everywhere: '1' }, '/me/account');
      assert.equal((await laptop.get('/me')).headers.location, '/sign-in?return=%2Fme');
      assert.equal((await phone.get('/me')).statusCode, 303);
    });
  });
}
