import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';

interface NoticeTable {
  id: Generated<number>; resident_id: string; locale: string; subject: string; body: string;
  link: string | null; reference: string | null; email: string | null;
  created_at: Generated<Date>; read_at: Date | null; mailed_at: Date | null;
}
export type NoticeRow = Selectable<NoticeTable>;
const db = tablesOf<{ notices: NoticeTable }>;

export type NewNotice = Pick<NoticeRow, 'resident_id' | 'locale' | 'subject' | 'body' | 'link' | 'reference' | 'email'>;

export async function insertNotice(trx: AnyDb, notice: NewNotice): Promise<number> {
  const row = await db(trx).insertInto('notices').values(notice).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findNotice(conn: AnyDb, id: number): Promise<NoticeRow | undefined> {
  return db(conn).selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The resident's notices, newest first. */
export async function listResidentNotices(conn: AnyDb, residentId: string, limit: number): Promise<NoticeRow[]> {
  return db(conn).selectFrom('notices').selectAll().where('resident_id', '=', residentId)
    .orderBy('id', 'desc').limit(limit).execute();
}

export async function countUnreadNotices(conn: AnyDb, residentId: string): Promise<number> {
  const row = await db(conn).selectFrom('notices').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resident_id', '=', residentId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the resident's own notices read; false when no such notice is theirs. */
export async function markNoticeRead(trx: AnyDb, residentId: string, id: number): Promise<{ found: boolean; changed: boolean }> {
  const own = await db(trx).selectFrom('notices').select('read_at').where('id', '=', id).where('resident_id', '=', residentId)
    .forUpdate().executeTakeFirst();
  if (!own) return { found: false, changed: false };
  if (own.read_at) return { found: true, changed: false };
  await db(trx).updateTable('notices').set({ read_at: new Date() }).where('id', '=', id).execute();
  return { found: true, changed: true };
}

export async function markNoticeMailed(conn: AnyDb, id: number): Promise<void> {
  await db(conn).updateTable('notices').set({ mailed_at: new Date() }).where('id', '=', id).execute();
}
