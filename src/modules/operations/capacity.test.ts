import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { measureAgencyBytes } from './store.ts';

for (const target of databaseTargets()) {
  describe(`agency capacity [${target.name}]`, () => {
    let database: Database;
    before(async () => {
      database = await migratedDatabase(target);
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) await recordAudit(trx, { actor: 'staff:a' }, { agencyId: 'sized', action: 'thing.done' });
      });
    });
    after(() => database.close());

    it('counts a month-partitioned table once, with the bytes of its months', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where agency_id = 'sized'`.execute(database.db);
      const sized = (await measureAgencyBytes(database.db, 'platform')).find((a) => a.agencyId === 'sized');
      assert.equal(sized?.rows, rows[0]!.n);
      assert.ok(sized.bytes > 0, 'the months\' bytes are counted');
    });

    it('still counts the bytes of a table that is not partitioned', async () => {
      await database.runScript(`create table sized_things (agency_id text); insert into sized_things select 'plain' from generate_series(1, 100);`);
      const plain = (await measureAgencyBytes(database.db, 'platform')).find((a) => a.agencyId === 'plain');
      assert.equal(plain?.rows, 100);
      assert.ok(plain.bytes > 0);
    });
  });
}
