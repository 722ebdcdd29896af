import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import { newestPublished, type Pack, type Registry } from '../packs/index.ts';
import { recordsOfPackResident, type GeneratedRecord } from './population/generate.ts';
import { recordKeyOf, subjectsOf, validatorOf } from './records.ts';
import * as store from './store.ts';

const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Loads the pack's registries: their definitions and versions, and the records of the pack's residents
 * (generated from residents.yaml by the population generator, plus the registry files' own records).
 * A registry counts as updated when its definition, a version or one of its pack records changed.
 */
export async function seedRegistries(trx: AnyDb, pack: Pack): Promise<{ id: string; agencyId: string; change: Change }[]> {
  const generated = pack.residents.flatMap((r, i) => recordsOfPackResident(r, i));
  const results = [];
  for (const registry of pack.registries) {
    const { records, versions, ...definition } = registry;
    let change = await store.upsertRegistry(trx, {
      id: registry.id, agency_id: registry.agency, title: registry.title, description: registry.description ?? null, legal_basis: registry.legalBasis,
      key_fields: registry.keyFields, subject_fields: registry.subjectFields, personal_fields: registry.personalFields,
      secret_fields: registry.secretFields ?? [], field_titles: registry.fieldTitles ?? {}, value_titles: registry.valueTitles ?? {}, content_hash: contentHash(definition),
    });
    for (const v of versions) {
      if (await store.upsertVersion(trx, { registry_id: registry.id, version: v.version, status: v.status, schema: v.schema }) && change === 'unchanged') change = 'updated';
    }
    const own = [...(records ?? []), ...generated.filter((g) => g.registry === registry.id).map((g) => g.content)];
    if (await seedRecords(trx, registry, own) && change === 'unchanged') change = 'updated';
    results.push({ id: registry.id, agencyId: registry.agency, change });
  }
  return results;
}

async function seedRecords(trx: AnyDb, registry: Registry, records: GeneratedRecord['content'][]): Promise<boolean> {
  const version = newestPublished(registry);
  if (!version) return false;
  let changed = false;
  const validate = validatorOf(version.schema);
  for (const content of records) {
    if (!validate(content)) throw new Error(`a record of ${registry.id} does not fit version ${version.version}: ${JSON.stringify(validate.errors?.[0])}`);
    const key = recordKeyOf(registry.keyFields, content);
    if (key === null) throw new Error(`a record of ${registry.id} has no key: ${JSON.stringify(content)}`);
    const change = await store.upsertRecord(trx, { registry_id: registry.id, version: version.version, record_key: key, content, subjects: subjectsOf(registry.subjectFields, content), origin: 'pack' });
    changed ||= change !== 'unchanged';
  }
  return changed;
}
