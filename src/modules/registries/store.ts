import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { RegistryVersionStatus } from '../packs/index.ts';

interface RegistryTable {
  id: string; number: Generated<number>; agency_id: string; title: Text; description: Text | null; legal_basis: Text;
  key_fields: string[]; subject_fields: string[]; personal_fields: string[]; secret_fields: string[];
  field_titles: FieldTitles; value_titles: ValueTitles; content_hash: string; created_at: Generated<Date>; updated_at: Generated<Date>;
}
interface VersionTable {
  registry_id: string; version: string; status: RegistryVersionStatus; schema: RecordSchema;
  created_at: Generated<Date>; updated_at: Generated<Date>;
}
interface RecordTable {
  id: Generated<string>; registry_id: string; version: string; record_key: string; content: RecordContent;
  subjects: string[]; origin: 'pack' | 'population' | 'api'; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface ReadTable {
  id: Generated<number>; read_at: Generated<Date>; resident_id: string | null; subject_id_hash: string;
  reader_kind: 'api_key' | 'oauth' | 'staff' | 'system'; reader_id: string; reader_role: string | null; reader_agency_id: string;
  service_id: string | null; application_id: string | null; purpose: string; legal_basis: string; legal_basis_text: Text | null;
  registry_id: string; registry_version: string; record_key: string | null; fields: string[];
  channel: 'registry-api' | 'office' | 'exchange' | 'issuance' | 'representation'; mediator: string | null; consent_id: string | null; request_id: string | null;
}
interface Tables { registries: RegistryTable; registry_versions: VersionTable; registry_records: RecordTable; personal_data_reads: ReadTable }
const db = tablesOf<Tables>;

export type RecordContent = Record<string, unknown>;
export type FieldTitles = Record<string, Text>;
export type ValueTitles = Record<string, Record<string, Text>>;
export interface RecordSchema { type: 'object'; required?: string[]; properties: Record<string, Record<string, unknown>>; [k: string]: unknown }
export type RegistryRow = Selectable<RegistryTable>;
export type VersionRow = Selectable<VersionTable>;
export type RecordRow = Selectable<RecordTable>;
export type ReadRow = Selectable<ReadTable>;
export type NewRead = Omit<ReadRow, 'id' | 'read_at'>;
export interface NewRecord { registry_id: string; version: string; record_key: string; content: RecordContent; subjects: string[]; origin: RecordTable['origin'] }

const json = (value: unknown) => JSON.stringify(value) as never;

/** JSON with object keys sorted: JSONB does not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export async function upsertRegistry(conn: AnyDb, row: Omit<RegistryTable, 'number' | 'created_at' | 'updated_at'>): Promise<Change> {
  const existing = await db(conn).selectFrom('registries').select('content_hash').where('id', '=', row.id).executeTakeFirst();
  const values = {
    ...row, title: json(row.title), description: json(row.description), legal_basis: json(row.legal_basis),
    field_titles: json(row.field_titles), value_titles: json(row.value_titles),
  };
  if (!existing) {
    await db(conn).insertInto('registries').values(values).execute();
    return 'created';
  }
  if (existing.content_hash === row.content_hash) return 'unchanged';
  await db(conn).updateTable('registries').set({ ...values, updated_at: new Date() }).where('id', '=', row.id).execute();
  return 'updated';
}

/** Writes a version's status and schema; returns whether anything changed. */
export async function upsertVersion(conn: AnyDb, row: Pick<VersionRow, 'registry_id' | 'version' | 'status' | 'schema'>): Promise<boolean> {
  const changed = await db(conn).insertInto('registry_versions').values({ ...row, schema: json(row.schema) })
    .onConflict((oc) => oc.columns(['registry_id', 'version']).doUpdateSet({ status: row.status, schema: json(row.schema), updated_at: new Date() })
      .where(sql<boolean>`registry_versions.status is distinct from excluded.status or registry_versions.schema is distinct from excluded.schema`))
    .returning('version').executeTakeFirst();
  return !!changed;
}

export async function listRegistries(conn: AnyDb): Promise<RegistryRow[]> {
  return db(conn).selectFrom('registries').selectAll().orderBy('number').execute();
}

/** A registry by its id; ids are lower-case slugs, so `MCTS` (as a GovStack client writes a database's name) finds `mcts`. */
export async function findRegistry(conn: AnyDb, id: string): Promise<RegistryRow | undefined> {
  return db(conn).selectFrom('registries').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
}

/** The registry numbered `n`; a number no registry can have (not a positive 32-bit integer) finds none. */
export async function findRegistryByNumber(conn: AnyDb, n: number): Promise<RegistryRow | undefined> {
  if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) return undefined;
  return db(conn).selectFrom('registries').selectAll().where('number', '=', n).executeTakeFirst();
}

