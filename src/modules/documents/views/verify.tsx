import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Text } from '../../../platform/i18n/i18n.ts';
import type { Verdict } from '../verify-document.ts';

export interface VerdictContext { agencyName: Text | null; idLabel: Text | null }
export type UploadError = 'missing' | 'tooLarge' | 'notPdf';

const HEADLINE = { authentic: 'documents.verify.authentic', revoked: 'documents.verify.revoked', altered: 'documents.verify.altered', not_ours: 'documents.verify.notOurs' } as const;

export function VerifyResultPage({ shell, verdict, context, uploaded }: { shell: Shell; verdict: Verdict; context: VerdictContext; uploaded: boolean }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={`${tr.t(HEADLINE[verdict.outcome])} | ${tr.t('documents.verify.title')}`}>
      <div class="narrow">
        <p class="note">{uploaded ? tr.h('documents.verify.uploadResult') : tr.h('documents.verify.title')}</p>
        <VerdictPanel shell={shell} verdict={verdict} context={context} />
        {'document' in verdict ? <Statements shell={shell} verdict={verdict} context={context} /> : ''}
        <p><a href="/verify">{uploaded ? tr.h('documents.verify.again') : tr.h('documents.verify.uploadTitle')}</a></p>
      </div>
    </Page>
  );
}

function VerdictPanel({ shell, verdict, context }: { shell: Shell; verdict: Verdict; context: VerdictContext }): JSX.Element {
  const { tr } = shell;
  const day = (d: Date) => tr.when(d, 'longDate');
  const body = verdict.outcome === 'authentic' ? tr.h('documents.verify.authenticBody', { agency: tr.text(context.agencyName) })
    : verdict.outcome === 'revoked' ? tr.h('documents.verify.revokedBody', { date: day(verdict.document.revoked_at!) })
      : verdict.outcome === 'altered' ? tr.h('documents.verify.alteredBody') : tr.h('documents.verify.notOursBody');
  return (
    <section class={`verdict verdict-${verdict.outcome.replace('_', '-')}`} aria-labelledby="verdict-title">
      <h1 id="verdict-title">{tr.h(HEADLINE[verdict.outcome])}</h1>
      <p>{body}</p>
      {verdict.outcome === 'revoked' ? (
        <p><strong>{tr.h('documents.verify.revokedReason')}</strong>: <span safe>{verdict.document.revoked_reason ?? ''}</span></p>
      ) : ''}
      {'document' in verdict && verdict.expired && verdict.document.valid_until ? (
        <p><strong>{tr.h('documents.verify.expired', { date: day(verdict.document.valid_until) })}</strong></p>
      ) : ''}
    </section>
  );
}

function Statements({ shell, verdict, context }: { shell: Shell; verdict: Extract<Verdict, { document: unknown }>; context: VerdictContext }): JSX.Element {
  const { tr } = shell;
  const d = verdict.document;
  const day = (date: Date) => tr.when(date, 'longDate');
  const name = d.holder_name_latin && tr.locale !== d.languages[0] ? `${d.holder_name} (${d.holder_name_latin})` : d.holder_name;
  return (
    <section aria-labelledby="statements-title">
      <h2 id="statements-title">{tr.h('documents.verify.details')}</h2>
      <dl class="summary-list">
        <Row term={tr.t('documents.verify.documentTitle')} value={tr.text(d.title)} />
        <Row term={tr.t('documents.verify.issuer')} value={tr.text(context.agencyName)} />
        <Row term={tr.t('documents.verify.holder')} value={name} />
        <Row term={context.idLabel ? tr.text(context.idLabel) : tr.t('documents.verify.holderId')} value={d.holder_id_masked} />
        {d.statements.map((s) => <Row term={tr.text(s.label)} value={s.value} />)}
        <Row term={tr.t('documents.verify.issuedAt')} value={day(d.issued_at)} />
        <Row term={tr.t('documents.verify.validity')} value={d.valid_until ? tr.t('documents.verify.validUntil', { date: day(d.valid_until) }) : tr.t('documents.verify.noExpiry')} />
        <Row term={tr.t('documents.verify.documentNo')} value={d.id} />
      </dl>
    </section>
  );
}

function Row({ term, value }: { term: string; value: string }): JSX.Element {
  return <div class="summary-row"><dt safe>{term}</dt><dd safe>{value}</dd></div>;
}

export function VerifyUploadPage({ shell, error }: { shell: Shell; error?: UploadError }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('documents.verify.title');
  const message = error ? tr.t(`documents.verify.error.${error}`) : '';
  return (
    <Page shell={shell} title={error ? `${tr.t('form.errorPrefix')} ${title}` : title}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('documents.verify.intro')}</p>
        {error ? (
          <div class="error-summary" role="alert" tabindex="-1">
            <h2>{tr.h('form.errorSummary')}</h2>
            <ul><li><a href="#file" safe>{message}</a></li></ul>
          </div>
        ) : ''}
        <h2>{tr.h('documents.verify.uploadTitle')}</h2>
        <form method="post" action="/verify" enctype="multipart/form-data" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <div class={`field${error ? ' has-error' : ''}`}>
            <label for="file">{tr.h('documents.verify.file')}</label>
            <p class="hint" id="file-hint">{tr.h('documents.verify.fileHint')}</p>
            {error ? <p class="field-error" id="file-error" safe>{message}</p> : ''}
            <input id="file" name="file" type="file" accept="application/pdf,.pdf" required
              aria-describedby={error ? 'file-hint file-error' : 'file-hint'} aria-invalid={error ? 'true' : undefined} />
          </div>
          <button type="submit" class="button">{tr.h('documents.verify.submit')}</button>
        </form>
      </div>
    </Page>
  );
}
