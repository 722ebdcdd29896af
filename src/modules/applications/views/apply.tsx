import { Page } from '../../../platform/web/layout.tsx';
import { CheckYourAnswersPage } from './check-your-answers.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Service } from '../../packs/index.ts';
import { AgencyDataSection, PrefillChoicesField, type AgencyDataItem, type DataSource, type PrefillChoices } from './agency-data.tsx';
import { PICK_FIELD } from '../pick-from-agency-data.ts';
import { EFormPage, type Answers, type FieldError, type FormError, type RawValues, type UploadedFiles } from '../eform/index.ts';

export function StartPage({ shell, service, hasDraft, fetched = [] }: { shell: Shell; service: Service; hasDraft: boolean; fetched?: DataSource[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.text(service.title);
  return (
    <Page shell={shell} title={title}>
      <div class="narrow">
        <p class="eform-caption">{tr.h('applications.start.caption')}</p>
        <h1 safe>{title}</h1>
        <p class="lead" safe>{tr.text(service.summary)}</p>
        {service.requiredDocuments?.length ? (
          <>
            <h2>{tr.h('applications.start.youNeed')}</h2>
            <ul>{service.requiredDocuments.map((d) => <li safe>{tr.text(d)}</li>)}</ul>
          </>
        ) : ''}
        {fetched.length ? (
          <>
            <h2>{tr.h('applications.start.noNeed')}</h2>
            <ul>{fetched.map((f) => <li>{tr.h('applications.start.weGet', { document: tr.text(f.ds.replacesDocument) || tr.text(f.ds.title), agency: f.providerName })}</li>)}</ul>
          </>
        ) : ''}
        <p>{tr.h('applications.start.pages', { pages: service.form.layout.pages.length, days: service.processingDays })}</p>
        <p>{tr.h('applications.start.saved')}</p>
        <form method="post" action={`/services/${encodeURIComponent(service.id)}/apply`}>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button">{tr.h(hasDraft ? 'applications.start.continue' : 'applications.start.now')}</button>
        </form>
      </div>
    </Page>
  );
}

export interface FormPageView {
  applicationId: string; service: Service; pageId: string; answers: Answers; raw?: RawValues; errors?: FieldError[];
  attachments: UploadedFiles; firstPage: boolean;
  /** What other agencies' data services gave, shown on the first page. */
  agencyData?: AgencyData;
  /** A choice from fetched records that fills some of the page's questions. */
  prefill?: PrefillChoices;
}

/** The "From other agencies" panels of a draft, and the agency whose counter takes what could not be fetched. */
export interface AgencyData { items: AgencyDataItem[]; agencyName: string }

function AgencyDataPanels({ shell, applicationId, data, returnTo }: { shell: Shell; applicationId: string; data: AgencyData | undefined; returnTo: string }): JSX.Element {
  if (!data?.items.length) return <></>;
  return <AgencyDataSection tr={shell.tr} items={data.items} applicationId={applicationId} audience="resident" agencyName={data.agencyName} csrfToken={shell.csrfToken} returnTo={returnTo} />;
}

export function FormPage({ shell, view }: { shell: Shell; view: FormPageView }): JSX.Element {
  const { tr } = shell;
  const page = view.service.form.layout.pages.find((p) => p.id === view.pageId)!;
  const base = `/me/applications/${view.applicationId}`;
  const title = `${view.errors?.length ? `${tr.t('form.errorPrefix')} ` : ''}${tr.text(page.title)} - ${tr.text(view.service.title)}`;
  return (
    <Page shell={shell} title={title}>
      <div class="narrow">
        <EFormPage tr={tr} form={view.service.form} pageId={view.pageId} answers={view.answers} raw={view.raw} errors={view.errors}
          action={`${base}/form/${encodeURIComponent(view.pageId)}`} csrfToken={shell.csrfToken} caption={tr.text(view.service.title)}
          attachments={view.attachments} removeAttachmentHref={(_field, id) => `${base}/files/${id}/remove?page=${encodeURIComponent(view.pageId)}`}
          intro={view.firstPage ? <AgencyDataPanels shell={shell} applicationId={view.applicationId} data={view.agencyData} returnTo={`${base}/form/${encodeURIComponent(view.pageId)}`} /> : undefined}
          lead={<PrefillChoicesField tr={tr} choices={view.prefill} error={view.errors?.find((e) => e.field === PICK_FIELD)?.message} />}>
          <button type="submit" class="button" name="action" value="continue">{tr.h('eform.continue')}</button>
          {view.firstPage ? '' : <button type="submit" class="button secondary" name="action" value="back">{tr.h('eform.back')}</button>}
          <button type="submit" class="button secondary" name="action" value="save">{tr.h('eform.saveLater')}</button>
        </EFormPage>
      </div>
    </Page>
  );
}

export function CheckPage({ shell, applicationId, service, answers, attachments, errors, agencyData }: { shell: Shell; applicationId: string; service: Service; answers: Answers; attachments: UploadedFiles; errors: FormError[]; agencyData?: AgencyData }): JSX.Element {
  const base = `/me/applications/${applicationId}`;
  return (
    <CheckYourAnswersPage shell={shell} base={base} caption={shell.tr.text(service.title)} form={service.form} answers={answers} attachments={attachments} errors={errors}
      agencyData={<AgencyDataPanels shell={shell} applicationId={applicationId} data={agencyData} returnTo={`${base}/check`} />}
      declaration={<p>{shell.tr.h('applications.check.declaration')}</p>} />
  );
}
