import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Service } from '../../packs/index.ts';
import { CheckAnswers, type UploadedFiles } from '../eform/index.ts';
import type { Application, ApplicationEvent, QueueFilter, ServiceStatistics, StoredFile } from '../store.ts';
import { StatusTag, Timeline } from './status.tsx';
import { AgencyDataSection } from './agency-data.tsx';
import type { AgencyData } from './apply.tsx';
import type { FiledTogether } from '../filed-together.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';

const STATUSES = ['submitted', 'info_requested', 'approved', 'rejected', 'withdrawn'] as const;

export interface QueueView { applications: Application[]; services: Service[]; filter: QueueFilter; names: Map<string, string>; staffNames: Map<string, string> }

export function QueuePage({ shell, view }: { shell: Shell; view: QueueView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('applications.queue.title');
  const serviceTitle = (id: string) => tr.text(view.services.find((s) => s.id === id)?.title) || id;
  const now = Date.now();
  return (
    <Page shell={shell} title={title}>
      <p><a href="/office">{tr.h('shell.nav.office')}</a></p>
      <h1 safe>{title}</h1>
      <form method="get" action="/office/applications" class="filters inline-form">
        <div class="field">
          <label for="service">{tr.h('applications.field.service')}</label>
          <select id="service" name="service">
            <option value="">{tr.h('applications.queue.all')}</option>
            {view.services.map((s) => <option value={s.id} selected={view.filter.serviceId === s.id} safe>{tr.text(s.title)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="status">{tr.h('applications.field.status')}</label>
          <select id="status" name="status">
            <option value="">{tr.h('applications.queue.all')}</option>
            {STATUSES.map((s) => <option value={s} selected={view.filter.status === s}>{tr.h(`applications.status.${s}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="due">{tr.h('applications.field.due')}</label>
          <select id="due" name="due">
            <option value="">{tr.h('applications.queue.all')}</option>
            <option value="overdue" selected={view.filter.due === 'overdue'}>{tr.h('applications.queue.overdueOnly')}</option>
            {[3, 7].map((days) => <option value={String(days)} selected={view.filter.due === days}>{tr.h('applications.queue.dueWithin', { days })}</option>)}
          </select>
        </div>
        <button type="submit" class="button secondary">{tr.h('applications.queue.filter')}</button>
      </form>
      {view.applications.length === 0 ? <p>{tr.h('applications.queue.empty')}</p> : (
        <DataTable caption={title} columns={[tr.t('applications.field.reference'), tr.t('applications.field.service'), tr.t('applications.field.applicant'), tr.t('applications.field.status'), tr.t('applications.field.due'), tr.t('applications.field.assignee')]}>
          {view.applications.map((a) => {
            const overdue = (a.status === 'submitted' || a.status === 'info_requested') && a.due_at !== null && a.due_at.getTime() < now;
            return (
              <tr class={overdue ? 'overdue' : undefined}>
                <td><a href={`/office/applications/${a.id}`} safe>{a.reference ?? ''}</a></td>
                <td safe>{serviceTitle(a.service_id)}</td>
                <td safe>{view.names.get(a.resident_id) ?? ''}</td>
                <td><StatusTag tr={tr} status={a.status} /></td>
                <td><span safe>{tr.when(a.due_at)}</span>{overdue ? <strong class="overdue-tag"> {tr.h('applications.queue.overdue')}</strong> : ''}</td>
                <td safe>{a.assignee_id ? view.staffNames.get(a.assignee_id) ?? '' : tr.t('applications.queue.unassigned')}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Page>
  );
}

export interface CaseView {
  application: Application; service: Service; applicant: { name: string; idNumberMasked: string; address: string };
  events: ApplicationEvent[]; files: StoredFile[]; colleagues: { id: string; name: string }[]; staffId: string;
  staffNames: Map<string, string>; error?: string;
  /** What other agencies' data services gave, with its source. */
  agencyData: AgencyData;
  /** The other applications of the life-event bundle this one was filed in. */
  filedTogether?: FiledTogether;
}

function FiledTogetherSection({ tr, filed }: { tr: Translator; filed: FiledTogether }): JSX.Element {
  return (
    <section aria-labelledby="filed-together-title">
      <h2 id="filed-together-title">{tr.h('applications.case.filedTogether')}</h2>
      <p>{tr.h('applications.case.filedTogetherLead', { bundle: filed.bundleTitle, count: filed.others.length })}</p>
      <ul class="bullets">
        {filed.others.map((o) => <li><span safe>{o.service}</span> · <span safe>{o.agency}</span>{o.reference ? <> · <span safe>{o.reference}</span></> : ''}</li>)}
      </ul>
    </section>
  );
}

export function CasePage({ shell, view }: { shell: Shell; view: CaseView }): JSX.Element {
  const { tr } = shell;
  const a = view.application;
  const base = `/office/applications/${a.id}`;
  const step = view.service.workflow.steps[a.step_index];
  const open = a.status === 'submitted' || a.status === 'info_requested';
  const last = a.step_index >= view.service.workflow.steps.length - 1;
  const attachments: UploadedFiles = {};
  for (const f of view.files) (attachments[f.field] ??= []).push({ id: f.id, name: f.filename, size: f.size });
  const who = (actor: string) => actor.startsWith('staff:') ? view.staffNames.get(actor.slice(6)) ?? tr.t('applications.actor.officer') : tr.t('applications.actor.applicant');
  const csrf = <input type="hidden" name="_csrf" value={shell.csrfToken} />;
  return (
    <Page shell={shell} title={`${a.reference ?? ''} ${tr.text(view.service.title)}`}>
      <p><a href="/office/applications">{tr.h('applications.queue.title')}</a></p>
      <h1><span safe>{a.reference ?? ''}</span> <span safe>{tr.text(view.service.title)}</span></h1>
      {view.error ? <div class="error-summary" role="alert"><p safe>{view.error}</p></div> : ''}
      <dl class="facts">
        <dt>{tr.h('applications.field.status')}</dt><dd><StatusTag tr={tr} status={a.status} /></dd>
        <dt>{tr.h('applications.field.applicant')}</dt><dd><span safe>{view.applicant.name}</span> (<span safe>{view.applicant.idNumberMasked}</span>)</dd>
        <dt>{tr.h('applications.field.address')}</dt><dd safe>{view.applicant.address}</dd>
        <dt>{tr.h('applications.field.submitted')}</dt><dd safe>{tr.when(a.submitted_at, 'dateTime')}</dd>
        <dt>{tr.h('applications.field.due')}</dt><dd safe>{tr.when(a.due_at)}</dd>
        {open && step ? <><dt>{tr.h('applications.field.step')}</dt><dd>{tr.h('applications.case.stepOf', { step: a.step_index + 1, total: view.service.workflow.steps.length, title: tr.text(step.title) })}{step.fourEyes ? <> {tr.h('applications.case.fourEyes')}</> : ''}</dd></> : ''}
        <dt>{tr.h('applications.field.assignee')}</dt><dd safe>{a.assignee_id ? view.staffNames.get(a.assignee_id) ?? '' : tr.t('applications.queue.unassigned')}</dd>
        {a.decision_reason ? <><dt>{tr.h('applications.field.reason')}</dt><dd safe>{a.decision_reason}</dd></> : ''}
      </dl>
      {view.filedTogether ? <FiledTogetherSection tr={tr} filed={view.filedTogether} /> : ''}
      {open ? (
        <section class="case-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{tr.h('applications.case.actions')}</h2>
          <form method="post" action={`${base}/assign`} class="inline-form">
            {csrf}
            <label for="assignee">{tr.h('applications.case.assignTo')}</label>
            <select id="assignee" name="assignee">
              {view.colleagues.map((c) => <option value={c.id} selected={c.id === (a.assignee_id ?? view.staffId)} safe>{c.name}</option>)}
            </select>
            <button type="submit" class="button secondary">{tr.h('applications.case.assign')}</button>
          </form>
          {a.status === 'submitted' ? (
            <form method="post" action={`${base}/complete-step`} class="stack">
              {csrf}
              <div class="field">
                <label for="note">{tr.h(last ? 'applications.case.approveNote' : 'applications.case.stepNote')}</label>
                <textarea id="note" name="note" rows="2" maxlength="4000"></textarea>
              </div>
              <button type="submit" class="button">{tr.h(last ? 'applications.case.approve' : 'applications.case.completeStep')}</button>
            </form>
          ) : <p>{tr.h('applications.case.waiting')}</p>}
          {a.status === 'submitted' ? (
            <form method="post" action={`${base}/request-information`} class="stack">
              {csrf}
              <div class="field">
                <label for="request">{tr.h('applications.case.requestLabel')}</label>
                <textarea id="request" name="message" rows="3" maxlength="4000" required></textarea>
              </div>
              <button type="submit" class="button secondary">{tr.h('applications.case.request')}</button>
            </form>
          ) : ''}
          <form method="post" action={`${base}/reject`} class="stack">
            {csrf}
            <div class="field">
              <label for="reason">{tr.h('applications.case.rejectLabel')}</label>
              <p class="hint" id="reason-hint">{tr.h('applications.case.rejectHint')}</p>
              <textarea id="reason" name="reason" rows="3" maxlength="4000" required aria-describedby="reason-hint"></textarea>
            </div>
            <button type="submit" class="button danger">{tr.h('applications.case.reject')}</button>
          </form>
        </section>
      ) : ''}
      <h2>{tr.h('applications.case.answers')}</h2>
      <CheckAnswers tr={tr} form={view.service.form} answers={a.answers} attachments={attachments} headingLevel={3} />
      <AgencyDataSection tr={tr} items={view.agencyData.items} applicationId={a.id} audience="officer" agencyName={view.agencyData.agencyName} csrfToken={shell.csrfToken} />
      {view.files.length ? (
        <>
          <h2>{tr.h('applications.case.files')}</h2>
          <ul>{view.files.map((f) => <li><a href={`${base}/files/${f.id}`} safe>{f.filename}</a> <span safe>{`(${Math.ceil(f.size / 1024)} KB)`}</span></li>)}</ul>
        </>
      ) : ''}
      <h2>{tr.h('applications.timeline')}</h2>
      <Timeline tr={tr} events={view.events} who={who} steps={view.service.workflow.steps} />
    </Page>
  );
}

export function StatisticsPage({ shell, rows, services }: { shell: Shell; rows: ServiceStatistics[]; services: Service[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('applications.stats.title');
  const hours = (h: number | null) => (h === null ? '–' : tr.t('applications.stats.hours', { hours: h }));
  return (
    <Page shell={shell} title={title}>
      <p><a href="/office">{tr.h('shell.nav.office')}</a></p>
      <h1 safe>{title}</h1>
      <p>{tr.h('applications.stats.lead')}</p>
      <p>{tr.h('applications.stats.sparedLead', { count: rows.reduce((n, r) => n + r.documents_spared, 0) })}</p>
      <DataTable caption={title} columns={[tr.t('applications.field.service'), tr.t('applications.stats.received'), tr.t('applications.stats.decided'), tr.t('applications.stats.average'), tr.t('applications.stats.p90'), tr.t('applications.stats.overdue'), tr.t('applications.stats.spared')]}>
        {rows.map((r) => (
          <tr>
            <td safe>{tr.text(services.find((s) => s.id === r.service_id)?.title) || r.service_id}</td>
            <td safe>{String(r.received)}</td>
            <td safe>{String(r.decided)}</td>
            <td safe>{hours(r.avg_hours)}</td>
            <td safe>{hours(r.p90_hours)}</td>
            <td safe>{String(r.overdue)}</td>
            <td safe>{String(r.documents_spared)}</td>
          </tr>
        ))}
      </DataTable>
    </Page>
  );
}
