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
