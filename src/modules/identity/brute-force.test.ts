import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PASSWORD, DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts';
import { passwordChecks } from './password.ts';
import { MAX_FAILURES } from './staff-sessions.ts';
import { countSignInFailures } from './store.ts';

const GUESSES = 100;
const PUBLIC_URL = 'https://portal.hangyeol.example';

/** How many scrypt password checks ran while `work` did: counted, not timed. */
async function scryptRunsDuring(work: () => Promise<void>): Promise<number> {
  let runs = 0;
  const count = () => { runs++; };
  passwordChecks.subscribe(count);
  try { await work(); } finally { passwordChecks.unsubscribe(count); }
  return runs;
}

/** What a sign-in answer shows, without the parts that differ on every request (CSRF token, request id). */
function shapeOf(res: LightMyRequestResponse): { status: number; body: string } {
  const body = res.body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""').replace(/value="\d{6}-\d{7}"/g, 'value="<id>"')
    .replace(/"reqId":"[^"]*"/g, '');
  return { status: res.statusCode, body };
}

for (const target of databaseTargets()) {
  describe(`brute force and enumeration [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => {
      platform = await startTestPlatform(target, { publicUrl: PUBLIC_URL });
      for (const resident of [DEMO_RESIDENTS.jimin, DEMO_RESIDENTS.jiwoo, DEMO_RESIDENTS.youngja]) await new Visitor(platform.app).signUp(resident);
      const withPasskey = new Visitor(platform.app);
      await withPasskey.signUp(DEMO_RESIDENTS.jungho);
      const options = JSON.parse((await withPasskey.post('/me/passkeys/options', {}, '/me/passkeys/new')).body) as { challenge: string; user: { id: string } };
      const added = await withPasskey.post('/me/passkeys', { name: 'Phone', response: JSON.stringify(new SoftwareAuthenticator(PUBLIC_URL).register(options)) }, '/me/passkeys/new');
      assert.equal(added.statusCode, 303);
    });
    after(() => platform.close());
    const english = () => new Visitor(platform.app, { 'accept-language': 'en' });

    it(`${GUESSES} wrong passwords for one ID number: only ${MAX_FAILURES} are checked, the rest are 429 without scrypt`, async () => {
      const attacker = english();
      const statuses: number[] = [];
      const tallied = await countSignInFailures(platform.database.db, new Date(Date.now() - 3_600_000));
      const runs = await scryptRunsDuring(async () => {
        for (let i = 0; i < GUESSES; i++) statuses.push((await attacker.post('/sign-in', { idNumber: DEMO_RESIDENTS.jimin.idNumber, password: `guess-${i}` }, '/sign-in')).statusCode);
      });
      assert.equal(runs, MAX_FAILURES);
      assert.deepEqual(statuses.slice(0, MAX_FAILURES), Array(MAX_FAILURES).fill(401));
      assert.deepEqual(statuses.slice(MAX_FAILURES), Array(GUESSES - MAX_FAILURES).fill(429));
      assert.equal(await countSignInFailures(platform.database.db, new Date(Date.now() - 3_600_000)) - tallied, GUESSES, 'the operators see every refused try, the throttled ones too');
      assert.equal((await attacker.signInResident(DEMO_RESIDENTS.jimin)).statusCode, 429, 'even the right password waits');
      const other = await scryptRunsDuring(async () => assert.equal((await english().signInResident(DEMO_RESIDENTS.jiwoo)).statusCode, 303));
      assert.equal(other, 1, 'another ID number is checked as usual and signs in');
    });

    it(`${GUESSES} wrong passwords for one staff email: only ${MAX_FAILURES} are checked, another email is not affected`, async () => {
      const attacker = english();
      const statuses: number[] = [];
      const runs = await scryptRunsDuring(async () => {
        for (let i = 0; i < GUESSES; i++) statuses.push((await attacker.signIn('officer.foreign@demo.hanaro.example', `guess-${i}`)).statusCode);
      });
      assert.equal(runs, MAX_FAILURES);
      assert.equal(statuses.filter((s) => s === 401).length, MAX_FAILURES);
      assert.equal(statuses.filter((s) => s === 429).length, GUESSES - MAX_FAILURES);
      assert.equal((await english().signIn('admin.foreign@demo.hanaro.example', DEMO_PASSWORD)).statusCode, 303);
    });

    it('answers the same for an ID number with an account and one without: wrong password, throttled, with or without a passkey', async () => {
      const holder = DEMO_RESIDENTS.youngja; // has an account, and no passkey
      const passkeyHolder = DEMO_RESIDENTS.jungho; // has an account and a passkey
      const nonHolder = DEMO_RESIDENTS.sangcheol; // in the registry, no account
      const unknown = { idNumber: '000000-0000000' }; // in no registry at all
      const attempt = async (idNumber: string, password: string) => shapeOf(await english().post('/sign-in', { idNumber, password }, '/sign-in'));
      const normalize = (shape: { status: number; body: string }, idNumber: string) => ({ ...shape, body: shape.body.replaceAll(idNumber, '<id>') });
      const answers = async (idNumber: string) => {
        const wrong = await attempt(idNumber, 'not-the-password');
        for (let i = 1; i < MAX_FAILURES; i++) await attempt(idNumber, `guess-${i}`);
        const throttled = await attempt(idNumber, RESIDENT_PASSWORD);
        return { wrong: normalize(wrong, idNumber), throttled: normalize(throttled, idNumber) };
      };
      const [a, b, c, d] = [await answers(holder.idNumber), await answers(nonHolder.idNumber), await answers(unknown.idNumber), await answers(passkeyHolder.idNumber)];
      assert.equal(a.wrong.status, 401);
      assert.equal(a.throttled.status, 429);
      assert.deepEqual(b, a, 'registry resident without an account');
      assert.deepEqual(c, a, 'ID number in no registry');
      assert.deepEqual(d, a, 'account with a passkey');

      // Passkey-less: asking to sign in with a passkey names nobody, and a passkey nobody has gets one answer.
      const options = async () => JSON.parse((await english().post('/sign-in/passkey/options', {}, '/sign-in')).body) as Record<string, unknown>;
      const [o1, o2] = [await options(), await options()];
      assert.deepEqual(Object.keys(o1).sort(), Object.keys(o2).sort());
      assert.equal(o1.allowCredentials, undefined, 'no credential list that could name an account');
      const bogus = JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: '', signature: '' }, clientExtensionResults: {} });
      const noPasskey = shapeOf(await english().post('/sign-in/passkey', { response: bogus }, '/sign-in'));
      assert.equal(noPasskey.status, 401);
      assert.doesNotMatch(noPasskey.body, new RegExp(holder.idNumber));
    });
  });
}
