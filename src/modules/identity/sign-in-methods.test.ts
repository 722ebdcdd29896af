import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, Visitor, type DemoResident } from '../../../test/support/platform.ts';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts';
import { fromBase32, stepAt, totpCode, matchingStep } from './totp.ts';
import { MAX_FAILURES } from './staff-sessions.ts';

const PUBLIC_URL = 'https://portal.hangyeol.example';

describe('TOTP follows RFC 6238', () => {
  // RFC 6238 Appendix B: SHA-1 key "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890');
  for (const [seconds, code] of [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']] as const) {
    it(`gives ${code} at ${seconds}s`, () => assert.equal(totpCode(key, stepAt(seconds * 1000), 8), code));
  }
  it('accepts one step of clock drift, not two', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    assert.deepEqual(fromBase32(secret), key);
    const now = 1234567890_000;
    assert.equal(matchingStep(secret, totpCode(key, stepAt(now) - 1), now), stepAt(now) - 1);
    assert.equal(matchingStep(secret, totpCode(key, stepAt(now) - 2), now), undefined);
  });
});

for (const target of databaseTargets()) {
  describe(`resident sign-in methods [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target, { publicUrl: PUBLIC_URL }); });
    after(() => platform.close());
    const db = () => platform.database.db;
    const english = () => new Visitor(platform.app, { 'accept-language': 'en' });
    const actions = async () => (await sql<{ action: string }>`select action from audit_log where action like 'resident.%' order by id`.execute(db())).rows.map((r) => r.action);
    const ageSessions = () => sql`update resident_sessions set authenticated_at = now() - interval '10 minutes'`.execute(db());
    const json = (body: string) => JSON.parse(body) as { challenge: string; user: { id: string } };

    async function addPasskey(visitor: Visitor, authenticator: SoftwareAuthenticator, name = 'My phone') {
      const options = await visitor.post('/me/passkeys/options', {}, '/me/passkeys/new');
      assert.equal(options.statusCode, 200, options.body);
      const response = authenticator.register(json(options.body));
      return visitor.post('/me/passkeys', { name, response: JSON.stringify(response) }, '/me/passkeys/new');
    }

    async function signInWithPasskey(visitor: Visitor, authenticator: SoftwareAuthenticator, opts: { counter?: number; origin?: string } = {}) {
      const options = await visitor.post('/sign-in/passkey/options', {}, '/sign-in');
      const response = authenticator.authenticate(json(options.body), undefined, opts);
      return visitor.followSignIn(await visitor.post('/sign-in/passkey', { response: JSON.stringify(response), return: '/me' }, '/sign-in'));
    }

    it('registers a passkey and signs in with it, without an ID number, at substantial assurance', async () => {
      const phone = english();
      await phone.signUp(DEMO_RESIDENTS.minjun);
      const authenticator = new SoftwareAuthenticator(PUBLIC_URL);
      const added = await addPasskey(phone, authenticator);
      assert.equal(added.statusCode, 303, added.body);
      const account = await phone.get('/me/account');
      assert.match(account.body, /My phone/);
      const laptop = english();
      const signedIn = await signInWithPasskey(laptop, authenticator);
      assert.equal(signedIn.statusCode, 303, signedIn.body);
      assert.equal(signedIn.headers.location, '/me');
      assert.match((await laptop.get('/me')).body, /Hello, 김민준/);
      const sessions = await sql<{ assurance: string; amr: string[] }>`select assurance, amr from resident_sessions order by created_at desc limit 1`.execute(db());
      assert.equal(sessions.rows[0]!.assurance, 'substantial');
      assert.deepEqual(sessions.rows[0]!.amr, ['hwk', 'user', 'mfa'], 'the portal\'s session says how, from the ID token');
      const log = await actions();
      assert.ok(log.includes('resident.passkey_added'));
      const signIns = await sql<{ details: { method: string } }>`select details from audit_log where action = 'resident.signed_in' order by id desc limit 1`.execute(db());
      assert.equal(signIns.rows[0]!.details.method, 'passkey');
    });

    it('uses each challenge once, refuses a passkey from another origin, and a counter that goes back', async () => {
      const visitor = english();
      await visitor.signUp(DEMO_RESIDENTS.seoyeon);
      const authenticator = new SoftwareAuthenticator(PUBLIC_URL);
      assert.equal((await addPasskey(visitor, authenticator)).statusCode, 303);
      const options = json((await visitor.post('/sign-in/passkey/options', {}, '/sign-in')).body);
      const answer = JSON.stringify(authenticator.authenticate(options));
      assert.equal((await english().post('/sign-in/passkey', { response: answer }, '/sign-in')).statusCode, 303);
      const replay = await english().post('/sign-in/passkey', { response: answer }, '/sign-in');
      assert.equal(replay.statusCode, 401);
      assert.match(replay.body, /took too long/);
      const phished = await signInWithPasskey(english(), authenticator, { origin: 'https://portal-hangyeol.example.net' });
      assert.equal(phished.statusCode, 401, 'a look-alike site cannot use the answer');
      const cloned = await signInWithPasskey(english(), authenticator, { counter: 1 });
      assert.equal(cloned.statusCode, 401, 'a counter that did not move forward means a copied authenticator');
      assert.equal((await english().post('/sign-in/passkey', { response: 'not json' }, '/sign-in')).statusCode, 401);
    });

    it('asks to confirm it is you before adding or removing a passkey, and keeps the last sign-in method', async () => {
      const visitor = english();
      await visitor.signUp(DEMO_RESIDENTS.youngja);
      await ageSessions();
      const page = await visitor.get('/me/passkeys/new');
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/sign-in/again?return=%2Fme%2Fpasskeys%2Fnew');
      const wrong = await visitor.post('/sign-in/again', { password: 'not-it', return: '/me/passkeys/new' }, '/sign-in/again');
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /password is not right/);
      const right = await visitor.post('/sign-in/again', { password: RESIDENT_PASSWORD, return: '/me/passkeys/new' }, '/sign-in/again');
      assert.equal(right.headers.location, '/me/passkeys/new');
      assert.equal((await visitor.get('/me/passkeys/new')).statusCode, 200);
      const authenticator = new SoftwareAuthenticator(PUBLIC_URL);
      assert.equal((await addPasskey(visitor, authenticator)).statusCode, 303);
      const id = /action="\/me\/passkeys\/([^/"]+)\/remove"/.exec((await visitor.get('/me/account')).body)![1]!;
      await ageSessions();
      const stale = await visitor.post(`/me/passkeys/${id}/remove`, {}, '/me/account');
      assert.equal(stale.headers.location, '/sign-in/again?return=%2Fme%2Faccount');
      // Confirming with the passkey itself.
      const options = json((await visitor.post('/sign-in/again/passkey/options', {}, '/sign-in/again')).body);
      const confirmed = await visitor.post('/sign-in/again/passkey', { response: JSON.stringify(authenticator.authenticate(options)), return: '/me/account' }, '/sign-in/again');
      assert.equal(confirmed.headers.location, '/me/account');
      await sql`update resident_accounts set password_hash = null where resident_id = (select id from residents where name = '박영자')`.execute(db());
      const last = await visitor.post(`/me/passkeys/${id}/remove`, {}, '/me/account');
      assert.equal(last.headers.location, '/me/account?notice=last_method');
      assert.match((await visitor.get('/me/account?notice=last_method')).body, /only way to sign in/);
      const stranger = english();
      await stranger.signUp(DEMO_RESIDENTS.jungho);
      assert.equal((await stranger.post(`/me/passkeys/${id}/remove`, {}, '/me/account')).statusCode, 404);
      assert.ok((await actions()).includes('resident.reauthenticated'));
    });

    async function turnOnTotp(visitor: Visitor, resident: DemoResident) {
      await visitor.signUp(resident);
      const setup = await visitor.get('/me/totp');
      assert.equal(setup.statusCode, 200);
      assert.match(setup.body, /<img src="data:image\/png;base64,/);
      const secret = /<code class="secret">([^<]+)</.exec(setup.body)![1]!.replace(/ /g, '');
      const wrong = await visitor.post('/me/totp', { code: '000000' }, '/me/totp');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /code is not right/);
      const code = totpCode(fromBase32(secret), stepAt(Date.now()));
      const done = await visitor.post('/me/totp', { code }, '/me/totp');
      assert.equal(done.statusCode, 200);
      const recoveryCodes = [...done.body.matchAll(/<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(recoveryCodes.length, 10);
      return { secret, recoveryCodes };
    }

    it('password + authenticator app: the code is a second step, used once, and wrong codes slow down sign-in', async () => {
      const { secret } = await turnOnTotp(english(), DEMO_RESIDENTS.jiwoo);
      const visitor = english();
      const first = await visitor.signInResident(DEMO_RESIDENTS.jiwoo);
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, '/sign-in/code?return=%2Fme');
      assert.equal((await visitor.get('/me')).statusCode, 303, 'a right password alone is not a session');
      const wrong = await visitor.post('/sign-in/code', { code: '12345', return: '/me' }, '/sign-in/code');
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /not right, or it was already used/);
      // Use the next step's code: the one for this step was spent turning the app on.
      const next = totpCode(fromBase32(secret), stepAt(Date.now()) + 1);
      const ok = await visitor.followSignIn(await visitor.post('/sign-in/code', { code: next, return: '/me' }, '/sign-in/code'));
      assert.equal(ok.statusCode, 303, ok.body);
      assert.equal(ok.headers.location, '/me');
      assert.equal((await visitor.get('/me')).statusCode, 200);
      const again = english();
      await again.signInResident(DEMO_RESIDENTS.jiwoo);
      const reused = await again.post('/sign-in/code', { code: next, return: '/me' }, '/sign-in/code');
      assert.equal(reused.statusCode, 401, 'a code is not accepted twice');
      for (let i = 0; i < MAX_FAILURES; i++) await again.post('/sign-in/code', { code: '000000', return: '/me' }, '/sign-in/code');
      const paused = await again.post('/sign-in/code', { code: totpCode(fromBase32(secret), stepAt(Date.now()) - 1), return: '/me' }, '/sign-in/code');
      assert.equal(paused.statusCode, 429);
      assert.equal((await again.signInResident(DEMO_RESIDENTS.jiwoo)).statusCode, 429, 'the same throttle as the password');
      const session = await sql<{ assurance: string; amr: string[] }>`select s.assurance, s.amr from resident_sessions s order by s.created_at desc limit 1`.execute(db());
      assert.equal(session.rows[0]!.assurance, 'substantial');
      assert.deepEqual(session.rows[0]!.amr, ['pwd', 'otp', 'mfa']);
    });

    it('a recovery code signs in once when the phone is lost, and the pending step expires', async () => {
      const { recoveryCodes } = await turnOnTotp(english(), DEMO_RESIDENTS.woosung);
      const visitor = english();
      await visitor.signInResident(DEMO_RESIDENTS.woosung);
      const ok = await visitor.followSignIn(await visitor.post('/sign-in/code', { code: recoveryCodes[0]!.toLowerCase(), return: '/me' }, '/sign-in/code'));
      assert.equal(ok.headers.location, '/me');
      const again = english();
      await again.signInResident(DEMO_RESIDENTS.woosung);
      assert.equal((await again.post('/sign-in/code', { code: recoveryCodes[0]!, return: '/me' }, '/sign-in/code')).statusCode, 401);
      assert.match((await visitor.get('/me/account')).body, /Recovery codes left: 9/);
      await sql`update resident_pending_sign_ins set expires_at = now() - interval '1 second'`.execute(db());
      const late = await again.post('/sign-in/code', { code: recoveryCodes[1]!, return: '/me' }, '/sign-in/code');
      assert.equal(late.statusCode, 401);
      assert.match(late.body, /ran out/);
      const stored = await sql<{ code_hash: string }>`select code_hash from resident_recovery_codes`.execute(db());
      assert.ok(stored.rows.every((r) => !recoveryCodes.includes(r.code_hash)), 'only hashes are kept');
      assert.ok((await actions()).includes('resident.recovery_code_used'));
    });
  });
}