export async function listVersions(conn: AnyDb, registryIds: string[]): Promise<VersionRow[]> {
  if (!registryIds.length) return [];
  return db(conn).selectFrom('registry_versions').selectAll().where('registry_id', 'in', registryIds).orderBy('registry_id').orderBy('created_at').execute();
}

export async function findVersion(conn: AnyDb, registryId: string, version: string): Promise<VersionRow | undefined> {
  return db(conn).selectFrom('registry_versions').selectAll().where('registry_id', '=', registryId).where('version', '=', version).executeTakeFirst();
}

/** Archives every version of an agency's registry; records stay readable. */
export async function archiveRegistry(conn: AnyDb, scope: AgencyScope, registryId: string): Promise<number> {
  const owned = await db(conn).selectFrom('registries').select('id').where('id', '=', registryId).where('agency_id', '=', scope.agencyId).executeTakeFirst();
  if (!owned) return 0;
  const rows = await db(conn).updateTable('registry_versions').set({ status: 'archived', updated_at: new Date() })
    .where('registry_id', '=', registryId).where('status', '!=', 'archived').returning('version').execute();
  return rows.length;
}

/**
 * Many records in one statement: one array per column through unnest, so a batch costs one round
 * trip whatever its size. A record already there (same registry, version and key) is left alone.
 */
