import { Page } from '../../../platform/web/layout.tsx';
import { CheckYourAnswersPage } from './check-your-answers.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Bundle, Service, Text } from '../../packs/index.ts';
import { EFormPage, type Answers, type EForm, type FieldError, type FormError, type RawValues, type UploadedFiles } from '../eform/index.ts';
import type { Application } from '../store.ts';
import { MembersAgencyDataSection } from './agency-data.tsx';
import type { AgencyData } from './apply.tsx';
import { StatusTag } from './status.tsx';

export interface BundleMember { service: Service; agencyName: Text }

/** What a bundle files and with which agencies, and the button to start (or go on with) it. */
export function BundlePage({ shell, bundle, members, hasDraft }: { shell: Shell; bundle: Bundle; members: BundleMember[]; hasDraft: boolean }): JSX.Element {
  const { tr } = shell;
  const title = tr.text(bundle.title);
  return (
    <Page shell={shell} title={title}>
      <div class="narrow">
        <p class="eform-caption">{tr.h('bundles.caption')}</p>
        <h1 safe>{title}</h1>
        <p class="lead" safe>{tr.text(bundle.summary)}</p>
        <DataTable caption={tr.t('bundles.files', { count: members.length })} columns={[tr.t('bundles.service'), tr.t('bundles.agency'), tr.t('bundles.days')]}>
          {members.map(({ service, agencyName }) => (
            <tr>
              <td><a href={`/services/${encodeURIComponent(service.id)}`} safe>{tr.text(service.title)}</a></td>
              <td safe>{tr.text(agencyName)}</td>
              <td>{tr.h('bundles.dayCount', { days: service.processingDays })}</td>
            </tr>
          ))}
        </DataTable>
        <h2>{tr.h('bundles.once')}</h2>
        <ul>{bundle.shared.map((q) => <li safe>{tr.text(q.label)}</li>)}</ul>
        <p>{tr.h('bundles.separately')}</p>
        <p>{tr.h('applications.start.saved')}</p>
        {shell.resident ? (
          <form method="post" action={`/bundles/${encodeURIComponent(bundle.id)}/apply`}>
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <button type="submit" class="button">{tr.h(hasDraft ? 'applications.start.continue' : 'applications.start.now')}</button>
          </form>
        ) : <p><a class="button" href={`/sign-in?return=${encodeURIComponent(`/bundles/${bundle.id}`)}`}>{tr.h('bundles.signInToStart')}</a></p>}
      </div>
    </Page>
  );
}

export interface BundleFormView {
  filingId: string; bundle: Bundle; form: EForm; pageId: string; answers: Answers; raw?: RawValues; errors?: FieldError[];
  attachments: UploadedFiles; firstPage: boolean;
  /** What other agencies' data services gave the member applications, shown on the first page. */
  agencyData?: MemberAgencyData[];
}

/** What other agencies gave one member application of a bundle. */
export interface MemberAgencyData extends AgencyData { applicationId: string; serviceTitle: string }

/** The members' data read-only, with the bundle's own consent page for agreeing and pages of the bundle to come back to. */
function BundleAgencyData({ shell, filingId, members, returnTo }: { shell: Shell; filingId: string; members: MemberAgencyData[] | undefined; returnTo: string }): JSX.Element {
  if (!members?.length) return <></>;
  const common = { tr: shell.tr, audience: 'resident' as const, csrfToken: shell.csrfToken, returnTo, consentAction: `/me/bundles/${filingId}/consent` };
  return <MembersAgencyDataSection tr={shell.tr} members={members.map((m) => ({ ...common, ...m }))} />;
}

