import type { Generated, SelectQueryBuilder } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Impact, IncidentState } from './snapshot.ts';

type Text = Record<string, string>;

/** Whose rows a query may see: the platform's operators every row, an agency administrator his agency's. */
export type Reach = 'platform' | AgencyScope;

export interface IncidentRow {
  id: Generated<number>; agency_id: string | null; title: Text; impact: Impact; state: IncidentState;
  services: string[]; components: string[]; created_by: string;
  created_at: Generated<Date>; updated_at: Generated<Date>; resolved_at: Date | null; form_id: string | null;
}
export interface UpdateRow { id: Generated<number>; incident_id: number; state: IncidentState; body: Text; author: string; created_at: Generated<Date>; form_id: string | null }
export interface MaintenanceRow {
  id: Generated<number>; agency_id: string | null; services: string[]; components: string[]; starts_at: Date; ends_at: Date; body: Text;
  created_by: string; created_at: Generated<Date>; cancelled_at: Date | null; cancelled_by: string | null; form_id: string | null;
}
interface Tables { status_incidents: IncidentRow; status_incident_updates: UpdateRow; status_maintenance: MaintenanceRow }
const db = tablesOf<Tables>;

export interface Incident { id: number; agency_id: string | null; title: Text; impact: Impact; state: IncidentState; services: string[]; components: string[]; created_by: string; created_at: Date; updated_at: Date; resolved_at: Date | null }
export interface IncidentUpdate { id: number; incident_id: number; state: IncidentState; body: Text; author: string; created_at: Date }
export interface Maintenance { id: number; agency_id: string | null; services: string[]; components: string[]; starts_at: Date; ends_at: Date; body: Text; created_by: string; created_at: Date; cancelled_at: Date | null; cancelled_by: string | null }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function within<Q extends SelectQueryBuilder<Tables, any, any>>(q: Q, reach: Reach): Q {
  return reach === 'platform' ? q : q.where('agency_id', '=', reach.agencyId) as Q;
}
const json = (t: Text) => JSON.stringify(t) as never;

/** The new incident's id, or undefined when its form already wrote one (see incidentOfForm). */
export async function insertIncident(trx: AnyDb, i: { agencyId: string | null; title: Text; impact: Impact; services: string[]; components: string[]; createdBy: string; formId: string }): Promise<number | undefined> {
  const row = await db(trx).insertInto('status_incidents').values({
    agency_id: i.agencyId, title: json(i.title), impact: i.impact, state: 'investigating', services: i.services, components: i.components, created_by: i.createdBy, resolved_at: null, form_id: i.formId,
  }).onConflict((oc) => oc.columns(['created_by', 'form_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** What the author's form with this id wrote before. */
export async function incidentOfForm(conn: AnyDb, formId: string, author: string): Promise<number | undefined> {
  return (await db(conn).selectFrom('status_incidents').select('id').where('form_id', '=', formId).where('created_by', '=', author).executeTakeFirst())?.id;
}

export async function insertUpdate(trx: AnyDb, u: { incidentId: number; state: IncidentState; body: Text; author: string; at: Date; formId: string }): Promise<void> {
  await db(trx).insertInto('status_incident_updates').values({ incident_id: u.incidentId, state: u.state, body: json(u.body), author: u.author, created_at: u.at, form_id: u.formId })
    .onConflict((oc) => oc.columns(['incident_id', 'author', 'form_id']).doNothing()).execute();
}

/** The update the author's form with this id wrote on the incident before. */
export async function updateOfForm(conn: AnyDb, incidentId: number, formId: string, author: string): Promise<IncidentUpdate | undefined> {
  return db(conn).selectFrom('status_incident_updates').select(['id', 'incident_id', 'state', 'body', 'author', 'created_at'])
    .where('incident_id', '=', incidentId).where('form_id', '=', formId).where('author', '=', author).executeTakeFirst() as Promise<IncidentUpdate | undefined>;
}

export async function saveIncidentProgress(trx: AnyDb, id: number, p: { state: IncidentState; impact: Impact }, at: Date): Promise<void> {
  await db(trx).updateTable('status_incidents').set({ ...p, updated_at: at, resolved_at: p.state === 'resolved' ? at : null }).where('id', '=', id).execute();
}

/** One incident in reach; `lock` holds it until commit, so two updates at once are written one after the other. */
export async function findIncident(conn: AnyDb, reach: Reach, id: number, lock = false): Promise<Incident | undefined> {
  const q = within(db(conn).selectFrom('status_incidents').selectAll().where('id', '=', id), reach);
  return (lock ? q.forUpdate() : q).executeTakeFirst() as Promise<Incident | undefined>;
}

/** Open incidents in reach and those resolved since `since`, newest first. */
export async function listIncidents(conn: AnyDb, reach: Reach, since: Date): Promise<Incident[]> {
  return within(db(conn).selectFrom('status_incidents').selectAll(), reach)
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', since)]))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute() as Promise<Incident[]>;
}

/** The timelines of these incidents, oldest update first. */
export async function listUpdates(conn: AnyDb, incidentIds: readonly number[]): Promise<IncidentUpdate[]> {
  if (!incidentIds.length) return [];
  return db(conn).selectFrom('status_incident_updates').selectAll().where('incident_id', 'in', incidentIds)
    .orderBy('created_at').orderBy('id').execute() as Promise<IncidentUpdate[]>;
}

/** The new window's id, or undefined when its form already wrote one. */
export async function insertMaintenance(trx: AnyDb, m: { agencyId: string | null; services: string[]; components: string[]; startsAt: Date; endsAt: Date; body: Text; createdBy: string; formId: string }): Promise<number | undefined> {
  const row = await db(trx).insertInto('status_maintenance').values({
    agency_id: m.agencyId, services: m.services, components: m.components, starts_at: m.startsAt, ends_at: m.endsAt, body: json(m.body), created_by: m.createdBy, cancelled_at: null, cancelled_by: null, form_id: m.formId,
  }).onConflict((oc) => oc.columns(['created_by', 'form_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** Windows in reach, not cancelled, that end after `after`, soonest first. */
export async function listMaintenance(conn: AnyDb, reach: Reach, after: Date): Promise<Maintenance[]> {
  return within(db(conn).selectFrom('status_maintenance').selectAll(), reach)
    .where('cancelled_at', 'is', null).where('ends_at', '>', after).orderBy('starts_at').orderBy('id').execute() as Promise<Maintenance[]>;
}

export async function findMaintenance(conn: AnyDb, reach: Reach, id: number, lock = false): Promise<Maintenance | undefined> {
  const q = within(db(conn).selectFrom('status_maintenance').selectAll().where('id', '=', id), reach);
  return (lock ? q.forUpdate() : q).executeTakeFirst() as Promise<Maintenance | undefined>;
}

export async function markMaintenanceCancelled(trx: AnyDb, id: number, by: string, at: Date): Promise<void> {
  await db(trx).updateTable('status_maintenance').set({ cancelled_at: at, cancelled_by: by }).where('id', '=', id).execute();
}
