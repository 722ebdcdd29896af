import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { newestPublished, type Country, type Registry } from '../packs/index.ts';
import { insertResidentsIfAbsent, type NewResident } from '../residents/index.ts';
import { generatePopulation, type Person } from './population/generate.ts';
import { recordKeyOf, subjectsOf } from './records.ts';
import * as store from './store.ts';

/** Rows per INSERT: large enough that round trips do not dominate, small enough to stay well under parameter and memory limits. */
const BATCH = 5000;

export interface PopulationReport { residents: number; records: Record<string, number> }

const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Seeds a deterministic synthetic population of `count` people: the resident registry (the `residents`
 * table sign-up checks against) and their records in every registry the pack declares, in batches of
 * multi-row inserts, all in one transaction. Seeding the same count again adds nothing.
 */
export async function seedPopulation(conn: AnyDb, input: { count: number; country: Country; registries: Registry[]; reserved: string[]; seed?: string }, who: Actor,
  progress?: (done: number) => void): Promise<PopulationReport> {
  const versions = new Map(input.registries.map((r) => [r.id, { registry: r, version: newestPublished(r)?.version }]));
  const report: PopulationReport = { residents: 0, records: {} };
  await conn.transaction().execute(async (trx) => {
    let people: NewResident[] = [];
    let records: store.NewRecord[] = [];
    let done = 0;
    const flush = async () => {
      report.residents += await insertResidentsIfAbsent(trx, people);
      for (const r of records) report.records[r.registry_id] = (report.records[r.registry_id] ?? 0) + 1;
      await store.insertRecordsIfAbsent(trx, records);
      done += people.length;
      people = [];
      records = [];
      progress?.(done);
    };
    for (const household of generatePopulation(input.count, input.country.idNumber, { reserved: input.reserved, ...(input.seed ? { seed: input.seed } : {}) })) {
      people.push(...household.people.map(residentRow));
      for (const g of household.records) {
        const target = versions.get(g.registry);
        if (!target?.version) continue;
        records.push({
          registry_id: g.registry, version: target.version, record_key: recordKeyOf(target.registry.keyFields, g.content)!,
          content: g.content, subjects: subjectsOf(target.registry.subjectFields, g.content), origin: 'population',
        });
      }
      if (records.length >= BATCH || people.length >= BATCH) await flush();
    }
    await flush();
    await recordAudit(trx as Tx, who, { action: 'registries.population_seeded', target: 'registries:population', details: { requested: input.count, residents: report.residents } });
  });
  // A bulk load leaves the subjects index with a long list of pending entries that every lookup
  // scans (18 ms instead of 0.1 ms per read at a million residents) until a vacuum merges them.
  if (report.residents && !conn.isTransaction) await sql`vacuum (analyze) registry_records`.execute(conn);
  return report;
}

function residentRow(p: Person): NewResident {
  return {
    id_number: p.idNumber, name: p.name, name_latin: p.nameLatin, birth_date: p.birthDate, sex: p.sex, household: p.household, address: p.address,
    // Hashed like a pack resident (seed-pack.ts), so the two kinds of rows read the same way.
    content_hash: contentHash({ idNumber: p.idNumber, name: p.name, nameLatin: p.nameLatin, birthDate: p.birthDate, sex: p.sex, household: p.household, address: p.address }),
  };
}
