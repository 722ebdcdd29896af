import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase, seedTestPack } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { RequestQuotas } from './request-quota.ts';
import { saveQuotas } from './store.ts';

for (const target of databaseTargets()) {
  describe(`request quotas on two nodes sharing one database [${target.name}]`, () => {
    let database: Database;
    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database);
    });
    after(() => database.close());

    it('counts per agency and minute on each node, and a quota set on one node reaches the other at its next version check', async () => {
      const nodeA = new RequestQuotas(database.db);
      const nodeB = new RequestQuotas(database.db);
      await nodeA.reload();
      await nodeB.reload();
      const t = Date.UTC(2026, 0, 1, 9, 0, 10);
      assert.equal(await nodeB.hit('tax', t), null, 'no quota, no limit');
      await database.db.transaction().execute((trx) => saveQuotas(trx, 'tax', { requestsPerMinute: 2, storageBytes: 0 }));
      await nodeA.reload();
      assert.equal(await nodeA.hit('tax', t), null);
      assert.equal(await nodeA.hit('tax', t), null);
      assert.equal(await nodeA.hit('tax', t), 50, 'the third in the minute waits for the next minute');
      assert.deepEqual(nodeA.use('tax', t), { requests: 3, refused: 1 });
      assert.equal(await nodeA.hit('police', t), null, 'another agency has its own count');
      assert.equal(await nodeA.hit('tax', t + 60_000), null, 'a new minute, a new count');
      // Node B still has its old limits until its next version check, then reads the new ones.
      const later = Date.now() + 10_000;
      assert.equal(await nodeB.hit('tax', later), null);
      assert.equal(await nodeB.hit('tax', later), null);
      assert.ok((await nodeB.hit('tax', later))! >= 1);
    });
  });
}
