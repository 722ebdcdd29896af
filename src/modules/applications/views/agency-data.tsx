import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { DataService, Service } from '../../packs/index.ts';
import type { RegistryWords } from '../../registries/index.ts';
import { ErrorSummary } from '../eform/index.ts';
import type { AgencyData, DataReport } from '../store.ts';
import { fieldsRead, recordLines } from './agency-data-words.ts';
import { PICK_FIELD } from '../pick-from-agency-data.ts';

/** A data service a service takes data from, with the name of the agency that answers it and what its registry calls the fields. */
export interface DataSource { ds: DataService; providerName: string; words: RegistryWords }

/** A service whose agency reads the data services for it, under the service's own data agreement. */
export interface ConsentGroup { service: Service; agencyName: string; sources: DataSource[]; consentDays: number | undefined }

export interface ConsentView {
  /** What is applied for: a service's title, or a bundle's. */
  caption: string;
  /** One per service that takes data: each service's agency is a reader of its own. */
  groups: ConsentGroup[];
  /** Where the decision is posted. */
  action: string;
  /** "Not now": what the resident can do instead. */
  later?: boolean;
  /** For a draft that exists already: where it goes on without agreeing. */
  formHref?: string;
}

const allSources = (groups: ConsentGroup[]) => groups.flatMap((g) => g.sources);
export const providers = (tr: Translator, sources: DataSource[]) => new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format([...new Set(sources.map((s) => s.providerName))]);
export const documents = (tr: Translator, sources: DataSource[]) => sources.map((s) => tr.text(s.ds.replacesDocument) || tr.text(s.ds.title));

/** The groups of the same reading agency together: a bundle may file two services with one agency. */
function byReader(groups: ConsentGroup[]): ConsentGroup[][] {
  const out = new Map<string, ConsentGroup[]>();
  for (const g of groups) out.set(g.service.agency, [...out.get(g.service.agency) ?? [], g]);
  return [...out.values()];
}

function Heading({ level, id, children }: { level: 2 | 3; id?: string; children: JSX.Element | string }): JSX.Element {
  return level === 2 ? <h2 id={id}>{children}</h2> : <h3 id={id}>{children}</h3>;
}

/**
 * What is read, from whom, by whom, for what, under which law and instead of which paper: each
 * data service of each service, grouped by the agency that reads it when there is more than one.
 */
export function ConsentTerms({ tr, groups }: { tr: Translator; groups: ConsentGroup[] }): JSX.Element {
  const readers = byReader(groups);
  const level = readers.length > 1 ? 3 : 2;
  const terms = (g: ConsentGroup) => g.sources.map(({ ds, providerName, words }) => (
    <section aria-labelledby={`ds-${g.service.id}-${ds.id}`}>
      <Heading level={level} id={`ds-${g.service.id}-${ds.id}`}><span safe>{tr.text(ds.title)}</span></Heading>
      <dl class="facts">
        <dt>{tr.h('applications.consent.what')}</dt><dd safe>{fieldsRead(tr, ds, words).join(', ')}</dd>
        <dt>{tr.h('applications.consent.from')}</dt><dd safe>{providerName}</dd>
        <dt>{tr.h('applications.consent.by')}</dt><dd safe>{g.agencyName}</dd>
        <dt>{tr.h('applications.consent.for')}</dt><dd safe>{tr.text(g.service.title)}</dd>
        <dt>{tr.h('applications.consent.legalBasis')}</dt><dd safe>{tr.text(ds.legalBasis)}</dd>
        {ds.replacesDocument ? <><dt>{tr.h('applications.consent.instead')}</dt><dd safe>{tr.text(ds.replacesDocument)}</dd></> : ''}
      </dl>
    </section>
  ));
  if (level === 2) return <>{groups.map(terms)}</>;
  return (
    <>
      {readers.map((reader) => (
        <section aria-labelledby={`reader-${reader[0]!.service.agency}`} class="consent-reader">
          <h2 id={`reader-${reader[0]!.service.agency}`}>{tr.h('applications.consent.readBy', { agency: reader[0]!.agencyName })}</h2>
          {reader.map(terms)}
        </section>
      ))}
    </>
  );
}

