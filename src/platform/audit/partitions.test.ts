import { describe, it, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase } from '../../../test/support/platform.ts';
import type { Database } from '../db/database.ts';
import { addMonthPartitions, migrate, type MigrationSource } from '../db/migrations.ts';
import { recordAudit, verifyAuditLog } from './audit.ts';

const PLATFORM_MIGRATIONS = path.join(import.meta.dirname, '..', 'migrations');

/** The platform's migrations up to and including `last`, as they stood before the audit log was partitioned. */
function platformMigrationsUpTo(last: string): MigrationSource {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-platform-migrations-'));
  for (const file of fs.readdirSync(PLATFORM_MIGRATIONS).filter((f) => f <= last)) fs.copyFileSync(path.join(PLATFORM_MIGRATIONS, file), path.join(dir, file));
  return { owner: 'platform', dir };
}

const monthName = (d: Date) => `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthsFromNow = (n: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() + n); return d; };

async function partitionsOf(database: Database, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass order by 1`.execute(database.db);
  return rows.map((r) => r.name);
}

async function auditEntries(database: Database) {
  return (await sql<{ id: number; chain: string; seq: number; hash: string }>`select id, chain, seq, hash from audit_log order by id`.execute(database.db)).rows;
}

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`audit log partitioned by month [${target.name}]`, () => {
    it('keeps the entries written before it was partitioned, ids and hashes, and goes on with their chains', async () => {
      const database = await target.open();
      try {
        await migrate(database, [platformMigrationsUpTo('0004_audit_append.sql')]);
        await database.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 3; i++) await recordAudit(trx, { actor: 'staff:a' }, { agencyId: 'interior', action: 'before.partitioning', target: `thing:${i}` });
          await recordAudit(trx, { actor: 'system:test' }, { action: 'platform.before' });
        });
        const written = await auditEntries(database);
        assert.deepEqual(await migrate(database, [{ owner: 'platform', dir: PLATFORM_MIGRATIONS }]),
          ['platform/0005_month_partitions.sql', 'platform/0006_audit_log_by_month.sql']);
        assert.deepEqual(await auditEntries(database), written);
        let after = written[0]!;
        for (let i = 0; i < 16 && (after.chain !== written[0]!.chain || after.id === written[0]!.id); i++) {
          await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:a' }, { agencyId: 'interior', action: 'after.partitioning' }));
          after = (await auditEntries(database)).at(-1)!;
        }
        assert.ok(after.id > written.at(-1)!.id, 'a new entry is numbered after the moved ones');
        assert.equal(after.chain, written[0]!.chain);
        assert.equal(after.seq, 4, 'the chain goes on from the moved entries');
        assert.equal((await verifyAuditLog(database.db)).firstBreak, null);
      } finally {
        await database.close();
      }
    });

    describe('once migrated', () => {
      let database: Database;
      before(async () => { database = await migratedDatabase(target); });
      after(() => database.close());

      it('has this month and the next three, made again without harm at each start', async () => {
        const months = [0, 1, 2, 3].map((n) => `audit_log_p${monthName(monthsFromNow(n))}`);
        for (const table of ['audit_log', 'personal_data_reads']) {
          const { rows } = await sql<{ kind: string }>`select relkind as kind from pg_class where relname = ${table}`.execute(database.db);
          assert.equal(rows[0]!.kind, 'p', `${table} is partitioned`);
        }
        const parts = await partitionsOf(database, 'audit_log');
        for (const m of months) assert.ok(parts.includes(m), `${m} exists`);
        await addMonthPartitions(database);
        assert.deepEqual(await partitionsOf(database, 'audit_log'), parts);
        const { rows } = await sql<{ made: number }>`select hanaro_add_month_partitions(5) as made`.execute(database.db);
        assert.equal(rows[0]!.made, 4, 'two more months for each of the two tables');
      });

      it('refuses a truncate of one month as of the whole log', async () => {
        const month = `audit_log_p${monthName(monthsFromNow(0))}`;
        await assert.rejects(database.runScript(`truncate ${month}`), /append-only/);
        await assert.rejects(database.runScript('truncate audit_log_before'), /append-only/);
        await assert.rejects(database.runScript(`truncate personal_data_reads_p${monthName(monthsFromNow(0))}`), /append-only/);
      });

      it('refuses an entry number repeated within a month', async () => {
        await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:d' }, { agencyId: 'twice', action: 'once' }));
        await assert.rejects(database.runScript(`insert into audit_log (chain, seq, prev_hash, hash, at, actor, action)
          select chain, seq, prev_hash, hash, at, actor, 'again' from audit_log where agency_id = 'twice'`), /duplicate key value violates unique constraint/);
      });

      it('names an entry number repeated in another month, even where a page of the walk ends between the two', async () => {
        const { rows: [once] } = await sql<{ id: number; chain: string; seq: number }>`select id, chain, seq from audit_log where agency_id = 'twice'`.execute(database.db);
        await database.runScript(`insert into audit_log (chain, seq, prev_hash, hash, at, actor, action)
          select chain, seq, prev_hash, hash, at - interval '2 months', actor, 'again' from audit_log where id = ${once!.id}`);
        const { firstBreak } = await verifyAuditLog(database.db, 1);
        assert.equal(firstBreak?.chain, once!.chain);
        assert.equal(firstBreak?.seq, once!.seq);
        assert.match(firstBreak!.reason, /twice/);
        await database.runScript(`alter table audit_log detach partition audit_log_before; drop table audit_log_before;
          select hanaro_add_partition_before('audit_log', date_trunc('month', now()))`);
        assert.equal((await verifyAuditLog(database.db, 1)).firstBreak, null);
      });

            it('verifies a chain that crosses months, and names the first entry of a month taken out of the log', async () => {
        mock.timers.enable({ apis: ['Date'], now: monthsFromNow(-1) });
        try {
          await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:m' }, { agencyId: 'months', action: 'last.month' }));
        } finally {
          mock.timers.reset();
        }
        const { rows: [first] } = await sql<{ chain: string }>`select chain from audit_log where agency_id = 'months'`.execute(database.db);
        for (let i = 0; i < 40 && (await sql`select 1 from audit_log where chain = ${first!.chain}`.execute(database.db)).rows.length < 2; i++) {
          await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:m' }, { agencyId: 'months', action: 'this.month' }));
        }
        const { rows } = await sql<{ seq: number; part: string }>`select seq, tableoid::regclass::text as part from audit_log where chain = ${first!.chain} order by seq`.execute(database.db);
        assert.deepEqual(rows.map((r) => r.part), ['audit_log_before', `audit_log_p${monthName(monthsFromNow(0))}`], 'the chain crosses into this month');
        assert.equal((await verifyAuditLog(database.db)).firstBreak, null);

        await database.runScript('alter table audit_log detach partition audit_log_before');
        const { firstBreak } = await verifyAuditLog(database.db);
        assert.equal(firstBreak?.chain, first!.chain);
        assert.equal(firstBreak?.seq, 2);
        assert.match(firstBreak!.reason, /missing/);
      });
    });
  });
}
