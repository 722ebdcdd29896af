import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Service, Text } from '../../packs/index.ts';
import { BundleTable, type FiledApplication } from './bundle.tsx';
import type { Application, ApplicationEvent } from '../store.ts';
import { StatusTag, Timeline } from './status.tsx';

type Titles = Map<string, Service>;

export interface BundleGroup { filingId: string; status: 'draft' | 'submitted'; title: Text; applications: FiledApplication[] }

export function MyApplicationsPage({ shell, applications, services, bundles = [] }: { shell: Shell; applications: Application[]; services: Titles; bundles?: BundleGroup[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('applications.mine.title');
  const groups = bundles.map((b) => (
    <section class="bundle-group" aria-labelledby={`bundle-${b.filingId}`}>
      <h2 id={`bundle-${b.filingId}`}><a href={`/me/bundles/${b.filingId}`} safe>{tr.text(b.title)}</a></h2>
      {b.status === 'draft' ? <p>{tr.h('bundles.draft')} <a href={`/me/bundles/${b.filingId}/form`}>{tr.h('applications.start.continue')}</a></p> : ''}
      <BundleTable shell={shell} caption={tr.text(b.title)} applications={b.applications} />
    </section>
  ));
  return (
    <Page shell={shell} title={title}>
      <p><a href="/me">{tr.h('resident.me.title')}</a></p>
      <h1 safe>{title}</h1>
      {groups}
      {applications.length === 0 && bundles.length === 0 ? <p>{tr.h('applications.mine.none')} <a href="/services">{tr.h('shell.nav.services')}</a></p> : applications.length === 0 ? '' : (
        <DataTable caption={title} columns={[tr.t('applications.field.service'), tr.t('applications.field.reference'), tr.t('applications.field.status'), tr.t('applications.field.updated')]}>
          {applications.map((a) => (
            <tr>
              <td><a href={a.status === 'draft' ? `/me/applications/${a.id}/form` : `/me/applications/${a.id}`} safe>{tr.text(services.get(a.service_id)?.title)}</a></td>
              <td safe>{a.reference ?? tr.t('applications.mine.notSent')}</td>
              <td><StatusTag tr={tr} status={a.status} /></td>
              <td safe>{tr.when(a.updated_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}

export interface ApplicationView {
  application: Application; service: Service; events: ApplicationEvent[]; justSubmitted: boolean; replyError?: string; reply?: string;
}

export function ApplicationPage({ shell, view }: { shell: Shell; view: ApplicationView }): JSX.Element {
  const { tr } = shell;
  const a = view.application;
  const title = tr.text(view.service.title);
  const base = `/me/applications/${a.id}`;
  const who = (actor: string) => tr.t(actor.startsWith('resident:') ? 'applications.actor.you' : 'applications.actor.officer');
  const open = a.status === 'submitted' || a.status === 'info_requested';
  return (
    <Page shell={shell} title={view.replyError ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <p><a href="/me/applications">{tr.h('applications.mine.title')}</a></p>
      {view.justSubmitted ? (
        <div class="panel-success" role="status">
          <h1>{tr.h('applications.submitted.title')}</h1>
          <p>{tr.h('applications.submitted.reference')}<br /><strong class="reference" safe>{a.reference}</strong></p>
          <p>{tr.h('applications.submitted.next', { days: view.service.processingDays, due: tr.when(a.due_at) })}</p>
        </div>
      ) : <h1 safe>{title}</h1>}
      <dl class="facts">
        <dt>{tr.h('applications.field.service')}</dt><dd safe>{title}</dd>
        <dt>{tr.h('applications.field.reference')}</dt><dd safe>{a.reference ?? ''}</dd>
        <dt>{tr.h('applications.field.status')}</dt><dd><StatusTag tr={tr} status={a.status} /></dd>
        {a.due_at && open ? <><dt>{tr.h('applications.field.due')}</dt><dd safe>{tr.when(a.due_at)}</dd></> : ''}
        {a.decision_reason ? <><dt>{tr.h('applications.field.reason')}</dt><dd safe>{a.decision_reason}</dd></> : ''}
      </dl>
      {a.document_id ? <p><a class="button" href={`/me/documents/${encodeURIComponent(a.document_id)}/pdf`}>{tr.h('applications.mine.download')}</a></p> : ''}
      {a.status === 'info_requested' ? (
        <section aria-labelledby="reply-title">
          <h2 id="reply-title">{tr.h('applications.reply.title')}</h2>
          <form method="post" action={`${base}/reply`} class="stack" novalidate>
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <div class={`field${view.replyError ? ' has-error' : ''}`}>
              <label for="message">{tr.h('applications.reply.label')}</label>
              {view.replyError ? <p class="field-error" id="message-error" safe>{view.replyError}</p> : ''}
              <textarea id="message" name="message" rows="5" maxlength="4000" aria-describedby={view.replyError ? 'message-error' : undefined} aria-invalid={view.replyError ? 'true' : undefined} safe>{view.reply ?? ''}</textarea>
            </div>
            <button type="submit" class="button">{tr.h('applications.reply.send')}</button>
          </form>
        </section>
      ) : ''}
      <h2>{tr.h('applications.timeline')}</h2>
      <Timeline tr={tr} events={view.events} who={who} steps={view.service.workflow.steps} />
      {open ? (
        <form method="post" action={`${base}/withdraw`} class="inline-form">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button secondary">{tr.h('applications.withdraw')}</button>
        </form>
      ) : ''}
    </Page>
  );
}