/** How long each consent lasts: one sentence for one service, a line per service in a bundle. */
export function ConsentLasts({ tr, groups }: { tr: Translator; groups: ConsentGroup[] }): JSX.Element {
  const until = (g: ConsentGroup) => (g.consentDays === undefined ? undefined : new Date(Date.now() + g.consentDays * 86_400_000));
  const lasts = (g: ConsentGroup) => {
    const end = until(g);
    return end ? tr.h('applications.consent.lasts', { days: g.consentDays!, until: tr.when(end) }) : tr.h('applications.consent.lastsUntilWithdrawn');
  };
  if (groups.length === 1) return <p>{lasts(groups[0]!)}</p>;
  return (
    <>
      <p>{tr.h('applications.consent.each')}</p>
      <ul class="bullets">
        {groups.map((g) => <li><strong safe>{tr.text(g.service.title)}</strong> (<span safe>{g.agencyName}</span>): {lasts(g)}</li>)}
      </ul>
    </>
  );
}

/** Before any data is fetched: what is read, from whom, by whom, for what, under which law and for how long. */
export function ConsentPage({ shell, view }: { shell: Shell; view: ConsentView }): JSX.Element {
  const { tr } = shell;
  if (view.later) return <NotNowPage shell={shell} view={view} />;
  const title = tr.t('applications.consent.title', { agencies: providers(tr, allSources(view.groups)) });
  const readers = byReader(view.groups);
  return (
    <ConsentStep shell={shell} title={title} caption={view.caption}>
      <p class="lead">{readers.length === 1
        ? tr.h('applications.consent.lead', { agency: readers[0]![0]!.agencyName })
        : tr.h('applications.consent.leadEach', { agencies: new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format(readers.map((r) => r[0]!.agencyName)) })}</p>
      <ConsentTerms tr={tr} groups={view.groups} />
      <h2>{tr.h('applications.consent.yours')}</h2>
      <ConsentLasts tr={tr} groups={view.groups} />
      <p>{tr.h('applications.consent.withdraw')} <a href="/me/consents">{tr.h('applications.consent.consentsLink')}</a></p>
      <p>{tr.h('applications.consent.usage')} <a href="/me/data-usage">{tr.h('applications.consent.usageLink')}</a></p>
      <form method="post" action={view.action} class="eform-actions">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <button type="submit" class="button" name="decision" value="agree">{tr.h('applications.consent.agree')}</button>
        <button type="submit" class="button secondary" name="decision" value="later">{tr.h('applications.consent.notNow')}</button>
      </form>
    </ConsentStep>
  );
}

/** A page of the consent step: the form's caption above the question, in a narrow column. */
function ConsentStep({ shell, title, caption, children }: { shell: Shell; title: string; caption: string; children?: Children }): JSX.Element {
  return (
    <Page shell={shell} title={title}>
      <div class="narrow">
        <p class="eform-caption" safe>{caption}</p>
        <h1 safe>{title}</h1>
        {children}
      </div>
    </Page>
  );
}

/** The papers to bring instead: for one agency a list, for several each paper with the agency that wants it. */
export function PapersInstead({ tr, groups }: { tr: Translator; groups: ConsentGroup[] }): JSX.Element {
  const readers = byReader(groups);
  if (readers.length === 1) return <ul class="bullets">{documents(tr, allSources(groups)).map((d) => <li safe>{d}</li>)}</ul>;
  return (
    <ul class="bullets">
      {groups.flatMap((g) => documents(tr, g.sources).map((d) => <li>{tr.h('applications.consent.later.paperFor', { document: d, agency: g.agencyName })}</li>))}
    </ul>
  );
}

