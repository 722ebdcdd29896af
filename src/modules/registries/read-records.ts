import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordPersonalDataReads, type ReadContext } from './record-personal-data-reads.ts';
import type { Opened } from './registry-access.ts';
import { personalFieldsIn } from './records.ts';
import * as store from './store.ts';

async function logged(conn: AnyDb, opened: Opened, ctx: ReadContext, rows: { record_key: string; subjects: string[]; content: store.RecordContent }[], fieldsOf: (row: { content: store.RecordContent }) => string[], locale: string) {
  await recordPersonalDataReads(conn, ctx, { id: opened.registry.id, version: opened.version.version, legalBasis: opened.registry.legal_basis },
    rows.map((r) => ({ recordKey: r.record_key, subjects: r.subjects, fields: personalFieldsIn(opened.registry, fieldsOf(r)) })), locale);
}

export interface ListPage { page: number; pageSize: number; descending: boolean }

/** Matching records, a page at a time, each read logged for the residents it is about. */
export async function listRecords(conn: AnyDb, opened: Opened, query: store.RecordQuery, page: ListPage, ctx: ReadContext, locale: string) {
  try {
    const count = await store.countRecords(conn, opened.registry.id, opened.version.version, query);
    const rows = await store.findRecords(conn, opened.registry.id, opened.version.version, query, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize, descending: page.descending });
    await logged(conn, opened, ctx, rows, (r) => Object.keys(r.content), locale);
    return { count, rows };
  } catch (err) {
    // PostgreSQL's own word on a search pattern it cannot read (invalid_regular_expression).
    if ((err as { code?: string }).code === '2201B') throw new AppError(400, 'invalid_search', 'registries.error.search', { field: 'search' });
    throw err;
  }
}

/** The one record a query names (the first by key when several match), its read logged; null when none. */
export async function readRecord(conn: AnyDb, opened: Opened, query: store.RecordQuery, ctx: ReadContext, locale: string): Promise<store.RecordRow | null> {
  const [row] = await store.findRecords(conn, opened.registry.id, opened.version.version, query, { limit: 1, offset: 0 });
  if (!row) return null;
  await logged(conn, opened, ctx, [row], (r) => Object.keys(r.content), locale);
  return row;
}

/** Whether a record matches. A match tells the caller the queried fields are true of a resident: that is logged as a read of them. */
export async function recordExists(conn: AnyDb, opened: Opened, query: store.RecordQuery, ctx: ReadContext, locale: string): Promise<boolean> {
  const [row] = await store.findRecords(conn, opened.registry.id, opened.version.version, query, { limit: 1, offset: 0 });
  if (!row) return false;
  await logged(conn, opened, ctx, [row], () => Object.keys(query.contains ?? {}), locale);
  return true;
}

/** One record by its id (uuid) or its key. */
export async function findRecord(conn: AnyDb, opened: Opened, idOrKey: string): Promise<store.RecordRow | undefined> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrKey);
  return (uuid ? await store.findRecordById(conn, opened.registry.id, opened.version.version, idOrKey.toLowerCase()) : undefined)
    ?? await store.findRecordByKey(conn, opened.registry.id, opened.version.version, idOrKey);
}

/** One field of one record, its read logged. */
export async function readValue(conn: AnyDb, opened: Opened, idOrKey: string, field: string, ctx: ReadContext, locale: string): Promise<unknown> {
  if (!(field in opened.version.schema.properties)) throw new AppError(400, 'unknown_field', 'registries.error.unknownField', { field: 'field', vars: { name: field } });
  const row = await findRecord(conn, opened, idOrKey);
  if (!row) throw new AppError(404, 'not_found', 'registries.error.noRecord', { field: 'ID' });
  if (!(field in row.content)) throw new AppError(404, 'no_value', 'registries.error.noValue', { field: 'field', vars: { name: field } });
  await logged(conn, opened, ctx, [row], () => [field], locale);
  return row.content[field];
}
