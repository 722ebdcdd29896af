import { Page } from '../../../platform/web/layout.tsx';
import { ErrorSummary, formTitle } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { formatCalendarDay } from '../../../platform/i18n/time.ts';
import type { Check } from '../checks.ts';
import { answerTitle, checkTitle } from './check-words.ts';
import type { RequestStatus } from '../present-request.ts';
import type { PresentationRequest, RelyingParty } from '../store.ts';

const Styles = () => <link rel="stylesheet" href="/assets/verifier/verify-id.css" />;

export function PairPage({ shell, failed }: { shell: Shell; failed?: boolean }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('verifier.counter.pairTitle');
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(failed))}>
      <Styles />
      <div class="verify-id narrow">
        <h1>{tr.h('verifier.counter.pairTitle')}</h1>
        <p class="lead">{tr.h('verifier.counter.pairLead')}</p>
        <ErrorSummary tr={tr} problems={failed ? [{ field: 'key', message: tr.t('verifier.counter.pairFailed') }] : []} />
        <form method="post" action="/verify-id/pair" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <div class={`field${failed ? ' has-error' : ''}`}>
            <label for="key">{tr.h('verifier.counter.key')}</label>
            <p class="hint" id="key-hint">{tr.h('verifier.counter.keyHint')}</p>
            {failed ? <p class="field-error" id="key-error">{tr.h('verifier.counter.pairFailed')}</p> : ''}
            <input id="key" name="key" type="password" autocomplete="off" aria-describedby={failed ? 'key-hint key-error' : 'key-hint'} aria-invalid={failed ? 'true' : undefined} />
          </div>
          <button type="submit" class="button">{tr.h('verifier.counter.pair')}</button>
        </form>
      </div>
    </Page>
  );
}

export function ChecksPage({ shell, party, failed, engagement, readFailed }: { shell: Shell; party: RelyingParty; failed?: boolean; engagement?: string; readFailed?: { typed: string } }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('verifier.counter.title');
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(readFailed))}>
      <Styles />
      <div class="verify-id">
        <p class="note" safe>{tr.text(party.name)}</p>
        <h1>{tr.h('verifier.counter.title')}</h1>
        <ErrorSummary tr={tr} problems={readFailed ? [{ field: 'code', message: tr.t('verifier.counter.readFailed') }] : []} />
        {engagement ? <p class="notice" role="status">{tr.h('verifier.counter.engaged')}</p> : ''}
        <p class="lead">{tr.h('verifier.counter.chooseLead')}</p>
        {failed ? <p class="field-error" role="alert">{tr.h('verifier.counter.chooseFailed')}</p> : ''}
        <ul class="verify-checks">
          {party.checks.map((c) => (
            <li>
              <form method="post" action="/verify-id/checks">
                <input type="hidden" name="_csrf" value={shell.csrfToken} />
                <input type="hidden" name="check" value={c} />
                {engagement ? <input type="hidden" name="engagement" value={engagement} /> : ''}
                <button type="submit" class="button" safe>{checkTitle(tr, c)}</button>
              </form>
            </li>
          ))}
        </ul>
        {engagement ? '' : <ReadWalletForm shell={shell} readFailed={readFailed} />}
        <form method="post" action="/verify-id/unpair">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button secondary">{tr.h('verifier.counter.unpair')}</button>
        </form>
      </div>
    </Page>
  );
}

/** For a customer whose wallet shows its own QR code: this tablet's camera opens its link; typing it works too. */
function ReadWalletForm({ shell, readFailed }: { shell: Shell; readFailed?: { typed: string } | undefined }): JSX.Element {
  const { tr } = shell;
  return (
    <form method="get" action="/verify-id/engage" class="verify-read" novalidate>
      <h2>{tr.h('verifier.counter.readTitle')}</h2>
      <div class={`field${readFailed ? ' has-error' : ''}`}>
        <label for="code">{tr.h('verifier.counter.readLabel')}</label>
        <p class="hint" id="code-hint">{tr.h('verifier.counter.readHint')}</p>
        {readFailed ? <p class="field-error" id="code-error">{tr.h('verifier.counter.readFailed')}</p> : ''}
        <input id="code" name="code" type="text" autocomplete="off" spellcheck="false" value={readFailed?.typed ?? ''}
          aria-describedby={readFailed ? 'code-hint code-error' : 'code-hint'} aria-invalid={readFailed ? 'true' : undefined} />
      </div>
      <button type="submit" class="button secondary">{tr.h('verifier.counter.readOpen')}</button>
    </form>
  );
}

