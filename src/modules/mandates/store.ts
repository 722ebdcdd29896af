import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';

interface MandateRow {
  id: Generated<string>; grantor_id: string; representative_id: string; services: string[] | null;
  valid_from: string; valid_until: string; created_at: Generated<Date>;
  revoked_at: Date | null; declined_at: Date | null;
}
export type Mandate = Selectable<MandateRow>;
interface Tables { mandates: MandateRow }
const db = tablesOf<Tables>;

// Dates travel as YYYY-MM-DD text: a mandate's days are calendar days in the country, not instants.
const columns = ['id', 'grantor_id', 'representative_id', 'services', 'created_at', 'revoked_at', 'declined_at'] as const;
const select = (conn: AnyDb) => db(conn).selectFrom('mandates')
  .select(columns)
  .select((eb) => [eb.cast<string>('valid_from', 'text').as('valid_from'), eb.cast<string>('valid_until', 'text').as('valid_until')]);

export async function insertMandate(conn: AnyDb, m: Pick<MandateRow, 'grantor_id' | 'representative_id' | 'services' | 'valid_from' | 'valid_until'>): Promise<string> {
  const row = await db(conn).insertInto('mandates').values({ ...m, revoked_at: null, declined_at: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findMandate(conn: AnyDb, id: string): Promise<Mandate | undefined> {
  return select(conn).where('id', '=', id).executeTakeFirst();
}

export async function listGiven(conn: AnyDb, grantorId: string): Promise<Mandate[]> {
  return select(conn).where('grantor_id', '=', grantorId).orderBy('created_at', 'desc').execute();
}

export async function listReceived(conn: AnyDb, representativeId: string): Promise<Mandate[]> {
  return select(conn).where('representative_id', '=', representativeId).orderBy('created_at', 'desc').execute();
}

/** Ends a mandate once: the grantor revokes it or the representative declines it. False when it had already ended. */
export async function endMandate(conn: AnyDb, id: string, how: 'revoked_at' | 'declined_at'): Promise<boolean> {
  const result = await db(conn).updateTable('mandates').set({ [how]: new Date() })
    .where('id', '=', id).where('revoked_at', 'is', null).where('declined_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
