import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { findResidentById } from '../residents/index.ts';
import type { Country, Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { MAX_MESSAGE_LENGTH } from './answer-officer.ts';
import { tellResident } from './tell-resident.ts';
import * as store from './store.ts';

const OPEN: store.ApplicationStatus[] = ['submitted', 'info_requested'];

export interface Officer { staffId: string; who: Actor; isAgencyAdmin: boolean }

async function openApplication(trx: Tx, scope: AgencyScope, id: string): Promise<store.Application> {
  const app = await store.findAgencyApplication(trx, scope, id);
  if (!app) throw new ApplicationRefused('not_found');
  if (!OPEN.includes(app.status)) throw new ApplicationRefused('wrong_state', 'already decided or withdrawn');
  return app;
}

function checkMessage(message: string): string {
  const text = message.trim();
  if (!text || text.length > MAX_MESSAGE_LENGTH) throw new ApplicationRefused('invalid', 'message');
  return text;
}

/** Takes an application into one's own work, or hands it to a colleague of the same agency. */
export async function assignApplication(conn: AnyDb, scope: AgencyScope, id: string, assigneeId: string, officer: Officer, isColleague: (staffId: string) => Promise<boolean>): Promise<void> {
  if (!(await isColleague(assigneeId))) throw new ApplicationRefused('invalid', 'assignee');
  await conn.transaction().execute(async (trx) => {
    const app = await openApplication(trx, scope, id);
    await store.updateAgencyApplication(trx, scope, app.id, OPEN, { assignee_id: assigneeId });
    const kind = assigneeId === officer.staffId ? 'claimed' : 'assigned';
    await store.addEvent(trx, { application_id: app.id, actor: officer.who.actor, kind, message: null });
    await recordAudit(trx, officer.who, { agencyId: scope.agencyId, action: `application.${kind}`, target: `application:${app.id}`, details: { assignee: assigneeId } });
  });
}

export async function requestInformation(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, id: string, message: string, officer: Officer): Promise<void> {
  const text = checkMessage(message);
  await conn.transaction().execute(async (trx) => {
    const app = await openApplication(trx, scope, id);
    const updated = (await store.updateAgencyApplication(trx, scope, app.id, ['submitted'], { status: 'info_requested' }))!;
    if (!updated) throw new ApplicationRefused('wrong_state', 'information was already asked for');
    await store.addEvent(trx, { application_id: app.id, actor: officer.who.actor, kind: 'info_requested', message: text });
    await recordAudit(trx, officer.who, { agencyId: scope.agencyId, action: 'application.info_requested', target: `application:${app.id}` });
    await tellResident(trx, ctx, updated, 'info_requested', text);
  });
}

/** Who completed which step of this application before, from its history. */
async function stepsDoneBy(trx: Tx, applicationId: string): Promise<Map<string, string>> {
  const events = await store.listEvents(trx, applicationId);
  return new Map(events.filter((e) => e.kind === 'step_completed' && e.step).map((e) => [e.step!, e.actor]));
}

function checkStep(service: Service, app: store.Application, officer: Officer, doneBy: Map<string, string>) {
  const step = service.workflow.steps[app.step_index];
  if (!step) throw new ApplicationRefused('wrong_state', 'no step left');
  if (step.role === 'agency_admin' && !officer.isAgencyAdmin) throw new ApplicationRefused('not_allowed', 'this step needs an agency administrator');
  if (step.fourEyes && [...doneBy.values()].includes(officer.who.actor)) throw new ApplicationRefused('four_eyes');
  return step;
}

/**
 * Completes the current workflow step. On the last step, `approve` decides the application:
 * the document the service issues is signed in the same transaction.
 */
export async function completeStep(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, id: string, officer: Officer, note?: string): Promise<store.Application> {
  return conn.transaction().execute(async (trx) => {
    const app = await openApplication(trx, scope, id);
    if (app.status !== 'submitted') throw new ApplicationRefused('wrong_state', 'waiting for the resident');
    const service = (await ctx.findService(trx, app.service_id))?.definition;
    if (!service) throw new ApplicationRefused('not_found', 'service');
    const step = checkStep(service, app, officer, await stepsDoneBy(trx, app.id));
    const last = app.step_index >= service.workflow.steps.length - 1;
    await store.addEvent(trx, { application_id: app.id, actor: officer.who.actor, kind: 'step_completed', step: step.id, message: note?.trim() || null });
    if (!last) {
      const moved = (await store.updateAgencyApplication(trx, scope, app.id, ['submitted'], { step_index: app.step_index + 1, assignee_id: null }))!;
      await recordAudit(trx, officer.who, { agencyId: scope.agencyId, action: 'application.step_completed', target: `application:${app.id}`, details: { step: step.id } });
      return moved;
    }
    const documentId = service.document ? await issueFor(trx, ctx, app, service, officer) : null;
    const approved = (await store.updateAgencyApplication(trx, scope, app.id, ['submitted'], { status: 'approved', decided_at: new Date(), document_id: documentId }))!;
    await store.addEvent(trx, { application_id: app.id, actor: officer.who.actor, kind: 'approved', message: note?.trim() || null });
    await recordAudit(trx, officer.who, { agencyId: scope.agencyId, action: 'application.approved', target: `application:${app.id}`, details: { step: step.id, document: documentId } });
    await tellResident(trx, ctx, approved, 'approved', note?.trim() || undefined);
    return approved;
  });
}

export async function rejectApplication(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, id: string, reason: string, officer: Officer): Promise<void> {
  const text = checkMessage(reason);
  await conn.transaction().execute(async (trx) => {
    const app = await openApplication(trx, scope, id);
    const rejected = (await store.updateAgencyApplication(trx, scope, app.id, OPEN, { status: 'rejected', decided_at: new Date(), decision_reason: text }))!;
    await store.addEvent(trx, { application_id: app.id, actor: officer.who.actor, kind: 'rejected', message: text });
    await recordAudit(trx, officer.who, { agencyId: scope.agencyId, action: 'application.rejected', target: `application:${app.id}` });
    await tellResident(trx, ctx, rejected, 'rejected', text);
  });
}

async function issueFor(trx: Tx, ctx: ApplicationsContext, app: store.Application, service: Service, officer: Officer): Promise<string> {
  const resident = await findResidentById(trx, app.resident_id);
  if (!resident) throw new ApplicationRefused('not_found', 'resident');
  const { documentId } = await ctx.issueDocument(trx, {
    agencyId: app.agency_id, serviceId: app.service_id, applicationId: app.id, residentId: resident.id,
    holderName: resident.name, holderNameLatin: resident.name_latin, holderIdNumber: resident.id_number,
    title: service.document!.title, statements: documentStatements(service, app, resident.address, ctx.country),
    issuedAt: new Date(), validityDays: service.document!.validityDays, languages: ctx.country.languages,
  }, officer.who);
  return documentId;
}

/** What the certificate states: the reference, the address on the registry, and the answers given. */
function documentStatements(service: Service, app: store.Application, address: Record<string, string>, country: Pick<Country, 'languages' | 'timeZone'>) {
  const { languages } = country;
  const main = languages[0] ?? 'en';
  const label = (key: string) => Object.fromEntries(languages.map((l) => [l, translator(l, main, country.timeZone).t(key)]));
  const statements = [
    { label: label('applications.document.reference'), value: app.reference ?? '' },
    { label: label('applications.document.address'), value: address[main] ?? Object.values(address)[0] ?? '' },
  ];
  for (const page of service.form.layout.pages) {
    for (const field of page.sections.flatMap((s) => s.fields)) {
      const answer = app.answers[field.name];
      if (answer === undefined || field.widget === 'file' || statements.length >= 10) continue;
      const shown = Array.isArray(answer) ? answer : [answer];
      const value = shown.map((a) => field.options?.[String(a)]?.[main] ?? String(a)).join(', ');
      statements.push({ label: field.label, value });
    }
  }
  return statements;
}
