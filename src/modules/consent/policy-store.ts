import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { isUuid } from './store.ts';

interface PolicyTable {
  id: Generated<string>; agency_id: string; version: number; name: string; url: string; jurisdiction: string | null; industry_sector: string | null;
  data_retention_period_days: number | null; geographic_restriction: string | null; storage_location: string | null;
  created_at: Generated<Date>; deleted_at: Date | null;
}
interface PolicyRevisionTable { policy_id: string; version: number; snapshot: string; hash: string; predecessor_hash: string | null; actor: string; at: Date }
const db = tablesOf<{ consent_policies: PolicyTable; consent_policy_revisions: PolicyRevisionTable }>;

export type PolicyRow = Selectable<PolicyTable>;
export type PolicyRevisionRow = Selectable<PolicyRevisionTable>;
/** What a writer sets of a policy. */
export type PolicyFields = Pick<PolicyRow, 'name' | 'url' | 'jurisdiction' | 'industry_sector' | 'data_retention_period_days' | 'geographic_restriction' | 'storage_location'>;

/** One of the agency's policies, not deleted; `forUpdate` locks it for the transaction. */
export async function findAgencyPolicy(conn: AnyDb, scope: AgencyScope, id: string, forUpdate = false): Promise<PolicyRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db(conn).selectFrom('consent_policies').selectAll().where('id', '=', id).where('agency_id', '=', scope.agencyId).where('deleted_at', 'is', null);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function listAgencyPolicies(conn: AnyDb, scope: AgencyScope, page: { offset: number; limit: number }): Promise<PolicyRow[]> {
  return db(conn).selectFrom('consent_policies').selectAll().where('agency_id', '=', scope.agencyId).where('deleted_at', 'is', null)
    .orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute();
}

export async function insertPolicy(trx: AnyDb, agencyId: string, fields: PolicyFields): Promise<PolicyRow> {
  return db(trx).insertInto('consent_policies').values({ ...fields, agency_id: agencyId, version: 1, deleted_at: null }).returningAll().executeTakeFirstOrThrow();
}

export async function updatePolicy(trx: AnyDb, id: string, set: Partial<PolicyFields> & { version: number; deleted_at?: Date }): Promise<PolicyRow> {
  return db(trx).updateTable('consent_policies').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertPolicyRevision(trx: AnyDb, row: PolicyRevisionRow): Promise<void> {
  await db(trx).insertInto('consent_policy_revisions').values(row).execute();
}

export async function listPolicyRevisions(conn: AnyDb, policyId: string, page: { offset: number; limit: number }): Promise<PolicyRevisionRow[]> {
  return db(conn).selectFrom('consent_policy_revisions').selectAll().where('policy_id', '=', policyId).orderBy('version').offset(page.offset).limit(page.limit).execute();
}

export async function findPolicyRevision(conn: AnyDb, policyId: string, version: number): Promise<PolicyRevisionRow | undefined> {
  return db(conn).selectFrom('consent_policy_revisions').selectAll().where('policy_id', '=', policyId).where('version', '=', version).executeTakeFirst();
}
