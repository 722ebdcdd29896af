import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migrate, pendingMigrations, type MigrationSource } from './migrations.ts';

function migrationDir(files: Record<string, string>): MigrationSource {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-migrations-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { owner: 'test', dir };
}

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`migrations [${target.name}]`, () => {
    it('applies each migration once, in order, and refuses an applied one that was edited', async () => {
      const database = await target.open();
      try {
        const source = migrationDir({
          '0001_a.sql': 'create table t (id int primary key);',
          '0002_b.sql': 'insert into t values (1); insert into t values (2);',
        });
        assert.deepEqual(await migrate(database, [source]), ['test/0001_a.sql', 'test/0002_b.sql']);
        assert.deepEqual(await migrate(database, [source]), []);
        assert.deepEqual(await pendingMigrations(database, [source]), []);
        fs.writeFileSync(path.join(source.dir, '0002_b.sql'), 'insert into t values (3);');
        await assert.rejects(pendingMigrations(database, [source]), /0002_b\.sql was changed after it was applied/);
      } finally {
        await database.close();
      }
    });

    it('rolls a failing migration back whole and names it', async () => {
      const database = await target.open();
      try {
        const source = migrationDir({ '0001_bad.sql': 'create table half (id int); select * from no_such_table;' });
        await assert.rejects(migrate(database, [source]), /Migration test\/0001_bad\.sql failed/);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'half'`.execute(database.db);
        assert.equal(rows[0]!.n, 0);
        assert.deepEqual(await pendingMigrations(database, [source]), ['test/0001_bad.sql']);
      } finally {
        await database.close();
      }
    });
  });
}
