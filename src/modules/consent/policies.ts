import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, type AnyDb, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import * as policies from './policy-store.ts';
import { canonicalJson, sha256 } from './revisions.ts';

/** The fields of a policy that its revision keeps, as GovStack's Policy names them (unset ones left out). */
export function policyData(p: policies.PolicyRow) {
  const optional = {
    jurisdiction: p.jurisdiction, industrySector: p.industry_sector, dataRetentionPeriodDays: p.data_retention_period_days,
    geographicRestriction: p.geographic_restriction, storageLocation: p.storage_location,
  };
  return { id: p.id, name: p.name, version: String(p.version), url: p.url, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)) };
}

export const unknownPolicy = (id: string) => new AppError(404, 'unknown_policy', 'consent.error.unknownPolicy', { field: 'policyId', vars: { id } });

type Who = { actor: string; requestId: string | null };
type Change = 'created' | 'updated' | 'deleted';

/** The policy's next revision, chained to the one before, and its audit entry, in the caller's transaction. */
async function revise(trx: Tx, who: Who, policy: policies.PolicyRow, change: Change): Promise<policies.PolicyRevisionRow> {
  const before = policy.version > 1 ? await policies.findPolicyRevision(trx, policy.id, policy.version - 1) : undefined;
  const at = new Date();
  const predecessorHash = before?.hash ?? null;
  const snapshot = canonicalJson({
    schemaName: 'Policy', objectId: policy.id, objectData: { ...policyData(policy), deleted: change === 'deleted' }, timestamp: at.toISOString(), authorizedByOther: who.actor, predecessorHash,
  });
  const revision = { policy_id: policy.id, version: policy.version, snapshot, hash: sha256(snapshot), predecessor_hash: predecessorHash, actor: who.actor, at };
  await policies.insertPolicyRevision(trx, revision);
  await recordAudit(trx, { actor: who.actor, requestId: who.requestId }, {
    agencyId: policy.agency_id, action: `consent.policy.${change}`, target: `consent-policy:${policy.id}`, details: { version: policy.version, hash: revision.hash, name: policy.name },
  });
  return revision;
}

/** An agency system writes a new policy of its agency: version 1, with its first revision. */
export async function createPolicy(conn: AnyDb, scope: AgencyScope, fields: policies.PolicyFields, who: Who) {
  return inTransaction(conn, async (trx) => {
    const policy = await policies.insertPolicy(trx, scope.agencyId, fields);
    return { policy, revision: await revise(trx, who, policy, 'created') };
  });
}

/** A new version of one of the agency's policies (or its deletion), with a new revision; another agency's is 404. */
export async function changePolicy(conn: AnyDb, scope: AgencyScope, id: string, change: { fields: policies.PolicyFields } | 'delete', who: Who) {
  return inTransaction(conn, async (trx) => {
    const current = await policies.findAgencyPolicy(trx, scope, id, true);
    if (!current) throw unknownPolicy(id);
    const set = change === 'delete' ? { version: current.version + 1, deleted_at: new Date() } : { ...change.fields, version: current.version + 1 };
    const policy = await policies.updatePolicy(trx, current.id, set);
    return { policy, revision: await revise(trx, who, policy, change === 'delete' ? 'deleted' : 'updated') };
  });
}