function NotNowPage({ shell, view }: { shell: Shell; view: ConsentView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('applications.consent.later.title');
  const readers = byReader(view.groups);
  return (
    <ConsentStep shell={shell} title={title} caption={view.caption}>
      <p>{readers.length === 1 ? tr.h('applications.consent.later.bring', { agency: readers[0]![0]!.agencyName }) : tr.h('applications.consent.later.bringEach')}</p>
      <PapersInstead tr={tr} groups={view.groups} />
      <p>{tr.h('applications.consent.later.change')}</p>
      {view.formHref ? <p><a class="button" href={view.formHref}>{tr.h('applications.consent.later.continue')}</a></p> : (
        <form method="post" action={view.action}>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button" name="decision" value="without">{tr.h('applications.consent.later.apply')}</button>
        </form>
      )}
      <p><a href={view.action}>{tr.h('applications.consent.later.back')}</a></p>
    </ConsentStep>
  );
}

/** What one data service gave (or did not) for the application, with the reports about it. */
export interface AgencyDataItem extends DataSource { row: AgencyData | undefined; reports: DataReport[] }

export interface AgencyDataSectionProps {
  tr: Translator; items: AgencyDataItem[]; applicationId: string;
  /** Resident pages offer to report and to agree; the officer sees the source of each answer. */
  audience: 'resident' | 'officer'; agencyName: string; csrfToken: string; returnTo?: string;
  /**
   * Where agreeing happens for this application: the resident's own consent page (by default) or
   * their bundle's; at a counter, the officer's page for asking the resident.
   */
  consentAction?: string;
}

function SectionTitle({ tr, audience }: { tr: Translator; audience: AgencyDataSectionProps['audience'] }): JSX.Element {
  return (
    <>
      <h2 id="agency-data-title">{tr.h(audience === 'officer' ? 'applications.data.officerTitle' : 'applications.data.title')}</h2>
      {audience === 'resident' ? <p>{tr.h('applications.data.intro')}</p> : ''}
    </>
  );
}

/** "From other agencies": each data service's answer read-only, in plain words, with where it came from. */
export function AgencyDataSection(props: AgencyDataSectionProps): JSX.Element {
  const { tr, items, audience } = props;
  if (!items.length) return <></>;
  return (
    <section class="agency-data" aria-labelledby="agency-data-title">
      <SectionTitle tr={tr} audience={audience} />
      {items.map((item) => <AgencyDataPanel {...props} item={item} level={3} />)}
    </section>
  );
}

/** A bundle's member applications' data in one section, each under the service and agency it is for. */
export function MembersAgencyDataSection({ tr, members }: { tr: Translator; members: (AgencyDataSectionProps & { serviceTitle: string })[] }): JSX.Element {
  const shown = members.filter((m) => m.items.length);
  if (!shown.length) return <></>;
  return (
    <section class="agency-data" aria-labelledby="agency-data-title">
      <SectionTitle tr={tr} audience={shown[0]!.audience} />
      {shown.map((m) => (
        <section aria-labelledby={`agency-data-${m.applicationId}`}>
          <h3 id={`agency-data-${m.applicationId}`}>{tr.h('applications.data.forService', { service: m.serviceTitle, agency: m.agencyName })}</h3>
          {m.items.map((item) => <AgencyDataPanel {...m} item={item} level={4} />)}
        </section>
      ))}
    </section>
  );
}

function PanelHeading({ level, id, text }: { level: 3 | 4; id: string; text: string }): JSX.Element {
  return level === 3 ? <h3 id={id} safe>{text}</h3> : <h4 id={id} safe>{text}</h4>;
}

function AgencyDataPanel(props: AgencyDataSectionProps & { item: AgencyDataItem; level: 3 | 4 }): JSX.Element {
  const { tr, item, audience } = props;
  const { ds, row, providerName, words } = item;
  const id = `data-${props.applicationId}-${ds.id}`;
  const base = `/me/applications/${props.applicationId}`;
  const consentAction = props.consentAction ?? `${base}/consent`;
  const document = tr.text(ds.replacesDocument) || tr.text(ds.title);
  return (
    <section class="panel" aria-labelledby={id}>
      <PanelHeading level={props.level} id={id} text={tr.text(ds.title)} />
      {row?.outcome === 'fetched' ? <>
        <p>{tr.h('applications.data.from', { agency: providerName, time: tr.when(row.fetched_at, 'dateTime') })}</p>
        {audience === 'officer' ? <Source tr={tr} row={row} ds={ds} /> : ''}
        <Records tr={tr} ds={ds} words={words} records={row.records ?? []} />
        {item.reports.map((r) => (
          <div class="data-report">
            <p><strong>{tr.h(audience === 'officer' ? 'applications.data.reportedByApplicant' : 'applications.data.youReported', { date: tr.when(r.reported_at, 'dateTime') })}</strong></p>
            <blockquote class="timeline-message" safe>{r.message}</blockquote>
          </div>
        ))}
        {audience === 'resident' ? (
          <p><a href={`${base}/agency-data/${encodeURIComponent(ds.id)}/report${props.returnTo ? `?return=${encodeURIComponent(props.returnTo)}` : ''}`}>
            {tr.h('applications.data.report')}<span class="visually-hidden"> {tr.h('applications.data.reportAbout', { title: tr.text(ds.title) })}</span>
          </a></p>
        ) : ''}
      </> : row ? <>
        <p>{tr.h('applications.data.refused', { agency: providerName, reason: refusalWords(tr, row.refusal_reason) })}</p>
        <p>{tr.h(audience === 'officer' ? 'applications.data.askFor' : 'applications.data.bring', { document, agency: props.agencyName })}</p>
        {audience === 'resident' ? <RetryForm {...props} action={consentAction} label="applications.data.retry" /> : ''}
      </> : <>
        <p>{tr.h(audience === 'officer' ? 'applications.data.notFetchedOfficer' : 'applications.data.notFetched')}</p>
        <p>{tr.h(audience === 'officer' ? 'applications.data.askFor' : 'applications.data.bring', { document, agency: props.agencyName })}</p>
        {audience === 'resident' || props.consentAction
          ? <p><a href={consentAction}>{tr.h(audience === 'resident' ? 'applications.data.agreeNow' : 'applications.data.askConsentNow')}</a></p> : ''}
      </>}
    </section>
  );
}

function RetryForm(props: AgencyDataSectionProps & { action: string; label: string }): JSX.Element {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class="button secondary" name="decision" value="agree">{props.tr.h(props.label)}</button>
    </form>
  );
}

