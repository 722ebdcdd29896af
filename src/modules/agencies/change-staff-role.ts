import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { findStaffByEmail, findStaffInAgency, grantRole, lockHoldersOf, revokeRole } from './store.ts';

/** The roles an agency administrator hands out in their own agency; platform roles are never among them. */
export const AGENCY_ROLES = ['officer', 'agency_admin', 'auditor'] as const;
/** Platform-wide roles, managed by platform operators only. */
export const PLATFORM_ROLES = ['platform_operator', 'auditor'] as const;
/** The role that must always have at least one holder, per agency and on the platform. */
const KEEPER = { agency: 'agency_admin', platform: 'platform_operator' } as const;

export type RoleChange = { role: string; action: 'grant' | 'revoke' };
export type RoleChangeResult = { ok: true; changed: boolean } | { ok: false; problem: 'not_found' | 'not_a_role' | 'last_holder' };

/**
 * Grants or revokes one role of a staff member of the acting agency, audited in the agency's chain.
 * Sessions read roles on every request, so the change applies to the person's very next click.
 */
export async function changeAgencyRole(conn: AnyDb, scope: AgencyScope, staffId: string, change: RoleChange, who: Actor): Promise<RoleChangeResult> {
  if (!(AGENCY_ROLES as readonly string[]).includes(change.role)) return { ok: false, problem: 'not_a_role' };
  return conn.transaction().execute(async (trx) => {
    if (!await findStaffInAgency(trx, scope, staffId)) return { ok: false as const, problem: 'not_found' as const };
    return applyRoleChange(trx, { staffId, agencyId: scope.agencyId, role: change.role }, change.action, KEEPER.agency, who);
  });
}

/** A platform operator grants (by work email) or revokes a platform-wide role, audited in the platform chain. */
export async function changePlatformRole(conn: AnyDb, target: { email: string } | { staffId: string }, change: RoleChange, who: Actor): Promise<RoleChangeResult> {
  if (!(PLATFORM_ROLES as readonly string[]).includes(change.role)) return { ok: false, problem: 'not_a_role' };
  return conn.transaction().execute(async (trx) => {
    const staffId = 'staffId' in target ? target.staffId : (await findStaffByEmail(trx, target.email))?.id;
    if (!staffId) return { ok: false as const, problem: 'not_found' as const };
    return applyRoleChange(trx, { staffId, agencyId: null, role: change.role }, change.action, KEEPER.platform, who);
  });
}

async function applyRoleChange(trx: Tx, role: { staffId: string; agencyId: string | null; role: string }, action: RoleChange['action'], keeper: string, who: Actor): Promise<RoleChangeResult> {
  if (action === 'revoke' && role.role === keeper) {
    const holders = await lockHoldersOf(trx, role.agencyId, keeper);
    if (holders.length === 1 && holders[0] === role.staffId) return { ok: false, problem: 'last_holder' };
  }
  const changed = action === 'grant' ? await grantRole(trx, role) : await revokeRole(trx, role);
  if (changed) {
    await recordAudit(trx, who, { agencyId: role.agencyId, action: `staff.role_${action === 'grant' ? 'granted' : 'revoked'}`, target: `staff:${role.staffId}`, details: { role: role.role } });
  }
  return { ok: true, changed };
}
