import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Answers } from './eform/index.ts';

export type ApplicationStatus = 'draft' | 'submitted' | 'info_requested' | 'approved' | 'rejected' | 'withdrawn';

interface ApplicationRow {
  id: Generated<string>; reference: string | null; service_id: string; agency_id: string; resident_id: string;
  status: ApplicationStatus; answers: Answers; step_index: Generated<number>; assignee_id: string | null;
  bundle_id: string | null; filed_by: string; created_at: Generated<Date>; updated_at: Generated<Date>;
  submitted_at: Date | null; due_at: Date | null; decided_at: Date | null; decision_reason: string | null; document_id: string | null;
}
export type Application = Selectable<ApplicationRow>;
export type ApplicationPatch = Partial<Pick<Application, 'status' | 'answers' | 'step_index' | 'assignee_id' | 'reference' | 'submitted_at' | 'due_at' | 'decided_at' | 'decision_reason' | 'document_id'>>;

interface EventRow { id: Generated<number>; application_id: string; at: Generated<Date>; actor: string; kind: string; step: string | null; message: string | null }
export type ApplicationEvent = Selectable<EventRow>;

interface FileRow {
  id: Generated<string>; application_id: string; field: string; filename: string; media_type: string;
  size: number; sha256: string; content: Buffer; created_at: Generated<Date>;
}
export type StoredFile = Omit<Selectable<FileRow>, 'content'>;

/** What a data service of another agency answered for the application, or why the exchange refused. */
interface AgencyDataRow {
  application_id: string; data_service_id: string; provider_agency_id: string; outcome: 'fetched' | 'refused';
  refusal_reason: string | null; consent_id: string | null; exchange_message_id: string | null;
  records: Record<string, unknown>[] | null; response_jws: string | null; fetched_at: Generated<Date>;
}
export type AgencyData = Selectable<AgencyDataRow>;

interface DataReportRow { id: Generated<string>; application_id: string; data_service_id: string; message: string; reported_by: string; reported_at: Generated<Date> }
export type DataReport = Selectable<DataReportRow>;

interface Tables {
  applications: ApplicationRow; application_events: EventRow; application_files: FileRow;
  application_agency_data: AgencyDataRow; application_data_reports: DataReportRow;
}
const db = tablesOf<Tables>;
const json = (value: unknown) => JSON.stringify(value) as never;

