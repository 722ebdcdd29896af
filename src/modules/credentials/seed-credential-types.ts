import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Pack } from '../packs/index.ts';
import { retireCredentialTypesExcept, upsertCredentialType } from './store.ts';

/** The pack's credential types; issuance reads the registries they are built from at issue time. */
export async function seedCredentialTypes(trx: AnyDb, pack: Pack): Promise<{ id: string; agencyId: string | null; change: 'created' | 'updated' | 'unchanged' | 'retired' }[]> {
  const changes: { id: string; agencyId: string | null; change: 'created' | 'updated' | 'unchanged' | 'retired' }[] = [];
  for (const type of pack.credentialTypes) {
    changes.push({ id: type.id, agencyId: type.agency, change: await upsertCredentialType(trx, type, createHash('sha256').update(JSON.stringify(type)).digest('hex')) });
  }
  for (const id of await retireCredentialTypesExcept(trx, pack.credentialTypes.map((t) => t.id))) changes.push({ id, agencyId: null, change: 'retired' });
  return changes;
}
