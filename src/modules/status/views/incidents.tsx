import type { Shell } from '../../../platform/web/shell.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import { newFormId } from '../../../platform/http/form-once.ts';
import { formTitle } from '../../../platform/web/form.tsx';
import { formats, OpsPage, type OpsView } from '../../operations/index.ts';
import type { Choosable } from '../affected.ts';
import type { FormProblem } from '../form-problems.ts';
import type { Languages } from '../language-texts.ts';
import { BODY_MAX, TITLE_MAX } from '../open-incident.ts';
import { HISTORY_DAYS, IMPACTS, INCIDENT_STATES, type Impact, type IncidentState } from '../snapshot.ts';
import type { Incident, IncidentUpdate } from '../store.ts';
import { AffectedChoices, affectedNames, LanguageTexts, OneOf, Problems } from './console-fields.tsx';
import { Said } from './said.tsx';

type Text = Record<string, string>;

/** What the console's incident pages know beyond the viewer: may they write, in which languages, about what. */
export interface IncidentsView extends OpsView { writer: boolean; languages: Languages; options: Choosable }

export interface OpenForm { title: Text; body: Text; impact: string; affected: string[]; problems: FormProblem[]; formId: string }
export const emptyOpenForm = (): OpenForm => ({ title: {}, body: {}, impact: 'degraded', affected: [], problems: [], formId: newFormId() });

const titlesOf = (v: IncidentsView) => new Map(v.options.services.map((s) => [s.id, s.title]));

export function ImpactTag({ tr, impact }: { tr: Translator; impact: Impact }): JSX.Element {
  return <span class={`ops-health ops-health-${impact === 'outage' ? 'down' : 'degraded'}`}>{tr.h(`status.impact.${impact}`)}</span>;
}

export function StateTag({ tr, state }: { tr: Translator; state: IncidentState }): JSX.Element {
  return <span class={`ops-health ops-health-${state === 'resolved' ? 'up' : 'idle'}`}>{tr.h(`status.incidentState.${state}`)}</span>;
}

function IncidentItem({ tr, view, incident, latest }: { tr: Translator; view: IncidentsView; incident: Incident; latest?: IncidentUpdate }): JSX.Element {
  const f = formats(tr);
  return (
    <li>
      <a href={`/ops/incidents/${incident.id}`} lang={incident.title[tr.locale] ? tr.locale : view.languages.fallback} safe>{tr.text(incident.title)}</a>{' '}
      <ImpactTag tr={tr} impact={incident.impact} /> <StateTag tr={tr} state={incident.state} />
      <br /><span safe>{tr.t('status.console.affects', { names: affectedNames(tr, titlesOf(view), incident) })}</span>
      <br /><span safe>{tr.t('status.console.opened', { time: f.stamp(incident.created_at) })}</span>
      {latest ? <><br /><span safe>{tr.t('status.console.lastUpdate', { time: f.stamp(latest.created_at) })}</span></> : ''}
    </li>
  );
}

export function IncidentListPage({ shell, view, incidents, latest, form, notice }: { shell: Shell; view: IncidentsView; incidents: Incident[]; latest: Map<number, IncidentUpdate>; form: OpenForm; notice?: string }): JSX.Element {
  const { tr } = shell;
  const open = incidents.filter((i) => i.state !== 'resolved');
  const resolved = incidents.filter((i) => i.state === 'resolved');
  const failed = form.problems.length > 0;
  return (
    <OpsPage shell={shell} view={view} title={formTitle(tr, tr.t('status.console.title'), failed)} here="/ops/incidents">
      {notice ? <p class="notice" role="status">{tr.h(`status.console.notice.${notice}`)}</p> : ''}
      <p>{tr.h('status.console.lead')} <a href="/status">{tr.h('status.console.publicPage')}</a></p>
      {view.writer ? <p><a class="button" href="#new-heading">{tr.h('status.console.new')}</a></p> : ''}
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{tr.h('status.console.open')}</h2>
        {open.length ? <ul class="incident-list">{open.map((i) => <IncidentItem tr={tr} view={view} incident={i} latest={latest.get(i.id)} />)}</ul> : <p>{tr.h('status.console.noneOpen')}</p>}
      </section>
      <section aria-labelledby="resolved-heading">
        <h2 id="resolved-heading">{tr.h('status.console.resolved', { days: HISTORY_DAYS })}</h2>
        {resolved.length ? <ul class="incident-list">{resolved.map((i) => <IncidentItem tr={tr} view={view} incident={i} latest={latest.get(i.id)} />)}</ul> : <p>{tr.h('status.console.noneResolved', { days: HISTORY_DAYS })}</p>}
      </section>
      {view.writer ? (
        <section class="panel" aria-labelledby="new-heading">
          <h2 id="new-heading">{tr.h('status.console.new')}</h2>
          <Problems tr={tr} problems={form.problems} labels={{ title: tr.t('status.form.title'), body: tr.t('status.form.body') }} />
          <form method="post" action="/ops/incidents" novalidate>
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <input type="hidden" name="formId" value={form.formId} />
            <LanguageTexts tr={tr} name="title" label={tr.t('status.form.title')} languages={view.languages} values={form.title} problems={form.problems} max={TITLE_MAX} />
            <OneOf tr={tr} name="impact" options={IMPACTS} chosen={form.impact} problems={form.problems} labelKey={(o) => `status.impact.${o}`} />
            <AffectedChoices tr={tr} options={view.options} chosen={form.affected} problems={form.problems} agencyNames={view.agencyNames} />
            <LanguageTexts tr={tr} name="body" label={tr.t('status.form.body')} languages={view.languages} values={form.body} problems={form.problems} multiline max={BODY_MAX} />
            <button type="submit" class="button">{tr.h('status.console.openButton')}</button>
          </form>
        </section>
      ) : ''}
    </OpsPage>
  );
}

