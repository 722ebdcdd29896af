import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { newestPublished } from '../packs/index.ts';
import { recordPersonalDataReads, type ReadContext } from './record-personal-data-reads.ts';
import { personalFieldsIn } from './records.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

const MAX_RECORDS = 100;

/** The version of a registry new records go to (its newest published one), with its schema; undefined when none. */
export async function publishedVersionOf(conn: AnyDb, registryId: string): Promise<{ version: string; schema: store.RecordSchema } | undefined> {
  const v = newestPublished({ versions: await store.listVersions(conn, [registryId]) });
  return v && { version: v.version, schema: v.schema };
}

/**
 * The records of a registry's published version whose `subjectField` is the resident's ID number,
 * cut to `fields`, each read logged for the residents it is about (what the exchange answers with),
 * with the data service's legal basis (logged in `locale`, the pack's first language, and in every language).
 */
export async function readRecordsAbout(conn: AnyDb, q: { registryId: string; subjectField: string; idNumber: string; fields: readonly string[] }, ctx: ReadContext & { legalBasis: Text }, locale: string):
  Promise<{ version: string; records: Record<string, unknown>[] } | undefined> {
  return inSpan('registries.read', { 'hanaro.registry': q.registryId }, async (span) => {
    const registry = await store.findRegistry(conn, q.registryId);
    const published = registry && await publishedVersionOf(conn, registry.id);
    if (!registry || !published) return undefined;
    const rows = await store.findRecords(conn, registry.id, published.version, { subject: q.idNumber, contains: { [q.subjectField]: q.idNumber } }, { limit: MAX_RECORDS, offset: 0 });
    const records = rows.map((r) => Object.fromEntries(q.fields.filter((f) => f in r.content).map((f) => [f, r.content[f]])));
    await recordPersonalDataReads(conn, ctx, { id: registry.id, version: published.version, legalBasis: ctx.legalBasis },
      rows.map((r, i) => ({ recordKey: r.record_key, subjects: r.subjects, fields: personalFieldsIn(registry, Object.keys(records[i]!)) })), locale);
    span?.setAttributes({ 'hanaro.registry.version': published.version, 'hanaro.registry.record_count': records.length });
    return { version: published.version, records };
  });
}
