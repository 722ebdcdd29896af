import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { dropHiddenAnswers, validateForm, type FormError } from './eform/index.ts';
import { filesByField } from './fill-application.ts';
import { tellResident } from './tell-resident.ts';
import * as store from './store.ts';

const DAY_MS = 86_400_000;

export type SubmitResult = { ok: true; application: store.Application; again: boolean } | { ok: false; errors: FormError[] };

/**
 * Sends a draft to the agency. Submitting the same draft twice (a double click, a retry after a
 * timeout) finds it already submitted and answers as the first time did: one application.
 */
export async function submitApplication(conn: AnyDb, ctx: ApplicationsContext, residentId: string, applicationId: string, who: Actor, tr: Translator, auditDetails: Record<string, unknown> = {}): Promise<SubmitResult> {
  const app = await store.findResidentApplication(conn, residentId, applicationId);
  if (!app) throw new ApplicationRefused('not_found');
  if (app.status !== 'draft') {
    if (app.submitted_at) return { ok: true, application: app, again: true };
    throw new ApplicationRefused('wrong_state');
  }
  const service = await ctx.findService(conn, app.service_id);
  if (!service?.open) throw new ApplicationRefused('service_closed');
  const form = service.definition.form;
  const answers = { ...dropHiddenAnswers(form, app.answers), ...filesByField(await store.listFiles(conn, app.id)) };
  const errors = validateForm(form, answers, { tr, idNumber: ctx.country.idNumber });
  if (errors.length) return { ok: false, errors };
  const submitted = await conn.transaction().execute(async (trx) => {
    const now = new Date();
    const updated = await store.updateResidentApplication(trx, residentId, app.id, ['draft'], {
      status: 'submitted', answers, submitted_at: now, reference: await store.nextReference(trx, ctx.country.code),
      due_at: new Date(now.getTime() + service.definition.processingDays * DAY_MS),
    });
    if (!updated) return undefined;
    await store.addEvent(trx, { application_id: app.id, actor: who.actor, kind: 'submitted' });
    await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.submitted', target: `application:${app.id}`, details: { ...auditDetails, reference: updated.reference } });
    await tellResident(trx, ctx, updated, 'submitted');
    return updated;
  });
  if (submitted) return { ok: true, application: submitted, again: false };
  // Another request submitted it between our read and our write.
  const now = await store.findResidentApplication(conn, residentId, applicationId);
  if (now?.submitted_at) return { ok: true, application: now, again: true };
  throw new ApplicationRefused('wrong_state');
}
