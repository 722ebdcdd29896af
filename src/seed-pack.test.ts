import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../test/support/databases.ts';
import { DEMO_PACK, copyOfDemoPack, migratedDatabase } from '../test/support/platform.ts';
import type { Database } from './platform/db/database.ts';
import { verifyAuditLog } from './platform/audit/audit.ts';
import { seedFromDir, seedFromDirIfChanged } from './app.ts';
import { loadPack } from './modules/packs/index.ts';
import { seedPack } from './seed-pack.ts';

const count = async (database: Database, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n;

for (const target of databaseTargets({ engines: 'all' })) {
  describe(`seeding a pack [${target.name}]`, () => {
    let database: Database;
    before(async () => { database = await migratedDatabase(target); });
    after(() => database.close());

    it('loads the whole demo pack, audited', async () => {
      const report = await seedFromDir(database, DEMO_PACK);
      assert.equal(report.agencies.created, 7);
      assert.equal(report.services.created, 24);
      assert.equal(await count(database, 'services'), 24);
      assert.equal(report.dataServices.created, 6);
      assert.equal(await count(database, 'data_services'), 6);
      assert.ok(await count(database, 'staff_roles') >= 22);
      const { firstBreak, entries } = await verifyAuditLog(database.db);
      assert.equal(firstBreak, null);
      assert.ok(entries >= 7 + 24 + 22);
    });

    it('changes nothing when run again', async () => {
      const auditBefore = await count(database, 'audit_log');
      const report = await seedFromDir(database, DEMO_PACK);
      for (const kind of Object.values(report)) assert.deepEqual({ ...kind, unchanged: 0 }, { created: 0, updated: 0, unchanged: 0, retired: 0 });
      assert.equal(await count(database, 'audit_log'), auditBefore);
    });

    it('updates what was edited and retires what was removed', async () => {
      const dir = copyOfDemoPack();
      const file = path.join(dir, 'services', 'passport-application.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('processingDays: 7', 'processingDays: 5'));
      fs.rmSync(path.join(dir, 'services', 'seal-registration-certificate.yaml'));
      const report = await seedFromDir(database, dir);
      assert.deepEqual(report.services, { created: 0, updated: 1, unchanged: 22, retired: 1 });
      const { rows } = await sql<{ days: number }>`select (definition->>'processingDays')::int as days from services where id = 'passport-application'`.execute(database.db);
      assert.equal(rows[0]!.days, 5);
      assert.equal((await seedFromDir(database, DEMO_PACK)).services.updated, 2, 'the original pack brings both back');
    });

    it('writes nothing at all when a write fails half-way', async () => {
      const pack = loadPack(DEMO_PACK);
      const before = { agencies: await count(database, 'agencies'), audit: await count(database, 'audit_log') };
      pack.agencies.push({ id: 'new-agency', name: { ko: '새 기관', en: 'New agency' }, description: { ko: '설명', en: 'About' }, contact: {} });
      pack.services.push({ ...pack.services[0]!, id: 'orphan-service', agency: 'agency-that-does-not-exist' });
      await assert.rejects(seedPack(database.db, pack, { actor: 'system:test' }));
      assert.deepEqual({ agencies: await count(database, 'agencies'), audit: await count(database, 'audit_log') }, before);
    });

    it('skips the seed on start until the pack changes; `hanaro seed` always seeds', async () => {
      const dir = copyOfDemoPack();
      assert.ok(await seedFromDir(database, dir), 'seed seeds even an unchanged pack');
      const auditBefore = await count(database, 'audit_log');
      assert.equal(await seedFromDirIfChanged(database, dir), null, 'the first start skips it');
      assert.equal(await seedFromDirIfChanged(database, dir), null, 'and so does the second');
      assert.equal(await count(database, 'audit_log'), auditBefore);
      const file = path.join(dir, 'services', 'passport-application.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('processingDays: 7', 'processingDays: 6'));
      assert.equal((await seedFromDirIfChanged(database, dir))?.services.updated, 1, 'an edited file is seeded on the next start');
      assert.equal(await seedFromDirIfChanged(database, dir), null);
      assert.equal((await seedFromDir(database, DEMO_PACK)).services.updated, 1);
    });

    it('never half-loads a broken pack', async () => {
      const dir = copyOfDemoPack();
      fs.writeFileSync(path.join(dir, 'services', 'passport-application.yaml'), 'id: passport-application\n');
      const auditBefore = await count(database, 'audit_log');
      await assert.rejects(seedFromDir(database, dir), /country pack has \d+ error/);
      assert.equal(await count(database, 'audit_log'), auditBefore);
    });
  });
}
