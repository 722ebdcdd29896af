import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, formTitle, InputField } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { AgencyRow } from '../../agencies/index.ts';
import type { AgencyFragment, AgencyQuotas, FragmentError } from '../../packs/index.ts';
import type { DocumentSignerSummary } from '../../credentials/index.ts';
import type { SigningKeySummary } from '../../documents/index.ts';
import type { KeyKind } from '../rotate-agency-keys.ts';
import type { StorageUse } from '../storage-quota.ts';
import type { QuotaProblem } from '../set-agency-quotas.ts';

export interface AgencyUse { agency: AgencyRow; quotas: AgencyQuotas | undefined; requests: { requests: number; refused: number }; storage: StorageUse; onboarded: boolean }

const bytes = (tr: Translator, n: number) => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${new Intl.NumberFormat(tr.locale, { maximumFractionDigits: 1 }).format(v)} ${units[u]}`;
};

/** A use-against-quota bar: a native <meter> (read out by screen readers) with the figures written beside it. */
function UseBar({ tr, label, used, quota, format, inTable = false }: { tr: Translator; label: string; used: number; quota: number | null | undefined; format: (n: number) => string; inTable?: boolean }): JSX.Element {
  // In a table the column header already names the figure; the meter keeps its own name for screen readers.
  const named = inTable ? '' : <><span safe>{label}</span>{' '}</>;
  if (!quota) return <p class="use-bar">{named}<span safe>{format(used)}</span> {tr.h('onboarding.use.noQuota')}</p>;
  const percent = Math.round((used / quota) * 100);
  return (
    <p class="use-bar">
      {named}
      <meter min="0" max={String(quota)} low={String(quota * 0.7)} high={String(quota * 0.9)} optimum="0" value={String(Math.min(used, quota))} aria-label={label}></meter>{' '}
      <span safe>{tr.t('onboarding.use.ofQuota', { used: format(used), quota: format(quota), percent })}</span>
    </p>
  );
}

export function AgencyListPage({ shell, rows }: { shell: Shell; rows: AgencyUse[] }): JSX.Element {
  const { tr } = shell;
  const n = (v: number) => new Intl.NumberFormat(tr.locale).format(v);
  return (
    <Page shell={shell} title={tr.t('onboarding.list.title')}>
      <h1>{tr.h('onboarding.list.title')}</h1>
      <p class="lead">{tr.h('onboarding.list.lead')}</p>
      <p><a class="button" href="/ops/agencies/new">{tr.h('onboarding.list.add')}</a></p>
      <DataTable caption={tr.t('onboarding.list.title')} columns={[tr.t('onboarding.list.agency'), tr.t('onboarding.list.requests'), tr.t('onboarding.list.storage')]}>
        {rows.map((r) => (
          <tr>
            <td><a href={`/ops/agencies/${r.agency.id}`} safe>{tr.text(r.agency.name)}</a> <code safe>{r.agency.id}</code></td>
            <td><UseBar tr={tr} label={tr.t('onboarding.use.requests')} used={r.requests.requests} quota={r.quotas?.requestsPerMinute} format={n} inTable /></td>
            <td><UseBar tr={tr} label={tr.t('onboarding.use.storage')} used={r.storage.usedBytes} quota={r.storage.quotaBytes} format={(v) => bytes(tr, v)} inTable /></td>
          </tr>
        ))}
      </DataTable>
    </Page>
  );
}

export function NewAgencyPage({ shell, text, errors, preview }: { shell: Shell; text: string; errors: FragmentError[]; preview?: AgencyFragment }): JSX.Element {
  const { tr } = shell;
  const failed = errors.length > 0;
  return (
    <Page shell={shell} title={formTitle(tr, tr.t('onboarding.new.title'), failed)}>
      <p><a href="/ops/agencies">{tr.h('onboarding.back')}</a></p>
      <h1>{tr.h('onboarding.new.title')}</h1>
      <p class="lead">{tr.h('onboarding.new.lead')}</p>
      <ErrorSummary tr={tr} problems={failed ? [{ field: 'fragment', message: tr.t('onboarding.new.errors', { count: errors.length }) }] : []} />
      {preview ? <Preview shell={shell} fragment={preview} /> : ''}
      <form method="post" action="/ops/agencies/new" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <div class={`field${failed ? ' has-error' : ''}`}>
          <label for="fragment">{tr.h('onboarding.new.fragment')}</label>
          <p class="hint" id="fragment-hint">{tr.h('onboarding.new.hint')}</p>
          {failed ? (
            <div class="field-error" id="fragment-error">
              <p>{tr.h('onboarding.new.errors', { count: errors.length })}</p>
              <ul>{errors.map((e) => <li><code safe>{e.path || '/'}</code>{e.line ? <span safe>{` (${tr.t('onboarding.new.line', { line: e.line })})`}</span> : ''}: <span safe>{e.message}</span></li>)}</ul>
            </div>
          ) : ''}
          <textarea id="fragment" name="fragment" rows="18" spellcheck="false" aria-describedby={`fragment-hint${failed ? ' fragment-error' : ''}`} aria-invalid={failed ? 'true' : undefined} safe>{text}</textarea>
        </div>
        <div class="field">
          <label for="fragmentFile">{tr.h('onboarding.new.file')}</label>
          <p class="hint" id="fragmentFile-hint">{tr.h('onboarding.new.fileHint')}</p>
          <input type="file" id="fragmentFile" name="fragmentFile" accept=".yaml,.yml,application/yaml,text/yaml" aria-describedby="fragmentFile-hint" />
        </div>
        <button type="submit" name="step" value="preview" class={preview ? 'button secondary' : 'button'}>{tr.h('onboarding.new.check')}</button>
        {preview ? <> <button type="submit" name="step" value="confirm" class="button">{tr.h('onboarding.new.confirm')}</button></> : ''}
      </form>
    </Page>
  );
}

function Preview({ shell, fragment }: { shell: Shell; fragment: AgencyFragment }): JSX.Element {
  const { tr } = shell;
  return (
    <section class="panel" aria-labelledby="preview-heading" role="status">
      <h2 id="preview-heading">{tr.h('onboarding.preview.title', { agency: tr.text(fragment.agency.name) })}</h2>
      <ul>
        <li>{tr.h('onboarding.preview.agency', { id: fragment.agency.id })}</li>
        <li>{tr.h('onboarding.preview.services', { count: fragment.services.length })} <span safe>{fragment.services.map((s) => tr.text(s.title)).join(', ')}</span></li>
        <li>{tr.h('onboarding.preview.staff', { count: fragment.staff.length })} <span safe>{fragment.staff.map((s) => s.email).join(', ')}</span></li>
        <li>{tr.h('onboarding.preview.registries', { count: fragment.registries.length, dataServices: fragment.dataServices.length })}</li>
        <li>{tr.h('onboarding.preview.credentialTypes', { count: fragment.credentialTypes.length })} <span safe>{fragment.credentialTypes.map((c) => tr.text(c.title)).join(', ')}</span></li>
        <li>{tr.h('onboarding.preview.quotas', { rpm: fragment.quotas.requestsPerMinute, storage: bytes(tr, fragment.quotas.storageBytes) })}</li>
        <li>{tr.h('onboarding.preview.keys')}</li>
      </ul>
    </section>
  );
}

export interface QuotaForm { requestsPerMinute: string; storageBytes: string; problems: QuotaProblem[] }

export function AgencyDetailPage({ shell, use, keys, signers, form, notice }: { shell: Shell; use: AgencyUse; keys: SigningKeySummary[]; signers: DocumentSignerSummary[] | null; form: QuotaForm; notice?: string }): JSX.Element {
  const { tr } = shell;
  const failed = form.problems.length > 0;
  const problem = (field: QuotaProblem['field']) => {
    const p = form.problems.find((x) => x.field === field);
    return p && tr.t(`onboarding.quota.error.${p.code}`, { used: bytes(tr, p.usedBytes ?? 0), usedExact: p.usedBytes ?? 0 });
  };
  return (
    <Page shell={shell} title={formTitle(tr, tr.text(use.agency.name), failed)}>
      <p><a href="/ops/agencies">{tr.h('onboarding.back')}</a></p>
      <h1 safe>{tr.text(use.agency.name)}</h1>
      {notice ? <p class="notice" role="status">{tr.h(`onboarding.notice.${notice}`)}</p> : ''}
      <section class="panel" aria-labelledby="use-heading">
        <h2 id="use-heading">{tr.h('onboarding.detail.use')}</h2>
        <UseBar tr={tr} label={tr.t('onboarding.use.requests')} used={use.requests.requests} quota={use.quotas?.requestsPerMinute} format={(v) => new Intl.NumberFormat(tr.locale).format(v)} />
        <p>{tr.h('onboarding.detail.refused', { count: use.requests.refused })}</p>
        <UseBar tr={tr} label={tr.t('onboarding.use.storage')} used={use.storage.usedBytes} quota={use.storage.quotaBytes} format={(v) => bytes(tr, v)} />
        <p class="hint">{tr.h('onboarding.detail.perNode')}</p>
      </section>
      <section class="panel" aria-labelledby="quota-heading">
        <h2 id="quota-heading">{tr.h('onboarding.detail.quotas')}</h2>
        <ErrorSummary tr={tr} problems={form.problems.map((p) => ({ field: p.field, message: problem(p.field)! }))} />
        <form method="post" action={`/ops/agencies/${use.agency.id}/quotas`} novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <InputField id="requestsPerMinute" label={tr.t('onboarding.quota.requests')} hint={tr.t('onboarding.quota.requestsHint')} value={form.requestsPerMinute} inputmode="numeric" error={problem('requestsPerMinute')} />
          <InputField id="storageBytes" label={tr.t('onboarding.quota.storage')} hint={tr.t('onboarding.quota.storageHint', { used: use.storage.usedBytes })} value={form.storageBytes} inputmode="numeric" error={problem('storageBytes')} />
          <button type="submit" class="button">{tr.h('onboarding.quota.save')}</button>
        </form>
      </section>
      <section class="panel" aria-labelledby="keys-heading">
        <h2 id="keys-heading">{tr.h('onboarding.keys.title')}</h2>
        <p>{tr.h('onboarding.keys.lead')}</p>
        <KeyList tr={tr} keys={keys} />
        <RotateKeyForm agencyId={use.agency.id} kind="documents" label={tr.t('onboarding.keys.rotate')} csrfToken={shell.csrfToken} />
      </section>
      <section class="panel" aria-labelledby="exchange-key-heading">
        <h2 id="exchange-key-heading">{tr.h('onboarding.keys.exchangeTitle')}</h2>
        <p>{tr.h('onboarding.keys.exchangeLead')}</p>
        <RotateKeyForm agencyId={use.agency.id} kind="exchange" label={tr.t('onboarding.keys.rotateExchange')} csrfToken={shell.csrfToken} />
      </section>
      <section class="panel" aria-labelledby="credential-key-heading">
        <h2 id="credential-key-heading">{tr.h('onboarding.keys.credentialsTitle')}</h2>
        {signers ? (
          <>
            <p>{tr.h('onboarding.keys.credentialsLead')}</p>
            <KeyList tr={tr} keys={signers} />
            <RotateKeyForm agencyId={use.agency.id} kind="credentials" label={tr.t('onboarding.keys.rotateCredentials')} csrfToken={shell.csrfToken} />
          </>
        ) : <p>{tr.h('onboarding.keys.noCredentials')}</p>}
      </section>
    </Page>
  );
}

/** An agency's keys of one kind, the one signing now first, each by its certificate. */
function KeyList({ tr, keys }: { tr: Translator; keys: { serialNumber: string; subjectAltName?: string[]; createdAt: Date; retiredAt: Date | null }[] }): JSX.Element {
  const date = (d: Date) => tr.when(d, 'dateTime');
  return (
    <ul class="key-list">
      {keys.map((k) => (
        <li>
          <strong safe>{k.retiredAt ? tr.t('onboarding.keys.retired', { date: date(k.retiredAt) }) : tr.t('onboarding.keys.live')}</strong>
          <br /><span safe>{tr.t('onboarding.keys.serial')}</span>: <code safe>{k.serialNumber}</code>
          {k.subjectAltName ? <><br /><span safe>{tr.t('onboarding.keys.subjectAltName')}</span>: <code safe>{k.subjectAltName.join(', ')}</code></> : ''}
          <br /><span safe>{tr.t('onboarding.keys.created')}</span>: <span safe>{date(k.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}

/** One button that rotates one kind of the agency's keys. */
function RotateKeyForm(props: { agencyId: string; kind: KeyKind; label: string; csrfToken: string }): JSX.Element {
  return (
    <form method="post" action={`/ops/agencies/${props.agencyId}/keys/rotate`}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="kind" value={props.kind} />
      <button type="submit" class="button secondary" safe>{props.label}</button>
    </form>
  );
}