export async function insertRecordsIfAbsent(conn: AnyDb, rows: NewRecord[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await sql`
    insert into registry_records (registry_id, version, record_key, content, subjects, origin)
    select r, v, k, c::jsonb, string_to_array(s, ','), o
    from unnest(${rows.map((x) => x.registry_id)}::text[], ${rows.map((x) => x.version)}::text[], ${rows.map((x) => x.record_key)}::text[],
                ${rows.map((x) => JSON.stringify(x.content))}::text[], ${rows.map((x) => x.subjects.join(','))}::text[], ${rows.map((x) => x.origin)}::text[])
      as t(r, v, k, c, s, o)
    on conflict (registry_id, version, record_key) do nothing`.execute(conn);
  return Number(result.numAffectedRows ?? 0);
}

/** Writes a pack's record: created, updated when its content changed, or unchanged. */
export async function upsertRecord(conn: AnyDb, row: NewRecord): Promise<Change> {
  const existing = await findRecordByKey(conn, row.registry_id, row.version, row.record_key);
  if (!existing) {
    await db(conn).insertInto('registry_records').values({ ...row, content: json(row.content) }).execute();
    return 'created';
  }
  if (canonical(existing.content) === canonical(row.content)) return 'unchanged';
  await updateRecord(conn, existing.id, row);
  return 'updated';
}

export async function findRecordByKey(conn: AnyDb, registryId: string, version: string, key: string): Promise<RecordRow | undefined> {
  return db(conn).selectFrom('registry_records').selectAll()
    .where('registry_id', '=', registryId).where('version', '=', version).where('record_key', '=', key).executeTakeFirst();
}

export async function findRecordById(conn: AnyDb, registryId: string, version: string, id: string): Promise<RecordRow | undefined> {
  return db(conn).selectFrom('registry_records').selectAll()
    .where('registry_id', '=', registryId).where('version', '=', version).where('id', '=', id).executeTakeFirst();
}

export interface RecordQuery {
  /** Every field of `contains` must equal the record's (JSONB containment). */
  contains?: RecordContent;
  /** Narrows by the record key when the query names every key field. */
  key?: string;
  /** Narrows by a resident the record is about (uses the subjects index). */
  subject?: string;
  /** Case-insensitive regular expression over the text of the record (or of `searchField`). */
  search?: { pattern: string; field?: string };
}

function matching(conn: AnyDb, registryId: string, version: string, q: RecordQuery) {
  let query = db(conn).selectFrom('registry_records').where('registry_id', '=', registryId).where('version', '=', version);
  if (q.key !== undefined) query = query.where('record_key', '=', q.key);
  if (q.subject !== undefined) query = query.where(sql<boolean>`subjects @> array[${q.subject}]::text[]`);
  if (q.contains && Object.keys(q.contains).length) query = query.where(sql<boolean>`content @> ${JSON.stringify(q.contains)}::jsonb`);
  if (q.search) {
    query = q.search.field
      ? query.where(sql<boolean>`content ->> ${q.search.field} ~* ${q.search.pattern}`)
      : query.where(sql<boolean>`content::text ~* ${q.search.pattern}`);
  }
  return query;
}

export async function findRecords(conn: AnyDb, registryId: string, version: string, q: RecordQuery, page: { limit: number; offset: number; descending?: boolean }): Promise<RecordRow[]> {
  return matching(conn, registryId, version, q).selectAll()
    .orderBy('record_key', page.descending ? 'desc' : 'asc').limit(page.limit).offset(page.offset).execute();
}

export async function countRecords(conn: AnyDb, registryId: string, version: string, q: RecordQuery): Promise<number> {
  const row = await matching(conn, registryId, version, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

export async function updateRecord(conn: AnyDb, id: string, row: Pick<NewRecord, 'record_key' | 'content' | 'subjects'>): Promise<void> {
  await db(conn).updateTable('registry_records').set({ record_key: row.record_key, content: json(row.content), subjects: row.subjects, updated_at: new Date() })
    .where('id', '=', id).execute();
}

export async function deleteRecord(conn: AnyDb, id: string): Promise<void> {
  await db(conn).deleteFrom('registry_records').where('id', '=', id).execute();
}

export async function insertReads(conn: AnyDb, reads: NewRead[]): Promise<void> {
  if (!reads.length) return;
  await db(conn).insertInto('personal_data_reads').values(reads.map((r) => ({ ...r, legal_basis_text: r.legal_basis_text && json(r.legal_basis_text) }))).execute();
}

export interface ReadFilter { agencyId?: string; from?: Date; until?: Date; registryId?: string }

function readsOf(conn: AnyDb, residentId: string, f: ReadFilter) {
  let q = db(conn).selectFrom('personal_data_reads').where('resident_id', '=', residentId);
  if (f.agencyId) q = q.where('reader_agency_id', '=', f.agencyId);
  if (f.registryId) q = q.where('registry_id', '=', f.registryId);
  if (f.from) q = q.where('read_at', '>=', f.from);
  if (f.until) q = q.where('read_at', '<', f.until);
  return q;
}

export async function listReadsOfResident(conn: AnyDb, residentId: string, f: ReadFilter, page: { limit: number; offset: number }): Promise<ReadRow[]> {
  return readsOf(conn, residentId, f).selectAll().orderBy('read_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function countReadsOfResident(conn: AnyDb, residentId: string, f: ReadFilter): Promise<number> {
  return (await readsOf(conn, residentId, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

/** The agencies that ever read the resident's data, for the filter. */
export async function readerAgenciesOf(conn: AnyDb, residentId: string): Promise<string[]> {
  const rows = await db(conn).selectFrom('personal_data_reads').select('reader_agency_id').distinct().where('resident_id', '=', residentId).execute();
  return rows.map((r) => r.reader_agency_id).sort();
}
