import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller } from '../../platform/http/api-callers.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findService, listAgencyServices, listPublicServices, listServiceIds, type ServiceRow } from '../catalog/index.ts';

// The GovStack API names services and eForms by UUID; Hanaro's are pack slugs. A name-based
// (version 5) UUID turns each slug into the same UUID on every node and every start.
const NAMESPACE = Buffer.from('5f0c6a4e8b1d4c2e9a7f3d2b1c0e9f8a', 'hex');

export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const serviceUuid = (slug: string) => stableUuid(`service:${slug}`);
export const eFormUuid = (slug: string) => stableUuid(`eform:${slug}`);

/** Every open service, plus the caller's own agency's closed ones (its applications still use them). */
export async function visibleServices(conn: AnyDb, caller: ApiCaller): Promise<ServiceRow[]> {
  const open = await listPublicServices(conn);
  const own = (await listAgencyServices(conn, agencyScope(caller.agencyId))).filter((s) => !s.open);
  return [...open, ...own];
}

/** A service by its API UUID or by its Hanaro id, if the caller may see it. */
export async function findVisibleService(conn: AnyDb, caller: ApiCaller, id: string): Promise<ServiceRow | undefined> {
  const slug = UUID.test(id) ? await slugFor(conn, 'service', id) : id;
  return slug ? visible(caller, await findService(conn, slug)) : undefined;
}

export async function findServiceByEForm(conn: AnyDb, caller: ApiCaller, eFormId: string): Promise<ServiceRow | undefined> {
  const slug = UUID.test(eFormId) ? await slugFor(conn, 'eform', eFormId) : undefined;
  return slug ? visible(caller, await findService(conn, slug)) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const visible = (caller: ApiCaller, row: ServiceRow | undefined) => (row && (row.open || row.agency_id === caller.agencyId) ? row : undefined);

// UUIDs are derived from slugs and never change, so these maps only grow; a miss re-reads the ids.
const uuidOf = { service: serviceUuid, eform: eFormUuid };
const slugsByUuid = { service: new Map<string, string>(), eform: new Map<string, string>() };

async function slugFor(conn: AnyDb, kind: keyof typeof uuidOf, uuid: string): Promise<string | undefined> {
  const known = slugsByUuid[kind];
  if (!known.has(uuid.toLowerCase())) for (const slug of await listServiceIds(conn)) known.set(uuidOf[kind](slug), slug);
  return known.get(uuid.toLowerCase());
}