function Source({ tr, row, ds }: { tr: Translator; row: AgencyData; ds: DataService }): JSX.Element {
  return (
    <dl class="facts">
      <dt>{tr.h('applications.data.service')}</dt><dd><code safe>{ds.id}</code></dd>
      <dt>{tr.h('applications.data.message')}</dt><dd><code safe>{row.exchange_message_id ?? ''}</code></dd>
      <dt>{tr.h('applications.data.signature')}</dt><dd>{tr.h('applications.data.verified')}</dd>
      {row.consent_id ? <><dt>{tr.h('applications.data.consent')}</dt><dd><code safe>{row.consent_id}</code></dd></> : ''}
    </dl>
  );
}

export function Records({ tr, ds, words, records }: { tr: Translator; ds: DataService; words: RegistryWords; records: Record<string, unknown>[] }): JSX.Element {
  if (!records.length) return <p>{tr.h('applications.data.nothing')}</p>;
  return (
    <>
      {recordLines(tr, ds, words, records).map((lines) => (
        <dl class="summary-list">
          {lines.map((line) => (
            <div class="summary-row">
              <dt safe>{line.label}</dt>
              <dd>{line.values.length === 1 ? <span safe>{line.values[0]}</span> : <ul class="summary-values">{line.values.map((v) => <li safe>{v}</li>)}</ul>}</dd>
            </div>
          ))}
        </dl>
      ))}
    </>
  );
}

