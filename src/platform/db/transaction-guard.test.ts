import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import type { Database } from './database.ts';
import { StatementOutsideTransaction } from './transaction-guard.ts';

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`a statement sent beside its transaction is refused [${target.name}]`, { timeout: 30_000 }, () => {
    let database: Database;
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(database.db)).rows[0]!.n;

    before(async () => {
      database = await target.open();
      await sql`create table guard_probe (id int primary key)`.execute(database.db);
    });
    after(() => database.close());

    it('refuses the handle of the whole database inside a transaction, and nothing of the transaction stays', async () => {
      const { db } = database;
      await assert.rejects(db.transaction().execute(async (trx) => {
        await sql`insert into guard_probe values (1)`.execute(trx);
        await sql`select count(*) from guard_probe`.execute(db);
      }), StatementOutsideTransaction);
      await assert.rejects(db.transaction().setIsolationLevel('serializable').execute(async () => {
        await database.jobQueueConnection().executeSql('select 1');
      }), StatementOutsideTransaction, 'the job queue\'s connection is the database\'s too');
      assert.equal(await count(), 0);
    });

    it('lets transactions run side by side, and the whole database be used once one has ended', async () => {
      const { db } = database;
      const write = (id: number) => db.transaction().execute(async (trx) => {
        await sql`insert into guard_probe values (${id})`.execute(trx);
        return id;
      });
      assert.deepEqual(await Promise.all([write(2), write(3)]), [2, 3]);
      let ended!: () => void;
      const end = new Promise<void>((resolve) => { ended = resolve; });
      let later: Promise<number> | undefined;
      await db.transaction().execute(async (trx) => {
        await sql`insert into guard_probe values (4)`.execute(trx);
        later = end.then(count);
      });
      ended();
      assert.equal(await later, 3, 'work the transaction left for after its end runs then');
    });
  });
}
