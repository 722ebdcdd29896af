import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform } from '../../../test/support/platform.ts';
import { FORGET_REQUEST_IDS_JOB, forgetStaleRequestIds } from './forget-request-ids.ts';
import { claimRequestId } from './store.ts';

for (const target of databaseTargets()) {
  describe(`forgetting the request ids of stale exchange requests [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target, {}, { jobs: true }); });
    after(() => platform.close());

    it('forgets ids seen more than twice the clock skew ago and still refuses a recent replay', async () => {
      const db = platform.database.db;
      assert.ok(await claimRequestId(db, 'welfare', 'old-request'));
      assert.ok(await claimRequestId(db, 'welfare', 'recent-request'));
      await sql`update exchange_request_ids set seen_at = now() - interval '11 minutes' where jti = 'old-request'`.execute(db);

      assert.equal(await forgetStaleRequestIds(db, 300), 1);
      assert.equal(await claimRequestId(db, 'welfare', 'recent-request'), false, 'a recent id is still a replay');
      assert.equal(await forgetStaleRequestIds(db, 300), 0);
    });

    it('is scheduled on the job queue when the platform starts with workers', async () => {
      const { rows } = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule`.execute(platform.database.db);
      assert.deepEqual(rows.filter((r) => r.name === FORGET_REQUEST_IDS_JOB), [{ name: FORGET_REQUEST_IDS_JOB, cron: '*/15 * * * *' }]);
    });
  });
}
