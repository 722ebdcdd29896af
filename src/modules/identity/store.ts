import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';


interface SessionRow {
  id: string; staff_id: string; acting_agency_id: string | null; created_at: Generated<Date>;
  last_seen_at: Generated<Date>; expires_at: Date; user_agent: string | null;
}
interface Tables { staff_sessions: SessionRow; sign_in_failures: { email: string; failed_at: Generated<Date> } }
const db = tablesOf<Tables>;

export async function insertSession(conn: AnyDb, s: Pick<SessionRow, 'id' | 'staff_id' | 'acting_agency_id' | 'expires_at' | 'user_agent'>) {
  await db(conn).insertInto('staff_sessions').values(s).execute();
}

/** A live session, touched; idle and absolute limits are both enforced in the query. */
export async function touchSession(conn: AnyDb, id: string, idleMinutes: number): Promise<Selectable<SessionRow> | undefined> {
  return db(conn).updateTable('staff_sessions').set({ last_seen_at: new Date() })
    .where('id', '=', id).where('expires_at', '>', new Date())
    .where('last_seen_at', '>', new Date(Date.now() - idleMinutes * 60_000))
    .returningAll().executeTakeFirst();
}

export async function setActingAgency(conn: AnyDb, id: string, agencyId: string) {
  await db(conn).updateTable('staff_sessions').set({ acting_agency_id: agencyId }).where('id', '=', id).execute();
}

export async function deleteSession(conn: AnyDb, id: string) {
  await db(conn).deleteFrom('staff_sessions').where('id', '=', id).execute();
}

export async function recordSignInFailure(conn: AnyDb, email: string) {
  await db(conn).insertInto('sign_in_failures').values({ email: email.toLowerCase() }).execute();
}

export async function recentFailures(conn: AnyDb, email: string, windowMinutes: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sign_in_failures
    where lower(email) = ${email.toLowerCase()} and failed_at > now() - make_interval(mins => ${windowMinutes})`.execute(conn);
  return rows[0]?.n ?? 0;
}

export async function clearFailures(conn: AnyDb, email: string) {
  await db(conn).deleteFrom('sign_in_failures').where(sql`lower(email)`, '=', email.toLowerCase()).execute();
}
