import path from 'node:path';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { Country } from '../packs/index.ts';

export const countryMigrations: MigrationSource = { owner: 'country', dir: path.join(import.meta.dirname, 'migrations') };

interface Tables { country: { id: number; code: string; definition: Country; content_hash: string; seeded_digest: string | null; updated_at: Date } }
const db = tablesOf<Tables>;

export async function findCountry(conn: AnyDb): Promise<Country | undefined> {
  return (await db(conn).selectFrom('country').select('definition').where('id', '=', 1).executeTakeFirst())?.definition;
}

export async function upsertCountry(trx: AnyDb, country: Country, contentHash: string): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await db(trx).selectFrom('country').select('content_hash').where('id', '=', 1).executeTakeFirst();
  if (existing?.content_hash === contentHash) return 'unchanged';
  const row = { id: 1, code: country.code, definition: JSON.stringify(country), content_hash: contentHash, updated_at: new Date() };
  await db(trx).insertInto('country').values(row as never)
    .onConflict((oc) => oc.column('id').doUpdateSet(row as never)).execute();
  return existing ? 'updated' : 'created';
}

/** The digest of what the pack was last seeded from (packs/pack-digest.ts), if it was seeded since the column came. */
export async function findSeededDigest(conn: AnyDb): Promise<string | undefined> {
  return (await db(conn).selectFrom('country').select('seeded_digest').where('id', '=', 1).executeTakeFirst())?.seeded_digest ?? undefined;
}

export async function recordSeededDigest(conn: AnyDb, digest: string): Promise<void> {
  await db(conn).updateTable('country').set({ seeded_digest: digest }).where('id', '=', 1).execute();
}

/** The pack's brand colours as CSS custom properties: the theme layer over the KRDS base. */
export function themeCss(country: Country): string {
  return `:root{--hn-primary:${country.theme.primary};--hn-primary-dark:${country.theme.primaryDark};}\n`;
}
export { addWorkingDays, isWorkingDay, type WorkingCalendar } from './working-days.ts';
