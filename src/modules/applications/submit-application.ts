import { recordAudits, type Actor, type AuditEvent } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { dropHiddenAnswers, validateForm, type Answers, type FormError } from './eform/index.ts';
import type { Service } from '../packs/index.ts';
import { filesByField } from './fill-application.ts';
import { tellResident } from './tell-resident.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';
import { calendarDayIn } from '../../platform/i18n/time.ts';
import { addWorkingDays, type WorkingCalendar } from '../country/index.ts';

/**
 * The last moment of `date`'s day in the country's time zone: work due "in 0 days" is due by the
 * end of today there, not the instant it arrived.
 */
export const endOfDayIn = (timeZone: string, date: Date): Date => momentOfDay(timeZone, calendarDayIn(timeZone, date), '23:59:59.999');

/** The first moment of `date`'s day in the country's time zone ("today" at a counter there). */
export const startOfDayIn = (timeZone: string, date: Date): Date => momentOfDay(timeZone, calendarDayIn(timeZone, date), '00:00:00.000');

/**
 * When work arriving at `now` that takes `days` working days is due: the end of the day that many
 * working days on, on the country's calendar (weekends and the pack's public holidays skipped).
 */
export function dueDateOf(country: WorkingCalendar & { timeZone: string }, now: Date, days: number): Date {
  return momentOfDay(country.timeZone, addWorkingDays(country, calendarDayIn(country.timeZone, now), days), '23:59:59.999');
}

// Building a DateTimeFormat costs more than formatting with one: once per time zone and process.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** `time` on the calendar `day` in `timeZone`, at that day's offset from UTC. */
function momentOfDay(timeZone: string, day: string, time: string): Date {
  let offsetFormat = offsetFormats.get(timeZone);
  if (!offsetFormat) {
    offsetFormat = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, offsetFormat);
  }
  const offset = offsetFormat.formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return new Date(`${day}T${time}${offset === 'GMT' ? 'Z' : offset.slice(3)}`);
}

export type SubmitResult = { ok: true; application: store.Application; again: boolean } | { ok: false; errors: FormError[] };

/**
 * Sends a draft to the agency. Submitting the same draft twice (a double click, a retry after a
 * timeout) finds it already submitted and answers as the first time did: one application.
 */
export async function submitApplication(conn: AnyDb, ctx: ApplicationsContext, residentId: string, applicationId: string, who: Actor, tr: Translator, auditDetails: Record<string, unknown> = {},
  known: { app?: store.Application; service?: { definition: Service; open: boolean } } = {}): Promise<SubmitResult> {
  return inSpan('applications.submit', {}, async () => {
    // What the route read for this request is not read again (the update checks the state anew).
    const app = known.app?.id === applicationId && known.app.resident_id === residentId ? known.app : await store.findResidentApplication(conn, residentId, applicationId);
    if (!app) throw new ApplicationRefused('not_found');
    if (app.status !== 'draft') {
      if (app.submitted_at) return { ok: true, application: app, again: true };
      throw new ApplicationRefused('wrong_state');
    }
    if (app.bundle_id) throw new ApplicationRefused('wrong_state', 'a bundle is submitted as a whole');
    const service = known.service?.definition.id === app.service_id ? known.service : await ctx.findService(conn, app.service_id);
    if (!service?.open) throw new ApplicationRefused('service_closed');
    const answers = await finalAnswers(conn, service.definition, app, app.answers);
    const errors = validateForm(service.definition.form, answers, { tr, idNumber: ctx.country.idNumber });
    if (errors.length) return { ok: false, errors };
    const submitted = await conn.transaction().execute((trx) => markSubmitted(trx, ctx, app, service.definition, answers, who, auditDetails));
    if (submitted) return { ok: true, application: submitted, again: false };
    // Another request submitted it between our read and our write.
    const now = await store.findResidentApplication(conn, residentId, applicationId);
    if (now?.submitted_at) return { ok: true, application: now, again: true };
    throw new ApplicationRefused('wrong_state');
  });
}

/** What a draft sends: its answers without those to questions no longer asked, and its files by field. */
export async function finalAnswers(conn: AnyDb, service: Service, app: store.Application, answers: Answers): Promise<Answers> {
  const kept = dropHiddenAnswers(service.form, answers);
  const files = filesByField(await store.listFiles(conn, app.id));
  // File answers come from the files stored now, never from what a page saved earlier: a removed file is gone.
  for (const field of service.form.layout.pages.flatMap((p) => p.sections.flatMap((s) => s.fields))) {
    if (field.widget !== 'file') continue;
    if (files[field.name]) kept[field.name] = files[field.name]!;
    else delete kept[field.name];
  }
  return kept;
}

/**
 * Inside the caller's transaction: the draft becomes submitted with its final answers, a reference
 * and a due date, with its event, audit row and notice. Undefined when it was no longer a draft.
 * `earlierAudit` are entries of the same transaction still to be written: they go first, in the
 * same round trip as the submission's.
 */
export async function markSubmitted(trx: Tx, ctx: ApplicationsContext, app: store.Application, service: Service, answers: Answers, who: Actor, auditDetails: Record<string, unknown> = {}, earlierAudit: AuditEvent[] = []): Promise<store.Application | undefined> {
  const now = new Date();
  const updated = await store.submitDraft(trx, app, {
    answers, submitted_at: now, referencePrefix: ctx.country.code, actor: who.actor,
    due_at: dueDateOf(ctx.country, now, service.processingDays),
  });
  if (!updated) return undefined;
  await recordAudits(trx, who, [...earlierAudit, { agencyId: app.agency_id, action: 'application.submitted', target: `application:${app.id}`, details: { ...auditDetails, reference: updated.reference } }]);
  await tellResident(trx, ctx, updated, 'submitted', undefined, service);
  return updated;
}