export function BundleFormPage({ shell, view }: { shell: Shell; view: BundleFormView }): JSX.Element {
  const { tr } = shell;
  const page = view.form.layout.pages.find((p) => p.id === view.pageId)!;
  const base = `/me/bundles/${view.filingId}`;
  const title = `${view.errors?.length ? `${tr.t('form.errorPrefix')} ` : ''}${tr.text(page.title)} - ${tr.text(view.bundle.title)}`;
  return (
    <Page shell={shell} title={title}>
      <div class="narrow">
        <EFormPage tr={tr} form={view.form} pageId={view.pageId} answers={view.answers} raw={view.raw} errors={view.errors}
          action={`${base}/form/${encodeURIComponent(view.pageId)}`} csrfToken={shell.csrfToken} caption={tr.text(view.bundle.title)}
          attachments={view.attachments} removeAttachmentHref={(_field, id) => `${base}/files/${id}/remove?page=${encodeURIComponent(view.pageId)}`}
          intro={view.firstPage ? <BundleAgencyData shell={shell} filingId={view.filingId} members={view.agencyData} returnTo={`${base}/form/${encodeURIComponent(view.pageId)}`} /> : undefined}>
          <button type="submit" class="button" name="action" value="continue">{tr.h('eform.continue')}</button>
          {view.firstPage ? '' : <button type="submit" class="button secondary" name="action" value="back">{tr.h('eform.back')}</button>}
          <button type="submit" class="button secondary" name="action" value="save">{tr.h('eform.saveLater')}</button>
        </EFormPage>
      </div>
    </Page>
  );
}

export function BundleCheckPage({ shell, filingId, bundle, form, answers, attachments, errors, agencyData }: { shell: Shell; filingId: string; bundle: Bundle; form: EForm; answers: Answers; attachments: UploadedFiles; errors: FormError[]; agencyData?: MemberAgencyData[] }): JSX.Element {
  const { tr } = shell;
  const base = `/me/bundles/${filingId}`;
  return (
    <CheckYourAnswersPage shell={shell} base={base} caption={tr.text(bundle.title)} form={form} answers={answers} attachments={attachments} errors={errors}
      agencyData={<BundleAgencyData shell={shell} filingId={filingId} members={agencyData} returnTo={`${base}/check`} />}
      declaration={<><p>{tr.h('applications.check.declaration')}</p><p>{tr.h('bundles.submitWill', { count: bundle.services.length })}</p></>} />
  );
}

export interface FiledApplication { application: Application; service: Service | undefined; agencyName: Text | undefined }

/** A filed bundle: each agency's application with its own status, together. */
export function MyBundlePage({ shell, bundle, submittedAt, applications, justSubmitted }: { shell: Shell; bundle: Bundle; submittedAt: Date | null; applications: FiledApplication[]; justSubmitted: boolean }): JSX.Element {
  const { tr } = shell;
  const title = tr.text(bundle.title);
  return (
    <Page shell={shell} title={title}>
      <p><a href="/me/applications">{tr.h('applications.mine.title')}</a></p>
      {justSubmitted ? (
        <div class="panel-success" role="status">
          <h1>{tr.h('bundles.submitted.title', { count: applications.length })}</h1>
          <p>{tr.h('bundles.submitted.next')}</p>
        </div>
      ) : <h1 safe>{title}</h1>}
      {justSubmitted ? <p class="lead" safe>{title}</p> : ''}
      {submittedAt ? <p>{tr.h('bundles.submittedOn', { date: tr.when(submittedAt) })}</p> : ''}
      <BundleTable shell={shell} caption={tr.t('bundles.applications')} applications={applications} />
    </Page>
  );
}

export function BundleTable({ shell, caption, applications }: { shell: Shell; caption: string; applications: FiledApplication[] }): JSX.Element {
  const { tr } = shell;
  return (
    <DataTable caption={caption} columns={[tr.t('applications.field.service'), tr.t('applications.field.reference'), tr.t('applications.field.status')]}>
      {applications.map(({ application: a, service, agencyName }) => (
        <tr>
          <td>
            {a.status === 'draft' ? <span safe>{tr.text(service?.title)}</span> : <a href={`/me/applications/${a.id}`} safe>{tr.text(service?.title)}</a>}
            <br /><span class="note" safe>{tr.text(agencyName)}</span>
          </td>
          <td safe>{a.reference ?? tr.t('applications.mine.notSent')}</td>
          <td><StatusTag tr={tr} status={a.status} /></td>
        </tr>
      ))}
    </DataTable>
  );
}