export function CheckPage({ shell, party, request, check, status, link, qr, engaged }: { shell: Shell; party: RelyingParty; request: PresentationRequest; check: Check | undefined; status: RequestStatus; link: string; qr: string; engaged?: boolean }): JSX.Element {
  const { tr } = shell;
  const checkName = checkTitle(tr, request.check_id);
  return (
    <Page shell={shell} title={`${tr.t(`verifier.counter.status.${status}`)}: ${checkName}`}>
      <Styles />
      <div class="verify-id">
        <p class="note" safe>{tr.text(party.name)}</p>
        <h1 safe>{checkName}</h1>
        {status === 'pending' ? <Waiting shell={shell} request={request} link={link} qr={qr} engaged={Boolean(engaged)} /> : <Answer shell={shell} request={request} check={check} status={status} />}
        <p><a class="button secondary" href="/verify-id">{tr.h('verifier.counter.another')}</a></p>
      </div>
    </Page>
  );
}

function Waiting({ shell, request, link, qr, engaged }: { shell: Shell; request: PresentationRequest; link: string; qr: string; engaged: boolean }): JSX.Element {
  const { tr } = shell;
  const checkNow = (
    <form method="get" action={`/verify-id/checks/${request.id}`}>
      <button type="submit" class="button secondary">{tr.h('verifier.counter.checkNow')}</button>
    </form>
  );
  return (
    <div data-verify-status={`/verify-id/checks/${request.id}/status`}>
      {engaged ? (
        <>
          <p class="lead" role="status">{tr.h('verifier.counter.sentToWallet')}</p>
          <div class="verify-actions">{checkNow}</div>
        </>
      ) : (
        <>
          <p class="lead" role="status">{tr.h('verifier.counter.scan')}</p>
          <img class="verify-qr" src={qr} alt={tr.t('verifier.counter.qrAlt')} width="320" height="320" />
          <div class="verify-actions">
            <a class="button" href={link}>{tr.h('verifier.counter.sameDevice')}</a>
            {checkNow}
          </div>
        </>
      )}
      <p class="hint">{tr.h('verifier.counter.onlyAsked')}</p>
      <script src="/assets/verifier/verify-id.js" defer></script>
    </div>
  );
}

function Answer({ shell, request, check, status }: { shell: Shell; request: PresentationRequest; check: Check | undefined; status: Exclude<RequestStatus, 'pending'> }): JSX.Element {
  const { tr } = shell;
  if (status === 'verified') {
    const claims = ((request.result as { claims?: Record<string, unknown> } | null)?.claims) ?? {};
    return (
      <>
        <div class="verify-answer verify-green" role="status">
          <span class="verify-symbol" aria-hidden="true">✓</span>
          <h2 safe>{answerTitle(tr, request.check_id, true)}</h2>
          <p>{tr.h('verifier.counter.verifiedLead')}</p>
        </div>
        {!check || check.predicate ? '' : (
          <dl class="verify-claims">
            {check.claims.filter((c) => claims[c] !== undefined).map((c) => (
              <><dt safe>{check.labels?.[c] ? tr.text(check.labels[c]) : c}</dt><dd safe>{claimText(claims[c], tr.locale)}</dd></>
            ))}
          </dl>
        )}
      </>
    );
  }
  if (status === 'expired') {
    return (
      <div class="verify-answer verify-grey" role="status">
        <h2>{tr.h('verifier.counter.expired')}</h2>
        <p>{tr.h('verifier.counter.expiredLead')}</p>
      </div>
    );
  }
  return (
    <div class="verify-answer verify-red" role="alert">
      <span class="verify-symbol" aria-hidden="true">✗</span>
      <h2 safe>{request.refusal === 'predicate_false' ? answerTitle(tr, request.check_id, false) : tr.t('verifier.counter.refused')}</h2>
      <p>{tr.h(`verifier.refusal.${refusalGroup(request.refusal)}`)}</p>
    </div>
  );
}

/** Refusal codes grouped into what the person at the counter can act on. */
function refusalGroup(code: string | null): string {
  if (code === 'predicate_false') return 'predicate';
  if (code === 'credential_revoked' || code === 'credential_suspended') return 'revoked';
  if (code === 'credential_expired' || code === 'certificate_expired') return 'expired';
  if (code === 'holder_declined') return 'declined';
  if (code === 'issuer_untrusted' || code === 'issuer_name_mismatch') return 'untrusted';
  return 'invalid';
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function claimText(value: unknown, locale: string): string {
  if (Array.isArray(value)) return value.map((v) => claimText(v, locale)).join(', ');
  if (value instanceof Date) return claimText(value.toISOString().slice(0, 10), locale);
  if (typeof value === 'string' && FULL_DATE.test(value)) {
    return formatCalendarDay(value, 'longDate', locale);
  }
  if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return typeof v.vehicle_category_code === 'string' ? v.vehicle_category_code : Object.values(v).map((x) => claimText(x, locale)).join(' ');
  }
  return String(value);
}
