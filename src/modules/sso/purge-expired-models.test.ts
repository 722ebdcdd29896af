import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform } from '../../../test/support/platform.ts';
import { PURGE_JOB, purgeExpiredModels } from './purge-expired-models.ts';
import { upsertModel } from './store.ts';

const model = (model: string, id: string, expiresAt: Date | null) => ({
  model, id, payload: { kind: model }, grant_id: null, uid: null, user_code: null, expires_at: expiresAt, consumed_at: null,
});

for (const target of databaseTargets()) {
  describe(`sweeping expired OpenID Provider state [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target, {}, { jobs: true }); });
    after(() => platform.close());

    it('removes expired sessions, codes and grants and keeps live ones', async () => {
      const db = platform.database.db;
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 3_600_000);
      for (const row of [
        model('Session', 'gone-session', past), model('AuthorizationCode', 'gone-code', past), model('Grant', 'gone-grant', past),
        model('Session', 'live-session', future), model('Grant', 'live-grant', future), model('Interaction', 'no-expiry', null),
      ]) await upsertModel(db, row);

      assert.equal(await purgeExpiredModels(db), 3);
      const { rows } = await sql<{ id: string }>`select id from oidc_models order by id`.execute(db);
      assert.deepEqual(rows.map((r) => r.id), ['live-grant', 'live-session', 'no-expiry']);
      assert.equal(await purgeExpiredModels(db), 0, 'nothing left to remove');
    });

    it('is scheduled on the job queue when the platform starts with workers', async () => {
      const { rows } = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule`.execute(platform.database.db);
      assert.deepEqual(rows.filter((r) => r.name === PURGE_JOB), [{ name: PURGE_JOB, cron: '*/15 * * * *' }]);
    });
  });
}
