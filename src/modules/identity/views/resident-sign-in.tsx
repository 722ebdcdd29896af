import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle } from '../../../platform/web/form.tsx';
import { PasskeyForm, PasskeyScripts } from './passkey-button.tsx';

export interface ResidentSignInForm { idNumber: string; returnTo: string; error?: 'wrong_credentials' | 'slowed_down' | 'missing' | 'passkey_invalid' | 'passkey_expired' | 'code_expired' }

export function ResidentSignInPage({ shell, form, idLabel, idExample }: { shell: Shell; form: ResidentSignInForm; idLabel: string; idExample: string }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.signIn.title');
  const message = form.error ? tr.t(`resident.signIn.error.${form.error}`, { idLabel }) : '';
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(form.error))}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('resident.signIn.lead')}</p>
        <ErrorSummary tr={tr} problems={message ? [{ field: 'idNumber', message }] : []} />
        <PasskeyForm shell={shell} action="/sign-in/passkey" optionsUrl="/sign-in/passkey/options" returnTo={form.returnTo} mode="sign-in" label={tr.t('resident.passkey.signInButton')} />
        <h2 class="passkey-form-or" hidden>{tr.h('resident.signIn.withPassword')}</h2>
        <form method="post" action="/sign-in" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={form.returnTo} />
          <InputField id="idNumber" label={idLabel} hint={tr.t('resident.idNumber.hint', { example: idExample })} error={message || undefined}
            value={form.idNumber} autocomplete="username webauthn" inputmode="numeric" required />
          <InputField id="password" label={tr.t('resident.password')} type="password" autocomplete="current-password" required />
          <button type="submit" class="button">{tr.h('resident.signIn.submit')}</button>
        </form>
        <h2>{tr.h('resident.signIn.noAccount')}</h2>
        <p>{tr.h('resident.signIn.noAccountLead')}</p>
        <p><a class="button secondary" href={`/sign-up?return=${encodeURIComponent(form.returnTo)}`}>{tr.h('resident.signUp.title')}</a></p>
      </div>
      <PasskeyScripts />
    </Page>
  );
}
