import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor, type DemoResident } from '../../../test/support/platform.ts';
import { matchResident } from '../residents/index.ts';
import { countUnread, notificationsModule } from './index.ts';

const COUNTRY = { name: { ko: '한결공화국', en: 'Republic of Hangyeol' }, languages: ['ko', 'en'], timeZone: 'Asia/Seoul' };

for (const target of databaseTargets()) {
  describe(`the inbox pages [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());

    const residentId = async (r: DemoResident) => (await matchResident(platform.database.db, r))!.id;
    const notify = (id: string, subject: string) => {
      const { notifyResident } = notificationsModule(platform.database.db, { config: testConfig(), jobs: null, country: COUNTRY });
      return platform.database.db.transaction().execute((trx) =>
        notifyResident(trx, { residentId: id, email: null, locale: 'ko', subject, body: '본문입니다.', link: '/me/applications/1' }));
    };

    it('shows a resident their own notices and lets them mark one read, but not another resident\'s', async () => {
      const minjun = new Visitor(platform.app);
      const seoyeon = new Visitor(platform.app);
      assert.equal((await minjun.signUp(DEMO_RESIDENTS.minjun)).statusCode, 303);
      assert.equal((await seoyeon.signUp(DEMO_RESIDENTS.seoyeon)).statusCode, 303);
      const minjunId = await residentId(DEMO_RESIDENTS.minjun);
      const { noticeId } = await notify(minjunId, '민원이 처리되었습니다');

      const page = await minjun.get('/me/inbox');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /민원이 처리되었습니다/);
      assert.match(page.body, /읽지 않은 알림 1건/);
      assert.doesNotMatch((await seoyeon.get('/me/inbox')).body, /민원이 처리되었습니다/);

      const refused = await seoyeon.post(`/me/inbox/${noticeId}/read`, {}, '/me/inbox');
      assert.equal(refused.statusCode, 404);
      assert.equal(await countUnread(platform.database.db, minjunId), 1);

      const marked = await minjun.post(`/me/inbox/${noticeId}/read`, {}, '/me/inbox');
      assert.equal(marked.statusCode, 303);
      assert.equal(await countUnread(platform.database.db, minjunId), 0);
      assert.match((await minjun.get('/me/inbox')).body, /읽지 않은 알림이 없습니다/);
      assert.equal((await minjun.post('/me/inbox/not-a-number/read', {}, '/me/inbox')).statusCode, 404);
    });

    it('sends someone who is not signed in to sign in first', async () => {
      const res = await new Visitor(platform.app).get('/me/inbox');
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/sign-in\?return=%2Fme%2Finbox/);
    });
  });
}
