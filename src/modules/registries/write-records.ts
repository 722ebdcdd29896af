import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Opened } from './registry-access.ts';
import { recordKeyOf, subjectsOf, validatorOf } from './records.ts';
import * as store from './store.ts';

/** At most this many records change in one updateEntries call: a bigger change is a migration, not a request. */
export const MAX_ENTRIES_PER_UPDATE = 1000;

/** A record that fits its version's schema, with its key and subjects; refused naming the first wrong field. */
function checked(opened: Opened, content: store.RecordContent, field: string): { content: store.RecordContent; key: string; subjects: string[] } {
  const validate = validatorOf(opened.version.schema);
  if (!validate(content)) {
    const e = validate.errors?.[0];
    const path = (e?.instancePath ?? '').split('/').filter(Boolean);
    const missing = (e?.params as { missingProperty?: string; additionalProperty?: string } | undefined);
    const name = missing?.missingProperty ?? missing?.additionalProperty;
    throw new AppError(400, 'invalid_record', 'registries.error.invalidRecord', {
      field: [field, ...path, ...(name ? [name] : [])].join('.'), vars: { problem: e?.message ?? 'invalid' }, detail: JSON.stringify(e),
    });
  }
  const key = recordKeyOf(opened.registry.key_fields, content)!;
  return { content, key, subjects: subjectsOf(opened.registry.subject_fields, content) };
}

async function audited(trx: Tx, who: Actor, opened: Opened, action: string, key: string, details: Record<string, unknown> = {}) {
  await recordAudit(trx, who, { agencyId: opened.registry.agency_id, action: `registry.record_${action}`, target: `registry:${opened.registry.id}/${opened.version.version}/${key}`, details });
}

async function insertChecked(trx: AnyDb, opened: Opened, record: ReturnType<typeof checked>): Promise<void> {
  if (await store.findRecordByKey(trx, opened.registry.id, opened.version.version, record.key)) {
    throw new AppError(409, 'record_exists', 'registries.error.exists', { field: 'write.content', vars: { key: record.key } });
  }
  await store.insertRecordsIfAbsent(trx, [{ registry_id: opened.registry.id, version: opened.version.version, record_key: record.key, content: record.content, subjects: record.subjects, origin: 'api' }]);
}

export async function createRecord(conn: AnyDb, opened: Opened, content: store.RecordContent, who: Actor): Promise<store.RecordContent> {
  const record = checked(opened, content, 'write.content');
  await conn.transaction().execute(async (trx) => {
    await insertChecked(trx, opened, record);
    await audited(trx, who, opened, 'created', record.key);
  });
  return record.content;
}

async function rewrite(trx: AnyDb, opened: Opened, row: store.RecordRow, changes: store.RecordContent): Promise<ReturnType<typeof checked>> {
  const record = checked(opened, { ...row.content, ...changes }, 'write.content');
  if (record.key !== row.record_key && await store.findRecordByKey(trx, opened.registry.id, opened.version.version, record.key)) {
    throw new AppError(409, 'record_exists', 'registries.error.exists', { field: 'write.content', vars: { key: record.key } });
  }
  await store.updateRecord(trx, row.id, { record_key: record.key, content: record.content, subjects: record.subjects });
  return record;
}

/** Updates the one record the query names; 404 when none, 409 when several. */
export async function updateRecord(conn: AnyDb, opened: Opened, query: store.RecordQuery, changes: store.RecordContent, who: Actor): Promise<store.RecordContent> {
  return conn.transaction().execute(async (trx) => {
    const rows = await store.findRecords(trx, opened.registry.id, opened.version.version, query, { limit: 2, offset: 0 });
    if (!rows.length) throw new AppError(404, 'not_found', 'registries.error.noRecord', { field: 'query.content' });
    if (rows.length > 1) throw new AppError(409, 'ambiguous_query', 'registries.error.ambiguous', { field: 'query.content' });
    const record = await rewrite(trx, opened, rows[0]!, changes);
    await audited(trx, who, opened, 'updated', record.key, { fields: Object.keys(changes) });
    return record.content;
  });
}

/** Updates every record the query names, all or none. */
export async function updateEntries(conn: AnyDb, opened: Opened, query: store.RecordQuery, changes: store.RecordContent, who: Actor): Promise<number> {
  return conn.transaction().execute(async (trx) => {
    const rows = await store.findRecords(trx, opened.registry.id, opened.version.version, query, { limit: MAX_ENTRIES_PER_UPDATE + 1, offset: 0 });
    if (rows.length > MAX_ENTRIES_PER_UPDATE) throw new AppError(400, 'too_many_records', 'registries.error.tooMany', { field: 'query.content', vars: { max: MAX_ENTRIES_PER_UPDATE } });
    for (const row of rows) await rewrite(trx, opened, row, changes);
    await recordAudit(trx, who, { agencyId: opened.registry.agency_id, action: 'registry.records_updated', target: `registry:${opened.registry.id}/${opened.version.version}`, details: { count: rows.length, fields: Object.keys(changes) } });
    return rows.length;
  });
}

/** Updates the one record the query names, or creates one from the query and the changes. */
export async function updateOrCreateRecord(conn: AnyDb, opened: Opened, query: store.RecordQuery, changes: store.RecordContent, who: Actor): Promise<{ content: store.RecordContent; created: boolean }> {
  return conn.transaction().execute(async (trx) => {
    const rows = await store.findRecords(trx, opened.registry.id, opened.version.version, query, { limit: 2, offset: 0 });
    if (rows.length > 1) throw new AppError(409, 'ambiguous_query', 'registries.error.ambiguous', { field: 'query.content' });
    if (rows[0]) {
      const record = await rewrite(trx, opened, rows[0], changes);
      await audited(trx, who, opened, 'updated', record.key, { fields: Object.keys(changes) });
      return { content: record.content, created: false };
    }
    const record = checked(opened, { ...query.contains, ...changes }, 'write.content');
    await insertChecked(trx, opened, record);
    await audited(trx, who, opened, 'created', record.key);
    return { content: record.content, created: true };
  });
}

export async function deleteRecord(conn: AnyDb, opened: Opened, row: store.RecordRow, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    await store.deleteRecord(trx, row.id);
    await audited(trx, who, opened, 'deleted', row.record_key);
  });
}
