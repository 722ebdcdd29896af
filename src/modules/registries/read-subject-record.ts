import type { AnyDb } from '../../platform/db/database.ts';
import { recordPersonalDataReads, type ReadContext } from './record-personal-data-reads.ts';
import { personalFieldsIn } from './records.ts';
import { publishedVersionOf } from './read-records-about.ts';
import * as store from './store.ts';

/** The version records are read from when the caller names none: the newest published one. */
const currentVersion = async (conn: AnyDb, registryId: string) => (await publishedVersionOf(conn, registryId))?.version;

async function subjectRecord(conn: AnyDb, registryId: string, idNumber: string) {
  const registry = await store.findRegistry(conn, registryId);
  const version = registry && await currentVersion(conn, registryId);
  if (!registry || !version) return undefined;
  const [row] = await store.findRecords(conn, registryId, version, { subject: idNumber }, { limit: 1, offset: 0 });
  return row && { registry, version, row };
}

/** Whether the registry holds a current record about the resident; nothing of it is read. */
export async function hasSubjectRecord(conn: AnyDb, registryId: string, idNumber: string): Promise<boolean> {
  return Boolean(await subjectRecord(conn, registryId, idNumber));
}

/**
 * The record a registry holds about one resident now (newest published version, first by key), for
 * Hanaro's own use of it such as issuing a credential. The `fields` the caller uses are logged as
 * read, in `conn` (the caller's transaction), so the resident sees the read in "who used my data".
 */
export async function readSubjectRecord(conn: AnyDb, registryId: string, idNumber: string, fields: readonly string[], ctx: ReadContext, locale: string): Promise<Record<string, unknown> | null> {
  const found = await subjectRecord(conn, registryId, idNumber);
  if (!found) return null;
  const { registry, version, row } = found;
  await recordPersonalDataReads(conn, ctx, { id: registry.id, version, legalBasis: registry.legal_basis },
    [{ recordKey: row.record_key, subjects: row.subjects, fields: personalFieldsIn(registry, fields.filter((f) => f in row.content)) }], locale);
  return row.content;
}
