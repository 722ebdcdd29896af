import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { checkAffected, isProblem } from './affected.ts';
import type { FormProblem } from './form-problems.ts';
import { checkText, type Languages } from './language-texts.ts';
import { instantFromLocal } from './local-time.ts';
import { BODY_MAX } from './open-incident.ts';
import { findMaintenance, insertMaintenance, markMaintenanceCancelled, type Reach } from './store.ts';

type Text = Record<string, string>;

/** Start and end as typed, in the country's time zone. */
export interface MaintenanceForm { startsAt: string; endsAt: string; body: Text; affected: string[]; formId: string }

/** Schedules a maintenance window on services in reach; it may have begun already, it may not be over. Its form sent twice schedules once. */
export async function scheduleMaintenance(conn: AnyDb, reach: Reach, languages: Languages, timeZone: string, form: MaintenanceForm, who: Actor, now = new Date()):
  Promise<{ ok: true } | { ok: false; problems: FormProblem[] }> {
  const problems: FormProblem[] = [];
  const startsAt = instantFromLocal(form.startsAt, timeZone);
  const endsAt = instantFromLocal(form.endsAt, timeZone);
  if (!startsAt) problems.push({ field: 'startsAt', code: 'bad_time' });
  if (!endsAt) problems.push({ field: 'endsAt', code: 'bad_time' });
  else if (startsAt && endsAt <= startsAt) problems.push({ field: 'endsAt', code: 'end_before_start' });
  else if (endsAt <= now) problems.push({ field: 'endsAt', code: 'already_over' });
  problems.push(...checkText(form.body, 'body', languages, BODY_MAX));
  const affected = await checkAffected(conn, reach, form.affected);
  if (isProblem(affected)) problems.push(affected);
  if (problems.length || isProblem(affected) || !startsAt || !endsAt) return { ok: false, problems };
  await conn.transaction().execute(async (trx) => {
    const id = await insertMaintenance(trx, { ...affected, startsAt, endsAt, body: form.body, createdBy: who.actor, formId: form.formId });
    if (id === undefined) return;
    await recordAudit(trx, who, {
      agencyId: affected.agencyId, action: 'status.maintenance_scheduled', target: `maintenance:${id}`,
      details: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), services: affected.services, components: affected.components },
    });
  });
  return { ok: true };
}

/** Cancels a window in reach that is not over yet. */
export async function cancelMaintenance(conn: AnyDb, reach: Reach, id: number, who: Actor, now = new Date()):
  Promise<{ ok: true } | { ok: false; code: 'not_found' | 'already_cancelled' | 'already_over' }> {
  return conn.transaction().execute(async (trx) => {
    const window = await findMaintenance(trx, reach, id, true);
    if (!window) return { ok: false as const, code: 'not_found' as const };
    if (window.cancelled_at) return { ok: false as const, code: 'already_cancelled' as const };
    if (window.ends_at <= now) return { ok: false as const, code: 'already_over' as const };
    await markMaintenanceCancelled(trx, id, who.actor, now);
    await recordAudit(trx, who, { agencyId: window.agency_id, action: 'status.maintenance_cancelled', target: `maintenance:${id}`, details: { startsAt: window.starts_at.toISOString(), endsAt: window.ends_at.toISOString() } });
    return { ok: true as const };
  });
}
