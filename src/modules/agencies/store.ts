import { sql } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { upsertPackRow, retirePackRowsExcept, type Change } from '../../platform/db/pack-rows.ts';

export interface AgencyRow {
  id: string; name: Text; short_name: Text | null; description: Text;
  contact: { phone?: string; email?: string; address?: Text };
  content_hash: string; created_at: Date; updated_at: Date; retired_at: Date | null;
}
export interface StaffRow {
  id: string; email: string; name: Text; password_hash: string | null; created_at: Date; disabled_at: Date | null;
}
export interface StaffRoleRow { staff_id: string; agency_id: string | null; role: string; granted_at: Date }

interface Tables {
  agencies: AgencyRow;
  staff: StaffRow;
  staff_roles: StaffRoleRow;
}

const db = tablesOf<Tables>;


export async function listAgencies(conn: AnyDb): Promise<AgencyRow[]> {
  return db(conn).selectFrom('agencies').selectAll().where('retired_at', 'is', null).orderBy('id').execute();
}

export async function findAgency(conn: AnyDb, id: string): Promise<AgencyRow | undefined> {
  return db(conn).selectFrom('agencies').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
}

export async function upsertAgency(trx: AnyDb, a: Omit<AgencyRow, 'created_at' | 'updated_at' | 'retired_at'>): Promise<Change> {
  return upsertPackRow(trx, 'agencies', {
    ...a, name: json(a.name), short_name: a.short_name ? json(a.short_name) : null, description: json(a.description), contact: json(a.contact),
  });
}

export const retireAgenciesExcept = (trx: AnyDb, keep: string[]) => retirePackRowsExcept(trx, 'agencies', keep);

// Staff. Sign-in looks people up platform-wide; everything an agency sees goes through a scope.

export async function findStaffByEmail(conn: AnyDb, email: string): Promise<StaffRow | undefined> {
  return db(conn).selectFrom('staff').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

export async function findStaffById(conn: AnyDb, id: string): Promise<StaffRow | undefined> {
  return db(conn).selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesOf(conn: AnyDb, staffId: string): Promise<StaffRoleRow[]> {
  return db(conn).selectFrom('staff_roles').selectAll().where('staff_id', '=', staffId).orderBy('agency_id').orderBy('role').execute();
}

export interface StaffInAgency { id: string; email: string; name: Text; disabled_at: Date | null; roles: string[] }

export async function listStaffOfAgency(conn: AnyDb, scope: AgencyScope, onlyStaffId?: string): Promise<StaffInAgency[]> {
  let q = db(conn).selectFrom('staff').innerJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
    .select(['staff.id', 'staff.email', 'staff.name', 'staff.disabled_at', 'staff_roles.role'])
    .where('staff_roles.agency_id', '=', scope.agencyId);
  if (onlyStaffId) q = q.where('staff.id', '=', onlyStaffId);
  const rows = await q.orderBy('staff.email').orderBy('staff_roles.role').execute();
  const byId = new Map<string, StaffInAgency>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, email: r.email, name: r.name, disabled_at: r.disabled_at, roles: [] };
    entry.roles.push(r.role);
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

export async function findStaffInAgency(conn: AnyDb, scope: AgencyScope, staffId: string): Promise<StaffInAgency | undefined> {
  if (!isUuid(staffId)) return undefined;
  return (await listStaffOfAgency(conn, scope, staffId))[0];
}

export async function upsertStaff(trx: AnyDb, s: { email: string; name: Text; passwordHash: string | null }): Promise<{ id: string; change: Change }> {
  const existing = await findStaffByEmail(trx, s.email);
  if (!existing) {
    const row = await db(trx).insertInto('staff').values({ email: s.email, name: json(s.name), password_hash: s.passwordHash } as never)
      .returning('id').executeTakeFirstOrThrow();
    return { id: row.id, change: 'created' };
  }
  if (sameText(existing.name, s.name)) return { id: existing.id, change: 'unchanged' };
  await db(trx).updateTable('staff').set({ name: json(s.name) } as never).where('id', '=', existing.id).execute();
  return { id: existing.id, change: 'updated' };
}

/** Makes a person's roles exactly `roles`; returns what was granted and revoked. */
export async function setRoles(trx: AnyDb, staffId: string, roles: { agencyId: string | null; role: string }[]) {
  const key = (r: { agencyId: string | null; role: string }) => `${r.agencyId ?? ''}:${r.role}`;
  const current = (await rolesOf(trx, staffId)).map((r) => ({ agencyId: r.agency_id, role: r.role }));
  const wanted = new Set(roles.map(key));
  const have = new Set(current.map(key));
  const granted = roles.filter((r) => !have.has(key(r)));
  const revoked = current.filter((r) => !wanted.has(key(r)));
  for (const r of revoked) {
    let q = db(trx).deleteFrom('staff_roles').where('staff_id', '=', staffId).where('role', '=', r.role);
    q = r.agencyId === null ? q.where('agency_id', 'is', null) : q.where('agency_id', '=', r.agencyId);
    await q.execute();
  }
  if (granted.length) {
    await db(trx).insertInto('staff_roles').values(granted.map((r) => ({ staff_id: staffId, agency_id: r.agencyId, role: r.role })) as never).execute();
  }
  return { granted, revoked };
}

/** jsonb keeps no key order, so texts are compared language by language. */
function sameText(a: Text, b: Text): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

// Role changes from the back office. `agencyId` null is a platform-wide role.

type RoleKey = { staffId: string; agencyId: string | null; role: string };
const whereRole = (agencyId: string | null) => (agencyId === null ? sql`agency_id is null` : sql`agency_id = ${agencyId}`);

/** Grants a role; false when the person already held it. */
export async function grantRole(trx: AnyDb, r: RoleKey): Promise<boolean> {
  const { rows } = await sql`insert into staff_roles (staff_id, agency_id, role) values (${r.staffId}, ${r.agencyId}, ${r.role})
    on conflict do nothing returning staff_id`.execute(trx);
  return rows.length === 1;
}

/** Revokes a role; false when the person did not hold it. */
export async function revokeRole(trx: AnyDb, r: RoleKey): Promise<boolean> {
  const { rows } = await sql`delete from staff_roles where staff_id = ${r.staffId} and role = ${r.role} and ${whereRole(r.agencyId)}
    returning staff_id`.execute(trx);
  return rows.length === 1;
}

/**
 * Who holds a role, locking those rows until the transaction ends: two administrators revoking each
 * other at the same moment cannot both pass the "not the last one" check.
 */
export async function lockHoldersOf(trx: AnyDb, agencyId: string | null, role: string): Promise<string[]> {
  const { rows } = await sql<{ staff_id: string }>`select staff_id from staff_roles where role = ${role} and ${whereRole(agencyId)}
    order by staff_id for update`.execute(trx);
  return rows.map((r) => r.staff_id);
}

export interface PlatformRoleHolder { id: string; email: string; name: Text; role: string }

export async function listPlatformRoleHolders(conn: AnyDb): Promise<PlatformRoleHolder[]> {
  return db(conn).selectFrom('staff').innerJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
    .select(['staff.id', 'staff.email', 'staff.name', 'staff_roles.role']).where('staff_roles.agency_id', 'is', null)
    .orderBy('staff_roles.role').orderBy('staff.email').execute();
}
