import type { AnyDb } from './database.ts';

export type Change = 'created' | 'updated' | 'unchanged';

/**
 * Writes a row that a country pack defines (an agency, a service …), keyed by `id` and versioned
 * by `content_hash`: re-seeding an unchanged pack writes nothing; a row the pack dropped and
 * brought back is revived. The table needs `updated_at` and `retired_at` columns.
 */
export async function upsertPackRow(trx: AnyDb, table: string, values: { id: string; content_hash: string } & Record<string, unknown>): Promise<Change> {
  const existing = await trx.selectFrom(table).select(['content_hash', 'retired_at']).where('id', '=', values.id).executeTakeFirst();
  if (!existing) {
    await trx.insertInto(table).values(values).execute();
    return 'created';
  }
  if (existing.content_hash === values.content_hash && existing.retired_at === null) return 'unchanged';
  await trx.updateTable(table).set({ ...values, updated_at: new Date(), retired_at: null }).where('id', '=', values.id).execute();
  return 'updated';
}

/** Marks as retired every live row the pack no longer lists; returns their ids. */
export async function retirePackRowsExcept(trx: AnyDb, table: string, keep: string[]): Promise<string[]> {
  const rows = await trx.updateTable(table).set({ retired_at: new Date() })
    .where('retired_at', 'is', null).where('id', 'not in', keep.length ? keep : ['']).returning('id').execute();
  return rows.map((r: { id: string }) => r.id);
}
