import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Pack } from '../packs/index.ts';
import { replaceSourceRecords, retireCredentialTypesExcept, upsertCredentialType } from './store.ts';

/**
 * The pack's credential types, and (demo packs) the registry records beyond the resident registry
 * they are built from, until issuance reads the registries module directly.
 */
export async function seedCredentialTypes(trx: AnyDb, pack: Pack): Promise<{ id: string; agencyId: string | null; change: 'created' | 'updated' | 'unchanged' | 'retired' }[]> {
  const changes: { id: string; agencyId: string | null; change: 'created' | 'updated' | 'unchanged' | 'retired' }[] = [];
  for (const type of pack.credentialTypes) {
    changes.push({ id: type.id, agencyId: type.agency, change: await upsertCredentialType(trx, type, createHash('sha256').update(JSON.stringify(type)).digest('hex')) });
  }
  for (const id of await retireCredentialTypesExcept(trx, pack.credentialTypes.map((t) => t.id))) changes.push({ id, agencyId: null, change: 'retired' });
  const sources = new Map(pack.credentialTypes.flatMap((t) => t.sources).filter((s) => s.subjectField).map((s) => [s.registry, s.subjectField!]));
  for (const [registryId, subjectField] of sources) {
    const records = pack.registries.find((r) => r.id === registryId)?.records ?? [];
    await replaceSourceRecords(trx, registryId, records.map((data) => ({ subject: String(data[subjectField]), data })));
  }
  return changes;
}