/** A new draft, as stored. */
export async function insertApplication(trx: AnyDb, a: Pick<ApplicationRow, 'service_id' | 'agency_id' | 'resident_id' | 'filed_by' | 'bundle_id'> & { answers?: Answers }): Promise<Application> {
  return db(trx).insertInto('applications').values({
    ...a, status: 'draft', answers: json(a.answers ?? {}), reference: null, assignee_id: null,
    submitted_at: null, due_at: null, decided_at: null, decision_reason: null, document_id: null,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function findDraft(conn: AnyDb, residentId: string, serviceId: string): Promise<Application | undefined> {
  return db(conn).selectFrom('applications').selectAll().where('resident_id', '=', residentId)
    .where('service_id', '=', serviceId).where('status', '=', 'draft').where('bundle_id', 'is', null).executeTakeFirst();
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** One of the resident's own applications; anyone else's is as if it did not exist. */
export async function findResidentApplication(conn: AnyDb, residentId: string, id: string): Promise<Application | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('applications').selectAll().where('id', '=', id).where('resident_id', '=', residentId).executeTakeFirst();
}

export async function listResidentApplications(conn: AnyDb, residentId: string): Promise<Application[]> {
  return db(conn).selectFrom('applications').selectAll().where('resident_id', '=', residentId)
    .where('status', '<>', 'withdrawn').orderBy('updated_at', 'desc').execute();
}

export async function listBundleApplications(conn: AnyDb, residentId: string, bundleId: string): Promise<Application[]> {
  return db(conn).selectFrom('applications').selectAll().where('resident_id', '=', residentId)
    .where('bundle_id', '=', bundleId).orderBy('agency_id').execute();
}

/** Changes an application of the resident's, only while it is in one of `from`; returns it if it did. */
export async function updateResidentApplication(trx: AnyDb, residentId: string, id: string, from: ApplicationStatus[], patch: ApplicationPatch): Promise<Application | undefined> {
  return db(trx).updateTable('applications').set({ ...encode(patch), updated_at: new Date() })
    .where('id', '=', id).where('resident_id', '=', residentId).where('status', 'in', from)
    .returningAll().executeTakeFirst();
}

/**
 * The draft becomes submitted with the next reference (`<prefix>-<year>-<number, at least six
 * digits>`) and its `submitted` event, in one statement. Undefined when it was no longer a draft.
 */
export async function submitDraft(trx: AnyDb, app: Pick<Application, 'id' | 'resident_id'>, s: { answers: Answers; submitted_at: Date; due_at: Date; referencePrefix: string; actor: string }): Promise<Application | undefined> {
  const prefix = `${s.referencePrefix}-${s.submitted_at.getUTCFullYear()}-`;
  return db(trx).with('submitted', (q) => q.updateTable('applications').set({
    status: 'submitted', answers: json(s.answers), submitted_at: s.submitted_at, due_at: s.due_at, updated_at: new Date(),
    reference: sql<string>`(select ${prefix} || case when length(n) < 6 then lpad(n, 6, '0') else n end from (select nextval('application_reference_seq')::text as n) next)`,
  }).where('id', '=', app.id).where('resident_id', '=', app.resident_id).where('status', '=', 'draft').returningAll())
    .with('event', (q) => q.insertInto('application_events').columns(['application_id', 'actor', 'kind', 'step', 'message'])
      .expression((e) => e.selectFrom('submitted').select([
        'submitted.id', sql<string>`${s.actor}::text`.as('actor'), sql<string>`'submitted'`.as('kind'), sql<null>`null::text`.as('step'), sql<null>`null::text`.as('message'),
      ])))
    .selectFrom('submitted').selectAll().executeTakeFirst() as Promise<Application | undefined>;
}

/** `due`: 'overdue', or a number of days within which open work falls due. */
export interface QueueFilter { serviceId?: string; status?: ApplicationStatus; due?: 'overdue' | number; assignee?: string }

/** The agency's work: everything submitted to it, never a draft, never another agency's. */
export async function listAgencyQueue(conn: AnyDb, scope: AgencyScope, f: QueueFilter): Promise<Application[]> {
  let q = db(conn).selectFrom('applications').selectAll().where('agency_id', '=', scope.agencyId).where('status', '<>', 'draft');
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.assignee) q = q.where('assignee_id', '=', f.assignee);
  if (f.due !== undefined) {
    const until = f.due === 'overdue' ? new Date() : new Date(Date.now() + f.due * 86_400_000);
    q = q.where('due_at', '<', until).where('status', 'in', ['submitted', 'info_requested']);
  }
  return q.orderBy('due_at', 'asc').limit(500).execute();
}

export async function findAgencyApplication(conn: AnyDb, scope: AgencyScope, id: string): Promise<Application | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('applications').selectAll().where('id', '=', id).where('agency_id', '=', scope.agencyId)
    .where('status', '<>', 'draft').executeTakeFirst();
}

/** Changes one of the agency's applications only if it is still as the officer saw it (`from`). */
export async function updateAgencyApplication(trx: AnyDb, scope: AgencyScope, id: string, from: ApplicationStatus[], patch: ApplicationPatch): Promise<Application | undefined> {
  return db(trx).updateTable('applications').set({ ...encode(patch), updated_at: new Date() })
    .where('id', '=', id).where('agency_id', '=', scope.agencyId).where('status', 'in', from)
    .returningAll().executeTakeFirst();
}

function encode(patch: ApplicationPatch) {
  return patch.answers ? { ...patch, answers: json(patch.answers) } : patch;
}

export async function addEvent(trx: AnyDb, e: Pick<EventRow, 'application_id' | 'actor' | 'kind'> & { step?: string | null; message?: string | null }) {
  await db(trx).insertInto('application_events').values({ step: null, message: null, ...e }).execute();
}

export async function listEvents(conn: AnyDb, applicationId: string): Promise<ApplicationEvent[]> {
  return db(conn).selectFrom('application_events').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

export async function insertFile(trx: AnyDb, f: Omit<FileRow, 'id' | 'created_at'>): Promise<string> {
  return (await db(trx).insertInto('application_files').values(f).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listFiles(conn: AnyDb, applicationId: string): Promise<StoredFile[]> {
  return db(conn).selectFrom('application_files').select(['id', 'application_id', 'field', 'filename', 'media_type', 'size', 'sha256', 'created_at'])
    .where('application_id', '=', applicationId).orderBy('created_at').execute();
}

export async function readFile(conn: AnyDb, applicationId: string, fileId: string): Promise<Selectable<FileRow> | undefined> {
  if (!isUuid(fileId)) return undefined;
  return db(conn).selectFrom('application_files').selectAll().where('application_id', '=', applicationId).where('id', '=', fileId).executeTakeFirst();
}

export async function deleteFile(trx: AnyDb, applicationId: string, fileId: string): Promise<boolean> {
  if (!isUuid(fileId)) return false;
  const r = await db(trx).deleteFrom('application_files').where('application_id', '=', applicationId).where('id', '=', fileId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface ServiceStatistics {
  service_id: string; received: number; decided: number; avg_hours: number | null; p90_hours: number | null; overdue: number;
  approved: number; rejected: number; sent_back: number;
  /** Documents residents did not bring: data services answered for submitted applications. */
  documents_spared: number;
}

/** Per service of the agency: what came in, what was decided, how long it took, what is late. */
export async function agencyStatistics(conn: AnyDb, scope: AgencyScope, since: Date, until?: Date): Promise<ServiceStatistics[]> {
  const { rows } = await sql<ServiceStatistics>`
    select service_id,
      count(*)::int as received,
      count(decided_at)::int as decided,
      round(avg(extract(epoch from decided_at - submitted_at) / 3600)::numeric, 1)::float8 as avg_hours,
      round((percentile_cont(0.9) within group (order by extract(epoch from decided_at - submitted_at) / 3600))::numeric, 1)::float8 as p90_hours,
      count(*) filter (where status in ('submitted', 'info_requested') and due_at < now())::int as overdue,
      count(*) filter (where status = 'approved')::int as approved,
      count(*) filter (where status = 'rejected')::int as rejected,
      count(*) filter (where exists (select 1 from application_events e where e.application_id = applications.id and e.kind = 'info_requested'))::int as sent_back,
      coalesce(sum((select count(*) from application_agency_data d where d.application_id = applications.id and d.outcome = 'fetched')), 0)::int as documents_spared
    from applications
    where agency_id = ${scope.agencyId} and status <> 'draft' and submitted_at >= ${since}
      and (${until ?? null}::timestamptz is null or submitted_at < ${until ?? null}::timestamptz)
    group by service_id order by service_id`.execute(conn);
  return rows;
}

/** Keeps what a data service answered (or why not) for the application, replacing an earlier answer. */
export async function saveAgencyData(trx: AnyDb, row: Omit<AgencyDataRow, 'fetched_at'> & { fetched_at: Date }): Promise<void> {
  const values = { ...row, records: row.records === null ? null : json(row.records) };
  await db(trx).insertInto('application_agency_data').values(values)
    .onConflict((oc) => oc.columns(['application_id', 'data_service_id']).doUpdateSet(values)).execute();
}

export async function listAgencyData(conn: AnyDb, applicationId: string): Promise<AgencyData[]> {
  return db(conn).selectFrom('application_agency_data').selectAll().where('application_id', '=', applicationId).orderBy('fetched_at').execute();
}

export async function insertDataReport(trx: AnyDb, r: Pick<DataReportRow, 'application_id' | 'data_service_id' | 'message' | 'reported_by'>): Promise<string> {
  return (await db(trx).insertInto('application_data_reports').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listDataReports(conn: AnyDb, applicationId: string): Promise<DataReport[]> {
  return db(conn).selectFrom('application_data_reports').selectAll().where('application_id', '=', applicationId).orderBy('reported_at').execute();
}

/** Every agency's submitted applications together: the documents residents no longer had to bring. */
/** Bytes of the files residents attached to the agency's applications: its share of the platform's storage. */
export async function fileBytesOf(conn: AnyDb, agencyId: string): Promise<number> {
  const row = await sql<{ bytes: string | null }>`select sum(f.size)::bigint as bytes from application_files f
    join applications a on a.id = f.application_id where a.agency_id = ${agencyId}`.execute(conn);
  return Number(row.rows[0]?.bytes ?? 0);
}

export async function countDocumentsSpared(conn: AnyDb): Promise<number> {
  const row = await db(conn).selectFrom('application_agency_data as d').innerJoin('applications as a', 'a.id', 'd.application_id')
    .select((eb) => eb.fn.countAll<string>().as('n')).where('d.outcome', '=', 'fetched').where('a.submitted_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ServiceWorkload { agency_id: string; service_id: string; backlog: number; overdue: number; file_bytes: number }

/**
 * Per service: applications submitted and not yet decided, those past their due date, and the bytes of
 * files residents attached; for one agency, or every agency for the platform's operators.
 */
export async function serviceWorkload(conn: AnyDb, scope: AgencyScope | 'platform'): Promise<ServiceWorkload[]> {
  const agency = scope === 'platform' ? sql<boolean>`true` : sql<boolean>`a.agency_id = ${scope.agencyId}`;
  const { rows } = await sql<ServiceWorkload>`
    select a.agency_id, a.service_id,
      count(*) filter (where a.status in ('submitted', 'info_requested'))::int as backlog,
      count(*) filter (where a.status in ('submitted', 'info_requested') and a.due_at < now())::int as overdue,
      coalesce(sum((select sum(f.size) from application_files f where f.application_id = a.id)), 0)::float8 as file_bytes
    from applications a where ${agency} group by a.agency_id, a.service_id order by 1, 2`.execute(conn);
  return rows;
}
