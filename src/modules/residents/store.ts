import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import type { Text } from '../../platform/i18n/i18n.ts';

interface ResidentRow {
  id: Generated<string>; id_number: string; name: string; name_latin: string | null; birth_date: string;
  sex: 'F' | 'M' | 'X'; household: string; address: Text; content_hash: string;
  created_at: Generated<Date>; updated_at: Generated<Date>; retired_at: Date | null;
}
export type ResidentRecord = Selectable<ResidentRow>;
const db = tablesOf<{ residents: ResidentRow }>;

export type NewResident = Omit<ResidentRecord, 'id' | 'created_at' | 'updated_at' | 'retired_at'>;

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
    .where('retired_at', 'is', null).where('id_number', 'not in', keepIdNumbers.length ? keepIdNumbers : [''])
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export async function findResidentByIdNumber(conn: AnyDb, idNumber: string): Promise<ResidentRecord | undefined> {
  return db(conn).selectFrom('residents').selectAll().where('id_number', '=', idNumber).where('retired_at', 'is', null).executeTakeFirst();
}

export async function findResidentById(conn: AnyDb, id: string): Promise<ResidentRecord | undefined> {
  return db(conn).selectFrom('residents').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
}
