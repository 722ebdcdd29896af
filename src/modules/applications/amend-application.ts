import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { dropHiddenAnswers, validateForm, type Answers, type FormError } from './eform/index.ts';
import { filesByField } from './fill-application.ts';
import * as store from './store.ts';

const OPEN: store.ApplicationStatus[] = ['submitted', 'info_requested'];

export type AmendResult = { ok: true; application: store.Application } | { ok: false; errors: FormError[] };

/**
 * The agency corrects the answers of an application it has not decided yet (an operator's form
 * data). The same eForm rules apply; files stay as they are; the history says which fields changed.
 */
export async function amendApplication(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, id: string, typed: Answers, who: Actor, tr: Translator): Promise<AmendResult> {
  const app = await store.findAgencyApplication(conn, scope, id);
  if (!app) throw new ApplicationRefused('not_found');
  if (!OPEN.includes(app.status)) throw new ApplicationRefused('wrong_state', 'already decided or withdrawn');
  const service = (await ctx.findService(conn, app.service_id))?.definition;
  if (!service) throw new ApplicationRefused('not_found', 'service');
  const files = filesByField(await store.listFiles(conn, app.id));
  const answers = { ...dropHiddenAnswers(service.form, withoutFields(typed, Object.keys(files))), ...files };
  const errors = validateForm(service.form, answers, { tr, idNumber: ctx.country.idNumber });
  if (errors.length) return { ok: false, errors };
  const changed = [...new Set([...Object.keys(answers), ...Object.keys(app.answers)])]
    .filter((k) => JSON.stringify(answers[k]) !== JSON.stringify(app.answers[k])).sort();
  const application = await conn.transaction().execute(async (trx) => {
    const updated = await store.updateAgencyApplication(trx, scope, app.id, OPEN, { answers });
    if (!updated) throw new ApplicationRefused('wrong_state', 'decided meanwhile');
    await store.addEvent(trx, { application_id: app.id, actor: who.actor, kind: 'amended', message: changed.join(', ') || null });
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'application.amended', target: `application:${app.id}`, details: { fields: changed } });
    return updated;
  });
  return { ok: true, application };
}

const withoutFields = (answers: Answers, names: string[]) => Object.fromEntries(Object.entries(answers).filter(([k]) => !names.includes(k)));
