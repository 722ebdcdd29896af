import type { AnyDb } from '../../platform/db/database.ts';
import type { Reader } from './record-personal-data-reads.ts';
import { recordPersonalDataReads } from './record-personal-data-reads.ts';
import { publishedVersionOf } from './read-records-about.ts';
import { personalFieldsIn } from './records.ts';
import * as store from './store.ts';

// The family relations register as packs describe it: one record per pair, read as
// "relative is the person's <relation>" (packs/demo/registries/family-relations.yaml).
const FAMILY_REGISTRY = 'family-relations';
const publishedVersion = async (conn: AnyDb) => (await publishedVersionOf(conn, FAMILY_REGISTRY))?.version;

/**
 * The ID numbers of a person's children, as the family relations register records them now (its
 * newest published version). Hanaro's own check of who may act for a minor, asked on every
 * request: the read is logged once, when the parent starts acting (`recordRepresentationRead`).
 */
export async function childrenOf(conn: AnyDb, parentIdNumber: string): Promise<string[]> {
  const version = await publishedVersion(conn);
  if (!version) return [];
  const rows = await store.findRecords(conn, FAMILY_REGISTRY, version, { subject: parentIdNumber, contains: { personIdNumber: parentIdNumber, relation: 'child' } }, { limit: 50, offset: 0 });
  return rows.map((r) => String(r.content.relativeIdNumber));
}

/** The ID numbers of a person's parents, as the family relations register records them now. */
export async function parentsOf(conn: AnyDb, childIdNumber: string): Promise<string[]> {
  const version = await publishedVersion(conn);
  if (!version) return [];
  const rows = await store.findRecords(conn, FAMILY_REGISTRY, version, { subject: childIdNumber, contains: { relativeIdNumber: childIdNumber, relation: 'child' } }, { limit: 10, offset: 0 });
  return rows.map((r) => String(r.content.personIdNumber));
}

/**
 * Logs, for the parent and the child, that Hanaro read the record making one the other's parent so
 * the parent can act for the child: both see it in "who used my data".
 */
export async function recordRepresentationRead(conn: AnyDb, pair: { parentIdNumber: string; childIdNumber: string }, locale: string): Promise<void> {
  const registry = await store.findRegistry(conn, FAMILY_REGISTRY);
  const version = registry && await publishedVersion(conn);
  if (!registry || !version) return;
  const [row] = await store.findRecords(conn, FAMILY_REGISTRY, version,
    { subject: pair.childIdNumber, contains: { personIdNumber: pair.parentIdNumber, relativeIdNumber: pair.childIdNumber, relation: 'child' } }, { limit: 1, offset: 0 });
  if (!row) return;
  const reader: Reader = { kind: 'system', id: 'legal-representation', agencyId: registry.agency_id };
  await recordPersonalDataReads(conn, { reader, purpose: 'legal-representation', channel: 'representation' }, { id: registry.id, version, legalBasis: registry.legal_basis },
    [{ recordKey: row.record_key, subjects: row.subjects, fields: personalFieldsIn(registry, Object.keys(row.content)) }], locale);
}
