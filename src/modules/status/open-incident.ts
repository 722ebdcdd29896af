import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { checkAffected, isProblem } from './affected.ts';
import type { FormProblem } from './form-problems.ts';
import { checkText, type Languages } from './language-texts.ts';
import { IMPACTS, type Impact } from './snapshot.ts';
import { incidentOfForm, insertIncident, insertUpdate, type Reach } from './store.ts';

type Text = Record<string, string>;
export const TITLE_MAX = 200;
export const BODY_MAX = 4000;

export interface IncidentForm { title: Text; body: Text; impact: string; affected: string[]; formId: string }

/**
 * Opens an incident on services in reach, its first text the start of its timeline, audited in the
 * same transaction. The same form sent again answers with the incident it opened.
 */
export async function openIncident(conn: AnyDb, reach: Reach, languages: Languages, form: IncidentForm, who: Actor, now = new Date()):
  Promise<{ ok: true; id: number } | { ok: false; problems: FormProblem[] }> {
  const problems = [...checkText(form.title, 'title', languages, TITLE_MAX)];
  if (!IMPACTS.includes(form.impact as Impact)) problems.push({ field: 'impact', code: 'bad_choice' });
  problems.push(...checkText(form.body, 'body', languages, BODY_MAX));
  const affected = await checkAffected(conn, reach, form.affected);
  if (isProblem(affected)) problems.push(affected);
  if (problems.length || isProblem(affected)) return { ok: false, problems };
  const impact = form.impact as Impact;
  const id = await conn.transaction().execute(async (trx) => {
    const id = await insertIncident(trx, { ...affected, title: form.title, impact, createdBy: who.actor, formId: form.formId });
    if (id === undefined) return (await incidentOfForm(trx, form.formId, who.actor))!;
    await insertUpdate(trx, { incidentId: id, state: 'investigating', body: form.body, author: who.actor, at: now, formId: form.formId });
    await recordAudit(trx, who, { agencyId: affected.agencyId, action: 'status.incident_opened', target: `incident:${id}`, details: { impact, services: affected.services, components: affected.components } });
    return id;
  });
  return { ok: true, id };
}
