import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';

export type TotpProblem = 'missing' | 'wrong_code' | 'not_started';

/** Setting up an authenticator app: scan the QR code (or type the key), then prove it works with a code. */
export function TotpSetupPage({ shell, secret, qrDataUrl, problem }: { shell: Shell; secret: string; qrDataUrl: string; problem?: TotpProblem }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.totp.setupTitle');
  const message = problem ? tr.t(`resident.totp.error.${problem}`) : '';
  const grouped = secret.match(/.{1,4}/g)?.join(' ') ?? secret;
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <div class="narrow">
        <p><a href="/me/account">{tr.h('resident.account.title')}</a></p>
        <h1 safe>{title}</h1>
        <ErrorSummary tr={tr} problems={message ? [{ field: 'code', message }] : []} />
        <ol class="steps">
          <li>{tr.h('resident.totp.step1')}</li>
          <li>
            {tr.h('resident.totp.step2')}
            <p><img src={qrDataUrl} alt={tr.t('resident.totp.qrAlt')} width="200" height="200" class="qr" /></p>
            <p>{tr.h('resident.totp.keyLead')}</p>
            <p><code class="secret" safe>{grouped}</code></p>
          </li>
          <li>{tr.h('resident.totp.step3')}</li>
        </ol>
        <form method="post" action="/me/totp" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <InputField id="code" label={tr.t('resident.code.label')} hint={tr.t('resident.totp.codeHint')} error={message || undefined}
            autocomplete="one-time-code" inputmode="numeric" required />
          <button type="submit" class="button">{tr.h('resident.totp.confirm')}</button>
        </form>
      </div>
    </Page>
  );
}
