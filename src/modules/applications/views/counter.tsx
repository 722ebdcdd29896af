import type { Translator } from '../../../platform/i18n/i18n.ts';
import { Page } from '../../../platform/web/layout.tsx';
import { CheckYourAnswersPage } from './check-your-answers.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, InputField, formTitle, type FieldProblem } from '../../../platform/web/form.tsx';
import type { Text } from '../../../platform/i18n/i18n.ts';
import type { Service } from '../../packs/index.ts';
import { EFormPage, type Answers, type FieldError, type FormError, type RawValues, type UploadedFiles } from '../eform/index.ts';
import { DOCUMENT_KINDS, type CounterVisit } from '../counter-store.ts';
import type { WalkInClaim, WalkInProblems } from '../serve-walk-in.ts';
import type { Application } from '../store.ts';
import { AgencyDataSection, ConsentLasts, ConsentTerms, PapersInstead, PrefillChoicesField, type ConsentGroup, type PrefillChoices } from './agency-data.tsx';
import { PICK_FIELD } from '../pick-from-agency-data.ts';
import type { AgencyData } from './apply.tsx';
import { StatusTag } from './status.tsx';

export interface VisitSummary { visit: CounterVisit; residentName: string; serviceTitle: string; application?: Application }

export interface IdentifyView { values: Partial<WalkInClaim>; problems: WalkInProblems; idLabel: string; idExample: string; /** Left off when the form is shown again after a mistake. */ today: VisitSummary[] | null }

const FIELDS = ['idNumber', 'name', 'birthDate', 'documentKind', 'documentRef'] as const;

