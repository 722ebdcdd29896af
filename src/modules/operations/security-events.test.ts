import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';

const failedSignInsOn = (page: string) => Number(/<dt>Failed sign-ins<\/dt><dd>([\d,]+)<\/dd>/.exec(page)?.[1]?.replaceAll(',', '') ?? NaN);

for (const target of databaseTargets()) {
  describe(`failed sign-ins on the security console [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let operator: Visitor;
    before(async () => {
      platform = await startTestPlatform(target);
      operator = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await operator.signIn('operator@demo.hanaro.example')).statusCode, 303);
    });
    after(() => platform.close());

    it('keeps counting failures that a later good sign-in of the same person cleared from the lockout', async () => {
      const before = failedSignInsOn((await operator.get('/ops/security')).body);
      assert.ok(Number.isInteger(before), 'the page shows a count');
      const officer = new Visitor(platform.app, { 'accept-language': 'en' });
      for (let i = 0; i < 2; i++) assert.equal((await officer.signIn('officer.interior@demo.hanaro.example', `wrong-${i}`)).statusCode, 401);
      assert.equal((await officer.signIn('officer.interior@demo.hanaro.example')).statusCode, 303);
      const resident = new Visitor(platform.app, { 'accept-language': 'en' });
      await resident.signUp(DEMO_RESIDENTS.jimin);
      const wrong = await new Visitor(platform.app).post('/sign-in', { idNumber: DEMO_RESIDENTS.jimin.idNumber, password: 'not-it' }, '/sign-in');
      assert.equal(wrong.statusCode, 401);
      assert.equal((await new Visitor(platform.app).signInResident(DEMO_RESIDENTS.jimin)).statusCode, 303);
      assert.equal(failedSignInsOn((await operator.get('/ops/security')).body), before + 3);
    });
  });
}
