import type { Shell } from '../../../platform/web/shell.ts';
import { newFormId } from '../../../platform/http/form-once.ts';
import { formTitle, InputField } from '../../../platform/web/form.tsx';
import { formats, OpsPage } from '../../operations/index.ts';
import type { FormProblem } from '../form-problems.ts';
import { BODY_MAX } from '../open-incident.ts';
import type { Maintenance } from '../store.ts';
import { zoneNameOf } from '../../../platform/i18n/time.ts';
import { localFromInstant } from '../local-time.ts';
import { AffectedChoices, affectedNames, LanguageTexts, Problems, problemText } from './console-fields.tsx';
import { Said } from './said.tsx';
import type { IncidentsView } from './incidents.tsx';

type Text = Record<string, string>;

export interface MaintenanceFormValues { startsAt: string; endsAt: string; body: Text; affected: string[]; problems: FormProblem[]; formId: string }
export const emptyMaintenanceForm = (): MaintenanceFormValues => ({ startsAt: '', endsAt: '', body: {}, affected: [], problems: [], formId: newFormId() });

export function MaintenancePage({ shell, view, windows, form, notice, refused }: { shell: Shell; view: IncidentsView; windows: Maintenance[]; form: MaintenanceFormValues; notice?: string; refused?: string }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const titles = new Map(view.options.services.map((s) => [s.id, s.title]));
  const now = Date.now();
  // A datetime-local field shows the browser's own format and no zone: say which zone the time is read in (the pack's).
  const timeHint = tr.t('status.maintenance.timeHint', { ...zoneNameOf(tr.locale, view.timeZone, new Date(now)), zone: view.timeZone, example: localFromInstant(new Date(now), view.timeZone).replace('T', ' ') });
  const say = (field: string) => { const p = form.problems.find((x) => x.field === field); return p && problemText(tr, p); };
  return (
    <OpsPage shell={shell} view={view} title={formTitle(tr, tr.t('status.maintenance.title'), form.problems.length > 0)} here="/ops/maintenance">
      {notice ? <p class="notice" role="status">{tr.h(`status.maintenance.notice.${notice}`)}</p> : ''}
      {refused ? <p class="ops-alert" role="alert">{tr.h(`status.maintenance.refused.${refused}`)}</p> : ''}
      <p>{tr.h('status.maintenance.lead')}</p>
      {view.writer ? <p><a class="button" href="#schedule-heading">{tr.h('status.maintenance.schedule')}</a></p> : ''}
      <section aria-labelledby="windows-heading">
        <h2 id="windows-heading">{tr.h('status.maintenance.coming')}</h2>
        {windows.length ? (
          <ul class="maintenance-list">
            {windows.map((m) => (
              <li>
                <strong safe>{tr.t('status.maintenance.when', { from: f.stamp(m.starts_at), until: f.stamp(m.ends_at) })}</strong>
                {m.starts_at.getTime() <= now ? <> <span class="ops-health ops-health-degraded">{tr.h('status.maintenance.underway')}</span></> : ''}
                <br /><span safe>{tr.t('status.console.affects', { names: affectedNames(tr, titles, m) })}</span>
                <Said tr={tr} text={m.body} languages={view.languages} />
                {view.writer ? (
                  <form method="post" action={`/ops/maintenance/${m.id}/cancel`}>
                    <input type="hidden" name="_csrf" value={shell.csrfToken} />
                    <button type="submit" class="button secondary"><span safe>{tr.t('status.maintenance.cancel')}</span> <span class="visually-hidden" safe>{tr.t('status.maintenance.when', { from: f.stamp(m.starts_at), until: f.stamp(m.ends_at) })}</span></button>
                  </form>
                ) : ''}
              </li>
            ))}
          </ul>
        ) : <p>{tr.h('status.maintenance.none')}</p>}
      </section>
      {view.writer ? (
        <section class="panel" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">{tr.h('status.maintenance.schedule')}</h2>
          <Problems tr={tr} problems={form.problems} labels={{ body: tr.t('status.maintenance.body') }} />
          <form method="post" action="/ops/maintenance" novalidate>
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <input type="hidden" name="formId" value={form.formId} />
            <InputField id="startsAt" type="datetime-local" label={tr.t('status.maintenance.startsAt')} hint={timeHint} value={form.startsAt} error={say('startsAt')} />
            <InputField id="endsAt" type="datetime-local" label={tr.t('status.maintenance.endsAt')} hint={timeHint} value={form.endsAt} error={say('endsAt')} />
            <AffectedChoices tr={tr} options={view.options} chosen={form.affected} problems={form.problems} agencyNames={view.agencyNames} />
            <LanguageTexts tr={tr} name="body" label={tr.t('status.maintenance.body')} languages={view.languages} values={form.body} problems={form.problems} multiline max={BODY_MAX} />
            <button type="submit" class="button">{tr.h('status.maintenance.submit')}</button>
          </form>
        </section>
      ) : ''}
    </OpsPage>
  );
}
