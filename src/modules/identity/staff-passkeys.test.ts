import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PASSWORD, DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts';

const PUBLIC_URL = 'https://portal.hangyeol.example';
const json = (body: string) => JSON.parse(body) as { challenge: string; user: { id: string } };

async function registerStaffPasskey(visitor: Visitor, authenticator: SoftwareAuthenticator, name = 'Work laptop') {
  const options = await visitor.post('/office/passkeys/options', {}, '/office/passkeys/new');
  assert.equal(options.statusCode, 200, options.body);
  return visitor.post('/office/passkeys', { name, response: JSON.stringify(authenticator.register(json(options.body))) }, '/office/passkeys/new');
}

async function staffPasskeySignIn(visitor: Visitor, authenticator: SoftwareAuthenticator) {
  const options = await visitor.post('/office/sign-in/passkey/options', {}, '/office/sign-in');
  assert.equal(options.statusCode, 200, options.body);
  return visitor.post('/office/sign-in/passkey', { response: JSON.stringify(authenticator.authenticate(json(options.body))), return: '/office' }, '/office/sign-in');
}

for (const target of databaseTargets()) {
  describe(`staff passkeys [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target, { publicUrl: PUBLIC_URL }); });
    after(() => platform.close());
    const english = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const lastSignIn = async (email: string) => (await sql<{ details: { assurance: string; method: string } }>`select a.details from audit_log a
      join staff s on a.actor = 'staff:' || s.id where s.email = ${email} and a.action = 'staff.signed_in' order by a.id desc limit 1`.execute(platform.database.db)).rows[0]?.details;

    it('the pack password bootstraps a passkey, then only the passkey signs in, at substantial assurance', async () => {
      const email = 'officer.tax@demo.hanaro.example';
      const first = english();
      assert.equal((await first.signIn(email)).statusCode, 303);
      assert.deepEqual(await lastSignIn(email), { assurance: 'low', method: 'password' });
      assert.match((await first.get('/office')).body, /Staff must sign in with a passkey/);
      const laptop = new SoftwareAuthenticator(PUBLIC_URL);
      const added = await registerStaffPasskey(first, laptop);
      assert.equal(added.statusCode, 303, added.body);
      assert.equal(added.headers.location, '/office?notice=passkey_added');
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'staff.passkey_added'`.execute(platform.database.db);
      assert.equal(rows[0]!.n, 1);
      await first.post('/office/sign-out', {}, '/office');

      const refused = await english().signIn(email);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Sign in with your passkey/);
      assert.equal((await english().signIn(email, 'a-wrong-password')).statusCode, 401, 'a wrong password still says only that');

      const next = english();
      const signedIn = await staffPasskeySignIn(next, laptop);
      assert.equal(signedIn.statusCode, 303, signedIn.body);
      assert.equal(signedIn.headers.location, '/office');
      assert.deepEqual(await lastSignIn(email), { assurance: 'substantial', method: 'passkey', passkey: (await sql<{ id: string }>`select id from staff_passkeys`.execute(platform.database.db)).rows[0]!.id } as never);
      const office = await next.get('/office');
      assert.equal(office.statusCode, 200);
      assert.doesNotMatch(office.body, /Staff must sign in with a passkey/);
    });

    const staffIdOf = async (email: string) => (await sql<{ id: string }>`select id from staff where email = ${email}`.execute(platform.database.db)).rows[0]!.id;
    /** As if the staff member signed in ten minutes ago: changes to passkeys then ask them to confirm it is them. */
    const ageSessions = async (email: string) => sql`update staff_sessions set authenticated_at = now() - interval '10 minutes'
      where staff_id = ${await staffIdOf(email)}`.execute(platform.database.db);
    const auditCount = async (action: string) => (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = ${action}`.execute(platform.database.db)).rows[0]!.n;

    it('lists a staff member\'s passkeys and removes one, never the last, each removal audited', async () => {
      const email = 'officer2.tax@demo.hanaro.example';
      const staff = english();
      await staff.signIn(email);
      const laptop = new SoftwareAuthenticator(PUBLIC_URL);
      const key = new SoftwareAuthenticator(PUBLIC_URL);
      assert.equal((await registerStaffPasskey(staff, laptop, 'Work laptop')).statusCode, 303);
      assert.equal((await registerStaffPasskey(staff, key, 'Security key')).statusCode, 303);
      const page = await staff.get('/office/passkeys');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Work laptop/);
      assert.match(page.body, /Security key/);
      const ids = [...page.body.matchAll(/action="\/office\/passkeys\/([^/"]+)\/remove"/g)].map((m) => decodeURIComponent(m[1]!));
      assert.equal(ids.length, 2);

      const removed = await staff.post(`/office/passkeys/${encodeURIComponent(ids[0]!)}/remove`, {}, '/office/passkeys');
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, '/office/passkeys?notice=removed');
      assert.equal(await auditCount('staff.passkey_removed'), 1);
      const left = await staff.get('/office/passkeys');
      assert.doesNotMatch(left.body, /\/remove"/, 'the last passkey offers no remove button');
      assert.match(left.body, /Your only passkey/);

      const refused = await staff.post(`/office/passkeys/${encodeURIComponent(ids[1]!)}/remove`, {}, '/office/passkeys');
      assert.equal(refused.headers.location, '/office/passkeys?notice=last_passkey');
      assert.match((await staff.get('/office/passkeys?notice=last_passkey')).body, /This is your only passkey, so it cannot be removed/);
      assert.equal((await sql<{ n: number }>`select count(*)::int as n from staff_passkeys where staff_id = ${await staffIdOf(email)}`.execute(platform.database.db)).rows[0]!.n, 1);
      assert.equal(await auditCount('staff.passkey_removed'), 1, 'a refused removal changes nothing');

      const other = english();
      await other.signIn('admin.tax@demo.hanaro.example');
      assert.equal((await other.post(`/office/passkeys/${encodeURIComponent(ids[1]!)}/remove`, {}, '/office')).statusCode, 404, 'another person\'s passkey');
      const noToken = await platform.app.inject({ method: 'POST', url: `/office/passkeys/${encodeURIComponent(ids[1]!)}/remove`, payload: 'go=1',
        headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(noToken.statusCode, 403, 'no CSRF token');
    });

    it('asks for the passkey again before adding or removing one when the sign-in is not recent', async () => {
      const email = 'officer2.welfare@demo.hanaro.example';
      const staff = english();
      await staff.signIn(email);
      const laptop = new SoftwareAuthenticator(PUBLIC_URL);
      assert.equal((await registerStaffPasskey(staff, laptop)).statusCode, 303, 'just signed in: no need to confirm');
      await ageSessions(email);

      const asked = await staff.get('/office/passkeys/new');
      assert.equal(asked.statusCode, 303);
      assert.equal(asked.headers.location, `/office/sign-in/again?return=${encodeURIComponent('/office/passkeys/new')}`);
      const options = await staff.app.inject({ method: 'POST', url: '/office/passkeys/options', headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'application/json', 'content-type': 'application/json' },
        payload: JSON.stringify({ _csrf: /name="_csrf" value="([^"]+)"/.exec((await staff.get('/office/sign-in')).body)![1] }) });
      assert.equal(options.statusCode, 401);
      assert.equal(JSON.parse(options.body).code, 'staff_reauthentication_required');
      const removal = await staff.post('/office/passkeys/x/remove', {}, '/office/passkeys');
      assert.equal(removal.headers.location, `/office/sign-in/again?return=${encodeURIComponent('/office/passkeys')}`);

      const again = await staff.get('/office/sign-in/again?return=/office/passkeys/new');
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /Confirm it is you/);
      assert.doesNotMatch(again.body, /name="password"/, 'with a passkey, the pack password does not confirm it');
      assert.equal((await staff.post('/office/sign-in/again', { password: DEMO_PASSWORD, return: '/office/passkeys/new' }, '/office/sign-in/again')).statusCode, 401);

      const challenge = await staff.post('/office/sign-in/again/passkey/options', {}, '/office/sign-in/again');
      const confirmed = await staff.post('/office/sign-in/again/passkey', { response: JSON.stringify(laptop.authenticate(json(challenge.body))), return: '/office/passkeys/new' }, '/office/sign-in/again');
      assert.equal(confirmed.statusCode, 303, confirmed.body);
      assert.equal(confirmed.headers.location, '/office/passkeys/new');
      assert.equal((await staff.get('/office/passkeys/new')).statusCode, 200);
      assert.ok(await auditCount('staff.reauthenticated') >= 1);
    });

    it('confirms a staff member without a passkey yet by the pack password, throttled like sign-in', async () => {
      const email = 'officer2.land@demo.hanaro.example';
      const staff = english();
      await staff.signIn(email);
      await ageSessions(email);
      assert.equal((await staff.get('/office/passkeys/new')).statusCode, 303);
      const wrong = await staff.post('/office/sign-in/again', { password: 'not-it', return: '/office/passkeys/new' }, '/office/sign-in/again');
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /The password is not right/);
      const right = await staff.post('/office/sign-in/again', { password: DEMO_PASSWORD, return: '/office/passkeys/new' }, '/office/sign-in/again');
      assert.equal(right.statusCode, 303);
      assert.equal((await staff.get('/office/passkeys/new')).statusCode, 200);

      await ageSessions(email);
      for (let i = 0; i < 5; i++) await staff.post('/office/sign-in/again', { password: `guess-${i}` }, '/office/sign-in/again');
      const paused = await staff.post('/office/sign-in/again', { password: DEMO_PASSWORD }, '/office/sign-in/again');
      assert.equal(paused.statusCode, 429, 'even the right password waits after five wrong ones');
    });

    it('a resident\'s passkey does not open the back office, nor does an answer to a resident\'s challenge', async () => {
      const resident = english();
      await resident.signUp(DEMO_RESIDENTS.dohyun);
      const phone = new SoftwareAuthenticator(PUBLIC_URL);
      const options = await resident.post('/me/passkeys/options', {}, '/me/passkeys/new');
      assert.equal((await resident.post('/me/passkeys', { name: 'Phone', response: JSON.stringify(phone.register(json(options.body))) }, '/me/passkeys/new')).statusCode, 303);
      const visitor = english();
      const refused = await staffPasskeySignIn(visitor, phone);
      assert.equal(refused.statusCode, 401);
      assert.match(refused.body, /That passkey could not be checked/);
      assert.equal((await visitor.get('/office')).statusCode, 303, 'not signed in');

      // A resident's sign-in challenge is not a staff one either.
      const staffPhone = new SoftwareAuthenticator(PUBLIC_URL);
      const admin = english();
      await admin.signIn('admin.health@demo.hanaro.example');
      assert.equal((await registerStaffPasskey(admin, staffPhone)).statusCode, 303);
      const residentOptions = await visitor.post('/sign-in/passkey/options', {}, '/sign-in');
      const answer = JSON.stringify(staffPhone.authenticate(json(residentOptions.body)));
      assert.equal((await visitor.post('/office/sign-in/passkey', { response: answer }, '/office/sign-in')).statusCode, 401);
    });
  });

  describe(`STAFF_PASSWORD_SIGN_IN=never [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target, { publicUrl: PUBLIC_URL, staffPasswordSignIn: 'never' }); });
    after(() => platform.close());

    it('refuses every staff password, right or wrong, known email or not, with the same answer', async () => {
      const right = await new Visitor(platform.app, { 'accept-language': 'en' }).signIn('officer.land@demo.hanaro.example', DEMO_PASSWORD);
      const unknown = await new Visitor(platform.app, { 'accept-language': 'en' }).signIn('nobody@demo.hanaro.example', 'whatever');
      assert.equal(right.statusCode, 403);
      assert.equal(unknown.statusCode, 403);
      assert.match(right.body, /Sign in with your passkey/);
      assert.match(unknown.body, /Sign in with your passkey/);
    });
  });
}
