import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import type { Pack } from '../packs/index.ts';
import { retireDataServicesExcept, upsertDataService } from './store.ts';

/** The pack's data services, written (or retired) in the seed's transaction; the seed audits each change. */
export async function seedDataServices(trx: AnyDb, pack: Pack): Promise<{ id: string; agencyId: string | null; change: Change | 'retired' }[]> {
  const changes: { id: string; agencyId: string | null; change: Change | 'retired' }[] = [];
  for (const ds of pack.dataServices) {
    changes.push({ id: ds.id, agencyId: ds.agency, change: await upsertDataService(trx, ds, createHash('sha256').update(JSON.stringify(ds)).digest('hex')) });
  }
  for (const id of await retireDataServicesExcept(trx, pack.dataServices.map((d) => d.id))) changes.push({ id, agencyId: null, change: 'retired' });
  return changes;
}
