import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';

export const DOCUMENT_KINDS = ['resident_card', 'driver_licence', 'passport', 'alien_card'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

interface CounterVisitRow {
  id: Generated<string>; agency_id: string; resident_id: string; checked_by: string; checked_at: Generated<Date>;
  document_kind: DocumentKind; document_ref: string; application_id: string | null;
}
export type CounterVisit = Selectable<CounterVisitRow>;

const db = tablesOf<{ counter_visits: CounterVisitRow }>;
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function insertVisit(trx: AnyDb, scope: AgencyScope, v: Pick<CounterVisitRow, 'resident_id' | 'checked_by' | 'document_kind' | 'document_ref'>): Promise<string> {
  const row = await db(trx).insertInto('counter_visits').values({ ...v, agency_id: scope.agencyId, application_id: null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One of the agency's counter visits; another agency's is as if it did not exist. */
export async function findVisit(conn: AnyDb, scope: AgencyScope, id: string): Promise<CounterVisit | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('counter_visits').selectAll().where('id', '=', id).where('agency_id', '=', scope.agencyId).executeTakeFirst();
}

export async function listVisitsSince(conn: AnyDb, scope: AgencyScope, since: Date): Promise<CounterVisit[]> {
  return db(conn).selectFrom('counter_visits').selectAll().where('agency_id', '=', scope.agencyId)
    .where('checked_at', '>=', since).orderBy('checked_at', 'desc').limit(50).execute();
}

/** Ties the visit to the application filed at it, once: a visit that already has one keeps it. */
export async function linkApplication(trx: AnyDb, scope: AgencyScope, visitId: string, applicationId: string): Promise<boolean> {
  const r = await db(trx).updateTable('counter_visits').set({ application_id: applicationId })
    .where('id', '=', visitId).where('agency_id', '=', scope.agencyId).where('application_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
