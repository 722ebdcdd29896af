import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import type { JobQueue } from '../jobs.ts';

/** A folder of plain SQL migrations owned by the kernel or by one module. */
export interface MigrationSource { owner: string; dir: string }

interface Migration { id: string; checksum: string; sql: string }

const LOCK_KEY = 72_617_001;
const ALREADY_APPLIED = 'hanaro:migration-already-applied';

export function listMigrations(sources: readonly MigrationSource[]): Migration[] {
  return sources.flatMap(({ owner, dir }) =>
    fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return { id: `${owner}/${file}`, checksum: createHash('sha256').update(text).digest('hex'), sql: text };
    }));
}

async function ensureLedger(database: Database): Promise<void> {
  await database.runScript(`create table if not exists hanaro_migrations (
    id text primary key, checksum text not null, applied_at timestamptz not null default now())`);
}

async function appliedChecksums(database: Database): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; checksum: string }>`select id, checksum from hanaro_migrations`.execute(database.db);
  return new Map(rows.map((r) => [r.id, r.checksum]));
}

/** Migrations not yet applied; throws when an applied migration was edited afterwards. */
export async function pendingMigrations(database: Database, sources: readonly MigrationSource[]): Promise<string[]> {
  await ensureLedger(database);
  const applied = await appliedChecksums(database);
  const pending: string[] = [];
  for (const m of listMigrations(sources)) {
    const checksum = applied.get(m.id);
    if (checksum === undefined) pending.push(m.id);
    else if (checksum !== m.checksum) {
      throw new Error(`Migration ${m.id} was changed after it was applied. Add a new migration instead of editing an applied one.`);
    }
  }
  return pending;
}

/**
 * Applies each pending migration in its own transaction under an advisory lock, so several
 * Hanaro nodes starting at once against one PostgreSQL apply each migration exactly once.
 */
export async function migrate(database: Database, sources: readonly MigrationSource[]): Promise<string[]> {
  const pending = new Set(await pendingMigrations(database, sources));
  const applied: string[] = [];
  for (const m of listMigrations(sources).filter((x) => pending.has(x.id))) {
    const id = m.id.replaceAll("'", "''");
    try {
      await database.runScript(`begin;
select pg_advisory_xact_lock(${LOCK_KEY});
do $$ begin if exists (select 1 from hanaro_migrations where id = '${id}') then raise exception '${ALREADY_APPLIED}'; end if; end $$;
${m.sql}
;
insert into hanaro_migrations (id, checksum) values ('${id}', '${m.checksum}');
commit;`);
      applied.push(m.id);
    } catch (err) {
      if (!String((err as Error).message).includes(ALREADY_APPLIED)) {
        throw new Error(`Migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  await addMonthPartitions(database);
  return applied;
}

/** The coming months' partitions of every month-partitioned table (platform migration 0005); also a daily job. */
export async function addMonthPartitions(database: Database): Promise<void> {
  await database.runScript(`do $$ begin
  if to_regprocedure('hanaro_add_month_partitions(integer)') is not null then perform hanaro_add_month_partitions(); end if;
end $$;`);
}

/** Every night (once across all nodes): a node that runs for months without a restart still has its coming months. */
export async function scheduleMonthPartitions(database: Database, jobs: JobQueue): Promise<void> {
  await jobs.schedule('platform-add-month-partitions', '15 2 * * *', () => addMonthPartitions(database));
}