const REFUSALS = new Set(['consent_required', 'service_not_allowed', 'unknown_member', 'unknown_service', 'bad_signature', 'provider_unavailable', 'bad_response']);

function refusalWords(tr: Translator, reason: string | null): string {
  return tr.t(`applications.data.refusal.${reason && REFUSALS.has(reason) ? reason : 'other'}`);
}

export interface ReportView {
  applicationId: string; service: Service; source: DataSource; records: Record<string, unknown>[];
  message: string; error?: string; returnTo: string;
}

/** "Report that this is wrong": what is wrong, in the resident's own words. */
export function ReportPage({ shell, view }: { shell: Shell; view: ReportView }): JSX.Element {
  const { tr } = shell;
  const { ds, providerName, words } = view.source;
  const title = tr.t('applications.data.reportTitle', { title: tr.text(ds.title) });
  return (
    <Page shell={shell} title={view.error ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <div class="narrow">
        <ErrorSummary tr={tr} errors={view.error ? [{ field: 'message', message: view.error }] : []} hrefFor={() => '#message'} />
        <p class="eform-caption" safe>{tr.text(view.service.title)}</p>
        <h1 safe>{title}</h1>
        <p>{tr.h('applications.data.reportLead', { agency: providerName })}</p>
        <Records tr={tr} ds={ds} words={words} records={view.records} />
        <form method="post" action={`/me/applications/${view.applicationId}/agency-data/${encodeURIComponent(ds.id)}/report`} class="stack">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={view.returnTo} />
          <div class={`field${view.error ? ' has-error' : ''}`}>
            <label for="message">{tr.h('applications.data.whatIsWrong')}</label>
            <p class="hint" id="message-hint">{tr.h('applications.data.whatIsWrongHint')}</p>
            {view.error ? <p class="field-error" id="message-error" safe>{view.error}</p> : ''}
            <textarea id="message" name="message" rows="4" maxlength="2000" aria-describedby={view.error ? 'message-hint message-error' : 'message-hint'} aria-invalid={view.error ? 'true' : undefined} safe>{view.message}</textarea>
          </div>
          <div class="eform-actions">
            <button type="submit" class="button">{tr.h('applications.data.send')}</button>
            <a class="button secondary" href={view.returnTo}>{tr.h('applications.data.back')}</a>
          </div>
        </form>
      </div>
    </Page>
  );
}

/** A page's choice from fetched records, by number; the last option keeps the typed answers. */
export interface PrefillChoices { label: string; hint: string; providerName: string; options: string[]; chosen: number | undefined }

/** Inside the page's form, before the questions it fills: works without JavaScript, typing stays possible. */
export function PrefillChoicesField({ tr, choices, error }: { tr: Translator; choices: PrefillChoices | undefined; error?: string }): JSX.Element {
  if (!choices) return <></>;
  const id = `f-${PICK_FIELD}`;
  const typed = choices.chosen === undefined;
  return (
    <fieldset class={`field eform-section prefill${error ? ' has-error' : ''}`} aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend class="eform-section-title" safe>{choices.label}</legend>
      <p class="hint" id={`${id}-hint`}><span safe>{choices.hint}</span> {tr.h('applications.prefill.source', { agency: choices.providerName })}</p>
      {error ? <p class="field-error" id={`${id}-error`} safe>{error}</p> : ''}
      <div class="choices">
        {choices.options.map((option, i) => (
          <div class="choice">
            <input type="radio" id={i === 0 ? id : `${id}-${i}`} name={PICK_FIELD} value={String(i)} checked={choices.chosen === i} />
            <label for={i === 0 ? id : `${id}-${i}`} safe>{option}</label>
          </div>
        ))}
        <div class="choice">
          <input type="radio" id={`${id}-typed`} name={PICK_FIELD} value="" checked={typed} />
          <label for={`${id}-typed`}>{tr.h('applications.prefill.typed')}</label>
        </div>
      </div>
    </fieldset>
  );
}
