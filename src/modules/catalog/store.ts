import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { upsertPackRow, retirePackRowsExcept, type Change } from '../../platform/db/pack-rows.ts';
import type { Service } from '../packs/pack.ts';

export interface ServiceRow {
  id: string; agency_id: string; category: string; life_events: string[]; popular: boolean;
  definition: Service; content_hash: string; open: boolean;
  created_at: Date; updated_at: Date; retired_at: Date | null;
}
interface Tables { services: ServiceRow }
const db = tablesOf<Tables>;

const live = (conn: AnyDb) => db(conn).selectFrom('services').selectAll().where('retired_at', 'is', null);

/** What residents see: open services of every agency. */
export async function listPublicServices(conn: AnyDb, filter: { agencyId?: string; popular?: boolean } = {}): Promise<ServiceRow[]> {
  let q = live(conn).where('open', '=', true);
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  if (filter.popular) q = q.where('popular', '=', true);
  return q.orderBy('agency_id').orderBy('id').execute();
}

export async function findPublicService(conn: AnyDb, id: string): Promise<ServiceRow | undefined> {
  return live(conn).where('open', '=', true).where('id', '=', id).executeTakeFirst();
}

export async function listAgencyServices(conn: AnyDb, scope: AgencyScope): Promise<ServiceRow[]> {
  return live(conn).where('agency_id', '=', scope.agencyId).orderBy('id').execute();
}

export async function findAgencyService(conn: AnyDb, scope: AgencyScope, id: string): Promise<ServiceRow | undefined> {
  return live(conn).where('agency_id', '=', scope.agencyId).where('id', '=', id).executeTakeFirst();
}

export async function setServiceOpen(trx: AnyDb, scope: AgencyScope, id: string, open: boolean): Promise<boolean> {
  const r = await db(trx).updateTable('services').set({ open, updated_at: new Date() })
    .where('agency_id', '=', scope.agencyId).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function upsertService(trx: AnyDb, s: Service, contentHash: string): Promise<Change> {
  return upsertPackRow(trx, 'services', {
    id: s.id, agency_id: s.agency, category: s.category, life_events: s.lifeEvents ?? [], popular: s.popular ?? false,
    definition: JSON.stringify(s), content_hash: contentHash,
  });
}

export const retireServicesExcept = (trx: AnyDb, keep: string[]) => retirePackRowsExcept(trx, 'services', keep);
