import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { idNumberProblem, type Country } from '../packs/index.ts';
import { matchResident, type ResidentRecord } from '../residents/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { agreeAndFetchFor, takesAgencyData } from './fetch-agency-data.ts';
import * as counter from './counter-store.ts';
import * as store from './store.ts';

export interface WalkInClaim { idNumber: string; name: string; birthDate: string; documentKind: string; documentRef: string }

/** What is wrong, per field (a message key suffix); `form` when the details match nobody. */
export type WalkInProblems = Partial<Record<keyof WalkInClaim | 'form', string>>;

export type IdentifyResult = { ok: true; visitId: string; resident: ResidentRecord } | { ok: false; problems: WalkInProblems };

const DOCUMENT_REF = /^[A-Za-z0-9-]{4,20}$/;

/** A real day in YYYY-MM-DD: 1990-02-30 is not one, though Date.parse accepts it. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function checkWalkInClaim(claim: WalkInClaim, idRule: Country['idNumber']): WalkInProblems {
  const p: WalkInProblems = {};
  const idProblem = claim.idNumber ? idNumberProblem(claim.idNumber, idRule) : 'missing';
  if (idProblem) p.idNumber = { format: 'invalid', check_digit: 'checkDigit', missing: 'missing' }[idProblem];
  if (!claim.name) p.name = 'missing';
  else if (claim.name.length > 100) p.name = 'tooLong';
  if (!claim.birthDate) p.birthDate = 'missing';
  else if (!isCalendarDate(claim.birthDate)) p.birthDate = 'invalid';
  if (!claim.documentKind) p.documentKind = 'missing';
  else if (!(counter.DOCUMENT_KINDS as readonly string[]).includes(claim.documentKind)) p.documentKind = 'invalid';
  if (!claim.documentRef) p.documentRef = 'missing';
  else if (!DOCUMENT_REF.test(claim.documentRef)) p.documentRef = 'invalid';
  return p;
}

/**
 * The officer has looked at the person's identity document and typed in who they say they are.
 * If the registry agrees, the check is written down (which document, by whom, when) and audited;
 * if it does not, nothing is written.
 */
export async function identifyWalkIn(conn: AnyDb, scope: AgencyScope, officer: { staffId: string; who: Actor }, claim: WalkInClaim, idRule: Country['idNumber']): Promise<IdentifyResult> {
  const problems = checkWalkInClaim(claim, idRule);
  if (Object.keys(problems).length) return { ok: false, problems };
  const resident = await matchResident(conn, claim);
  if (!resident) return { ok: false, problems: { form: 'notMatched' } };
  const visitId = await conn.transaction().execute(async (trx) => {
    const id = await counter.insertVisit(trx, scope, {
      resident_id: resident.id, checked_by: officer.staffId, document_kind: claim.documentKind as counter.DocumentKind, document_ref: claim.documentRef.toUpperCase(),
    });
    await recordAudit(trx, officer.who, {
      agencyId: scope.agencyId, action: 'counter.identity_checked', target: `resident:${resident.id}`,
      details: { counterVisit: id, document: claim.documentKind },
    });
    return id;
  });
  return { ok: true, visitId, resident };
}

/**
 * Opens the draft the officer fills in for the resident at the counter, filed by the officer. A
 * draft the resident already started online for the same service is continued instead: one
 * draft per resident and service.
 */
export async function startCounterApplication(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, visit: counter.CounterVisit, serviceId: string, who: Actor): Promise<string> {
  if (visit.application_id) return visit.application_id;
  const service = await ctx.findService(conn, serviceId);
  if (!service || service.definition.agency !== scope.agencyId) throw new ApplicationRefused('not_found', 'no such service in this agency');
  if (!service.open) throw new ApplicationRefused('service_closed');
  const id = await conn.transaction().execute(async (trx) => {
    const existing = await store.findDraft(trx, visit.resident_id, serviceId);
    const appId = existing?.id ?? (await store.insertApplication(trx, {
      service_id: serviceId, agency_id: scope.agencyId, resident_id: visit.resident_id, filed_by: who.actor, bundle_id: null,
    })).id;
    if (!await counter.linkApplication(trx, scope, visit.id, appId)) throw new ApplicationRefused('wrong_state', 'the visit already has an application');
    await recordAudit(trx, who, {
      agencyId: scope.agencyId, action: existing ? 'application.draft_resumed' : 'application.draft_started', target: `application:${appId}`,
      details: { service: serviceId, counterVisit: visit.id },
    });
    return appId;
  }).catch(async (err: unknown) => {
    // Two clicks on "start" at once: the one that lost finds the visit already tied to the draft.
    const now = await counter.findVisit(conn, scope, visit.id);
    if (now?.application_id) return now.application_id;
    throw err;
  });
  return id;
}

/** The officer at the counter, as the reader of what other agencies' data services answer. */
export interface CounterOfficer { staffId: string; role: string; who: Actor }

/**
 * The officer read out to the resident what the service's agency will read, from whom and what for,
 * and the resident said yes: their consent (given at the counter, by the officer for them) and what
 * the data services answer the officer commit with the draft, or nothing does.
 */
export async function agreeAtCounter(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, visitId: string, officer: CounterOfficer, language: string): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const app = (await findCounterCase(trx, scope, visitId))?.application;
    if (app?.status !== 'draft') throw new ApplicationRefused('wrong_state', 'only a draft at this counter fetches data');
    const service = (await ctx.findService(trx, app.service_id))?.definition;
    if (!service || !takesAgencyData(service)) throw new ApplicationRefused('invalid', 'the service takes no data from other agencies');
    const reader = { kind: 'staff' as const, id: officer.staffId, role: officer.role, agencyId: scope.agencyId };
    await agreeAndFetchFor(trx, ctx, app, service, { language, channel: 'counter', reader }, { ...officer.who, actingFor: `resident:${app.resident_id}` });
  });
}

/** A counter visit of the agency with the application filed at it, if there is one yet. */
export async function findCounterCase(conn: AnyDb, scope: AgencyScope, visitId: string): Promise<{ visit: counter.CounterVisit; application: store.Application | undefined } | undefined> {
  const visit = await counter.findVisit(conn, scope, visitId);
  if (!visit) return undefined;
  const application = visit.application_id ? await store.findResidentApplication(conn, visit.resident_id, visit.application_id) : undefined;
  return { visit, application: application?.agency_id === scope.agencyId ? application : undefined };
}
