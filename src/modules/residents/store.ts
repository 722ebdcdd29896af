import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import type { Text } from '../../platform/i18n/i18n.ts';

interface ResidentRow {
  id: Generated<string>; id_number: string; name: string; name_latin: string | null; birth_date: string;
  sex: 'F' | 'M' | 'X'; household: string; address: Text; content_hash: string;
  origin: Generated<'pack' | 'population'>; created_at: Generated<Date>; updated_at: Generated<Date>; retired_at: Date | null;
}
export type ResidentRecord = Selectable<ResidentRow>;
const db = tablesOf<{ residents: ResidentRow }>;

export type NewResident = Omit<ResidentRecord, 'id' | 'origin' | 'created_at' | 'updated_at' | 'retired_at'>;

export async function upsertResident(conn: AnyDb, r: NewResident): Promise<{ id: string; change: Change }> {
  const existing = await db(conn).selectFrom('residents').select(['id', 'content_hash', 'retired_at']).where('id_number', '=', r.id_number).executeTakeFirst();
  if (!existing) {
    const row = await db(conn).insertInto('residents').values({ ...r, address: JSON.stringify(r.address) as never, retired_at: null }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id, change: 'created' };
  }
  if (existing.content_hash === r.content_hash && existing.retired_at === null) return { id: existing.id, change: 'unchanged' };
  await db(conn).updateTable('residents').set({ ...r, address: JSON.stringify(r.address) as never, updated_at: new Date(), retired_at: null })
    .where('id', '=', existing.id).execute();
  return { id: existing.id, change: 'updated' };
}

export async function retireResidentsExcept(conn: AnyDb, keepIdNumbers: string[]): Promise<string[]> {
  const rows = await db(conn).updateTable('residents').set({ retired_at: new Date() })
    .where('retired_at', 'is', null).where('origin', '=', 'pack').where('id_number', 'not in', keepIdNumbers.length ? keepIdNumbers : [''])
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export async function findResidentByIdNumber(conn: AnyDb, idNumber: string): Promise<ResidentRecord | undefined> {
  return db(conn).selectFrom('residents').selectAll().where('id_number', '=', idNumber).where('retired_at', 'is', null).executeTakeFirst();
}

export async function findResidentById(conn: AnyDb, id: string): Promise<ResidentRecord | undefined> {
  return db(conn).selectFrom('residents').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
}

/** The registered residents among these ID numbers, as a map from ID number to resident id. */
export async function residentIdsByIdNumber(conn: AnyDb, idNumbers: string[]): Promise<Map<string, string>> {
  if (!idNumbers.length) return new Map();
  const rows = await db(conn).selectFrom('residents').select(['id', 'id_number']).where('id_number', 'in', [...new Set(idNumbers)]).where('retired_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.id_number, r.id]));
}

/** Many residents in one statement (a synthetic population); one already registered is left alone. */
export async function insertResidentsIfAbsent(conn: AnyDb, rows: NewResident[]): Promise<number> {
  if (!rows.length) return 0;
  const col = <K extends keyof NewResident>(k: K) => rows.map((r) => r[k]);
  const result = await sql`
    insert into residents (id_number, name, name_latin, birth_date, sex, household, address, content_hash, origin)
    select i, n, l, b::date, s, h, a::jsonb, c, 'population'
    from unnest(${col('id_number')}::text[], ${col('name')}::text[], ${col('name_latin')}::text[], ${col('birth_date')}::text[],
                ${col('sex')}::text[], ${col('household')}::text[], ${rows.map((r) => JSON.stringify(r.address))}::text[], ${col('content_hash')}::text[])
      as t(i, n, l, b, s, h, a, c)
    on conflict (id_number) do nothing`.execute(conn);
  return Number(result.numAffectedRows ?? 0);
}
