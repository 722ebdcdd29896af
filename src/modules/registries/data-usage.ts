import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { listAgencies } from '../agencies/index.ts';
import { findService } from '../catalog/index.ts';
import { wordsOf, type RegistryWords } from './field-titles.ts';
import * as store from './store.ts';

export const USAGE_PAGE_SIZE = 25;
/** A CSV export holds at most this many reads; a longer history is exported a period at a time. */
export const USAGE_EXPORT_MAX = 10_000;

export interface UsageFilter { agencyId?: string; from?: string; to?: string }

/** One read as the resident sees it: the reader's agency and role, never a staff member's name. */
export interface UsageEntry {
  id: number; readAt: Date; agency: Text; readerKind: store.ReadRow['reader_kind']; readerRole: string | null;
  registry: Text; fields: string[]; purpose: string; legalBasis: Text; service: Text | null; applicationId: string | null; channel: string;
  /** What the registry's fields are called, for `fields`. */
  words: RegistryWords;
}

const DAY_MS = 86_400_000;
const toRange = (f: UsageFilter): store.ReadFilter => ({
  ...(f.agencyId ? { agencyId: f.agencyId } : {}),
  ...(f.from ? { from: new Date(`${f.from}T00:00:00Z`) } : {}),
  ...(f.to ? { until: new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS) } : {}),
});

/**
 * The law in every language when the read logged it so; a read logged before that, under its
 * registry's own law, finds it there; the caller's own words stay as they were.
 */
function legalBasisOf(r: store.ReadRow, registry: store.RegistryRow | undefined): Text {
  if (r.legal_basis_text) return r.legal_basis_text;
  return registry && Object.values(registry.legal_basis).includes(r.legal_basis) ? registry.legal_basis : { und: r.legal_basis };
}

async function present(conn: AnyDb, rows: store.ReadRow[]): Promise<UsageEntry[]> {
  const agencies = new Map((await listAgencies(conn)).map((a) => [a.id, a.name]));
  const registries = new Map((await store.listRegistries(conn)).map((r) => [r.id, r]));
  const services = new Map<string, Text | null>();
  for (const id of new Set(rows.map((r) => r.service_id).filter((s): s is string => !!s))) services.set(id, (await findService(conn, id))?.definition.title ?? null);
  return rows.map((r) => ({
    id: r.id, readAt: r.read_at, agency: agencies.get(r.reader_agency_id) ?? { en: r.reader_agency_id }, readerKind: r.reader_kind, readerRole: r.reader_role,
    registry: registries.get(r.registry_id)?.title ?? { en: r.registry_id }, fields: r.fields, purpose: r.purpose, legalBasis: legalBasisOf(r, registries.get(r.registry_id)),
    service: r.service_id ? services.get(r.service_id) ?? { en: r.service_id } : null, applicationId: r.application_id, channel: r.channel,
    words: wordsOf(registries.get(r.registry_id) ?? { field_titles: {}, value_titles: {} }),
  }));
}

/** A page of every read of the resident's personal data, newest first, and the agencies to filter by. */
export async function listDataUsage(conn: AnyDb, residentId: string, filter: UsageFilter, page: number) {
  const range = toRange(filter);
  const total = await store.countReadsOfResident(conn, residentId, range);
  const rows = await store.listReadsOfResident(conn, residentId, range, { limit: USAGE_PAGE_SIZE, offset: (page - 1) * USAGE_PAGE_SIZE });
  const agencies = new Map((await listAgencies(conn)).map((a) => [a.id, a.name]));
  const readers = (await store.readerAgenciesOf(conn, residentId)).map((id) => ({ id, name: agencies.get(id) ?? { en: id } }));
  return { total, entries: await present(conn, rows), readers, pages: Math.max(1, Math.ceil(total / USAGE_PAGE_SIZE)) };
}

export async function exportDataUsage(conn: AnyDb, residentId: string, filter: UsageFilter): Promise<UsageEntry[]> {
  return present(conn, await store.listReadsOfResident(conn, residentId, toRange(filter), { limit: USAGE_EXPORT_MAX, offset: 0 }));
}

/** Reads of one registry, for the GovStack myPersonalDataUsage endpoint. */
export async function usageOfRegistry(conn: AnyDb, residentId: string, registryId: string): Promise<(store.ReadRow & { agencyName: Text })[]> {
  const agencies = new Map((await listAgencies(conn)).map((a) => [a.id, a.name]));
  const rows = await store.listReadsOfResident(conn, residentId, { registryId }, { limit: USAGE_EXPORT_MAX, offset: 0 });
  return rows.map((r) => ({ ...r, agencyName: agencies.get(r.reader_agency_id) ?? { en: r.reader_agency_id } }));
}
