import { sql, type Generated } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyFragment, AgencyQuotas } from '../packs/index.ts';

interface OnboardedRow { agency_id: string; fragment: AgencyFragment; created_by: string; created_at: Generated<Date>; updated_at: Generated<Date> }
interface QuotaRow { agency_id: string; requests_per_minute: number; storage_bytes: string | number; updated_at: Date }
interface Tables { onboarded_agencies: OnboardedRow; agency_quotas: QuotaRow }
const db = tablesOf<Tables>;

export async function listOnboardedFragments(conn: AnyDb): Promise<AgencyFragment[]> {
  return (await db(conn).selectFrom('onboarded_agencies').select('fragment').orderBy('created_at').execute()).map((r) => r.fragment);
}

export async function isOnboarded(conn: AnyDb, agencyId: string): Promise<boolean> {
  return Boolean(await db(conn).selectFrom('onboarded_agencies').select('agency_id').where('agency_id', '=', agencyId).executeTakeFirst());
}

export async function saveFragment(trx: AnyDb, fragment: AgencyFragment, createdBy: string): Promise<void> {
  await db(trx).insertInto('onboarded_agencies').values({ agency_id: fragment.agency.id, fragment: JSON.stringify(fragment) as never, created_by: createdBy })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ fragment: JSON.stringify(fragment) as never, updated_at: new Date() })).execute();
}

export async function saveQuotas(trx: AnyDb, agencyId: string, q: AgencyQuotas): Promise<void> {
  const values = { requests_per_minute: q.requestsPerMinute, storage_bytes: q.storageBytes, updated_at: new Date() };
  await db(trx).insertInto('agency_quotas').values({ agency_id: agencyId, ...values })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet(values)).execute();
  await sql`select nextval('agency_quotas_version')`.execute(trx);
}

export async function findQuotas(conn: AnyDb, agencyId: string): Promise<AgencyQuotas | undefined> {
  const row = await db(conn).selectFrom('agency_quotas').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
  return row && { requestsPerMinute: row.requests_per_minute, storageBytes: Number(row.storage_bytes) };
}

export async function listQuotas(conn: AnyDb): Promise<Map<string, AgencyQuotas>> {
  const rows = await db(conn).selectFrom('agency_quotas').selectAll().execute();
  return new Map(rows.map((r) => [r.agency_id, { requestsPerMinute: r.requests_per_minute, storageBytes: Number(r.storage_bytes) }]));
}

/** Moves whenever a quota changes: one row read, cheap enough to check every few seconds on every node. */
export async function quotasVersion(conn: AnyDb): Promise<string> {
  const row = await sql<{ last_value: string; is_called: boolean }>`select last_value, is_called from agency_quotas_version`.execute(conn);
  const r = row.rows[0]!;
  return r.is_called ? String(r.last_value) : '0';
}
