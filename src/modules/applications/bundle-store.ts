import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { Answers } from './eform/index.ts';

interface FilingRow {
  id: Generated<string>; bundle_id: string; resident_id: string; status: 'draft' | 'submitted'; answers: Answers;
  created_at: Generated<Date>; updated_at: Generated<Date>; submitted_at: Date | null;
}
export type BundleFiling = Selectable<FilingRow>;

interface Tables { bundle_filings: FilingRow }
const db = tablesOf<Tables>;
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function insertFiling(trx: AnyDb, bundleId: string, residentId: string): Promise<string> {
  const row = await db(trx).insertInto('bundle_filings').values({ bundle_id: bundleId, resident_id: residentId, status: 'draft', answers: '{}' as never, submitted_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findDraftFiling(conn: AnyDb, residentId: string, bundleId: string): Promise<BundleFiling | undefined> {
  return db(conn).selectFrom('bundle_filings').selectAll().where('resident_id', '=', residentId).where('bundle_id', '=', bundleId)
    .where('status', '=', 'draft').executeTakeFirst();
}

/** One of the resident's own filings; anyone else's is as if it did not exist. */
export async function findResidentFiling(conn: AnyDb, residentId: string, id: string): Promise<BundleFiling | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('bundle_filings').selectAll().where('id', '=', id).where('resident_id', '=', residentId).executeTakeFirst();
}

export async function listResidentFilings(conn: AnyDb, residentId: string): Promise<BundleFiling[]> {
  return db(conn).selectFrom('bundle_filings').selectAll().where('resident_id', '=', residentId).orderBy('created_at', 'desc').execute();
}

export async function saveFilingAnswers(conn: AnyDb, residentId: string, id: string, answers: Answers): Promise<BundleFiling | undefined> {
  return db(conn).updateTable('bundle_filings').set({ answers: JSON.stringify(answers) as never, updated_at: new Date() })
    .where('id', '=', id).where('resident_id', '=', residentId).where('status', '=', 'draft').returningAll().executeTakeFirst();
}

/** Marks a draft filing submitted; undefined when another request already did. */
export async function markFilingSubmitted(trx: AnyDb, residentId: string, id: string, answers: Answers): Promise<BundleFiling | undefined> {
  const now = new Date();
  return db(trx).updateTable('bundle_filings').set({ status: 'submitted', answers: JSON.stringify(answers) as never, submitted_at: now, updated_at: now })
    .where('id', '=', id).where('resident_id', '=', residentId).where('status', '=', 'draft').returningAll().executeTakeFirst();
}

/** The filing an application was filed in, whoever reads it: an officer reaches it through their agency's application. */
export async function findFiling(conn: AnyDb, id: string): Promise<BundleFiling | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('bundle_filings').selectAll().where('id', '=', id).executeTakeFirst();
}
