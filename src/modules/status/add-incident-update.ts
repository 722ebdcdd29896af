import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { FormProblem } from './form-problems.ts';
import { checkText, type Languages } from './language-texts.ts';
import { BODY_MAX } from './open-incident.ts';
import { IMPACTS, INCIDENT_STATES, type Impact, type IncidentState } from './snapshot.ts';
import { findIncident, insertUpdate, saveIncidentProgress, updateOfForm, type Reach } from './store.ts';

type Text = Record<string, string>;

export interface UpdateForm { state: string; impact: string; body: Text; formId: string }

/**
 * Adds a timed update to an open incident in reach, moving it to the state chosen (resolved ends it)
 * and the impact chosen. A resolved incident takes no more updates: open a new one. The same form
 * sent again answers as the first time (the incident's row lock orders the two).
 */
export async function addIncidentUpdate(conn: AnyDb, reach: Reach, languages: Languages, incidentId: number, form: UpdateForm, who: Actor, now = new Date()):
  Promise<{ ok: true; state: IncidentState } | { ok: false; problems: FormProblem[] } | { ok: false; notFound: true }> {
  const problems: FormProblem[] = [];
  if (!INCIDENT_STATES.includes(form.state as IncidentState)) problems.push({ field: 'state', code: 'bad_choice' });
  if (!IMPACTS.includes(form.impact as Impact)) problems.push({ field: 'impact', code: 'bad_choice' });
  problems.push(...checkText(form.body, 'body', languages, BODY_MAX));
  return conn.transaction().execute(async (trx) => {
    const incident = await findIncident(trx, reach, incidentId, true);
    if (!incident) return { ok: false as const, notFound: true as const };
    const sentBefore = await updateOfForm(trx, incidentId, form.formId, who.actor);
    if (sentBefore) return { ok: true as const, state: sentBefore.state };
    if (incident.state === 'resolved') return { ok: false as const, problems: [{ field: 'state', code: 'already_resolved' as const }] };
    if (problems.length) return { ok: false as const, problems };
    const state = form.state as IncidentState;
    const impact = form.impact as Impact;
    await insertUpdate(trx, { incidentId, state, body: form.body, author: who.actor, at: now, formId: form.formId });
    await saveIncidentProgress(trx, incidentId, { state, impact }, now);
    await recordAudit(trx, who, {
      agencyId: incident.agency_id, action: state === 'resolved' ? 'status.incident_resolved' : 'status.incident_updated', target: `incident:${incidentId}`,
      details: { before: { state: incident.state, impact: incident.impact }, after: { state, impact } },
    });
    return { ok: true as const, state };
  });
}