export function IdentifyPage({ shell, view }: { shell: Shell; view: IdentifyView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('applications.counter.title');
  const say = (field: keyof WalkInProblems) => {
    const code = view.problems[field];
    return code ? tr.t(`applications.counter.error.${field}.${code}`, { idLabel: view.idLabel }) : undefined;
  };
  const problems: FieldProblem[] = [
    ...(view.problems.form ? [{ field: 'idNumber', message: say('form')! }] : []),
    ...FIELDS.flatMap((f) => (say(f) ? [{ field: f, message: say(f)! }] : [])),
  ];
  const kindError = say('documentKind');
  return (
    <Page shell={shell} title={formTitle(tr, title, problems.length > 0)}>
      <p><a href="/office">{tr.h('shell.nav.office')}</a></p>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('applications.counter.lead')}</p>
        <ErrorSummary tr={tr} problems={problems} />
        <form method="post" action="/office/counter" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <fieldset class="eform-section stack">
            <legend class="eform-section-title">{tr.h('applications.counter.whoTitle')}</legend>
            <InputField id="idNumber" label={view.idLabel} hint={tr.t('applications.counter.idNumberHint', { example: view.idExample })} error={say('idNumber')}
              value={view.values.idNumber} inputmode="numeric" autocomplete="off" required />
            <InputField id="name" label={tr.t('applications.counter.name')} hint={tr.t('applications.counter.nameHint')} error={say('name')}
              value={view.values.name} autocomplete="off" required />
            <InputField id="birthDate" label={tr.t('applications.counter.birthDate')} hint={tr.t('applications.counter.birthDateHint')} error={say('birthDate')}
              value={view.values.birthDate} type="date" autocomplete="off" required />
          </fieldset>
          <fieldset class="eform-section stack">
            <legend class="eform-section-title">{tr.h('applications.counter.documentTitle')}</legend>
            <fieldset class={`field${kindError ? ' has-error' : ''}`} aria-describedby={kindError ? 'documentKind-error' : undefined}>
              <legend class="field-label">{tr.h('applications.counter.documentKind')}</legend>
              {kindError ? <p class="field-error" id="documentKind-error" safe>{kindError}</p> : ''}
              <div class="choices">
                {DOCUMENT_KINDS.map((kind, i) => (
                  <div class="choice">
                    <input type="radio" id={i === 0 ? 'documentKind' : `documentKind-${kind}`} name="documentKind" value={kind} checked={view.values.documentKind === kind} />
                    <label for={i === 0 ? 'documentKind' : `documentKind-${kind}`}>{tr.h(`applications.counter.document.${kind}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <InputField id="documentRef" label={tr.t('applications.counter.documentRef')} hint={tr.t('applications.counter.documentRefHint')} error={say('documentRef')}
              value={view.values.documentRef} autocomplete="off" required />
          </fieldset>
          <button type="submit" class="button">{tr.h('applications.counter.identify')}</button>
        </form>
      </div>
      {view.today ? <TodayList tr={tr} today={view.today} /> : ''}
    </Page>
  );
}

function TodayList({ tr, today }: { tr: Translator; today: VisitSummary[] }): JSX.Element {
  return (
    <>
      <h2>{tr.h('applications.counter.todayTitle')}</h2>
      {today.length === 0 ? <p>{tr.h('applications.counter.todayEmpty')}</p> : (
        <DataTable caption={tr.t('applications.counter.todayTitle')} columns={[tr.t('applications.counter.checkedAt'), tr.t('applications.field.applicant'), tr.t('applications.field.service'), tr.t('applications.field.status')]}>
          {today.map((v) => (
            <tr>
              <td><a href={`/office/counter/${v.visit.id}`} safe>{tr.when(v.visit.checked_at, 'dateTime')}</a></td>
              <td safe>{v.residentName}</td>
              <td safe>{v.serviceTitle}</td>
              <td>{v.application ? <StatusTag tr={tr} status={v.application.status} /> : tr.h('applications.counter.noApplication')}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

export interface VisitView {
  visit: CounterVisit; resident: { name: string; idNumberMasked: string }; checkedBy: string;
  application?: Application; service?: Service; services: Service[]; error?: string;
  /** The resident's mobile IDs a verifier would accept now, and how many were just suspended here. */
  mobileIdsInUse: number; suspended?: number;
}

function LostPhone({ shell, base, inUse, suspended }: { shell: Shell; base: string; inUse: number; suspended?: number }): JSX.Element {
  const { tr } = shell;
  return (
    <section aria-labelledby="lost-phone-title" class="narrow">
      <h2 id="lost-phone-title">{tr.h('applications.counter.lostPhone.title')}</h2>
      {suspended !== undefined ? <div class="notice" role="status"><p>{tr.h('applications.counter.lostPhone.done', { count: suspended })}</p></div> : ''}
      {inUse > 0 ? (
        <form method="post" action={`${base}/lost-phone`} class="stack">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <p id="lost-phone-hint">{tr.h('applications.counter.lostPhone.hint', { count: inUse })}</p>
          <button type="submit" class="button danger" aria-describedby="lost-phone-hint">{tr.h('applications.counter.lostPhone.suspend')}</button>
        </form>
      ) : <p>{tr.h('applications.counter.lostPhone.none')}</p>}
    </section>
  );
}

export function VisitPage({ shell, view }: { shell: Shell; view: VisitView }): JSX.Element {
  const { tr } = shell;
  const base = `/office/counter/${view.visit.id}`;
  const title = tr.t('applications.counter.visitTitle', { name: view.resident.name });
  const a = view.application;
  return (
    <Page shell={shell} title={title}>
      <p><a href="/office/counter">{tr.h('applications.counter.title')}</a></p>
      <h1 safe>{title}</h1>
      {view.error ? <div class="error-summary" role="alert"><p safe>{view.error}</p></div> : ''}
      <dl class="facts">
        <dt>{tr.h('applications.field.applicant')}</dt><dd><span safe>{view.resident.name}</span> (<span safe>{view.resident.idNumberMasked}</span>)</dd>
        <dt>{tr.h('applications.counter.documentChecked')}</dt>
        <dd>{tr.h(`applications.counter.document.${view.visit.document_kind}`)} (<span safe>{view.visit.document_ref}</span>)</dd>
        <dt>{tr.h('applications.counter.checkedBy')}</dt><dd safe>{view.checkedBy}</dd>
        <dt>{tr.h('applications.counter.checkedAt')}</dt><dd safe>{tr.when(view.visit.checked_at, 'dateTime')}</dd>
        {a && view.service ? <><dt>{tr.h('applications.field.service')}</dt><dd safe>{tr.text(view.service.title)}</dd><dt>{tr.h('applications.field.status')}</dt><dd><StatusTag tr={tr} status={a.status} /></dd></> : ''}
      </dl>
      {!a ? (
        view.services.length === 0 ? <p>{tr.h('applications.counter.noServices')}</p> : (
          <form method="post" action={`${base}/start`} class="stack narrow">
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <div class="field">
              <label for="service">{tr.h('applications.counter.chooseService')}</label>
              <select id="service" name="service" required>
                {view.services.map((s) => <option value={s.id} safe>{tr.text(s.title)}</option>)}
              </select>
            </div>
            <button type="submit" class="button">{tr.h('applications.counter.start')}</button>
          </form>
        )
      ) : a.status === 'draft'
        ? <p><a class="button" href={`${base}/form`}>{tr.h('applications.counter.continue')}</a></p>
        : <p><a class="button" href={`${base}/receipt`}>{tr.h('applications.counter.showReceipt')}</a></p>}
      <LostPhone shell={shell} base={base} inUse={view.mobileIdsInUse} suspended={view.suspended} />
    </Page>
  );
}

export interface CounterFormView {
  visitId: string; applicationId: string; residentName: string; service: Service; pageId: string; answers: Answers; raw?: RawValues; errors?: FieldError[];
  attachments: UploadedFiles; firstPage: boolean;
  /** What other agencies' data services gave the draft, shown on the first page. */
  agencyData?: AgencyData;
  /** A choice from fetched records that fills some of the page's questions. */
  prefill?: PrefillChoices;
}

/** The officer's view of what other agencies gave: the source of each answer, and asking for consent where nothing was fetched. */
function CounterAgencyData({ shell, visitId, applicationId, data }: { shell: Shell; visitId: string; applicationId: string; data: AgencyData | undefined }): JSX.Element {
  if (!data?.items.length) return <></>;
  return <AgencyDataSection tr={shell.tr} items={data.items} applicationId={applicationId} audience="officer" agencyName={data.agencyName} csrfToken={shell.csrfToken} consentAction={`/office/counter/${visitId}/consent`} />;
}

export interface CounterConsentView {
  visitId: string; residentName: string; caption: string; groups: ConsentGroup[];
  /** When "agree" was pressed without the box ticked. */
  error?: string;
}

/** What the officer reads out before anything is fetched, and the resident's yes (ticked by the officer) or no. */
export function CounterConsentPage({ shell, view }: { shell: Shell; view: CounterConsentView }): JSX.Element {
  const { tr } = shell;
  const base = `/office/counter/${view.visitId}`;
  const title = tr.t('applications.counter.consent.title', { name: view.residentName });
  const agency = view.groups[0]?.agencyName ?? '';
  const described = ['agreed-hint', view.error ? 'agreed-error' : ''].filter(Boolean).join(' ');
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(view.error))}>
      <OnBehalfOf tr={tr} base={base} name={view.residentName} />
      <div class="narrow">
        <ErrorSummary tr={tr} problems={view.error ? [{ field: 'agreed', message: view.error }] : []} />
        <p class="eform-caption" safe>{view.caption}</p>
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('applications.counter.consent.lead', { name: view.residentName, agency })}</p>
        <ConsentTerms tr={tr} groups={view.groups} />
        <h2>{tr.h('applications.consent.yours')}</h2>
        <ConsentLasts tr={tr} groups={view.groups} />
        <p>{tr.h('applications.counter.consent.withdraw', { name: view.residentName })}</p>
        <form method="post" action={`${base}/consent`} class="stack">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <div class={`field${view.error ? ' has-error' : ''}`}>
            <div class="choice">
              <input type="checkbox" id="agreed" name="agreed" value="yes" aria-describedby={described} aria-invalid={view.error ? 'true' : undefined} />
              <label for="agreed">{tr.h('applications.counter.consent.agreed')}</label>
            </div>
            <div class="choice-hints">
              <p class="hint" id="agreed-hint">{tr.h('applications.counter.consent.agreedHint', { name: view.residentName })}</p>
              {view.error ? <p class="field-error" id="agreed-error" safe>{view.error}</p> : ''}
            </div>
          </div>
          <div class="eform-actions">
            <button type="submit" class="button" name="decision" value="agree">{tr.h('applications.counter.consent.fetch')}</button>
            <button type="submit" class="button secondary" name="decision" value="refuse">{tr.h('applications.counter.consent.refuse')}</button>
          </div>
        </form>
      </div>
    </Page>
  );
}

/** The resident said no: which papers to ask them for instead. */
export function CounterPapersPage({ shell, view }: { shell: Shell; view: CounterConsentView }): JSX.Element {
  const { tr } = shell;
  const base = `/office/counter/${view.visitId}`;
  const title = tr.t('applications.counter.papers.title', { name: view.residentName });
  return (
    <Page shell={shell} title={title}>
      <OnBehalfOf tr={tr} base={base} name={view.residentName} />
      <div class="narrow">
        <p class="eform-caption" safe>{view.caption}</p>
        <h1 safe>{title}</h1>
        <p>{tr.h('applications.counter.papers.lead', { name: view.residentName })}</p>
        <PapersInstead tr={tr} groups={view.groups} />
        <p><a class="button" href={`${base}/form`}>{tr.h('applications.counter.papers.continue')}</a></p>
        <p><a href={`${base}/consent`}>{tr.h('applications.counter.papers.back')}</a></p>
      </div>
    </Page>
  );
}

export function CounterFormPage({ shell, view }: { shell: Shell; view: CounterFormView }): JSX.Element {
  const { tr } = shell;
  const page = view.service.form.layout.pages.find((p) => p.id === view.pageId)!;
  const base = `/office/counter/${view.visitId}`;
  const title = `${view.errors?.length ? `${tr.t('form.errorPrefix')} ` : ''}${tr.text(page.title)} - ${tr.text(view.service.title)}`;
  return (
    <Page shell={shell} title={title}>
      <OnBehalfOf tr={tr} base={base} name={view.residentName} />
      <div class="narrow">
        <EFormPage tr={tr} form={view.service.form} pageId={view.pageId} answers={view.answers} raw={view.raw} errors={view.errors}
          action={`${base}/form/${encodeURIComponent(view.pageId)}`} csrfToken={shell.csrfToken} caption={tr.text(view.service.title)}
          attachments={view.attachments} removeAttachmentHref={(_field, id) => `${base}/files/${id}/remove?page=${encodeURIComponent(view.pageId)}`}
          intro={view.firstPage ? <CounterAgencyData shell={shell} visitId={view.visitId} applicationId={view.applicationId} data={view.agencyData} /> : undefined}
          lead={<PrefillChoicesField tr={tr} choices={view.prefill} error={view.errors?.find((e) => e.field === PICK_FIELD)?.message} />}>
          <button type="submit" class="button" name="action" value="continue">{tr.h('eform.continue')}</button>
          {view.firstPage ? '' : <button type="submit" class="button secondary" name="action" value="back">{tr.h('eform.back')}</button>}
          <button type="submit" class="button secondary" name="action" value="save">{tr.h('eform.saveLater')}</button>
        </EFormPage>
      </div>
    </Page>
  );
}

/** Says, on every page of the form, whose application the officer is filling in. */
function OnBehalfOf({ tr, base, name }: { tr: Translator; base: string; name: string }): JSX.Element {
  return <p class="on-behalf"><a href={base}>{tr.h('applications.counter.onBehalfOf', { name })}</a></p>;
}

export interface CounterCheckView { visitId: string; applicationId: string; residentName: string; service: Service; answers: Answers; attachments: UploadedFiles; errors: FormError[]; agencyData?: AgencyData }

export function CounterCheckPage({ shell, view }: { shell: Shell; view: CounterCheckView }): JSX.Element {
  const { tr } = shell;
  const base = `/office/counter/${view.visitId}`;
  return (
    <CheckYourAnswersPage shell={shell} base={base} caption={tr.text(view.service.title)} form={view.service.form} answers={view.answers} attachments={view.attachments} errors={view.errors}
      before={<OnBehalfOf tr={tr} base={base} name={view.residentName} />}
      agencyData={<CounterAgencyData shell={shell} visitId={view.visitId} applicationId={view.applicationId} data={view.agencyData} />}
      declaration={<p>{tr.h('applications.counter.declaration')}</p>} />
  );
}

export interface ReceiptView {
  visitId: string; application: Application; service: Service; residentName: string;
  agency: { name: Text; contact: { phone?: string; email?: string; address?: Text } };
  portal: string; locales: string[];
  /** The papers the resident did not have to bring: what other agencies' data services gave instead. */
  spared: { document: string; agency: string }[];
}

const LANGUAGE_NAMES: Record<string, string> = { ko: '한국어', en: 'English' };

/** The paper the resident takes home, in their language; printed without the site's header and menus. */
export function ReceiptPage({ shell, view, rtr }: { shell: Shell; view: ReceiptView; rtr: Translator }): JSX.Element {
  const { tr } = shell;
  const a = view.application;
  const base = `/office/counter/${view.visitId}`;
  const contact = view.agency.contact;
  return (
    <Page shell={shell} title={`${rtr.t('applications.receipt.title')} ${a.reference ?? ''}`}>
      <div class="no-print">
        <p><a href="/office/counter">{tr.h('applications.counter.nextResident')}</a></p>
        <nav class="receipt-languages" aria-label={tr.t('applications.receipt.language')}>
          <span>{tr.h('applications.receipt.language')}</span>
          <ul class="pills">
            {view.locales.map((l) => (
              <li><a class="pill" href={`${base}/receipt?lang=${l}`} lang={l} hreflang={l} aria-current={l === rtr.locale ? 'page' : undefined} safe>{LANGUAGE_NAMES[l] ?? l}</a></li>
            ))}
          </ul>
        </nav>
        <p class="hint">{tr.h('applications.receipt.printHint')}</p>
      </div>
      <article class="receipt" lang={rtr.locale} dir={rtr.dir}>
        <p class="eform-caption" safe>{rtr.text(view.agency.name)}</p>
        <h1 safe>{rtr.t('applications.receipt.title')}</h1>
        <p>{rtr.h('applications.receipt.lead', { name: view.residentName })}</p>
        <dl class="facts">
          <dt>{rtr.h('applications.field.reference')}</dt><dd><strong class="reference" safe>{a.reference ?? ''}</strong></dd>
          <dt>{rtr.h('applications.field.service')}</dt><dd safe>{rtr.text(view.service.title)}</dd>
          <dt>{rtr.h('applications.receipt.received')}</dt><dd safe>{rtr.when(a.submitted_at, 'dateTime')}</dd>
          <dt>{rtr.h('applications.receipt.expected')}</dt><dd safe>{rtr.when(a.due_at)}</dd>
        </dl>
        {view.spared.length ? <>
          <h2>{rtr.h('applications.receipt.spared')}</h2>
          <ul class="bullets">{view.spared.map((d) => <li>{rtr.h('applications.receipt.sparedItem', d)}</li>)}</ul>
        </> : ''}
        <h2>{rtr.h('applications.receipt.followTitle')}</h2>
        <ul class="bullets">
          <li>{rtr.h('applications.receipt.followPortal', { portal: view.portal })}</li>
          <li>{rtr.h('applications.receipt.followCounter')}</li>
        </ul>
        <h2>{rtr.h('applications.receipt.contactTitle')}</h2>
        <dl class="facts">
          <dt>{rtr.h('applications.receipt.agency')}</dt><dd safe>{rtr.text(view.agency.name)}</dd>
          {contact.phone ? <><dt>{rtr.h('applications.receipt.phone')}</dt><dd safe>{contact.phone}</dd></> : ''}
          {contact.email ? <><dt>{rtr.h('applications.receipt.email')}</dt><dd safe>{contact.email}</dd></> : ''}
          {contact.address ? <><dt>{rtr.h('applications.receipt.address')}</dt><dd safe>{rtr.text(contact.address)}</dd></> : ''}
        </dl>
      </article>
    </Page>
  );
}