export interface UpdateFormValues { state: string; impact: string; body: Text; problems: FormProblem[]; formId: string }

export function IncidentPage({ shell, view, incident, updates, authors, form, notice }: { shell: Shell; view: IncidentsView; incident: Incident; updates: IncidentUpdate[]; authors: Map<string, Text>; form: UpdateFormValues; notice?: string }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const failed = form.problems.length > 0;
  const resolved = incident.state === 'resolved';
  return (
    <OpsPage shell={shell} view={view} title={formTitle(tr, tr.text(incident.title), failed)} here="/ops/incidents">
      <p><a href="/ops/incidents">{tr.h('status.console.back')}</a></p>
      {notice ? <p class="notice" role="status">{tr.h(`status.console.notice.${notice}`)}</p> : ''}
      <p><ImpactTag tr={tr} impact={incident.impact} /> <StateTag tr={tr} state={incident.state} /></p>
      <p safe>{tr.t('status.console.affects', { names: affectedNames(tr, titlesOf(view), incident) })}</p>
      <p safe>{tr.t('status.console.opened', { time: f.stamp(incident.created_at) })}</p>
      {resolved && incident.resolved_at ? <p safe>{tr.t('status.console.resolvedAt', { time: f.stamp(incident.resolved_at) })}</p> : ''}
      {view.writer && !resolved ? (
        <section class="panel" aria-labelledby="update-heading">
          <h2 id="update-heading">{tr.h('status.console.addUpdate')}</h2>
          <Problems tr={tr} problems={form.problems} labels={{ body: tr.t('status.form.update') }} />
          <form method="post" action={`/ops/incidents/${incident.id}/updates`} novalidate>
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <input type="hidden" name="formId" value={form.formId} />
            <OneOf tr={tr} name="state" options={INCIDENT_STATES} chosen={form.state} problems={form.problems} labelKey={(o) => `status.incidentState.${o}`} />
            <OneOf tr={tr} name="impact" options={IMPACTS} chosen={form.impact} problems={form.problems} labelKey={(o) => `status.impact.${o}`} />
            <LanguageTexts tr={tr} name="body" label={tr.t('status.form.update')} languages={view.languages} values={form.body} problems={form.problems} multiline max={BODY_MAX} />
            <button type="submit" class="button">{tr.h('status.console.post')}</button>
          </form>
        </section>
      ) : ''}
      {resolved && failed ? <Problems tr={tr} problems={form.problems} labels={{}} /> : ''}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{tr.h('status.timeline')}</h2>
        <ul class="incident-timeline">
          {[...updates].reverse().map((u) => (
            <li>
              <p><time datetime={u.created_at.toISOString()} safe>{f.stamp(u.created_at)}</time> <StateTag tr={tr} state={u.state} /></p>
              <Said tr={tr} text={u.body} languages={view.languages} />
              <p class="hint" safe>{tr.t('status.console.by', { name: tr.text(authors.get(u.author)) || u.author })}</p>
            </li>
          ))}
        </ul>
      </section>
    </OpsPage>
  );
}
