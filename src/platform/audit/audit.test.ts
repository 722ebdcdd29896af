import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase } from '../../../test/support/platform.ts';
import type { Database } from '../db/database.ts';
import { recordAudit, recordAudits, verifyAuditLog } from './audit.ts';

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`audit log [${target.name}]`, () => {
    let database: Database;
    before(async () => {
      database = await migratedDatabase(target);
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) {
          await recordAudit(trx, { actor: 'staff:a', requestId: `r${i}` }, { agencyId: 'interior', action: 'thing.done', target: `thing:${i}`, details: { n: i, nested: { b: 1, a: [1, 2] } } });
        }
        await recordAudit(trx, { actor: 'system:test' }, { action: 'platform.thing' });
      });
    });
    after(() => database.close());

    it('chains each agency\'s entries and verifies them', async () => {
      const result = await verifyAuditLog(database.db);
      assert.deepEqual(result, { entries: 6, chains: 2, firstBreak: null });
    });

    it('puts all of one transaction\'s entries for an agency on one of its chains, and spreads transactions over them', async () => {
      for (let i = 0; i < 12; i++) await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:b' }, { agencyId: 'tax', action: 'spread' }));
      const { rows } = await sql<{ chain: string }>`select distinct chain from audit_log where agency_id in ('interior', 'tax')`.execute(database.db);
      assert.equal(rows.filter((r) => r.chain.startsWith('agency:interior/')).length, 1);
      assert.ok(rows.filter((r) => r.chain.startsWith('agency:tax/')).length > 1, 'twelve transactions all landed on one chain');
      assert.equal((await verifyAuditLog(database.db)).firstBreak, null);
    });

    it('writes several entries in one statement whose hashes verify, whatever their text holds', async () => {
      const odd = { quote: 'say "hi"\\', lines: 'a\nb\tc\u0001', korean: '주민등록표 등본', emoji: '🇰🇷', n: 1.5, list: [null, true, { z: 1, a: 2 }] };
      await database.db.transaction().execute((trx) => recordAudits(trx, { actor: 'resident:"x"', actingFor: 'resident:y', requestId: 'req\n1' }, [
        { agencyId: 'interior', action: 'odd.first', target: 'thing:"1"', details: odd },
        { agencyId: 'interior', action: 'odd.second', details: {} },
        { agencyId: 'tax', action: 'odd.other-agency' },
      ]));
      const { rows } = await sql<{ chain: string; seq: number; action: string }>`select chain, seq, action from audit_log where action like 'odd.%' order by id`.execute(database.db);
      assert.deepEqual(rows.map((r) => r.action), ['odd.first', 'odd.second', 'odd.other-agency']);
      assert.equal(rows[1]!.chain, rows[0]!.chain, 'one transaction\'s entries for an agency share its shard');
      assert.equal(rows[1]!.seq, rows[0]!.seq + 1);
      assert.equal((await verifyAuditLog(database.db)).firstBreak, null);
    });

    it('is written in the transaction of the change: a rolled-back change leaves no entry', async () => {
      await assert.rejects(database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { actor: 'staff:a' }, { agencyId: 'interior', action: 'doomed' });
        throw new Error('the change failed');
      }));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'doomed'`.execute(database.db);
      assert.equal(rows[0]!.n, 0);
    });

    it('refuses updates and deletes', async () => {
      await assert.rejects(sql`update audit_log set action = 'x'`.execute(database.db), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(database.db), /append-only/);
    });

    it('notices two entries swapped in their chain', async () => {
      const swap = `alter table audit_log disable trigger audit_log_no_update_or_delete;
        update audit_log set seq = -seq where chain like 'agency:interior/%' and seq in (1, 2);
        update audit_log set seq = case when seq = -1 then 2 else 1 end where chain like 'agency:interior/%' and seq in (-1, -2);
        alter table audit_log enable trigger audit_log_no_update_or_delete;`;
      await database.runScript(swap);
      const { firstBreak } = await verifyAuditLog(database.db);
      assert.match(firstBreak?.chain ?? '', /^agency:interior\/[0-7]$/);
      assert.equal(firstBreak?.seq, 1);
      await database.runScript(swap);
      assert.equal((await verifyAuditLog(database.db)).firstBreak, null, 'swapped back, the chain holds again');
    });

    it('names the first entry edited behind its back', async () => {
      await database.runScript(`alter table audit_log disable trigger audit_log_no_update_or_delete;
        update audit_log set target = 'thing:forged' where chain like 'agency:interior/%' and seq = 3;
        alter table audit_log enable trigger audit_log_no_update_or_delete;`);
      const { firstBreak } = await verifyAuditLog(database.db, 2);
      assert.match(firstBreak?.chain ?? '', /^agency:interior\/[0-7]$/);
      assert.equal(firstBreak?.seq, 3);
      assert.match(firstBreak!.reason, /edited/);
    });

    it('notices an entry removed from the middle of a chain', async () => {
      await database.runScript(`alter table audit_log disable trigger audit_log_no_update_or_delete;
        delete from audit_log where chain like 'agency:interior/%' and seq in (2, 3);
        alter table audit_log enable trigger audit_log_no_update_or_delete;`);
      const { firstBreak } = await verifyAuditLog(database.db);
      assert.equal(firstBreak?.seq, 4);
      assert.match(firstBreak!.reason, /missing/);
    });
  });
}
