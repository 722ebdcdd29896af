import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import { upsertPackRow, retirePackRowsExcept, type Change } from '../../platform/db/pack-rows.ts';
import type { Bundle } from '../packs/index.ts';

interface BundleRow {
  id: string; life_event: string | null; services: string[]; definition: Bundle; content_hash: string;
  created_at: Date; updated_at: Date; retired_at: Date | null;
}
interface Tables { bundles: BundleRow }
const db = tablesOf<Tables>;

export async function upsertBundle(trx: AnyDb, bundle: Bundle, contentHash: string): Promise<Change> {
  return upsertPackRow(trx, 'bundles', {
    id: bundle.id, life_event: bundle.lifeEvent ?? null, services: bundle.services, definition: JSON.stringify(bundle), content_hash: contentHash,
  });
}

export async function retireBundlesExcept(trx: AnyDb, keep: string[]): Promise<string[]> {
  return retirePackRowsExcept(trx, 'bundles', keep);
}

/** A bundle the pack still lists. */
export async function findBundle(conn: AnyDb, id: string): Promise<Bundle | undefined> {
  const row = await db(conn).selectFrom('bundles').select('definition').where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  return row?.definition;
}

/** A bundle even after the pack dropped it: for filings already made. */
export async function findAnyBundle(conn: AnyDb, id: string): Promise<Bundle | undefined> {
  return (await db(conn).selectFrom('bundles').select('definition').where('id', '=', id).executeTakeFirst())?.definition;
}

export async function listBundles(conn: AnyDb, filter: { lifeEvent?: string } = {}): Promise<Bundle[]> {
  let q = db(conn).selectFrom('bundles').select('definition').where('retired_at', 'is', null);
  if (filter.lifeEvent) q = q.where('life_event', '=', filter.lifeEvent);
  return (await q.orderBy('id').execute()).map((r) => r.definition);
}
