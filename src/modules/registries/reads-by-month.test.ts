import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migrationSources } from '../../app.ts';
import { migrate } from '../../platform/db/migrations.ts';
import { registryMigrations } from './index.ts';

const PARTITIONING = '0006_personal_data_reads_by_month.sql';

/** The registries' migrations as they stood before the reads were partitioned. */
function registriesBeforePartitioning() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-registries-migrations-'));
  for (const file of fs.readdirSync(registryMigrations.dir).filter((f) => f < PARTITIONING)) fs.copyFileSync(path.join(registryMigrations.dir, file), path.join(dir, file));
  return { owner: registryMigrations.owner, dir };
}

for (const target of databaseTargets()) {
  describe(`personal-data reads partitioned by month [${target.name}]`, () => {
    it('keeps the reads logged before, ids and all, and goes on numbering after them', async () => {
      const database = await target.open();
      try {
        await migrate(database, migrationSources.map((s) => (s === registryMigrations ? registriesBeforePartitioning() : s)));
        await database.runScript(`insert into agencies (id, name, description, content_hash) values ('reader', '{}', '{}', 'x');
          insert into personal_data_reads (read_at, subject_id_hash, reader_kind, reader_id, reader_agency_id, purpose, legal_basis, registry_id,
              registry_version, fields, channel, legal_basis_text)
            values ('2024-03-05T10:00:00Z', 'h1', 'staff', 'staff:1', 'reader', 'checking', 'Act 1', 'residents', '1', '{name}', 'office', '{"en": "Act 1"}'),
              (now(), 'h2', 'system', 'system:x', 'reader', 'issuing', 'Act 2', 'residents', '1', '{name,address}', 'issuance', null);`);
        const query = sql<{ id: number; subject_id_hash: string; fields: string[]; channel: string; legal_basis_text: unknown }>`select id, subject_id_hash, fields, channel, legal_basis_text
          from personal_data_reads order by id`;
        const before = (await query.execute(database.db)).rows;
        assert.deepEqual(await migrate(database, migrationSources), [`registries/${PARTITIONING}`]);
        assert.deepEqual((await query.execute(database.db)).rows, before);
        const { rows: [old] } = await sql<{ part: string }>`select tableoid::regclass::text as part from personal_data_reads where subject_id_hash = 'h1'`.execute(database.db);
        assert.equal(old!.part, 'personal_data_reads_p2024_03', 'a month of its own from the first read on');
        await database.runScript(`insert into personal_data_reads (subject_id_hash, reader_kind, reader_id, reader_agency_id, purpose, legal_basis, registry_id,
          registry_version, fields, channel) values ('h3', 'staff', 'staff:1', 'reader', 'checking', 'Act 1', 'residents', '1', '{name}', 'office')`);
        const after = (await query.execute(database.db)).rows;
        assert.ok(after.at(-1)!.id > before.at(-1)!.id);
        await assert.rejects(database.runScript(`insert into personal_data_reads (subject_id_hash, reader_kind, reader_id, reader_agency_id, purpose, legal_basis,
          registry_id, registry_version, fields, channel) values ('h4', 'staff', 'staff:1', 'reader', 'x', 'y', 'residents', '1', '{name}', 'gossip')`), /channel_check/);
        await assert.rejects(database.runScript("update personal_data_reads set purpose = 'x'"), /append-only/);
      } finally {
        await database.close();
      }
    });
  });
}
